#!/usr/bin/env python3
"""End-to-end tests of the output files of `neurite-cli train`, printed as TAP:
symbolic links, FIFOs, the mode of a replaced file, an output that names the
data or another output, and option values that are not UTF-8.

Every special file is created in the temporary folder; no test writes to a
system device such as /dev/stdout.
"""
import json
import os
import shutil
import stat
import subprocess
import sys

from cli_tap import Suite, check, check_exit

SUITE = Suite()
test = SUITE.test

# One quick epoch on a built-in dataset; its history CSV starts with this
# header, in the layout of Keras's CSVLogger.
QUICK = ["--dataset", "iris", "--epochs", "1"]
HISTORY_HEADER = "epoch,accuracy,loss\n"


def fresh_folder(ctx, name):
    folder = ctx.path(name)
    os.mkdir(folder)
    return folder


def read_text(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


@test("/cli/outputs/symlink-kept")
def test_symlink_kept(ctx):
    folder = fresh_folder(ctx, "symlink")
    target = os.path.join(folder, "real.csv")
    link = os.path.join(folder, "link.csv")
    with open(target, "w", encoding="utf-8") as f:
        f.write("old\n")
    os.chmod(target, 0o600)
    os.symlink("real.csv", link)

    result = ctx.run(QUICK + ["--history", link])
    check_exit(result, 0)
    check(os.path.islink(link), "the symbolic link was replaced by a file")
    check(os.readlink(link) == "real.csv", f"link text {os.readlink(link)!r}")
    check(read_text(target).startswith(HISTORY_HEADER), f"target {read_text(target)!r}")
    mode = stat.S_IMODE(os.stat(target).st_mode)
    check(mode == 0o600, f"target mode {mode:o}, expected 600")
    check(sorted(os.listdir(folder)) == ["link.csv", "real.csv"],
          f"files left {sorted(os.listdir(folder))}")


@test("/cli/outputs/dangling-symlink")
def test_dangling_symlink(ctx):
    # The link names a file still to create, in another folder.
    folder = fresh_folder(ctx, "dangling")
    os.mkdir(os.path.join(folder, "sub"))
    link = os.path.join(folder, "history.csv")
    os.symlink(os.path.join("sub", "new.csv"), link)

    result = ctx.run(QUICK + ["--history", link])
    check_exit(result, 0)
    check(os.path.islink(link), "the symbolic link was replaced by a file")
    created = os.path.join(folder, "sub", "new.csv")
    check(os.path.isfile(created), f"no file at the link's target {created}")
    check(read_text(created).startswith(HISTORY_HEADER), read_text(created))


@test("/cli/outputs/mode-kept")
def test_mode_kept(ctx):
    # 0604 is no mode that a umask makes of 0666, so a new file would differ.
    folder = fresh_folder(ctx, "mode")
    outputs = {option: os.path.join(folder, option.strip("-") + ".out")
               for option in ("--history", "--metrics", "--predictions")}
    for path in outputs.values():
        with open(path, "w", encoding="utf-8") as f:
            f.write("old\n")
        os.chmod(path, 0o604)

    args = QUICK + ["--test-split", "0.2"]
    for option, path in outputs.items():
        args += [option, path]
    result = ctx.run(args)
    check_exit(result, 0)
    for option, path in outputs.items():
        mode = stat.S_IMODE(os.stat(path).st_mode)
        check(mode == 0o604, f"{option}: mode {mode:o}, expected 604")
        check(read_text(path) != "old\n", f"{option}: the file was not written")


@test("/cli/outputs/fifo-written-in-place")
def test_fifo(ctx):
    folder = fresh_folder(ctx, "fifo")
    fifo = os.path.join(folder, "history.fifo")
    os.mkfifo(fifo)
    # A reader opened without blocking lets the writer's open return at once;
    # one epoch of history fits in the pipe's buffer.
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        result = ctx.run(QUICK + ["--history", fifo])
        chunks = []
        while True:
            try:
                chunk = os.read(reader, 65536)
            except BlockingIOError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(reader)

    check_exit(result, 0)
    check(stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced by a file")
    text = b"".join(chunks).decode("utf-8")
    check(text.startswith(HISTORY_HEADER), f"read from the FIFO: {text!r}")
    check(os.listdir(folder) == ["history.fifo"], f"files left {os.listdir(folder)}")


@test("/cli/outputs/redirected-stdout")
def test_redirected_stdout(ctx):
    # The file that the standard output goes to gets the metrics after the
    # progress lines, instead of being replaced by the metrics alone.
    path = ctx.path("stdout.txt")
    with open(path, "w", encoding="utf-8") as stdout:
        result = subprocess.run([ctx.cli, "train"] + QUICK + ["--test-split", "0.2",
                                                             "--metrics", path],
                                stdout=stdout, stderr=subprocess.PIPE, text=True,
                                env=ctx.env, timeout=120)
    check(result.returncode == 0, f"exit status {result.returncode}; {result.stderr}")
    text = read_text(path)
    check(text.startswith("Epoch 1/1\n"), f"progress lines lost: {text[:200]!r}")
    start = text.index("{")
    json.loads(text[start:])
    check("\ntest: loss: " in text[:start], f"no test line before the metrics: {text!r}")


@test("/cli/outputs/same-as-data")
def test_same_as_data(ctx):
    folder = fresh_folder(ctx, "same-data")
    data = os.path.join(folder, "blobs4.csv")
    shutil.copyfile(ctx.blobs4(), data)
    original = read_text(data)
    os.symlink("blobs4.csv", os.path.join(folder, "link.csv"))
    os.link(data, os.path.join(folder, "hard.csv"))
    same_names = [data, os.path.join(folder, ".", "blobs4.csv"),
                  os.path.join(folder, "link.csv"), os.path.join(folder, "hard.csv")]

    for option in ("--history", "--metrics", "--predictions"):
        for path in same_names:
            result = ctx.run(["--data", data, "--epochs", "1", "--test-split", "0.2",
                              option, path])
            check_exit(result, 2)
            check(result.stdout == "", f"{option} {path}: the training ran")
            check("--data" in result.stderr and option in result.stderr,
                  f"{option} {path}: stderr {result.stderr!r}")
            check(read_text(data) == original, f"{option} {path}: the data changed")


@test("/cli/outputs/two-outputs-same-file")
def test_two_outputs_same(ctx):
    folder = fresh_folder(ctx, "same-outputs")
    new = os.path.join(folder, "out.txt")
    existing = os.path.join(folder, "existing.txt")
    with open(existing, "w", encoding="utf-8") as f:
        f.write("old\n")
    os.link(existing, os.path.join(folder, "hard.txt"))
    cases = [
        # A file still to create is compared by its canonical path.
        ("--history", new, "--metrics", os.path.join(folder, ".", "out.txt")),
        ("--metrics", new, "--predictions", new),
        # An existing file is compared by device and inode.
        ("--history", existing, "--predictions", os.path.join(folder, "hard.txt")),
    ]
    for first, first_path, second, second_path in cases:
        result = ctx.run(QUICK + ["--test-split", "0.2", first, first_path,
                                  second, second_path])
        check_exit(result, 2)
        check(result.stdout == "", f"{first} {second}: the training ran")
        check(first in result.stderr and second in result.stderr,
              f"{first} {second}: stderr {result.stderr!r}")
    check(not os.path.exists(new), "an output was written")
    check(read_text(existing) == "old\n", "an existing output was written")

    # Distinct files are accepted.
    result = ctx.run(QUICK + ["--test-split", "0.2", "--history", new,
                              "--metrics", os.path.join(folder, "m.json")])
    check_exit(result, 0)


@test("/cli/options/value-not-utf8")
def test_value_not_utf8(ctx):
    # The byte 0xe9 alone is not UTF-8; Python passes the surrogate escape
    # U+DCE9 to the program as that byte.
    for args in (["--features", "b\udce9"], ["--features=b\udce9"], ["--loss", "\udce9"]):
        result = subprocess.run([ctx.cli, "train"] + QUICK + args, capture_output=True,
                                env=ctx.env, timeout=120)
        stderr = result.stderr.decode("utf-8", errors="replace")
        check(result.returncode == 2, f"{args}: exit status {result.returncode}, {stderr!r}")
        option = args[0].split("=")[0]
        check(f"for {option}:" in stderr, f"{args}: the option is not named: {stderr!r}")
        check("\\xe9" in stderr, f"{args}: the value is not quoted: {stderr!r}")
        check("UTF-8" in stderr, f"{args}: no character set: {stderr!r}")


if __name__ == "__main__":
    sys.exit(SUITE.main(__doc__))
