"""Tests for the retrain panels of notebooks 04 and 05 (nncore.widgets.trainer)."""
import ipywidgets as widgets
import numpy as np
import pytest

from nncore import TrainingDivergedError, accuracy, predict, train
from nncore.widgets import deep_net_panel, shallow_net_panel
from nncore.widgets.trainer import MARKER


@pytest.fixture
def split(blobs):
    """The blobs as (X_train, Y_train, X_test, Y_test): even columns train, odd ones test."""
    X, Y = blobs
    return X[:, ::2], Y[:, ::2], X[:, 1::2], Y[:, 1::2]


@pytest.fixture
def shallow(split):
    X_train, Y_train, X_test, Y_test = split
    flipped = (X_train, 1 - Y_train, X_test, 1 - Y_test)
    return shallow_net_panel(
        {"blobs": split, "flipped": flipped}, n_h=3, learning_rate=0.5, num_iterations=200
    )


def test_shallow_panel_has_the_documented_controls(shallow):
    assert list(shallow.controls) == ["dataset", "n_h", "learning_rate"]  # the engine's names
    assert [c.description for c in shallow.controls.values()] == ["data", "hidden units", "learning rate"]
    assert shallow.controls["dataset"].options == ("blobs", "flipped")
    slider = shallow.controls["n_h"]
    assert (slider.min, slider.max, slider.value) == (1, 50, 3)
    assert isinstance(shallow.controls["learning_rate"], widgets.FloatLogSlider)
    assert all(not c.continuous_update for c in shallow.controls.values() if hasattr(c, "continuous_update"))
    assert shallow.status in shallow.widget.children and shallow.output in shallow.widget.children


def test_shallow_panel_trains_once_when_built(shallow, split):
    X_train, Y_train, X_test, Y_test = split
    assert shallow.status.value.startswith(f"{MARKER} data=blobs, n_h=3, learning_rate=0.5 → cost ")
    # Blobs 8 standard deviations apart: any working net separates them.
    assert "train accuracy 100.0%, test accuracy 100.0%" in shallow.status.value
    assert shallow.history["cost"].shape == (200,)
    assert shallow.parameters["W1"].shape == (3, 2)
    assert (
        set(shallow.timing) == {"train", "total"} and shallow.timing["total"] >= shallow.timing["train"] > 0
    )


def test_moving_a_slider_retrains_with_the_new_value(shallow):
    shallow.controls["n_h"].value = 7
    assert shallow.parameters["W1"].shape == (7, 2)
    assert "n_h=7" in shallow.status.value
    shallow.controls["learning_rate"].value = 0.01
    assert "learning_rate=0.01 →" in shallow.status.value


def test_the_data_chooser_switches_the_training_set(shallow, split):
    X_train, Y_train, _, _ = split
    shallow.controls["dataset"].value = "flipped"
    assert "data=flipped" in shallow.status.value
    assert accuracy(predict(X_train, shallow.parameters, "tanh"), 1 - Y_train) == 1.0


def test_the_panel_matches_nncore_train_with_the_same_seed(split):
    X_train, Y_train, _, _ = split
    panel = shallow_net_panel({"blobs": split}, n_h=2, learning_rate=0.3, num_iterations=50, rng=11)
    expected, history = train(X_train, Y_train, [2, 2, 1], learning_rate=0.3, num_iterations=50,
                              hidden_activation="tanh", init="random", rng=11)
    for key, value in expected.items():
        np.testing.assert_allclose(panel.parameters[key], value)
    np.testing.assert_allclose(panel.history["cost"], history["cost"])
    assert f"cost {history['cost'][-1]:.4f}" in panel.status.value


def test_a_diverging_retrain_reports_the_message_instead_of_raising(split):
    X_train, Y_train, X_test, Y_test = split
    big = (1e3 * X_train, Y_train, 1e3 * X_test, Y_test)  # ReLU on huge inputs overflows fast
    panel = shallow_net_panel(
        {"big": big}, n_h=4, learning_rate=50, num_iterations=500, hidden_activation="relu", init="random"
    )
    assert isinstance(panel.error, TrainingDivergedError)
    assert panel.status.value.startswith(f"{MARKER} data=big, n_h=4, learning_rate=50 → training diverged")
    assert "smaller learning rate" in panel.status.value
    assert all(np.isfinite(v).all() for v in panel.parameters.values())


@pytest.mark.parametrize("datasets, match", [
    ({}, "empty"),
    ({"pairs": ([[0.0]], [[1.0]])}, "4-tuple"),
    ({"rows": (np.zeros((10, 2)), np.zeros((1, 10)), np.zeros((2, 4)), np.zeros((1, 4)))}, "Examples are "
                                                                                           "columns"),
])
def test_shallow_panel_rejects_bad_data_with_a_clear_message(datasets, match):
    with pytest.raises(ValueError, match=match):
        shallow_net_panel(datasets)


def test_deep_panel_waits_for_the_button_then_trains(split):
    panel = deep_net_panel(*split, hidden_layers=(4, 3), learning_rate=0.1, num_iterations=300)
    assert panel.parameters is None and MARKER not in panel.status.value
    assert panel.layer_dims == [2, 4, 3, 1]
    panel.controls["retrain"].click()
    assert panel.parameters["W3"].shape == (1, 3)
    assert panel.progress.value == panel.progress.max == 300
    assert panel.progress.bar_style == "success"
    assert panel.status.value.startswith(
        f"{MARKER} layer_dims=[2, 4, 3, 1], learning_rate=0.1, iterations=300, relu, init=he → cost ")
    assert "train accuracy 100.0%" in panel.status.value


def test_deep_panel_adds_and_removes_layers(split):
    panel = deep_net_panel(*split, hidden_layers=(4,))
    panel.controls["add_layer"].click()
    panel.layer_box.children[-1].value = 6
    assert panel.layer_dims == [2, 4, 6, 1]
    assert [box.description for box in panel.layer_box.children] == ["n[1]", "n[2]"]
    panel.controls["remove_layer"].click()
    panel.controls["remove_layer"].click()
    assert panel.layer_dims == [2, 1]  # no hidden layer left: logistic regression
    panel.retrain()
    assert set(panel.parameters) == {"W1", "b1"}


def test_deep_panel_uses_its_controls(split):
    panel = deep_net_panel(*split, hidden_layers=(3,), num_iterations=100)
    panel.controls["num_iterations"].value = 200
    panel.controls["hidden_activation"].value = "tanh"
    panel.controls["init"].value = "xavier"
    panel.retrain()
    assert panel.history["cost"].shape == (200,)
    assert "iterations=200, tanh, init=xavier" in panel.status.value


@pytest.mark.parametrize("redraw_every, expected_draws", [(0.0, 101), (1e9, 1)])
def test_deep_panel_throttles_the_live_cost_curve(split, redraw_every, expected_draws):
    panel = deep_net_panel(*split, hidden_layers=(3,), num_iterations=100, redraw_every=redraw_every)
    drawn = []
    panel._draw = lambda costs, title: drawn.append(len(costs))
    panel.retrain()
    # No throttle: one draw per iteration plus the final one; a huge one: only the final draw.
    assert len(drawn) == expected_draws
    assert drawn[-1] == 100


def test_deep_panel_reports_divergence(split):
    X_train, Y_train, X_test, Y_test = split
    panel = deep_net_panel(1e3 * X_train, Y_train, 1e3 * X_test, Y_test, hidden_layers=(4,),
                           learning_rate=10, num_iterations=500)
    panel.retrain()
    assert isinstance(panel.error, TrainingDivergedError)
    assert panel.progress.bar_style == "danger"
    assert panel.progress.value == panel.error.iteration == len(panel.history["cost"])
    assert "→ training diverged" in panel.status.value


def test_same_generator_seed_gives_the_same_network(split):
    first = deep_net_panel(*split, num_iterations=100, rng=np.random.default_rng(5)).retrain()
    second = deep_net_panel(*split, num_iterations=100, rng=np.random.default_rng(5)).retrain()
    np.testing.assert_array_equal(first.parameters["W1"], second.parameters["W1"])


def test_each_retrain_replaces_the_figure_with_one_png(shallow, split):
    import base64

    first = shallow.output.outputs
    shallow.controls["n_h"].value = 5
    (shown,) = shallow.output.outputs
    assert shown["output_type"] == "display_data"
    assert base64.b64decode(shown["data"]["image/png"]).startswith(b"\x89PNG")
    assert shown is not first[0]

    panel = deep_net_panel(*split, hidden_layers=(3,), num_iterations=100)
    assert panel.output.outputs == ()
    panel.retrain()
    assert len(panel.output.outputs) == 1


def test_retrains_draw_without_pyplot(shallow, split):
    import matplotlib.pyplot as plt

    open_before = plt.get_fignums()
    shallow.controls["n_h"].value = 6
    deep_net_panel(*split, hidden_layers=(3,), num_iterations=100).retrain()
    assert plt.get_fignums() == open_before


def test_displaying_a_panel_displays_its_widget(shallow):
    bundle = shallow._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == shallow.widget.model_id
