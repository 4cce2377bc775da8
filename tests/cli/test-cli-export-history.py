#!/usr/bin/env python3
"""End-to-end tests of `neurite-cli export-history`, printed as TAP. The CSV
written from a saved project equals, byte for byte, the file that `train
--history` wrote for the same run, for classification and regression, with
and without validation, and after a resumed run. A damaged project fails
with exit status 1, a missing option with 2.
"""
import os
import sys

from cli_tap import Suite, check, check_exit, check_output_is_data_rejected

SUITE = Suite()
test = SUITE.test


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def export(ctx, project, output):
    return ctx.run_cli(["export-history", "--project", project, "--output", output])


@test("/cli/export-history/equals-train-history")
def test_equals_train_history(ctx):
    diabetes = os.path.join(ctx.datasets, "diabetes.csv")
    runs = {
        "iris-validation": ["--dataset", "iris", "--epochs", "4", "--validation-split", "0.2"],
        "iris-plain": ["--dataset", "iris", "--epochs", "3"],
        "circle-test": ["--dataset", "circle", "--samples", "200", "--epochs", "3",
                        "--test-split", "0.2", "--validation-split", "0.2"],
        "diabetes": ["--data", diabetes, "--normalize", "--epochs", "3",
                     "--validation-split", "0.1"],
    }
    for name, args in runs.items():
        project = ctx.path(f"{name}.neurite")
        history = ctx.path(f"{name}-train.csv")
        exported = ctx.path(f"{name}-export.csv")
        check_exit(ctx.run(args + ["--save", project, "--history", history]), 0)
        check_exit(export(ctx, project, exported), 0)
        expected = read_bytes(history)
        actual = read_bytes(exported)
        check(actual == expected, f"{name}: export-history wrote\n{actual!r}\n"
                                  f"train --history wrote\n{expected!r}")

    # The header of a regression history has no accuracy.
    header = read_bytes(ctx.path("diabetes-export.csv")).split(b"\n")[0]
    check(header == b"epoch,loss,val_loss", f"diabetes header {header!r}")
    header = read_bytes(ctx.path("iris-validation-export.csv")).split(b"\n")[0]
    check(header == b"epoch,accuracy,loss,val_accuracy,val_loss", f"iris header {header!r}")


@test("/cli/export-history/resumed-run")
def test_resumed_run(ctx):
    first = ctx.path("first.neurite")
    second = ctx.path("second.neurite")
    history = ctx.path("resumed-train.csv")
    exported = ctx.path("resumed-export.csv")
    check_exit(ctx.run(["--dataset", "iris", "--epochs", "2", "--validation-split", "0.2",
                        "--save", first]), 0)
    check_exit(ctx.run(["--project", first, "--epochs", "3", "--save", second,
                        "--history", history]), 0)
    check_exit(export(ctx, second, exported), 0)
    check(read_bytes(exported) == read_bytes(history),
          f"{read_bytes(exported)!r} != {read_bytes(history)!r}")
    lines = read_bytes(exported).decode().splitlines()
    check([line.split(",")[0] for line in lines[1:]] == ["0", "1", "2", "3", "4"],
          f"epochs {lines}")


@test("/cli/export-history/bad-input")
def test_bad_input(ctx):
    project = ctx.path("bad.neurite")
    check_exit(ctx.run(["--dataset", "iris", "--epochs", "1", "--save", project]), 0)
    damaged = ctx.write("damaged.neurite", "{\"format\": \"neurite-project\"")
    output = ctx.path("bad.csv")

    result = export(ctx, damaged, output)
    check_exit(result, 1)
    check("damaged.neurite" in result.stderr, f"stderr {result.stderr!r}")
    result = export(ctx, ctx.path("missing.neurite"), output)
    check_exit(result, 1)
    check("missing.neurite" in result.stderr, f"stderr {result.stderr!r}")
    result = export(ctx, project, ctx.path("no-such-folder/history.csv"))
    check_exit(result, 1)
    check("no-such-folder" in result.stderr, f"stderr {result.stderr!r}")

    cases = [
        ["--project", project],
        ["--output", output],
        ["--project", project, "--output", project],
        ["--project", project, "--output", ""],
        ["--project", project, "--output", output, "extra"],
    ]
    for args in cases:
        result = ctx.run_cli(["export-history"] + args)
        check_exit(result, 2)
        check(result.stderr.startswith("neurite-cli: "), f"{args}: {result.stderr!r}")
    check(not os.path.exists(output), "an output was written for bad input")


@test("/cli/export-history/output-is-data")
def test_output_is_data(ctx):
    """An --output that is the project's CSV file is rejected."""
    check_output_is_data_rejected(ctx, "export-history")


if __name__ == "__main__":
    sys.exit(SUITE.main(__doc__))
