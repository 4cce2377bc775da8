#!/usr/bin/env python3
"""End-to-end tests of `neurite-cli predict`, printed as TAP. Predicting the
bundled iris CSV with a saved project gives, for the rows of the test part,
the probabilities that train --predictions wrote for them, and a file of some
of its rows, of one class, or without the label column gives the rows of the
whole file's predictions. A bad project, a bad CSV file, features that do
not match the model and an unknown class fail with exit status 1, an
invalid command line with 2.
"""
import csv
import io
import json
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
    data = ctx.write("five.csv", "a,b,c,d,e,species\n1,2,3,4,5,setosa\n1,2,3,4,6,virginica\n")

    result = ctx.run_cli(["predict", "--project", project, "--data", data])
    check_exit(result, 1)
    check("5 feature columns" in result.stderr, f"message: {result.stderr}")
    check("expects 4 inputs" in result.stderr, f"message: {result.stderr}")


def predict_rows(ctx, project, name, text):
    """Writes text as NAME, predicts it and returns the header and rows."""
    result = ctx.run_cli(["predict", "--project", project, "--data", ctx.write(name, text)])
    check_exit(result, 0)
    return read_csv_text(result.stdout)


def check_same_predictions(name, header, rows, full_header, full_rows, indices):
    """Checks that rows, predicted from a file of the rows indices of the
    full file, equal those rows of the full file's predictions, column by
    column of header (a file without labels has fewer columns)."""
    check(len(rows) == len(indices), f"{name}: {len(rows)} rows, expected {len(indices)}")
    for column in header:
        check(column in full_header, f"{name}: column {column} not in {full_header}")
    positions = [full_header.index(column) for column in header]
    for row, index in zip(rows, indices):
        expected = [full_rows[index][p] for p in positions]
        check(row == expected, f"{name}: row {row}, expected {expected} (row {index})")


@test("/cli/predict/subsets-match-full-file")
def test_subsets_match_full_file(ctx):
    # The predictions of some rows of iris.csv equal those of the same rows
    # in the predictions of the whole file, whatever classes the rows have.
    project, _ = train_iris(ctx)
    with open(os.path.join(ctx.datasets, "iris.csv"), encoding="utf-8") as f:
        lines = f.read().splitlines()
    header_line, data_lines = lines[0], lines[1:]
    full_header, full_rows = predict_rows(ctx, project, "full.csv",
                                          "\n".join(lines) + "\n")
    check(len(full_rows) == 150, f"{len(full_rows)} rows, expected 150")

    setosa = [i for i, line in enumerate(data_lines) if line.endswith(",setosa")][:5]
    two_classes = [0, 60, 120, 1]
    cases = [("one-class.csv", setosa), ("two-classes.csv", two_classes),
             ("one-row.csv", [77])]
    for name, indices in cases:
        text = header_line + "\n" + "".join(data_lines[i] + "\n" for i in indices)
        header, rows = predict_rows(ctx, project, name, text)
        check(header == full_header, f"{name}: header {header}, expected {full_header}")
        check_same_predictions(name, header, rows, full_header, full_rows, indices)


@test("/cli/predict/features-only")
def test_features_only(ctx):
    # Without the label column, the output has no "species" column and the
    # other columns equal those of the full file's predictions.
    project, _ = train_iris(ctx)
    with open(os.path.join(ctx.datasets, "iris.csv"), encoding="utf-8") as f:
        lines = f.read().splitlines()
    full_header, full_rows = predict_rows(ctx, project, "full.csv",
                                          "\n".join(lines) + "\n")
    indices = [3, 70, 140]
    text = ",".join(FEATURES) + "\n" + "".join(
        lines[1 + i].rsplit(",", 1)[0] + "\n" for i in indices)

    header, rows = predict_rows(ctx, project, "features.csv", text)
    expected_header = [column for column in full_header if column != "species"]
    check(header == expected_header, f"header {header}, expected {expected_header}")
    check_same_predictions("features.csv", header, rows, full_header, full_rows, indices)


@test("/cli/predict/regression-row")
def test_regression_row(ctx):
    # One row of diabetes.csv, whose single label would make a new file's
    # task undecidable, is predicted as in the whole file.
    project = ctx.path("diabetes.neurite")
    diabetes = os.path.join(ctx.datasets, "diabetes.csv")
    check_exit(ctx.run(["--data", diabetes, "--normalize", "--epochs", "2",
                        "--save", project]), 0)
    with open(diabetes, encoding="utf-8") as f:
        lines = f.read().splitlines()
    full_header, full_rows = predict_rows(ctx, project, "full.csv",
                                          "\n".join(lines) + "\n")

    header, rows = predict_rows(ctx, project, "row.csv", lines[0] + "\n" + lines[1] + "\n")
    check(header == full_header, f"header {header}, expected {full_header}")
    check_same_predictions("row.csv", header, rows, full_header, full_rows, [0])

    text = ",".join(lines[0].split(",")[:-1]) + "\n" + lines[1].rsplit(",", 1)[0] + "\n"
    header, rows = predict_rows(ctx, project, "row-features.csv", text)
    check(header == full_header[:-2] + full_header[-1:], f"header {header}")
    check_same_predictions("row-features.csv", header, rows, full_header, full_rows, [0])


@test("/cli/predict/unknown-class")
def test_unknown_class(ctx):
    project, _ = train_iris(ctx)
    header = ",".join(FEATURES) + ",species\n"
    data = ctx.write("rose.csv", header + "5.1,3.5,1.4,0.2,setosa\n5.0,3.0,1.5,0.2,rose\n")

    result = ctx.run_cli(["predict", "--project", project, "--data", data])
    check_exit(result, 1)
    check("line 3" in result.stderr, f"message names no line: {result.stderr}")
    check("“rose”" in result.stderr, f"message names no value: {result.stderr}")


@test("/cli/predict/old-project-classes")
def test_old_project_classes(ctx):
    # A project file without the task and the class names takes the classes
    # from the file, so two of iris's three species are rejected: they would
    # get the wrong probability columns.
    project, _ = train_iris(ctx)
    with open(project, encoding="utf-8") as f:
        document = json.load(f)
    for member in ("task", "class_names", "label_names", "feature_names"):
        check(member in document["dataset"], f"the project has no dataset.{member}")
        del document["dataset"][member]
    old = ctx.write("old.neurite", json.dumps(document))
    header = ",".join(FEATURES) + ",species\n"
    data = ctx.write("two.csv", header + "5.1,3.5,1.4,0.2,setosa\n6.3,3.3,6.0,2.5,virginica\n")

    result = ctx.run_cli(["predict", "--project", old, "--data", data])
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
