#!/usr/bin/env python3
"""End-to-end tests of `neurite-cli export-code`, printed as TAP. The NumPy
script of a trained project, run with /usr/bin/python3 on the test rows of
the --predictions file, prints the outputs that neurite-cli computed for
them. An unknown framework, such as NumPy in capitals, fails with exit
status 2, a damaged project with 1.
"""
import csv
import os
import py_compile
import subprocess
import sys

import numpy

from cli_tap import Suite, check, check_exit, check_output_is_data_rejected

SUITE = Suite()
test = SUITE.test

# Debian's python3, which imports NumPy from python3-numpy.
PYTHON = "/usr/bin/python3"


def read_predictions(path):
    """Returns the header and the rows of a --predictions file."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def feature_names(header):
    """Returns the feature columns of a --predictions header: those before
    the first label column, whose name follows "predicted_"."""
    labels = [name[len("predicted_"):] for name in header if name.startswith("predicted_")]
    check(labels, f"no predicted_ column in {header}")
    return header[:header.index(labels[0])]


def export_and_run(ctx, name, train_args):
    """Trains with TRAIN_ARGS, exports the weights and the script of the
    project, and runs the script on the test rows' features. Returns the
    predictions header and rows, the script's outputs as an array and the
    script's header line."""
    project = ctx.path(f"{name}.neurite")
    predictions = ctx.path(f"{name}-p.csv")
    weights = ctx.path(f"{name}.npz")
    script = ctx.path(f"{name}.py")

    check_exit(ctx.run(train_args + ["--test-split", "0.2", "--predictions", predictions,
                                     "--save", project]), 0)
    check_exit(ctx.run_cli(["export-weights", "--project", project, "--output", weights]), 0)
    check_exit(ctx.run_cli(["export-code", "--project", project, "--framework", "numpy",
                            "--output", script]), 0)
    py_compile.compile(script, cfile=ctx.path(f"{name}.pyc"), doraise=True)

    header, rows = read_predictions(predictions)
    features = feature_names(header)
    features_path = ctx.path(f"{name}-features.csv")
    with open(features_path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(features)
        for row in rows:
            writer.writerow(row[:len(features)])

    result = subprocess.run([PYTHON, script, weights, features_path], capture_output=True,
                            text=True, timeout=120)
    check(result.returncode == 0, f"the script failed: {result.stderr}")
    lines = result.stdout.splitlines()
    outputs = numpy.array([[float(v) for v in line.split(",")] for line in lines[1:]])
    check(outputs.shape[0] == len(rows), f"{outputs.shape[0]} output rows, expected {len(rows)}")
    return header, rows, outputs, lines[0]


@test("/cli/export-code/iris-probabilities")
def test_iris_probabilities(ctx):
    header, rows, outputs, output_header = export_and_run(
        ctx, "iris", ["--dataset", "iris", "--normalize", "--epochs", "20", "--seed", "3"])
    columns = [i for i, name in enumerate(header) if name.startswith("probability_")]
    check(len(columns) == 3, f"probability columns in {header}")
    expected = numpy.array([[float(row[i]) for i in columns] for row in rows])
    check(output_header == "probability_0,probability_1,probability_2",
          f"script header {output_header}")
    check(outputs.shape == expected.shape, f"shape {outputs.shape}, expected {expected.shape}")

    # The script computes in float64, neurite-cli in float32 and writes 8
    # significant digits, so the probabilities differ by about 1e-7 (an
    # estimate; 5e-8 was the maximum on one run).
    difference = numpy.max(numpy.abs(outputs - expected))
    check(difference <= 1e-5, f"maximum difference {difference}")
    check(numpy.allclose(outputs.sum(axis=1), 1.0, atol=1e-6), "rows do not sum to 1")


@test("/cli/export-code/diabetes-regression")
def test_diabetes_regression(ctx):
    header, rows, outputs, output_header = export_and_run(
        ctx, "diabetes", ["--dataset", "diabetes", "--normalize", "--epochs", "5",
                          "--seed", "2"])
    predicted = [i for i, name in enumerate(header) if name.startswith("predicted_")]
    check(len(predicted) == 1, f"predicted columns in {header}")
    expected = numpy.array([[float(row[predicted[0]])] for row in rows])
    check(output_header == "output_0", f"script header {output_header}")
    check(outputs.shape == expected.shape, f"shape {outputs.shape}, expected {expected.shape}")

    relative = numpy.max(numpy.abs(outputs - expected) / numpy.maximum(numpy.abs(expected), 1.0))
    check(relative <= 1e-4, f"maximum relative difference {relative}")


@test("/cli/export-code/default-weights-name")
def test_default_weights_name(ctx):
    project = ctx.path("flowers.neurite")
    script = ctx.path("flowers.py")
    check_exit(ctx.run(["--dataset", "iris", "--epochs", "1", "--save", project]), 0)
    check_exit(ctx.run_cli(["export-code", "--project", project, "--output", script]), 0)
    with open(script, encoding="utf-8") as f:
        text = f.read()
    check('DEFAULT_WEIGHTS = "flowers.npz"' in text, "the default weights are not flowers.npz")
    check("normalization/mean" not in text, "normalization without --normalize")


@test("/cli/export-code/errors")
def test_errors(ctx):
    project = ctx.path("errors.neurite")
    output = ctx.path("errors.py")
    check_exit(ctx.run(["--dataset", "iris", "--epochs", "1", "--save", project]), 0)

    result = ctx.run_cli(["export-code", "--project", project, "--framework", "NumPy",
                          "--output", output])
    check_exit(result, 2)
    check("keras, pytorch or numpy" in result.stderr, f"NumPy: {result.stderr}")

    damaged = ctx.write("damaged.neurite", "{\"format\": \"neurite-project\"")
    result = ctx.run_cli(["export-code", "--project", damaged, "--output", output])
    check_exit(result, 1)
    check("damaged.neurite" in result.stderr, f"the message names no file: {result.stderr}")

    result = ctx.run_cli(["export-code", "--project", ctx.path("missing.neurite"),
                          "--output", output])
    check_exit(result, 1)
    check("missing.neurite" in result.stderr, f"the message names no file: {result.stderr}")

    for args in (["--project", project], ["--output", output],
                 ["--project", project, "--output", project]):
        check_exit(ctx.run_cli(["export-code"] + args), 2)
    check(not os.path.exists(output), "a script was written for a failed export")


@test("/cli/export-code/output-is-data")
def test_output_is_data(ctx):
    """An --output that is the project's CSV file is rejected."""
    check_output_is_data_rejected(ctx, "export-code")


if __name__ == "__main__":
    sys.exit(SUITE.main(__doc__))
