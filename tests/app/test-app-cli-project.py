#!/usr/bin/python3
"""Opens and continues in the application the projects that neurite-cli
saves by default.

Without --test-split, neurite-cli holds out the last rows of the data for
validation, as Keras's fit(validation_split=...) does (fit.split
"last_rows"), and --no-shuffle trains on the rows in file order. The
application opens such files, shows their epoch and losses, and continues
them to the numbers of neurite-cli train --project with the same number of
epochs (maximum difference 0), also with layers without bias. Changing a
split control returns the window to its random split, and win.shuffle,
which the Shuffle check box shows, sets fit.shuffle. A file of --test-split
without --validation-split, whose history has no val_ values, shows the
test part's loss that neurite-cli --metrics writes. Starts itself inside a
virtual X server and a private session bus, as app_harness.main does.
Prints TAP.

usage: test-app-cli-project.py NEURITE SCREENSHOT_DIR NEURITE_CLI
"""

import base64
import csv
import importlib.util
import json
import os
import shutil
import struct
import sys

import gi

gi.require_version("Atspi", "2.0")
import pyatspi  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from app_harness import (APP_ID, WINDOW_PATH, find_application, gdbus_call, main,  # noqa: E402
                         name_has_owner, report, wait_until)

# The helpers that read the window and compare project files are those of
# the project test. Loading it sets NEURITE_CLI from the same arguments.
_spec = importlib.util.spec_from_file_location("app_project_test",
                                               os.path.join(HERE, "test-app-project.py"))
project_test = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(project_test)

if len(sys.argv) > 2:
    os.environ["XDG_DATA_HOME"] = os.path.join(os.path.abspath(sys.argv[2]),
                                               "app-cli-project-data")

SPLIT_NOTE = "How the data is split"
VALIDATION_LOSS_LABEL = "Validation loss after the last epoch"
TEST_LOSS_LABEL = "Test loss after the last epoch"

# A small classifier that trains in well under a second per epoch.
COMMON = ["--dataset", "circle", "--samples", "300", "--noise", "0.1",
          "--layers", "6:tanh,3:tanh,1:sigmoid", "--optimizer", "adam",
          "--learning-rate", "0.01", "--batch-size", "16", "--seed", "11"]


def format_loss(value):
    """Formats a loss as the window's labels do (nrt-window.c, "%.4f")."""
    return "%.4f" % value


def find_nodes(app, role, name):
    return pyatspi.findAllDescendants(
        app, lambda node: node.getRoleName() == role and node.name.replace("_", "") == name)


def is_checked(node):
    return node.getState().contains(pyatspi.STATE_CHECKED)


def open_project(app, path, epoch):
    name = os.path.basename(path)
    project_test.activate("open-project", path)
    wait_until("the title of %s" % name,
               lambda: project_test.window_title(app) == "%s – Neurite" % name, 20)
    project_test.wait_epoch(app, epoch)


def check_opened(app, project, name):
    """Checks that the window shows the last epoch of project and its losses."""
    last = project["history"][-1]
    epochs = project["fit"]["epochs_done"]
    shown_epoch = project_test.read_epoch(app)
    report(shown_epoch == epochs, "%s: epoch label shows %d" % (name, epochs),
           "shown: %d" % shown_epoch)

    train_loss = project_test.find_value_label(app, project_test.TRAIN_LOSS_LABEL)
    report(train_loss == format_loss(last["loss"]),
           "%s: training loss equals the file's" % name,
           "shown %s, file %r" % (train_loss, last["loss"]))
    if "val_loss" in last:
        val_loss = project_test.find_value_label(app, VALIDATION_LOSS_LABEL)
        report(val_loss == format_loss(last["val_loss"]),
               "%s: validation loss equals the file's" % name,
               "shown %s, file %r" % (val_loss, last["val_loss"]))


def encode(values, shape):
    data = struct.pack("<%df" % len(values), *values)
    return {"shape": shape, "dtype": "float32", "data": base64.b64encode(data).decode("ascii")}


def write_without_biases(source, path, layers):
    """Writes the project source with the named layers' biases removed,
    from the weights and from the optimizer's slots, whose flat layout is
    each layer's kernel, then its bias (nrt-project.h)."""
    project = load(source)
    removed = set()
    offset = 0
    for layer in project["model"]["layers"]:
        config = layer["config"]
        kernel = project["weights"][config["name"] + "/kernel"]["shape"]
        offset += kernel[0] * kernel[1]
        if config["name"] in layers:
            config["use_bias"] = False
            del project["weights"][config["name"] + "/bias"]
            removed.update(range(offset, offset + config["units"]))
        offset += config["units"]
    for name, array in project["optimizer_state"]["slots"].items():
        values = [v for i, v in enumerate(project_test.floats(array)) if i not in removed]
        project["optimizer_state"]["slots"][name] = encode(values, [len(values)])
    with open(path, "w") as f:
        json.dump(project, f)


def read_parts(path):
    """Returns the "split" column of a CSV file of the data with its split."""
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    return [row[-1] for row in rows[1:]]


def save_and_load(path, previous_mtime=None):
    project_test.activate("save-project", path)
    return project_test.wait_for_file(path, previous_mtime)


def load(path):
    with open(path) as f:
        return json.load(f)


def run(app_process, shot_dir):
    directory = os.path.join(shot_dir, "app-cli-project")
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory)
    run_cli = project_test.run_cli

    wait_until("%s on the session bus" % APP_ID, name_has_owner, 30)
    wait_until("the window's actions", lambda: gdbus_call(WINDOW_PATH, "org.gtk.Actions.List"), 30)
    app = wait_until("neurite on the accessibility bus", find_application, 30)
    project_test.wait_epoch(app, 0)
    report(not project_test.has_label(app, SPLIT_NOTE),
           "opening example shows no split note")
    bias_boxes = (find_nodes(app, "check box", "Bias")
                  + find_nodes(app, "check box", "Output bias"))
    report(not bias_boxes, "opening example shows no Bias check box",
           "found %d" % len(bias_boxes))

    # Step 1: neurite-cli trains 4 epochs on the last 20 % of the rows for
    # validation without shuffling, and continues the file for 3 more.
    cli4 = os.path.join(directory, "last-rows4.neurite")
    cli_continued = os.path.join(directory, "last-rows4+3-cli.neurite")
    cli7 = os.path.join(directory, "last-rows7.neurite")
    last_rows = COMMON + ["--validation-split", "0.2", "--no-shuffle"]
    run_cli("train", *last_rows, "--epochs", "4", "--save", cli4)
    run_cli("train", *last_rows, "--epochs", "7", "--save", cli7)
    run_cli("train", "--project", cli4, "--epochs", "3", "--save", cli_continued)
    project4 = load(cli4)
    report(project4["fit"].get("split", "last_rows") == "last_rows"
           and project4["fit"]["shuffle"] is False and project4["fit"]["test_split"] == 0,
           "cli file holds out the last rows without shuffling", "fit: %s" % project4["fit"])

    # Step 2: the window opens it, shows its epoch and losses, and shows how
    # it splits and shuffles.
    open_project(app, cli4, 4)
    check_opened(app, project4, "last-rows file")
    note = project_test.find_value_label(app, SPLIT_NOTE) \
        if project_test.has_label(app, SPLIT_NOTE) else ""
    report("last 20 % of the rows" in note, "split note names the last 20 % of the rows",
           "note: %r" % note)
    shuffle = find_nodes(app, "check box", "Shuffle every epoch")
    report(len(shuffle) == 1, "the shuffle check box is found", "found %d" % len(shuffle))
    report(len(shuffle) == 1 and not is_checked(shuffle[0]), "shuffle check box is off")
    project_test.screenshot(shot_dir, "app-cli-project.png")

    # The exported data names the parts of neurite-cli export-data, row by
    # row: the first 240 rows train and the last 60 validate.
    app_split = os.path.join(directory, "last-rows-split.csv")
    cli_split = os.path.join(directory, "last-rows-split-cli.csv")
    project_test.activate("export-data", app_split)
    wait_until("the file %s" % app_split, lambda: os.path.exists(app_split), 20)
    run_cli("export-data", "--project", cli4, "--output", cli_split)
    app_parts = read_parts(app_split)
    cli_parts = read_parts(cli_split)
    report(app_parts == cli_parts, "exported split equals neurite-cli export-data",
           "app %d rows, cli %d rows, first difference at %s" % (
               len(app_parts), len(cli_parts),
               next((i for i, (a, b) in enumerate(zip(app_parts, cli_parts)) if a != b), None)))
    report(app_parts == ["train"] * 240 + ["validation"] * 60,
           "exported split is 240 training rows, then 60 validation rows",
           "counts: train %d, validation %d, test %d" % (
               app_parts.count("train"), app_parts.count("validation"), app_parts.count("test")))

    # Step 3: 3 epochs in the window equal 3 epochs of neurite-cli, and the
    # 7 epochs of one uninterrupted run.
    project_test.step(app, 3, 7)
    app7 = save_and_load(os.path.join(directory, "last-rows4+3-app.neurite"))
    project_test.compare_projects(load(cli_continued), app7,
                                  "app continues a last-rows file as the cli does")
    project_test.compare_projects(load(cli7), app7,
                                  "last-rows 4 + 3 epochs in the app equal 7")
    report(app7["fit"]["split"] == "last_rows" and app7["fit"]["shuffle"] is False
           and app7["fit"]["validation_split"] == 0.2 and app7["fit"]["test_split"] == 0,
           "app saves the last-rows split and shuffle off", "fit: %s" % app7["fit"])

    # Step 4: a file of neurite-cli's defaults: no held-out rows, shuffled.
    plain3 = os.path.join(directory, "plain3.neurite")
    plain_continued = os.path.join(directory, "plain3+2-cli.neurite")
    run_cli("train", *COMMON, "--epochs", "3", "--save", plain3)
    run_cli("train", "--project", plain3, "--epochs", "2", "--save", plain_continued)
    plain = load(plain3)
    open_project(app, plain3, 3)
    check_opened(app, plain, "file without validation")
    report(len(shuffle) == 1 and is_checked(shuffle[0]), "shuffle check box is on again")
    note = project_test.find_value_label(app, SPLIT_NOTE) \
        if project_test.has_label(app, SPLIT_NOTE) else ""
    report("Every row trains" in note, "split note says every row trains", "note: %r" % note)
    project_test.step(app, 2, 5)
    app5 = save_and_load(os.path.join(directory, "plain3+2-app.neurite"))
    project_test.compare_projects(load(plain_continued), app5,
                                  "app continues a file without validation as the cli does")

    # A validation split of 3 digits, which the spin button shows with 3
    # digits, continues as in neurite-cli.
    eighth3 = os.path.join(directory, "eighth3.neurite")
    eighth_continued = os.path.join(directory, "eighth3+2-cli.neurite")
    run_cli("train", *COMMON, "--validation-split", "0.125", "--epochs", "3", "--save", eighth3)
    run_cli("train", "--project", eighth3, "--epochs", "2", "--save", eighth_continued)
    open_project(app, eighth3, 3)
    check_opened(app, load(eighth3), "validation split 0.125")
    note = project_test.find_value_label(app, SPLIT_NOTE) \
        if project_test.has_label(app, SPLIT_NOTE) else ""
    report("last 12.5 % of the rows" in note, "split note names the last 12.5 % of the rows",
           "note: %r" % note)
    project_test.step(app, 2, 5)
    eighth5 = save_and_load(os.path.join(directory, "eighth3+2-app.neurite"))
    project_test.compare_projects(load(eighth_continued), eighth5,
                                  "app continues validation split 0.125 as the cli does")
    report(eighth5["fit"]["validation_split"] == 0.125, "app saves validation split 0.125",
           "fit: %s" % eighth5["fit"])
    spins = find_nodes(app, "spin button", "Validation split")
    shown_split = project_test.label_text(spins[0]) if len(spins) == 1 else ""
    report(shown_split == "0.125", "validation spin button shows 0.125",
           "shown: %r" % shown_split)

    # Step 5: layers without bias, the second hidden layer and the output
    # layer here, show their Bias check boxes, off, and continue as in
    # neurite-cli. Layers with a bias show no check box.
    nobias4 = os.path.join(directory, "no-bias4.neurite")
    nobias_continued = os.path.join(directory, "no-bias4+2-cli.neurite")
    write_without_biases(cli4, nobias4, {"dense_1", "dense_2"})
    run_cli("train", "--project", nobias4, "--epochs", "2", "--save", nobias_continued)
    open_project(app, nobias4, 4)
    biases = [is_checked(node) for node in find_nodes(app, "check box", "Bias")]
    report(biases == [False], "one hidden layer shows its Bias check box, off",
           "states of the check boxes shown: %s" % biases)
    output_bias = find_nodes(app, "check box", "Output bias")
    report(len(output_bias) == 1 and not is_checked(output_bias[0]),
           "output Bias check box is off", "found %d" % len(output_bias))
    project_test.screenshot(shot_dir, "app-cli-project-no-bias.png")
    project_test.step(app, 2, 6)
    app_nobias = save_and_load(os.path.join(directory, "no-bias4+2-app.neurite"))
    project_test.compare_projects(load(nobias_continued), app_nobias,
                                  "app continues layers without bias as the cli does")
    use_bias = [layer["config"]["use_bias"] for layer in app_nobias["model"]["layers"]]
    report(use_bias == [True, False, False], "app saves use_bias of every layer",
           "use_bias: %s" % use_bias)

    # Step 6: changing a split returns to the window's random split, and
    # win.shuffle sets fit.shuffle.
    open_project(app, cli4, 4)
    spins = find_nodes(app, "spin button", "Validation split")
    report(len(spins) == 1, "the validation split spin button is found", "found %d" % len(spins))
    spins[0].queryValue().currentValue = 0.25
    wait_until("the split note to disappear", lambda: not project_test.has_label(app, SPLIT_NOTE),
               10)
    project_test.wait_epoch(app, 0)
    random_split = save_and_load(os.path.join(directory, "changed-split.neurite"))
    report(random_split["fit"]["split"] == "random"
           and random_split["fit"]["validation_split"] == 0.25,
           "changed split is saved as random", "fit: %s" % random_split["fit"])
    report(random_split["fit"]["shuffle"] is False, "shuffle stays off after a split change",
           "fit: %s" % random_split["fit"])

    # GTK 4.8 gives check boxes no AT-SPI action, so the test activates
    # win.shuffle, the action that the check box shows.
    project_test.activate("shuffle")
    wait_until("the shuffle check box to turn on", lambda: is_checked(shuffle[0]), 10)
    shuffled = save_and_load(os.path.join(directory, "shuffled.neurite"))
    report(shuffled["fit"]["shuffle"] is True, "win.shuffle sets fit.shuffle",
           "fit: %s" % shuffled["fit"])

    # Step 7: a file of --test-split without --validation-split has no
    # val_ values in its history, and the window shows the loss of the test
    # part at the saved weights, which neurite-cli --metrics writes.
    digits = os.path.join(directory, "digits-test.neurite")
    digits_metrics = os.path.join(directory, "digits-test-metrics.json")
    run_cli("train", "--dataset", "digits8x8", "--layers", "16:relu,10:softmax",
            "--test-split", "0.2", "--epochs", "2", "--seed", "3",
            "--metrics", digits_metrics, "--save", digits)
    digits_project = load(digits)
    report("val_loss" not in digits_project["history"][-1],
           "test-split file has no val_loss in its history",
           "last epoch: %s" % digits_project["history"][-1])
    open_project(app, digits, 2)
    check_opened(app, digits_project, "test-split file")
    expected = format_loss(load(digits_metrics)["splits"]["test"]["loss"])
    shown = project_test.find_value_label(app, TEST_LOSS_LABEL)
    report(shown == expected, "test-split file: test loss equals neurite-cli's",
           "shown %s, neurite-cli --metrics %s" % (shown, expected))


if __name__ == "__main__":
    sys.exit(main(__file__, "app-cli-project.tap", run))
