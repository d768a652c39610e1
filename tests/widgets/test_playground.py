"""The playground's view (nncore.widgets.playground): its controls write the model, its pictures follow it.

The model's own behaviour is tested without widgets in tests/test_playground.py. Nothing here
is timed: play/pause are checked by what they do, with generous bounded waits.
"""
import datetime
import time

import numpy as np
import pytest

import nncore
from nncore.widgets import Playground
from tests.helpers import wait_for

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MODIFIED = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)  # noqa: UP017 (3.10 has no datetime.UTC)


@pytest.fixture
def pg():
    playground = Playground(
        dataset="gaussian", hidden_layers=[3], hidden_activation="tanh", learning_rate=0.3, rng=3, m=80
    )
    yield playground
    playground.pause()


def test_controls_are_keyed_by_the_models_setting_names(pg):
    assert set(pg.controls) == set(pg.model.settings) | {"export_path", "upload", "state"}
    for name, value in pg.model.settings.items():
        expected = pytest.approx(value) if isinstance(value, float) else value
        assert pg.controls[name].value == expected
    assert set(pg.buttons) == {"play", "pause", "step", "reset", "add_layer", "remove_layer", "export",
                               "save_state", "load_state"}


def test_the_view_reads_the_models_state(pg):
    assert pg.iteration == 0 and pg.layer_dims == [2, 3, 1] and pg.activations == ["tanh", "sigmoid"]
    assert pg.hidden_layers == [3] and pg.hidden_activation == ["tanh"]
    assert pg.parameters is pg.model.parameters and pg.X_train is pg.model.X_train


def test_a_learning_rate_control_keeps_the_parameters(pg):
    pg.step(20)
    before = {k: v.copy() for k, v in pg.parameters.items()}
    pg.controls["learning_rate"].value = 0.01
    assert pg.model.settings["learning_rate"] == pytest.approx(0.01)
    assert pg.iteration == 20
    for key in before:
        np.testing.assert_array_equal(pg.parameters[key], before[key])
    assert "learning rate 0.01000 " in pg.status.value  # as the slider shows it (d3 ".4g" = Python "#.4g")


@pytest.mark.parametrize("name, value", [("dataset", "xor"), ("noise", 0.5), ("train_ratio", 0.7),
                                         ("init", "he"), ("rng", 4)])
def test_other_controls_rebuild_the_network(pg, name, value):
    pg.step(20)
    pg.controls[name].value = value
    assert pg.model.settings[name] == value
    assert pg.iteration == 0 and pg.history["iteration"] == [0]
    assert "iteration 0 " in pg.status.value


def test_init_scale_is_enabled_only_for_random_init(pg):
    assert pg.controls["init_scale"].disabled
    pg.controls["init"].value = "random"
    assert not pg.controls["init_scale"].disabled
    pg.controls["init_scale"].value = 10.0
    assert pg.model.settings["init_scale"] == pytest.approx(10.0)
    pg.controls["init"].value = "he"
    assert pg.controls["init_scale"].disabled


def test_layer_rows_follow_the_model(pg):
    for _ in range(10):
        pg.buttons["add_layer"].click()
    assert len(pg.layer_controls) == 6 and pg.buttons["add_layer"].disabled
    assert pg.layers_label.value == "hidden layers: 6"
    for _ in range(10):
        pg.buttons["remove_layer"].click()
    assert pg.layer_controls == [] and pg.buttons["remove_layer"].disabled
    pg.set_hidden_layers([4, 3], ["relu", "tanh"])  # from Python: the rows are rebuilt to match
    assert [(u.value, a.value) for u, a in pg.layer_controls] == [(4, "relu"), (3, "tanh")]


def test_the_activation_dropdowns_offer_the_whole_table(pg):
    _, act = pg.layer_controls[0]
    assert list(act.options) == list(nncore.ACTIVATIONS)


def test_a_units_slider_rebuilds_the_network(pg):
    pg.step(10)
    units_slider, act = pg.layer_controls[0]
    units_slider.value = 7
    assert pg.iteration == 0 and pg.parameters["W1"].shape == (7, 2)
    act.value = "relu"
    assert pg.activations == ["relu", "sigmoid"]


def test_play_buttons_drive_the_same_state(pg):
    pg.buttons["step"].click()
    assert pg.iteration == 10
    pg.buttons["play"].click()
    assert pg.playing and pg.buttons["play"].disabled
    assert wait_for(lambda: pg.iteration > 10)
    assert wait_for(lambda: "playing" in pg.status.value)
    pg.buttons["pause"].click()
    assert not pg.playing
    assert wait_for(lambda: "paused" in pg.status.value)
    assert pg.buttons["pause"].disabled and not pg.buttons["play"].disabled
    pg.buttons["reset"].click()
    assert pg.iteration == 0


def test_play_redraws_and_counts_its_time(pg):
    first = bytes(pg.boundary_image.value)
    pg.play()
    assert wait_for(lambda: bytes(pg.boundary_image.value) != first), "playing never redrew the boundary"
    pg.pause()
    assert pg.timing["train"] > 0 and pg.timing["draw"] > 0


def test_divergence_shows_the_models_message():
    pg = Playground(dataset="gaussian", hidden_layers=[16] * 6, hidden_activation="relu",
                    learning_rate=10.0, init="random", init_scale=10.0, rng=0, m=40)
    pg.step(200)
    assert pg.message.value == pg.model.message and "Diverged" in pg.message.value


def test_pictures_are_png_and_change_as_it_learns(pg):
    before = pg.render()
    assert before.startswith(PNG_SIGNATURE)
    pg.step(100)
    assert pg.render() != before
    assert bytes(pg.boundary_image.value).startswith(PNG_SIGNATURE)
    assert pg.render_units().startswith(PNG_SIGNATURE)
    pg.set_hidden_layers([])
    assert pg.render_units().startswith(PNG_SIGNATURE)  # says there is no hidden layer


def test_drawing_leaves_pyplot_alone(pg):
    import matplotlib.pyplot as plt

    open_before = plt.get_fignums()
    pg.step(20)
    pg.tabs.selected_index = 1
    assert plt.get_fignums() == open_before


def test_network_tab_is_drawn_when_selected(pg):
    assert bytes(pg.network_image.value) == b""
    pg.tabs.selected_index = 1
    assert bytes(pg.network_image.value).startswith(PNG_SIGNATURE)


def test_math_panel_shows_the_current_shapes(pg):
    pg.set_hidden_layers([5, 2], ["relu", "tanh"])
    text = pg.math.value
    m = pg.X_train.shape[1]
    for shape in ("(5, 2)", "(2, 5)", "(1, 2)", "(5, 1)", f"(5, {m})", f"(1, {m})"):
        assert shape in text
    assert "relu" in text and "tanh" in text and "dZ^{[L]} = A^{[L]} - Y" in text


def test_export_button_reports_success_and_failure(pg, tmp_path):
    pg.controls["export_path"].value = str(tmp_path / "button.h5")
    pg.buttons["export"].click()
    assert (tmp_path / "button.h5").exists() and "Saved" in pg.message.value
    pg.controls["export_path"].value = str(tmp_path / "missing-folder" / "x.h5")
    pg.buttons["export"].click()
    assert "Export failed" in pg.message.value


def test_displaying_the_playground_displays_its_widget(pg):
    bundle = pg._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == pg.widget.model_id


# ---------------------------------------------------------------- the browser's clock keeps a play going
def test_play_starts_the_browsers_clock_and_its_ticks_keep_training(pg):
    pg.play(lease=0.4)
    assert pg.clock.playing
    end = time.monotonic() + 1.2
    while time.monotonic() < end:  # what the front end's Play does every TICK_MS
        pg.clock.value += 1
        time.sleep(0.1)
    assert pg.playing, "ticks from the browser must keep training"
    # No more ticks (the tab closed): training stops within the lease, and says so.
    assert wait_for(lambda: not pg.playing, timeout=5.0)
    assert not pg.clock.playing and "no one asked" in pg.message.value
    assert not pg.buttons["play"].disabled


def test_pause_stops_the_clock(pg):
    pg.play()
    pg.pause()
    assert not pg.clock.playing and not pg.playing


# ---------------------------------------------------------------- your own data
def _csv(rows):
    return ("x1,x2,label\n" + "\n".join(",".join(map(str, r)) for r in rows) + "\n").encode()


def _upload(pg, name, content):
    pg.controls["upload"].value = ({"name": name, "type": "text/csv", "size": len(content),
                                    "content": memoryview(content),
                                    "last_modified": MODIFIED},)


def test_an_uploaded_csv_becomes_the_data_split_by_the_ratio(pg):
    rows = [(i / 10, (-1) ** i * i / 9, i % 2) for i in range(60)]
    _upload(pg, "mine.csv", _csv(rows))
    assert pg.model.settings["dataset"] == "csv" and pg.controls["dataset"].value == "csv"
    assert "csv" in pg.controls["dataset"].options
    assert pg.X_train.shape[1] == 30 and pg.X_test.shape[1] == 30  # ratio 0.5
    assert "Training on mine.csv" in pg.message.value
    assert pg.controls["noise"].disabled  # noise belongs to the generators
    pg.step(10)
    pg.controls["dataset"].value = "circle"  # back to a generator
    assert pg.model.settings["dataset"] == "circle" and not pg.controls["noise"].disabled


def test_a_playground_built_on_a_csv_path(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_bytes(_csv([(i / 10, (-1) ** i * i / 9, i % 2) for i in range(40)]))
    pg = Playground(path=path, train_ratio=0.75)
    assert pg.controls["dataset"].value == "csv" and pg.X_train.shape[1] == 30
    assert Playground.from_state(pg.state_json()).state() == pg.state()


def test_a_bad_upload_says_why_and_leaves_the_panel_working(pg):
    _upload(pg, "bad.csv", _csv([(1, 2, 7)] * 20))
    assert "Could not use bad.csv" in pg.message.value and "labels must be 0 or 1" in pg.message.value
    assert pg.model.settings["dataset"] == "gaussian"
    assert pg.step(10)["train_cost"] > 0 and pg.iteration == 10


# ---------------------------------------------------------------- controls that refuse or clamp
def test_the_seed_box_clamps_negative_seeds(pg):
    pg.controls["rng"].value = -1
    assert pg.controls["rng"].value == 0 and pg.model.settings["rng"] == 0


def test_a_failing_control_shows_its_error_and_the_panel_goes_on(pg, monkeypatch):
    def broken(**settings):
        raise RuntimeError("disk on fire")
    monkeypatch.setattr(pg.model, "set", broken)
    pg.controls["noise"].value = 0.7
    assert "Could not set noise" in pg.message.value and "disk on fire" in pg.message.value
    assert pg.controls["noise"].value == pg.model.settings["noise"]  # shows the state again
    monkeypatch.undo()
    pg.controls["noise"].value = 0.4
    assert pg.model.settings["noise"] == 0.4


@pytest.mark.parametrize("kwargs", [{"learning_rate": "fast"}, {"rng": -1}, {"redraw_interval": -1}])
def test_bad_constructor_arguments_get_clear_errors(kwargs):
    with pytest.raises((ValueError, TypeError), match=next(iter(kwargs))):
        Playground(**kwargs)


# ---------------------------------------------------------------- state round trip in the panel
def test_save_and_load_setup_in_the_panel(pg):
    pg.controls["learning_rate"].value = 0.1
    pg.set_hidden_layers([5, 2], ["relu", "tanh"])
    pg.buttons["save_state"].click()
    text = pg.controls["state"].value
    other = Playground.from_state(text)
    assert other.state() == pg.state()
    pg.set_hidden_layers([1])
    pg.controls["state"].value = text
    pg.buttons["load_state"].click()
    assert pg.state() == other.state() and [u.value for u, _ in pg.layer_controls] == [5, 2]
    pg.controls["state"].value = "{broken"
    pg.buttons["load_state"].click()
    assert "Could not load the setup" in pg.message.value and pg.hidden_layers == [5, 2]


# ---------------------------------------------------------------- the network tab, and the stored output
def test_network_tab_draws_every_layer(pg):
    pg.set_hidden_layers([3, 4, 2])
    pg.tabs.selected_index = 1
    first = bytes(pg.network_image.value)
    assert first.startswith(PNG_SIGNATURE)
    pg.step(50)
    assert bytes(pg.network_image.value) != first


def test_the_stored_output_has_a_picture_and_a_sentence(pg):
    bundle = pg._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    import base64
    assert base64.b64decode(bundle["image/png"]).startswith(PNG_SIGNATURE)
    assert bundle["text/plain"].startswith("nncore Playground") and "VBox" not in bundle["text/plain"]


def test_the_stored_notebook_shows_a_picture_and_a_sentence_where_widgets_cannot():
    import base64
    import json
    from pathlib import Path
    nb = json.loads((Path(__file__).parents[2] / "notebooks" / "06-Playground.ipynb").read_text())
    panels = [o["data"] for c in nb["cells"] if c["cell_type"] == "code" for o in c["outputs"]
              if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert len(panels) == 1, "06 displays one panel"
    assert base64.b64decode(panels[0]["image/png"]).startswith(PNG_SIGNATURE)
    text = "".join(panels[0]["text/plain"])
    assert "VBox" not in text and "Run the notebook" in text
