"""Tests for the retrain panels of notebooks 02 and 05 (nncore.widgets.trainer)."""
import ipywidgets as widgets
import numpy as np
import pytest

from nncore import TrainingDivergedError, accuracy, predict, train
from nncore.widgets import deep_net_panel, shallow_net_panel
from nncore.widgets.controls import format_number
from nncore.widgets.trainer import MARKER, TRAINING


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
        set(shallow.timing) == {"train", "first", "total"}
        and shallow.timing["total"] >= shallow.timing["train"] > 0
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
    assert f"cost {format_number(history['cost'][-1], 4)}," in panel.status.value


def test_a_diverging_retrain_reports_the_message_instead_of_raising(split):
    X_train, Y_train, X_test, Y_test = split
    big = (1e3 * X_train, Y_train, 1e3 * X_test, Y_test)  # ReLU on huge inputs overflows fast
    panel = shallow_net_panel(
        {"big": big}, n_h=4, learning_rate=50, num_iterations=500, hidden_activation="relu", init="random"
    )
    assert isinstance(panel.error, TrainingDivergedError)
    expected = (f"{MARKER} data=big, n_h=4, learning_rate=50 → diverged at iteration "
                f"{panel.error.iteration}: the numbers grew too large to compute")
    assert panel.status.value.startswith(expected)
    assert panel.caption.value.startswith("<i>Training diverged at learning rate 50: ")
    assert "try 5," in panel.caption.value
    for words in (".parameters", "Error", "error's"):  # in words, no Python
        assert words not in panel.status.value + panel.caption.value
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
    # Full width, red: not a sliver at the iteration where it stopped.
    assert panel.progress.value == panel.progress.max == 500
    assert panel.error.iteration == len(panel.history["cost"])
    assert f"→ diverged at iteration {panel.error.iteration}" in panel.status.value


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


def test_displaying_a_panel_displays_its_widget_and_a_picture_for_where_none_can_run(shallow):
    import base64

    bundle = shallow._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == shallow.widget.model_id
    assert "image/png" not in bundle  # the picture is stored once, in text/html
    plain = bundle["text/plain"]
    assert plain.startswith("A retrain panel for a one-hidden-layer network (interactive: run the notebook")
    assert "hidden units 3" in plain and "learning rate 0.5" in plain and "VBox" not in plain
    assert plain.endswith("The picture shows the panel after its last run.")
    prefix = '<div class="nncore-panel-picture"><img src="data:image/png;base64,'
    assert bundle["text/html"].startswith(prefix)
    picture = bundle["text/html"][len(prefix):].split('"', 1)[0]
    assert base64.b64decode(picture).startswith(b"\x89PNG")
    assert "(interactive: run the notebook to move its controls)" in bundle["text/html"]


def test_every_retrain_gets_a_caption_from_the_run(split):
    X_train, Y_train, X_test, Y_test = split
    panel = shallow_net_panel({"blobs": split}, n_h=3, learning_rate=0.5, num_iterations=200)
    assert panel.caption in panel.widget.children
    assert "a good fit" in panel.caption.value
    flipped_test = (X_train, Y_train, X_test, 1 - Y_test)  # test labels flipped: train 100%, test 0%
    panel = shallow_net_panel({"odd": flipped_test}, n_h=3, learning_rate=0.5, num_iterations=200)
    assert "That is overfitting" in panel.caption.value


def test_the_status_says_training_while_it_trains(split):
    panel = deep_net_panel(*split, hidden_layers=(3,), num_iterations=100)
    seen = []
    panel.status.observe(lambda change: seen.append(change["new"]), names="value")
    panel.retrain()
    assert seen[0] == TRAINING and seen[-1].startswith(MARKER)


def test_the_bar_is_green_only_when_the_cost_fell(split, monkeypatch):
    panel = deep_net_panel(*split, hidden_layers=(3,), num_iterations=100, learning_rate=0.1,
                           hidden_activation="tanh", init="xavier")
    panel.retrain()
    assert panel.history["cost"][-1] < panel.history["cost"][0] and panel.progress.bar_style == "success"
    # A run whose cost ends above its start. Which real runs do that is chaotic (a large step's path changes
    # with the CPU's rounding), so the real run's history is replaced by a rising one of the same length.
    from nncore.widgets import trainer

    real_train = trainer.train

    def rising_train(*args, **kwargs):
        parameters, history = real_train(*args, **kwargs)
        return parameters, {**history, "cost": np.linspace(0.74, 0.79, history["cost"].size)}

    monkeypatch.setattr(trainer, "train", rising_train)
    rising = deep_net_panel(*split, hidden_layers=(3,), num_iterations=100, learning_rate=0.1,
                            hidden_activation="tanh", init="xavier")
    rising.retrain()
    assert rising.error is None and rising.progress.bar_style == "warning"
    assert "The cost rose from" in rising.caption.value


def test_the_learning_rate_readout_uses_the_one_number_format(shallow):
    slider = shallow.controls["learning_rate"]
    row = shallow.widget.children[0]
    (box,) = [child for child in row.children if isinstance(child, widgets.HBox)]
    readout = box.children[1]
    assert not slider.readout and readout.value == "0.5"
    slider.value = 0.0001 * 10
    assert readout.value == "0.001" and "learning_rate=0.001 →" in shallow.status.value
    readout.value = "1.2"  # typing into the readout moves the slider
    assert slider.value == pytest.approx(1.2) and "learning_rate=1.2 →" in shallow.status.value
    readout.value = "fast"
    assert readout.value == "1.2"


def test_the_first_picture_comes_early_then_the_full_run_replaces_it(split):
    drawn = []
    panel = shallow_net_panel({"blobs": split}, n_h=3, learning_rate=0.5, num_iterations=1000, preview=100)
    panel.output.observe(lambda change: drawn.append(change["new"]), names="outputs")
    panel.retrain()
    assert len(drawn) == 2
    assert 0 < panel.timing["first"] < panel.timing["total"]


def test_deep_panel_layers_are_wide_sliders_and_labels_are_not_cut(split):
    panel = deep_net_panel(*split, hidden_layers=(4, 3))
    assert all(isinstance(s, widgets.IntSlider) for s in panel.layer_box.children)
    assert panel.controls["hidden_activation"].style.description_width == "initial"
    for name in ("learning_rate", "num_iterations"):
        assert int(panel.controls[name].layout.width.rstrip("px")) >= 300


def test_deep_panel_saves_and_loads_through_nncore_io(split, tmp_path):
    panel = deep_net_panel(*split, hidden_layers=(4, 3), num_iterations=100, path=tmp_path / "net.h5")
    panel.controls["save"].click()
    assert panel.status.value.startswith("nothing to save yet")
    panel.retrain()
    trained = panel.parameters
    panel.controls["save"].click()
    assert (tmp_path / "net.h5").exists() and panel.status.value.startswith("saved layer_dims=[2, 4, 3, 1]")
    other = deep_net_panel(*split, hidden_layers=(7,), path=tmp_path / "net.h5")
    other.controls["load"].click()
    assert other.layer_dims == [2, 4, 3, 1]
    for key, value in trained.items():
        np.testing.assert_array_equal(other.parameters[key], value)
    loaded = f"loaded {tmp_path / 'net.h5'}: layer_dims=[2, 4, 3, 1], relu → train"
    assert other.status.value.startswith(loaded)
    other.controls["path"].value = str(tmp_path / "missing.h5")
    other.controls["load"].click()
    assert other.status.value.startswith("could not load")
