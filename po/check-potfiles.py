#!/usr/bin/env python3
"""Checks that po/POTFILES.in lists every source with translatable strings.

A source file that marks strings with _(), N_() or translatable="yes" but is
missing from POTFILES.in would never reach translators.
"""
import pathlib
import re
import sys

MARKERS = re.compile(r'\b(?:N_|C_|NC_|_)\s*\(\s*"|translatable="yes"')


def main() -> int:
    root = pathlib.Path(sys.argv[1])
    listed = set()
    for line in (root / "po" / "POTFILES.in").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            listed.add(line)

    missing = []
    for pattern in ("src/**/*.c", "ui/*.ui"):
        for path in sorted(root.glob(pattern)):
            relative = path.relative_to(root).as_posix()
            if relative not in listed and MARKERS.search(path.read_text(errors="replace")):
                missing.append(relative)
    stale = sorted(name for name in listed if not (root / name).exists())

    for name in missing:
        print(f"po/POTFILES.in: missing {name}, which has translatable strings")
    for name in stale:
        print(f"po/POTFILES.in: lists {name}, which does not exist")
    return 1 if missing or stale else 0


if __name__ == "__main__":
    sys.exit(main())
