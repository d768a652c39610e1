"""The playground's model (nncore.playground), without any widget.

Nothing here is timed: play/pause are checked by what they do (the iteration counter moves,
then stops), with generous bounded waits. The last test proves the model needs no ipywidgets.
"""
import subprocess
import sys
import textwrap
import threading
import time

import numpy as np
import pytest

import nncore
from nncore.io import load_metadata, load_parameters
from nncore.playground import MAX_LAYERS, PlaygroundModel
from tests.helpers import wait_for


@pytest.fixture
def model():
    pm = PlaygroundModel(dataset="gaussian", hidden_layers=[3], hidden_activation="tanh", learning_rate=0.3,
                         rng=3, m=80)
    yield pm
    pm.pause()


def test_starts_at_iteration_zero_with_the_requested_network(model):
    assert model.iteration == 0
    assert model.layer_dims == [2, 3, 1]
    assert model.hidden_layers == [3] and model.hidden_activation == ["tanh"]
    assert model.activations == ["tanh", "sigmoid"]
    assert model.parameters["W1"].shape == (3, 2) and model.parameters["W2"].shape == (1, 3)
    assert model.X_train.shape[1] + model.X_test.shape[1] == 80
    assert model.X_train.shape[1] == 40  # train ratio 0.5


def test_settings_use_the_engines_argument_names(model):
    assert set(model.settings) == {
        "dataset",
        "noise",
        "train_ratio",
        "learning_rate",
        "init",
        "init_scale",
        "rng",
    }
    assert model.settings["learning_rate"] == 0.3 and model.settings["rng"] == 3


def test_step_runs_gradient_descent_like_train(model):
    start = {k: v.copy() for k, v in model.parameters.items()}
    model.step(30)
    assert model.iteration == 30
    # The same 30 iterations, run by nncore.train directly from the same start.
    expected, _ = nncore.train(model.X_train, model.Y_train, [2, 3, 1], 0.3, 30, "tanh", parameters=start)
    for key in expected:
        np.testing.assert_allclose(model.parameters[key], expected[key], rtol=1e-10, atol=1e-12)


def test_step_lowers_the_cost_and_records_train_and_test_curves(model):
    scores = model.step(200)
    h = model.history
    assert h["iteration"][0] == 0 and h["iteration"][-1] == 200
    assert len(h["train_cost"]) == len(h["test_cost"]) == len(h["iteration"])
    assert h["train_cost"][-1] < h["train_cost"][0]
    assert scores["train_accuracy"] > 0.9  # two well-separated blobs
    AL, _ = nncore.forward_propagation(model.X_test, model.parameters, "tanh")
    assert scores["test_cost"] == pytest.approx(nncore.compute_cost(AL, model.Y_test))


def test_evaluate_matches_the_engines_accuracies(model):
    model.step(50)
    scores = model.evaluate()
    data = (model.X_train, model.Y_train, model.X_test, model.Y_test)
    assert (scores["train_accuracy"], scores["test_accuracy"]) == nncore.accuracies(
        model.parameters, data, "tanh"
    )


def test_a_new_learning_rate_keeps_the_parameters(model):
    model.step(20)
    before = {k: v.copy() for k, v in model.parameters.items()}
    events = []
    model.add_listener(events.append)
    model.set(learning_rate=0.01)
    assert events == ["settings"] and model.iteration == 20
    for key in before:
        np.testing.assert_array_equal(model.parameters[key], before[key])
    model.step(1)
    expected, _ = nncore.train(model.X_train, model.Y_train, [2, 3, 1], 0.01, 1, "tanh", parameters=before)
    np.testing.assert_allclose(model.parameters["W1"], expected["W1"], rtol=1e-10)


@pytest.mark.parametrize("name, value", [("dataset", "xor"), ("noise", 0.5), ("train_ratio", 0.7),
                                         ("init", "he"), ("init_scale", 0.1), ("rng", 4)])
def test_other_settings_rebuild_the_network(model, name, value):
    model.step(20)
    events = []
    model.add_listener(events.append)
    model.set(**{name: value})
    assert events == ["reset"]
    assert model.settings[name] == value
    assert model.iteration == 0 and model.history["iteration"] == [0]


def test_reset_with_the_same_seed_repeats_the_run(model):
    first = {k: v.copy() for k, v in model.parameters.items()}
    X = model.X_train.copy()
    model.step(50)
    model.reset()
    assert model.iteration == 0
    np.testing.assert_array_equal(model.X_train, X)
    for key in first:
        np.testing.assert_array_equal(model.parameters[key], first[key])


def test_a_generator_becomes_one_repeatable_seed():
    pm = PlaygroundModel(rng=np.random.default_rng(7), m=40)
    assert isinstance(pm.settings["rng"], int)
    again = PlaygroundModel(rng=pm.settings["rng"], m=40)
    np.testing.assert_array_equal(pm.X_train, again.X_train)
    np.testing.assert_array_equal(pm.parameters["W1"], again.parameters["W1"])


def test_train_ratio_sets_the_split(model):
    model.set(train_ratio=0.8)
    assert model.X_train.shape[1] == 64 and model.X_test.shape[1] == 16


def test_init_scale_is_the_std_of_random_init(model):
    model.set_hidden_layers([16])
    model.set(init="random", init_scale=10.0)
    big = np.abs(model.parameters["W1"]).mean()
    model.set(init_scale=0.01)
    small = np.abs(model.parameters["W1"]).mean()
    assert big > 100 * small


def test_layers_can_be_added_and_removed_between_0_and_6(model):
    for _ in range(10):
        model.add_layer(5, "relu")
    assert len(model.hidden_layers) == MAX_LAYERS
    assert model.add_layer() is False
    assert model.layer_dims == [2, 3, 5, 5, 5, 5, 5, 1]
    assert model.hidden_activation == ["tanh"] + ["relu"] * 5
    for _ in range(10):
        model.remove_layer()
    assert model.hidden_layers == [] and model.layer_dims == [2, 1]
    assert model.remove_layer() is False
    model.step(5)  # logistic regression trains too
    assert model.iteration == 5


@pytest.mark.parametrize("name", list(nncore.ACTIVATIONS))
def test_every_activation_of_the_table_is_offered(model, name):
    model.set_hidden_layers([4, 3], [name, "tanh"])
    assert model.activations == [name, "tanh", "sigmoid"]
    model.step(10)
    expected, _ = nncore.forward_propagation(model.X_train, model.parameters, [name, "tanh"])
    assert model.scores["train_cost"] == pytest.approx(nncore.compute_cost(expected, model.Y_train))


@pytest.mark.parametrize("kwargs", [{"dataset": "moons"}, {"init": "orthogonal"}, {"learning_rate": 100.0},
                                    {"train_ratio": 1.0}, {"noise": -1.0}])
def test_bad_arguments_are_refused_with_the_valid_range(kwargs):
    with pytest.raises(ValueError, match="expected one of|must be in"):
        PlaygroundModel(**kwargs)


def test_unknown_setting_lists_the_valid_names(model):
    with pytest.raises(ValueError, match="seed.*learning_rate"):
        model.set(seed=4)


@pytest.mark.parametrize("units, activations", [([0], "tanh"), ([17], "tanh"), ([2.5], "tanh"),
                                                ([4] * 7, "tanh"), ([4], "softmax"), ([4, 4], ["tanh"])])
def test_bad_architectures_are_refused(model, units, activations):
    with pytest.raises(ValueError):
        model.set_hidden_layers(units, activations)


def test_play_trains_in_the_background_and_pause_stops_it(model):
    events = []
    model.add_listener(events.append)
    model.play()
    assert model.playing
    assert wait_for(lambda: model.iteration > 0), "play never advanced the iteration counter"
    model.pause()
    assert not model.playing
    stopped_at = model.iteration
    time.sleep(0.3)
    assert model.iteration == stopped_at
    assert "progress" in events and events[-1] == "stopped"
    assert "paused" in model.status_text() and f"iteration {stopped_at} " in model.status_text()


def test_play_keeps_training_across_a_learning_rate_change(model):
    model.play()
    assert wait_for(lambda: model.iteration > 0)
    model.set(learning_rate=0.05)
    reached = model.iteration
    assert wait_for(lambda: model.iteration > reached)
    model.pause()
    assert model.iteration > reached > 0


def _diverging(lr=10.0, init="random"):
    # Six wide ReLU layers with weights of std 10 amplify by about 40 per layer: alpha = 10 overflows
    # at once; He-initialized, alpha = 10 overflows within a few iterations.
    return PlaygroundModel(dataset="gaussian", hidden_layers=[16] * 6, hidden_activation="relu",
                           learning_rate=lr, init=init, init_scale=10.0, rng=0, m=40)


def test_divergence_stops_with_a_message_and_finite_parameters():
    pm = _diverging()
    pm.step(200)
    assert "Diverged" in pm.message and "lower" in pm.message
    assert pm.iteration < 200
    assert all(np.isfinite(v).all() for v in pm.parameters.values())


def test_after_a_divergence_the_iteration_shown_is_the_parameters_own():
    pm = _diverging(lr=1e-4, init="he")
    pm.step(50)  # fine at a tiny learning rate
    pm.set(learning_rate=10.0)
    pm.step(200)
    assert "Diverged" in pm.message and f"showing iteration {pm.iteration}" in pm.message
    assert 50 <= pm.iteration < 250
    assert pm.history["iteration"][-1] == pm.iteration
    # Rebuild the same start and train exactly pm.iteration iterations: the same parameters.
    again = _diverging(lr=1e-4, init="he")
    again.step(50)
    again.set(learning_rate=10.0)
    again.step(pm.iteration - 50)
    assert again.iteration == pm.iteration and again.message == ""
    for key, value in pm.parameters.items():
        np.testing.assert_array_equal(value, again.parameters[key])


def test_export_writes_hdf5_that_loads_back(model, tmp_path):
    model.step(40)
    path = model.export(tmp_path / "pg.h5")
    loaded = load_parameters(path)
    for key in model.parameters:
        np.testing.assert_array_equal(loaded[key], model.parameters[key])
    meta = load_metadata(path)
    assert meta["activations"] == ["tanh", "sigmoid"]
    assert meta["iteration"] == 40 and meta["dataset"] == "gaussian" and meta["layer_dims"] == [2, 3, 1]


def test_pause_from_another_thread_is_safe(model):
    model.play()
    assert wait_for(lambda: model.iteration > 0)
    stopper = threading.Thread(target=model.pause)
    stopper.start()
    stopper.join(10)
    assert not model.playing


def test_the_model_runs_without_ipywidgets():
    # A fresh interpreter in which `import ipywidgets` fails: the model must still train and export.
    script = textwrap.dedent("""
        import sys, tempfile, pathlib
        sys.modules["ipywidgets"] = None  # any import of it now raises ImportError
        from nncore.playground import PlaygroundModel
        pm = PlaygroundModel(dataset="xor", hidden_layers=[4], m=60, rng=1)
        scores = pm.step(30)
        with tempfile.TemporaryDirectory() as folder:
            pm.export(pathlib.Path(folder) / "x.h5")
        try:
            import ipywidgets
        except ImportError:
            print("blocked", pm.iteration, "ipywidgets" in sys.modules and sys.modules["ipywidgets"] is None)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["blocked", "30", "True"]


# ---------------------------------------------------------------- the lease: training stops when no one asks
def test_a_leased_play_stops_by_itself_when_the_lease_runs_out(model):
    model.play(lease=0.3)
    assert wait_for(lambda: model.iteration > 0)
    assert wait_for(lambda: not model.playing, timeout=5.0), "the lease ran out but training went on"
    stopped_at = model.iteration
    time.sleep(0.3)
    assert model.iteration == stopped_at
    assert "no one asked" in model.message


def test_keep_alive_renews_the_lease(model):
    model.play(lease=0.3)
    end = time.monotonic() + 1.2
    while time.monotonic() < end:  # a watcher ticking 10 times a second, four leases long
        model.keep_alive(0.3)
        time.sleep(0.1)
    assert model.playing, "a renewed lease must keep training"
    model.pause()
    assert not model.playing and model.message == ""


def test_keep_alive_never_starts_or_limits_an_unleased_play(model):
    model.keep_alive(0.1)
    assert not model.playing
    model.play()  # no lease: until pause
    model.keep_alive(0.05)
    time.sleep(0.4)
    assert model.playing


# ---------------------------------------------------------------- CSV data
def _csv(rows, header="x1,x2,label"):
    return (header + "\n" + "\n".join(",".join(map(str, r)) for r in rows) + "\n").encode()


GOOD_ROWS = [(i / 10, -i / 7, i % 2) for i in range(40)]


def test_load_csv_reads_columns_as_examples(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_bytes(_csv(GOOD_ROWS))
    X, Y = nncore.playground.load_csv(path)
    assert X.shape == (2, 40) and Y.shape == (1, 40)
    np.testing.assert_array_equal(X[:, 3], [0.3, -3 / 7])
    np.testing.assert_array_equal(Y[0, :4], [0, 1, 0, 1])
    X2, Y2 = nncore.playground.load_csv(path.read_bytes())
    np.testing.assert_array_equal(X, X2)


@pytest.mark.parametrize("content, words", [
    (_csv(GOOD_ROWS, header="a,b,c"), "x1,x2,label"),
    (_csv([(1, 2, 3)] * 12), "labels must be 0 or 1"),
    (_csv([(1, "nan", 0)] + GOOD_ROWS), "NaN or inf"),
    (_csv([]), "at least 10 rows"),
    (b"", "empty"),
    (_csv([(1, 2, 0)] * 20), "both labels"),
    (_csv([(1, 2)] + GOOD_ROWS), "expected 3 values"),
    (_csv([("one", 2, 0)] + GOOD_ROWS), "must be a number"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "not a CSV file"),
    (_csv(GOOD_ROWS * 200), "at most 5000"),
])
def test_bad_csv_files_say_what_is_wrong(content, words):
    with pytest.raises(ValueError, match=words.replace("(", r"\(")):
        nncore.playground.load_csv(content)


def test_a_model_trains_on_csv_data_split_by_the_ratio(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_bytes(_csv(GOOD_ROWS))
    pm = PlaygroundModel(path=path, train_ratio=0.75, rng=0)
    assert pm.settings["dataset"] == "csv" and pm.data_source == str(path)
    assert pm.X_train.shape[1] == 30 and pm.X_test.shape[1] == 10
    pm.step(20)
    assert pm.iteration == 20


def test_a_bad_file_leaves_the_model_as_it_was(model):
    before = model.X_train.copy()
    with pytest.raises(ValueError, match="labels must be 0 or 1"):
        model.load_data(_csv([(1, 2, 3)] * 12))
    assert model.settings["dataset"] == "gaussian" and np.array_equal(model.X_train, before)
    with pytest.raises(ValueError, match="load a CSV file first"):
        model.set(dataset="csv")


# ---------------------------------------------------------------- the setup as text
def test_state_json_rebuilds_the_same_run_bit_for_bit():
    pm = PlaygroundModel(dataset="xor", noise=0.3, train_ratio=0.6, hidden_layers=[5, 3],
                         hidden_activation=["relu", "tanh"], learning_rate=0.1, init="he", rng=11, m=120)
    pm.play()  # chunks of whatever size the clock gives: the same iterations as one step()
    assert wait_for(lambda: pm.iteration >= 300)
    pm.pause()
    text = pm.state_json()
    assert len(text) < 400 and '"learning_rate":0.1' in text
    again = PlaygroundModel.from_state(text, replay=True)
    assert again.iteration == pm.iteration and again.state() == pm.state()
    for key, value in pm.parameters.items():
        np.testing.assert_array_equal(value, again.parameters[key])
    np.testing.assert_array_equal(pm.X_test, again.X_test)


def test_state_of_csv_data_names_it_and_checks_it(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_bytes(_csv(GOOD_ROWS))
    pm = PlaygroundModel(path=path, rng=2)
    state = pm.state()
    assert state["data"]["source"] == str(path)
    assert PlaygroundModel.from_state(state).X_train.shape == pm.X_train.shape
    path.write_bytes(_csv(GOOD_ROWS[::-1]))
    with pytest.raises(ValueError, match="SHA-256"):
        PlaygroundModel.from_state(state)


@pytest.mark.parametrize("text, words", [
    ("{not json", "not valid JSON"),
    ("[1, 2]", "JSON object"),
    ('{"speed": 3}', "unknown key"),
    ('{"learning_rate": "fast"}', "learning_rate must be a number"),
    ('{"iteration": -5}', "iteration must be an integer"),
    ('{"version": 99}', "version"),
])
def test_bad_states_are_refused(text, words):
    with pytest.raises((ValueError, TypeError), match=words):
        PlaygroundModel.from_state(text)


def test_load_state_takes_over_a_setup(model):
    other = PlaygroundModel(dataset="sine", hidden_layers=[2, 2, 2], rng=5, learning_rate=1.0)
    model.step(10)
    model.load_state(other.state_json())
    assert model.iteration == 0 and model.state() == other.state()


# ---------------------------------------------------------------- constructor checks
@pytest.mark.parametrize("kwargs, error, words", [
    ({"learning_rate": "fast"}, TypeError, "learning_rate must be a number"),
    ({"rng": -1}, ValueError, "never negative"),
    ({"rng": "seed"}, TypeError, "integer seed"),
    ({"m": 3}, ValueError, "m .the number of examples"),
    ({"dataset": "csv"}, ValueError, "load a CSV file first"),
])
def test_bad_constructor_arguments_get_clear_errors(kwargs, error, words):
    with pytest.raises(error, match=words):
        PlaygroundModel(**kwargs)


def test_function_boundaries_are_playground_data_sets():
    for name in ("sine", "cubic", "abs"):
        pm = PlaygroundModel(dataset=name, hidden_layers=[6], rng=0, m=200)
        assert pm.X_train.shape == (2, 100)


def test_forward_all_gives_every_layers_output(model):
    model.set_hidden_layers([3, 5], ["relu", "tanh"])
    A = model.forward_all(model.X_test)
    assert [a.shape for a in A] == [(3, 40), (5, 40), (1, 40)]
    AL, A1 = model.forward(model.X_test)
    np.testing.assert_array_equal(A[0], A1)
    np.testing.assert_array_equal(A[-1], AL)


def test_settings_are_declared_once_in_the_table():
    import inspect

    from nncore.playground import SETTINGS
    from nncore.widgets import Playground

    model_args = inspect.signature(PlaygroundModel).parameters
    widget_args = inspect.signature(Playground).parameters
    for setting in SETTINGS:
        # The table's default is the constructors' default, and the model starts from it.
        assert model_args[setting.name].default == setting.default, setting.name
        assert widget_args[setting.name].default == setting.default, setting.name
    model = PlaygroundModel(m=40)
    assert list(model.settings) == [s.name for s in SETTINGS]
    assert set(model.state()) >= {s.name for s in SETTINGS}
    # Each row's check refuses a value outside its bounds, naming the setting.
    for setting in SETTINGS:
        bad = "no such choice" if setting.control == "choice" else -1
        with pytest.raises((ValueError, TypeError), match=setting.name if setting.name != "rng" else "seed"):
            model.set(**{setting.name: bad})
