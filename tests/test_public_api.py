"""Every public function of nncore checks its input, leaves its input alone, and warns nothing.

``BAD_INPUTS`` lists, for every function in ``nncore.__all__``, calls with bad input and the error
each must raise (type and words of the message). ``test_every_public_function_has_bad_input_cases``
fails as soon as a function is added to ``__all__`` without cases here.

Out of scope for the registry: the classes in ``__all__`` (``LayerCache``, ``LinearCache``,
``TrainingDivergedError``), the constants (``ACTIVATIONS``, ``INIT_METHODS``) and the submodules
``nncore.datasets`` and ``nncore.io`` (their public functions that ``__all__`` re-exports are here;
their other functions have tests in tests/test_io*.py and tests/test_datasets.py). ``nncore.check``
is not in ``__all__``.
"""
import copy
import inspect
import math
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

import nncore
from nncore.datasets import DataFileError
from nncore.memory import MemoryBudgetError

PUBLIC_FUNCTIONS = sorted(name for name in nncore.__all__ if inspect.isfunction(getattr(nncore, name)))

# --------------------------------------------------------------------------- valid inputs

_rng = np.random.default_rng(12)
X = _rng.normal(size=(2, 8))
Y = (X[0:1] > 0).astype(float)  # (1, 8), both labels present
P = nncore.initialize_parameters([2, 3, 1], rng=0)  # W1 (3, 2), b1 (3, 1), W2 (1, 3), b2 (1, 1)
AL, CACHES = nncore.forward_propagation(X, P)
GRADS = nncore.backward_propagation(AL, Y, CACHES)
Z = np.linspace(-3, 3, 12).reshape(3, 4)
DZ = np.ones((3, 4))
A_PREV = X[:, :4]
W, B = P["W1"], P["b1"]
Z1, LIN = nncore.linear_forward(A_PREV, W, B)
A1, LAYER = nncore.linear_activation_forward(A_PREV, W, B, "relu")
THETA = nncore.parameters_to_vector(P)


def with_nan(parameters, key="W1"):
    out = {k: v.copy() for k, v in parameters.items()}
    out[key][0, 0] = np.nan
    return out


def with_inf(a):
    a = np.array(a, dtype=float)
    a.flat[0] = np.inf
    return a


def with_nan_at_0(a):
    a = np.array(a, dtype=float)
    a.flat[0] = np.nan
    return a


P_LISTS = {k: v.tolist() for k, v in P.items()}
P_INT = {k: v.astype(int) for k, v in P.items()}
GRADS_BROADCAST = {**GRADS, "dW1": GRADS["dW1"][:1]}  # (1, 2) broadcasts against W1 (3, 2)
NUMERIC_ERRORS = (ValueError, TypeError)


def _save(tmp_path, *args, **kwargs):
    return nncore.save_parameters(tmp_path / "p.h5", *args, **kwargs)


# --------------------------------------------------------------------------- bad inputs

# name -> [(label, call(tmp_path), exception type(s), words that must appear in the message)]
BAD_INPUTS = {
    "accuracies": [
        ("data not a 4-tuple", lambda t: nncore.accuracies(P, (X, Y)), TypeError, "X_train, Y_train"),
        ("NaN parameters", lambda t: nncore.accuracies(with_nan(P), (X, Y, X, Y)), ValueError, "NaN"),
        ("transposed X", lambda t: nncore.accuracies(P, (X.T, Y, X, Y)), ValueError, "transposed"),
    ],
    "accuracy": [
        ("probabilities", lambda t: nncore.accuracy(AL, Y), ValueError, "probabilities"),
        ("1-D predictions", lambda t: nncore.accuracy(np.zeros(8), Y), ValueError, "reshape(1, -1)"),
        ("strings", lambda t: nncore.accuracy(np.array([["a"] * 8]), Y), TypeError, "0/1"),
        ("labels of 2", lambda t: nncore.accuracy(np.zeros((1, 8)), 2 * Y), ValueError, "0/1"),
        ("m differs", lambda t: nncore.accuracy(np.zeros((1, 7)), Y), ValueError, "(1, 7)"),
    ],
    "backward_propagation": [
        ("Y as a column", lambda t: nncore.backward_propagation(AL, Y.T, CACHES), ValueError, "transposed"),
        ("labels of 2", lambda t: nncore.backward_propagation(AL, 2 * Y, CACHES), ValueError, "0/1"),
        ("NaN AL", lambda t: nncore.backward_propagation(with_nan_at_0(AL), Y, CACHES), ValueError, "NaN"),
        ("AL outside [0, 1]", lambda t: nncore.backward_propagation(AL + 1, Y, CACHES), ValueError, "[0, 1]"),
        ("AL of another m", lambda t: nncore.backward_propagation(AL[:, :4], Y[:, :4], CACHES), ValueError,
         "(1, 8)"),
        ("caches not a list", lambda t: nncore.backward_propagation(AL, Y, None), TypeError, "caches"),
        ("a cache that is not one", lambda t: nncore.backward_propagation(AL, Y, [5, 6]),
         TypeError, "LayerCache"),
    ],
    "compute_cost": [
        ("NaN AL", lambda t: nncore.compute_cost(np.full((1, 8), np.nan), Y), ValueError, "8 NaN"),
        ("string AL", lambda t: nncore.compute_cost(np.array([["a"] * 8]), Y), TypeError, "numbers"),
        ("AL above 1", lambda t: nncore.compute_cost(AL + 1, Y), ValueError, "[0, 1]"),
        ("1-D AL", lambda t: nncore.compute_cost(AL[0], Y), ValueError, "reshape(1, -1)"),
        ("Y transposed", lambda t: nncore.compute_cost(AL, Y.T), ValueError, "transposed"),
    ],
    "cost_backward": [
        ("NaN AL", lambda t: nncore.cost_backward(np.full((1, 8), np.nan), Y), ValueError, "NaN"),
        ("labels of 2", lambda t: nncore.cost_backward(AL, 2 * Y), ValueError, "0/1"),
        ("string AL", lambda t: nncore.cost_backward("0.5", Y), TypeError, "numbers"),
    ],
    "forward_propagation": [
        ("NaN parameters", lambda t: nncore.forward_propagation(X, with_nan(P)),
         ValueError, "W1 contains NaN"),
        ("parameters as lists", lambda t: nncore.forward_propagation(X, P_LISTS), TypeError, "NumPy array"),
        ("float16 overflow", lambda t: nncore.forward_propagation(
            X * 1e5, {k: v.astype(np.float16) for k, v in P.items()}), ValueError, "overflow"),
        ("hidden_activation=None", lambda t: nncore.forward_propagation(X, P, hidden_activation=None),
         TypeError,
         "activation name"),
        ("transposed X", lambda t: nncore.forward_propagation(X.T, P), ValueError, "transposed"),
        ("output overflows", lambda t: nncore.forward_propagation(
            X * 100, {**P, "W1": np.full((3, 2), 1e308)}), FloatingPointError, "overflowed"),
    ],
    "get_activation": [
        ("unknown name", lambda t: nncore.get_activation("relux"), ValueError, "'relu'"),
        ("None", lambda t: nncore.get_activation(None), ValueError, "'sigmoid'"),
        ("a list", lambda t: nncore.get_activation(["relu"]), ValueError, "expected one of"),
    ],
    "gradient_check": [
        ("epsilon=0", lambda t: nncore.gradient_check(X, Y, P, epsilon=0), ValueError, "epsilon"),
        ("string epsilon", lambda t: nncore.gradient_check(X, Y, P, epsilon="1e-7"), ValueError, "epsilon"),
        ("NaN parameters", lambda t: nncore.gradient_check(X, Y, with_nan(P)), ValueError, "NaN"),
        ("NaN X", lambda t: nncore.gradient_check(with_nan_at_0(X), Y, P), ValueError, "NaN"),
        ("tanh output", lambda t: nncore.gradient_check(X, Y, {**P, "b2": P["b2"] - 5},
                                                        output_activation="tanh"), ValueError, "probability"),
    ],
    "initialize_parameters": [
        ("dtype=int", lambda t: nncore.initialize_parameters([2, 3, 1], dtype=int), TypeError, "float"),
        ("too big", lambda t: nncore.initialize_parameters([50_000, 50_000, 1]),
         MemoryBudgetError, "max_bytes="),
        ("string scale", lambda t: nncore.initialize_parameters([2, 1], method="random", scale="big"),
         ValueError, "scale"),
        ("rng=-1", lambda t: nncore.initialize_parameters([2, 1], rng=-1), TypeError, "rng"),
        ("unknown method", lambda t: nncore.initialize_parameters([2, 1], method="glorot"),
         ValueError, "'he'"),
        ("layer_dims with 0", lambda t: nncore.initialize_parameters([2, 0, 1]), ValueError, "positive"),
    ],
    "layer_dims_of": [
        ("not a dict", lambda t: nncore.layer_dims_of([P["W1"]]), TypeError, "dict"),
        ("lists", lambda t: nncore.layer_dims_of(P_LISTS), TypeError, "NumPy array"),
        ("shapes do not chain", lambda t: nncore.layer_dims_of({**P, "W2": np.ones((1, 4))}), ValueError,
         "must match"),
    ],
    "leaky_relu": [
        ("NaN", lambda t: nncore.leaky_relu(np.array([np.nan])), ValueError, "NaN"),
        ("strings", lambda t: nncore.leaky_relu("a"), TypeError, "numbers"),
        ("string slope", lambda t: nncore.leaky_relu(Z, slope="x"), ValueError, "slope"),
    ],
    "leaky_relu_backward": [
        ("shapes differ", lambda t: nncore.leaky_relu_backward(DZ[:, :2], Z), ValueError, "shape of Z"),
        ("inf dA", lambda t: nncore.leaky_relu_backward(with_inf(DZ), Z), ValueError, "inf"),
        ("NaN slope", lambda t: nncore.leaky_relu_backward(DZ, Z, slope=np.nan), ValueError, "slope"),
    ],
    "linear_activation_backward": [
        ("dA of the wrong shape", lambda t: nncore.linear_activation_backward(DZ[:, :2], LAYER), ValueError,
         "shape"),
        ("a LinearCache", lambda t: nncore.linear_activation_backward(DZ, LIN), TypeError, "LayerCache"),
        ("NaN dA", lambda t: nncore.linear_activation_backward(with_nan_at_0(DZ), LAYER), ValueError, "NaN"),
        ("need_dA_prev='yes'", lambda t: nncore.linear_activation_backward(DZ, LAYER, "yes"), TypeError,
         "True or False"),
    ],
    "linear_activation_forward": [
        ("unknown activation", lambda t: nncore.linear_activation_forward(A_PREV, W, B, "soft"), ValueError,
         "expected one of"),
        ("transposed A_prev", lambda t: nncore.linear_activation_forward(A_PREV.T, W, B, "relu"), ValueError,
         "transposed"),
        ("W as a list", lambda t: nncore.linear_activation_forward(A_PREV, W.tolist(), B, "relu"), TypeError,
         "NumPy array"),
    ],
    "linear_backward": [
        ("dZ of the wrong shape", lambda t: nncore.linear_backward(DZ.T, LIN), ValueError, "(3, 4)"),
        ("not a cache", lambda t: nncore.linear_backward(DZ, 5), TypeError, "LinearCache"),
        ("NaN in the cache",
         lambda t: nncore.linear_backward(DZ, nncore.LinearCache(A_PREV, with_nan_at_0(W), B)),
         ValueError, "NaN"),
    ],
    "linear_forward": [
        ("b as a row", lambda t: nncore.linear_forward(A_PREV, W, B.T), ValueError, "reshape(-1, 1)"),
        ("NaN W", lambda t: nncore.linear_forward(A_PREV, with_nan_at_0(W), B), ValueError, "NaN"),
        ("int W", lambda t: nncore.linear_forward(A_PREV, W.astype(int), B), TypeError, "float"),
        ("A_prev of the wrong size", lambda t: nncore.linear_forward(X[:1], W, B), ValueError, "n[l-1]"),
    ],
    "load_dataset": [
        ("unknown name", lambda t: nncore.load_dataset("no-such-set"),
         FileNotFoundError, "built-in data sets"),
        ("not a file", lambda t: nncore.load_dataset(t / "missing.h5"), FileNotFoundError, "missing.h5"),
        ("max_bytes=0", lambda t: nncore.load_dataset("digits", max_bytes=0), ValueError, "max_bytes"),
    ],
    "load_parameters": [
        ("missing file", lambda t: nncore.load_parameters(t / "none.h5"), FileNotFoundError, "none.h5"),
        ("not HDF5", lambda t: (t.joinpath("x.h5").write_bytes(b"hello"), nncore.load_parameters(t / "x.h5")),
         DataFileError, "x.h5"),
        ("max_bytes=-1", lambda t: nncore.load_parameters(_save(t, P), max_bytes=-1),
         ValueError, "max_bytes"),
    ],
    "make_dataset": [
        ("unknown name", lambda t: nncore.make_dataset("moons"), ValueError, "flower"),
        ("m=0", lambda t: nncore.make_dataset("flower", m=0), ValueError, "m"),
        ("negative noise", lambda t: nncore.make_dataset("flower", noise=-1), ValueError, "noise"),
    ],
    "num_layers": [
        ("not a dict", lambda t: nncore.num_layers([1, 2]), TypeError, "dict"),
        ("None", lambda t: nncore.num_layers(None), TypeError, "dict"),
    ],
    "parameters_to_vector": [
        ("NaN", lambda t: nncore.parameters_to_vector(with_nan(P, "b2")), ValueError, "b2 contains NaN"),
        ("lists", lambda t: nncore.parameters_to_vector(P_LISTS), TypeError, "NumPy array"),
        ("ints", lambda t: nncore.parameters_to_vector(P_INT), TypeError, "float"),
    ],
    "predict": [
        ("NaN parameters", lambda t: nncore.predict(X, with_nan(P)), ValueError, "NaN"),
        ("lists", lambda t: nncore.predict(X, P_LISTS), TypeError, "NumPy array"),
        ("float32 overflow", lambda t: nncore.predict(
            X * 1e39, {k: v.astype(np.float32) for k, v in P.items()}), ValueError, "overflow"),
        ("hidden_activation=None", lambda t: nncore.predict(X, P, hidden_activation=None), TypeError, "name"),
        ("output overflows", lambda t: nncore.predict(X * 100, {**P, "W1": np.full((3, 2), 1e308)}),
         FloatingPointError, "overflowed"),
    ],
    "relu": [
        ("inf", lambda t: nncore.relu(np.array([1.0, np.inf])), ValueError, "inf"),
        ("object array", lambda t: nncore.relu(np.array([1, None])), TypeError, "numbers"),
    ],
    "relu_backward": [
        ("shapes differ", lambda t: nncore.relu_backward(DZ.T, Z), ValueError, "shape of Z"),
        ("NaN Z", lambda t: nncore.relu_backward(DZ, with_nan_at_0(Z)), ValueError, "NaN"),
    ],
    "save_parameters": [
        ("NaN parameters", lambda t: _save(t, with_nan(P)), ValueError, "NaN"),
        ("lists", lambda t: _save(t, P_LISTS), TypeError, "NumPy array"),
        ("not a dict", lambda t: _save(t, [P["W1"]]), TypeError, "dict"),
    ],
    "sigmoid": [
        ("NaN", lambda t: nncore.sigmoid(np.array([[np.nan]])), ValueError, "NaN"),
        ("string", lambda t: nncore.sigmoid("0"), TypeError, "numbers"),
    ],
    "sigmoid_backward": [
        ("A of another shape", lambda t: nncore.sigmoid_backward(DZ, Z, A=Z[:, :1]),
         ValueError, "shape of Z"),
        ("inf dA", lambda t: nncore.sigmoid_backward(with_inf(DZ), Z), ValueError, "inf"),
    ],
    "tanh": [
        ("-inf", lambda t: nncore.tanh(np.array([-np.inf])), ValueError, "inf"),
        ("strings", lambda t: nncore.tanh(["a"]), TypeError, "numbers"),
    ],
    "tanh_backward": [
        ("shapes differ", lambda t: nncore.tanh_backward(DZ[:1], Z), ValueError, "shape of Z"),
        ("NaN A", lambda t: nncore.tanh_backward(DZ, Z, A=with_nan_at_0(Z)), ValueError, "NaN"),
    ],
    "train": [
        ("callback=5", lambda t: nncore.train(X, Y, [2, 3, 1], callback=5), TypeError, "callback"),
        ("hidden_activation=None", lambda t: nncore.train(X, Y, [2, 3, 1], hidden_activation=None), TypeError,
         "activation name"),
        ("string learning rate", lambda t: nncore.train(X, Y, [2, 3, 1], learning_rate="fast"), ValueError,
         "not a string"),
        ("transposed X", lambda t: nncore.train(X.T, Y, [2, 3, 1]), ValueError, "transposed"),
        ("too big", lambda t: nncore.train(X, Y, [2, 200_000, 1], num_iterations=1, max_bytes=2**20),
         MemoryBudgetError, "max_bytes="),
        ("NaN warm start", lambda t: nncore.train(X, Y, [2, 3, 1], parameters=with_nan(P)),
         ValueError, "NaN"),
        ("callback returns an array", lambda t: nncore.train(X, Y, [2, 3, 1], num_iterations=2,
                                                             callback=lambda i, p, c: np.ones(2)), TypeError,
         "callback must return"),
    ],
    "update_parameters": [
        ("string learning rate", lambda t: nncore.update_parameters(P, GRADS, "0.1"),
         ValueError, "learning_rate"),
        ("NaN learning rate", lambda t: nncore.update_parameters(P, GRADS, np.nan),
         ValueError, "learning_rate"),
        ("negative learning rate", lambda t: nncore.update_parameters(P, GRADS, -0.1), ValueError, "> 0"),
        ("broadcastable dW1", lambda t: nncore.update_parameters(P, GRADS_BROADCAST, 0.1), ValueError,
         "shape of W1"),
        ("missing db2",
         lambda t: nncore.update_parameters(P, {k: v for k, v in GRADS.items() if k != "db2"}, 0.1),
         ValueError, "'db2'"),
        ("NaN parameters", lambda t: nncore.update_parameters(with_nan(P), GRADS, 0.1), ValueError, "NaN"),
        ("NaN gradient", lambda t: nncore.update_parameters(P, with_nan(GRADS, "dW2"), 0.1), ValueError,
         "dW2 contains NaN"),
        ("lists", lambda t: nncore.update_parameters(P_LISTS, GRADS, 0.1), TypeError, "NumPy array"),
        ("a step that overflows", lambda t: nncore.update_parameters(
            {**P, "W1": np.full((3, 2), 1e308)}, {**GRADS, "dW1": np.full((3, 2), -1e308)}, 10.0),
         FloatingPointError, "overflowed"),
    ],
    "vector_to_parameters": [
        ("wrong length", lambda t: nncore.vector_to_parameters(THETA[:-1], P),
         ValueError, f"{THETA.size} entries"),
        ("NaN theta", lambda t: nncore.vector_to_parameters(with_nan_at_0(THETA), P), ValueError, "NaN"),
        ("2-D theta", lambda t: nncore.vector_to_parameters(THETA.reshape(1, -1), P), ValueError, "1-D"),
    ],
}

CASES = [(name, *case) for name, cases in BAD_INPUTS.items() for case in cases]


def test_every_public_function_has_bad_input_cases():
    assert PUBLIC_FUNCTIONS, "nncore.__all__ lists no function?"
    missing = sorted(set(PUBLIC_FUNCTIONS) - set(BAD_INPUTS))
    assert not missing, f"public functions without bad-input cases in BAD_INPUTS: {missing}"
    stale = sorted(set(BAD_INPUTS) - set(PUBLIC_FUNCTIONS))
    assert not stale, f"BAD_INPUTS names functions that are not public: {stale}"
    assert all(len(cases) >= 2 for cases in BAD_INPUTS.values())


@pytest.mark.filterwarnings("error::RuntimeWarning")
@pytest.mark.parametrize("name, label, call, error, words", CASES,
                         ids=[f"{name}: {label}" for name, label, *_ in CASES])
def test_bad_input_gets_a_clear_error(tmp_path, name, label, call, error, words):
    with pytest.raises(error) as info:
        call(tmp_path)
    assert words in str(info.value), f"{words!r} not in the message: {info.value}"


# --------------------------------------------------------------------------- valid calls

def _tiny_train():
    return (X, Y, [2, 3, 1]), {"learning_rate": 0.1, "num_iterations": 5, "rng": 0}


# name -> call(tmp_path) returning (args, kwargs) of a valid call. The inputs include edge cases that
# once produced RuntimeWarnings (overflow in exp, log of 0).
VALID = {
    "accuracies": lambda t: ((P, (X, Y, X, Y)), {}),
    "accuracy": lambda t: ((np.ones((1, 8), dtype=int), Y), {}),
    "backward_propagation": lambda t: ((AL, Y, CACHES), {}),
    "compute_cost": lambda t: ((np.array([[0.0, 1.0, 0.5]]), np.array([[1.0, 0.0, 1.0]])), {}),
    "cost_backward": lambda t: ((np.array([[0.0, 1.0, 0.5]]), np.array([[1.0, 0.0, 1.0]])), {}),
    "forward_propagation": lambda t: ((X * 1e3, P), {"hidden_activation": "tanh"}),
    "get_activation": lambda t: (("tanh",), {}),
    "gradient_check": lambda t: ((X[:, :4], Y[:, :4], P), {"hidden_activation": "tanh"}),
    "initialize_parameters": lambda t: (([2, 3, 1],), {"rng": 0, "dtype": np.float32}),
    "layer_dims_of": lambda t: ((P,), {}),
    "leaky_relu": lambda t: ((Z,), {}),
    "leaky_relu_backward": lambda t: ((DZ, Z), {}),
    "linear_activation_backward": lambda t: ((DZ, LAYER), {}),
    "linear_activation_forward": lambda t: ((A_PREV, W, B, "sigmoid"), {}),
    "linear_backward": lambda t: ((DZ, LIN), {}),
    "linear_forward": lambda t: ((A_PREV, W, B), {}),
    "load_dataset": lambda t: (("digits",), {"positive": 3}),
    "load_parameters": lambda t: ((_save(t, P),), {}),
    "make_dataset": lambda t: (("flower",), {"m": 20, "rng": 0}),
    "num_layers": lambda t: ((P,), {}),
    "parameters_to_vector": lambda t: ((P,), {}),
    "predict": lambda t: ((X * 1e6, P), {}),
    "relu": lambda t: ((Z,), {}),
    "relu_backward": lambda t: ((DZ, Z), {}),
    "save_parameters": lambda t: ((t / "q.h5", P), {"note": "ok"}),
    "sigmoid": lambda t: ((np.array([-1000.0, 0.0, 1000.0]),), {}),
    "sigmoid_backward": lambda t: ((DZ, Z), {}),
    "tanh": lambda t: ((np.array([-1000.0, 1000.0]),), {}),
    "tanh_backward": lambda t: ((DZ, Z), {"A": np.tanh(Z)}),
    "train": lambda t: _tiny_train(),
    "update_parameters": lambda t: ((P, GRADS, 0.1), {}),
    "vector_to_parameters": lambda t: ((THETA, P), {}),
}


def _same(a, b):
    """Deep equality that compares arrays by dtype, shape and every value (NaN equal to NaN)."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.dtype == b.dtype
                and a.shape == b.shape and np.array_equal(a, b, equal_nan=a.dtype.kind == "f"))
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def test_every_public_function_has_a_valid_call():
    assert sorted(VALID) == PUBLIC_FUNCTIONS


@pytest.mark.filterwarnings("error::RuntimeWarning")
@pytest.mark.parametrize("name", PUBLIC_FUNCTIONS)
def test_no_public_call_mutates_its_input_or_warns(tmp_path, name):
    args, kwargs = VALID[name](tmp_path)
    before = copy.deepcopy((args, kwargs))
    getattr(nncore, name)(*args, **kwargs)  # a RuntimeWarning is an error here (filterwarnings)
    assert _same((args, kwargs), before), f"{name} modified its input"


def test_the_mutation_check_can_fail():
    args = ({"W1": np.zeros((2, 2))},)
    before = copy.deepcopy(args)
    args[0]["W1"][0, 0] = 1.0
    assert not _same(args, before)


# --------------------------------------------------------------------------- defects of issue 12

def test_callback_returning_numpy_false_stops_training():
    seen = []

    def stop_at_3(i, parameters, cost):
        seen.append(i)
        return np.bool_(i < 3)  # np.False_ at i = 3

    _, history = nncore.train(X, Y, [2, 3, 1], num_iterations=20, rng=0, callback=stop_at_3)
    assert seen == [0, 1, 2, 3]
    assert history["cost"].size == 4


@pytest.mark.parametrize("answer, runs", [(None, 6), (True, 6), (1, 6), (False, 1), (0, 1), (np.False_, 1)])
def test_callback_truthiness(answer, runs):
    _, history = nncore.train(X, Y, [2, 3, 1], num_iterations=6, rng=0, callback=lambda i, p, c: answer)
    assert history["cost"].size == runs


def test_initialize_parameters_refuses_int_dtype_instead_of_zero_weights():
    with pytest.raises(TypeError, match="float"):
        nncore.initialize_parameters([4, 3, 1], rng=0, dtype=np.int64)
    assert nncore.initialize_parameters([4, 3, 1], rng=0, dtype=np.float32)["W1"].any()


def test_a_finite_X_that_overflows_float32_is_not_called_nan():
    p32 = {k: v.astype(np.float32) for k, v in P.items()}
    with pytest.raises(ValueError) as info:
        nncore.forward_propagation(X * 1e39, p32)
    assert "float32" in str(info.value) and "NaN" not in str(info.value)


def test_compute_cost_names_nan_and_does_not_crash_on_strings():
    with pytest.raises(ValueError, match="NaN") as info:
        nncore.compute_cost(np.array([[0.5, np.nan]]), np.array([[1.0, 0.0]]))
    assert "from 0.5 to 0.5" not in str(info.value)
    with pytest.raises(TypeError):
        nncore.compute_cost(np.array([["0.5", "x"]]), np.array([[1.0, 0.0]]))


def test_update_parameters_refuses_a_broadcastable_gradient():
    # (1, 2) broadcasts against W1 (3, 2): NumPy would silently apply the one row to all three.
    with pytest.raises(ValueError, match=r"\(3, 2\)"):
        nncore.update_parameters(P, GRADS_BROADCAST, 0.1)


def test_backward_propagation_refuses_a_column_Y_for_one_layer():
    p1 = nncore.initialize_parameters([2, 1], rng=0)
    AL1, caches1 = nncore.forward_propagation(X, p1)
    with pytest.raises(ValueError, match="transposed"):
        nncore.backward_propagation(AL1, Y.T, caches1)


# --------------------------------------------------------------------------- memory guard under RLIMIT_AS

@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc to measure the address space")
def test_memory_guard_under_rlimit_as():
    # The child may map only 1 GiB more than it has at the start. The guard refuses the 20 GB network
    # before allocating; lifted with max_bytes=math.inf, NumPy itself runs out: MemoryError.
    script = textwrap.dedent("""
        import math, resource
        import numpy as np
        import nncore
        from nncore.memory import MemoryBudgetError
        vm = int(next(l for l in open("/proc/self/status") if l.startswith("VmSize")).split()[1]) * 1024
        resource.setrlimit(resource.RLIMIT_AS, (vm + 2**30, vm + 2**30))
        try:
            nncore.initialize_parameters([50_000, 50_000, 1], rng=0)
        except MemoryBudgetError as err:
            print("init refused:", err)
        try:
            nncore.initialize_parameters([50_000, 50_000, 1], rng=0, max_bytes=math.inf)
            print("init allocated")
        except MemoryError:
            print("init MemoryError")
        X = np.zeros((10, 100_000))
        Y = np.zeros((1, 100_000))
        try:
            nncore.train(X, Y, [10, 20_000, 1], num_iterations=1, rng=0)
        except MemoryBudgetError as err:
            print("train refused:", err)
        try:
            nncore.train(X, Y, [10, 20_000, 1], num_iterations=1, rng=0, max_bytes=math.inf)
            print("train ran")
        except MemoryError:
            print("train MemoryError")
        small = nncore.train(X[:, :50], Y[:, :50], [10, 3, 1], num_iterations=2, rng=0)
        print("small", small[1]["cost"].size)
    """)
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, env=env)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].startswith("init refused:")
    assert "[50000, 50000, 1]" in lines[0] and "GiB" in lines[0] and "max_bytes=" in lines[0]
    assert lines[1] == "init MemoryError"
    assert lines[2].startswith("train refused:") and "m=100000" in lines[2] and "max_bytes=" in lines[2]
    assert lines[3] == "train MemoryError"
    assert lines[4] == "small 2"


def test_training_nbytes_counts_parameters_and_activations():
    # [2, 3, 1], m = 10, float64: P = (3*2 + 3) + (1*3 + 1) = 13 numbers; activations (2 + 4*(3 + 1)) * 10.
    assert nncore.memory.training_nbytes([2, 3, 1], 10) == (3 * 13 + (2 + 4 * 4) * 10) * 8
    assert math.isclose(nncore.memory.training_nbytes([2, 3, 1], 10, np.float32),
                        nncore.memory.training_nbytes([2, 3, 1], 10) / 2)
