#!/usr/bin/env python3
"""End-to-end tests of `neurite-cli train`, printed as TAP.

Runs the built executable as a user would, on the bundled datasets and on
small CSV files written to a temporary folder, and checks its exit status,
its output and the history CSV it writes.
"""
import csv
import os
import pty
import re
import select
import shlex
import signal
import subprocess
import sys

from cli_tap import Skip, Suite, check, check_exit

# The reference run: the Keras model of four Gaussian blobs
# (Dense(25, relu), Dense(15, relu), Dense(4)) trained with Adam.
REFERENCE = [
    "--layers", "25:relu,15:relu,4:linear",
    "--loss", "sparse_categorical_crossentropy", "--from-logits",
    "--optimizer", "adam", "--learning-rate", "0.001",
    "--epochs", "10", "--batch-size", "32",
]

# One final progress line, as tf.keras 2.x's Progbar prints it.
NUMBER = r"-?\d+\.\d{4}(e[+-]\d+)?"
STEP_TIME = r"\d+(us|ms|s)/step"


def final_line_pattern(batches, accuracy=True, validation=False):
    pattern = rf"{batches}/{batches} \[={{30}}\] - \d+s {STEP_TIME} - loss: {NUMBER}"
    if accuracy:
        pattern += rf" - accuracy: {NUMBER}"
    if validation:
        pattern += rf" - val_loss: {NUMBER}"
        if accuracy:
            pattern += rf" - val_accuracy: {NUMBER}"
    return re.compile(pattern + "$")


def read_history(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def check_progress(stdout, epochs, pattern):
    lines = stdout.splitlines()
    check(len(lines) == 2 * epochs, f"{len(lines)} lines of output, expected {2 * epochs}:\n{stdout}")
    for epoch in range(epochs):
        heading = lines[2 * epoch]
        bar = lines[2 * epoch + 1]
        check(heading == f"Epoch {epoch + 1}/{epochs}", f"heading {heading!r}")
        check(pattern.match(bar), f"progress line {bar!r} does not match {pattern.pattern!r}")
    check("\r" not in stdout, "a carriage return in output that is not a terminal")


SUITE = Suite()
test = SUITE.test


def reference_run(ctx, seed):
    history = ctx.path(f"history-{seed}.csv")
    result = ctx.run(["--data", ctx.blobs4()] + REFERENCE
                     + ["--seed", str(seed), "--history", history])
    check_exit(result, 0)
    header, rows = read_history(history)
    check(header == ["epoch", "accuracy", "loss"], f"history header {header}")
    check(len(rows) == 10, f"{len(rows)} history rows, expected 10")
    check([row[0] for row in rows] == [str(i) for i in range(10)],
          f"epochs {[row[0] for row in rows]}")
    # 2,000 samples in batches of 32: 62 full batches and one of 16.
    check_progress(result.stdout, 10, final_line_pattern(63))
    # The last progress line shows the history's last row to 4 decimals.
    last = result.stdout.splitlines()[-1]
    loss = float(rows[-1][2])
    accuracy = float(rows[-1][1])
    check(f"loss: {loss:.4f}" in last, f"{last!r} does not show loss {loss}")
    check(f"accuracy: {accuracy:.4f}" in last, f"{last!r} does not show accuracy {accuracy}")
    return loss, accuracy


# Thresholds: PyTorch runs of the same model and settings (bench/train-blobs4.py,
# seeds 0 to 4) end with a loss of 0.038 to 0.050 and an accuracy of 0.986 to
# 0.988; the clusters overlap, so no model classifies every point.
for reference_seed in (0, 1, 2):
    def reference_test(ctx, seed=reference_seed):
        loss, accuracy = reference_run(ctx, seed)
        check(loss < 0.08, f"final loss {loss} is not below 0.08")
        check(accuracy > 0.97, f"final accuracy {accuracy} is not above 0.97")
    test(f"/cli/train/blobs4-seed-{reference_seed}")(reference_test)


@test("/cli/train/same-seed-same-history")
def test_same_seed(ctx):
    contents = []
    for name in ("a.csv", "b.csv"):
        history = ctx.path(name)
        result = ctx.run(["--data", ctx.blobs4()] + REFERENCE
                         + ["--epochs", "2", "--seed", "7", "--history", history])
        check_exit(result, 0)
        with open(history, encoding="utf-8") as f:
            contents.append(f.read())
    check(contents[0] == contents[1], f"histories differ:\n{contents[0]}\n{contents[1]}")


@test("/cli/train/validation-split")
def test_validation_split(ctx):
    history = ctx.path("history-validation.csv")
    result = ctx.run(["--data", ctx.blobs4()] + REFERENCE
                     + ["--epochs", "3", "--validation-split", "0.2", "--history", history])
    check_exit(result, 0)
    header, rows = read_history(history)
    check(header == ["epoch", "accuracy", "loss", "val_accuracy", "val_loss"],
          f"history header {header}")
    check(len(rows) == 3, f"{len(rows)} rows")
    for row in rows:
        check(0 <= float(row[3]) <= 1, f"val_accuracy {row[3]}")
        check(float(row[4]) > 0, f"val_loss {row[4]}")
    # The first 1,600 samples train: 50 batches of 32.
    check_progress(result.stdout, 3, final_line_pattern(50, validation=True))


@test("/cli/train/dataset-circle")
def test_dataset_circle(ctx):
    history = ctx.path("history-circle.csv")
    result = ctx.run(["--dataset", "circle", "--layers", "8:relu,1", "--epochs", "2",
                      "--history", history])
    check_exit(result, 0)
    # Without --loss, one output unit on two classes: binary_crossentropy from logits.
    check("binary_crossentropy --from-logits" in result.stderr, f"stderr: {result.stderr!r}")
    header, rows = read_history(history)
    check(header == ["epoch", "accuracy", "loss"], f"history header {header}")
    check(len(rows) == 2, f"{len(rows)} rows")
    # 500 generated points: 16 batches.
    check_progress(result.stdout, 2, final_line_pattern(16))


@test("/cli/train/default-model-regression")
def test_default_regression(ctx):
    data = ctx.write("line.csv", "x,y\n" + "".join(f"{i / 10},{i / 5 + 1}\n" for i in range(40)))
    history = ctx.path("history-line.csv")
    result = ctx.run(["--data", data, "--epochs", "2", "--history", history])
    check_exit(result, 0)
    check("mean_squared_error" in result.stderr, f"stderr: {result.stderr!r}")
    header, rows = read_history(history)
    check(header == ["epoch", "loss"], f"history header {header}")
    check_progress(result.stdout, 2, final_line_pattern(2, accuracy=False))


# Each invalid command line, and the text its message must contain.
BAD_ARGUMENTS = [
    (["--epochs", "-3"], "“-3”"),
    (["--epochs", "ten"], "“ten”"),
    (["--batch-size", "0"], "“0”"),
    (["--learning-rate", "0"], "“0”"),
    (["--learning-rate", "-0.5"], "“-0.5”"),
    (["--learning-rate", "fast"], "“fast”"),
    (["--learning-rate", "nan"], "“nan”"),
    (["--layers", "25:rleu,4"], "“rleu”"),
    (["--layers", "25:relu,,4"], "layer 2 is empty"),
    (["--layers", "x:relu,4"], "“x:relu”"),
    (["--loss", "hinge"], "“hinge”"),
    (["--optimizer", "rmsprop"], "“rmsprop”"),
    (["--optimizer", "adam", "--momentum", "0.9"], "--momentum"),
    (["--optimizer", "sgd", "--momentum", "1.5"], "“1.5”"),
    (["--validation-split", "1"], "“1”"),
    (["--kernel-initializer", "he_normal"], "“he_normal”"),
    (["--seed", "-1"], "“-1”"),
    (["--bogus-option"], "--bogus-option"),
    (["--loss", "binary_crossentropy"], "binary_crossentropy"),
    (["--layers", "25:relu,3"], "3 units"),
    (["--loss", "mean_squared_error", "--from-logits"], "--from-logits"),
    (["--samples", "100"], "--samples"),
    (["--dataset", "circle"], "--data and --dataset"),
]


@test("/cli/train/bad-arguments")
def test_bad_arguments(ctx):
    for extra, named in BAD_ARGUMENTS:
        result = ctx.run(["--data", ctx.blobs4(), "--epochs", "1"] + extra)
        check(result.returncode == 2, f"{extra}: exit status {result.returncode}, expected 2; "
                                      f"stderr: {result.stderr!r}")
        lines = result.stderr.splitlines()
        check(len(lines) == 1, f"{extra}: {len(lines)} lines on stderr: {result.stderr!r}")
        check(lines[0].startswith("neurite-cli: "), f"{extra}: {lines[0]!r}")
        check(named in lines[0], f"{extra}: {lines[0]!r} does not name {named!r}")
        check(result.stdout == "", f"{extra}: output {result.stdout!r}")


@test("/cli/train/bad-dataset-options")
def test_bad_dataset_options(ctx):
    cases = [
        (["--dataset", "moons"], "“moons”"),
        (["--dataset", "circle", "--noise", "2"], "“2”"),
        (["--dataset", "circle", "--samples", "many"], "“many”"),
        ([], "--data"),
        (["train"], "“train”"),
    ]
    for args, named in cases:
        result = ctx.run(args)
        check(result.returncode == 2, f"{args}: exit status {result.returncode}, expected 2; "
                                      f"stderr: {result.stderr!r}")
        check(result.stderr.startswith("neurite-cli: "), f"{args}: {result.stderr!r}")
        check(named in result.stderr, f"{args}: {result.stderr!r} does not name {named!r}")


@test("/cli/train/missing-file")
def test_missing_file(ctx):
    missing = ctx.path("no-such-file.csv")
    result = ctx.run(["--data", missing])
    check_exit(result, 1)
    check(result.stderr.startswith("neurite-cli: "), result.stderr)
    check("no-such-file.csv" in result.stderr, f"stderr: {result.stderr!r}")


@test("/cli/train/bad-csv")
def test_bad_csv(ctx):
    # Each file, the text its message must contain and the line it must name.
    cases = [
        ("not-numeric.csv", "x1,x2,label\n1,2,0\n3,abc,1\n", "abc", "3"),
        ("ragged.csv", "x1,x2,label\n1,2,0\n3,4\n5,6,1\n", "ragged.csv", "3"),
        ("empty.csv", "", "empty.csv", None),
        ("duplicate-header.csv", "a,a,label\n1,2,0\n3,4,1\n", "columns 1 and 2 are both named “a”",
         "1"),
        ("empty-header.csv", "a,,label\n1,2,0\n3,4,1\n", "column 2 is empty", "1"),
    ]
    for name, text, named, line in cases:
        path = ctx.write(name, text)
        result = ctx.run(["--data", path, "--epochs", "1"])
        check_exit(result, 1)
        message = result.stderr.strip()
        check(message.startswith("neurite-cli: "), f"{name}: {message!r}")
        check(len(message.splitlines()) == 1, f"{name}: {message!r}")
        check(name in message, f"{name}: {message!r} does not name the file")
        check(named in message, f"{name}: {message!r} does not name {named!r}")
        if line is not None:
            check(re.search(rf"\b{line}\b", message), f"{name}: {message!r} does not name line {line}")

    result = ctx.run(["--data", ctx.blobs4(), "--label", "nope"])
    check_exit(result, 1)
    check("nope" in result.stderr, f"stderr: {result.stderr!r}")


@test("/cli/train/divergence-keeps-history")
def test_divergence(ctx):
    # SGD with a learning rate of 1e20 on squared error overflows float32 in
    # the first epoch or soon after.
    history = ctx.path("history-nan.csv")
    result = ctx.run(["--data", ctx.blobs4(), "--layers", "16:relu,1", "--loss",
                      "mean_squared_error", "--optimizer", "sgd", "--learning-rate", "1e20",
                      "--epochs", "5", "--history", history])
    check_exit(result, 1)
    # The import's notes come first, then the one error.
    lines = result.stderr.splitlines()
    errors = [line for line in lines if "Training stopped" in line]
    check(len(errors) == 1, f"stderr: {result.stderr!r}")
    check(lines[-1].startswith("neurite-cli: Training stopped: "), f"stderr: {result.stderr!r}")
    header, rows = read_history(history)
    check(header == ["epoch", "loss"], f"history header {header}")
    check(len(rows) < 5, f"{len(rows)} rows after a divergence")


@test("/cli/train/interrupt-keeps-history")
def test_interrupt(ctx):
    # A run long enough to be interrupted in its second epoch: SIGINT is sent
    # once the first epoch's line is out, and the history keeps that epoch.
    # The child gets the default SIGINT action even where this test runs as a
    # background job, which would have it ignored.
    history = ctx.path("history-interrupt.csv")
    process = subprocess.Popen([ctx.cli, "train", "--dataset", "digits8x8", "--layers",
                                "256:relu,10", "--epochs", "1000", "--batch-size", "1",
                                "--history", history],
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=ctx.env,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    lines = []
    for line in process.stdout:
        lines.append(line)
        if line.startswith("Epoch 2/"):
            process.send_signal(signal.SIGINT)
            break
    stdout, stderr = process.communicate(timeout=120)
    check(process.returncode == 130, f"exit status {process.returncode}; stderr: {stderr!r}")
    check("interrupted" in stderr, f"stderr: {stderr!r}")
    header, rows = read_history(history)
    check(header == ["epoch", "accuracy", "loss"], f"history header {header}")
    check(len(rows) in (1, 2), f"{len(rows)} rows after an interruption in epoch 2")


@test("/cli/train/unwritable-history")
def test_unwritable_history(ctx):
    history = ctx.path("no-such-dir/history.csv")
    result = ctx.run(["--data", ctx.blobs4(), "--epochs", "1", "--history", history])
    check_exit(result, 1)
    check("history.csv" in result.stderr, f"stderr: {result.stderr!r}")


def check_history_rejected(ctx, result, status, path, named):
    """Checks that --history PATH was rejected before any training, with one
    message that names the path as typed and contains named."""
    check_exit(result, status)
    check(result.stdout == "", f"{path}: the training ran: {result.stdout[:200]!r}")
    lines = result.stderr.splitlines()
    check(len(lines) == 1, f"{path}: {len(lines)} lines on stderr: {result.stderr!r}")
    check(lines[0].startswith("neurite-cli: Invalid value "), f"{path}: {lines[0]!r}")
    check("--history" in lines[0], f"{path}: {lines[0]!r} does not name --history")
    check(f"“{path}”" in lines[0] or path == "", f"{path}: {lines[0]!r} does not name the path")
    check(named in lines[0], f"{path}: {lines[0]!r} does not say {named!r}")
    # A temporary name is the path plus a dot and six characters.
    check(not re.search(r"\.[A-Za-z0-9]{6}”", lines[0]),
          f"{path}: a temporary file in {lines[0]!r}")


@test("/cli/train/history-checked-before-training")
def test_history_checked_first(ctx):
    cases = [
        (ctx.path("no-such-dir/history.csv"), 1, "does not exist"),
        (ctx.tmp, 1, "folder"),
        (ctx.path("no-such-dir") + "/", 1, "folder"),
        ("", 2, "empty"),
    ]
    for path, status, named in cases:
        result = ctx.run(["--dataset", "iris", "--epochs", "1", "--history", path])
        check_history_rejected(ctx, result, status, path, named)


@test("/cli/train/history-read-only-folder")
def test_history_read_only(ctx):
    # Root may write anywhere, so as root the CLI runs as the user nobody,
    # for whom a folder of root's with mode 755 is read-only.
    folder = ctx.path("read-only")
    os.mkdir(folder, 0o755)
    history = os.path.join(folder, "history.csv")
    args = [ctx.cli, "train", "--dataset", "iris", "--epochs", "1", "--history", history]
    if os.geteuid() == 0:
        os.chmod(ctx.tmp, 0o711)

        def become_nobody():
            os.setgid(65534)
            os.setuid(65534)
        preexec = become_nobody
    else:
        os.chmod(folder, 0o555)
        preexec = None
    try:
        result = subprocess.run(args, capture_output=True, text=True, env=ctx.env,
                                timeout=120, preexec_fn=preexec)
    except PermissionError as error:
        raise Skip(f"the user nobody cannot run {ctx.cli}: {error}")
    finally:
        os.chmod(folder, 0o755)
        os.chmod(ctx.tmp, 0o700)
    check_history_rejected(ctx, result, 1, history, "cannot create files")
    check(not os.path.exists(history), f"{history} was written")


# Each option value whose parsed number would print differently from what
# was typed, and the texts its message must contain: the value as typed,
# why it was rejected and the valid range.
NUMBERS_AS_TYPED = [
    (["--layers", "99999999999:relu"], ["“99999999999”", "too large", "at most 1000000 units"]),
    (["--learning-rate", "1e39"], ["“1e39”", "too large", "3.40282347e38"]),
    (["--learning-rate", "1e-50"], ["“1e-50”", "too close to 0", "1.17549435e-38"]),
    (["--learning-rate", "1e-400"], ["“1e-400”", "too close to 0", "1.17549435e-38"]),
    (["--epochs", "99999999999"], ["“99999999999”", "too large", "from 1 to 2147483647"]),
    (["--batch-size", "99999999999"], ["“99999999999”", "too large", "from 1 to 2147483647"]),
    (["--seed", "99999999999999999999"],
     ["“99999999999999999999”", "too large", "18446744073709551615"]),
    (["--validation-split", "1e-300"], ["“1e-300”", "0 for validation"]),
    (["--optimizer", "sgd", "--momentum", "0.999999999"], ["“0.999999999”", "float32"]),
    (["--optimizer", "sgd", "--momentum", "1e-50"], ["“1e-50”", "too close to 0"]),
    (["--optimizer", "sgd", "--momentum", "1"], ["“1”", "too large", "not including 1"]),
]


@test("/cli/train/numbers-as-typed")
def test_numbers_as_typed(ctx):
    for extra, named in NUMBERS_AS_TYPED:
        result = ctx.run(["--dataset", "iris", "--epochs", "1"] + extra)
        check_exit(result, 2)
        message = result.stderr.strip()
        check(len(message.splitlines()) == 1, f"{extra}: {message!r}")
        for text in named:
            check(text in message, f"{extra}: {message!r} does not contain {text!r}")

    cases = [
        (["--samples", "1"], ["“1”", "from 2 to 1000000"]),
        (["--samples", "99999999999"], ["“99999999999”", "from 2 to 1000000"]),
        (["--noise", "1e-400"], ["“1e-400”", "from 0 to 1"]),
    ]
    for extra, named in cases:
        result = ctx.run(["--dataset", "circle", "--epochs", "1"] + extra)
        check_exit(result, 2)
        for text in named:
            check(text in result.stderr, f"{extra}: {result.stderr!r} does not contain {text!r}")


@test("/cli/train/default-output-follows-loss")
def test_default_output_follows_loss(ctx):
    # Without --layers the output layer fits --loss, so each run trains.
    cases = [
        ("iris", ["--loss", "mean_squared_error"], ["epoch", "loss"]),
        ("iris", ["--loss", "sparse_categorical_crossentropy"], ["epoch", "accuracy", "loss"]),
        ("iris", ["--loss", "sparse_categorical_crossentropy", "--from-logits"],
         ["epoch", "accuracy", "loss"]),
        ("coffee_roasting", ["--loss", "binary_crossentropy"], ["epoch", "accuracy", "loss"]),
        ("coffee_roasting", ["--loss", "binary_crossentropy", "--from-logits"],
         ["epoch", "accuracy", "loss"]),
        ("coffee_roasting", ["--loss", "mean_squared_error"], ["epoch", "loss"]),
    ]
    for number, (dataset, extra, columns) in enumerate(cases):
        history = ctx.path(f"history-loss-{number}.csv")
        result = ctx.run(["--dataset", dataset, "--epochs", "2", "--history", history] + extra)
        check_exit(result, 0)
        header, rows = read_history(history)
        check(header == columns, f"{dataset} {extra}: history header {header}")
        check(len(rows) == 2, f"{dataset} {extra}: {len(rows)} rows")


@test("/cli/train/unreadable-data")
def test_unreadable_data(ctx):
    # One mention of the path, the reason and what to do.
    cases = [
        (ctx.path("no-such-file.csv"), "check the path"),
        (ctx.tmp, "not a folder"),
    ]
    for path, hint in cases:
        result = ctx.run(["--data", path])
        check_exit(result, 1)
        message = result.stderr.strip()
        check(len(message.splitlines()) == 1, f"{path}: {message!r}")
        check(message.count(path) == 1, f"{path}: {message!r} does not name the path once")
        check(hint in message, f"{path}: {message!r} does not say {hint!r}")


# Command lines that fail, in every command. Each message starts with a
# capital letter, as GLib's own option errors do, or with a quoted file name.
FAILING_COMMAND_LINES = [
    ["--bogus"],
    [],
    ["fit"],
    ["--dataset", "iris"],
    ["train", "--bogus"],
    ["train", "--dataset", "iris", "--epochs"],
    ["train", "--dataset", "iris", "extra"],
    ["train"],
    ["train", "--dataset", "iris", "--data", "x.csv"],
    ["train", "--data", "x.csv", "--label", "y", "--samples", "5"],
    ["train", "--dataset", "nope"],
    ["train", "--dataset", "iris", "--layers", "4:rleu"],
    ["train", "--dataset", "iris", "--loss", "hinge"],
    ["train", "--dataset", "iris", "--loss", "binary_crossentropy"],
    ["train", "--dataset", "iris", "--loss", "mean_squared_error", "--from-logits"],
    ["train", "--dataset", "iris", "--layers", "8:relu,2"],
    ["train", "--dataset", "iris", "--layers", "8:relu,3:softmax", "--from-logits"],
    ["train", "--dataset", "iris", "--optimizer", "adam", "--momentum", "0.9"],
    ["train", "--dataset", "iris", "--kernel-initializer", "he"],
    ["train", "--dataset", "iris", "--optimizer", "nope"],
    ["train", "--data", "no-such-file.csv"],
    ["summary"],
    ["summary", "--bogus"],
    ["summary", "--inputs", "2", "--dataset", "iris"],
    ["summary", "--inputs", "2", "--samples", "5"],
    ["summary", "--inputs", "0"],
    ["plot", "--bogus"],
    ["plot", "--dataset", "iris"],
    ["plot", "--dataset", "iris", "--view", "x"],
    ["plot", "--dataset", "iris", "--view", "loss"],
    ["plot", "--dataset", "iris", "--view", "regions", "--output", "x.svg", "--scale", "2"],
    ["plot", "--dataset", "iris", "--view", "loss", "--output", "x.png", "--theme", "x"],
    ["plot", "--dataset", "iris", "--view", "loss", "--output", "x.bmp"],
    ["expr"],
    ["expr", "--bogus"],
    ["expr", "no-such-program.txt"],
    ["expr", "a", "b"],
    ["expr", "x.txt", "--step", "0.1"],
]


@test("/cli/messages-sentence-case")
def test_sentence_case(ctx):
    for args in FAILING_COMMAND_LINES:
        result = ctx.run_cli(args)
        check(result.returncode != 0, f"{args}: exit status 0")
        lines = result.stderr.splitlines()
        check(len(lines) >= 1, f"{args}: nothing on stderr")
        for line in lines:
            check(re.match(r"neurite-cli: [A-Z“]", line), f"{args}: {line!r}")


@test("/cli/datasets-readme-commands")
def test_readme_commands(ctx):
    # Every neurite-cli command shown in the datasets' README runs.
    with open(os.path.join(ctx.datasets, "README.md"), encoding="utf-8") as f:
        text = f.read()
    commands = re.findall(r"`(neurite-cli [^`]+)`", text)
    check(commands, "the README shows no neurite-cli command")
    for command in commands:
        args = shlex.split(command)[1:]
        result = ctx.run_cli(args)
        check_exit(result, 0)


@test("/cli/help")
def test_help(ctx):
    result = ctx.run_cli(["--help"])
    check_exit(result, 0)
    check("train" in result.stdout, result.stdout)
    result = ctx.run(["--help"])
    check_exit(result, 0)
    for text in ("--layers", "--learning-rate", "default: 32", "default: 10", "Exit status",
                 # The means over several targets, for mae and rmse too.
                 "mae, rmse and r2 are each the mean of the per-target values",
                 "per_target"):
        check(text in result.stdout, f"train --help does not mention {text!r}")
    result = ctx.run_cli([])
    check_exit(result, 2)
    result = ctx.run_cli(["fit"])
    check_exit(result, 2)
    check("“fit”" in result.stderr, result.stderr)


@test("/cli/train/terminal-redraws-bar")
def test_terminal(ctx):
    # On a terminal the bar is redrawn in place with carriage returns, and
    # each epoch still ends with its final line.
    parent, child = pty.openpty()
    process = subprocess.Popen([ctx.cli, "train", "--data", ctx.blobs4()] + REFERENCE
                               + ["--epochs", "2", "--batch-size", "8"],
                               stdin=subprocess.DEVNULL, stdout=child, stderr=subprocess.PIPE,
                               env=ctx.env)
    os.close(child)

    output = b""
    while True:
        ready, _, _ = select.select([parent], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(parent, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    os.close(parent)

    status = process.wait(timeout=60)
    check(status == 0, f"exit status {status}: {process.stderr.read()!r}")
    text = output.decode().replace("\r\n", "\n")
    check("\r" in text, f"no carriage return on a terminal: {text!r}")
    final = [line.split("\r")[-1].rstrip() for line in text.split("\n") if line]
    check(final[0] == "Epoch 1/2", f"{final!r}")
    # 2,000 samples in batches of 8: 250 batches.
    check(final_line_pattern(250).match(final[1]), f"{final[1]!r}")
    check(final[2] == "Epoch 2/2", f"{final!r}")


if __name__ == "__main__":
    sys.exit(SUITE.main(__doc__))
