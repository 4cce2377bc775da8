#!/usr/bin/env python3
"""End-to-end tests of `neurite-cli train --save` and `--project`, printed as
TAP. A run saved after 5 epochs and resumed for 5 more ends exactly as a run
of 10 epochs. Damaged project files and a changed data file fail with exit
status 1 and a message that names the cause.
"""
import base64
import json
import os
import shutil
import sys

from cli_tap import Suite, check, check_exit

SUITE = Suite()
test = SUITE.test


def read_text(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def read_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def write_json(path, document):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(document, f)


def train_split(ctx, name, options):
    """Runs 10 epochs in one go (NAME-a) and as 5 + 5 through a project
    (NAME-h, then NAME-b); returns the three project paths."""
    full, half, resumed = (ctx.path(f"{name}-{part}.neurite") for part in "ahb")
    check_exit(ctx.run(options + ["--epochs", "10", "--save", full,
                                  "--history", ctx.path(f"{name}-a.csv")]), 0)
    check_exit(ctx.run(options + ["--epochs", "5", "--save", half,
                                  "--history", ctx.path(f"{name}-h.csv")]), 0)
    result = ctx.run(["--project", half, "--epochs", "5", "--save", resumed,
                      "--history", ctx.path(f"{name}-b.csv")])
    check_exit(result, 0)
    check("Epoch 6/10" in result.stdout, f"the resumed run does not count on: {result.stdout}")
    return full, half, resumed


def check_same_run(ctx, name, full, resumed):
    a_history = read_text(ctx.path(f"{name}-a.csv"))
    b_history = read_text(ctx.path(f"{name}-b.csv"))
    check(a_history == b_history,
          f"the histories differ:\n10 epochs:\n{a_history}\n5 + 5 epochs:\n{b_history}")
    check(a_history.count("\n") == 11, f"expected a header and 10 rows: {a_history}")
    a, b = read_json(full), read_json(resumed)
    for member in ("weights", "optimizer_state", "fit", "history", "model"):
        check(a[member] == b[member], f"{member} differs after resuming")
    check(b["fit"]["epochs_done"] == 10, f"epochs_done {b['fit']['epochs_done']}")


@test("/cli/project/resume-builtin-adam")
def test_resume_builtin_adam(ctx):
    options = ["--dataset", "circle", "--seed", "5", "--optimizer", "adam",
               "--validation-split", "0.2", "--normalize", "--batch-size", "16"]
    full, _, resumed = train_split(ctx, "adam", options)
    check_same_run(ctx, "adam", full, resumed)
    check(set(read_json(full)["optimizer_state"]["slots"]) == {"m", "v"}, "Adam's slots")


@test("/cli/project/resume-csv-sgd-momentum")
def test_resume_csv_sgd_momentum(ctx):
    data = ctx.path("blobs4.csv")
    shutil.copy(ctx.blobs4(), data)
    options = ["--data", data, "--seed", "11", "--optimizer", "sgd", "--momentum", "0.9",
               "--validation-split", "0.2", "--test-split", "0.2"]
    full, _, resumed = train_split(ctx, "sgd", options)
    check_same_run(ctx, "sgd", full, resumed)
    dataset = read_json(full)["dataset"]
    check(dataset["kind"] == "csv" and os.path.isabs(dataset["path"]), f"dataset {dataset}")
    check(len(dataset["sha256"]) == 64, f"sha256 {dataset['sha256']}")


@test("/cli/project/optimizer-state-matters")
def test_optimizer_state_matters(ctx):
    """Zeroing the saved moments changes the resumed run, so the equality
    above depends on restoring them."""
    options = ["--dataset", "circle", "--seed", "5", "--optimizer", "adam"]
    full, half, _ = train_split(ctx, "state", options)
    project = read_json(half)
    state = project["optimizer_state"]
    for slot in state["slots"].values():
        size = len(base64.b64decode(slot["data"]))
        slot["data"] = base64.b64encode(bytes(size)).decode("ascii")
    state["iterations"] = 0
    zeroed = ctx.path("state-zeroed.neurite")
    write_json(zeroed, project)
    check_exit(ctx.run(["--project", zeroed, "--epochs", "5",
                        "--history", ctx.path("state-zeroed.csv")]), 0)
    check(read_text(ctx.path("state-zeroed.csv")) != read_text(ctx.path("state-a.csv")),
          "a resumed run without the optimizer state gave the same history")


def saved_project(ctx, name, data=None):
    path = ctx.path(f"{name}.neurite")
    source = ["--data", data] if data else ["--dataset", "iris"]
    check_exit(ctx.run(source + ["--epochs", "2", "--save", path]), 0)
    return path


def check_fails(ctx, project, expected):
    result = ctx.run(["--project", project, "--epochs", "1"])
    check_exit(result, 1)
    for part in expected:
        check(part in result.stderr, f"the message lacks {part!r}: {result.stderr}")


@test("/cli/project/csv-changed-or-missing")
def test_csv_changed_or_missing(ctx):
    data = ctx.path("changing.csv")
    shutil.copy(ctx.blobs4(), data)
    project = saved_project(ctx, "changing", data)
    with open(data, "a", encoding="utf-8") as f:
        f.write("0,0,0\n")
    check_fails(ctx, project, [data, "changed since the project was saved"])
    os.remove(data)
    check_fails(ctx, project, [data, "cannot be read"])


@test("/cli/project/damaged-files")
def test_damaged_files(ctx):
    project = saved_project(ctx, "intact")
    text = read_text(project)
    document = json.loads(text)

    truncated = ctx.write("truncated.neurite", text[: len(text) // 2])
    check_fails(ctx, truncated, ["truncated.neurite", "not valid JSON"])
    not_json = ctx.write("not-json.neurite", "hello\n")
    check_fails(ctx, not_json, ["not valid JSON"])

    cases = [
        ("wrong-type", lambda d: d["model"].__setitem__("inputs", "four"),
         "model.inputs: expected an integer, found a string"),
        ("version-99", lambda d: d.__setitem__("version", 99),
         "version: version 99 is not supported"),
        ("bad-shape", lambda d: d["weights"]["dense/kernel"].__setitem__("shape", [8, 4]),
         "weights.dense/kernel: expected shape [4, 8], found [8, 4]"),
        ("short-data", lambda d: d["weights"]["dense/bias"].__setitem__("data", "AAAAAA=="),
         "weights.dense/bias: the data decodes to 4 bytes"),
        ("missing-fit", lambda d: d.pop("fit"), "fit: the member is missing"),
    ]
    for name, damage, message in cases:
        damaged = json.loads(json.dumps(document))
        damage(damaged)
        path = ctx.path(f"{name}.neurite")
        write_json(path, damaged)
        check_fails(ctx, path, [f"{name}.neurite", message])


@test("/cli/project/conflicting-options")
def test_conflicting_options(ctx):
    project = saved_project(ctx, "conflict")
    result = ctx.run(["--project", project, "--layers", "4:relu,3"])
    check_exit(result, 2)
    check("--layers cannot be combined with --project" in result.stderr, result.stderr)
    result = ctx.run(["--project", ctx.path("absent.neurite")])
    check_exit(result, 1)
    check("absent.neurite" in result.stderr, result.stderr)
    result = ctx.run(["--project", project, "--history", project])
    check_exit(result, 2)
    check("--project" in result.stderr and "--history" in result.stderr, result.stderr)


@test("/cli/project/save-in-place")
def test_save_in_place(ctx):
    project = saved_project(ctx, "in-place")
    check_exit(ctx.run(["--project", project, "--epochs", "3", "--save", project]), 0)
    document = read_json(project)
    check(document["fit"]["epochs_done"] == 5, f"epochs_done {document['fit']['epochs_done']}")
    check(len(document["history"]) == 5, f"{len(document['history'])} history entries")


@test("/cli/project/save-over-data")
def test_save_over_data(ctx):
    """train --project rejects --save, --history, --metrics or --predictions
    naming the CSV file of the project, and the data keeps its bytes."""
    data = ctx.path("over-data.csv")
    shutil.copyfile(os.path.join(ctx.datasets, "iris.csv"), data)
    with open(data, "rb") as f:
        original = f.read()
    project = ctx.path("over-data.neurite")
    check_exit(ctx.run(["--data", data, "--epochs", "1", "--test-split", "0.2",
                        "--save", project]), 0)

    for option in ("--save", "--history", "--metrics", "--predictions"):
        result = ctx.run(["--project", project, "--epochs", "1", option, data])
        check_exit(result, 2)
        check(option in result.stderr and data in result.stderr,
              f"{option}: the message names neither the option nor the file: "
              f"{result.stderr!r}")
        with open(data, "rb") as f:
            check(f.read() == original, f"{option}: the data file was changed")


if __name__ == "__main__":
    sys.exit(SUITE.main(__doc__))
