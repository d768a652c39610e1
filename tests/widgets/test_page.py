"""nncore.widgets.page: the page built from a link shows its refusals, replays, and links to its setup."""
import html
import re
from urllib.parse import urlencode

import numpy as np

from nncore.link import read_query
from nncore.playground import PlaygroundModel
from nncore.widgets.page import PlaygroundPage
from tests.helpers import wait_for


def _href(page):
    found = re.search(r"class='nncore-page-link'[^>]*href=\"([^\"]*)\"", page.link_box.value)
    return html.unescape(found.group(1))


def test_a_link_rebuilds_the_setup_and_replays_bit_for_bit():
    reference = PlaygroundModel(dataset="xor", hidden_layers=(5, 3), hidden_activation="relu",
                                learning_rate=0.2, rng=3)
    reference.step(120)
    page = PlaygroundPage(urlencode({"dataset": "xor", "hidden_layers": "5,3", "hidden_activation": "relu",
                                     "learning_rate": "0.2", "rng": "3", "iteration": "120"}))
    model = page.playground.model
    assert page.refusals == [] and page.refusal_box.value == ""
    assert model.iteration == 120 and model.state() == reference.state()
    for key, value in reference.parameters.items():
        np.testing.assert_array_equal(model.parameters[key], value)
    # The page's own link names the same setup and iteration.
    assert read_query(_href(page)) == (reference.state(), [])


def test_bad_values_are_shown_escaped_and_the_defaults_used():
    page = PlaygroundPage("noise=abc&dataset=%3Cscript%3Ealert(1)%3C/script%3E&hidden_layers=3")
    defaults = PlaygroundModel().settings
    assert len(page.refusals) == 2
    shown = page.refusal_box.value
    assert "noise must be a number" in shown and "unknown dataset" in shown
    assert "<script>" not in shown and "&lt;script&gt;" in shown
    assert page.playground.model.settings["noise"] == defaults["noise"]
    assert page.playground.model.hidden_layers == [3]


def test_the_link_follows_the_controls():
    page = PlaygroundPage("")
    page.playground.controls["noise"].value = 0.5
    assert read_query(_href(page))[0]["noise"] == 0.5
    model = page.playground.model
    model.play()
    assert wait_for(lambda: model.iteration > 0, 10)
    model.pause()  # the play thread says "stopped": the link now names the iteration reached
    assert model.iteration > 0 and read_query(_href(page))[0]["iteration"] == model.iteration


def test_a_learning_rate_changed_mid_run_links_iteration_zero():
    page = PlaygroundPage("")
    page.playground.step(40)
    page.playground.model.set(learning_rate=0.05)
    state, _ = read_query(_href(page))
    assert state["iteration"] == 0 and state["learning_rate"] == 0.05
    assert "cannot replay" in page.link_box.value
    page.playground.reset()
    assert "cannot replay" not in page.link_box.value
