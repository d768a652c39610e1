"""Notebook 02 (the shallow network) in a real browser: its sliders retrain the shallow network and redraw it.

The panel (nncore.widgets.shallow_net_panel) has a "data" dropdown, "hidden units" and
"learning rate" sliders, a status line that starts with "retrained:" after each retrain, and
an Output widget holding the picture. The test moves each control as a learner would and
checks that the status names the new setting and that the picture is replaced.
"""
import re

import pytest

from labdriver import set_readout, wait_until

pytestmark = pytest.mark.browser


def test_notebook02_sliders_retrain_and_redraw(lab):
    lab.open_and_run_all("02-Shallow-Network.ipynb", marker=r"retrained:")
    units = lab.control("slider", "hidden units")
    # The panel: the innermost widget box holding both the slider and the status line.
    panel = units.locator("xpath=ancestor::div[contains(@class, 'widget-vbox')][1]")
    status = panel.locator(".widget-html", has_text="retrained:").first
    picture = panel.locator(".widget-output img").first
    panel.scroll_into_view_if_needed()

    def changed(expected, src_before):
        return lambda: re.search(expected, status.inner_text()) and picture.get_attribute("src") != src_before

    src = picture.get_attribute("src")
    lab.set_slider(units, 7)
    wait_until(changed(r"retrained:.*n_h=7\b", src), 60, message="a retrain with 7 hidden units")

    src = picture.get_attribute("src")
    set_readout(lab.page, lab.control("slider", "learning rate", within=panel), "0.5")
    wait_until(
        changed(r"retrained:.*learning_rate=0\.5\b", src), 60, message="a retrain at learning rate 0.5"
    )

    src = picture.get_attribute("src")
    options = lab.control("dropdown", "data", within=panel).locator("select")
    other = [o for o in options.locator("option").all_inner_texts() if o not in status.inner_text()][0]
    options.select_option(label=other)
    wait_until(changed(rf"retrained:.*data={re.escape(other)}\b", src), 60, message=f"a retrain on {other!r}")
