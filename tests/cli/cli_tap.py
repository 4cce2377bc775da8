"""Shared pieces of the end-to-end tests of neurite-cli: running the
executable, checks with messages, and a TAP runner."""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import traceback


class Context:
    def __init__(self, cli, datasets, tmp):
        self.cli = cli
        self.datasets = datasets
        self.tmp = tmp
        self.env = dict(os.environ, LC_ALL="C.UTF-8", OPENBLAS_NUM_THREADS="1")

    def path(self, name):
        return os.path.join(self.tmp, name)

    def blobs4(self):
        return os.path.join(self.datasets, "blobs4.csv")

    def run(self, args, timeout=120):
        """Runs `neurite-cli train ARGS`."""
        return self.run_cli(["train"] + args, timeout)

    def run_cli(self, args, timeout=120):
        return subprocess.run([self.cli] + args, capture_output=True, text=True,
                              env=self.env, timeout=timeout)

    def write(self, name, text):
        path = self.path(name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path


class Skip(Exception):
    """Raised by a test that cannot run here; the runner reports it as skipped."""


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def check_exit(result, expected):
    check(result.returncode == expected,
          f"exit status {result.returncode}, expected {expected}\n"
          f"stdout: {result.stdout[-2000:]}\nstderr: {result.stderr[-2000:]}")


class Suite:
    """Test functions registered by name, run in order as TAP."""

    def __init__(self):
        self.tests = []

    def test(self, name):
        def register(function):
            self.tests.append((name, function))
            return function
        return register

    def main(self, description):
        parser = argparse.ArgumentParser(description=description)
        parser.add_argument("--cli", required=True, help="the neurite-cli executable")
        parser.add_argument("--datasets", required=True,
                            help="the folder of bundled CSV datasets")
        options = parser.parse_args()

        print(f"1..{len(self.tests)}", flush=True)
        failed = 0
        with tempfile.TemporaryDirectory(prefix="nrt-cli-test-") as tmp:
            ctx = Context(options.cli, options.datasets, tmp)
            for number, (name, function) in enumerate(self.tests, 1):
                try:
                    function(ctx)
                    print(f"ok {number} {name}", flush=True)
                except Skip as reason:
                    print(f"ok {number} {name} # SKIP {reason}", flush=True)
                except Exception:  # noqa: BLE001 -- every failure is reported as TAP
                    failed += 1
                    print(f"not ok {number} {name}")
                    for line in traceback.format_exc().splitlines():
                        print(f"# {line}")
                    sys.stdout.flush()
        return 1 if failed else 0

def check_output_is_data_rejected(ctx, command):
    """Checks that COMMAND rejects the project's CSV file as --output with
    exit status 2 and a message naming both, and leaves the file unchanged."""
    data = ctx.path(command + "-data.csv")
    shutil.copyfile(os.path.join(ctx.datasets, "iris.csv"), data)
    with open(data, "rb") as f:
        original = f.read()
    project = ctx.path(command + "-data.neurite")
    check_exit(ctx.run(["--data", data, "--epochs", "1", "--save", project]), 0)

    result = ctx.run_cli([command, "--project", project, "--output", data])
    check_exit(result, 2)
    check("--output" in result.stderr and data in result.stderr,
          f"the message names neither the option nor the file: {result.stderr!r}")
    check("data file of the project" in result.stderr, f"stderr {result.stderr!r}")
    with open(data, "rb") as f:
        check(f.read() == original, "the data file was changed")
