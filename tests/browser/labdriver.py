"""Helpers for the browser tests: where Chromium is, and a JupyterLab page driven like a learner would.

Kept apart from conftest.py so that test modules can import them by a name no other folder uses.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
#: where the tests leave screenshots (one per test at teardown, plus any a test takes)
SCREENSHOTS = ROOT / ".pytest_cache" / "browser"
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/lib/chromium/chromium")
# --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def find_chromium():
    """The system Chromium's path, or None. ``NNCORE_CHROMIUM`` overrides the usual places."""
    for candidate in (os.environ.get("NNCORE_CHROMIUM"), *CHROMIUM_CANDIDATES, shutil.which("chromium")):
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


class Lab:
    """A JupyterLab page driven the way a learner drives it."""

    def __init__(self, page, server):
        self.page, self.server = page, server

    def open_and_run_all(self, notebook, marker, timeout_s=120):
        """Open ``notebook``, run every cell, and wait until the text ``marker`` is on the page.

        "Run all" is started without awaiting its promise (awaiting it can hang); the test
        then waits on the page: for ``marker``, which the notebook's widgets show, and for
        the kernel to be idle with no cell still queued.
        """
        page = self.page
        # ?reset: start from an empty workspace, with only this notebook open.
        page.goto(f"{self.server['url']}/lab/tree/{notebook}?reset")
        page.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-Cell", timeout=90_000)
        self.wait_idle(90)
        page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
        # In outputs only: the cells' source holds the same words.
        page.locator(".jp-OutputArea-output").filter(has_text=re.compile(marker)).first.wait_for(
            timeout=timeout_s * 1000)
        self.wait_idle(timeout_s)

    def wait_idle(self, timeout_s):
        """Wait until a Python kernel is connected and idle, and no cell prompt shows ``[*]``."""
        self.page.wait_for_function(
            """() => {
                const kernel = document.querySelector('.jp-KernelName');
                if (!kernel || !kernel.textContent.includes('Python')) return false;
                const status = document.querySelector('.jp-Notebook-ExecutionIndicator');
                const queued = [...document.querySelectorAll('.jp-InputPrompt')]
                    .some(p => p.textContent.includes('*'));
                return status && status.getAttribute('data-status') === 'idle' && !queued;
            }""", timeout=timeout_s * 1000)

    def shutdown_kernels(self):
        """Stop every kernel of the server, so the next test starts from a quiet machine."""
        api = f"{self.server['url']}/api/kernels"
        with urllib.request.urlopen(api, timeout=10) as response:
            kernels = json.load(response)
        for kernel in kernels:
            request = urllib.request.Request(f"{api}/{kernel['id']}", method="DELETE")
            urllib.request.urlopen(request, timeout=30).close()

    def control(self, kind, description, within=None):
        """The ipywidgets control of ``kind`` ("slider", "dropdown") whose description is ``description``."""
        scope = within if within is not None else self.page
        label = self.page.locator(
            "label.widget-label", has_text=re.compile(rf"^\s*{re.escape(description)}\s*$")
        )
        return scope.locator(f".widget-{kind}").filter(has=label).first

    def set_slider(self, slider, value):
        """Type ``value`` into an ipywidgets slider's editable readout and press Enter."""
        slider.locator(".widget-readout").click()
        self.page.keyboard.press("Control+A")
        self.page.keyboard.type(str(value))
        self.page.keyboard.press("Enter")


def set_readout(page, slider, value):
    """Type ``value`` into the nncore readout beside ``slider`` (controls.with_readout) and press Enter."""
    box = slider.locator("xpath=following-sibling::*[contains(@class, 'nncore-readout')][1]").locator("input")
    box.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(str(value))
    page.keyboard.press("Enter")


def open_stored(page, server, notebook, folder="stored"):
    """Open a copy of ``notebook`` with its stored outputs, untrusted and not run (a fresh clone's view).

    The server's root holds output-free copies (see conftest); this puts the stored one beside them.
    """
    target = server["root"] / folder
    target.mkdir(exist_ok=True)
    shutil.copy(NOTEBOOKS / notebook, target / notebook)
    page.goto(f"{server['url']}/lab/tree/{folder}/{notebook}?reset")
    page.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-Cell", timeout=90_000)
    page.wait_for_timeout(1500)  # let the outputs render


def wait_until(predicate, timeout_s, interval_s=0.05, message="condition"):
    """Poll ``predicate()`` until it is truthy; return its value, or fail after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout_s} s waiting for {message}")
        time.sleep(interval_s)
