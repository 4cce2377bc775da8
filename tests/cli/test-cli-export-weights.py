#!/usr/bin/env python3
"""End-to-end tests of `neurite-cli export-weights`, printed as TAP. The
archive of a project trained on iris with --normalize contains one float32
array per parameter, equal bit for bit to the arrays of the project file.
A damaged project fails with exit status 1, a missing option with 2.
"""
import base64
import json
import os
import sys
import zipfile

import numpy

from cli_tap import Suite, check, check_exit, check_output_is_data_rejected

SUITE = Suite()
test = SUITE.test


def train_iris(ctx, name):
    """Trains a small model on iris for 3 epochs and saves it as NAME."""
    project = ctx.path(name)
    check_exit(ctx.run(["--dataset", "iris", "--normalize", "--epochs", "3", "--seed", "4",
                        "--save", project]), 0)
    return project


def decode_array(array):
    """Decodes an ARRAY of the project format: base64 of '<f4' values."""
    check(array["dtype"] == "float32", f"dtype {array['dtype']}")
    values = numpy.frombuffer(base64.b64decode(array["data"]), dtype="<f4")
    return values.reshape(array["shape"])


@test("/cli/export-weights/iris-normalize")
def test_iris_normalize(ctx):
    project = train_iris(ctx, "iris.neurite")
    output = ctx.path("iris.npz")
    result = ctx.run_cli(["export-weights", "--project", project, "--output", output])
    check_exit(result, 0)

    with open(project, encoding="utf-8") as f:
        document = json.load(f)
    expected = {name: decode_array(array) for name, array in document["weights"].items()}
    normalization = document["model"]["normalization"]
    check(normalization is not None, "the project has no normalization")
    n_inputs = document["model"]["inputs"]
    for statistic in ("mean", "variance"):
        expected[f"normalization/{statistic}"] = numpy.array(normalization[statistic],
                                                             dtype="<f4")

    with numpy.load(output) as archive:
        names = sorted(archive.files)
        check(names == sorted(expected), f"arrays {names}, expected {sorted(expected)}")
        for name, values in expected.items():
            array = archive[name]
            check(array.dtype == numpy.dtype("<f4"), f"{name}: dtype {array.dtype}")
            check(array.shape == values.shape, f"{name}: shape {array.shape}, "
                                               f"expected {values.shape}")
            check(array.flags["C_CONTIGUOUS"], f"{name}: not in C order")
            check(numpy.array_equal(array, values), f"{name}: {array} != {values}")

    # Keras's layout: the first kernel is (inputs, units) and the statistics (inputs,).
    layers = document["model"]["layers"]
    first = layers[0]["config"]
    check(expected[f"{first['name']}/kernel"].shape == (n_inputs, first["units"]),
          f"first kernel shape {expected[first['name'] + '/kernel'].shape}")
    check(expected["normalization/mean"].shape == (n_inputs,), "normalization shape")

    with zipfile.ZipFile(output) as archive:
        for info in archive.infolist():
            check(info.compress_type == zipfile.ZIP_STORED, f"{info.filename} is compressed")
    check(sorted(os.listdir(ctx.tmp)) == ["iris.neurite", "iris.npz"],
          f"unexpected files next to the output: {os.listdir(ctx.tmp)}")


@test("/cli/export-weights/damaged-project")
def test_damaged_project(ctx):
    project = ctx.write("damaged.neurite", "{\"format\": \"neurite-project\", \"version\": 1")
    output = ctx.path("damaged.npz")
    result = ctx.run_cli(["export-weights", "--project", project, "--output", output])
    check_exit(result, 1)
    check("damaged.neurite" in result.stderr, f"the message names no file: {result.stderr}")
    check(not os.path.exists(output), "an output was written for a damaged project")

    result = ctx.run_cli(["export-weights", "--project", ctx.path("missing.neurite"),
                          "--output", output])
    check_exit(result, 1)
    check("missing.neurite" in result.stderr, f"the message names no file: {result.stderr}")


@test("/cli/export-weights/usage")
def test_usage(ctx):
    project = train_iris(ctx, "usage.neurite")
    cases = [
        ["--project", project],
        ["--output", ctx.path("usage.npz")],
        ["--project", project, "--output", ctx.path("usage.npz"), "extra"],
        ["--project", project, "--output", project],
        ["--project", project, "--output", ""],
        ["--project", project, "--output", ctx.path("usage.npz"), "--unknown"],
    ]
    for args in cases:
        result = ctx.run_cli(["export-weights"] + args)
        check_exit(result, 2)
        check(result.stderr.startswith("neurite-cli: "), f"{args}: {result.stderr}")
    check(not os.path.exists(ctx.path("usage.npz")), "an output was written for bad usage")

    result = ctx.run_cli(["export-weights", "--project", project,
                          "--output", ctx.path("no-such-folder/usage.npz")])
    check_exit(result, 1)
    check("no-such-folder" in result.stderr, f"the message names no folder: {result.stderr}")


@test("/cli/export-weights/output-is-data")
def test_output_is_data(ctx):
    """An --output that is the project's CSV file is rejected."""
    check_output_is_data_rejected(ctx, "export-weights")


if __name__ == "__main__":
    sys.exit(SUITE.main(__doc__))
