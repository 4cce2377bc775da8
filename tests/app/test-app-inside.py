#!/usr/bin/python3
"""Walks through the inside views of the running application.

Starts itself again inside a virtual X server and a private session bus
(xvfb-run and dbus-run-session). There it starts neurite and trains the
built-in example through win.train. It switches win.view to every page,
saves a screenshot of each (inside-PAGE.png) and checks each page's key
widgets through AT-SPI. Then it steps through one whole forward and
backward pass with win.graph-forward and win.graph-backward, reading the
step label through AT-SPI. Prints TAP; the output of the X server, the bus
and the application goes to stderr.

usage: test-app-inside.py NEURITE SCREENSHOT_DIR
"""

import os
import re
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

PAGES = ("training", "network", "graph", "expressions", "summary")
MAX_STEPS = 100  # more op nodes than any built-in network has


def activate(action, parameter=None):
    gdbus_call(WINDOW_PATH, "org.gtk.Actions.Activate", action,
               "[%s]" % parameter if parameter else "[]", "{}")


def action_state(action):
    # Describe returns (enabled, parameter type, [state]).
    return gdbus_call(WINDOW_PATH, "org.gtk.Actions.Describe", action)


def find_one(app, description, predicate):
    found = pyatspi.findAllDescendants(app, predicate)
    if len(found) != 1:
        raise LookupError("expected one %s, found %d" % (description, len(found)))
    return found[0]


# Labels found once, by description: walking the whole accessible tree over
# the bus takes seconds while the application trains.
labels = {}


def label_text(app, description):
    """Returns the text of the label with this accessible description."""
    if description not in labels:
        labels[description] = find_one(
            app, "label described as %r" % description,
            lambda node: node.getRoleName() == "label" and node.description == description)
    text = labels[description].queryText()
    # GTK 4.8 returns nothing for GetText (0, -1), so ask for every character.
    return text.getText(0, text.characterCount)


def find_named(app, name, role="image"):
    return find_one(app, "%s named %r" % (role, name),
                    lambda node: node.name == name and node.getRoleName() == role)


def find_view(app, name, description_start):
    """Finds a live view by its name and the start of its description, since
    the expression panel has widgets of the same names."""
    return find_one(app, "view named %r described %r..." % (name, description_start),
                    lambda node: node.name == name
                    and (node.description or "").startswith(description_start))


def is_visible(node):
    return node.getState().contains(pyatspi.STATE_VISIBLE)


def states(node):
    return ", ".join(pyatspi.stateToString(s) for s in node.getState().getStates())


def read_epoch(app):
    return int(label_text(app, "Number of epochs trained"))


def screenshot(shot_dir, name):
    path = os.path.join(shot_dir, "inside-%s.png" % name)
    done = subprocess.run(["import", "-window", "root", path], capture_output=True, text=True,
                          timeout=30)
    if done.returncode != 0:
        raise RuntimeError("import failed for %s: %s" % (path, done.stderr.strip()))
    return path


def region_deviation(path, geometry):
    """Returns the standard deviation of the grey levels (0 to 1) in geometry
    (WxH+X+Y) of the image: 0 for a blank region."""
    done = subprocess.run(["convert", path, "-crop", geometry, "-colorspace", "gray",
                           "-format", "%[fx:standard_deviation]", "info:"],
                          capture_output=True, text=True, timeout=30)
    return float(done.stdout.strip())


def check_page(app, page, shot_dir):
    """Checks the key widgets of one page, which is visible."""
    if page == "training":
        regions = find_named(app, "Decision regions")
        loss = find_named(app, "Loss curves")
        report(is_visible(regions) and is_visible(loss), "training page shows regions and loss",
               "regions: %s\nloss: %s" % (states(regions), states(loss)))
    elif page == "network":
        view = wait_until("the network view's description",
                          lambda: find_view(app, "Network diagram", "The network at epoch"), 10)
        report(is_visible(view) and re.search(r"epoch \d+", view.description) is not None,
               "network page shows the diagram at an epoch",
               "description: %r\nstates: %s" % (view.description, states(view)))
    elif page == "graph":
        view = wait_until("the graph view's description",
                          lambda: find_view(app, "Computation graph",
                                            "The computation graph at epoch"), 10)
        report(is_visible(view) and re.search(r"epoch \d+", view.description) is not None,
               "graph page shows the graph at an epoch",
               "description: %r\nstates: %s" % (view.description, states(view)))
        # The expression panel has Forward and Backward buttons too.
        for button in ("Forward", "Backward", "Reset Step", "Apply Update"):
            found = pyatspi.findAllDescendants(app, lambda n, b=button: n.name == b
                                               and n.getRoleName() == "push button")
            report(len(found) >= 1, "graph page has a %s button" % button,
                   "found %d" % len(found))
    elif page == "expressions":
        switcher = find_one(app, "view switcher", lambda node: node.name == "Views")
        names = [switcher.getChildAtIndex(i).name for i in range(switcher.childCount)]
        report(names == ["Training", "Evaluation", "Network", "Graph", "Expressions", "Summary",
                         "Code"],
               "view switcher lists the seven pages", "buttons: %r" % names)
    elif page == "summary":
        text = label_text(app, "Model summary")
        report("Total params" in text and "dense_1" in text, "summary page shows the model summary",
               text)



def check_drawn(page, shot_dir):
    """Saves a screenshot of the visible page and checks that its main area
    is not blank."""
    # The window spans x 0..1200 of the 1280x800 screen with the controls on
    # its left 390 pixels, so the main area starts to their right.
    shot = screenshot(shot_dir, page)
    deviation = region_deviation(shot, "760x560+420+150")
    report(deviation > 0.02, "%s page is drawn (not blank)" % page,
           "%s: grey-level deviation %.4f" % (shot, deviation))


def run(app_process, shot_dir):
    # Step 1: the application and its new actions.
    wait_until("%s on the session bus" % APP_ID, name_has_owner, 30)
    actions = wait_until("the window's actions at " + WINDOW_PATH,
                         lambda: gdbus_call(WINDOW_PATH, "org.gtk.Actions.List"), 30)
    missing = [a for a in ("view", "graph-forward", "graph-backward", "graph-reset", "graph-apply",
                           "export-view", "zoom-in", "zoom-out") if "'%s'" % a not in actions]
    report(not missing, "window exports the inside views' actions",
           "missing: %s\nlist: %s" % (missing, actions))
    app = wait_until("neurite on the accessibility bus", find_application, 30)
    wait_until("the epoch label", lambda: str(read_epoch(app)), 30)

    # Step 2: train the example for a while.
    activate("train")
    epoch = wait_until("5 epochs", lambda: (lambda e: e if e >= 5 else None)(read_epoch(app)), 60)
    report(epoch >= 5, "the example trains", "epoch: %d" % epoch)

    # Step 3: every page through win.view, drawn while training.
    for page in PAGES:
        activate("view", "<'%s'>" % page)
        state = action_state("view")
        report("'%s'" % page in state, "win.view switches to %s" % page, state)
        time.sleep(1.5)  # a few snapshots, and a second for the descriptions
        check_drawn(page, shot_dir)

    # Step 4: each page's widgets through AT-SPI, paused, because one walk
    # of the accessible tree took 10 to 15 s on a 2-core machine while the
    # window drew 30 snapshots a second.
    activate("train")
    for page in PAGES:
        activate("view", "<'%s'>" % page)
        time.sleep(0.3)
        check_page(app, page, shot_dir)

    # Step 5: a whole forward pass, op by op, on the Graph page. The first
    # step pauses training.
    activate("view", "<'graph'>")
    activate("train")
    report("[<true>]" in action_state("train"), "training plays again before the step-through")
    time.sleep(0.5)
    forward_steps = 0
    text = ""
    while forward_steps < MAX_STEPS and "press Backward" not in text:
        activate("graph-forward")
        forward_steps += 1
        text = label_text(app, "Step-through position")
    report("press Backward" in text, "forward pass reaches the loss", "%d steps: %s"
           % (forward_steps, text))
    report("[<false>]" in action_state("train"), "the step-through paused training")

    # Step 6: the backward pass, with a screenshot half way.
    backward_steps = 0
    halfway = None
    while backward_steps < MAX_STEPS and "done" not in text:
        activate("graph-backward")
        backward_steps += 1
        text = label_text(app, "Step-through position")
        if backward_steps == 5:
            halfway = text
            screenshot(shot_dir, "step-backward")
    match = re.match(r"Backward: (\S+), 5 of (\d+)$", halfway or "")
    report(match is not None, "step label names the fifth backward op", "label: %r" % halfway)
    report(text.startswith("Backward:") and text.endswith("%d of %d, done"
                                                           % (forward_steps, forward_steps)),
           "backward pass visits every op once", "%d steps: %s" % (backward_steps, text))
    numbers = label_text(app, "Numbers of the step")
    report("incoming gradient" in numbers, "side panel shows the numbers of the step", numbers)

    # Step 7: the update goes to the training weights.
    activate("graph-apply")
    text = wait_until("the step label after win.graph-apply",
                      lambda: (lambda t: t if t.startswith("Applied") else None)(
                          label_text(app, "Step-through position")), 10)
    report(text.startswith("Applied"), "win.graph-apply applies the update", text)
    report(app_process.poll() is None, "application still running")


if __name__ == "__main__":
    sys.exit(main(__file__, "app-inside.tap", run))
