"""Real Gateway processes for the tests that need them (marked real_worker): `manage.py`
commands run to the end, task workers and job timers started in their own process group, so
that stopping one with SIGKILL takes everything it started with it, as a crash would."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def process_env(folder, **extra):
    """The environment of a Gateway process started by a test: this one's, less pytest's and
    Django's own variables, with local settings, its files in `folder`, and `extra`."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO"))},
        "DJANGO_SETTINGS_MODULE": "gateway.config.settings.local",
        "GATEWAY_VAR_DIR": str(folder),
        "LOG_LEVEL": "WARNING",
        "DEBUG": "false",
        **extra,
    }


def manage(env, *args, timeout=300):
    """Run `manage.py args` to the end; a failure raises, with what it printed."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )


def shell(env, script):
    """Run `script` in `manage.py shell`; the last line it printed."""
    printed = manage(env, "shell", "-c", script).stdout.strip().splitlines()
    return printed[-1] if printed else ""


def start(env, *args, output=False):
    """Start `manage.py args` in a process group of its own; with `output`, what it prints can
    be read (`communicate`), else it goes nowhere."""
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE if output else subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )


def start_worker(env, *extra):
    """Start a task worker that looks for tasks every 0.1 s from the start, in one process (no
    reloader: the process started is the one that runs the tasks)."""
    return start(env, "db_worker", "--interval", "0.1", "--no-startup-delay", "--no-reload", *extra)


def stop(process):
    """SIGKILL the process and all it started, unless it has ended; then wait for it."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def wait_for(check, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"Timed out waiting for {what}")
