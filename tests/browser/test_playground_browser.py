"""Notebook 06 in a real browser: run all cells, press play, change the learning rate and the units.

What the test reads: the playground's status line (``iteration N | layers 2-4-2-1 | ... |
learning rate 0.3000 | playing``) and the ``src`` of the boundary image, which JupyterLab replaces
with a new blob URL each time the kernel sends a new picture.

The issue asks for the first redraw within 1 s of "play" and for "pause" to stop within
0.5 s. The test measures both and prints them; it fails only past three times those targets,
because CI shares two cores between the browser, the server and the kernel.
"""
import re
import time

import pytest

from labdriver import SCREENSHOTS, wait_until

pytestmark = pytest.mark.browser

FIRST_REDRAW_TARGET_S, PAUSE_TARGET_S, SLACK = 1.0, 0.5, 3


def test_playground_trains_live_and_answers_its_controls(lab):
    page = lab.page
    lab.open_and_run_all("06-Playground.ipynb", marker=r"same parameters, bit for bit")
    panel = page.locator(".nncore-playground").first
    status, image = panel.locator(".nncore-pg-status"), panel.locator("img.nncore-pg-boundary")

    def text():
        return status.inner_text()

    def src():
        return image.get_attribute("src")

    def iteration():
        return int(re.search(r"iteration (\d+)", text()).group(1))

    panel.scroll_into_view_if_needed()
    wait_until(lambda: "paused" in text(), 10, message="the status line after run-all")
    src_before, iteration_before = src(), iteration()

    # Play: a new picture, then the counter moves on.
    start = time.monotonic()
    panel.locator(".nncore-pg-play").click()
    wait_until(lambda: src() != src_before, 15, interval_s=0.02, message="the first redraw after play")
    first_redraw = time.monotonic() - start
    wait_until(lambda: "playing" in text() and iteration() > iteration_before + 100, 20,
               message="the iteration counter to advance while playing")
    time.sleep(3)  # a few seconds of training, for the screenshot
    panel.screenshot(path=str(SCREENSHOTS / "playground-after-training.png"))

    # A new learning rate: training goes on from where it was, at the new rate.
    src_before, iteration_before = src(), iteration()
    lab.set_slider(panel.locator(".nncore-pg-learning-rate"), "0.03")
    wait_until(lambda: "learning rate 0.03000 " in text(), 15, message="the new learning rate in the status")
    assert iteration() >= iteration_before, "a learning-rate change must not reset the network"
    wait_until(lambda: src() != src_before and iteration() > iteration_before, 15,
               message="the boundary to update at the new learning rate")

    # New hidden units: a new network, drawn and trained.
    layers_before = re.search(r"layers ([\d-]+)", text()).group(1)
    src_before = src()
    lab.set_slider(panel.locator(".nncore-pg-units").first, 3)
    wait_until(lambda: re.search(r"layers 2-3-", text()), 15, message="the status to show 3 units in layer 1")
    assert layers_before != re.search(r"layers ([\d-]+)", text()).group(1)
    wait_until(lambda: src() != src_before, 15, message="the boundary of the new network")

    # Pause: the status says so, and the counter stays still.
    start = time.monotonic()
    panel.locator(".nncore-pg-pause").click()
    wait_until(lambda: "paused" in text(), 10, interval_s=0.02, message="the status to say paused")
    pause_latency = time.monotonic() - start
    stopped_at = iteration()
    time.sleep(1.0)
    assert iteration() == stopped_at, "training went on after pause"

    print(f"\nfirst redraw after play: {first_redraw:.2f} s (target {FIRST_REDRAW_TARGET_S} s); "
          f"pause took effect after {pause_latency:.2f} s (target {PAUSE_TARGET_S} s)")
    assert first_redraw < SLACK * FIRST_REDRAW_TARGET_S
    assert pause_latency < SLACK * PAUSE_TARGET_S
