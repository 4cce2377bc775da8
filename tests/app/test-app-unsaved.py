#!/usr/bin/python3
"""Checks that the application confirms before it loses unsaved work.

Opening a project over unsaved changes shows the Save, Discard or Cancel
question. Cancel keeps the current work, Discard opens the project, and
Save saves the current work first and then opens the project. app.quit
shows the same question: Cancel keeps the application running, and
Discard quits it with exit status 0. Exports onto the open project file or
its CSV data file are rejected with an error naming the file, also through
the Code page's Save Code dialog and when only the script's .npz weights
file is the project. export-code errors name the real file and what to
do. With the CSV file moved, the code and the project can still be
written. Starts itself inside a virtual X server and a private session
bus, as app_harness.main does. Prints TAP.

usage: test-app-unsaved.py NEURITE SCREENSHOT_DIR NEURITE_CLI
"""

import hashlib
import importlib.util
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from app_harness import (APP_ID, APP_PATH, WINDOW_PATH, find_application,  # noqa: E402
                         gdbus_call, main, name_has_owner, report, wait_until)

# The helpers that read the window are those of the project test.
_spec = importlib.util.spec_from_file_location("app_project_test",
                                               os.path.join(HERE, "test-app-project.py"))
project_test = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(project_test)

# The recent files go to a folder of this test, not to the user's.
if len(sys.argv) > 2:
    os.environ["XDG_DATA_HOME"] = os.path.join(os.path.abspath(sys.argv[2]), "app-unsaved-data")

OPEN_QUESTION = "before opening"
CLOSE_QUESTION = "before closing"


def answer(app, question, button):
    """Waits for the question whose labels contain question, checks that it
    offers Save, Discard and Cancel, and presses button."""
    window, text = wait_until("the question %r" % question,
                              lambda: project_test.find_dialog(app, question), 20)
    buttons = [n.name.replace("_", "") for n in project_test.pyatspi.findAllDescendants(
        window, lambda n: n.getRoleName() == "push button")]
    report(all(any(name in b for b in buttons) for name in ("Save", "Discard", "Cancel")),
           "question %r offers Save, Discard and Cancel" % question,
           "buttons: %s\n%s" % (buttons, text))
    project_test.press(window, button)
    wait_until("the question to close",
               lambda: project_test.find_dialog(app, question) is None, 10)


def error_text(app, expected):
    """Returns the text of the label that contains expected, or None. The
    window clears its error message when it hides the error bar."""
    for label in project_test.pyatspi.findAllDescendants(
            app, lambda n: n.getRoleName() == "label"):
        text = project_test.label_text(label)
        if expected in text:
            return text
    return None


def close_error(app, expected):
    """Hides the window's error bar through its close button and waits
    until its message, which contains expected, is gone."""
    buttons = project_test.pyatspi.findAllDescendants(
        app, lambda n: n.getRoleName() == "push button" and n.name == "Close Error Message")
    if not buttons:
        raise LookupError("the window has no button named Close Error Message")
    buttons[0].queryAction().doAction(0)
    wait_until("the error bar to hide", lambda: error_text(app, expected) is None, 10)


def find_toplevel(app, title):
    """Returns the application's window titled title, or None. GTK 4.8
    gives the file chooser dialog the role "filler", so only the title
    counts."""
    for i in range(app.childCount):
        window = app.getChildAtIndex(i)
        if window is not None and window.name == title:
            return window
    return None


def save_code_through_dialog(app, path):
    """Saves the code through the Code page's Save Code dialog onto path,
    an existing file, confirms its replacement, and returns the text of the
    error dialog that follows, after closing it."""
    project_test.activate("export-code", "")
    dialog = wait_until("the Save Code dialog", lambda: find_toplevel(app, "Save Code"), 20)
    # The dialog has a search entry too, so the name entry is the one with
    # the suggested name, model_<framework>.py.
    entries = project_test.pyatspi.findAllDescendants(
        dialog, lambda n: n.getRoleName() == "text"
        and n.getState().contains(project_test.pyatspi.STATE_EDITABLE)
        and project_test.label_text(n).startswith("model_"))
    if len(entries) != 1:
        raise LookupError("expected one file name entry, found %d" % len(entries))
    entries[0].queryEditableText().setTextContents(path)
    project_test.press(dialog, "Save")
    question, _ = wait_until("the question to replace the file",
                             lambda: project_test.find_dialog(app, "already exists"), 20)
    project_test.press(question, "Replace")
    window, text = wait_until("the error dialog",
                              lambda: project_test.find_dialog(app, "Could not save the code"),
                              20)
    project_test.press(window, "Close")
    wait_until("the error dialog to close",
               lambda: project_test.find_dialog(app, "Could not save the code") is None, 10)
    return text


def run(app_process, shot_dir):
    directory = os.path.join(shot_dir, "app-unsaved")
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory)
    saved = os.path.join(directory, "saved.neurite")

    # Step 1: a project saved at epoch 1, then one more epoch left unsaved.
    wait_until("%s on the session bus" % APP_ID, name_has_owner, 30)
    app = wait_until("neurite on the accessibility bus", find_application, 30)
    project_test.wait_epoch(app, 0)
    project_test.step(app, 1, 1)
    project_test.activate("save-project", saved)
    project_test.wait_for_file(saved)
    project_test.step(app, 1, 2)
    report(project_test.window_title(app).startswith("*"), "title marks the unsaved epoch",
           "title: %r" % project_test.window_title(app))

    # Step 2: Cancel keeps the current work.
    project_test.activate("open-project", saved)
    answer(app, OPEN_QUESTION, "Cancel")
    report(project_test.app_answers(app, 2), "Cancel keeps epoch 2 after opening was asked")
    report(project_test.window_title(app).startswith("*"),
           "Cancel keeps the unsaved mark in the title",
           "title: %r" % project_test.window_title(app))

    # Step 3: Discard opens the saved project at epoch 1.
    project_test.activate("open-project", saved)
    answer(app, OPEN_QUESTION, "Discard")
    project_test.wait_epoch(app, 1)
    report(project_test.window_title(app) == "saved.neurite – Neurite",
           "Discard opens the project", "title: %r" % project_test.window_title(app))

    # Step 4: Save writes epoch 2 to the file, and then opens it.
    project_test.step(app, 1, 2)
    mtime = os.path.getmtime(saved)
    project_test.activate("open-project", saved)
    answer(app, OPEN_QUESTION, "Save")
    project = project_test.wait_for_file(saved, mtime)
    report(project["fit"]["epochs_done"] == 2, "Save writes the unsaved epoch before opening",
           "epochs_done: %s" % project["fit"]["epochs_done"])
    project_test.wait_epoch(app, 2)
    title = wait_until("the title without the unsaved mark",
                       lambda: (lambda t: t if t == "saved.neurite – Neurite" else None)(
                           project_test.window_title(app)), 20)
    report(title == "saved.neurite – Neurite", "Save then opens the saved project",
           "title: %r" % title)

    # Step 5: exports onto the open project file or its CSV data file are
    # rejected with an error naming the file, and leave the file unchanged.
    csv_path = os.path.join(directory, "coffee.csv")
    shutil.copy(os.path.join(HERE, "..", "..", "data", "datasets", "coffee_roasting.csv"),
                csv_path)
    csv_project = os.path.join(directory, "coffee.neurite")
    project_test.run_cli("train", "--data", csv_path, "--layers", "3:tanh,1:sigmoid",
                         "--normalize", "--test-split", "0.2", "--epochs", "2",
                         "--save", csv_project)
    project_test.activate("open-project", csv_project)
    wait_until("the CSV project's title",
               lambda: project_test.window_title(app) == "coffee.neurite – Neurite", 30)
    project_test.wait_epoch(app, 2)
    targets = [
        ("export-data", "'%s'" % csv_path, csv_path, "is the CSV data file"),
        ("export-history", "'%s'" % csv_project, csv_project, "is the open project file"),
        ("export-code", "'%s'" % csv_project, csv_project, "is the open project file"),
        ("export-plot", "('regions', '%s', 1.0, 'light')" % csv_project, csv_project,
         "is the open project file"),
    ]
    for action, parameter, target, expected in targets:
        with open(target, "rb") as f:
            before = f.read()
        gdbus_call(WINDOW_PATH, "org.gtk.Actions.Activate", action, "[<%s>]" % parameter, "{}")
        name = os.path.basename(target)
        message = wait_until("the error naming %s" % name,
                             lambda: error_text(app, expected), 20)
        report(name in message, "%s onto %s is rejected naming the file" % (action, name),
               "message: %s" % message)
        with open(target, "rb") as f:
            report(f.read() == before, "%s leaves %s unchanged" % (action, name))
        close_error(app, expected)
    mtime = os.path.getmtime(csv_project)
    project_test.activate("save-project", csv_project)
    project = project_test.wait_for_file(csv_project, mtime)
    report(project["fit"]["epochs_done"] == 2, "save-project onto the open project file saves",
           "epochs_done: %s" % project["fit"]["epochs_done"])
    project_test.wait_epoch(app, 2)

    # The Code page's Save Code dialog rejects the open project file too,
    # after GTK has asked to replace it.
    with open(csv_project, "rb") as f:
        before = f.read()
    message = save_code_through_dialog(app, csv_project)
    report("coffee.neurite" in message and "is the open project file" in message,
           "Save Code onto the project is rejected naming it", "message: %s" % message)
    with open(csv_project, "rb") as f:
        report(f.read() == before, "Save Code leaves the project file unchanged")

    # A project file named weights.npz is the weights file of the script
    # weights.py, so export-code rejects that script and writes neither file.
    # save-project appends .neurite, so the test copies the file instead.
    npz_project = os.path.join(directory, "weights.npz")
    shutil.copy(csv_project, npz_project)
    project_test.activate("open-project", npz_project)
    wait_until("the title of weights.npz",
               lambda: project_test.window_title(app) == "weights.npz – Neurite", 30)
    project_test.wait_epoch(app, 2)
    with open(npz_project, "rb") as f:
        before = f.read()
    npz_script = os.path.join(directory, "weights.py")
    project_test.activate("export-code", npz_script)
    message = wait_until("the error naming weights.npz",
                         lambda: error_text(app, "is the open project file"), 20)
    report("weights.npz" in message, "export-code whose weights are the project is rejected",
           "message: %s" % message)
    with open(npz_project, "rb") as f:
        report(f.read() == before, "export-code leaves the project weights.npz unchanged")
    report(not os.path.exists(npz_script), "rejected export-code writes no script")
    close_error(app, "is the open project file")

    # Step 6: export-code into a missing folder names the file and the
    # folder, not a temporary file, and a later export hides the error.
    missing = os.path.join(directory, "missing", "model.py")
    project_test.activate("export-code", missing)
    message = wait_until("the missing-folder error", lambda: error_text(app, "does not exist"), 20)
    report("model.npz" in message and "missing" in message and ".npz." not in message,
           "export-code into a missing folder names the file and the folder",
           "message: %s" % message)
    script = os.path.join(directory, "model.py")
    project_test.activate("export-code", script)
    wait_until("the script", lambda: os.path.exists(script), 20)
    wait_until("the error bar to hide", lambda: error_text(app, "does not exist") is None, 10)
    report(True, "a successful export hides the earlier error")

    # Step 7: with the CSV file moved, the work can still leave the window.
    # The code is written, and a saved project names the file with the
    # checksum of the rows as loaded, so that Locate can find them again.
    os.rename(csv_path, csv_path + ".moved")
    moved_script = os.path.join(directory, "moved.py")
    project_test.activate("export-code", moved_script)
    wait_until("the script of the moved data", lambda: os.path.exists(moved_script), 20)
    report(True, "code exports with the CSV moved")
    moved_project = os.path.join(directory, "moved.neurite")
    project_test.activate("save-project", moved_project)
    saved = project_test.wait_for_file(moved_project)
    with open(csv_path + ".moved", "rb") as f:
        loaded_sha256 = hashlib.sha256(f.read()).hexdigest()
    report(saved["dataset"]["sha256"] == loaded_sha256,
           "the project keeps the loaded checksum",
           "saved %s, file %s" % (saved["dataset"]["sha256"], loaded_sha256))
    os.rename(csv_path + ".moved", csv_path)

    # Step 8: app.quit shows the question. Cancel keeps the application running.
    project_test.step(app, 1, 3)
    gdbus_call(APP_PATH, "org.gtk.Actions.Activate", "quit", "[]", "{}")
    answer(app, CLOSE_QUESTION, "Cancel")
    report(app_process.poll() is None and project_test.app_answers(app, 3),
           "Cancel keeps the application running with its work",
           "exit status %s" % app_process.poll())

    # Step 9: Discard quits.
    gdbus_call(APP_PATH, "org.gtk.Actions.Activate", "quit", "[]", "{}")
    answer(app, CLOSE_QUESTION, "Discard")
    app_process.wait(timeout=20)
    report(app_process.returncode == 0, "Discard quits the application",
           "exit status %s" % app_process.returncode)
    wait_until("%s to leave the bus" % APP_ID, lambda: not name_has_owner(), 20)

    # The harness quits this second application through app.quit at the end.
    project_test.start_app()
    wait_until("the second %s on the session bus" % APP_ID, name_has_owner, 30)


if __name__ == "__main__":
    sys.exit(main(__file__, "app-unsaved.tap", run))
