#!/usr/bin/python3
"""Imports CSV files through the application's import dialog.

Starts itself again inside a virtual X server and a private session bus
(xvfb-run and dbus-run-session). There it starts neurite and opens each
bundled dataset with win.import-csv. It drives the dialog through its
action group, which the dialog exports at the window's object path
followed by "/import", and reads the dialog and the window through AT-SPI.
After each import it trains a few epochs with win.train and checks that
the decision regions ring the misclassified points, which the regions
view counts in its accessible description. Then it imports files that it
writes itself. These are a semicolon-separated file with decimal commas,
files with missing values that need the drop-or-mean choice and a text
feature that becomes one-hot columns. A header-only file, a binary file
and a label of one class must keep Import disabled with their reason. A text label
imported as regression must fail in the dialog, then import on a retry,
and a large file's scan is cancelled and restarted. Saves screenshots of
the dialog. Prints TAP; the
output of the X server, the bus and the application goes to stderr.

usage: test-app-import.py NEURITE SCREENSHOT_DIR
"""

import os
import re
import subprocess
import sys
import tempfile
import time

import gi

gi.require_version("Atspi", "2.0")
import pyatspi  # noqa: E402

# The shared harness lives beside this script.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import app_harness  # noqa: E402
from app_harness import (WINDOW_PATH, find_application, gdbus_call,  # noqa: E402
                         main, name_has_owner, report, wait_until)

IMPORT_PATH = WINDOW_PATH + "/import"
DATASETS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data",
                        "datasets")

# Each bundled file: rows, features, the task the dialog guesses, words of
# its reason and the start of the output label after the import. Rows and
# classes are counted from the files (wc -l minus the header; sort -u of the
# label column). Two classes take one sigmoid unit, more take one unit per
# class, and regression one unit per target.
BUNDLED = [
    ("iris.csv", 150, 4, "classification", "3 text classes", "Output, 3 units"),
    ("breast_cancer.csv", 569, 30, "classification", "2 text classes", "Output, 1 unit"),
    ("digits8x8.csv", 1797, 64, "classification", "10 distinct integers", "Output, 10 units"),
    ("diabetes.csv", 442, 10, "regression", "214 distinct integers", "Output, 1 unit"),
    ("coffee_roasting.csv", 200, 2, "classification", "2 distinct integers", "Output, 1 unit"),
    ("blobs4.csv", 2000, 2, "classification", "4 distinct integers", "Output, 4 units"),
]

# Rows of the large file: enough that its scan takes long enough to cancel.
LARGE_ROWS = 300000
LARGE_COLUMNS = 20


def activate(path, action, parameter=None):
    gdbus_call(path, "org.gtk.Actions.Activate", action,
               "[%s]" % parameter if parameter else "[]", "{}")


def set_state(action, value):
    """Sets the state of an import action; the boolean ones take no
    parameter, so D-Bus callers set their state."""
    gdbus_call(IMPORT_PATH, "org.gtk.Actions.SetState", action, value, "{}")


def describe(action):
    """Returns (enabled, state text) of an import action; the state is
    GVariant text such as 'comma' or true, or None for stateless actions."""
    reply = gdbus_call(IMPORT_PATH, "org.gtk.Actions.Describe", action)
    state = re.search(r"\[<(.*)>\]", reply)
    return reply.startswith("((true"), state.group(1) if state else None


def dialog_exported():
    try:
        describe("load")
        return True
    except RuntimeError:
        return False


def scan_finished():
    """Returns whether the dialog exists and runs no scan or load."""
    return not describe("cancel")[0]


def text_of(node):
    text = node.queryText()
    # GTK 4.8 returns nothing for GetText (0, -1), so ask for every character.
    return text.getText(0, text.characterCount)


def find_one(root, description, predicate):
    found = pyatspi.findAllDescendants(root, predicate)
    if len(found) != 1:
        raise LookupError("expected one %s, found %d" % (description, len(found)))
    return found[0]


def find_dialog(app, file_name):
    title = "Import “%s”" % file_name
    for i in range(app.childCount):
        child = app.getChildAtIndex(i)
        if child is not None and child.name == title:
            return child
    return None


def described_label(root, description):
    return text_of(find_one(root, "label described as %r" % description,
                            lambda node: node.getRoleName() == "label"
                            and node.description == description))


# The window's labels, found once: walking its accessible tree over the
# bus takes seconds.
window_labels = {}


def window_label(app, key, predicate):
    if key not in window_labels:
        window_labels[key] = find_one(app, key, predicate)
    return text_of(window_labels[key])


def output_label(app):
    return window_label(app, "output label",
                        lambda node: node.getRoleName() == "label"
                        and (node.name or "").startswith("Output, "))


def info_bar_text(app):
    # The label of the window's message bar, which shows errors and the
    # notes of an import. A label's accessible name is its text, so it is
    # found by the notes of the first import.
    return window_label(app, "message label",
                        lambda node: node.getRoleName() == "label"
                        and (node.name or "").startswith("Imported “"))


def epoch(app):
    return int(window_label(app, "epoch label",
                            lambda node: node.getRoleName() == "label"
                            and node.description == "Number of epochs trained"))


def ringed_points(app):
    """Returns the number of misclassified points that the decision regions
    ring, which the view states in its accessible description, or None
    while it states none."""
    if "regions view" not in window_labels:
        window_labels["regions view"] = find_one(
            app, "regions view", lambda node: node.name == "Decision regions"
            and node.getRoleName() != "label")
    found = re.match(r"(\d+) misclassified points? (is|are) ringed",
                     window_labels["regions view"].description or "")
    return int(found.group(1)) if found else None


def check_rings(app, name, expect_wrong):
    """Reports whether the decision regions ring the misclassified points
    after training. With expect_wrong, at least one must be ringed."""
    def stated_count():
        count = ringed_points(app)
        if count is None or (expect_wrong and count == 0):
            return None
        return "ringed: %d" % count  # a true value even for 0

    try:
        detail = wait_until("the ringed points of " + name, stated_count, 20)
        ok = True
    except TimeoutError as error:
        detail = str(error)
        ok = False
    report(ok, "%s: misclassified points are ringed" % name, detail)


def open_dialog(path):
    activate(WINDOW_PATH, "import-csv", "<'%s'>" % path)
    wait_until("the import dialog of " + path, dialog_exported, 30)
    wait_until("the scan of " + path, scan_finished, 60)


def import_and_wait(app, file_name, rows):
    """Activates import.load, waits for the window's notes of the import and
    reports whether they count the expected rows. Returns the notes."""
    activate(IMPORT_PATH, "load")
    expected = "Imported “%s”: %d row" % (file_name, rows)
    try:
        wait_until("the import dialog to close", lambda: not dialog_exported(), 60)
        notes = wait_until("the notes of " + file_name,
                           lambda: (lambda t: t if t.startswith(expected) else None)(
                               info_bar_text(app)), 30)
    except TimeoutError as error:
        notes = "%s; message bar: %r" % (error, info_bar_text(app))
    report(notes.startswith(expected), "%s imports %d rows" % (file_name, rows),
           "notes: %r" % notes)
    return notes


def train_a_few_epochs(app, name):
    activate(WINDOW_PATH, "train")
    reached = wait_until("3 epochs on " + name,
                         lambda: (lambda e: e if e >= 3 else None)(epoch(app)), 60)
    activate(WINDOW_PATH, "train")
    report(reached >= 3, "%s trains after the import" % name, "epoch %d" % reached)


def screenshot(shot_dir, name):
    shot = os.path.join(shot_dir, name)
    done = subprocess.run(["import", "-window", "root", shot], capture_output=True, text=True,
                          timeout=30)
    report(done.returncode == 0 and os.path.getsize(shot) > 0, "screenshot %s saved" % name,
           "%s %s" % (shot, done.stderr.strip()))


def check_bundled(app, shot_dir):
    for file_name, rows, features, task, reason, output in BUNDLED:
        path = os.path.abspath(os.path.join(DATASETS, file_name))
        open_dialog(path)
        dialog = wait_until("the dialog on the accessibility bus",
                            lambda: find_dialog(app, file_name), 30)

        report(describe("delimiter")[1] == "'comma'", "%s: comma detected" % file_name,
               "state %s" % describe("delimiter")[1])
        report(describe("header")[1] == "true", "%s: header detected" % file_name)
        report(describe("task")[1] == "'%s'" % task, "%s: %s guessed" % (file_name, task),
               "state %s" % describe("task")[1])
        reason_text = described_label(dialog, "Why this task")
        report(reason in reason_text, "%s: the guess names its reason" % file_name,
               "reason: %r" % reason_text)
        report(describe("load")[0], "%s: Import is enabled" % file_name,
               "why not: %r" % described_label(dialog, "Why Import is disabled"))
        report(not describe("missing")[0], "%s: drop and fill are off, nothing is missing"
               % file_name)
        if file_name == "iris.csv":
            screenshot(shot_dir, "app-import-iris.png")

        notes = import_and_wait(app, file_name, rows)
        report(("%d features" % features) in notes, "%s: rows and features in the notes"
               % file_name, "notes: %r" % notes)
        label = wait_until("the output label of " + file_name,
                           lambda: (lambda t: t if t.startswith(output) else None)(
                               output_label(app)), 30)
        report(label.startswith(output), "%s: %s" % (file_name, output), "label: %r" % label)
        train_a_few_epochs(app, file_name)
        # Three epochs leave some of the overlapping iris and blobs4
        # points in the wrong class.
        if task == "classification":
            check_rings(app, file_name, file_name in ("iris.csv", "blobs4.csv"))
        if file_name == "blobs4.csv":
            screenshot(shot_dir, "app-import-blobs4-trained.png")


def write(directory, name, text):
    path = os.path.join(directory, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def check_semicolon_decimal_comma(app, directory):
    text = "width;height;kind\n" + "".join(
        "%d,5;%d,25;%s\n" % (i, 10 - i, "tall" if i % 2 else "wide") for i in range(10))
    path = write(directory, "semicolon.csv", text)
    open_dialog(path)
    report(describe("delimiter")[1] == "'semicolon'", "semicolon detected",
           "state %s" % describe("delimiter")[1])
    report(describe("decimal-comma")[1] == "true", "decimal comma detected",
           "state %s" % describe("decimal-comma")[1])
    dialog = wait_until("the dialog on the accessibility bus",
                        lambda: find_dialog(app, "semicolon.csv"), 30)
    cells = pyatspi.findAllDescendants(dialog, lambda node: node.getRoleName() == "label"
                                       and node.name == "3,5")
    report(len(cells) == 1, "preview shows the field “3,5”", "found %d" % len(cells))

    # With the point as separator, "3,5" has the shape of a number but does
    # not parse: "width" stays numeric and its values count as non-numeric,
    # not as categories.
    set_state("decimal-comma", "<false>")
    wait_until("the scan with decimal points", scan_finished, 30)
    details = described_label_in_columns(dialog, "width")
    report("First non-numeric value" in details and "One-hot" not in details,
           "decimal point makes “width” values non-numeric", "details: %r" % details)
    set_state("decimal-comma", "<true>")
    wait_until("the scan with decimal commas", scan_finished, 30)

    notes = import_and_wait(app, "semicolon.csv", 10)
    report("2 features" in notes, "semicolon file: two numeric features", "notes: %r" % notes)


def described_label_in_columns(dialog, column):
    """Returns the details of column in the column table: the label that
    follows the one named "Non-numeric values in COLUMN"."""
    labels = pyatspi.findAllDescendants(dialog, lambda node: node.getRoleName() == "label")
    for i, node in enumerate(labels):
        if node.name == "Non-numeric values in %s" % column and i + 1 < len(labels):
            return text_of(labels[i + 1])
    raise LookupError("no details for column %r" % column)


def check_missing_values(app, directory, shot_dir):
    # Rows 2 and 5 miss x1, rows 4 and 5 have a text x2: 4 problems on
    # the 3 rows 2, 4 and 5.
    text = ("x1,x2,label\n1,2,a\n,3,b\n4,5,a\n6,oops,b\n,nope,a\n9,10,b\n11,12,a\n13,14,b\n"
            "15,16,a\n17,18,b\n")
    for choice, rows in (("drop", 7), ("mean", 10)):
        path = write(directory, "missing-%s.csv" % choice, text)
        open_dialog(path)
        dialog = wait_until("the dialog on the accessibility bus",
                            lambda: find_dialog(app, os.path.basename(path)), 30)
        report(not describe("load")[0], "missing values disable Import (%s)" % choice)
        report(describe("missing")[0], "missing values enable drop and fill (%s)" % choice)
        blocker = described_label(dialog, "Why Import is disabled")
        report("missing" in blocker, "a sentence says why Import is disabled",
               "blocker: %r" % blocker)
        summary = described_label(dialog, "Missing values")
        report("4 values are missing" in summary and "Dropping removes 3 rows of 10." in summary,
               "missing values are counted with the exact rows dropping removes",
               "summary: %r" % summary)
        if choice == "drop":
            screenshot(shot_dir, "app-import-missing.png")

        # With x2 ignored, only the rows 2 and 5 that miss x1 remain.
        activate(IMPORT_PATH, "role", "<('x2', 'ignored')>")
        summary = described_label(dialog, "Missing values")
        report("2 values are missing or not numbers, in 1 column. Dropping removes 2 rows of 10."
               in summary, "the rows dropping removes follow the roles", "summary: %r" % summary)
        activate(IMPORT_PATH, "role", "<('x2', 'feature')>")

        activate(IMPORT_PATH, "missing", "<'%s'>" % choice)
        report(describe("load")[0], "choosing %s enables Import" % choice,
               "why not: %r" % described_label(dialog, "Why Import is disabled"))
        import_and_wait(app, os.path.basename(path), rows)


def check_rejected_file(app, directory, name, content, reason):
    """Opens a file that cannot be imported and reports whether Import stays
    disabled with a reason that contains the words of reason."""
    path = os.path.join(directory, name)
    with open(path, "wb") as f:
        f.write(content)
    open_dialog(path)
    dialog = wait_until("the dialog on the accessibility bus",
                        lambda: find_dialog(app, name), 30)
    blocker = described_label(dialog, "Why Import is disabled")
    report(not describe("load")[0], "%s: Import is disabled" % name)
    report(reason in blocker, "%s: the reason is stated" % name, "reason: %r" % blocker)
    activate(IMPORT_PATH, "close")
    wait_until("the dialog of %s to close" % name, lambda: not dialog_exported(), 30)


def check_rejected_files(app, directory):
    check_rejected_file(app, directory, "header-only.csv", b"x1,x2,label\n",
                        "has a header row but no data rows")
    # Bytes of an image or archive: a NUL and other control characters.
    check_rejected_file(app, directory, "binary.csv", bytes(range(256)) * 8,
                        "is not a text CSV file")
    check_rejected_file(app, directory, "one-class.csv",
                        b"x1,x2,label\n" + b"".join(b"%d,%d,cat\n" % (i, 2 * i)
                                                    for i in range(9)),
                        "has only one class, “cat”")


def check_one_hot(app, directory):
    colors = ("red", "green", "blue")
    text = "color,size,label\n" + "".join(
        "%s,%d,%d\n" % (colors[i % 3], i, i % 2) for i in range(12))
    path = write(directory, "colors.csv", text)
    open_dialog(path)
    dialog = wait_until("the dialog on the accessibility bus",
                        lambda: find_dialog(app, "colors.csv"), 30)
    details = described_label_in_columns(dialog, "color")
    report("red → color=red" in details and "blue → color=blue" in details,
           "the text feature shows its one-hot columns", "details: %r" % details)

    # import.label moves the label, and the guess follows: size contains
    # the integers 0 to 11.
    activate(IMPORT_PATH, "label", "<'size'>")
    reason = described_label(dialog, "Why this task")
    report("“size” has 12 distinct integers" in reason, "import.label moves the task guess",
           "reason: %r" % reason)
    activate(IMPORT_PATH, "label", "<'label'>")
    notes = import_and_wait(app, "colors.csv", 12)
    # 3 one-hot columns for color, and size.
    report("4 features" in notes, "one-hot columns become features", "notes: %r" % notes)


def check_error_and_retry(app, directory):
    text = "a,b,species\n" + "".join(
        "%d,%d,%s\n" % (i, i * 2, ("cat", "dog")[i % 2]) for i in range(8))
    path = write(directory, "species.csv", text)
    open_dialog(path)
    dialog = wait_until("the dialog on the accessibility bus",
                        lambda: find_dialog(app, "species.csv"), 30)
    activate(IMPORT_PATH, "task", "<'regression'>")
    activate(IMPORT_PATH, "load")
    wait_until("the load to fail", scan_finished, 30)
    report(dialog_exported(), "the dialog stays open after a failed load")
    message = described_label(dialog, "Import error")
    report("species.csv" in message, "the reader's message names the file",
           "message: %r" % message)

    activate(IMPORT_PATH, "task", "<'classification'>")
    activate(IMPORT_PATH, "role", "<('b', 'ignored')>")
    notes = import_and_wait(app, "species.csv", 8)
    report(", 1 feature." in notes, "an ignored column is left out", "notes: %r" % notes)


def check_large_file(app, directory):
    path = os.path.join(directory, "large.csv")
    with open(path, "w") as f:
        f.write(",".join("x%d" % i for i in range(LARGE_COLUMNS - 1)) + ",label\n")
        row = ",".join("%d.125" % i for i in range(LARGE_COLUMNS - 1))
        for i in range(LARGE_ROWS):
            f.write("%s,%d\n" % (row, i % 3))

    activate(WINDOW_PATH, "import-csv", "<'%s'>" % path)
    wait_until("the import dialog of the large file", dialog_exported, 30)
    scanning = describe("cancel")[0]
    if scanning:
        activate(IMPORT_PATH, "cancel")
        report(not describe("load")[0] and describe("scan")[0],
               "a cancelled scan leaves Import off and Scan on")
    else:
        report(True, "a cancelled scan leaves Import off and Scan on # SKIP the scan "
               "finished before it could be cancelled")
    activate(IMPORT_PATH, "scan")
    wait_until("the scan of the large file", scan_finished, 120)
    report(describe("load")[0], "the large file can be imported after a new scan")

    # A load stopped halfway leaves the dialog open, ready to load again.
    activate(IMPORT_PATH, "load")
    try:
        loading = describe("cancel")[0]
        if loading:
            activate(IMPORT_PATH, "cancel")
    except RuntimeError:
        loading = False  # the load finished and closed the dialog
    if loading:
        report(dialog_exported() and describe("load")[0], "a stopped load keeps the dialog")
        notes = import_and_wait(app, "large.csv", LARGE_ROWS)
    else:
        report(True, "a stopped load keeps the dialog # SKIP the load finished first")
        notes = info_bar_text(app)
    report(("%d features" % (LARGE_COLUMNS - 1)) in notes, "the large file is imported",
           "notes: %r" % notes)


def run(app_process, shot_dir):
    wait_until("neurite on the session bus", name_has_owner, 30)
    actions = wait_until("the window's actions at " + WINDOW_PATH,
                         lambda: gdbus_call(WINDOW_PATH, "org.gtk.Actions.List"), 30)
    report("'import-csv'" in actions, "window exports win.import-csv", "list: %s" % actions)
    app = wait_until("neurite on the accessibility bus", find_application, 30)

    check_bundled(app, shot_dir)
    with tempfile.TemporaryDirectory() as directory:
        check_semicolon_decimal_comma(app, directory)
        check_missing_values(app, directory, shot_dir)
        check_rejected_files(app, directory)
        check_one_hot(app, directory)
        check_error_and_retry(app, directory)
        check_large_file(app, directory)
    report(app_process.poll() is None, "application still running")


if __name__ == "__main__":
    # Six imports with training, the written files and the large file take
    # longer than the harness's default.
    app_harness.INNER_TIMEOUT = 400
    sys.exit(main(__file__, "app-import.tap", run))
