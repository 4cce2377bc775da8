"""The harness shared by the application tests.

A test script calls main() with its own path, the name of its TAP file and
its run function. main() starts the script again inside a virtual X server
and a private session bus (xvfb-run and dbus-run-session). The inner run
writes its TAP to a file, which main() relays, so the output of the X
server, the bus and the application goes to stderr. Inside, main() starts
neurite, calls run(app_process, shot_dir) and quits the application
through app.quit, pressing Discard when a window asks about unsaved changes.
"""

import os
import subprocess
import sys
import time

import gi

gi.require_version("Atspi", "2.0")
import pyatspi  # noqa: E402

APP_ID = "io.github.neurite.Neurite"
APP_PATH = "/io/github/neurite/Neurite"
WINDOW_PATH = APP_PATH + "/window/1"

INNER_TIMEOUT = 170  # seconds for the whole run inside the X server

results = []
tap = sys.stdout


def report(ok, name, detail=""):
    results.append(ok)
    print(("ok" if ok else "not ok") + " %d - %s" % (len(results), name), file=tap)
    if detail:
        for line in detail.splitlines():
            print("# " + line, file=tap)
    tap.flush()


def gdbus_call(path, method, *args, timeout=10):
    command = ["gdbus", "call", "--session", "--dest", APP_ID,
               "--object-path", path, "--method", method, *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError("%s failed: %s" % (" ".join(command), done.stderr.strip()))
    return done.stdout.strip()


def wait_until(description, predicate, timeout):
    """Polls predicate until it returns a true value; raises TimeoutError naming description."""
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except Exception as error:  # the application may still be starting
            last_error = error
        time.sleep(0.2)
    raise TimeoutError("timed out after %d s waiting for %s (last error: %s)"
                       % (timeout, description, last_error))


def name_has_owner():
    done = subprocess.run(["gdbus", "call", "--session", "--dest", "org.freedesktop.DBus",
                           "--object-path", "/org/freedesktop/DBus",
                           "--method", "org.freedesktop.DBus.NameHasOwner", APP_ID],
                          capture_output=True, text=True, timeout=10)
    return done.returncode == 0 and "true" in done.stdout


def find_application():
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        app = desktop.getChildAtIndex(i)
        if app is not None and app.name and app.name.lower() in ("neurite", "io.github.neurite.neurite"):
            return app
    return None


def press_discard():
    """Presses the Discard button of an open question about unsaved changes,
    as a person does, through its AT-SPI action. Returns whether it found one."""
    app = find_application()
    if app is None:
        return False
    for i in range(app.childCount):
        window = app.getChildAtIndex(i)
        if window is None or window.getRoleName() == "frame":
            continue
        # GTK 4.8 names a dialog's button "_Discard Discard": its mnemonic text, then its label.
        buttons = pyatspi.findAllDescendants(
            window, lambda n: n.getRoleName() == "push button"
            and "Discard" in n.name.replace("_", "").split())
        if buttons:
            buttons[0].queryAction().doAction(0)
            return True
    return False


def quit_discarding(process, timeout=20):
    """Activates app.quit and waits for process to end and for the
    application to leave the bus, discarding unsaved changes when a window
    asks about them. A test may have replaced process by a second instance,
    which the bus name then follows."""
    gdbus_call(APP_PATH, "org.gtk.Actions.Activate", "quit", "[]", "{}")
    deadline = time.monotonic() + timeout
    while ((process.poll() is None or name_has_owner())
           and time.monotonic() < deadline):
        try:
            press_discard()
        except Exception:  # the dialog may close while it is read
            pass
        time.sleep(0.3)
    return process.wait(timeout=max(1, deadline - time.monotonic()))


def outer(script, tap_name):
    """Runs script inside xvfb-run and dbus-run-session and relays its TAP."""
    tap_path = os.path.join(sys.argv[2], tap_name)
    env = dict(os.environ, NEURITE_TEST_TAP=tap_path)
    command = ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24",
               "dbus-run-session", "--", sys.executable, os.path.abspath(script),
               sys.argv[1], sys.argv[2]]
    if os.path.exists(tap_path):
        os.remove(tap_path)
    try:
        done = subprocess.run(command, env=env, stdout=sys.stderr, timeout=INNER_TIMEOUT)
        status = "exit status %d" % done.returncode
    except subprocess.TimeoutExpired:
        status = "timed out after %d s" % INNER_TIMEOUT
    try:
        with open(tap_path) as f:
            text = f.read()
    except OSError as error:
        text = ""
        status += "; no TAP output: %s" % error
    sys.stdout.write(text)
    if "\n1.." not in text:
        # The inner run died before its plan line.
        count = text.count("\nok ") + text.count("\nnot ok ") + (1 if text.startswith(("ok", "not ok")) else 0)
        print("not ok %d - test run inside the X server finished (%s)" % (count + 1, status))
        print("1..%d" % (count + 1))
        return 1
    return 0 if "not ok" not in text else 1


def main(script, tap_name, run):
    """Runs script inside the X server when called outside it (see outer).
    Inside, starts neurite (sys.argv[1]), calls run(app_process, shot_dir)
    with shot_dir = sys.argv[2], quits the application and ends the TAP."""
    global tap
    if "NEURITE_TEST_TAP" not in os.environ:
        return outer(script, tap_name)

    tap = open(os.environ["NEURITE_TEST_TAP"], "w")
    neurite, shot_dir = sys.argv[1], sys.argv[2]
    env = dict(os.environ)
    env["GSETTINGS_BACKEND"] = "memory"
    env["GDK_BACKEND"] = "x11"
    env.pop("NO_AT_BRIDGE", None)
    env.pop("GTK_A11Y", None)

    print("TAP version 13", file=tap)
    app_process = subprocess.Popen([neurite], env=env)
    try:
        run(app_process, shot_dir)
    except Exception as error:
        report(False, "test driver", "%s: %s" % (type(error).__name__, error))
    finally:
        try:
            quit_discarding(app_process)
            report(app_process.returncode == 0, "application quits through app.quit",
                   "exit status %s" % app_process.returncode)
        except Exception as error:
            app_process.kill()
            app_process.wait()
            report(False, "application quits through app.quit", str(error))

    print("1..%d" % len(results), file=tap)
    tap.close()
    return 0 if all(results) else 1
