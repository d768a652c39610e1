"""The playground driven from Python: step, play/pause, reset, the controls, the pictures and the export.

Nothing here is timed: play/pause are checked by what they do (the iteration counter moves,
then stops), with generous bounded waits.
"""
import threading
import time

import numpy as np
import pytest

import nncore
from nncore.io import load_metadata, load_parameters
from nncore.widgets import Playground

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def wait_for(predicate, timeout=20.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


@pytest.fixture
def pg():
    playground = Playground(dataset="gaussian", hidden_layers=[3], activations="tanh", learning_rate=0.3,
                            seed=3, m=80)
    yield playground
    playground.pause()


def test_starts_at_iteration_zero_with_the_requested_network(pg):
    assert pg.iteration == 0
    assert pg.layer_dims == [2, 3, 1]
    assert pg.activations == ["tanh", "sigmoid"]
    assert pg.parameters["W1"].shape == (3, 2) and pg.parameters["W2"].shape == (1, 3)
    assert pg.X_train.shape[1] + pg.X_test.shape[1] == 80
    assert pg.X_train.shape[1] == 40  # train ratio 0.5


def test_step_runs_gradient_descent_like_train(pg):
    start = {k: v.copy() for k, v in pg.parameters.items()}
    pg.step(30)
    assert pg.iteration == 30
    # The same 30 iterations, run by nncore.train directly from the same start.
    expected, _ = nncore.train(pg.X_train, pg.Y_train, [2, 3, 1], 0.3, 30, "tanh", parameters=start)
    for key in expected:
        np.testing.assert_allclose(pg.parameters[key], expected[key], rtol=1e-10, atol=1e-12)


def test_step_lowers_the_cost_and_records_train_and_test_curves(pg):
    scores = pg.step(200)
    h = pg.history
    assert h["iteration"][0] == 0 and h["iteration"][-1] == 200
    assert len(h["train_cost"]) == len(h["test_cost"]) == len(h["iteration"])
    assert h["train_cost"][-1] < h["train_cost"][0]
    assert scores["train_accuracy"] > 0.9  # two well-separated blobs
    AL, _ = nncore.forward_propagation(pg.X_test, pg.parameters, "tanh")
    assert scores["test_cost"] == pytest.approx(nncore.compute_cost(AL, pg.Y_test))


def test_learning_rate_change_keeps_the_parameters(pg):
    pg.step(20)
    before = {k: v.copy() for k, v in pg.parameters.items()}
    pg.controls["learning_rate"].value = 0.01
    assert pg.iteration == 20
    for key in before:
        np.testing.assert_array_equal(pg.parameters[key], before[key])
    pg.step(1)
    expected, _ = nncore.train(pg.X_train, pg.Y_train, [2, 3, 1], 0.01, 1, "tanh", parameters=before)
    np.testing.assert_allclose(pg.parameters["W1"], expected["W1"], rtol=1e-10)


@pytest.mark.parametrize("name, value", [("dataset", "xor"), ("noise", 0.5), ("train_ratio", 0.7),
                                         ("init", "he"), ("seed", 4)])
def test_other_controls_rebuild_the_network(pg, name, value):
    pg.step(20)
    pg.controls[name].value = value
    assert pg.iteration == 0
    assert pg.history["iteration"] == [0]


def test_reset_with_the_same_seed_repeats_the_run(pg):
    first = {k: v.copy() for k, v in pg.parameters.items()}
    X = pg.X_train.copy()
    pg.step(50)
    pg.reset()
    assert pg.iteration == 0
    np.testing.assert_array_equal(pg.X_train, X)
    for key in first:
        np.testing.assert_array_equal(pg.parameters[key], first[key])


def test_train_ratio_sets_the_split(pg):
    pg.controls["train_ratio"].value = 0.8
    assert pg.X_train.shape[1] == 64 and pg.X_test.shape[1] == 16


def test_init_scale_is_the_std_of_random_init(pg):
    pg.set_hidden_layers([16])
    pg.controls["init"].value = "random"
    pg.controls["init_scale"].value = 10.0
    big = np.abs(pg.parameters["W1"]).mean()
    pg.controls["init_scale"].value = 0.01
    small = np.abs(pg.parameters["W1"]).mean()
    assert big > 100 * small
    assert not pg.controls["init_scale"].disabled
    pg.controls["init"].value = "he"
    assert pg.controls["init_scale"].disabled


def test_layers_can_be_added_and_removed_between_0_and_6(pg):
    for _ in range(10):
        pg.add_layer(5, "relu")
    assert len(pg.hidden_layers) == 6
    assert pg.buttons["+ layer"].disabled
    assert pg.layer_dims == [2, 3, 5, 5, 5, 5, 5, 1]
    for _ in range(10):
        pg.remove_layer()
    assert pg.hidden_layers == [] and pg.layer_dims == [2, 1]
    assert pg.buttons["- layer"].disabled
    pg.step(5)  # logistic regression trains too
    assert pg.iteration == 5


def test_one_activation_per_layer(pg):
    pg.set_hidden_layers([4, 3], ["relu", "tanh"])
    assert pg.activations == ["relu", "tanh", "sigmoid"]
    pg.step(10)
    expected, _ = nncore.forward_propagation(pg.X_train, pg.parameters, ["relu", "tanh"])
    assert pg.scores["train_cost"] == pytest.approx(nncore.compute_cost(expected, pg.Y_train))


def test_a_units_slider_rebuilds_the_network(pg):
    pg.step(10)
    units_slider, _ = pg.layer_controls[0]
    units_slider.value = 7
    assert pg.iteration == 0 and pg.parameters["W1"].shape == (7, 2)


@pytest.mark.parametrize("kwargs", [{"dataset": "moons"}, {"init": "orthogonal"}, {"learning_rate": 100.0},
                                    {"train_ratio": 1.0}])
def test_bad_arguments_are_refused_with_the_valid_range(kwargs):
    with pytest.raises(ValueError, match="expected one of|must be in"):
        Playground(**kwargs)


@pytest.mark.parametrize("units, activations", [([0], "tanh"), ([17], "tanh"), ([2.5], "tanh"),
                                                ([4] * 7, "tanh"), ([4], "softmax"), ([4, 4], ["tanh"])])
def test_bad_architectures_are_refused(pg, units, activations):
    with pytest.raises(ValueError):
        pg.set_hidden_layers(units, activations)


def test_play_trains_in_the_background_and_pause_stops_it(pg):
    pg.play()
    assert pg.playing and pg.buttons["play"].disabled
    assert wait_for(lambda: pg.iteration > 0), "play never advanced the iteration counter"
    assert wait_for(lambda: "playing" in pg.status.value)
    pg.pause()
    assert not pg.playing
    stopped_at = pg.iteration
    time.sleep(0.3)
    assert pg.iteration == stopped_at
    assert "paused" in pg.status.value and f"iteration {stopped_at} " in pg.status.value
    assert pg.buttons["pause"].disabled and not pg.buttons["play"].disabled


def test_play_keeps_training_across_a_learning_rate_change(pg):
    pg.play()
    assert wait_for(lambda: pg.iteration > 0)
    pg.controls["learning_rate"].value = 0.05
    reached = pg.iteration
    assert wait_for(lambda: pg.iteration > reached)
    pg.pause()
    assert pg.iteration > reached > 0


def test_play_buttons_drive_the_same_state(pg):
    pg.buttons["step"].click()
    assert pg.iteration == 10
    pg.buttons["play"].click()
    assert wait_for(lambda: pg.iteration > 10)
    pg.buttons["pause"].click()
    assert not pg.playing
    pg.buttons["reset"].click()
    assert pg.iteration == 0


def test_divergence_pauses_with_a_message_and_finite_parameters():
    # Six wide ReLU layers with weights of std 10 amplify by about 40 per layer: alpha = 10 overflows.
    pg = Playground(dataset="gaussian", hidden_layers=[16] * 6, activations="relu",
                    learning_rate=10.0, init="random", init_scale=10.0, seed=0, m=40)
    pg.step(200)
    assert "Diverged" in pg.message.value and "lower" in pg.message.value
    assert 0 < pg.iteration < 200
    assert all(np.isfinite(v).all() for v in pg.parameters.values())


def test_pictures_are_png_and_change_as_it_learns(pg):
    before = pg.render()
    assert before.startswith(PNG_SIGNATURE)
    pg.step(100)
    assert pg.render() != before
    assert bytes(pg.boundary_image.value).startswith(PNG_SIGNATURE)
    assert pg.render_units().startswith(PNG_SIGNATURE)
    pg.set_hidden_layers([])
    assert pg.render_units().startswith(PNG_SIGNATURE)  # says there is no hidden layer


def test_units_tab_is_drawn_when_selected(pg):
    assert bytes(pg.units_image.value) == b""
    pg.tabs.selected_index = 1
    assert bytes(pg.units_image.value).startswith(PNG_SIGNATURE)


def test_math_panel_shows_the_current_shapes(pg):
    pg.set_hidden_layers([5, 2], ["relu", "tanh"])
    text = pg.math.value
    m = pg.X_train.shape[1]
    for shape in ("(5, 2)", "(2, 5)", "(1, 2)", "(5, 1)", f"(5, {m})", f"(1, {m})"):
        assert shape in text
    assert "relu" in text and "tanh" in text and "dZ^{[L]} = A^{[L]} - Y" in text


def test_export_writes_hdf5_that_loads_back(pg, tmp_path):
    pg.step(40)
    path = pg.export(tmp_path / "pg.h5")
    loaded = load_parameters(path)
    for key in pg.parameters:
        np.testing.assert_array_equal(loaded[key], pg.parameters[key])
    meta = load_metadata(path)
    assert meta["activations"] == ["tanh", "sigmoid"]
    assert meta["iteration"] == 40 and meta["dataset"] == "gaussian" and meta["layer_dims"] == [2, 3, 1]


def test_export_button_reports_success_and_failure(pg, tmp_path):
    pg.controls["export_path"].value = str(tmp_path / "button.h5")
    pg.buttons["export"].click()
    assert (tmp_path / "button.h5").exists() and "Saved" in pg.message.value
    pg.controls["export_path"].value = str(tmp_path / "missing-folder" / "x.h5")
    pg.buttons["export"].click()
    assert "Export failed" in pg.message.value


def test_pause_from_another_thread_is_safe(pg):
    pg.play()
    assert wait_for(lambda: pg.iteration > 0)
    stopper = threading.Thread(target=pg.pause)
    stopper.start()
    stopper.join(10)
    assert not pg.playing
