#!/usr/bin/env python3
"""End-to-end tests of the PyTorch and Keras scripts of `neurite-cli
export-code`, printed as TAP. The PyTorch script, run with /usr/bin/python3,
predicts what `neurite-cli predict` does, and one epoch of its training
from a project's weights reports the loss of `neurite-cli train --project`
for one more epoch. TensorFlow is not installed, so the Keras script is
only compiled and searched for the Keras calls it must make.
"""
import csv
import math
import os
import py_compile
import subprocess
import sys

import numpy

from cli_tap import Skip, Suite, check, check_exit

SUITE = Suite()
test = SUITE.test

# Debian's python3, which imports NumPy and PyTorch from python3-numpy and
# python3-torch.
PYTHON = "/usr/bin/python3"


def require_torch():
    result = subprocess.run([PYTHON, "-c", "import torch"], capture_output=True, text=True)
    if result.returncode != 0:
        raise Skip("PyTorch is not installed (Debian package python3-torch)")


def export(ctx, name, train_args, framework, weights_args=()):
    """Trains with TRAIN_ARGS and saves the project, then exports its
    weights, with WEIGHTS_ARGS, and its script. Returns the project,
    weights and script paths."""
    project = ctx.path(f"{name}.neurite")
    weights = ctx.path(f"{name}.npz")
    script = ctx.path(f"{name}-{framework}.py")

    check_exit(ctx.run(train_args + ["--save", project]), 0)
    check_exit(ctx.run_cli(["export-weights", "--project", project, "--output", weights]
                           + list(weights_args)), 0)
    check_exit(ctx.run_cli(["export-code", "--project", project, "--framework", framework,
                            "--output", script]), 0)
    py_compile.compile(script, cfile=ctx.path(f"{name}-{framework}.pyc"), doraise=True)
    return project, weights, script


def run_script(script, args):
    result = subprocess.run([PYTHON, script] + args, capture_output=True, text=True,
                            timeout=300)
    check(result.returncode == 0, f"{os.path.basename(script)} {' '.join(args)} failed "
                                  f"with status {result.returncode}: {result.stderr}")
    return result.stdout


def write_features(ctx, dataset, n_features):
    """Writes the first n_features columns of a bundled dataset, header
    included, to a file of its own. Returns its path."""
    path = ctx.path(f"{dataset}-features.csv")
    with open(os.path.join(ctx.datasets, f"{dataset}.csv"), newline="",
              encoding="utf-8") as source, open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        for row in csv.reader(source):
            writer.writerow(row[:n_features])
    return path


def parse_outputs(text):
    """Returns the header line and the rows of a script's CSV outputs."""
    lines = text.splitlines()
    return lines[0], numpy.array([[float(v) for v in line.split(",")] for line in lines[1:]])


def predict_probabilities(ctx, project, dataset):
    """Returns the probability columns of `neurite-cli predict` on a
    bundled dataset."""
    result = ctx.run_cli(["predict", "--project", project,
                          "--data", os.path.join(ctx.datasets, f"{dataset}.csv")])
    check_exit(result, 0)
    rows = list(csv.reader(result.stdout.splitlines()))
    columns = [i for i, name in enumerate(rows[0]) if name.startswith("probability_")]
    check(columns, f"no probability column in {rows[0]}")
    return numpy.array([[float(row[i]) for i in columns] for row in rows[1:]])


def check_predictions(ctx, name, dataset, n_features, train_args, framework="pytorch"):
    """Checks that the script's predictions on every row of a bundled
    dataset equal those of `neurite-cli predict` within 1e-5."""
    project, weights, script = export(ctx, name, train_args, framework)
    features = write_features(ctx, dataset, n_features)
    expected = predict_probabilities(ctx, project, dataset)

    if framework == "pytorch":
        header, outputs = parse_outputs(run_script(script, ["--weights", weights, "predict",
                                                            features]))
    else:
        header, outputs = parse_outputs(run_script(script, [weights, features]))
    n_classes = expected.shape[1]
    check(header == ",".join(f"probability_{i}" for i in range(n_classes)),
          f"script header {header}")
    check(outputs.shape == expected.shape, f"shape {outputs.shape}, expected {expected.shape}")

    # neurite-cli writes 8 significant digits, so rounding alone differs by
    # up to 5e-9 on a probability. The rest comes from float32 (or float64
    # for NumPy) arithmetic in another order of operations. On these cases
    # the maximum difference was about 1e-7.
    difference = numpy.max(numpy.abs(outputs - expected))
    check(difference <= 1e-5, f"maximum difference {difference}")
    check(numpy.allclose(outputs.sum(axis=1), 1.0, atol=1e-5), "rows do not sum to 1")


@test("/cli/export-code/pytorch-blobs4-softmax")
def test_pytorch_blobs4_softmax(ctx):
    require_torch()
    check_predictions(ctx, "blobs4-softmax", "blobs4", 2,
                      ["--dataset", "blobs4", "--layers", "8:relu,4:softmax", "--loss",
                       "sparse_categorical_crossentropy", "--epochs", "3", "--seed", "5"])


@test("/cli/export-code/pytorch-blobs4-logits")
def test_pytorch_blobs4_logits(ctx):
    require_torch()
    check_predictions(ctx, "blobs4-logits", "blobs4", 2,
                      ["--dataset", "blobs4", "--layers", "6:tanh,4", "--loss",
                       "sparse_categorical_crossentropy", "--from-logits", "--epochs", "3",
                       "--seed", "6"])


@test("/cli/export-code/pytorch-iris")
def test_pytorch_iris(ctx):
    require_torch()
    check_predictions(ctx, "iris", "iris", 4,
                      ["--dataset", "iris", "--normalize", "--epochs", "20", "--seed", "3"])


@test("/cli/export-code/numpy-blobs4")
def test_numpy_blobs4(ctx):
    check_predictions(ctx, "blobs4-numpy", "blobs4", 2,
                      ["--dataset", "blobs4", "--epochs", "3", "--seed", "7"],
                      framework="numpy")


def read_history(path):
    """Returns the last row of a --history file as a dict of floats."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return {name: float(value) for name, value in rows[-1].items()}


def parse_epoch_line(text):
    """Returns the metrics of the script's last "Epoch N/M - loss: ..."
    line as a dict of floats."""
    lines = [line for line in text.splitlines() if line.startswith("Epoch ")]
    check(lines, f"no epoch line in {text!r}")
    metrics = {}
    for item in lines[-1].split(" - ")[1:]:
        name, value = item.split(": ")
        metrics[name] = float(value)
    return metrics


def check_one_more_epoch(ctx, name, dataset, train_args, names, optimizer_state=False):
    """Trains a project on DATASET, a bundled dataset's name or a CSV
    file's absolute path. Then trains it one more epoch with neurite-cli
    and with the PyTorch script from the same weights (and optimizer
    state), and compares the metrics in names. The tolerance is 1e-4,
    relative for values above 1."""
    require_torch()
    weights_args = ["--optimizer-state"] if optimizer_state else []
    project, weights, script = export(ctx, name, train_args, "pytorch", weights_args)
    history = ctx.path(f"{name}-history.csv")
    check_exit(ctx.run(["--project", project, "--epochs", "1", "--history", history]), 0)
    expected = read_history(history)

    data = dataset if os.path.isabs(dataset) else os.path.join(ctx.datasets, f"{dataset}.csv")
    actual = parse_epoch_line(run_script(script, ["--weights", weights, "train", data,
                                                  "--epochs", "1"]))
    for metric in names:
        check(metric in actual, f"the script printed no {metric}: {actual}")
        # Both compute in float32, in another order of operations, and the
        # script prints 7 significant digits. On the cases below the printed
        # values agreed to the last digit.
        difference = abs(actual[metric] - expected[metric])
        tolerance = 1e-4 * max(1.0, abs(expected[metric]))
        check(difference <= tolerance, f"{metric}: script {actual[metric]}, neurite-cli "
                                       f"{expected[metric]}, difference {difference}")


@test("/cli/export-code/pytorch-train-iris-sgd")
def test_pytorch_train_iris_sgd(ctx):
    # Text classes (setosa, versicolor, virginica), softmax on logits, the
    # normalization, a partial last batch of 150 - 4 * 32 = 22 rows.
    check_one_more_epoch(ctx, "train-iris", "iris",
                         ["--dataset", "iris", "--normalize", "--optimizer", "sgd",
                          "--learning-rate", "0.05", "--no-shuffle", "--epochs", "3",
                          "--seed", "4"],
                         ["loss", "accuracy"])


@test("/cli/export-code/pytorch-train-coffee-bce")
def test_pytorch_train_coffee_bce(ctx):
    # binary_crossentropy on sigmoid probabilities, clipped as Keras does,
    # with the last 20% of the rows held out for validation.
    check_one_more_epoch(ctx, "train-coffee", "coffee_roasting",
                         ["--dataset", "coffee_roasting", "--normalize", "--layers",
                          "4:tanh,1:sigmoid", "--loss", "binary_crossentropy",
                          "--optimizer", "sgd", "--learning-rate", "0.1", "--no-shuffle",
                          "--validation-split", "0.2", "--batch-size", "16", "--epochs", "2",
                          "--seed", "8"],
                         ["loss", "accuracy", "val_loss", "val_accuracy"])


@test("/cli/export-code/pytorch-train-bce-clipped")
def test_pytorch_train_bce_clipped(ctx):
    # Without normalization, the features of up to 4254 saturate the sigmoid,
    # so most probabilities are clipped to 1e-7 or 1 - 1e-7; a clip at 1e-6
    # reports a loss of 8.66 in place of 10.0 on this case.
    check_one_more_epoch(ctx, "train-bce-clipped", "breast_cancer",
                         ["--dataset", "breast_cancer", "--layers", "1:sigmoid", "--loss",
                          "binary_crossentropy", "--optimizer", "sgd", "--no-shuffle",
                          "--epochs", "1", "--seed", "2"],
                         ["loss", "accuracy"])


@test("/cli/export-code/pytorch-train-softmax-clipped")
def test_pytorch_train_softmax_clipped(ctx):
    # sparse_categorical_crossentropy on saturated softmax probabilities.
    check_one_more_epoch(ctx, "train-softmax-clipped", "breast_cancer",
                         ["--dataset", "breast_cancer", "--layers", "2:softmax", "--loss",
                          "sparse_categorical_crossentropy", "--optimizer", "sgd",
                          "--no-shuffle", "--epochs", "1", "--seed", "2"],
                         ["loss", "accuracy"])


def write_tricky_csv(ctx):
    """Writes 120 rows with ";" as delimiter and decimal commas. The text
    label "kind" sits in the middle, and its byte order (Zeta, alpha, beta)
    differs from its alphabetical order and its order of appearance. The
    "id" column is left out, "color" is a text feature, and three columns
    have missing or invalid values."""
    lines = ["id;a;kind;b;color;c"]
    for i in range(120):
        a, b, c = math.sin(1.7 * i), math.cos(2.3 * i), math.sin(0.37 * i + 1.0)
        kind = ("beta", "Zeta", "alpha")[int(a > 0) + int(b > 0.5)]
        fields = [str(i), f"{a:.4f}", kind, f"{b:.4f}", ("red", "blue", "green")[i % 3],
                  f"{c:.4f}"]
        fields = [field.replace(".", ",") for field in fields]
        if i % 7 == 3:
            fields[1] = ""
        if i % 11 == 5:
            fields[4] = ""
        if i % 13 == 2:
            fields[5] = "n/a"
        lines.append(";".join(fields))
    return ctx.write("tricky.csv", "\n".join(lines) + "\n")


@test("/cli/export-code/pytorch-train-csv-options")
def test_pytorch_train_csv_options(ctx):
    # The label and the features are named by position and by name. On this
    # file the metrics agree only if the script detects the delimiter and
    # the decimal comma, numbers the classes in byte order, one-hot encodes
    # "color" and handles the missing values as neurite-cli does.
    data = write_tricky_csv(ctx)
    for missing in ("mean", "drop"):
        check_one_more_epoch(ctx, f"train-csv-{missing}", data,
                             ["--data", data, "--label", "3", "--features", "a,4,color,c",
                              "--missing", missing, "--normalize", "--optimizer", "sgd",
                              "--no-shuffle", "--batch-size", "10",
                              "--validation-split", "0.25", "--epochs", "1", "--seed", "3"],
                             ["loss", "accuracy", "val_loss", "val_accuracy"])


@test("/cli/export-code/pytorch-train-split-column")
def test_pytorch_train_split_column(ctx):
    # The file of export-data ends in a "split" column, which the script
    # must not read as the label (the last column by default) and which
    # marks the last 20% of the rows for validation.
    project, weights, script = export(ctx, "split-column",
                                      ["--dataset", "iris", "--normalize", "--optimizer",
                                       "sgd", "--no-shuffle", "--validation-split", "0.2",
                                       "--epochs", "2", "--seed", "4"], "pytorch")
    data = ctx.path("split-column-data.csv")
    check_exit(ctx.run_cli(["export-data", "--project", project, "--output", data]), 0)
    history = ctx.path("split-column-history.csv")
    check_exit(ctx.run(["--project", project, "--epochs", "1", "--history", history]), 0)
    expected = read_history(history)

    actual = parse_epoch_line(run_script(script, ["--weights", weights, "train", data,
                                                  "--epochs", "1"]))
    for metric in ("loss", "accuracy", "val_loss", "val_accuracy"):
        difference = abs(actual[metric] - expected[metric])
        check(difference <= 1e-4, f"{metric}: script {actual[metric]}, neurite-cli "
                                  f"{expected[metric]}, difference {difference}")


@test("/cli/export-code/pytorch-train-diabetes-huber")
def test_pytorch_train_diabetes_huber(ctx):
    # A regression with integer targets of more than 50 values and Keras's
    # huber loss.
    check_one_more_epoch(ctx, "train-diabetes", "diabetes",
                         ["--dataset", "diabetes", "--normalize", "--loss", "huber",
                          "--optimizer", "sgd", "--no-shuffle", "--epochs", "1",
                          "--seed", "9"],
                         ["loss"])


@test("/cli/export-code/pytorch-train-sgd-momentum")
def test_pytorch_train_sgd_momentum(ctx):
    # The velocity of the saved run becomes PyTorch's momentum buffers;
    # without it the loss on this case is 0.6069 in place of 0.5923.
    check_one_more_epoch(ctx, "train-momentum", "iris",
                         ["--dataset", "iris", "--normalize", "--optimizer", "sgd",
                          "--momentum", "0.9", "--no-shuffle", "--epochs", "3", "--seed", "4"],
                         ["loss", "accuracy"], optimizer_state=True)


@test("/cli/export-code/pytorch-train-adam-state")
def test_pytorch_train_adam_state(ctx):
    # Adam's moments and step count of the saved run, Keras's epsilon form,
    # and validation on the last 20% of the rows.
    check_one_more_epoch(ctx, "train-adam", "blobs4",
                         ["--dataset", "blobs4", "--loss", "sparse_categorical_crossentropy",
                          "--batch-size", "50", "--no-shuffle", "--validation-split", "0.2",
                          "--epochs", "2", "--seed", "1"],
                         ["loss", "accuracy", "val_loss", "val_accuracy"],
                         optimizer_state=True)


@test("/cli/export-weights/optimizer-state-arrays")
def test_optimizer_state_arrays(ctx):
    _, weights, _ = export(ctx, "state", ["--dataset", "iris", "--epochs", "2",
                                          "--batch-size", "50"],
                           "numpy", ["--optimizer-state"])
    with numpy.load(weights) as archive:
        arrays = {name: archive[name] for name in archive.files}
    # 2 epochs of 150 rows in batches of 50 take 6 steps. The default model
    # is 4 -> 8 -> 3: 4 * 8 + 8 + 8 * 3 + 3 = 67 parameters.
    check(arrays["optimizer/iterations"].tolist() == [6.0],
          f"iterations {arrays['optimizer/iterations']}")
    for slot in ("m", "v"):
        check(arrays[f"optimizer/{slot}"].shape == (67,),
              f"optimizer/{slot} has the shape {arrays[f'optimizer/{slot}'].shape}")
    check(numpy.all(arrays["optimizer/v"] >= 0), "a negative second moment")
    check("optimizer/velocity" not in arrays, "Adam wrote a velocity")


@test("/cli/export-code/keras-names")
def test_keras_names(ctx):
    _, _, script = export(ctx, "keras-logits", ["--dataset", "blobs4", "--epochs", "1",
                                                "--normalize"], "keras")
    with open(script, encoding="utf-8") as f:
        text = f.read()
    for name in ("keras.Sequential(", "layers.Dense(", "layers.Normalization(",
                 "model.compile(loss=", "optimizer=keras.optimizers.Adam(",
                 "model.fit(", "validation_split=VALIDATION_SPLIT", "model.predict(",
                 "tf.nn.softmax(", "from_logits=True"):
        check(name in text, f"{name} is missing from the Keras script")


@test("/cli/export-code/keras-sgd-probabilities")
def test_keras_sgd_probabilities(ctx):
    _, _, script = export(ctx, "keras-sgd", ["--dataset", "iris", "--layers",
                                             "5:relu,3:softmax", "--loss",
                                             "sparse_categorical_crossentropy", "--optimizer",
                                             "sgd", "--momentum", "0.9", "--epochs", "1"],
                          "keras")
    with open(script, encoding="utf-8") as f:
        text = f.read()
    for name in ("keras.optimizers.SGD(learning_rate=0.01, momentum=0.9)",
                 "from_logits=False", 'layers.Dense(3, activation="softmax", name="dense_1")'):
        check(name in text, f"{name} is missing from the Keras script")
    for name in ("tf.nn.softmax(", "layers.Normalization("):
        check(name not in text, f"{name} is in the Keras script of a softmax model without "
                                f"normalization")


@test("/cli/export-code/unknown-framework")
def test_unknown_framework(ctx):
    project = ctx.path("unknown.neurite")
    output = ctx.path("unknown.py")
    check_exit(ctx.run(["--dataset", "iris", "--epochs", "1", "--save", project]), 0)

    result = ctx.run_cli(["export-code", "--project", project, "--framework", "tensorflow",
                          "--output", output])
    check_exit(result, 2)
    for framework in ("keras", "pytorch", "numpy", "tensorflow"):
        check(framework in result.stderr, f"{framework} is not in the message: "
                                          f"{result.stderr}")
    check(not os.path.exists(output), "a script was written for an unknown framework")


if __name__ == "__main__":
    sys.exit(SUITE.main(__doc__))
