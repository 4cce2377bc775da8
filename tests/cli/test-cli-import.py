#!/usr/bin/env python3
"""End-to-end tests of the CSV import options of `neurite-cli train`, printed
as TAP: delimiters, decimal commas, byte order marks, quoting, empty
columns, missing and non-numeric values, --no-header, --features and the
option checks.

Each file is small and written to a temporary folder. Where the values
matter, the run holds out half of the rows with --test-split and writes them
with --predictions, so that the test compares the values as loaded with the
values the file holds.
"""
import re
import sys

from cli_results import read_predictions
from cli_tap import Suite, check, check_exit

SUITE = Suite()
test = SUITE.test

# Two well separated classes of two features each: a small model learns them
# in a few epochs, which these tests do not depend on.
POINTS = [(1.5, 2.25, "a"), (1.25, 2.5, "a"), (1.75, 2.0, "a"), (1.0, 2.75, "a"),
          (-1.5, -2.25, "b"), (-1.25, -2.5, "b"), (-1.75, -2.0, "b"), (-1.0, -2.75, "b")]
QUICK = ["--layers", "4:relu,1:sigmoid", "--loss", "binary_crossentropy", "--epochs", "2"]


def train_and_predict(ctx, name, text, extra, newline="\n"):
    """Writes text to NAME, trains on it holding out half of the rows, and
    returns (result, header, rows) of the predictions."""
    path = ctx.path(name)
    with open(path, "w", encoding="utf-8", newline=newline) as f:
        f.write(text)
    predictions = ctx.path(f"{name}.predictions.csv")
    result = ctx.run(["--data", path, "--test-split", "0.5", "--predictions", predictions]
                     + QUICK + extra)
    check_exit(result, 0)
    header, rows = read_predictions(predictions)
    return result, header, rows


def check_loaded_points(header, rows, names=("x1", "x2", "label")):
    check(header[:3] == list(names), f"header {header}")
    check(len(rows) == 4, f"{len(rows)} test rows, expected 4")
    for row in rows:
        point = (float(row[0]), float(row[1]), row[2])
        check(point in POINTS, f"test row {row[:3]} is not a point of the file")


def points_text(delimiter=",", decimal="."):
    lines = [delimiter.join(["x1", "x2", "label"])]
    for x1, x2, label in POINTS:
        values = [str(x1).replace(".", decimal), str(x2).replace(".", decimal), label]
        lines.append(delimiter.join(values))
    return "\n".join(lines) + "\n"


@test("/cli/import/semicolon-decimal-comma")
def test_semicolon_decimal_comma(ctx):
    text = points_text(";", ",")
    # Detected, then given.
    for extra in ([], ["--delimiter", ";", "--decimal-comma"]):
        _, header, rows = train_and_predict(ctx, "semicolon.csv", text, extra)
        check_loaded_points(header, rows)


@test("/cli/import/tab-delimiter")
def test_tab(ctx):
    for value in ("tab", "\t"):
        _, header, rows = train_and_predict(ctx, "tab.csv", points_text("\t"),
                                            ["--delimiter", value])
        check_loaded_points(header, rows)


@test("/cli/import/bom-crlf")
def test_bom_crlf(ctx):
    _, header, rows = train_and_predict(ctx, "bom.csv", "\ufeff" + points_text(), [],
                                        newline="\r\n")
    # The byte order mark is not part of the first column's name.
    check_loaded_points(header, rows)


@test("/cli/import/quoted-delimiters")
def test_quoted(ctx):
    lines = ["x1,x2,label"]
    for x1, x2, label in POINTS:
        name = "red, dark" if label == "a" else 'blue "navy"'
        lines.append(f'"{x1}",{x2},"{name.replace(chr(34), chr(34) * 2)}"')
    _, header, rows = train_and_predict(ctx, "quoted.csv", "\n".join(lines) + "\n", [])
    check(header[-2:] == ['probability_blue "navy"', "probability_red, dark"],
          f"header {header}")
    for row in rows:
        check(row[2] in ("red, dark", 'blue "navy"'), f"class {row[2]!r}")


@test("/cli/import/empty-column")
def test_empty_column(ctx):
    lines = ["x1,unused,x2,label"] + [f"{x1},,{x2},{label}" for x1, x2, label in POINTS]
    result, header, rows = train_and_predict(ctx, "empty-column.csv", "\n".join(lines) + "\n",
                                             [])
    check_loaded_points(header, rows)
    check("unused" in result.stderr, f"no note names the empty column: {result.stderr!r}")


def missing_value_text():
    lines = ["x1,x2,label"] + [f"{x1},{x2},{label}" for x1, x2, label in POINTS]
    lines[3] = "1.75,,a"   # line 4 of the file, column x2
    return "\n".join(lines) + "\n"


@test("/cli/import/missing-value")
def test_missing_value(ctx):
    path = ctx.write("missing.csv", missing_value_text())
    result = ctx.run(["--data", path] + QUICK)
    check_exit(result, 1)
    message = result.stderr.strip()
    check(len(message.splitlines()) == 1, f"stderr {message!r}")
    check("missing.csv" in message, f"{message!r} does not name the file")
    check(re.search(r"\b4\b", message), f"{message!r} does not name line 4")
    check("x2" in message, f"{message!r} does not name the column x2")
    check("--missing" in message, f"{message!r} does not say what to do")

    for mode in ("drop", "mean"):
        result = ctx.run(["--data", path, "--missing", mode] + QUICK)
        check_exit(result, 0)
        notes = [line for line in result.stderr.splitlines() if line.startswith("neurite-cli: ")]
        check(notes, f"--missing {mode}: no note on stderr")
        check(any("1" in note and "x2" in note for note in notes),
              f"--missing {mode}: no note counts the value of x2: {result.stderr!r}")


@test("/cli/import/missing-mean-all-rows")
def test_missing_mean_all_rows(ctx):
    # x2 is known in 10 of 40 rows, with distinct values, and empty in the
    # others. train --help states that --missing mean fills the mean over all
    # rows of the file, test rows included, since the values are filled while
    # the file is read, before the split.
    known = {i * 4: float(i * i) for i in range(10)}
    lines = ["x1,x2,label"]
    for i in range(40):
        label = "a" if i % 2 == 0 else "b"
        x1 = 1.0 + i / 100 if label == "a" else -1.0 - i / 100
        x2 = f"{known[i]:g}" if i in known else ""
        lines.append(f"{x1:g},{x2},{label}")
    result, header, rows = train_and_predict(ctx, "missing-mean.csv", "\n".join(lines) + "\n",
                                             ["--missing", "mean"])
    check(header[:2] == ["x1", "x2"], f"header {header}")

    # Hand calculation: (0 + 1 + 4 + ... + 81) / 10 = 28.5.
    all_rows_mean = sum(known.values()) / len(known)
    check(all_rows_mean == 28.5, f"mean {all_rows_mean}")
    test_known = {float(row[1]) for row in rows} & set(known.values())
    training_known = set(known.values()) - test_known
    training_mean = sum(training_known) / len(training_known)
    # Both parts contain known values, so the mean over the training part
    # differs from the mean over all rows, and the check below can fail.
    check(test_known and training_known, f"known values in the test part: {test_known}")
    check(training_mean != all_rows_mean, f"training mean {training_mean}")
    filled = [float(row[1]) for row in rows if float(row[1]) not in known.values()]
    check(filled, f"no filled value in the test part: {rows}")
    for value in filled:
        check(abs(value - all_rows_mean) < 1e-5,
              f"filled value {value}, expected the mean over all rows {all_rows_mean}")

    help_text = ctx.run(["--help"]).stdout
    check("the mean is over all rows of the file" in help_text,
          "train --help does not say which rows --missing mean averages")


@test("/cli/import/text-in-numeric-column")
def test_text_value(ctx):
    lines = ["x1,x2,label"] + [f"{x1},{x2},{label}" for x1, x2, label in POINTS]
    lines[6] = "-1.25,n/a,b"   # line 7 of the file
    path = ctx.write("text-value.csv", "\n".join(lines) + "\n")
    result = ctx.run(["--data", path] + QUICK)
    check_exit(result, 1)
    message = result.stderr.strip()
    check("n/a" in message and re.search(r"\b7\b", message) and "x2" in message,
          f"{message!r} does not name the value, line 7 and column x2")
    result = ctx.run(["--data", path, "--missing", "drop"] + QUICK)
    check_exit(result, 0)


@test("/cli/import/header-only")
def test_header_only(ctx):
    path = ctx.write("header-only.csv", "x1,x2,label\n")
    result = ctx.run(["--data", path] + QUICK)
    check_exit(result, 1)
    message = result.stderr.strip()
    check(len(message.splitlines()) == 1 and "header-only.csv" in message,
          f"stderr {message!r}")


@test("/cli/import/one-class")
def test_one_class(ctx):
    lines = ["x1,x2,label"] + [f"{x1},{x2},a" for x1, x2, _ in POINTS]
    path = ctx.write("one-class.csv", "\n".join(lines) + "\n")
    result = ctx.run(["--data", path, "--epochs", "1"])
    check_exit(result, 1)
    message = result.stderr.strip()
    check("one-class.csv" in message and "label" in message, f"stderr {message!r}")


@test("/cli/import/no-header")
def test_no_header(ctx):
    text = "".join(f"{x1},{x2},{label}\n" for x1, x2, label in POINTS)
    _, header, rows = train_and_predict(ctx, "no-header.csv", text, ["--no-header"])
    check_loaded_points(header, rows, names=("column 1", "column 2", "column 3"))


@test("/cli/import/features-and-label-by-name")
def test_features(ctx):
    lines = ["id,x1,noise,x2,label"]
    lines += [f"{i},{x1},{i * 7 % 3},{x2},{label}" for i, (x1, x2, label) in enumerate(POINTS)]
    _, header, rows = train_and_predict(ctx, "features.csv", "\n".join(lines) + "\n",
                                        ["--features", "x1,x2", "--label", "label"])
    check_loaded_points(header, rows)


# Invalid import options, and a text that the one-line message must contain.
BAD_OPTIONS = [
    (["--delimiter", "|"], "“|”"),
    (["--missing", "zero"], "“zero”"),
    (["--task", "clustering"], "“clustering”"),
    (["--features", ""], "--features"),
    (["--features", "x1,,x2"], "--features"),
    (["--label", ""], "--label"),
    (["--decimal-comma", "--delimiter", ","], "--decimal-comma"),
]


@test("/cli/import/bad-options")
def test_bad_options(ctx):
    path = ctx.write("points.csv", points_text())
    for extra, named in BAD_OPTIONS:
        result = ctx.run(["--data", path] + QUICK + extra)
        check(result.returncode == 2, f"{extra}: exit status {result.returncode}, expected 2; "
                                      f"stderr {result.stderr!r}")
        lines = result.stderr.splitlines()
        check(len(lines) == 1 and lines[0].startswith("neurite-cli: "),
              f"{extra}: stderr {result.stderr!r}")
        check(named in lines[0], f"{extra}: {lines[0]!r} does not name {named!r}")

    # The import options apply to --data only.
    for option in (["--label", "species"], ["--no-header"], ["--missing", "drop"]):
        result = ctx.run(["--dataset", "iris", "--epochs", "1"] + option)
        check_exit(result, 2)
        check(option[0] in result.stderr, f"{option}: stderr {result.stderr!r}")
        result = ctx.run_cli(["summary", "--inputs", "2"] + option)
        check_exit(result, 2)

    # A column that does not exist is an error of the file, exit status 1.
    result = ctx.run(["--data", path, "--features", "x1,x9"] + QUICK)
    check_exit(result, 1)
    check("x9" in result.stderr, f"stderr {result.stderr!r}")


@test("/cli/import/summary-and-plot")
def test_summary_plot(ctx):
    path = ctx.write("summary.csv", points_text(";", ","))
    result = ctx.run_cli(["summary", "--data", path, "--delimiter", ";", "--decimal-comma"])
    check_exit(result, 0)
    check("Total params:" in result.stdout, result.stdout)
    output = ctx.path("regions.png")
    result = ctx.run_cli(["plot", "--data", path, "--delimiter", ";", "--view", "regions",
                          "--output", output] + QUICK)
    check_exit(result, 0)


if __name__ == "__main__":
    sys.exit(SUITE.main(__doc__))
