#!/usr/bin/env python3
"""End-to-end tests of `neurite-cli plot --project`, printed as TAP. Every
view of a saved project is drawn as PNG, SVG and PDF without training, and
each file is read back: the PNG's signature and IHDR size, the SVG by
rsvg-convert, the PDF by pdftoppm and its text by pdftotext. The project
file stays unchanged. The confusion and metrics views, --scale and --theme
also work while training, and bad input fails with a message and exit
status 1 (files) or 2 (command line).
"""
import base64
import hashlib
import json
import os
import shutil
import struct
import subprocess
import sys
import zlib

import numpy

from cli_tap import Skip, Suite, check, check_exit

SUITE = Suite()
test = SUITE.test

VIEWS = ("network", "graph", "loss", "regions", "confusion", "metrics")

# The title and axis labels of each view of a 3-epoch run with a test part,
# as the renderers write them.
EXPECTED_TEXT = {
    "network": ["Network after 3 epochs", "Input"],
    "graph": ["Computation graph after 3 epochs"],
    "loss": ["Loss", "Epoch"],
    "regions": ["Decision regions after 3 epochs", "x1", "x2", "Training", "Validation",
                "Test"],
    "confusion": ["Confusion matrix of the test data after 3 epochs", "Predicted class",
                  "True class"],
    "metrics": ["Metrics of the test data after 3 epochs", "Precision", "Recall", "Support"],
}


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def png_header(path):
    """Returns (width, height, colour type) from the PNG's IHDR chunk."""
    with open(path, "rb") as f:
        header = f.read(26)
    check(header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG: {header[:8]!r}")
    check(header[12:16] == b"IHDR", f"{path}: first chunk {header[12:16]!r}, expected IHDR")
    width, height, bit_depth, colour_type = struct.unpack(">IIBB", header[16:26])
    check(bit_depth == 8, f"{path}: bit depth {bit_depth}")
    return width, height, colour_type


def png_first_pixel(path):
    """Returns the (r, g, b) of the top-left pixel of an 8-bit RGB or RGBA
    PNG. Every PNG filter leaves the first pixel of the first row as it is,
    since its left, upper and upper-left neighbours count as 0."""
    _, _, colour_type = png_header(path)
    check(colour_type in (2, 6), f"{path}: colour type {colour_type}, expected 2 or 6")
    with open(path, "rb") as f:
        data = f.read()
    position = 8
    compressed = b""
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        if kind == b"IDAT":
            compressed += data[position + 8:position + 8 + length]
        position += 12 + length
    first_row = zlib.decompressobj().decompress(compressed, 16)
    return tuple(first_row[1:4])


def require_tools():
    for tool in ("rsvg-convert", "pdftoppm", "pdftotext"):
        if shutil.which(tool) is None:
            raise Skip(f"{tool} is not installed (Debian: librsvg2-bin, poppler-utils)")


def train_blobs(ctx, name, extra=()):
    """Saves a 3-epoch model of blobs4 with validation and test parts."""
    project = ctx.path(name)
    result = ctx.run(["--data", ctx.blobs4(), "--layers", "6:tanh,4", "--epochs", "3",
                      "--validation-split", "0.2", "--test-split", "0.2", "--seed", "5",
                      "--save", project] + list(extra))
    check_exit(result, 0)
    return project


def plot(ctx, args):
    return ctx.run_cli(["plot"] + args)


def check_svg(ctx, path):
    converted = path + ".png"
    result = subprocess.run(["rsvg-convert", "-o", converted, path], capture_output=True,
                            text=True, timeout=120)
    check(result.returncode == 0, f"rsvg-convert {path}: exit {result.returncode}, "
                                  f"{result.stderr}")
    png_header(converted)


def check_pdf(ctx, path, texts):
    prefix = path + "-page"
    result = subprocess.run(["pdftoppm", "-png", "-r", "30", path, prefix],
                            capture_output=True, text=True, timeout=120)
    check(result.returncode == 0, f"pdftoppm {path}: exit {result.returncode}, {result.stderr}")
    result = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True,
                            timeout=120)
    check(result.returncode == 0, f"pdftotext {path}: exit {result.returncode}, {result.stderr}")
    words = " ".join(result.stdout.split())
    for text in texts:
        check(text in words, f"{path}: the text {words[:400]!r} does not contain {text!r}")


@test("/cli/plot-project/every-view-and-format")
def test_every_view(ctx):
    require_tools()
    project = train_blobs(ctx, "blobs.neurite")
    digest = sha256(project)
    mtime = os.stat(project).st_mtime_ns

    for view in VIEWS:
        for extension in ("png", "svg", "pdf"):
            path = ctx.path(f"project-{view}.{extension}")
            result = plot(ctx, ["--project", project, "--view", view, "--output", path,
                                "--width", "640", "--height", "480"])
            check_exit(result, 0)
            check(result.stdout == "", f"{view}.{extension}: output {result.stdout!r}")
            if extension == "png":
                width, height, _ = png_header(path)
                check((width, height) == (640, 480),
                      f"{view}.png is {width}x{height}, expected 640x480")
            elif extension == "svg":
                check_svg(ctx, path)
            else:
                check_pdf(ctx, path, EXPECTED_TEXT[view])

    check(sha256(project) == digest, "plot --project changed the project file")
    check(os.stat(project).st_mtime_ns == mtime, "plot --project rewrote the project file")


@test("/cli/plot-project/scale-and-theme")
def test_scale_and_theme(ctx):
    project = train_blobs(ctx, "scale.neurite")
    for view in VIEWS:
        path = ctx.path(f"scaled-{view}.png")
        result = plot(ctx, ["--project", project, "--view", view, "--output", path,
                            "--width", "300", "--height", "200", "--scale", "2"])
        check_exit(result, 0)
        width, height, _ = png_header(path)
        check((width, height) == (600, 400), f"{view} at scale 2: {width}x{height}")

    # The light theme paints a white background, the dark one a dark one.
    for theme, is_dark in (("light", False), ("dark", True)):
        path = ctx.path(f"theme-{theme}.png")
        result = plot(ctx, ["--project", project, "--view", "loss", "--output", path,
                            "--theme", theme])
        check_exit(result, 0)
        pixel = png_first_pixel(path)
        check((max(pixel) < 96) == is_dark, f"--theme {theme}: corner pixel {pixel}")

    # --scale 1 is the default and allowed for a vector file.
    path = ctx.path("scale-one.svg")
    check_exit(plot(ctx, ["--project", project, "--view", "loss", "--output", path,
                          "--scale", "1"]), 0)


@test("/cli/plot-project/part-in-title")
def test_part_in_title(ctx):
    require_tools()
    # Without a test part the confusion matrix is the validation part's,
    # and without either the training part's.
    cases = [
        (["--validation-split", "0.25"], "validation"),
        ([], "training"),
    ]
    for number, (split, part) in enumerate(cases):
        project = ctx.path(f"part-{number}.neurite")
        check_exit(ctx.run(["--dataset", "iris", "--epochs", "2", "--save", project] + split), 0)
        for view, title in (("confusion", "Confusion matrix"), ("metrics", "Metrics")):
            path = ctx.path(f"part-{number}-{view}.pdf")
            check_exit(plot(ctx, ["--project", project, "--view", view, "--output", path]), 0)
            check_pdf(ctx, path, [f"{title} of the {part} data after 2 epochs"])


@test("/cli/plot-project/regions-on-components")
def test_regions_components(ctx):
    require_tools()
    # Iris has 4 features: the regions are drawn on the first two principal
    # components of the training part, the first 112 rows without shuffling.
    iris = os.path.join(ctx.datasets, "iris.csv")
    project = ctx.path("iris-pca.neurite")
    check_exit(ctx.run(["--data", iris, "--epochs", "2", "--validation-split", "0.25",
                        "--save", project]), 0)
    path = ctx.path("iris-regions.pdf")
    check_exit(plot(ctx, ["--project", project, "--view", "regions", "--output", path]), 0)

    # The shares of variance by NumPy: eigenvalues of the covariance of the
    # standardized features (population standard deviation), as nrt-pca.h
    # defines them.
    features = numpy.loadtxt(iris, delimiter=",", skiprows=1, usecols=(0, 1, 2, 3))[:112]
    standardized = (features - features.mean(axis=0)) / features.std(axis=0)
    eigenvalues = numpy.sort(numpy.linalg.eigvalsh(numpy.cov(standardized.T, bias=True)))[::-1]
    shares = 100 * eigenvalues / eigenvalues.sum()
    check_pdf(ctx, path, ["Decision regions after 2 epochs",
                          f"PC1 ({shares[0]:.0f} % of variance)",
                          f"PC2 ({shares[1]:.0f} % of variance)"])


@test("/cli/plot-project/regions-derived-features")
def test_regions_derived(ctx):
    # The same model with the derived features x1^2 and x2^2 appended to its
    # inputs, each with zero weights, predicts the same outputs, so its
    # regions over the plane of x1 and x2 are the same picture.
    project = ctx.path("plain.neurite")
    check_exit(ctx.run(["--data", ctx.blobs4(), "--layers", "4:tanh,4", "--epochs", "2",
                        "--optimizer", "sgd", "--save", project]), 0)
    with open(project, encoding="utf-8") as f:
        document = json.load(f)
    document["dataset"]["derived_features"] = ["x1^2", "x2^2"]
    document["model"]["inputs"] = 4
    kernel = document["weights"]["dense/kernel"]
    values = numpy.frombuffer(base64.b64decode(kernel["data"]), dtype="<f4")
    values = values.reshape(kernel["shape"])
    values = numpy.vstack([values, numpy.zeros((2, values.shape[1]), dtype="<f4")])
    kernel["shape"] = list(values.shape)
    kernel["data"] = base64.b64encode(values.astype("<f4").tobytes()).decode("ascii")
    derived = ctx.path("derived.neurite")
    with open(derived, "w", encoding="utf-8") as f:
        json.dump(document, f)

    pictures = []
    for name in (project, derived):
        path = name + ".png"
        check_exit(plot(ctx, ["--project", name, "--view", "regions", "--output", path]), 0)
        with open(path, "rb") as f:
            pictures.append(f.read())
    check(pictures[0] == pictures[1], "the regions of the derived-feature model differ")


@test("/cli/plot-project/regression-and-multilabel")
def test_other_tasks(ctx):
    require_tools()
    project = ctx.path("diabetes.neurite")
    check_exit(ctx.run(["--data", os.path.join(ctx.datasets, "diabetes.csv"), "--normalize",
                        "--epochs", "2", "--test-split", "0.2", "--save", project]), 0)
    path = ctx.path("diabetes-metrics.pdf")
    check_exit(plot(ctx, ["--project", project, "--view", "metrics", "--output", path]), 0)
    check_pdf(ctx, path, ["Metrics of the test data after 2 epochs", "True value",
                          "Predicted value"])
    result = plot(ctx, ["--project", project, "--view", "confusion",
                        "--output", ctx.path("diabetes-confusion.png")])
    check_exit(result, 2)
    check("classification" in result.stderr and "--view metrics" in result.stderr,
          f"stderr {result.stderr!r}")
    check("regression with 1 target column;" in result.stderr, f"stderr {result.stderr!r}")
    check(not os.path.exists(ctx.path("diabetes-confusion.png")), "a file was written")

    rows = ["x1,x2,red,blue"] + [f"{i % 7},{i % 5},{i % 2},{int(i % 3 == 0)}"
                                 for i in range(60)]
    data = ctx.write("labels.csv", "\n".join(rows) + "\n")
    project = ctx.path("labels.neurite")
    check_exit(ctx.run(["--data", data, "--label", "red", "--label", "blue", "--epochs", "2",
                        "--save", project]), 0)
    result = plot(ctx, ["--project", project, "--view", "confusion",
                        "--output", ctx.path("labels-confusion.png")])
    check_exit(result, 2)
    check("multilabel" in result.stderr, f"stderr {result.stderr!r}")
    result = plot(ctx, ["--project", project, "--view", "regions",
                        "--output", ctx.path("labels-regions.png")])
    check_exit(result, 2)
    check("--label cannot change a saved project" in result.stderr,
          f"stderr {result.stderr!r}")
    check("give one --label" not in result.stderr, f"stderr {result.stderr!r}")
    path = ctx.path("labels-metrics.pdf")
    check_exit(plot(ctx, ["--project", project, "--view", "metrics", "--output", path]), 0)
    check_pdf(ctx, path, ["Metrics of the training data after 2 epochs", "Exact match"])


@test("/cli/plot-project/new-views-while-training")
def test_training(ctx):
    for view in ("confusion", "metrics"):
        path = ctx.path(f"train-{view}.png")
        result = plot(ctx, ["--view", view, "--output", path, "--dataset", "iris",
                            "--epochs", "2", "--test-split", "0.2", "--scale", "0.5",
                            "--theme", "dark"])
        check_exit(result, 0)
        width, height, _ = png_header(path)
        check((width, height) == (400, 300), f"{view} at scale 0.5: {width}x{height}")
        check(max(png_first_pixel(path)) < 96, f"{view}: dark theme corner is light")


@test("/cli/plot-project/data-file-changed-or-missing")
def test_data_changed(ctx):
    data = ctx.path("blobs-copy.csv")
    shutil.copyfile(ctx.blobs4(), data)
    project = ctx.path("copy.neurite")
    check_exit(ctx.run(["--data", data, "--epochs", "1", "--save", project]), 0)
    output = ctx.path("copy.png")

    with open(data, "a", encoding="utf-8") as f:
        f.write("0.5,0.5,1\n")
    result = plot(ctx, ["--project", project, "--view", "network", "--output", output])
    check_exit(result, 1)
    check(data in result.stderr and "restore" in result.stderr, f"stderr {result.stderr!r}")

    os.remove(data)
    result = plot(ctx, ["--project", project, "--view", "network", "--output", output])
    check_exit(result, 1)
    check(data in result.stderr and "put the file back" in result.stderr,
          f"stderr {result.stderr!r}")
    check(not os.path.exists(output), "a plot was written without its data")

    # The loss curves come from the history in the project file alone.
    result = plot(ctx, ["--project", project, "--view", "loss", "--output", output])
    check_exit(result, 0)
    check(os.path.exists(output), "no loss plot was written without the data file")


@test("/cli/plot-project/bad-input")
def test_bad_input(ctx):
    project = train_blobs(ctx, "bad.neurite")
    damaged = ctx.write("damaged.neurite", "{\"format\": \"neurite-project\", \"version\": 1")
    png = ctx.path("bad.png")
    svg = ctx.path("bad.svg")
    cases = [
        (["--project", ctx.path("missing.neurite"), "--view", "loss", "--output", png], 1,
         ["missing.neurite"]),
        (["--project", damaged, "--view", "loss", "--output", png], 1, ["damaged.neurite"]),
        (["--project", "", "--view", "loss", "--output", png], 2, ["--project"]),
        (["--project", project, "--view", "heatmap", "--output", png], 2,
         ["“heatmap”", "confusion, metrics"]),
        (["--project", project, "--view", "loss", "--output", png, "--scale", "0"], 2,
         ["--scale", "“0”", "0.25 to 8"]),
        (["--project", project, "--view", "loss", "--output", png, "--scale", "abc"], 2,
         ["--scale", "“abc”"]),
        (["--project", project, "--view", "loss", "--output", png, "--scale", "9"], 2,
         ["--scale", "“9”"]),
        (["--project", project, "--view", "loss", "--output", svg, "--scale", "2"], 2,
         ["--scale", "bad.svg", ".png"]),
        (["--project", project, "--view", "loss", "--output", png, "--theme", "purple"], 2,
         ["--theme", "“purple”", "light or dark"]),
        (["--project", project, "--view", "loss", "--output", png, "--epochs", "2"], 2,
         ["--epochs", "--project"]),
        (["--project", project, "--view", "loss", "--output", png, "--layers", "3"], 2,
         ["--layers", "--project"]),
        (["--project", project, "--view", "loss", "--output", project + ".png",
          "--dataset", "iris"], 2, ["--dataset"]),
        (["--project", project, "--view", "loss"], 2, ["--output"]),
    ]
    for args, status, named in cases:
        result = plot(ctx, args)
        check(result.returncode == status, f"{args}: exit status {result.returncode}, "
                                           f"expected {status}; stderr: {result.stderr!r}")
        check(result.stderr.startswith("neurite-cli: "), f"{args}: {result.stderr!r}")
        for text in named:
            check(text in result.stderr, f"{args}: {result.stderr!r} does not name {text!r}")
    check(not os.path.exists(png) and not os.path.exists(svg), "a file was written")

    # The project cannot be its own output, which .neurite already rules out.
    result = plot(ctx, ["--project", project, "--view", "loss", "--output", project])
    check(result.returncode == 2, f"exit status {result.returncode}: {result.stderr!r}")


if __name__ == "__main__":
    sys.exit(SUITE.main(__doc__))
