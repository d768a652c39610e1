"""Bad input: every public entry point raises a clear error that names the problem and the fix."""
import numpy as np
import pytest

import nncore

DIMS = [3, 4, 1]
M = 5


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(3, M))
    Y = np.array([[0.0, 1.0, 1.0, 0.0, 1.0]])
    return X, Y, nncore.initialize_parameters(DIMS, rng=rng)


# Each entry point, called with X (and Y where it takes one) on the network DIMS.
ENTRY_POINTS_X = {
    "train": lambda X, Y, p: nncore.train(X, Y, DIMS, num_iterations=1, rng=0),
    "predict": lambda X, Y, p: nncore.predict(X, p),
    "forward_propagation": lambda X, Y, p: nncore.forward_propagation(X, p),
    "gradient_check": lambda X, Y, p: nncore.gradient_check(X, Y, p),
}
ENTRY_POINTS_Y = {
    "train": lambda X, Y, p: nncore.train(X, Y, DIMS, num_iterations=1, rng=0),
    "gradient_check": lambda X, Y, p: nncore.gradient_check(X, Y, p),
    "compute_cost": lambda X, Y, p: nncore.compute_cost(np.full((1, X.shape[1]), 0.5), Y),
}


def _raises(call, *words, error=ValueError):
    with pytest.raises(error) as info:
        call()
    message = str(info.value)
    for word in words:
        assert word in message, f"{word!r} not in the message: {message}"
    return message


# --- X ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("entry", ENTRY_POINTS_X)
def test_X_must_be_2d(data, entry):
    X, Y, p = data
    _raises(lambda: ENTRY_POINTS_X[entry](X[:, 0], Y, p), "2-D", "reshape")
    _raises(lambda: ENTRY_POINTS_X[entry](X[None], Y, p), "2-D", "(1, 3, 5)")


@pytest.mark.parametrize("entry", ENTRY_POINTS_X)
def test_transposed_X_suggests_X_T(data, entry):
    X, Y, p = data
    # 5 examples of 3 features passed as rows: shape (5, 3), while n_x = 3.
    _raises(lambda: ENTRY_POINTS_X[entry](X.T, Y, p), "X.T", "(5, 3)")


@pytest.mark.parametrize("entry", ENTRY_POINTS_X)
def test_wrong_number_of_features_names_both_counts(data, entry):
    X, Y, p = data
    message = _raises(lambda: ENTRY_POINTS_X[entry](np.ones((2, M)), Y, p), "n_x = 3")
    assert "2" in message and "X.T" not in message  # (2, 5) is not a transposed (3, m)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("entry", ENTRY_POINTS_X)
def test_non_finite_X(data, entry, bad):
    X, Y, p = data
    X = X.copy()
    X[1, 2] = bad
    _raises(lambda: ENTRY_POINTS_X[entry](X, Y, p), "NaN or inf", "X")


@pytest.mark.parametrize("entry", ENTRY_POINTS_X)
def test_non_numeric_X(data, entry):
    X, Y, p = data
    strings = np.array([["a"] * M] * 3)
    _raises(lambda: ENTRY_POINTS_X[entry](strings, Y, p), "dtype", error=TypeError)
    objects = np.empty((3, M), dtype=object)
    _raises(lambda: ENTRY_POINTS_X[entry](objects, Y, p), "numbers", error=TypeError)


@pytest.mark.parametrize("entry", ["train", "predict", "forward_propagation"])
def test_empty_X(data, entry):
    X, Y, p = data
    _raises(lambda: ENTRY_POINTS_X[entry](np.ones((3, 0)), np.ones((1, 0)), p), "m = 0")


def test_ragged_X_is_a_type_error(data):
    _, Y, p = data
    _raises(lambda: nncore.predict([[1.0, 2.0], [3.0]], p), "X", error=(TypeError, ValueError))


# --- Y ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("entry", ENTRY_POINTS_Y)
def test_1d_Y_suggests_reshape(data, entry):
    X, Y, p = data
    _raises(lambda: ENTRY_POINTS_Y[entry](X, Y[0], p), "(1, m)", "reshape(1, -1)")


@pytest.mark.parametrize("entry", ENTRY_POINTS_Y)
def test_column_Y_suggests_Y_T(data, entry):
    X, Y, p = data
    _raises(lambda: ENTRY_POINTS_Y[entry](X, Y.T, p), "(1, m)", "Y.T")


@pytest.mark.parametrize("entry", ENTRY_POINTS_Y)
def test_Y_with_two_rows(data, entry):
    X, Y, p = data
    _raises(lambda: ENTRY_POINTS_Y[entry](X, np.vstack([Y, 1 - Y]), p), "(1, m)", "(2, 5)")


@pytest.mark.parametrize("entry", ENTRY_POINTS_Y)
def test_Y_length_must_match_X(data, entry):
    X, Y, p = data
    _raises(lambda: ENTRY_POINTS_Y[entry](X, Y[:, :4], p), "4", "5", "match")


@pytest.mark.parametrize("labels", [[[0, 1, 2, 0, 1]], [[-1, 1, 1, -1, 1]], [[0, 0.5, 1, 0, 1]]])
@pytest.mark.parametrize("entry", ENTRY_POINTS_Y)
def test_Y_labels_must_be_0_or_1(data, entry, labels):
    X, _, p = data
    Y = np.array(labels, dtype=float)
    bad = Y[(Y != 0) & (Y != 1)][0]
    _raises(lambda: ENTRY_POINTS_Y[entry](X, Y, p), "0/1", str(bad))


@pytest.mark.parametrize("bad", [np.nan, np.inf])
@pytest.mark.parametrize("entry", ENTRY_POINTS_Y)
def test_non_finite_Y(data, entry, bad):
    X, Y, p = data
    Y = Y.copy()
    Y[0, 1] = bad
    _raises(lambda: ENTRY_POINTS_Y[entry](X, Y, p), "NaN or inf", "Y")


@pytest.mark.parametrize("entry", ENTRY_POINTS_Y)
def test_non_numeric_Y(data, entry):
    X, Y, p = data
    _raises(lambda: ENTRY_POINTS_Y[entry](X, np.array([["yes", "no", "no", "yes", "no"]]), p),
            "dtype", error=TypeError)


def test_boolean_labels_are_accepted(data):
    X, Y, _ = data
    _, history = nncore.train(X, Y.astype(bool), DIMS, num_iterations=2, rng=0)
    assert len(history["cost"]) == 2


# --- compute_cost's AL --------------------------------------------------------------------


def test_compute_cost_AL_shape_and_range():
    Y = np.array([[0, 1]])
    _raises(lambda: nncore.compute_cost(np.array([0.5, 0.5]), Y), "(1, m)", "reshape(1, -1)")
    _raises(lambda: nncore.compute_cost(np.full((2, 2), 0.5), Y), "(1, m)", "(2, 2)")
    _raises(lambda: nncore.compute_cost(np.array([[0.5, 1.5]]), Y), "[0, 1]", "sigmoid")
    _raises(lambda: nncore.compute_cost(np.array([[0.5, -0.1]]), Y), "[0, 1]")
    _raises(lambda: nncore.compute_cost(np.array([[0.5, np.nan]]), Y), "[0, 1]")


# --- layer_dims -------------------------------------------------------------------------------

BAD_DIMS = [
    ([3], ValueError, ["at least 2", "[n_x, 1]"]),
    ([], ValueError, ["at least 2"]),
    ([3, 0, 1], ValueError, ["positive integers", "layer_dims[1]"]),
    ([3, -2, 1], ValueError, ["positive integers", "-2"]),
    ([3, 2.5, 1], ValueError, ["positive integers", "2.5"]),
    ([3, 4.0, 1], ValueError, ["positive integers"]),
    ([3, True, 1], ValueError, ["positive integers"]),
    ([3, "4", 1], ValueError, ["positive integers", "'4'"]),
    (3, TypeError, ["layer_dims", "list"]),
]


@pytest.mark.parametrize("dims, error, words", BAD_DIMS)
def test_bad_layer_dims_in_initialize_parameters(dims, error, words):
    _raises(lambda: nncore.initialize_parameters(dims, rng=0), *words, error=error)


@pytest.mark.parametrize("dims, error, words", BAD_DIMS)
def test_bad_layer_dims_in_train(data, dims, error, words):
    X, Y, _ = data
    _raises(lambda: nncore.train(X, Y, dims, num_iterations=1, rng=0), *words, error=error)


def test_train_needs_one_output_unit(data):
    X, Y, _ = data
    _raises(lambda: nncore.train(X, Y, [3, 4, 2], num_iterations=1, rng=0), "1 unit", "[3, 4, 1]")


# --- parameters ---------------------------------------------------------------------------


def test_parameters_not_matching_layer_dims(data):
    X, Y, p = data  # p is for [3, 4, 1]
    _raises(lambda: nncore.train(X, Y, [3, 5, 1], parameters=p, num_iterations=1),
            "[3, 4, 1]", "[3, 5, 1]")


@pytest.mark.parametrize("entry", ["predict", "forward_propagation", "gradient_check", "train"])
@pytest.mark.parametrize("breakage, words", [
    (lambda p: p.update(W2=np.ones((1, 6))), ["layer 2", "W2", "6", "4"]),      # W2 does not chain to W1
    (lambda p: p.update(b1=np.zeros((4,))), ["layer 1", "b1", "(4, 1)", "reshape(-1, 1)"]),
    (lambda p: p.update(b2=np.zeros((3, 1))), ["layer 2", "b2", "(1, 1)"]),
    (lambda p: p.pop("b2"), ["layer 2", "b2"]),
    (lambda p: p.update(W1=np.ones(3)), ["layer 1", "W1", "2-D"]),
    (lambda p: p.update(W3=np.ones((1, 1)), b4=np.ones((1, 1))), ["b4"]),
])
def test_inconsistent_parameters_name_the_layer(data, entry, breakage, words):
    X, Y, p = data
    p = dict(p)
    breakage(p)
    calls = {
        "predict": lambda: nncore.predict(X, p),
        "forward_propagation": lambda: nncore.forward_propagation(X, p),
        "gradient_check": lambda: nncore.gradient_check(X, Y, p),
        "train": lambda: nncore.train(X, Y, DIMS, parameters=p, num_iterations=1),
    }
    _raises(calls[entry], *words)


def test_parameters_must_be_a_dict_with_W1(data):
    X, _, p = data
    _raises(lambda: nncore.predict(X, list(p.values())), "dict", error=TypeError)
    _raises(lambda: nncore.predict(X, {}), "W1")


def test_integer_parameters_are_a_type_error(data):
    X, _, p = data
    p = dict(p, W1=np.ones((4, 3), dtype=int))
    _raises(lambda: nncore.forward_propagation(X, p), "layer 1", "float", error=TypeError)


def test_non_finite_warm_start(data):
    X, Y, p = data
    p = dict(p, W1=np.full((4, 3), np.nan))
    _raises(lambda: nncore.train(X, Y, DIMS, parameters=p, num_iterations=1), "NaN or inf")


# --- names: activations and init methods -------------------------------------------------------

ACTIVATION_NAMES = list(nncore.ACTIVATIONS)


@pytest.mark.parametrize("entry", ["train", "predict", "forward_propagation", "gradient_check"])
def test_unknown_hidden_activation_lists_the_valid_names(data, entry):
    X, Y, p = data
    calls = {
        "train": lambda: nncore.train(X, Y, DIMS, hidden_activation="ReLU", num_iterations=1, rng=0),
        "predict": lambda: nncore.predict(X, p, hidden_activation="ReLU"),
        "forward_propagation": lambda: nncore.forward_propagation(X, p, hidden_activation="ReLU"),
        "gradient_check": lambda: nncore.gradient_check(X, Y, p, hidden_activation="ReLU"),
    }
    _raises(calls[entry], "'ReLU'", *ACTIVATION_NAMES)


@pytest.mark.parametrize("entry", ["train", "predict", "forward_propagation", "gradient_check"])
def test_unknown_hidden_activation_is_an_error_even_without_hidden_layers(data, entry):
    X, Y, _ = data
    p = nncore.initialize_parameters([3, 1], rng=0)
    calls = {
        "train": lambda: nncore.train(X, Y, [3, 1], hidden_activation="ReLU", num_iterations=1, rng=0),
        "predict": lambda: nncore.predict(X, p, hidden_activation="ReLU"),
        "forward_propagation": lambda: nncore.forward_propagation(X, p, hidden_activation="ReLU"),
        "gradient_check": lambda: nncore.gradient_check(X, Y, p, hidden_activation="ReLU"),
    }
    _raises(calls[entry], "'ReLU'", *ACTIVATION_NAMES)


def test_unknown_output_activation_lists_the_valid_names(data):
    X, _, p = data
    _raises(
        lambda: nncore.forward_propagation(X, p, output_activation="softmax"), "softmax", *ACTIVATION_NAMES
    )


def test_train_needs_a_sigmoid_output(data):
    X, Y, _ = data
    _raises(lambda: nncore.train(X, Y, DIMS, output_activation="tanh", num_iterations=1), "sigmoid")


def test_wrong_number_of_per_layer_activations(data):
    X, _, p = data  # one hidden layer
    _raises(
        lambda: nncore.forward_propagation(X, p, hidden_activation=["relu", "tanh"]), "2 names", "1 hidden"
    )


@pytest.mark.parametrize("entry", ["initialize_parameters", "train"])
def test_unknown_init_method_lists_the_valid_names(data, entry):
    X, Y, _ = data
    calls = {
        "initialize_parameters": lambda: nncore.initialize_parameters(DIMS, method="kaiming"),
        "train": lambda: nncore.train(X, Y, DIMS, init="kaiming", num_iterations=1),
    }
    _raises(calls[entry], "'kaiming'", "he", "xavier", "random", "zeros")


@pytest.mark.parametrize("scale", [-0.01, np.nan, np.inf])
def test_bad_scale(scale):
    _raises(lambda: nncore.initialize_parameters(DIMS, method="random", scale=scale), "scale")


# --- learning_rate, num_iterations, dtype ----------------------------------------------------


@pytest.mark.parametrize("learning_rate", [0, -0.1, np.nan, np.inf, -np.inf, "0.1", None, True])
def test_learning_rate_must_be_finite_and_positive(data, learning_rate):
    X, Y, _ = data
    _raises(lambda: nncore.train(X, Y, DIMS, learning_rate=learning_rate, num_iterations=1, rng=0),
            "learning_rate", "> 0")


@pytest.mark.parametrize("num_iterations", [-1, 2.5, "10", None])
def test_num_iterations_must_be_a_non_negative_integer(data, num_iterations):
    X, Y, _ = data
    _raises(lambda: nncore.train(X, Y, DIMS, num_iterations=num_iterations, rng=0), "num_iterations", ">= 0")


def test_dtype_must_be_a_float(data):
    X, Y, _ = data
    _raises(lambda: nncore.train(X, Y, DIMS, dtype=np.int32, num_iterations=1), "float", error=TypeError)
