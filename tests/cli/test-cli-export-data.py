#!/usr/bin/env python3
"""End-to-end tests of `neurite-cli export-data`, printed as TAP. The CSV
has every row of the data once, in file order, with the part the saved run
trained it in. Without --test-split the validation part is the last rows,
as in Keras's fit. With it, the parts have the sizes of the run's --metrics
file, the test rows are those of its --predictions file, and each class
keeps its share in every part. A changed data file fails with exit status
1, a bad command line with 2.
"""
import collections
import csv
import json
import os
import shutil
import sys

import numpy

from cli_tap import Suite, check, check_exit

SUITE = Suite()
test = SUITE.test

PARTS = ("train", "validation", "test")


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    check(rows, f"{path} is empty")
    return rows[0], rows[1:]


def export(ctx, project, output):
    return ctx.run_cli(["export-data", "--project", project, "--output", output])


def check_rows_in_order(source, header, rows, n_features):
    """Checks that rows are the rows of the CSV file source, in its order,
    with equal features as float32 and the same label."""
    source_header, source_rows = read_csv(source)
    check(header[:-1] == source_header, f"header {header}, expected {source_header} + split")
    check(len(rows) == len(source_rows), f"{len(rows)} rows, expected {len(source_rows)}")
    for number, (row, original) in enumerate(zip(rows, source_rows), 2):
        written = numpy.array(row[:n_features], dtype=numpy.float32)
        expected = numpy.array(original[:n_features], dtype=numpy.float32)
        check(numpy.array_equal(written, expected), f"line {number}: {row} != {original}")
        check(row[n_features:-1] == original[n_features:],
              f"line {number}: labels {row[n_features:-1]} != {original[n_features:]}")
        check(row[-1] in PARTS, f"line {number}: split {row[-1]!r}")


def metrics_sizes(path):
    with open(path, encoding="utf-8") as f:
        splits = json.load(f)["splits"]
    return {part: splits[name]["samples"] if name in splits else 0
            for part, name in zip(PARTS, ("training", "validation", "test"))}


@test("/cli/export-data/last-rows-validate")
def test_last_rows(ctx):
    iris = os.path.join(ctx.datasets, "iris.csv")
    project = ctx.path("iris.neurite")
    metrics = ctx.path("iris-metrics.json")
    output = ctx.path("iris-parts.csv")
    check_exit(ctx.run(["--data", iris, "--epochs", "1", "--validation-split", "0.25",
                        "--metrics", metrics, "--save", project]), 0)
    check_exit(export(ctx, project, output), 0)

    header, rows = read_csv(output)
    check(header[-1] == "split", f"header {header}")
    check_rows_in_order(iris, header, rows, 4)
    splits = [row[-1] for row in rows]
    sizes = metrics_sizes(metrics)
    # Keras's fit: the first floor(150 * 0.75) = 112 rows train.
    check(sizes == {"train": 112, "validation": 38, "test": 0}, f"metrics sizes {sizes}")
    check(splits == ["train"] * 112 + ["validation"] * 38, f"splits {splits}")


@test("/cli/export-data/test-split-stratified")
def test_test_split(ctx):
    iris = os.path.join(ctx.datasets, "iris.csv")
    project = ctx.path("strat.neurite")
    metrics = ctx.path("strat-metrics.json")
    predictions = ctx.path("strat-predictions.csv")
    output = ctx.path("strat-parts.csv")
    check_exit(ctx.run(["--data", iris, "--epochs", "1", "--validation-split", "0.2",
                        "--test-split", "0.2", "--seed", "11", "--metrics", metrics,
                        "--predictions", predictions, "--save", project]), 0)
    check_exit(export(ctx, project, output), 0)

    header, rows = read_csv(output)
    check_rows_in_order(iris, header, rows, 4)
    counts = collections.Counter(row[-1] for row in rows)
    sizes = metrics_sizes(metrics)
    check(dict(counts) == sizes, f"parts {dict(counts)}, the run's {sizes}")

    # 50 rows per class and round(150 * 0.2) = 30 rows per held-out part:
    # stratified, each class gives 10 to each of them.
    per_class = collections.Counter((row[4], row[-1]) for row in rows)
    for species in ("setosa", "versicolor", "virginica"):
        check(per_class[(species, "test")] == 10, f"{species}: {per_class}")
        check(per_class[(species, "validation")] == 10, f"{species}: {per_class}")
        check(per_class[(species, "train")] == 30, f"{species}: {per_class}")

    # The test rows are those that train --predictions wrote for the test part.
    _, predicted = read_csv(predictions)
    predicted_rows = sorted(tuple(numpy.float32(value) for value in row[:4]) + (row[4],)
                            for row in predicted)
    test_rows = sorted(tuple(numpy.float32(value) for value in row[:4]) + (row[4],)
                       for row in rows if row[-1] == "test")
    check(predicted_rows == test_rows, "the test rows differ from the run's test part")


@test("/cli/export-data/regression-and-builtin")
def test_regression_and_builtin(ctx):
    diabetes = os.path.join(ctx.datasets, "diabetes.csv")
    project = ctx.path("diabetes.neurite")
    metrics = ctx.path("diabetes-metrics.json")
    output = ctx.path("diabetes-parts.csv")
    check_exit(ctx.run(["--data", diabetes, "--normalize", "--epochs", "1", "--test-split",
                        "0.3", "--metrics", metrics, "--save", project]), 0)
    check_exit(export(ctx, project, output), 0)
    header, rows = read_csv(output)
    check_rows_in_order(diabetes, header, rows, 10)
    counts = collections.Counter(row[-1] for row in rows)
    check(dict(counts) == {k: v for k, v in metrics_sizes(metrics).items() if v},
          f"parts {dict(counts)}")

    # A built-in dataset is generated again from the project's seed.
    project = ctx.path("circle.neurite")
    output = ctx.path("circle-parts.csv")
    check_exit(ctx.run(["--dataset", "circle", "--samples", "100", "--epochs", "1",
                        "--validation-split", "0.3", "--save", project]), 0)
    check_exit(export(ctx, project, output), 0)
    header, rows = read_csv(output)
    check(header[-1] == "split" and len(rows) == 100, f"{header}, {len(rows)} rows")
    check([row[-1] for row in rows] == ["train"] * 70 + ["validation"] * 30,
          "circle: the validation part is not the last 30 rows")


@test("/cli/export-data/bad-input")
def test_bad_input(ctx):
    data = ctx.path("iris-copy.csv")
    shutil.copyfile(os.path.join(ctx.datasets, "iris.csv"), data)
    project = ctx.path("copy.neurite")
    check_exit(ctx.run(["--data", data, "--epochs", "1", "--save", project]), 0)
    output = ctx.path("copy-parts.csv")

    result = export(ctx, project, data)
    check_exit(result, 2)
    check("data file of the project" in result.stderr, f"stderr {result.stderr!r}")
    # The output is checked before the data is read, so no import note
    # comes before the error.
    check(result.stderr.startswith("neurite-cli: --output"), f"stderr {result.stderr!r}")

    with open(data, "a", encoding="utf-8") as f:
        f.write("5.0,3.0,1.5,0.2,setosa\n")
    result = export(ctx, project, output)
    check_exit(result, 1)
    check(data in result.stderr and "restore" in result.stderr, f"stderr {result.stderr!r}")
    os.remove(data)
    result = export(ctx, project, output)
    check_exit(result, 1)
    check(data in result.stderr, f"stderr {result.stderr!r}")

    damaged = ctx.write("damaged.neurite", "[]")
    result = export(ctx, damaged, output)
    check_exit(result, 1)
    check("damaged.neurite" in result.stderr, f"stderr {result.stderr!r}")

    for args in (["--project", project], ["--output", output],
                 ["--project", project, "--output", project]):
        result = ctx.run_cli(["export-data"] + args)
        check_exit(result, 2)
        check(result.stderr.startswith("neurite-cli: "), f"{args}: {result.stderr!r}")
    check(not os.path.exists(output), "an output was written for bad input")


if __name__ == "__main__":
    sys.exit(SUITE.main(__doc__))
