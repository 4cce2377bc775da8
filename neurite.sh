#!/usr/bin/env bash
# Sets up, builds and runs Neurite on Debian 12.
#
#   ./neurite.sh run    install what is missing, build, start the app
#   ./neurite.sh test   install what is missing, build, run every test suite,
#                       then run the core, io and cli suites again under
#                       AddressSanitizer and UndefinedBehaviorSanitizer
set -euo pipefail

cd "$(dirname "$0")"

BUILD_DIR=${BUILD_DIR:-build}
SANITIZE_DIR=${SANITIZE_DIR:-build-sanitize}

# Debian packages needed to build, run and test.
PACKAGES=(
  gcc libc6-dev pkg-config meson ninja-build gettext
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libcairo2-dev libpango1.0-dev
  libopenblas-dev libjson-glib-dev libcsv-dev libzip-dev libmatheval-dev
  desktop-file-utils appstream libxml2-utils
  fonts-dejavu-core
  xvfb xauth dbus dbus-x11 at-spi2-core python3 python3-pyatspi python3-numpy imagemagick
  python3-torch
  librsvg2-bin poppler-utils
  xclip
)

install_missing_packages () {
  local missing=() package status

  for package in "${PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
    [[ $status == "install ok installed" ]] || missing+=("$package")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0

  echo "Installing missing Debian packages: ${missing[*]}"
  local sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  "${sudo[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
}

build () {
  if [[ ! -f $BUILD_DIR/build.ninja ]]; then
    meson setup "$BUILD_DIR"
  fi
  meson compile -C "$BUILD_DIR"
}

# Prints one closing line "N passed, N failed" over the test logs of the
# given build directories; a missing log counts as a failure.
summarize () {
  python3 - "$@" <<'PY'
import json, os, sys
passed = failed = skipped = 0
for build_dir in sys.argv[1:]:
    path = os.path.join(build_dir, "meson-logs", "testlog.json")
    if not os.path.exists(path):
        failed += 1
        continue
    with open(path) as log:
        for line in log:
            result = json.loads(line)["result"]
            if result in ("OK", "EXPECTEDFAIL"):
                passed += 1
            elif result == "SKIP":
                skipped += 1
            else:
                failed += 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
}

run_tests () {
  local status=0

  meson test -C "$BUILD_DIR" --print-errorlogs || status=$?

  if [[ ! -f $SANITIZE_DIR/build.ninja ]]; then
    meson setup "$SANITIZE_DIR" -Dapp=false -Db_sanitize=address,undefined -Db_lundef=false \
      -Dbuildtype=debug
  fi
  meson compile -C "$SANITIZE_DIR"
  # allocator_may_return_null lets the tests of models too large for memory
  # see calloc return NULL, as it does without the sanitizer.
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:allocator_may_return_null=1} \
  UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1} \
    meson test -C "$SANITIZE_DIR" --print-errorlogs --suite core --suite io --suite cli || status=$?

  summarize "$BUILD_DIR" "$SANITIZE_DIR"
  return $status
}

case "${1:-}" in
  run)
    install_missing_packages
    build
    exec "$BUILD_DIR/src/app/neurite"
    ;;
  test)
    install_missing_packages
    build
    run_tests
    ;;
  *)
    echo "usage: $0 run|test" >&2
    exit 2
    ;;
esac
