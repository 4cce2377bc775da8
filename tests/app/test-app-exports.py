#!/usr/bin/python3
"""Checks the Code page and the exports of the running application.

Starts itself again inside a virtual X server and a private session bus
(xvfb-run and dbus-run-session). There it starts neurite and:

- switches the Code page between Keras, PyTorch and NumPy through
  win.code-framework and its buttons, reading the script through AT-SPI;
- copies the script and reads the X clipboard back with xclip;
- checks that the script follows the model (a new layer, another loss);
- saves the script and its weights with win.export-code and runs the NumPy
  pair;
- writes the history with win.export-history after a known number of
  epochs, and the data with its split with win.export-data. The parts are
  compared with the row counts of the Evaluation page, and both files with
  those that neurite-cli writes from the window's saved project;
- writes every view with win.export-plot at 1× and 2×, light and dark, and
  opens the Export dialog for a screenshot.

Prints TAP; the output of the X server, the bus and the application goes
to stderr.

usage: test-app-exports.py NEURITE SCREENSHOT_DIR NEURITE_CLI
"""

import csv
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time

import gi

gi.require_version("Atspi", "2.0")
import pyatspi  # noqa: E402

# The shared harness lives beside this script.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from app_harness import (APP_ID, WINDOW_PATH, find_application, gdbus_call,  # noqa: E402
                         main, name_has_owner, report, wait_until)

SOURCE_ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
IRIS_CSV = os.path.join(SOURCE_ROOT, "data", "datasets", "iris.csv")
PYTHON = "/usr/bin/python3"

# The inner run inside the X server gets only NEURITE and SCREENSHOT_DIR,
# so neurite-cli travels in the environment.
if len(sys.argv) > 3:
    os.environ["NEURITE_CLI"] = os.path.abspath(sys.argv[3])

# A word that each framework's script contains.
FRAMEWORK_MARKERS = {
    "keras": "keras.Sequential",
    "pytorch": "nn.Sequential",
    "numpy": "np.dot",
}

# The details label of the Evaluation page ends in " · 30 rows".
ROWS = re.compile(r"· (\d+) rows?$")
HEADLINE = re.compile(r"^(Training|Validation|Test) accuracy \d")


def activate(action, parameter=None):
    gdbus_call(WINDOW_PATH, "org.gtk.Actions.Activate", action,
               "[%s]" % parameter if parameter else "[]", "{}")


def action_state(action):
    # Describe returns (enabled, parameter type, [state]).
    return gdbus_call(WINDOW_PATH, "org.gtk.Actions.Describe", action)


def gvariant_string(text):
    """Quotes text as a GVariant string for gdbus."""
    return "'%s'" % text.replace("\\", "\\\\").replace("'", "\\'")


def find_one(app, description, predicate):
    found = pyatspi.findAllDescendants(app, predicate)
    if len(found) != 1:
        raise LookupError("expected one %s, found %d" % (description, len(found)))
    return found[0]


def node_text(node):
    text = node.queryText()
    # GTK 4.8 returns nothing for GetText (0, -1), so ask for every character.
    return text.getText(0, text.characterCount)


nodes = {}


def cached(app, key, description, predicate):
    """Finds a node once: walking the accessible tree over the bus takes
    seconds while the application trains."""
    if key not in nodes:
        nodes[key] = find_one(app, description, predicate)
    return nodes[key]


def read_code(app):
    view = cached(app, "code", "text view named 'Code'",
                  lambda node: node.name == "Code" and node.getRoleName() == "text")
    return node_text(view)


def read_code_status(app):
    label = cached(app, "status", "label described as 'Code status'",
                   lambda node: node.getRoleName() == "label" and node.description == "Code status")
    return node_text(label)


def read_epoch(app):
    label = cached(app, "epoch", "label described as 'Number of epochs trained'",
                   lambda node: node.getRoleName() == "label"
                   and node.description == "Number of epochs trained")
    return int(node_text(label))


def is_visible(node):
    return node.getState().contains(pyatspi.STATE_VISIBLE)


def read_evaluation(app):
    """Returns (split, rows) of the visible Evaluation page, or None."""
    labels = pyatspi.findAllDescendants(app, lambda node: node.getRoleName() == "label"
                                        and is_visible(node))
    split = rows = None
    for label in labels:
        name = label.name or ""
        if HEADLINE.match(name):
            split = HEADLINE.match(name).group(1)
        elif ROWS.search(name):
            rows = int(ROWS.search(name).group(1))
    return (split, rows) if split is not None and rows is not None else None


def find_toplevel(app, title):
    """Returns the application's window titled title, or None. GTK 4.8
    gives the file chooser dialog the role "filler", so only the title
    counts."""
    for i in range(app.childCount):
        window = app.getChildAtIndex(i)
        if window is not None and window.name == title:
            return window
    return None


def screenshot(shot_dir, name):
    time.sleep(0.5)  # a few frames, so that the screen shows the newest state
    path = os.path.join(shot_dir, "exports-%s.png" % name)
    done = subprocess.run(["import", "-window", "root", path], capture_output=True, text=True,
                          timeout=30)
    report(done.returncode == 0 and os.path.getsize(path) > 0, "screenshot %s saved" % name,
           "%s %s" % (path, done.stderr.strip()))
    return path


def png_size(path):
    """Returns (width, height) from the IHDR chunk of a PNG file."""
    with open(path, "rb") as f:
        header = f.read(24)
    if header[:8] != b"\x89PNG\r\n\x1a\n" or header[12:16] != b"IHDR":
        raise ValueError("%s is not a PNG file" % path)
    return struct.unpack(">II", header[16:24])


def corner_grey(path):
    """Returns the mean grey level (0 black to 1 white) of the top-left
    8 × 8 pixels of an image, through ImageMagick."""
    done = subprocess.run(["convert", path, "-crop", "8x8+0+0", "-colorspace", "gray",
                           "-format", "%[fx:mean]", "info:"],
                          capture_output=True, text=True, timeout=30)
    return float(done.stdout.strip())


def run_cli(*args):
    done = subprocess.run([os.environ["NEURITE_CLI"], *args], capture_output=True, text=True,
                          timeout=120)
    if done.returncode != 0:
        raise RuntimeError("neurite-cli %s failed: %s" % (" ".join(args), done.stderr))


def save_project(directory, name):
    """Saves the window's project with win.save-project and returns its path."""
    path = os.path.join(directory, name)
    activate("save-project", "<%s>" % gvariant_string(path))
    wait_for_file(path)
    return path


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def wait_for_file(path, timeout=15):
    """Waits until path exists and its size stops changing."""
    def settled():
        if not os.path.exists(path):
            return None
        size = os.path.getsize(path)
        time.sleep(0.2)
        return size > 0 and size == os.path.getsize(path)
    return wait_until(path, settled, timeout)


def read_csv(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def step_epochs(app, n):
    """Trains n more epochs with win.step, paused, and returns the epoch."""
    start = read_epoch(app)
    for _ in range(n):
        activate("step")
    return wait_until("epoch %d" % (start + n),
                      lambda: (lambda e: e if e == start + n else None)(read_epoch(app)), 30)


def check_code_page(app, shot_dir):
    """The framework switch, the text, Copy and the live updates."""
    activate("view", "<'code'>")
    for framework, marker in FRAMEWORK_MARKERS.items():
        activate("code-framework", "<'%s'>" % framework)
        try:
            text = wait_until("the %s script" % framework,
                              lambda m=marker: (lambda t: t if m in t else None)(read_code(app)), 10)
        except TimeoutError as error:
            text = str(error)
        report(marker in text, "Code page shows %s code with %s" % (framework, marker),
               text[:600])
        report("'%s'" % framework in action_state("code-framework"),
               "win.code-framework state is %s" % framework, action_state("code-framework"))
    screenshot(shot_dir, "code-numpy")

    # The buttons share the action's state.
    # GTK 4.8 gives toggle buttons the role of push buttons.
    button = find_one(app, "button named 'PyTorch'",
                      lambda node: node.name == "PyTorch"
                      and node.getRoleName() in ("push button", "toggle button"))
    button.queryAction().doAction(0)
    state = wait_until("win.code-framework to follow the PyTorch button",
                       lambda: (lambda s: s if "'pytorch'" in s else None)(
                           action_state("code-framework")), 10)
    report("'pytorch'" in state, "PyTorch button switches the framework", state)
    text = wait_until("the PyTorch script",
                      lambda: (lambda t: t if "nn.Sequential" in t else None)(read_code(app)), 10)
    screenshot(shot_dir, "code-pytorch")

    # Copy: the X clipboard has the same text. xclip reads it as another
    # X client would.
    activate("code-copy")
    status = wait_until("the copied notice",
                        lambda: (lambda s: s if s.startswith("Copied") else None)(
                            read_code_status(app)), 10)
    report(re.match(r"Copied \d+ lines? to the clipboard\.$", status) is not None,
           "Copy says that it copied", status)
    done = subprocess.run(["xclip", "-o", "-selection", "clipboard"], capture_output=True,
                          text=True, timeout=10)
    report(done.returncode == 0 and done.stdout == text, "clipboard holds the shown script",
           "xclip exit %d, %d characters on the clipboard, %d shown; stderr: %s"
           % (done.returncode, len(done.stdout), len(text), done.stderr.strip()))

    # The script follows the model: one more layer, then another loss.
    activate("code-framework", "<'keras'>")
    text = wait_until("the Keras script",
                      lambda: (lambda t: t if "keras.Sequential" in t else None)(read_code(app)), 10)
    dense_before = text.count("Dense(")
    activate("add-layer")
    try:
        text = wait_until("a Dense layer more in the script",
                          lambda: (lambda t: t if t.count("Dense(") == dense_before + 1 else None)(
                              read_code(app)), 10)
    except TimeoutError as error:
        text = str(error)
    report(text.count("Dense(") == dense_before + 1, "script follows an added layer",
           "Dense( %d before, %d after" % (dense_before, text.count("Dense(")))
    activate("remove-layer")
    activate("loss", "<'mean_squared_error'>")
    try:
        text = wait_until("mean_squared_error in the script",
                          lambda: (lambda t: t if "mean_squared_error" in t else None)(
                              read_code(app)), 10)
    except TimeoutError as error:
        text = str(error)
    report("mean_squared_error" in text, "script follows the loss", text[:600])
    activate("loss", "<'binary_crossentropy'>")


def check_code_export(app, directory):
    """win.export-code writes a script and its weights that run together."""
    features = os.path.join(directory, "features.csv")
    with open(features, "w") as f:
        f.write("x1,x2\n0,0\n1.5,-2\n-3,3\n")

    for framework in FRAMEWORK_MARKERS:
        activate("code-framework", "<'%s'>" % framework)
        script = os.path.join(directory, "model_%s.py" % framework)
        weights = os.path.join(directory, "model_%s.npz" % framework)
        activate("export-code", "<%s>" % gvariant_string(script))
        wait_for_file(script)
        wait_for_file(weights)
        with open(script) as f:
            source = f.read()
        report(FRAMEWORK_MARKERS[framework] in source and "model_%s.npz" % framework in source,
               "win.export-code writes the %s script naming its weights" % framework,
               source[:400])
        done = subprocess.run([PYTHON, "-m", "py_compile", script], capture_output=True,
                              text=True, timeout=60)
        report(done.returncode == 0, "%s script compiles" % framework, done.stderr)

    # The NumPy pair runs from its folder and prints one row per sample.
    done = subprocess.run([PYTHON, "model_numpy.py", "features.csv"], cwd=directory,
                          capture_output=True, text=True, timeout=60)
    lines = done.stdout.strip().splitlines()
    report(done.returncode == 0 and len(lines) == 4, "NumPy script runs with its weights",
           "exit %d\nstdout: %s\nstderr: %s" % (done.returncode, done.stdout, done.stderr))
    try:
        probabilities = [float(value) for line in lines[1:] for value in line.split(",")]
    except ValueError:
        probabilities = []
    report(len(probabilities) == 3 and all(0 <= p <= 1 for p in probabilities),
           "NumPy script prints a probability per sample", "%r" % probabilities)
    done = subprocess.run([PYTHON, "-c", "import numpy, sys; "
                           "print(sorted(numpy.load(sys.argv[1]).files))",
                           os.path.join(directory, "model_numpy.npz")],
                          capture_output=True, text=True, timeout=60)
    report(done.returncode == 0 and "dense/kernel" in done.stdout and "dense/bias" in done.stdout,
           "weights archive has each layer's kernel and bias", done.stdout + done.stderr)


def check_history(app, directory):
    """win.export-history writes one row per epoch in CSVLogger's layout."""
    activate("reset")
    wait_until("epoch 0 after win.reset", lambda: read_epoch(app) == 0, 10)
    epochs = step_epochs(app, 4)
    path = os.path.join(directory, "history.csv")
    activate("export-history", "<%s>" % gvariant_string(path))
    wait_for_file(path)
    header, rows = read_csv(path)
    # The example's loss, binary_crossentropy, has accuracy. The example
    # holds out a test part and no validation part, and the window measures
    # the test part after each epoch as Keras measures validation_data, so
    # the val_ columns are the test part's. CSVLogger sorts the keys after
    # "epoch".
    report(header == ["epoch", "accuracy", "loss", "val_accuracy", "val_loss"],
           "history header is CSVLogger's", "%r" % header)
    report(len(rows) == epochs, "history has one row per epoch trained",
           "%d rows, %d epochs" % (len(rows), epochs))
    report([row[0] for row in rows] == [str(i) for i in range(len(rows))],
           "history epochs count from 0", "%r" % [row[0] for row in rows])
    try:
        losses = [float(row[2]) for row in rows]
    except (ValueError, IndexError):
        losses = []
    report(len(losses) == epochs and all(0 < loss < 10 for loss in losses),
           "history losses are finite and positive", "%r" % losses)

    # neurite-cli writes the same file from the window's saved project.
    project = save_project(directory, "history.neurite")
    cli_path = os.path.join(directory, "history-cli.csv")
    run_cli("export-history", "--project", project, "--output", cli_path)
    report(read_bytes(path) == read_bytes(cli_path), "history equals neurite-cli export-history",
           "app:\n%s\ncli:\n%s" % (read_bytes(path)[:300], read_bytes(cli_path)[:300]))


def set_spin(app, name, value):
    spin = find_one(app, "spin button named %r" % name,
                    lambda node: node.name == name and node.getRoleName() == "spin button")
    spin.queryValue().currentValue = value


def export_split(app, directory, name):
    """Writes the data with its split and returns (rows, counts by part)."""
    path = os.path.join(directory, name)
    activate("export-data", "<%s>" % gvariant_string(path))
    wait_for_file(path)
    header, rows = read_csv(path)
    counts = {"train": 0, "validation": 0, "test": 0}
    for row in rows:
        counts[row[-1]] = counts.get(row[-1], 0) + 1
    return header, rows, counts


def check_data(app, directory, shot_dir):
    """win.export-data writes every row of iris once, with the parts that
    the Evaluation page counts."""
    with open(IRIS_CSV, newline="") as f:
        source = list(csv.reader(f))

    activate("view", "<'training'>")
    activate("dataset", "<'iris'>")
    wait_until("iris to load", lambda: read_epoch(app) == 0, 20)
    set_spin(app, "Validation split", 0.2)
    time.sleep(0.5)
    step_epochs(app, 1)
    activate("view", "<'evaluation'>")
    split, shown_rows = wait_until("the test split's row count",
                                   lambda: (lambda r: r if r and r[0] == "Test" else None)(
                                       read_evaluation(app)), 20)
    header, rows, counts = export_split(app, directory, "iris-split.csv")
    report(header == source[0] + ["split"], "data header is the file's with split",
           "%r" % header)
    # Numbers may be written in another form ("3" for "3.0"), so compare
    # values; the species is a class name.
    written = [[float(value) for value in row[:4]] + [row[4]] for row in rows]
    expected = [[float(value) for value in row[:4]] + [row[4]] for row in source[1:]]
    report(written == expected, "data has every row once, in file order",
           "%d rows written, %d in the file" % (len(rows), len(source) - 1))
    # Test 0.2 and validation 0.2 of 150 rows: 30 each (nrt_dataset_split3
    # rounds n × fraction), and the Evaluation page counts the test part.
    report(counts["test"] == shown_rows == 30, "test part has the rows the window shows",
           "written %r, shown %s %d" % (counts, split, shown_rows))
    report(counts["validation"] == 30 and counts["train"] == 90,
           "validation and training parts have 30 and 90 rows", "%r" % counts)

    # neurite-cli splits the window's saved project the same way, row by row.
    project = save_project(directory, "iris.neurite")
    cli_path = os.path.join(directory, "iris-split-cli.csv")
    run_cli("export-data", "--project", project, "--output", cli_path)
    cli_header, cli_rows = read_csv(cli_path)
    app_parts = [row[-1] for row in rows]
    cli_parts = [row[-1] for row in cli_rows]
    differences = [i for i, (a, b) in enumerate(zip(app_parts, cli_parts)) if a != b]
    report(len(app_parts) == len(cli_parts) and not differences,
           "split equals neurite-cli export-data",
           "%d app rows, %d cli rows, rows that differ: %r"
           % (len(app_parts), len(cli_parts), differences[:20]))
    screenshot(shot_dir, "evaluation")

    # Without a test part the Evaluation page shows the validation part.
    set_spin(app, "Test split", 0)
    time.sleep(0.5)
    step_epochs(app, 1)
    split, shown_rows = wait_until("the validation split's row count",
                                   lambda: (lambda r: r if r and r[0] == "Validation" else None)(
                                       read_evaluation(app)), 20)
    header, rows, counts = export_split(app, directory, "iris-validation.csv")
    report(counts["validation"] == shown_rows and counts["test"] == 0
           and counts["train"] + counts["validation"] == 150,
           "validation part has the rows the window shows",
           "written %r, shown %s %d" % (counts, split, shown_rows))


def export_plot(directory, part, name, scale, theme):
    path = os.path.join(directory, name)
    activate("export-plot", "<(%s, %s, %r, %s)>" % (gvariant_string(part), gvariant_string(path),
                                                     float(scale), gvariant_string(theme)))
    return path


def check_plots(app, directory, shot_dir):
    """Every view through win.export-plot, with scale and theme."""
    pages = [("training", ["training", "regions", "loss"]), ("evaluation", ["evaluation"]),
             ("network", ["network"]), ("graph", ["graph"]), ("summary", ["summary"])]
    for page, parts in pages:
        activate("view", "<'%s'>" % page)
        time.sleep(0.5)
        for part in parts:
            light = export_plot(directory, part, "%s.png" % part, 1, "light")
            double = export_plot(directory, part, "%s-2x.png" % part, 2, "light")
            dark = export_plot(directory, part, "%s-dark.png" % part, 1, "dark")
            for path in (light, double, dark):
                wait_for_file(path)
            width, height = png_size(light)
            width2, height2 = png_size(double)
            report((width2, height2) == (2 * width, 2 * height) and width > 1,
                   "%s at 2x has twice the pixels" % part,
                   "1x %d x %d, 2x %d x %d" % (width, height, width2, height2))
            light_grey, dark_grey = corner_grey(light), corner_grey(dark)
            report(light_grey > 0.8 and dark_grey < 0.3,
                   "%s has a light and a dark background" % part,
                   "corner grey: light %.3f, dark %.3f" % (light_grey, dark_grey))

    # Vector formats take no scale.
    activate("view", "<'network'>")
    svg = export_plot(directory, "network", "network.svg", 1, "dark")
    pdf = export_plot(directory, "network", "network.pdf", 1, "light")
    wait_for_file(svg)
    wait_for_file(pdf)
    with open(svg, "rb") as f:
        svg_head = f.read(200)
    with open(pdf, "rb") as f:
        pdf_head = f.read(5)
    report(b"<svg" in svg_head, "network exports as SVG", "%r" % svg_head[:80])
    report(pdf_head == b"%PDF-", "network exports as PDF", "%r" % pdf_head)
    rejected = export_plot(directory, "network", "scaled.svg", 2, "light")
    time.sleep(1)
    report(not os.path.exists(rejected), "SVG with scale 2 is rejected", rejected)

    # The Export dialog offers the content, the PNG scale and the theme.
    activate("view", "<'training'>")
    activate("export-view")
    dialog = wait_until("the Export View dialog", lambda: find_toplevel(app, "Export View"), 20)
    time.sleep(1)
    screenshot(shot_dir, "export-dialog")
    names = set(node.name for node in pyatspi.findAllDescendants(
        dialog, lambda node: node.getRoleName() == "label"))
    for label in ("Content", "Size", "PNG scale", "Theme"):
        report(label in names, "Export dialog offers %s" % label, "labels: %s" % sorted(names))
    # GTK 4.8 names a dialog button with a mnemonic twice: "_Cancel Cancel".
    cancel = find_one(dialog, "Cancel button",
                      lambda node: node.getRoleName() == "push button"
                      and "Cancel" in (node.name or "").split())
    cancel.queryAction().doAction(0)
    closed = wait_until("the Export View dialog to close",
                        lambda: find_toplevel(app, "Export View") is None, 20)
    report(closed, "Cancel closes the Export dialog")

    # Export through the dialog with its first choices: the whole Training
    # page at the view's size, 1× and light. The error bar of the rejected
    # SVG shortened the page until a successful export hides it, so the
    # reference is written after one such export and the bar's transition.
    wait_for_file(export_plot(directory, "training", "training-bar-hidden.png", 1, "light"))
    time.sleep(1)
    reference = export_plot(directory, "training", "training-reference.png", 1, "light")
    wait_for_file(reference)
    activate("export-view")
    dialog = wait_until("the Export View dialog", lambda: find_toplevel(app, "Export View"), 20)
    time.sleep(1)
    path = os.path.join(directory, "dialog.png")
    # The dialog has a search entry too, so the name entry is the one with
    # the suggested name.
    entry = find_one(dialog, "file name entry",
                     lambda node: node.getRoleName() == "text"
                     and node.getState().contains(pyatspi.STATE_EDITABLE)
                     and node_text(node) == "training.png")
    entry.queryEditableText().setTextContents(path)
    export = find_one(dialog, "Export button",
                      lambda node: node.getRoleName() == "push button"
                      and "Export" in (node.name or "").split())
    export.queryAction().doAction(0)
    wait_until("the Export View dialog to close",
               lambda: find_toplevel(app, "Export View") is None, 20)
    wait_for_file(path)
    expected = png_size(reference)
    report(png_size(path) == expected, "Export dialog writes the page at the view size",
           "dialog %r, win.export-plot %r" % (png_size(path), expected))
    report(corner_grey(path) > 0.8, "Export dialog starts on the light theme",
           "corner grey %.3f" % corner_grey(path))


def run(app_process, shot_dir):
    # Step 1: the application and its actions.
    wait_until("%s on the session bus" % APP_ID, name_has_owner, 30)
    actions = wait_until("the window's actions at " + WINDOW_PATH,
                         lambda: gdbus_call(WINDOW_PATH, "org.gtk.Actions.List"), 30)
    missing = [a for a in ("export-history", "export-data", "export-code", "export-plot",
                           "code-framework", "code-copy") if "'%s'" % a not in actions]
    report(not missing, "window exports the export actions",
           "missing: %s\nlist: %s" % (missing, actions))
    app = wait_until("neurite on the accessibility bus", find_application, 30)
    wait_until("the epoch label", lambda: str(read_epoch(app)), 30)
    directory = tempfile.mkdtemp(prefix="neurite-exports-")

    try:
        # Step 2: the Code page.
        check_code_page(app, shot_dir)
        check_code_export(app, directory)

        # Step 3: the history and the data.
        activate("view", "<'training'>")
        check_history(app, directory)
        check_data(app, directory, shot_dir)

        # Step 4: the pictures.
        check_plots(app, directory, shot_dir)
        report(app_process.poll() is None, "application still running")
    finally:
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(__file__, "app-exports.tap", run))
