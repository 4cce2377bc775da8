#!/usr/bin/env python3
"""End-to-end tests of `neurite-cli summary`, `expr` and `plot`, printed as TAP.

Runs the built executable as a user would, on the bundled datasets and on
small files written to a temporary folder, and checks its exit status, its
output and the files it writes.
"""
import re
import struct
import sys

from cli_tap import Suite, check, check_exit

SUITE = Suite()
test = SUITE.test


def summary_rows(stdout):
    """Returns [(name, units, params)] from Keras's summary layout, and the total."""
    rows = [(m.group(1), int(m.group(2)), int(m.group(3).replace(",", "")))
            for m in re.finditer(r"^ (\w+) \(Dense\)\s+\(None, (\d+)\)\s+([\d,]+)\s*$", stdout,
                                 re.MULTILINE)]
    total = re.search(r"^Total params: ([\d,]+)$", stdout, re.MULTILINE)
    check(total is not None, f"no total in:\n{stdout}")
    return rows, int(total.group(1).replace(",", ""))


# Parameter counts: a Dense layer of u units on n inputs has n*u + u.
@test("/cli/summary/inputs-counts")
def test_summary_inputs(ctx):
    result = ctx.run_cli(["summary", "--inputs", "2", "--layers", "25:relu,15:relu,4:linear"])
    check_exit(result, 0)
    rows, total = summary_rows(result.stdout)
    check(rows == [("dense", 25, 75), ("dense_1", 15, 390), ("dense_2", 4, 64)], f"{rows}")
    check(total == 529, f"total {total}")
    check(result.stdout.startswith('Model: "sequential"\n'), result.stdout)
    check("Trainable params: 529" in result.stdout, result.stdout)


@test("/cli/summary/larger-than-memory")
def test_summary_larger_than_memory(ctx):
    # 100000 * 100000 + 100000 float32 parameters take 40 GB; the summary
    # needs none of them. The count is by hand.
    result = ctx.run_cli(["summary", "--inputs", "100000", "--layers", "100000:relu"])
    check_exit(result, 0)
    check("Total params: 10,000,100,000\n" in result.stdout, f"output {result.stdout!r}")


@test("/cli/summary/data-blobs4")
def test_summary_blobs4(ctx):
    result = ctx.run_cli(["summary", "--data", ctx.blobs4(), "--layers", "25:relu,15:relu,4"])
    check_exit(result, 0)
    rows, total = summary_rows(result.stdout)
    check(rows == [("dense", 25, 75), ("dense_1", 15, 390), ("dense_2", 4, 64)], f"{rows}")
    check(total == 529, f"total {total}")

    # The default model on 4 classes: 8 relu units (2*8 + 8), then 4 (8*4 + 4).
    result = ctx.run_cli(["summary", "--data", ctx.blobs4()])
    check_exit(result, 0)
    rows, total = summary_rows(result.stdout)
    check(rows == [("dense", 8, 24), ("dense_1", 4, 36)], f"{rows}")
    check(total == 60, f"total {total}")


@test("/cli/summary/dataset-iris")
def test_summary_iris(ctx):
    # 4 features: 4*10 + 10 = 50, then 10*3 + 3 = 33.
    result = ctx.run_cli(["summary", "--dataset", "iris", "--layers", "10:tanh,3:softmax"])
    check_exit(result, 0)
    rows, total = summary_rows(result.stdout)
    check(rows == [("dense", 10, 50), ("dense_1", 3, 33)], f"{rows}")
    check(total == 83, f"total {total}")


@test("/cli/summary/bad-arguments")
def test_summary_bad(ctx):
    cases = [
        ([], "--inputs"),
        (["--inputs", "2", "--dataset", "iris"], "--dataset"),
        (["--inputs", "0"], "“0”"),
        (["--inputs", "2", "--layers", "4:rleu"], "“rleu”"),
        (["--dataset", "nope"], "“nope”"),
        (["--inputs", "2", "--epochs", "3"], "--epochs"),
    ]
    for args, named in cases:
        result = ctx.run_cli(["summary"] + args)
        check(result.returncode == 2, f"{args}: exit status {result.returncode}; "
                                      f"stderr: {result.stderr!r}")
        check(result.stderr.startswith("neurite-cli: "), f"{args}: {result.stderr!r}")
        check(named in result.stderr, f"{args}: {result.stderr!r} does not name {named!r}")
        check(result.stdout == "", f"{args}: output {result.stdout!r}")


def expr_values(stdout):
    """Returns {left side: float} for every "LEFT = NUMBER" line."""
    values = {}
    for line in stdout.splitlines():
        match = re.fullmatch(r"(\S+) = (\S+)", line)
        if match:
            values[match.group(1)] = float(match.group(2))
    return values


def check_close(values, name, expected, rtol=1e-4):
    check(name in values, f"{name} is missing from {values}")
    difference = abs(values[name] - expected)
    check(difference <= rtol * abs(expected),
          f"{name} = {values[name]}, expected {expected}; difference {difference:.3g} "
          f"exceeds {rtol} relative")


# The program of micrograd's README test; the expected numbers are PyTorch's
# autograd on the same program in float64 (g.backward() at a = -4, b = 2).
REFERENCE_PROGRAM = """\
c = a + b
d = a*b + b^3
c = c + c + 1
c = c + 1 + c + (-a)
d = d + d*2 + relu(b + a)
d = d + 3*d + relu(b - a)
e = c - d
f = e^2
g = f / 2
g = g + 10 / f
"""


@test("/cli/expr/reference-program")
def test_expr_reference(ctx):
    path = ctx.write("reference.txt", REFERENCE_PROGRAM)
    result = ctx.run_cli(["expr", path, "--set", "a=-4", "--set", "b=2"])
    check_exit(result, 0)
    values = expr_values(result.stdout)
    check_close(values, "g", 24.70408163265306)
    check_close(values, "dg/da", 138.83381924198252)
    check_close(values, "dg/db", 645.5772594752186)
    # Every assigned name once, in order of first assignment, then the derivatives.
    names = [line.split(" = ")[0] for line in result.stdout.splitlines()]
    check(names == ["c", "d", "e", "f", "g", "dg/da", "dg/db"], f"{names}")


@test("/cli/expr/squared-error")
def test_expr_squared_error(ctx):
    # By hand: w*x - y = -4, J = 16 / 2 = 8, dJ/dw = (w*x - y) * x = -4,
    # dJ/dx = (w*x - y) * w = -8, dJ/dy = -(w*x - y) = 4.
    path = ctx.write("squared-error.txt", "J = (w*x - y)^2 / 2\n")
    result = ctx.run_cli(["expr", path, "--set", "w=2", "--set", "x=1", "--set", "y=6"])
    check_exit(result, 0)
    values = expr_values(result.stdout)
    check_close(values, "J", 8)
    check_close(values, "dJ/dw", -4)
    check_close(values, "dJ/dx", -8)
    check_close(values, "dJ/dy", 4)
    check("J = 8\n" in result.stdout, result.stdout)
    check("dJ/dw = -4\n" in result.stdout, result.stdout)


def evaluate_formula(formula, **inputs):
    """Evaluates a printed derivative, whose syntax is Python's but for ^."""
    check(re.fullmatch(r"[\w\s.+\-*/^()]+", formula), f"formula {formula!r}")
    return eval(formula.replace("^", "**"), {"__builtins__": {}}, inputs)  # noqa: S307


@test("/cli/expr/symbolic")
def test_expr_symbolic(ctx):
    path = ctx.write("square.txt", "J = w^2\n")
    result = ctx.run_cli(["expr", path, "--set", "w=3"])
    check_exit(result, 0)
    check(result.stdout == "J = 9\ndJ/dw = 6\n", f"{result.stdout!r}")

    result = ctx.run_cli(["expr", path, "--set", "w=3", "--symbolic"])
    check_exit(result, 0)
    lines = result.stdout.splitlines()
    check(lines[:2] == ["J = 9", "dJ/dw = 6"], f"{lines}")
    check(len(lines) == 3 and lines[2].startswith("dJ/dw symbolic: "), f"{lines}")
    formula = lines[2][len("dJ/dw symbolic: "):]
    check("w" in formula, f"formula {formula!r}")
    # d(w^2)/dw = 2w: 6 at w = 3 and -1 at w = -0.5, whatever form the
    # simplification gives it.
    for w, expected in ((3.0, 6.0), (-0.5, -1.0)):
        value = evaluate_formula(formula, w=w)
        check(abs(value - expected) < 1e-12, f"formula {formula!r} gives {value} at w = {w}")


@test("/cli/expr/unset-input-is-zero")
def test_expr_unset(ctx):
    path = ctx.write("plus-one.txt", "J = w^2 + 3*w + 1\n")
    result = ctx.run_cli(["expr", path])
    check_exit(result, 0)
    # At w = 0: J = 1 and dJ/dw = 2w + 3 = 3.
    check(result.stdout == "J = 1\ndJ/dw = 3\n", f"{result.stdout!r}")


@test("/cli/expr/gradient-descent")
def test_expr_step(ctx):
    # J = (w - 3)^2 from w = 0 with a learning rate of 0.25: dJ/dw = 2(w - 3),
    # so w goes 0 -> 1.5 -> 2.25, and then J = 0.5625 and dJ/dw = -1.5.
    path = ctx.write("bowl.txt", "J = (w - 3)^2\n")
    result = ctx.run_cli(["expr", path, "--step", "0.25", "--steps", "2"])
    check_exit(result, 0)
    check(result.stdout == "w = 2.25\nJ = 0.5625\ndJ/dw = -1.5\n", f"{result.stdout!r}")

    for args, named in ((["--step", "0.1"], "--steps"), (["--steps", "3"], "--step"),
                        (["--step", "-1", "--steps", "2"], "“-1”"),
                        (["--step", "0.1", "--steps", "0"], "“0”")):
        result = ctx.run_cli(["expr", path] + args)
        check(result.returncode == 2, f"{args}: exit status {result.returncode}")
        check(named in result.stderr, f"{args}: {result.stderr!r} does not name {named!r}")


@test("/cli/expr/syntax-error")
def test_expr_syntax_error(ctx):
    path = ctx.write("broken.txt", "x = 1\ny = x * * 2\n")
    result = ctx.run_cli(["expr", path])
    check_exit(result, 1)
    check(result.stdout == "", f"output {result.stdout!r}")
    lines = result.stderr.splitlines()
    check(len(lines) == 1, f"stderr {result.stderr!r}")
    # The second '*' of line 2 is at column 9.
    check(lines[0].startswith(f"{path}:2:9: "), f"{lines[0]!r} does not start with {path}:2:9:")
    check("line 2" not in lines[0], f"{lines[0]!r} repeats the location")


@test("/cli/expr/non-ascii-character")
def test_expr_non_ascii_character(ctx):
    # The error names the character and its code point; the column counts
    # characters, so '×' after "y = a " is at column 7.
    path = ctx.write("times.txt", "y = a \u00d7 b\n")
    result = ctx.run_cli(["expr", path])
    check_exit(result, 1)
    check(result.stderr.startswith(f"{path}:1:7: unexpected character '\u00d7' (U+00D7)"),
          f"stderr {result.stderr!r}")


@test("/cli/expr/nul-byte")
def test_expr_nul_byte(ctx):
    # "z = \u03b1 " is 6 characters (7 bytes), so the NUL byte is at column 7.
    path = ctx.path("nul.txt")
    with open(path, "wb") as f:
        f.write("y = 1\nz = \u03b1 \0 + 1\n".encode("utf-8"))
    result = ctx.run_cli(["expr", path])
    check_exit(result, 1)
    check(result.stdout == "", f"output {result.stdout!r}")
    check(result.stderr.startswith(f"{path}:2:7: unexpected NUL byte"),
          f"stderr {result.stderr!r}")


@test("/cli/expr/file-too-large")
def test_expr_file_too_large(ctx):
    # A sparse file 1 byte over the 16 MiB limit, and a device without end.
    path = ctx.path("large.txt")
    with open(path, "wb") as f:
        f.truncate(16 * 1024 * 1024 + 1)
    for program in [path, "/dev/zero"]:
        result = ctx.run_cli(["expr", program], timeout=30)
        check_exit(result, 1)
        check(program in result.stderr, f"stderr {result.stderr!r}")
        check("larger than the limit of 16 MiB" in result.stderr, f"stderr {result.stderr!r}")


@test("/cli/expr/bad-arguments")
def test_expr_bad(ctx):
    path = ctx.write("two-inputs.txt", "c = a * b\n")
    result = ctx.run_cli(["expr", path, "--set", "z=1"])
    check_exit(result, 2)
    check("“z”" in result.stderr and "a, b" in result.stderr, f"stderr {result.stderr!r}")

    cases = [
        (["--set", "a=abc"], "“abc”"),
        (["--set", "a"], "NAME=VALUE"),
        (["--set", "a=nan"], "“nan”"),
    ]
    for args, named in cases:
        result = ctx.run_cli(["expr", path] + args)
        check(result.returncode == 2, f"{args}: exit status {result.returncode}")
        check(named in result.stderr, f"{args}: {result.stderr!r} does not name {named!r}")

    result = ctx.run_cli(["expr"])
    check_exit(result, 2)
    check("FILE" in result.stderr, f"stderr {result.stderr!r}")
    result = ctx.run_cli(["expr", ctx.path("no-such-program.txt")])
    check_exit(result, 1)
    check("no-such-program.txt" in result.stderr, f"stderr {result.stderr!r}")
    check("check the path" in result.stderr, f"stderr {result.stderr!r}")
    result = ctx.run_cli(["expr", ctx.tmp])
    check_exit(result, 1)
    check(result.stderr.count(ctx.tmp) == 1, f"stderr {result.stderr!r}")
    check("not a folder" in result.stderr, f"stderr {result.stderr!r}")


@test("/cli/expr/not-finite")
def test_expr_not_finite(ctx):
    path = ctx.write("log.txt", "y = log(x)\n")
    result = ctx.run_cli(["expr", path, "--set", "x=-1"])
    check_exit(result, 1)
    check(result.stderr.startswith("neurite-cli: "), f"stderr {result.stderr!r}")
    check("y = NaN\n" in result.stdout, f"{result.stdout!r}")


# A small 2-D run for the plots: Playground's circle with a tanh layer.
PLOT_MODEL = ["--dataset", "circle", "--samples", "200", "--layers", "6:tanh,3:relu,1",
              "--epochs", "3", "--validation-split", "0.25"]


def png_size(path):
    with open(path, "rb") as f:
        header = f.read(24)
    check(header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG: {header[:8]!r}")
    return struct.unpack(">II", header[16:24])


@test("/cli/plot/every-view-and-format")
def test_plot_views(ctx):
    for view in ("network", "graph", "loss", "regions"):
        for extension in ("png", "svg", "pdf"):
            path = ctx.path(f"{view}.{extension}")
            result = ctx.run_cli(["plot", "--view", view, "--output", path,
                                  "--width", "640", "--height", "480"] + PLOT_MODEL)
            check_exit(result, 0)
            check(result.stdout == "", f"{view}.{extension}: output {result.stdout!r}")
            with open(path, "rb") as f:
                start = f.read(256)
            if extension == "png":
                size = png_size(path)
                check(size == (640, 480), f"{view}.png is {size[0]}x{size[1]}, expected 640x480")
            elif extension == "svg":
                check(start.startswith(b"<?xml") or start.startswith(b"<svg"),
                      f"{view}.svg starts with {start[:20]!r}")
            else:
                check(start.startswith(b"%PDF"), f"{view}.pdf starts with {start[:20]!r}")


@test("/cli/plot/initial-weights-and-defaults")
def test_plot_initial(ctx):
    for view in ("network", "loss", "regions"):
        path = ctx.path(f"initial-{view}.png")
        result = ctx.run_cli(["plot", "--view", view, "--output", path, "--epochs", "0",
                              "--data", ctx.blobs4()])
        check_exit(result, 0)
        check(png_size(path) == (800, 600), f"{view}: {png_size(path)}")
    # The graph's default size is its diagram's natural size.
    path = ctx.path("initial-graph.png")
    result = ctx.run_cli(["plot", "--view", "graph", "--output", path, "--epochs", "0",
                          "--dataset", "iris"])
    check_exit(result, 0)
    width, height = png_size(path)
    check((width, height) != (800, 600) and min(width, height) >= 100,
          f"graph size {width}x{height}")


@test("/cli/plot/verbose-progress")
def test_plot_verbose(ctx):
    path = ctx.path("verbose.png")
    result = ctx.run_cli(["plot", "--view", "loss", "--output", path, "--verbose"] + PLOT_MODEL)
    check_exit(result, 0)
    check("Epoch 1/3" in result.stdout and "Epoch 3/3" in result.stdout, result.stdout)
    check("binary_crossentropy" in result.stderr, f"stderr {result.stderr!r}")


@test("/cli/plot/bad-arguments")
def test_plot_bad(ctx):
    cases = [
        (["--view", "heatmap", "--output", "x.png"], "network, graph, loss, regions"),
        (["--output", "x.png"], "--view"),
        (["--view", "loss"], "--output"),
        (["--view", "loss", "--output", ctx.path("x.bmp")], ".bmp"),
        (["--view", "loss", "--output", ctx.path("x.png"), "--width", "0"], "“0”"),
        (["--view", "loss", "--output", ctx.path("x.png"), "--epochs", "-1"], "“-1”"),
    ]
    for args, named in cases:
        result = ctx.run_cli(["plot", "--dataset", "circle", "--epochs", "1"] + args)
        check(result.returncode == 2, f"{args}: exit status {result.returncode}; "
                                      f"stderr: {result.stderr!r}")
        check(result.stderr.startswith("neurite-cli: "), f"{args}: {result.stderr!r}")
        check(named in result.stderr, f"{args}: {result.stderr!r} does not name {named!r}")

    # One feature gives no plane, and more are drawn on two principal components.
    one_feature = ctx.write("one-feature.csv", "x,label\n" + "".join(
        f"{i},{i % 2}\n" for i in range(20)))
    result = ctx.run_cli(["plot", "--view", "regions", "--output", ctx.path("one.png"),
                          "--data", one_feature, "--epochs", "1"])
    check_exit(result, 2)
    check("at least 2 features" in result.stderr and "has 1" in result.stderr,
          f"stderr {result.stderr!r}")
    result = ctx.run_cli(["plot", "--view", "regions", "--output", ctx.path("iris.png"),
                          "--dataset", "iris", "--epochs", "1"])
    check_exit(result, 0)

    result = ctx.run_cli(["plot", "--view", "loss", "--output",
                          ctx.path("no-such-dir/loss.png"), "--dataset", "circle",
                          "--epochs", "1"])
    check_exit(result, 1)
    check("loss.png" in result.stderr, f"stderr {result.stderr!r}")


@test("/cli/plot/output-checked-before-training")
def test_plot_output_checked_first(ctx):
    # --verbose prints the training's progress, so an empty stdout shows that
    # the output was rejected before the training.
    cases = [
        (ctx.path("no-such-dir/loss.png"), 1, ["“" + ctx.path("no-such-dir/loss.png") + "”",
                                               "does not exist"]),
        (ctx.path("loss.bmp"), 2, ["“" + ctx.path("loss.bmp") + "”", ".bmp", ".png"]),
        (ctx.path("loss"), 2, ["“" + ctx.path("loss") + "”", "no extension"]),
        (ctx.tmp, 1, ["“" + ctx.tmp + "”", "folder"]),
        ("", 2, ["--output", "empty", "loss.png"]),
    ]
    for path, status, named in cases:
        result = ctx.run_cli(["plot", "--view", "loss", "--output", path, "--verbose"]
                             + PLOT_MODEL)
        check(result.returncode == status, f"{path!r}: exit status {result.returncode}, "
                                           f"expected {status}; stderr: {result.stderr!r}")
        check(result.stdout == "", f"{path!r}: the training ran: {result.stdout[:200]!r}")
        lines = result.stderr.splitlines()
        check(len(lines) == 1, f"{path!r}: stderr {result.stderr!r}")
        for text in named:
            check(text in lines[0], f"{path!r}: {lines[0]!r} does not contain {text!r}")


@test("/cli/commands-help")
def test_commands_help(ctx):
    result = ctx.run_cli(["--help"])
    check_exit(result, 0)
    for command in ("train", "summary", "expr", "plot"):
        check(re.search(rf"^  {command} +\S", result.stdout, re.MULTILINE),
              f"--help does not list {command}:\n{result.stdout}")
        result_command = ctx.run_cli([command, "--help"])
        check_exit(result_command, 0)
        check("Exit status" in result_command.stdout, f"{command} --help: {result_command.stdout}")
    check(re.search(r"^  export-code +Write a Keras, PyTorch or NumPy script", result.stdout,
                    re.MULTILINE), f"--help misnames what export-code writes:\n{result.stdout}")
    result = ctx.run_cli(["plot", "--help"])
    # The exit status rule: an output folder that does not exist is a file
    # failure (1), an unsupported extension a bad command line (2).
    for text in ("--view", "--width", "--layers", "--epochs", "regions",
                 "1 for a data, file or training failure", "its folder does not exist",
                 "2 for an\ninvalid command line", ".png, .svg or .pdf",
                 "first batch of the training part", "validation points are squares"):
        check(text in result.stdout, f"plot --help does not mention {text!r}")


if __name__ == "__main__":
    sys.exit(SUITE.main(__doc__))
