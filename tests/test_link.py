"""nncore.link: a setup -> query string -> the same setup; bad values refused one by one, as the API does."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nncore.link import LINK_KEYS, MAX_REPLAY, playground_defaults, query_for, read_query
from nncore.playground import PlaygroundModel


def test_defaults_are_the_models_own():
    model = PlaygroundModel()
    defaults = playground_defaults()
    assert {k: defaults[k] for k in model.settings} == model.settings
    assert list(defaults["hidden_layers"]) == model.hidden_layers
    assert "path" not in defaults and LINK_KEYS[-1] == "iteration"


def test_an_empty_link_is_the_default_setup():
    state, refusals = read_query("")
    assert refusals == []
    assert state == {**PlaygroundModel().state(), "iteration": 0}


def test_a_setup_survives_the_round_trip():
    model = PlaygroundModel(dataset="xor", noise=0.35, hidden_layers=(3, 5, 2),
                            hidden_activation=["relu", "tanh", "sigmoid"], learning_rate=0.1234567891234,
                            init="he", rng=4242, m=120, train_ratio=0.7)
    model.step(30)
    state, refusals = read_query("?" + query_for(model.state()))
    assert refusals == []
    assert state == model.state()


@settings(max_examples=25, deadline=None)
@given(learning_rate=st.floats(1e-4, 10.0), noise=st.floats(0.0, 2.0), rng=st.integers(0, 2 ** 32 - 1))
def test_floats_and_seeds_travel_exactly(learning_rate, noise, rng):
    model = PlaygroundModel(learning_rate=learning_rate, noise=noise, rng=rng, m=20)
    state, refusals = read_query(query_for(model.state()))
    assert refusals == []
    assert (state["learning_rate"], state["noise"], state["rng"]) == (learning_rate, noise, rng)


def test_replay_to_the_linked_iteration_is_bit_for_bit():
    model = PlaygroundModel(dataset="spiral", hidden_layers=(5, 3), learning_rate=0.5, rng=11)
    model.step(137)
    state, _ = read_query(query_for(model.state()))
    replayed = PlaygroundModel.from_state(state, replay=True)
    assert replayed.iteration == 137
    for key, value in model.parameters.items():
        np.testing.assert_array_equal(replayed.parameters[key], value)


def _api_message(**kwargs):
    with pytest.raises((ValueError, TypeError)) as error:
        PlaygroundModel(**kwargs)
    return str(error.value)


@pytest.mark.parametrize("key, text, python_value", [
    ("noise", "abc", "abc"),
    ("noise", "7", 7),
    ("learning_rate", "nan", float("nan")),
    ("learning_rate", "inf", float("inf")),
    ("rng", "-3", -3),
    ("rng", "1e3", 1e3),
    ("dataset", "<script>alert(1)</script>", "<script>alert(1)</script>"),
    ("init", "zeros!", "zeros!"),
    ("m", "3", 3),
])
def test_a_bad_value_gets_the_apis_refusal_and_the_default(key, text, python_value):
    from urllib.parse import urlencode

    state, refusals = read_query(urlencode({key: text, "hidden_layers": "3", "learning_rate": "0.05"}
                                           if key != "learning_rate" else {key: text, "hidden_layers": "3"}))
    assert len(refusals) == 1, refusals
    assert _api_message(**{key: python_value}) in refusals[0]
    assert "Using the default, " in refusals[0]
    default = playground_defaults()[key]
    assert state[key] == default
    assert state["hidden_layers"] == [3]  # the rest of the link still applies
    if key != "learning_rate":
        assert state["learning_rate"] == 0.05


def test_bad_layers_are_refused_with_the_apis_message():
    state, refusals = read_query("hidden_layers=4,99&hidden_activation=tanh")
    assert len(refusals) == 1 and "1 to 16 units" in refusals[0]
    assert state["hidden_layers"] == list(playground_defaults()["hidden_layers"])
    state, refusals = read_query("hidden_activation=softmaxx")
    assert len(refusals) == 1 and "unknown hidden activation 'softmaxx'" in refusals[0]
    state, refusals = read_query("hidden_layers=")  # no hidden layer: logistic regression
    assert refusals == [] and state["hidden_layers"] == []


@pytest.mark.parametrize("query, says", [
    ("foo=1", "'foo' is not a playground setting"),
    ("noise=0.1&noise=0.3", "more than once"),
    ("noise=" + "1" * 500, "characters long"),
    ("&".join(f"k{i}=1" for i in range(2000)), "All of it was ignored"),
    ("rng=" + "9" * 150, "rng (the seed) must be an integer"),
    (f"iteration={MAX_REPLAY + 1}", "integer in [0,"),
    ("iteration=-1", "integer in [0,"),
    ("iteration=2.5", "integer in [0,"),
    ("dataset=csv", 'dataset "csv" needs data'),
])
def test_hostile_links_are_refused_not_raised(query, says):
    state, refusals = read_query(query)
    assert len(refusals) == 1 and says in refusals[0], refusals
    assert state["noise"] == playground_defaults()["noise"]
    assert state["iteration"] == 0
