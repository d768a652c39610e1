"""The playground as a page of its own (``make playground``, Voilà) in a real browser.

The server is started by ``make playground`` itself, pointed at this interpreter's venv (``BIN``),
without its install step (``PLAYGROUND_DEPS=``) and without opening a browser. The tests read
the playground's status line (``iteration N | layers 2-4-2-1 | ... | playing``), the refusal box
and the link beside "copy link".

The time to the first picture is printed, never asserted: speed is measured in
``bench/page_load.py``.
"""
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from labdriver import ROOT, SCREENSHOTS, wait_until

pytestmark = pytest.mark.browser

SERVER_START_SECONDS = 90


def start_playground_server(runtime_dir, log_path):
    """Run ``make playground`` on a free port; return (process, url) once the page answers."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, PYTHONPATH=str(ROOT), JUPYTER_RUNTIME_DIR=str(runtime_dir), PYTHONUNBUFFERED="1")
    cmd = ["make", "-s", "playground", f"BIN={Path(sys.executable).parent}", "PLAYGROUND_DEPS=",
           "PLAYGROUND_OPEN=--no-browser", f"PLAYGROUND_PORT={port}"]
    log = open(log_path, "w")
    server = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + SERVER_START_SECONDS
    while True:
        if server.poll() is not None:
            pytest.fail(f"make playground exited with {server.returncode}:\n{Path(log_path).read_text()}")
        try:
            with urllib.request.urlopen(url + "voila/static/voila.js", timeout=2) as response:
                if response.status == 200:
                    return server, url
        except OSError:
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"make playground did not answer within {SERVER_START_SECONDS} s")
        time.sleep(0.5)


def stop_playground_server(server):
    os.killpg(server.pid, signal.SIGTERM)  # make and the voila it started: one process group, ours
    try:
        server.wait(15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def playground_server(tmp_path_factory, chromium_path):
    base = tmp_path_factory.mktemp("voila")
    runtime = base / "runtime"
    runtime.mkdir()
    server, url = start_playground_server(runtime, base / "server.log")
    yield {"url": url, "pid": server.pid, "log": base / "server.log"}
    stop_playground_server(server)


def open_page(page, url, timeout_s=90):
    """Go to ``url``; return the seconds until the boundary picture is shown."""
    start = time.monotonic()
    page.goto(url)
    page.locator("img.nncore-pg-boundary").wait_for(state="visible", timeout=timeout_s * 1000)
    wait_until(lambda: page.locator("img.nncore-pg-boundary").evaluate("i => i.naturalWidth > 0"), 30,
               message="the first picture to be drawn")
    return time.monotonic() - start


def status(page):
    return page.locator(".nncore-pg-status").inner_text()


def iteration(page):
    return int(re.search(r"iteration (\d+)", status(page)).group(1))


def play_then_pause(page, at_least):
    page.locator(".nncore-pg-play").click()
    wait_until(lambda: "playing" in status(page) and iteration(page) >= at_least, 30,
               message=f"training past iteration {at_least}")
    page.locator(".nncore-pg-pause").click()
    wait_until(lambda: "paused" in status(page), 10, message="the status to say paused")


def test_a_copied_link_opens_the_same_playground(page, browser, playground_server):
    url = playground_server["url"]
    first_picture = open_page(page, url)
    print(f"\nfirst picture {first_picture:.2f} s after page.goto (load average "
          f"{os.getloadavg()[0]:.2f}, a shared machine)")
    assert page.locator(".nncore-page-refusals").inner_text().strip() == ""
    assert "layers 2-4-2-1" in status(page) and "iteration 0 " in status(page)
    assert page.locator("text=import os").count() == 0, "the page shows code"

    play_then_pause(page, 50)
    page.locator(".nncore-pg-dataset select").select_option("xor")  # a new setting: a new network
    wait_until(lambda: "iteration 0 " in status(page), 15, message="the reset after a new data set")
    play_then_pause(page, 100)
    settled = status(page)

    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url.rstrip("/"))
    # The link is rewritten just after the status says paused: click the one that names this iteration.
    anchor = page.locator("a.nncore-page-link")
    wait_until(lambda: f"iteration={iteration(page)}" in anchor.get_attribute("href"), 10,
               message="the link to name the iteration reached")
    page.locator(".nncore-page-copy").click()
    wait_until(lambda: page.locator(".nncore-page-copy").inner_text() == "copied", 10,
               message="the copy button to say copied")
    link = page.evaluate("navigator.clipboard.readText()")
    assert link == anchor.evaluate("a => a.href")
    assert "dataset=xor" in link and f"iteration={iteration(page)}" in link
    page.screenshot(path=str(SCREENSHOTS / "playground-page-1400.png"))

    other = page.context.new_page()
    other.set_default_timeout(30_000)
    open_page(other, link)
    # The same settings, replayed to the same iteration: the same status line, costs included.
    wait_until(lambda: status(other) == settled, 30, message=f"{settled!r} on the linked page")
    assert other.locator(".nncore-pg-dataset select").input_value() == "xor"
    assert other.locator(".nncore-page-refusals").inner_text().strip() == ""
    other.close(run_before_unload=True)


def test_a_link_with_bad_values_shows_refusals_and_uses_the_defaults(browser, playground_server):
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    page = context.new_page()
    page.set_default_timeout(30_000)
    open_page(page, playground_server["url"] + "?noise=abc&learning_rate=nan&hidden_layers=3&rng=-1"
                                               "&dataset=%3Cb%3Ex%3C/b%3E")
    refusals = page.locator(".nncore-page-refusals")
    text = refusals.inner_text()
    for says in ("noise must be a number", "learning_rate must be in", "Seeds are never negative",
                 "unknown dataset '<b>x</b>'"):
        assert says in text, text
    assert refusals.locator("b", has_text=re.compile("^x$")).count() == 0, "a link's value became HTML"
    assert "layers 2-3-1" in status(page) and "learning rate 0.3000" in status(page)
    assert page.locator(".nncore-pg-dataset select").input_value() == "circle"
    wide = page.evaluate("Math.max(...[...document.querySelectorAll('.nncore-page *')]"
                         ".map(e => e.getBoundingClientRect().right))")
    assert wide <= 1024, f"the page is {wide:.0f} px wide at a 1024 px window"
    # Keyboard: Tab reaches play and copy link, and Enter on play starts training.
    reached = set()
    for _ in range(60):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.className || ''"))
        if any("nncore-pg-play" in name for name in reached) and \
                any("nncore-page-copy" in name for name in reached):
            break
    assert any("nncore-page-copy" in name for name in reached), reached
    assert any("nncore-pg-play" in name for name in reached), reached
    page.screenshot(path=str(SCREENSHOTS / "playground-page-1024.png"), full_page=True)
    context.close()


def _kernel_pids(server_pid):
    """The kernels of the server: the ipykernel processes among its descendants."""
    parents, cmdlines = {}, {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            parents[int(proc.name)] = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmdlines[int(proc.name)] = (proc / "cmdline").read_bytes().decode(errors="replace")
        except (OSError, IndexError, ValueError):
            continue

    def descends(pid):
        while pid > 1:
            pid = parents.get(pid, 0)
            if pid == server_pid:
                return True
        return False

    return [pid for pid, cmdline in cmdlines.items() if "ipykernel" in cmdline and descends(pid)]


def _cpu_seconds(pids):
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone: no CPU
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _busy(pids, seconds=1.0):
    before = _cpu_seconds(pids)
    time.sleep(seconds)
    return _cpu_seconds(pids) - before


def test_closing_the_tab_while_playing_leaves_the_kernel_idle(browser, playground_server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    already = set(_kernel_pids(playground_server["pid"]))
    open_page(page, playground_server["url"])
    pids = [pid for pid in _kernel_pids(playground_server["pid"]) if pid not in already]
    assert len(pids) == 1, pids
    page.locator(".nncore-pg-play").click()
    wait_until(lambda: iteration(page) > 100, 30, message="training to start")
    assert _busy(pids) > 0.3, "the kernel should be training"
    page.close(run_before_unload=True)  # as a closed tab: beforeunload, then the socket goes
    context.close()
    wait_until(lambda: _busy(pids, 0.5) < 0.05, 20, message="the kernel to go idle after the tab closed")
