#!/usr/bin/python3
"""Trains in the running application through its D-Bus actions.

Starts itself again inside a virtual X server and a private session bus
(xvfb-run and dbus-run-session). There it starts neurite, toggles win.train
on the session bus, reads the epoch counter and the training loss through
AT-SPI, checks the accessible names of the controls, pauses, saves a
screenshot and quits the application. Prints TAP; the output of the X
server, the bus and the application goes to stderr.

usage: test-app-train.py NEURITE SCREENSHOT_DIR
"""

import os
import subprocess
import sys
import time

import gi

gi.require_version("Atspi", "2.0")
import pyatspi  # noqa: E402

# The shared harness lives beside this script.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from app_harness import (APP_ID, WINDOW_PATH, find_application, gdbus_call,  # noqa: E402
                         main, name_has_owner, report, wait_until)


# The value labels found so far, by description. While training plays, the
# window draws at every frame and answers accessibility calls between frames,
# so a walk over the whole tree (hundreds of calls) can take a minute on a
# busy machine. A label found once is read again with two calls.
value_labels = {}


def find_value_label(app, description):
    """Returns the text of the label with this accessible description. GtkLabel
    keeps its accessible name equal to its text, so the value labels are found
    by their description."""
    label = value_labels.get(description)
    if label is None:
        found = pyatspi.findAllDescendants(
            app, lambda node: node.getRoleName() == "label" and node.description == description)
        if len(found) != 1:
            raise LookupError("expected one label described as %r, found %d"
                              % (description, len(found)))
        label = value_labels[description] = found[0]
    text = label.queryText()
    # GTK 4.8 returns nothing for GetText (0, -1), so ask for every character.
    return text.getText(0, text.characterCount)


# Controls and the one accessible name each must have: the text of its
# label, without the mnemonic underscore and not repeated.
CONTROL_NAMES = [
    ("combo box", "Dataset"),
    ("spin button", "Noise"),
    ("spin button", "Learning rate"),
    ("combo box", "Loss"),
    ("push button", "Play"),
    ("push button", "Remove Layer"),
    ("check box", "Log scale for the loss"),
    ("check box", "From logits"),
]

CONTROL_ROLES = ("check box", "combo box", "push button", "spin button")


def is_doubled(name):
    """Returns whether name is one phrase repeated, such as "Noise Noise"."""
    words = name.split()
    half = len(words) // 2
    return len(words) % 2 == 0 and half > 0 and words[:half] == words[half:]


def check_control_names(app):
    """Checks the accessible names of the controls beside the views and in
    the header bar, and returns the Play button. Walks the tree once, since
    every walk costs seconds over AT-SPI."""
    controls = pyatspi.findAllDescendants(
        app, lambda node: node.getRoleName() in CONTROL_ROLES + ("panel",))
    panel = [node for node in controls if node.name == "Controls"]
    report(len(panel) == 1, "the controls panel is found by its name", "found %d" % len(panel))

    # The names must be unique among the controls beside the views and the
    # header bar's buttons. Other pages, such as the expression explorer,
    # may reuse a name like "Learning rate" for their own controls.
    checked = [node for root in panel
               for node in pyatspi.findAllDescendants(
                   root, lambda node: node.getRoleName() in CONTROL_ROLES and node.name)]
    header = [node for node in controls
              if node.getRoleName() == "push button" and node.name in ("Play", "Step", "Reset")
              and node not in checked]
    checked += header
    for role, name in CONTROL_NAMES:
        found = [node for node in checked if node.getRoleName() == role and node.name == name]
        report(len(found) == 1, "one %s is named %r" % (role, name), "found %d" % len(found))
    bad = ["%s %r" % (node.getRoleName(), node.name) for node in checked
           if "_" in node.name or is_doubled(node.name)]
    report(len(checked) >= 15 and not bad,
           "controls have names without underscores or repeats",
           "%d controls; bad: %s" % (len(checked), ", ".join(bad) or "none"))

    play = [node for node in header if node.name == "Play"]
    return play[0] if play else None


def read_epoch(app):
    return int(find_value_label(app, "Number of epochs trained"))


def train_state():
    # Describe returns (enabled, parameter type, [state]).
    reply = gdbus_call(WINDOW_PATH, "org.gtk.Actions.Describe", "train")
    return "[<true>]" in reply


def run(app_process, shot_dir):
    # Step 1: the application appears on the bus with its window's actions.
    wait_until("%s on the session bus" % APP_ID, name_has_owner, 30)
    actions = wait_until("the window's actions at " + WINDOW_PATH,
                         lambda: gdbus_call(WINDOW_PATH, "org.gtk.Actions.List"), 30)
    missing = [a for a in ("train", "step", "reset", "add-layer", "remove-layer", "open-dataset")
               if "'%s'" % a not in actions]
    report(not missing, "window exports its actions", "missing: %s\nlist: %s" % (missing, actions))
    report(not train_state(), "win.train starts paused")

    # Step 2: the epoch counter through AT-SPI, before training.
    app = wait_until("neurite on the accessibility bus", find_application, 30)
    epoch_before = wait_until("the epoch label", lambda: str(read_epoch(app)), 30)
    loss_before = wait_until("an initial training loss",
                             lambda: (lambda t: t if t not in ("", "–") else None)(
                                 find_value_label(app, "Training loss of the last epoch")), 30)
    report(epoch_before == "0", "epoch counter starts at 0", "epoch label: %s" % epoch_before)
    play_button = check_control_names(app)

    # Step 3: play, and wait for epochs to pass.
    gdbus_call(WINDOW_PATH, "org.gtk.Actions.Activate", "train", "[]", "{}")
    report(train_state(), "activating win.train starts training")
    if play_button is not None:
        label = wait_until("the Play button to read Pause",
                           lambda: play_button.name if play_button.name == "Pause" else None, 10)
        report(label == "Pause", "the Play button reads Pause while training", "name: %r" % label)
    epoch = wait_until("10 epochs", lambda: (lambda e: e if e >= 10 else None)(read_epoch(app)), 60)
    report(epoch >= 10, "epochs pass while playing", "epoch: %d" % epoch)
    loss_after = find_value_label(app, "Training loss of the last epoch")
    report(loss_after != loss_before, "training loss label changes",
           "before: %s, after: %s" % (loss_before, loss_after))

    # Step 4: the window still responds during training.
    described = gdbus_call(WINDOW_PATH, "org.gtk.Actions.DescribeAll")
    report("'train'" in described, "DescribeAll answers while training")
    later = wait_until("the epoch counter to grow", lambda: (lambda e: e if e > epoch else None)(read_epoch(app)), 30)
    report(later > epoch, "AT-SPI answers while training", "epoch %d then %d" % (epoch, later))

    # Step 5: pause; the counter stops.
    gdbus_call(WINDOW_PATH, "org.gtk.Actions.Activate", "train", "[]", "{}")
    report(not train_state(), "activating win.train again pauses")
    time.sleep(1.0)
    paused_1 = read_epoch(app)
    time.sleep(1.0)
    paused_2 = read_epoch(app)
    report(paused_1 == paused_2, "epoch counter stays while paused",
           "epoch %d then %d" % (paused_1, paused_2))

    # Step 6: one step is one epoch.
    gdbus_call(WINDOW_PATH, "org.gtk.Actions.Activate", "step", "[]", "{}")
    stepped = wait_until("one more epoch after win.step",
                         lambda: (lambda e: e if e != paused_2 else None)(read_epoch(app)), 30)
    report(stepped == paused_2 + 1, "win.step trains one epoch",
           "epoch %d then %d" % (paused_2, stepped))

    # Step 7: a screenshot of the paused window.
    shot = os.path.join(shot_dir, "app-train.png")
    done = subprocess.run(["import", "-window", "root", shot], capture_output=True, text=True,
                          timeout=30)
    report(done.returncode == 0 and os.path.getsize(shot) > 0, "screenshot saved",
           "%s %s" % (shot, done.stderr.strip()))
    report(app_process.poll() is None, "application still running")


if __name__ == "__main__":
    sys.exit(main(__file__, "app-train.tap", run))
