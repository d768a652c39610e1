"""The playground panel in a browser: safe to leave, a stable layout, your data, every layer, a shared setup.

One small notebook (written into the server's root by the fixture) displays one panel; the
tests drive it as a learner would and read the kernel's own state through the notebook's
kernel connection (``requestExecute``), never through the code under test's return values.

* Closing the tab while playing: the kernel's CPU time (psutil, on the kernel's process)
  stops growing within 5 s; the play lease is 2 s and the browser's clock renews it.
* The layout at 1400 and 1024 px, on every tab: the controls column keeps its width and the
  unit sliders are at least 150 px long.
* An uploaded CSV, good and bad; the network tab redrawing while playing; a setup saved as
  text rebuilding the same parameters bit for bit in the same kernel.
"""
import json
import re
import time
import urllib.request

import psutil
import pytest

from labdriver import SCREENSHOTS, Lab, wait_until

pytestmark = pytest.mark.browser

NOTEBOOK = "playground-panel.ipynb"
SOURCE = """from nncore.widgets import Playground
pg = Playground(dataset="circle", hidden_layers=[4, 3], learning_rate=0.3, rng=1)
pg"""
IDLE_TARGET_S, CPU_IDLE_SHARE = 5.0, 0.10
CONTROLS_PX, MIN_SLIDER_PX = 430, 150


@pytest.fixture
def panel_lab(lab):
    nb = {"cells": [{"cell_type": "code", "execution_count": None, "id": "pg", "metadata": {}, "outputs": [],
                     "source": SOURCE}],
          "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
          "nbformat": 4, "nbformat_minor": 5}
    (lab.server["root"] / NOTEBOOK).write_text(json.dumps(nb))
    return lab


def open_panel(lab):
    lab.open_and_run_all(NOTEBOOK, marker=r"iteration 0 \| layers 2-4-3-1")
    panel = lab.page.locator(".nncore-playground").first
    panel.scroll_into_view_if_needed()
    return panel


def kernel_run(page, code):
    """Run ``code`` in the notebook's kernel (not in a cell); return what it printed."""
    return page.evaluate(
        """async (code) => {
            const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
            const future = kernel.requestExecute({code, silent: false, store_history: false});
            let out = '';
            future.onIOPub = (msg) => {
                if (msg.header.msg_type === 'stream') out += msg.content.text;
                const c = msg.content;
                if (msg.header.msg_type === 'error') out += 'ERROR ' + c.ename + ': ' + c.evalue;
            };
            await future.done;
            return out;
        }""", code)


def status(panel):
    return panel.locator(".nncore-pg-status").inner_text()


def iteration(panel):
    return int(re.search(r"iteration (\d+)", status(panel)).group(1))


def kernel_process(lab):
    """The psutil.Process of this server's one kernel, found by its connection file's name."""
    with urllib.request.urlopen(f"{lab.server['url']}/api/kernels", timeout=10) as r:
        kernels = json.load(r)
    assert len(kernels) == 1, kernels
    name = f"kernel-{kernels[0]['id']}.json"
    for process in psutil.process_iter(["cmdline"]):
        if any(name in part for part in process.info["cmdline"] or ()):
            return process
    pytest.fail(f"no process with {name} on its command line")


def cpu_share(process, seconds):
    """The share of one core the process used over the next ``seconds``."""
    before = sum(process.cpu_times()[:2])
    time.sleep(seconds)
    return (sum(process.cpu_times()[:2]) - before) / seconds


@pytest.mark.parametrize("closing", ["the browser tab", "the notebook, Discard"])
def test_closing_the_tab_while_playing_stops_training(panel_lab, closing):
    lab = panel_lab
    # Its own browser tab, which the test may close; the fixture's page stays for its screenshot.
    page = lab.page.context.new_page()
    tab = Lab(page, lab.server)
    panel = open_panel(tab)
    kernel = kernel_process(lab)
    panel.locator(".nncore-pg-play").click()
    wait_until(lambda: "playing" in status(panel) and iteration(panel) > 200, 20, message="training to start")
    time.sleep(3)  # longer than the 2 s lease: only the browser's clock keeps it going
    assert "playing" in status(panel), "training stopped while the tab was open"
    busy = cpu_share(kernel, 1.0)
    if closing == "the browser tab":
        page.close()
    else:  # JupyterLab's own tab: close the notebook, answer the unsaved-changes dialog; the kernel stays
        page.evaluate("() => { window.jupyterapp.commands.execute('application:close'); }")
        page.locator(".jp-Dialog button").filter(has_text=re.compile("Discard|Don.t Save")).click()
        wait_until(lambda: page.locator(".nncore-playground").count() == 0, 10,
                   message="the notebook to close")
    closed = time.monotonic()
    shares = []
    while True:
        share = cpu_share(kernel, 0.5)
        shares.append(round(share, 2))
        if share < CPU_IDLE_SHARE:
            idle_after = time.monotonic() - closed
            break
        if time.monotonic() - closed > 3 * IDLE_TARGET_S:
            pytest.fail(f"the kernel still trains {3 * IDLE_TARGET_S} s after the tab closed: {shares}")
    quiet = cpu_share(kernel, 2.0)
    print(f"\nclosing {closing}: kernel CPU while playing {busy:.0%} of a core; idle {idle_after:.1f} s "
          f"after closing (half-second shares {shares}); then {quiet:.0%} over 2 s")
    assert busy > 0.5, "the kernel was not training before the tab closed: the test could not fail"
    assert idle_after < IDLE_TARGET_S and quiet < CPU_IDLE_SHARE


def test_layout_holds_at_two_widths_on_every_tab(panel_lab):
    lab = panel_lab
    panel = open_panel(lab)
    tabs = panel.locator(".lm-TabBar-tab, .p-TabBar-tab")
    for width in (1400, 1024):
        lab.page.set_viewport_size({"width": width, "height": 1000})
        for index in range(tabs.count()):
            tabs.nth(index).click()
            time.sleep(0.3)
            controls = panel.locator(".nncore-pg-controls").bounding_box()
            sliders = [s.bounding_box()["width"] for s in
                       panel.locator(".nncore-pg-units .slider-container").all()]
            title = tabs.nth(index).inner_text()
            print(f"\n{width} px, tab {title!r}: controls {controls['width']:.0f} px, unit sliders "
                  f"{[round(w) for w in sliders]} px")
            assert abs(controls["width"] - CONTROLS_PX) <= 1, (width, title, controls)
            assert sliders and min(sliders) >= MIN_SLIDER_PX, (width, title, sliders)
            for dropdown in panel.locator(".nncore-pg-controls select").all():
                box = dropdown.bounding_box()
                assert box["x"] + box["width"] <= controls["x"] + controls["width"] + 1, (width, title)
            if title == "training":
                # Drawn at 80 dpi with 9 pt text (10 px): shown at its own size, never scaled down.
                shown, natural = panel.locator("img.nncore-pg-boundary").evaluate(
                    "img => [img.clientWidth, img.naturalWidth]")
                print(f"training picture shown {shown} px wide, drawn {natural} px")
                assert shown == natural, (width, shown, natural)
                picture = panel.locator(".nncore-pg-boundary").bounding_box()
                beside = picture["x"] > controls["x"] + controls["width"]
                print(f"the picture is {'beside' if beside else 'below'} the controls; panel "
                      f"{panel.bounding_box()['width']:.0f} px wide")
                if width == 1400:
                    assert beside, "at 1400 px the picture fits beside the controls"
            if title in ("show the math", "training"):
                panel.screenshot(path=str(SCREENSHOTS / f"playground-{title.split()[-1]}-{width}px.png"))


def test_csv_upload_good_and_bad(panel_lab, tmp_path):
    lab = panel_lab
    panel = open_panel(lab)
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text("x1,x2,label\n" + "".join(f"{i / 10},{(-1) ** i * i / 9},{i % 2}\n" for i in range(60)))
    bad.write_text("x1,x2,label\n" + "1,2,0\n" * 5 + "1,nan,1\n" * 10)
    message = panel.locator(".nncore-pg-message")

    def upload(path):  # the button opens a file chooser, as for a learner
        with lab.page.expect_file_chooser() as chooser:
            panel.locator(".nncore-pg-upload").click()
        chooser.value.set_files(str(path))

    upload(bad)
    wait_until(lambda: "Could not use bad.csv" in message.inner_text(), 15, message="the bad file's message")
    assert "NaN or inf" in message.inner_text()
    assert "2-4-3-1" in status(panel)  # still the circle's network, still working
    upload(good)
    wait_until(lambda: "Training on good.csv: 30 train and 30 test points" in message.inner_text(), 15,
               message="the good file's message")
    panel.locator(".nncore-pg-step").click()
    wait_until(lambda: iteration(panel) == 10, 10, message="a step on the uploaded data")
    panel.screenshot(path=str(SCREENSHOTS / "playground-uploaded-csv.png"))


def test_network_view_updates_while_playing_and_a_setup_round_trips(panel_lab):
    lab = panel_lab
    panel = open_panel(lab)
    panel.locator(".lm-TabBar-tab, .p-TabBar-tab").filter(has_text="network").click()
    image = panel.locator("img.nncore-pg-network")
    wait_until(lambda: image.get_attribute("src"), 10, message="the network picture")
    seen = {image.get_attribute("src")}
    start = time.monotonic()
    panel.locator(".nncore-pg-play").click()
    wait_until(lambda: seen.add(image.get_attribute("src")) or len(seen) >= 4, 20, interval_s=0.02,
               message="the network picture to redraw three times while playing")
    three_redraws = time.monotonic() - start
    time.sleep(6)  # the share is over the whole play, the first, immediate picture included
    panel.screenshot(path=str(SCREENSHOTS / "playground-network-playing.png"))
    panel.locator(".nncore-pg-pause").click()
    wait_until(lambda: "paused" in status(panel), 10, message="pause")
    timing = json.loads(kernel_run(lab.page, "import json; print(json.dumps(pg.timing))"))
    share = timing["train"] / (timing["train"] + timing["draw"])
    print(f"\nnetwork tab: three redraws {three_redraws:.2f} s after play; training share {share:.0%} "
          f"({timing})")
    assert share >= 0.8

    # Save the setup as text in the panel; a new playground built from it replays the same parameters.
    lab.page.locator(".lm-TabBar-tab, .p-TabBar-tab").filter(has_text="setup").click()
    panel.locator(".nncore-pg-save-state").click()
    text_area = panel.locator(".nncore-pg-state textarea")
    wait_until(lambda: '"hidden_layers":[4,3]' in text_area.input_value(), 10, message="the saved setup")
    text = text_area.input_value()
    out = kernel_run(lab.page, f"""
import numpy as np
again = Playground.from_state({text!r}, replay=True)
print(again.iteration == pg.iteration > 0, all(np.array_equal(again.parameters[k], pg.parameters[k])
      for k in pg.parameters), pg.iteration)""")
    print(f"state text ({len(text)} characters): {text}\nreplayed: {out.strip()}")
    assert out.split()[:2] == ["True", "True"], out
    # And back through the panel: paste a changed setup, load it, the panel follows.
    text_area.fill(text.replace('"hidden_layers":[4,3]', '"hidden_layers":[6]').replace(
        '"hidden_activation":["tanh","tanh"]', '"hidden_activation":["relu"]'))
    panel.locator(".nncore-pg-load-state").click()
    wait_until(lambda: "layers 2-6-1 " in status(panel) and iteration(panel) == 0, 10,
               message="the loaded setup in the status line")
