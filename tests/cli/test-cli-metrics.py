#!/usr/bin/env python3
"""End-to-end tests of the evaluation of `neurite-cli train`, printed as TAP:
--test-split, the test line, --metrics and --predictions, the multi-label
and multi-output tasks, and the checks of the loss against the data.

The metrics that train writes are checked against NumPy computations from
the predictions it writes, with scikit-learn's definitions: accuracy,
confusion matrix (rows are true classes), precision, recall and F1 (0 when
the denominator is 0), MAE, RMSE and R² = 1 - SS_res / SS_tot.
"""
import json
import math
import sys

import numpy as np

from cli_results import keras_format, read_predictions, test_line, train_with_outputs
from cli_tap import Suite, check, check_exit

SUITE = Suite()
test = SUITE.test


def check_close(actual, expected, quantity, tolerance=1e-6):
    check(actual is not None and math.isclose(actual, expected, rel_tol=tolerance,
                                              abs_tol=tolerance),
          f"{quantity}: {actual}, expected {expected} (tolerance {tolerance})")


def class_metrics(true, predicted, n_classes):
    """Returns the confusion matrix and per-class precision, recall and F1."""
    confusion = np.zeros((n_classes, n_classes), dtype=int)
    np.add.at(confusion, (true, predicted), 1)
    tp = np.diag(confusion).astype(float)
    predicted_count = confusion.sum(axis=0)
    support = confusion.sum(axis=1)
    precision = np.divide(tp, predicted_count, out=np.zeros(n_classes), where=predicted_count > 0)
    recall = np.divide(tp, support, out=np.zeros(n_classes), where=support > 0)
    denominator = precision + recall
    f1 = np.divide(2 * precision * recall, denominator, out=np.zeros(n_classes),
                   where=denominator > 0)
    return confusion, precision, recall, f1, support


IRIS = ["--normalize", "--layers", "10:relu,3:softmax", "--loss",
        "sparse_categorical_crossentropy", "--learning-rate", "0.01", "--epochs", "20",
        "--test-split", "0.2", "--validation-split", "0.2", "--seed", "5"]


@test("/cli/metrics/iris-against-predictions")
def test_iris_metrics(ctx):
    result, metrics, header, rows = train_with_outputs(
        ctx, "iris", ["--data", f"{ctx.datasets}/iris.csv"] + IRIS)
    check(metrics["task"] == "classification", f"task {metrics['task']}")
    check(metrics["loss_function"] == "sparse_categorical_crossentropy", f"{metrics}")
    classes = metrics["classes"]
    check(classes == ["setosa", "versicolor", "virginica"], f"classes {classes}")
    check(metrics["targets"] == ["species"], f"targets {metrics['targets']}")
    check(metrics["epochs"] == 20 and metrics["seed"] == 5, f"epochs, seed: {metrics}")
    check(sorted(metrics["splits"]) == ["test", "training", "validation"],
          f"splits {sorted(metrics['splits'])}")

    # 150 samples, 50 per class: stratified parts of 30 test and 30
    # validation samples, 10 of each class, leave 90 for training.
    splits = metrics["splits"]
    check([splits[name]["samples"] for name in ("training", "validation", "test")]
          == [90, 30, 30], f"part sizes {[splits[n]['samples'] for n in splits]}")

    expected_header = ["sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm",
                       "species", "predicted_species", "probability_setosa",
                       "probability_versicolor", "probability_virginica"]
    check(header == expected_header, f"predictions header {header}")
    check(len(rows) == 30, f"{len(rows)} prediction rows, expected 30")
    true = np.array([classes.index(row[4]) for row in rows])
    predicted = np.array([classes.index(row[5]) for row in rows])
    probabilities = np.array([[float(v) for v in row[6:9]] for row in rows])
    check(np.bincount(true, minlength=3).tolist() == [10, 10, 10],
          f"test classes {np.bincount(true).tolist()} are not stratified")

    # The probabilities are a softmax: they sum to 1 and their argmax is the
    # predicted class.
    sums = probabilities.sum(axis=1)
    check(np.abs(sums - 1).max() < 1e-5, f"probability sums {sums}")
    check((probabilities.argmax(axis=1) == predicted).all(), "argmax differs from the prediction")

    test_metrics = splits["test"]
    confusion, precision, recall, f1, support = class_metrics(true, predicted, 3)
    check_close(test_metrics["accuracy"], float((true == predicted).mean()), "accuracy")
    check(test_metrics["confusion_matrix"] == confusion.tolist(),
          f"confusion matrix {test_metrics['confusion_matrix']}, expected {confusion.tolist()}")
    check(test_metrics["support"] == support.tolist(), f"support {test_metrics['support']}")
    for name, expected in (("precision", precision), ("recall", recall), ("f1", f1)):
        for k in range(3):
            check_close(test_metrics[name][k], expected[k], f"{name} of {classes[k]}")
    check_close(test_metrics["macro_f1"], float(f1.mean()), "macro_f1")

    # The test line shows the same loss and accuracy to 4 decimals.
    match = test_line(result.stdout)
    check(match["loss"] == keras_format(test_metrics["loss"]),
          f"test line loss {match['loss']}, metrics {test_metrics['loss']}")
    check(match["accuracy"] == keras_format(test_metrics["accuracy"]),
          f"test line accuracy {match['accuracy']}, metrics {test_metrics['accuracy']}")


@test("/cli/metrics/predictions-hold-loaded-values")
def test_predictions_values(ctx):
    # Each test row's features are a row of the file, written as loaded.
    with open(f"{ctx.datasets}/iris.csv", encoding="utf-8") as f:
        lines = f.read().splitlines()[1:]
    file_rows = {tuple(line.split(",")) for line in lines}
    _, _, _, rows = train_with_outputs(ctx, "iris-values",
                                       ["--data", f"{ctx.datasets}/iris.csv"] + IRIS)
    for row in rows:
        loaded = tuple(row[:5])
        # The features compare as numbers, since the file may write "3.0"
        # as "3", and the class as text.
        match = any(all(float(a) == float(b) for a, b in zip(loaded[:4], candidate[:4]))
                    and loaded[4] == candidate[4] for candidate in file_rows)
        check(match, f"test row {loaded} is not a row of iris.csv")


@test("/cli/metrics/regression-against-predictions")
def test_regression_metrics(ctx):
    result, metrics, header, rows = train_with_outputs(ctx, "diabetes", [
        "--data", f"{ctx.datasets}/diabetes.csv", "--normalize", "--layers", "16:relu,1",
        "--loss", "huber", "--learning-rate", "0.05", "--epochs", "5", "--test-split", "0.25",
        "--seed", "2"])
    check(metrics["task"] == "regression", f"task {metrics['task']}")
    check(metrics["loss_function"] == "huber", f"loss_function {metrics['loss_function']}")
    check("classes" not in metrics, f"classes in regression metrics: {metrics}")
    check(header[-2:] == ["progression", "predicted_progression"], f"header {header}")
    # round(442 * 0.25) = 111 test samples, not stratified: C's round
    # takes 110.5 away from 0.
    check(len(rows) == 111, f"{len(rows)} prediction rows, expected 111")
    true = np.array([float(row[-2]) for row in rows])
    predicted = np.array([float(row[-1]) for row in rows])

    test_metrics = metrics["splits"]["test"]
    residual = true - predicted
    r2 = 1 - (residual ** 2).sum() / ((true - true.mean()) ** 2).sum()
    check_close(test_metrics["mae"], float(np.abs(residual).mean()), "mae")
    check_close(test_metrics["rmse"], float(np.sqrt((residual ** 2).mean())), "rmse")
    check_close(test_metrics["r2"], float(r2), "r2")
    # Keras's huber with delta 1, from the predictions.
    huber = np.where(np.abs(residual) <= 1, 0.5 * residual ** 2, np.abs(residual) - 0.5).mean()
    check_close(test_metrics["loss"], float(huber), "huber loss", tolerance=1e-4)

    match = test_line(result.stdout)
    for name in ("loss", "mae", "rmse", "r2"):
        check(match[name] == keras_format(test_metrics[name]),
              f"test line {name} {match[name]}, metrics {test_metrics[name]}")


def write_multilabel(ctx):
    """Writes 400 points of the plane with three 0/1 labels of the quadrants."""
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, size=(400, 2))
    labels = np.stack([x[:, 0] > 0, x[:, 1] > 0, x.sum(axis=1) > 0], axis=1).astype(int)
    lines = ["x1,x2,right,up,above_diagonal"]
    lines += [f"{a:.6f},{b:.6f},{p},{q},{r}" for (a, b), (p, q, r) in zip(x, labels)]
    return ctx.write("multilabel.csv", "\n".join(lines) + "\n")


@test("/cli/metrics/multilabel")
def test_multilabel(ctx):
    data = write_multilabel(ctx)
    result, metrics, header, rows = train_with_outputs(ctx, "multilabel", [
        "--data", data, "--label", "right", "--label", "up", "--label", "above_diagonal",
        "--layers", "16:relu,3:sigmoid", "--learning-rate", "0.01", "--epochs", "40",
        "--test-split", "0.25", "--seed", "1"])
    # Without --loss, several 0/1 label columns take binary_crossentropy.
    check("binary_crossentropy" in result.stderr, f"stderr {result.stderr!r}")
    check(metrics["task"] == "multilabel", f"task {metrics['task']}")
    check(metrics["targets"] == ["right", "up", "above_diagonal"], f"{metrics['targets']}")
    check(header == ["x1", "x2", "right", "up", "above_diagonal", "predicted_right",
                     "predicted_up", "predicted_above_diagonal", "probability_right",
                     "probability_up", "probability_above_diagonal"], f"header {header}")
    true = np.array([[int(float(v)) for v in row[2:5]] for row in rows])
    predicted = np.array([[int(v) for v in row[5:8]] for row in rows])
    probabilities = np.array([[float(v) for v in row[8:11]] for row in rows])
    check(((probabilities > 0.5) == (predicted == 1)).all(), "predictions differ from p > 0.5")

    test_metrics = metrics["splits"]["test"]
    check_close(test_metrics["accuracy"], float((true == predicted).mean()), "binary accuracy")
    check_close(test_metrics["exact_match"], float((true == predicted).all(axis=1).mean()),
                "exact match")
    for label in range(3):
        confusion, _, _, f1, _ = class_metrics(true[:, label], predicted[:, label], 2)
        check(test_metrics["confusion_matrix"][label] == confusion.tolist(),
              f"label {label}: {test_metrics['confusion_matrix'][label]}, "
              f"expected {confusion.tolist()}")
        check_close(test_metrics["f1"][label], f1[1], f"f1 of label {label}")
    # Linear boundaries through the origin: a small network learns them.
    check(test_metrics["accuracy"] >= 0.9, f"binary accuracy {test_metrics['accuracy']}")
    check(test_line(result.stdout)["accuracy"] is not None, result.stdout)


@test("/cli/metrics/multi-output-regression")
def test_multi_output(ctx):
    rng = np.random.default_rng(1)
    x = rng.uniform(-1, 1, size=(300, 2))
    y = np.stack([2 * x[:, 0] - x[:, 1], x[:, 0] + 3 * x[:, 1]], axis=1)
    lines = ["a,b,u,v"] + [f"{p:.6f},{q:.6f},{s:.6f},{t:.6f}" for (p, q), (s, t) in zip(x, y)]
    data = ctx.write("two-targets.csv", "\n".join(lines) + "\n")
    result, metrics, header, rows = train_with_outputs(ctx, "two-targets", [
        "--data", data, "--label", "u", "--label", "v", "--task", "regression",
        "--layers", "2", "--loss", "mean_absolute_error", "--learning-rate", "0.05",
        "--epochs", "60", "--test-split", "0.2"])
    check(metrics["task"] == "regression" and metrics["targets"] == ["u", "v"], f"{metrics}")
    check(header == ["a", "b", "u", "v", "predicted_u", "predicted_v"], f"header {header}")
    true = np.array([[float(v) for v in row[2:4]] for row in rows])
    predicted = np.array([[float(v) for v in row[4:6]] for row in rows])
    # scikit-learn's r2_score with multioutput="uniform_average".
    r2 = np.mean([1 - ((true[:, k] - predicted[:, k]) ** 2).sum()
                  / ((true[:, k] - true[:, k].mean()) ** 2).sum() for k in range(2)])
    test_metrics = metrics["splits"]["test"]
    check_close(test_metrics["r2"], float(r2), "r2")
    check_close(test_metrics["mae"], float(np.abs(true - predicted).mean()), "mae")
    # rmse is the mean of the per-target RMSEs (multioutput="uniform_average"),
    # not the root of the mean over all values.
    target_rmse = np.sqrt(((true - predicted) ** 2).mean(axis=0))
    check_close(test_metrics["rmse"], float(target_rmse.mean()), "rmse")

    # per_target: scikit-learn's multioutput="raw_values", in the order of
    # the targets, computed with NumPy from the predictions file.
    per_target = test_metrics["per_target"]
    target_r2 = [1 - ((true[:, k] - predicted[:, k]) ** 2).sum()
                 / ((true[:, k] - true[:, k].mean()) ** 2).sum() for k in range(2)]
    target_mae = np.abs(true - predicted).mean(axis=0)
    for k in range(2):
        check_close(per_target["mae"][k], float(target_mae[k]), f"per-target mae {k}")
        check_close(per_target["rmse"][k], float(target_rmse[k]), f"per-target rmse {k}")
        check_close(per_target["r2"][k], float(target_r2[k]), f"per-target r2 {k}")
    check(len(per_target["mae"]) == 2, f"per_target {per_target}")
    check_close(float(np.mean(per_target["mae"])), test_metrics["mae"], "mean of mae")
    check_close(float(np.mean(per_target["rmse"])), test_metrics["rmse"], "mean of rmse")
    check_close(float(np.mean(per_target["r2"])), test_metrics["r2"], "mean of r2")
    # A linear layer fits linear targets.
    check(test_metrics["r2"] > 0.95, f"r2 {test_metrics['r2']}")


@test("/cli/metrics/no-test-split")
def test_no_test_split(ctx):
    # Without --test-split: no test line, and --metrics has training only.
    metrics_path = ctx.path("no-test-metrics.json")
    result = ctx.run(["--dataset", "iris", "--epochs", "2", "--metrics", metrics_path])
    check_exit(result, 0)
    check(not result.stdout.splitlines()[-1].startswith("test:"), result.stdout)
    with open(metrics_path, encoding="utf-8") as f:
        metrics = json.load(f)
    check(list(metrics["splits"]) == ["training"], f"splits {list(metrics['splits'])}")
    check(metrics["splits"]["training"]["samples"] == 150, f"{metrics['splits']}")

    # --predictions has no test part to write.
    for extra in ([], ["--test-split", "0"]):
        result = ctx.run(["--dataset", "iris", "--epochs", "1", "--predictions",
                          ctx.path("p.csv")] + extra)
        check_exit(result, 2)
        check("--test-split" in result.stderr, f"stderr {result.stderr!r}")
        check(result.stdout == "", f"the training ran: {result.stdout[:200]!r}")


@test("/cli/metrics/outputs-checked-first")
def test_outputs_checked_first(ctx):
    for option in ("--metrics", "--predictions"):
        path = ctx.path("no-such-dir/out")
        result = ctx.run(["--dataset", "iris", "--epochs", "1", "--test-split", "0.2",
                          option, path])
        check_exit(result, 1)
        check(result.stdout == "", f"{option}: the training ran")
        check(option in result.stderr and "does not exist" in result.stderr,
              f"{option}: stderr {result.stderr!r}")


# Losses that do not fit the data or the output layer, and a text that the
# one-line message must contain.
MISMATCHES = [
    ("iris", ["--layers", "8:relu,3:softmax", "--loss", "binary_crossentropy"],
     "binary_crossentropy"),
    ("coffee_roasting", ["--layers", "8:relu,1:softmax", "--loss", "binary_crossentropy"],
     "softmax"),
    ("coffee_roasting", ["--layers", "8:relu,1", "--loss", "binary_crossentropy"],
     "--from-logits"),
    ("coffee_roasting", ["--layers", "8:relu,1:sigmoid", "--loss", "binary_crossentropy",
                         "--from-logits"], "linear"),
    ("iris", ["--layers", "8:relu,3:sigmoid", "--loss", "sparse_categorical_crossentropy"],
     "softmax"),
    # One unit per class, neither more nor fewer, with the unit count in the
    # singular or plural.
    ("iris", ["--layers", "4:softmax", "--loss", "sparse_categorical_crossentropy",
              "--test-split", "0.2"], "has 4 units, but the data has 3 classes"),
    ("iris", ["--layers", "5", "--loss", "sparse_categorical_crossentropy", "--from-logits"],
     "has 5 units, but the data has 3 classes"),
    ("coffee_roasting", ["--layers", "1:sigmoid", "--loss", "sparse_categorical_crossentropy"],
     "has 1 unit, but the data has 2 classes"),
    ("diabetes", ["--loss", "sparse_categorical_crossentropy"], "numeric targets"),
    ("diabetes", ["--loss", "binary_crossentropy"], "numeric targets"),
    ("diabetes", ["--loss", "huber", "--from-logits"], "--from-logits"),
    ("diabetes", ["--layers", "8:relu,2", "--loss", "mean_absolute_error"], "1 unit"),
    # One unit that regresses the index of 3 classes predicts no class.
    ("iris", ["--loss", "mean_squared_error", "--test-split", "0.2"], "--test-split"),
    ("iris", ["--loss", "huber", "--metrics", "unused.json"], "--metrics"),
]


@test("/cli/metrics/loss-mismatch")
def test_loss_mismatch(ctx):
    for dataset, extra, named in MISMATCHES:
        result = ctx.run(["--dataset", dataset, "--epochs", "1"] + extra)
        check(result.returncode == 2, f"{dataset} {extra}: exit status {result.returncode}, "
                                      f"expected 2; stderr {result.stderr!r}")
        lines = result.stderr.splitlines()
        check(len(lines) == 1 and lines[0].startswith("neurite-cli: "),
              f"{dataset} {extra}: stderr {result.stderr!r}")
        check(named in lines[0], f"{dataset} {extra}: {lines[0]!r} does not name {named!r}")

    data = write_multilabel(ctx)
    labels = ["--label", "right", "--label", "up", "--label", "above_diagonal"]
    cases = [
        (["--loss", "sparse_categorical_crossentropy"], "binary_crossentropy"),
        (["--layers", "8:relu,2:sigmoid"], "3 units"),
    ]
    for extra, named in cases:
        result = ctx.run(["--data", data, "--epochs", "1"] + labels + extra)
        check_exit(result, 2)
        check(named in result.stderr, f"{extra}: stderr {result.stderr!r}")


@test("/cli/metrics/new-losses-train")
def test_new_losses(ctx):
    for loss in ("mean_absolute_error", "huber"):
        history = ctx.path(f"history-{loss}.csv")
        result = ctx.run(["--dataset", "diabetes", "--normalize", "--loss", loss,
                          "--learning-rate", "0.1", "--epochs", "30", "--history", history])
        check_exit(result, 0)
        with open(history, encoding="utf-8") as f:
            rows = [line.split(",") for line in f.read().splitlines()]
        check(rows[0] == ["epoch", "loss"], f"{loss}: header {rows[0]}")
        first, last = float(rows[1][1]), float(rows[-1][1])
        check(last < first, f"{loss}: loss {first} did not fall, ended at {last}")
    result = ctx.run(["--help"])
    for loss in ("mean_absolute_error", "huber"):
        check(loss in result.stdout, f"train --help does not list {loss}")


@test("/cli/metrics/split-options")
def test_split_options(ctx):
    cases = [
        (["--test-split", "1"], "“1”"),
        (["--test-split", "-0.1"], "“-0.1”"),
        (["--test-split", "half"], "“half”"),
        (["--test-split", "0.5", "--validation-split", "0.5"], "less than 1"),
    ]
    for extra, named in cases:
        result = ctx.run(["--dataset", "iris", "--epochs", "1"] + extra)
        check_exit(result, 2)
        check(named in result.stderr, f"{extra}: stderr {result.stderr!r}")
    result = ctx.run(["--help"])
    check("--test-split" in result.stdout and "stratified" in result.stdout,
          "train --help does not explain --test-split")
    check("confusion_matrix" in result.stdout, "train --help does not describe --metrics")


if __name__ == "__main__":
    sys.exit(SUITE.main(__doc__))
