"""Fixtures for the real-browser tests: a throwaway JupyterLab server and headless Chromium.

The browser is the system's Chromium (Debian's ``chromium`` package), launched by path through
Playwright; nothing is ever downloaded. Where no Chromium is found the tests skip, unless
``NNCORE_REQUIRE_BROWSER=1`` (set by ``.ci/run``), where that is a failure.

The server runs on 127.0.0.1 with no token, from temporary root, settings, workspace, config
and runtime folders, so it never reads or writes the user's Jupyter setup, and the
notebooks it runs are copies: their stored outputs in the repository stay as they are.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from labdriver import CHROMIUM_ARGS, CHROMIUM_CANDIDATES, NOTEBOOKS, SCREENSHOTS, Lab, find_chromium

SERVER_START_SECONDS = 90


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives JupyterLab in headless Chromium (slow; needs "
                                       "chromium)")


def _unavailable(reason):
    if os.environ.get("NNCORE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"NNCORE_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_path():
    path = find_chromium()
    if path is None:
        _unavailable("no Chromium found (looked for " + ", ".join(CHROMIUM_CANDIDATES) +
                     "); install the system package, e.g. `apt-get install chromium`")
    return path


def _clear_outputs(path):
    import nbformat

    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory, chromium_path):
    """Start ``jupyter lab`` (this interpreter's, so its python3 kernel imports nncore); yield its URL."""
    base = tmp_path_factory.mktemp("jupyterlab")
    root = base / "root"
    shutil.copytree(NOTEBOOKS, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    for path in root.glob("*.ipynb"):
        _clear_outputs(path)  # so that any text the tests wait for comes from this run
    dirs = {name: base / name for name in ("settings", "workspaces", "config", "runtime")}
    for folder in dirs.values():
        folder.mkdir()
    # Without this, opening a notebook can stop at a "Select Kernel" dialog.
    plugin = dirs["settings"] / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    plugin.parent.mkdir(parents=True)
    plugin.write_text(json.dumps({"autoStartDefaultKernel": True}))
    # No "what's new" / news pop-ups asking for attention.
    news = dirs["settings"] / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    news.parent.mkdir(parents=True)
    news.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    # JUPYTER_DATA_DIR is left alone: the kernel spec and the widget extension come from the environment.
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(dirs["settings"]),
               JUPYTERLAB_WORKSPACES_DIR=str(dirs["workspaces"]), JUPYTER_CONFIG_DIR=str(dirs["config"]),
               JUPYTER_RUNTIME_DIR=str(dirs["runtime"]), PYTHONUNBUFFERED="1")
    port = _free_port()
    log = open(base / "server.log", "w")
    cmd = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        "--IdentityProvider.token=",
        "--ServerApp.password=",
        "--ServerApp.disable_check_xsrf=True",
        f"--ServerApp.root_dir={root}",
        # Nothing fetched from the internet; window.jupyterapp lets a test run commands.
        "--LabApp.news_url=",
        "--LabApp.extension_manager=readonly",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.expose_app_in_browser=True",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # CI containers run as root
    server = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=root)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while True:
            if server.poll() is not None:
                pytest.fail(f"jupyter lab exited with "
                            f"{server.returncode}:\n{(base / 'server.log').read_text()}")
            try:
                with urllib.request.urlopen(f"{url}/api/status", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"jupyter lab did not answer within {SERVER_START_SECONDS} s:\n"
                            f"{(base / 'server.log').read_text()}")
            time.sleep(0.5)
        yield {"url": url, "root": root, "log": base / "server.log"}
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture(scope="session")
def browser(chromium_path):
    try:
        from playwright import sync_api
    except ImportError:
        _unavailable("the Python package playwright is not installed (pip install -e '.[test]')")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    # Keep a picture of how the test left the page, for whoever reads a failure.
    page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"))
    context.close()


@pytest.fixture
def lab(page, lab_server):
    lab = Lab(page, lab_server)
    yield lab
    lab.shutdown_kernels()
