"""Reading what `neurite-cli train` writes: the test line, the --metrics
JSON and the --predictions CSV, for the end-to-end tests."""
import csv
import json
import re

from cli_tap import check, check_exit

# Keras's evaluate line: "test: loss: 0.0712 - accuracy: 0.9667", each value
# with 4 decimals, or in exponent form when it is at most 1e-3.
VALUE = r"-?\d+\.\d{4}(?:e[+-]\d+)?|NaN|-?inf"
TEST_LINE = re.compile(rf"^test: loss: (?P<loss>{VALUE})"
                       rf"(?: - accuracy: (?P<accuracy>{VALUE})"
                       rf"| - mae: (?P<mae>{VALUE}) - rmse: (?P<rmse>{VALUE})"
                       rf" - r2: (?P<r2>{VALUE}))$")


def keras_format(value):
    """Formats a metric as Keras's Progbar does."""
    return f"{value:.4f}" if abs(value) > 1e-3 else f"{value:.4e}"


def test_line(stdout):
    """Returns the test line's match; it is the last line of the output."""
    lines = stdout.splitlines()
    check(lines, "no output")
    match = TEST_LINE.match(lines[-1])
    check(match, f"last line {lines[-1]!r} is not a test line")
    return match


def read_metrics(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def read_predictions(path):
    """Returns the header and the rows of a --predictions file."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    check(rows, f"{path} is empty")
    return rows[0], rows[1:]


def train_with_outputs(ctx, name, args):
    """Runs train with --metrics and --predictions into the temporary folder
    and returns (result, metrics, header, rows)."""
    metrics_path = ctx.path(f"{name}-metrics.json")
    predictions_path = ctx.path(f"{name}-predictions.csv")
    result = ctx.run(args + ["--metrics", metrics_path, "--predictions", predictions_path])
    check_exit(result, 0)
    header, rows = read_predictions(predictions_path)
    return result, read_metrics(metrics_path), header, rows
