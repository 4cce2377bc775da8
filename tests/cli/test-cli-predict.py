#!/usr/bin/env python3
"""End-to-end tests of `neurite-cli predict`, printed as TAP. Predicting the
bundled iris CSV with a saved project gives, for the rows of the test part,
the probabilities that train --predictions wrote for them. A bad project, a
bad CSV file, and features or classes that do not match the model fail with
exit status 1, an invalid command line with 2.
"""
import csv
import io
import os
import sys

from cli_tap import Suite, check, check_exit

SUITE = Suite()
test = SUITE.test

FEATURES = ["sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm"]


def read_csv_text(text):
    """Returns the header and the rows of CSV text."""
    rows = list(csv.reader(io.StringIO(text)))
    return rows[0], rows[1:]


def probabilities_by_features(header, rows):
    """Maps the feature values of each row to its probability columns."""
    columns = [i for i, name in enumerate(header) if name.startswith("probability_")]
    check(len(columns) == 3, f"probability columns in {header}")
    return {tuple(float(v) for v in row[:4]): [float(row[i]) for i in columns]
            for row in rows}


def train_iris(ctx):
    """Trains iris with a test part and saves it. Returns the project path
    and the --predictions file's text."""
    project = ctx.path("m.neurite")
    predictions = ctx.path("p.csv")
    check_exit(ctx.run(["--dataset", "iris", "--normalize", "--epochs", "20", "--seed", "3",
                        "--test-split", "0.2", "--predictions", predictions,
                        "--save", project]), 0)
    with open(predictions, encoding="utf-8") as f:
        return project, f.read()


@test("/cli/predict/iris-matches-predictions")
def test_iris_matches_predictions(ctx):
    project, expected_text = train_iris(ctx)
    iris = os.path.join(ctx.datasets, "iris.csv")

    result = ctx.run_cli(["predict", "--project", project, "--data", iris])
    check_exit(result, 0)
    header, rows = read_csv_text(result.stdout)
    check(header[:4] == FEATURES, f"feature columns {header[:4]}")
    check(len(rows) == 150, f"{len(rows)} rows, expected the 150 of iris.csv")

    expected_header, expected_rows = read_csv_text(expected_text)
    check(header == expected_header, f"header {header}, expected {expected_header}")
    predicted = probabilities_by_features(header, rows)
    expected = probabilities_by_features(expected_header, expected_rows)
    check(len(expected) == 30, f"{len(expected)} test rows, expected 30 (0.2 of 150)")
    for features, probabilities in expected.items():
        check(features in predicted, f"test row {features} not in the predict output")
        for got, want in zip(predicted[features], probabilities):
            check(abs(got - want) <= 1e-6, f"row {features}: probability {got}, expected {want}")

    # With --output the same CSV goes to the file.
    output = ctx.path("out.csv")
    check_exit(ctx.run_cli(["predict", "--project", project, "--data", iris,
                            "--output", output]), 0)
    with open(output, encoding="utf-8") as f:
        check(f.read() == result.stdout, "--output differs from standard output")


@test("/cli/predict/feature-mismatch")
def test_feature_mismatch(ctx):
    project, _ = train_iris(ctx)
    data = ctx.write("five.csv", "a,b,c,d,e,species\n1,2,3,4,5,x\n1,2,3,4,6,y\n")

    result = ctx.run_cli(["predict", "--project", project, "--data", data])
    check_exit(result, 1)
    check("5 feature columns" in result.stderr, f"message: {result.stderr}")
    check("expects 4 inputs" in result.stderr, f"message: {result.stderr}")


@test("/cli/predict/missing-classes")
def test_missing_classes(ctx):
    # Two of iris's three species: the file's classes would get the wrong
    # probability columns, so predict refuses it.
    project, _ = train_iris(ctx)
    header = ",".join(FEATURES) + ",species\n"
    data = ctx.write("two.csv", header + "5.1,3.5,1.4,0.2,setosa\n6.3,3.3,6.0,2.5,virginica\n")

    result = ctx.run_cli(["predict", "--project", project, "--data", data])
    check_exit(result, 1)
    check("has 2 classes" in result.stderr, f"message: {result.stderr}")
    check("predicts 3" in result.stderr, f"message: {result.stderr}")


@test("/cli/predict/bad-project")
def test_bad_project(ctx):
    project = ctx.write("bad.neurite", "{ not json")
    iris = os.path.join(ctx.datasets, "iris.csv")

    result = ctx.run_cli(["predict", "--project", project, "--data", iris])
    check_exit(result, 1)
    check("bad.neurite" in result.stderr, f"message: {result.stderr}")


@test("/cli/predict/bad-csv")
def test_bad_csv(ctx):
    project, _ = train_iris(ctx)
    data = ctx.write("ragged.csv", "a,b,c,d,species\n1,2,3,4,x\n1,2,3\n")

    result = ctx.run_cli(["predict", "--project", project, "--data", data])
    check_exit(result, 1)
    check("ragged.csv" in result.stderr, f"message: {result.stderr}")


@test("/cli/predict/usage-errors")
def test_usage_errors(ctx):
    check_exit(ctx.run_cli(["predict", "--data", "x.csv"]), 2)
    check_exit(ctx.run_cli(["predict", "--project", "m.neurite"]), 2)
    check_exit(ctx.run_cli(["predict", "--project", "m.neurite", "--data", "x.csv", "extra"]),
               2)
    check_exit(ctx.run_cli(["predict", "--unknown"]), 2)


if __name__ == "__main__":
    sys.exit(SUITE.main(__doc__))
