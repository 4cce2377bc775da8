#!/usr/bin/python3
"""Saves, opens and resumes projects in the running application.

Starts itself again inside a virtual X server and a private session bus
(xvfb-run and dbus-run-session), as app_harness.main does. There it trains
the opening example for 5 epochs with win.step, saves it with
win.save-project, trains 5 more and saves again. A second application opens
the first file with win.open-project, shows the same epoch and losses, and
after 5 more epochs saves a file whose history and weights equal the ones of
the 10-epoch file. neurite-cli continues the app's file to the same numbers,
and the app continues a file of neurite-cli trained with SGD and momentum to
the numbers of neurite-cli. Damaged files and a project whose CSV file is
missing or changed get a dialog naming the file, and the application still
responds. Prints TAP.

usage: test-app-project.py NEURITE SCREENSHOT_DIR NEURITE_CLI
"""

import base64
import json
import os
import shutil
import struct
import subprocess
import sys
import time

import gi

gi.require_version("Atspi", "2.0")
import pyatspi  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from app_harness import (APP_ID, APP_PATH, WINDOW_PATH, find_application,  # noqa: E402
                         gdbus_call, main, name_has_owner, report, wait_until)

EPOCH_LABEL = "Number of epochs trained"
TRAIN_LOSS_LABEL = "Training loss of the last epoch"

# The recent files go to a folder of the test, not to the user's.
if len(sys.argv) > 3:
    os.environ["NEURITE_CLI"] = os.path.abspath(sys.argv[3])
if len(sys.argv) > 2:
    os.environ["XDG_DATA_HOME"] = os.path.join(os.path.abspath(sys.argv[2]), "app-project-data")


def activate(action, parameter=None):
    args = "[]" if parameter is None else "[<'%s'>]" % parameter
    gdbus_call(WINDOW_PATH, "org.gtk.Actions.Activate", action, args, "{}")


def label_text(node):
    text = node.queryText()
    # GTK 4.8 returns nothing for GetText (0, -1), so ask for every character.
    return text.getText(0, text.characterCount)


def find_value_label(app, description):
    found = pyatspi.findAllDescendants(
        app, lambda node: node.getRoleName() == "label" and node.description == description)
    if len(found) != 1:
        raise LookupError("expected one label described as %r, found %d"
                          % (description, len(found)))
    return label_text(found[0])


def read_epoch(app):
    return int(find_value_label(app, EPOCH_LABEL))


def wait_epoch(app, epoch):
    return wait_until("epoch %d" % epoch,
                      lambda: read_epoch(app) == epoch and find_value_label(
                          app, TRAIN_LOSS_LABEL) not in ("", "–"), 60)


def window_title(app):
    frames = [app.getChildAtIndex(i) for i in range(app.childCount)]
    names = [frame.name for frame in frames if frame is not None and frame.getRoleName() == "frame"]
    return names[0] if names else ""


def step(app, epochs, target):
    for _ in range(epochs):
        activate("step")
    wait_epoch(app, target)


def read_losses(app):
    return (find_value_label(app, TRAIN_LOSS_LABEL),
            find_value_label(app, "Validation loss after the last epoch")
            if has_label(app, "Validation loss after the last epoch")
            else find_value_label(app, "Test loss after the last epoch"))


def has_label(app, description):
    return bool(pyatspi.findAllDescendants(
        app, lambda node: node.getRoleName() == "label" and node.description == description))


def wait_for_file(path, previous_mtime=None):
    def saved():
        if not os.path.exists(path):
            return False
        return previous_mtime is None or os.path.getmtime(path) != previous_mtime
    wait_until("the file %s" % path, saved, 30)
    # The file is replaced atomically, so once it exists it is complete.
    with open(path) as f:
        return json.load(f)


def floats(array):
    data = base64.b64decode(array["data"])
    return struct.unpack("<%df" % (len(data) // 4), data)


def compare_projects(expected, actual, name, tolerance=0.0):
    """Reports whether the epochs, history, weights and optimizer state of two
    project files agree within tolerance."""
    problems = []
    if expected["fit"]["epochs_done"] != actual["fit"]["epochs_done"]:
        problems.append("epochs_done %s != %s" % (expected["fit"]["epochs_done"],
                                                  actual["fit"]["epochs_done"]))

    for key in ("loss", "val_loss", "accuracy", "val_accuracy"):
        a = [entry.get(key) for entry in expected["history"]]
        b = [entry.get(key) for entry in actual["history"]]
        if len(a) != len(b) or any(
                (x is None) != (y is None) or (x is not None and abs(x - y) > tolerance)
                for x, y in zip(a, b)):
            problems.append("history %s: %s != %s" % (key, a, b))

    # The weights, then the optimizer's slots, such as Adam's m and v.
    max_difference = 0.0
    pairs = [("weights " + key, expected["weights"][key], actual["weights"].get(key))
             for key in expected["weights"]]
    pairs += [("slot " + key, array, actual["optimizer_state"]["slots"].get(key))
              for key, array in expected["optimizer_state"]["slots"].items()]
    for key, expected_array, actual_array in pairs:
        a = floats(expected_array)
        b = floats(actual_array) if actual_array is not None else ()
        if len(a) != len(b):
            problems.append("%s: %d values != %d" % (key, len(a), len(b)))
            continue
        max_difference = max([max_difference] + [abs(x - y) for x, y in zip(a, b)])

    if expected["optimizer_state"]["iterations"] != actual["optimizer_state"]["iterations"]:
        problems.append("iterations %s != %s" % (expected["optimizer_state"]["iterations"],
                                                 actual["optimizer_state"]["iterations"]))
    if max_difference > tolerance:
        problems.append("weights and slots differ by up to %g" % max_difference)
    report(not problems, name, "\n".join(problems) + "\nmax difference: %g" % max_difference)


def find_dialog(app, title_part):
    """Returns the text of the labels of the open dialog whose labels mention
    title_part, or None."""
    for i in range(app.childCount):
        window = app.getChildAtIndex(i)
        if window is None or window.getRoleName() == "frame":
            continue
        labels = pyatspi.findAllDescendants(window, lambda n: n.getRoleName() == "label")
        texts = [label_text(label) for label in labels]
        if any(title_part in text for text in texts):
            return window, "\n".join(texts)
    return None


def press(window, name):
    every = pyatspi.findAllDescendants(window, lambda n: True)
    # GTK 4.8 names a dialog's button "_Close Close": its mnemonic text, then its label.
    buttons = [n for n in every
               if n.getRoleName() == "push button" and name in n.name.replace("_", "").split()]
    if not buttons:
        raise LookupError("no button %r among %s" % (
            name, ["%s %r" % (n.getRoleName(), n.name) for n in every]))
    buttons[0].queryAction().doAction(0)


def click_close_button(app):
    """Clicks the close button of the main window's title bar, the topmost
    button named Close, as a person closing the window does."""
    frame = [app.getChildAtIndex(i) for i in range(app.childCount)
             if app.getChildAtIndex(i).getRoleName() == "frame"][0]
    buttons = pyatspi.findAllDescendants(
        frame, lambda n: n.getRoleName() == "push button" and n.name == "Close")
    if not buttons:
        raise LookupError("the window has no button named Close")
    top = min(buttons, key=lambda n: n.queryComponent().getExtents(pyatspi.DESKTOP_COORDS).y)
    top.queryAction().doAction(0)


def screenshot(shot_dir, name):
    shot = os.path.join(shot_dir, name)
    done = subprocess.run(["import", "-window", "root", shot], capture_output=True, text=True,
                          timeout=30)
    report(done.returncode == 0 and os.path.getsize(shot) > 0, "screenshot %s saved" % name,
           "%s %s" % (shot, done.stderr.strip()))


def app_answers(app, epoch):
    try:
        gdbus_call(WINDOW_PATH, "org.gtk.Actions.Describe", "step")
        return read_epoch(app) == epoch
    except Exception:
        return False


def check_open_error(app, path, expected_parts, shot_dir=None, shot=None):
    """Opens path, which must fail, and checks the dialog's message."""
    epoch = read_epoch(app)
    activate("open-project", path)
    found = wait_until("the error dialog for %s" % os.path.basename(path),
                       lambda: find_dialog(app, "Could not open the project"), 20)
    window, text = found
    missing = [part for part in expected_parts if part not in text]
    report(not missing, "opening %s names %s" % (os.path.basename(path), ", ".join(expected_parts)),
           "missing: %s\nmessage: %s" % (missing, text))
    if shot is not None:
        screenshot(shot_dir, shot)
    press(window, "Close")
    wait_until("the dialog to close",
               lambda: find_dialog(app, "Could not open the project") is None, 10)
    report(app_answers(app, epoch), "app keeps its work after %s" % os.path.basename(path))


def write_damaged_files(directory, good):
    with open(good) as f:
        text = f.read()
    project = json.loads(text)
    files = {}

    files["truncated.neurite"] = (text[: len(text) // 2], ["truncated.neurite", "not valid JSON"])
    files["array.neurite"] = ("[1, 2]", ["array.neurite", "expected a JSON object"])
    wrong_type = json.loads(text)
    wrong_type["fit"]["batch_size"] = "32"
    files["wrong-type.neurite"] = (json.dumps(wrong_type), ["wrong-type.neurite", "fit.batch_size"])
    version = json.loads(text)
    version["version"] = 99
    files["version.neurite"] = (json.dumps(version), ["version.neurite", "version"])
    shape = json.loads(text)
    first_kernel = [key for key in project["weights"] if key.endswith("/kernel")][0]
    kernel = shape["weights"][first_kernel]
    kernel["shape"] = list(reversed(kernel["shape"]))
    files["shape.neurite"] = (json.dumps(shape), ["shape.neurite", "weights." + first_kernel])

    paths = {}
    for name, (contents, parts) in files.items():
        path = os.path.join(directory, name)
        with open(path, "w") as f:
            f.write(contents)
        paths[path] = parts
    return paths


def start_app():
    env = dict(os.environ)
    env["GSETTINGS_BACKEND"] = "memory"
    env["GDK_BACKEND"] = "x11"
    env.pop("NO_AT_BRIDGE", None)
    env.pop("GTK_A11Y", None)
    return subprocess.Popen([sys.argv[1]], env=env)


def quit_app(process):
    gdbus_call(APP_PATH, "org.gtk.Actions.Activate", "quit", "[]", "{}")
    process.wait(timeout=20)
    wait_until("%s to leave the bus" % APP_ID, lambda: not name_has_owner(), 20)


def run_cli(*args):
    done = subprocess.run([os.environ["NEURITE_CLI"], *args], capture_output=True, text=True,
                          timeout=120)
    if done.returncode != 0:
        raise RuntimeError("neurite-cli %s failed: %s" % (" ".join(args), done.stderr))
    return done


def run(app_process, shot_dir):
    directory = os.path.join(shot_dir, "app-project")
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory)
    after5 = os.path.join(directory, "after5.neurite")
    after10 = os.path.join(directory, "after10.neurite")
    resumed = os.path.join(directory, "resumed.neurite")

    # Step 1: 5 epochs of the opening example (circle, Adam), saved.
    wait_until("%s on the session bus" % APP_ID, name_has_owner, 30)
    actions = wait_until("the window's actions",
                         lambda: gdbus_call(WINDOW_PATH, "org.gtk.Actions.List"), 30)
    missing = [a for a in ("open", "open-project", "open-recent", "save", "save-as",
                           "save-project") if "'%s'" % a not in actions]
    report(not missing, "window exports the file actions", "missing: %s" % missing)
    app = wait_until("neurite on the accessibility bus", find_application, 30)
    wait_epoch(app, 0)
    report(window_title(app) == "Neurite", "title of the opening example is Neurite",
           "title: %r" % window_title(app))
    step(app, 5, 5)
    losses5 = read_losses(app)
    report(window_title(app).startswith("*"), "title marks the unsaved epochs",
           "title: %r" % window_title(app))
    activate("save-project", after5)
    project5 = wait_for_file(after5)
    report(project5["fit"]["epochs_done"] == 5 and len(project5["history"]) == 5,
           "saved project has 5 epochs and 5 history rows",
           "epochs_done %s, history %d" % (project5["fit"]["epochs_done"], len(project5["history"])))
    report(project5["fit"]["split"] == "random" and project5["fit"]["validation_data"] == "test",
           "saved project names the window's split",
           "fit: %s" % project5["fit"])
    title = wait_until("the saved title",
                       lambda: (lambda t: t if t == "after5.neurite – Neurite" else None)(
                           window_title(app)), 10)
    report(title == "after5.neurite – Neurite", "title names the saved project", "title: %r" % title)

    # Step 2: 5 more epochs, saved as the uninterrupted run.
    step(app, 5, 10)
    activate("save-project", after10)
    project10 = wait_for_file(after10)

    # Step 3: a fresh application opens the 5-epoch file.
    quit_app(app_process)
    # The harness quits the second application through app.quit at the end.
    start_app()
    wait_until("%s on the session bus" % APP_ID, name_has_owner, 30)
    app = wait_until("the second neurite on the accessibility bus", find_application, 30)
    wait_epoch(app, 0)
    activate("open-project", after5)
    wait_epoch(app, 5)
    reopened = read_losses(app)
    report(reopened == losses5, "reopened project shows epoch 5 and the same losses",
           "before: %s, after: %s" % (losses5, reopened))
    report(window_title(app) == "after5.neurite – Neurite", "title names the opened project",
           "title: %r" % window_title(app))

    # Step 4: 5 + 5 epochs equal 10.
    step(app, 5, 10)
    activate("save-project", resumed)
    compare_projects(project10, wait_for_file(resumed), "app: 5 + save + open + 5 equals 10")

    # Step 5: neurite-cli continues the app's file to the same numbers.
    cli_resumed = os.path.join(directory, "cli-resumed.neurite")
    run_cli("train", "--project", after5, "--epochs", "5", "--save", cli_resumed)
    with open(cli_resumed) as f:
        compare_projects(project10, json.load(f), "cli continues the app's file as the app does")

    # Step 6: the app continues a file of neurite-cli, SGD with momentum.
    cli5 = os.path.join(directory, "cli-sgd5.neurite")
    cli10 = os.path.join(directory, "cli-sgd10.neurite")
    common = ["--dataset", "circle", "--samples", "300", "--noise", "0.1", "--layers",
              "6:tanh,3:tanh,1:sigmoid", "--optimizer", "sgd", "--learning-rate", "0.1",
              "--momentum", "0.9", "--seed", "7", "--validation-split", "0.2",
              "--test-split", "0.2"]
    run_cli("train", *common, "--epochs", "5", "--save", cli5)
    run_cli("train", *common, "--epochs", "10", "--save", cli10)
    activate("open-project", cli5)
    wait_until("the SGD project's title",
               lambda: window_title(app) == "cli-sgd5.neurite – Neurite", 20)
    wait_epoch(app, 5)
    step(app, 5, 10)
    app_sgd = os.path.join(directory, "app-sgd10.neurite")
    activate("save-project", app_sgd)
    with open(cli10) as f:
        compare_projects(json.load(f), wait_for_file(app_sgd),
                         "app continues an SGD-momentum file of the cli")

    # Step 7: damaged files get an error naming the file and the member.
    damaged = write_damaged_files(directory, after5)
    first = True
    for path, parts in damaged.items():
        check_open_error(app, path, parts, shot_dir,
                         "app-project-damaged.png" if first else None)
        first = False

    # Step 8: a project whose CSV file is missing, then changed.
    csv_path = os.path.join(directory, "coffee.csv")
    shutil.copy(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data",
                             "datasets", "coffee_roasting.csv"), csv_path)
    csv_project = os.path.join(directory, "coffee.neurite")
    run_cli("train", "--data", csv_path, "--layers", "3:tanh,1:sigmoid", "--normalize",
            "--test-split", "0.2", "--epochs", "2", "--save", csv_project)
    os.rename(csv_path, csv_path + ".moved")
    epoch = read_epoch(app)
    activate("open-project", csv_project)
    window, text = wait_until("the missing-data dialog",
                              lambda: find_dialog(app, "is not available"), 20)
    report("coffee.neurite" in text and "coffee.csv" in text,
           "missing CSV dialog names the project and the file", text)
    buttons = [n.name.replace("_", "") for n in pyatspi.findAllDescendants(
        window, lambda n: n.getRoleName() == "push button")]
    report(any("Locate…" in b for b in buttons) and any("Cancel" in b for b in buttons),
           "missing CSV dialog offers Locate… and Cancel", "buttons: %s" % buttons)
    screenshot(shot_dir, "app-project-missing-csv.png")
    press(window, "Cancel")
    wait_until("the dialog to close", lambda: find_dialog(app, "is not available") is None, 10)
    report(app_answers(app, epoch), "app keeps its work after a missing CSV file")

    with open(csv_path + ".moved") as f:
        rows = f.read()
    with open(csv_path, "w") as f:
        f.write(rows.rstrip("\n").rsplit("\n", 1)[0] + "\n")
    activate("open-project", csv_project)
    window, text = wait_until("the changed-data dialog",
                              lambda: find_dialog(app, "is not available"), 20)
    report("SHA-256" in text or "changed" in text, "changed CSV dialog says it changed", text)
    press(window, "Cancel")
    wait_until("the dialog to close", lambda: find_dialog(app, "is not available") is None, 10)

    # Step 9: the restored file opens, and the recent list names it.
    os.replace(csv_path + ".moved", csv_path)
    activate("open-project", csv_project)
    wait_until("the CSV project's title",
               lambda: window_title(app) == "coffee.neurite – Neurite", 30)
    wait_epoch(app, 2)
    report(True, "CSV project opens at epoch 2")
    recent = os.path.join(os.environ["XDG_DATA_HOME"], "recently-used.xbel")
    text = wait_until("the recent files", lambda: open(recent).read()
                      if os.path.exists(recent) and "coffee.neurite" in open(recent).read()
                      else None, 10)
    report("after5.neurite" in text, "recent files list the opened and saved projects")

    # Step 10: a recent file that vanished gets a message.
    os.remove(resumed)
    activate("open-recent", resumed)
    window, text = wait_until("the vanished-file dialog",
                              lambda: find_dialog(app, "was not found"), 20)
    report("resumed.neurite" in text, "vanished recent file is named", text)
    press(window, "Close")
    time.sleep(1)
    report("resumed.neurite" not in open(recent).read(), "vanished file leaves the recent list")

    # Step 11: closing unsaved work opens a question, and Cancel keeps the window.
    epoch = read_epoch(app)
    step(app, 1, epoch + 1)
    click_close_button(app)
    window, text = wait_until("the close dialog", lambda: find_dialog(app, "before closing"), 20)
    buttons = [n.name for n in pyatspi.findAllDescendants(
        window, lambda n: n.getRoleName() == "push button")]
    report(all(any(name in b for b in buttons) for name in ("Save", "Discard", "Cancel")),
           "closing unsaved work asks Save, Discard or Cancel",
           "buttons: %s\n%s" % (buttons, text))
    screenshot(shot_dir, "app-project-close.png")
    press(window, "Cancel")
    wait_until("the dialog to close", lambda: find_dialog(app, "before closing") is None, 10)
    report(app_answers(app, epoch + 1), "Cancel keeps the window and its work")

    # Step 12: derived features travel through the file to neurite-cli.
    toggles = pyatspi.findAllDescendants(
        app, lambda n: (n.getRoleName() in ("toggle button", "push button")
                        and "x1 squared" in n.name))
    report(len(toggles) == 1, "the x1 squared toggle is found", "found %d" % len(toggles))
    toggles[0].queryAction().doAction(0)
    wait_epoch(app, 0)
    step(app, 2, 2)
    derived2 = os.path.join(directory, "derived2.neurite")
    derived4 = os.path.join(directory, "derived4.neurite")
    activate("save-project", derived2)
    project = wait_for_file(derived2)
    report(project["dataset"]["derived_features"] == ["x1^2"] and project["model"]["inputs"] == 3,
           "saved project lists the derived feature and 3 inputs",
           "derived_features %s, inputs %s" % (project["dataset"]["derived_features"],
                                               project["model"]["inputs"]))
    step(app, 2, 4)
    activate("save-project", derived4)
    app_derived4 = wait_for_file(derived4)
    cli_derived4 = os.path.join(directory, "cli-derived4.neurite")
    run_cli("train", "--project", derived2, "--epochs", "2", "--save", cli_derived4)
    with open(cli_derived4) as f:
        compare_projects(app_derived4, json.load(f), "cli continues derived features as the app")
    predictions = os.path.join(directory, "derived-predictions.csv")
    run_cli("predict", "--project", derived4, "--data", csv_path, "--output", predictions)
    with open(csv_path) as f:
        n_rows = len(f.read().strip().splitlines()) - 1
    with open(predictions) as f:
        n_predicted = len(f.read().strip().splitlines()) - 1
    report(n_predicted == n_rows, "predict computes the derived features of a file",
           "%d rows, %d predictions" % (n_rows, n_predicted))

    # Step 13: the saved class names let predict read rows of one class only.
    report(app_derived4["dataset"].get("class_names") == ["0", "1"],
           "the app saves the class names", "class_names %s"
           % app_derived4["dataset"].get("class_names"))
    with open(csv_path) as f:
        lines = f.read().strip().splitlines()
    good_rows = [i for i, line in enumerate(lines[1:]) if line.split(",")[-1] == "1"]
    subset = os.path.join(directory, "good-roasts.csv")
    with open(subset, "w") as f:
        f.write("\n".join([lines[0]] + [lines[1 + i] for i in good_rows]) + "\n")
    subset_predictions = os.path.join(directory, "good-predictions.csv")
    run_cli("predict", "--project", derived4, "--data", subset, "--output", subset_predictions)
    with open(predictions) as f:
        full = f.read().strip().splitlines()
    with open(subset_predictions) as f:
        part = f.read().strip().splitlines()
    expected = [full[0]] + [full[1 + i] for i in good_rows]
    report(part == expected, "predict on one class matches",
           "%d rows of class 1, %d predicted" % (len(good_rows), len(part) - 1))


if __name__ == "__main__":
    sys.exit(main(__file__, "app-project.tap", run))
