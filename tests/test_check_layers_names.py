"""nncore.check names the mistake inside the layer checks, with the layer: every cache is checked in
full, a swapped return order is said as such, a shape error names the operand to transpose (and the
line of the function under check), and ``np.dot`` where ``*`` belongs or ``1 - sigmoid`` get their
own names. Each mutant below is wrong in one way; each test asserts the name, the layer where it
applies, and what the report says."""

import numpy as np
import pytest

from nncore import check
from tests.test_check import (
    c_backward,
    c_forward,
    c_linear_activation_forward,
    c_linear_backward,
    c_linear_forward,
    c_relu_backward,
    c_sigmoid_backward,
)

# ---------------------------------------------------------------- whole forward passes, written as loops


def _forward(X, parameters, hidden="relu", cache_of=None, z_of=None, act_of=None):
    """A course-style forward loop; ``cache_of(l, A_prev, W, b, Z, A, X)``, ``z_of(l, W, A_prev, b)`` and
    ``act_of(l, L, Z)`` plant one mistake."""
    g = {"relu": lambda Z: np.maximum(0, Z), "tanh": np.tanh, "sigmoid": lambda Z: 1 / (1 + np.exp(-Z))}
    caches, A, L = [], X, len(parameters) // 2
    for l in range(1, L + 1):
        W, b = parameters["W" + str(l)], parameters["b" + str(l)]
        Z = z_of(l, W, A, b) if z_of else np.dot(W, A) + b
        A_next = act_of(l, L, Z) if act_of else g["sigmoid" if l == L else hidden](Z)
        caches.append(cache_of(l, A, W, b, Z, A_next, X) if cache_of else ((A, W, b), Z))
        A = A_next
    return A, caches


def m_forward_layer2_caches_X(X, parameters):
    return _forward(X, parameters, cache_of=lambda l, A, W, b, Z, An, X: ((X if l == 2 else A, W, b), Z))


def m_forward_output_as_A_prev(X, parameters):
    return _forward(X, parameters, cache_of=lambda l, A, W, b, Z, An, X: ((An, W, b), Z))


def m_forward_caches_A_for_Z(X, parameters):
    return _forward(X, parameters, cache_of=lambda l, A, W, b, Z, An, X: ((A, W, b), An))


def m_forward_cache_order(X, parameters):
    return _forward(X, parameters, cache_of=lambda l, A, W, b, Z, An, X: (Z, (A, W, b)))


def m_forward_flat_cache(X, parameters):
    return _forward(X, parameters, cache_of=lambda l, A, W, b, Z, An, X: (A, W, b, Z))


def m_forward_no_bias(X, parameters):
    return _forward(X, parameters, z_of=lambda l, W, A, b: np.dot(W, A))


def m_forward_no_bias_layer2(X, parameters):
    return _forward(X, parameters, z_of=lambda l, W, A, b: np.dot(W, A) + (0 if l == 2 else b))


def m_forward_tanh_hidden(X, parameters):
    return _forward(X, parameters, hidden="tanh")


def m_forward_no_hidden_activation(X, parameters):
    return _forward(X, parameters, act_of=lambda l, L, Z: 1 / (1 + np.exp(-Z)) if l == L else Z)


def m_forward_no_output_sigmoid(X, parameters):
    return _forward(X, parameters, act_of=lambda l, L, Z: Z if l == L else np.maximum(0, Z))


def m_forward_swapped(X, parameters):
    AL, caches = c_forward(X, parameters)
    return caches, AL


FORWARD = [  # (mistake, layer, mutant, words the report must hold)
    ("cache_contents", 2, m_forward_layer2_caches_X, "holds X (the input), where A_prev belongs"),
    ("cache_contents", 1, m_forward_output_as_A_prev, "holds A1 (layer 1's output), where A_prev belongs"),
    ("cache_contents", 1, m_forward_caches_A_for_Z, "keeps Z1"),
    ("cache_contents", 1, m_forward_cache_order, "the order is ((A_prev, W, b), Z)"),
    ("cache_contents", 1, m_forward_flat_cache, "(A_prev, W, b, Z)"),
    ("missing_bias", 1, m_forward_no_bias, "Z1 = np.dot(W1, X) + b1"),
    ("missing_bias", 2, m_forward_no_bias_layer2, "Z2 = np.dot(W2, A1) + b2"),
    ("wrong_activation", 1, m_forward_tanh_hidden, "yours applies tanh"),
    ("wrong_activation", 1, m_forward_no_hidden_activation, "yours applies none"),
    ("wrong_activation", None, m_forward_no_output_sigmoid, "AL = sigmoid(Z[L])"),
    ("return_order", None, m_forward_swapped, "return AL, caches"),
]


@pytest.mark.parametrize("mistake, layer, fn, words", FORWARD, ids=[f[2].__name__ for f in FORWARD])
def test_forward_propagation_names_the_mistake_and_its_layer(mistake, layer, fn, words):
    result = check.forward_propagation(fn)
    assert not result.passed
    assert (result.mistake, result.layer) == (mistake, layer), result.message
    assert words in result.message, result.message
    assert check.MISTAKES[mistake].title in result.message
    if layer:
        assert f"layer {layer}" in result.message.splitlines()[0], result.message


def test_a_two_layer_forward_written_by_hand_gets_its_caches_checked():
    def forward_propagation(X, parameters):
        W1, b1, W2, b2 = (parameters[k] for k in ("W1", "b1", "W2", "b2"))
        Z1 = np.dot(W1, X) + b1
        A1 = np.tanh(Z1)
        Z2 = np.dot(W2, A1) + b2
        A2 = 1 / (1 + np.exp(-Z2))
        return A2, [((X, W1, b1), Z1), ((X, W2, b2), Z2)]  # layer 2's A_prev is A1, not X

    result = check.forward_propagation(forward_propagation, hidden_activation="tanh", num_layers=2)
    assert (result.mistake, result.layer) == ("cache_contents", 2), result.message
    assert "X (the input)" in result.message and "A_prev is A1" in result.message


def test_right_forward_loops_pass():
    assert check.forward_propagation(_forward).passed
    tanh = check.forward_propagation(lambda X, p: _forward(X, p, hidden="tanh"), hidden_activation="tanh")
    assert tanh.passed, tanh.message


# ---------------------------------------------------------------- one layer: caches and return orders


def m_linear_forward_cache_swapped(A_prev, W, b):
    return np.dot(W, A_prev) + b, (W, A_prev, b)


def m_linear_forward_caches_Z(A_prev, W, b):
    Z = np.dot(W, A_prev) + b
    return Z, (Z, W, b)


def m_linear_forward_returns_cache_first(A_prev, W, b):
    return (A_prev, W, b), np.dot(W, A_prev) + b


def m_linear_activation_forward_returns_cache_first(A_prev, W, b, activation):
    A, cache = c_linear_activation_forward(A_prev, W, b, activation)
    return cache, A


def m_linear_activation_forward_cache_order(A_prev, W, b, activation):
    A, (linear_cache, Z) = c_linear_activation_forward(A_prev, W, b, activation)
    return A, (Z, linear_cache)


def m_linear_backward_order(dZ, cache):
    dA_prev, dW, db = c_linear_backward(dZ, cache)
    return dW, db, dA_prev


LAYER = [  # (step, mistake, mutant, words)
    (
        "linear_forward",
        "cache_contents",
        m_linear_forward_cache_swapped,
        "holds (W, A_prev, b): the order is",
    ),
    ("linear_forward", "cache_contents", m_linear_forward_caches_Z, "its A_prev entry holds Z"),
    ("linear_forward", "return_order", m_linear_forward_returns_cache_first, "return Z, cache"),
    (
        "linear_activation_forward",
        "return_order",
        m_linear_activation_forward_returns_cache_first,
        "return A, cache",
    ),
    (
        "linear_activation_forward",
        "cache_contents",
        m_linear_activation_forward_cache_order,
        "the order is ((A_prev, W, b), Z)",
    ),
    ("linear_backward", "return_order", m_linear_backward_order, "returns (dW, db, dA_prev)"),
]


@pytest.mark.parametrize("step, mistake, fn, words", LAYER, ids=[f[2].__name__ for f in LAYER])
def test_layer_checks_name_cache_and_order_mistakes(step, mistake, fn, words):
    result = getattr(check, step)(fn)
    assert not result.passed and result.mistake == mistake, result.message
    assert words in result.message, result.message
    assert "Fix:" in result.message
    assert "bad cache" not in result.message


def test_a_swapped_order_is_not_called_a_bad_cache():
    result = check.linear_forward(m_linear_forward_returns_cache_first)
    assert "wrong order" in result.message and "cache does not hold" not in result.message


# ---------------------------------------------------------------- shape errors: which operand, which line


def m_linear_backward_no_transpose(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = np.dot(dZ, A_prev) / m
    return np.dot(W.T, dZ), dW, np.sum(dZ, axis=1, keepdims=True) / m


def m_linear_backward_matmul_no_transpose(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dA_prev = W @ dZ
    return dA_prev, dZ @ A_prev.T / m, np.sum(dZ, axis=1, keepdims=True) / m


def test_a_missing_transpose_names_the_operand():
    result = check.linear_backward(m_linear_backward_no_transpose)
    assert result.status == "error" and result.mistake == "transpose", result.message
    assert "dW = np.dot(dZ, A_prev) / m" in result.message  # the learner's line
    assert "A_prev is (2, 4)" in result.message and "np.dot(dZ, A_prev.T)" in result.message


def test_a_missing_transpose_under_matmul_names_the_operand():
    result = check.linear_backward(m_linear_backward_matmul_no_transpose)
    assert result.mistake == "transpose", result.message
    assert "W.T @ dZ" in result.message


def _helper_linear_forward(A_prev, W, b):  # right
    return np.dot(W, A_prev) + b, (A_prev, W, b)


def m_forward_passes_W_transposed(X, parameters):
    caches, A, L = [], X, len(parameters) // 2
    for l in range(1, L + 1):
        Z, linear_cache = _helper_linear_forward(A, parameters["W" + str(l)].T, parameters["b" + str(l)])
        A_next = 1 / (1 + np.exp(-Z)) if l == L else np.maximum(0, Z)
        caches.append((linear_cache, Z))
        A = A_next
    return A, caches


def test_an_error_inside_a_correct_helper_points_at_the_line_that_called_it():
    result = check.forward_propagation(m_forward_passes_W_transposed)
    assert result.mistake == "transpose", result.message
    lines = result.message.splitlines()
    assert "(in m_forward_passes_W_transposed)" in lines[1] and '.T, parameters["b"' in lines[1]
    assert lines[2].strip().startswith("called _helper_linear_forward")
    assert "your line" in result.message and "passes to _helper_linear_forward" in result.message


def test_np_dot_where_elementwise_belongs_says_use_star():
    def sigmoid_backward(dA, Z):
        s = 1 / (1 + np.exp(-Z))
        return np.dot(dA, s * (1 - s))

    result = check.sigmoid_backward(sigmoid_backward)
    assert result.mistake == "matrix_product_for_elementwise", result.message
    assert "dA * (s * (1 - s))" in result.message
    assert "inner sizes of a product must match" not in result.message


def test_a_cost_written_with_np_dot_and_no_transpose_gets_the_transpose():
    def compute_cost(AL, Y):
        m = Y.shape[1]
        return float(np.squeeze(-(np.dot(Y, np.log(AL)) + np.dot(1 - Y, np.log(1 - AL))) / m))

    result = check.compute_cost(compute_cost)
    assert result.mistake == "transpose", result.message
    assert "np.dot(Y, np.log(AL).T)" in result.message


def test_an_unreadable_product_keeps_the_generic_fix():
    def linear_forward(A_prev, W, b):
        return np.dot(*(A_prev, W)) + b, (A_prev, W, b)

    result = check.linear_forward(linear_forward)
    assert result.status == "error" and result.mistake is None
    assert "inner sizes of a product must match" in result.message


# ---------------------------------------------------------------- 1 - sigmoid is not "the opposite sign"


@pytest.mark.parametrize(
    "fn", [lambda Z: 1 - 1 / (1 + np.exp(-Z)), lambda Z: 1 / (1 + np.exp(Z))], ids=["1 - s", "exp(Z)"]
)
def test_one_minus_sigmoid_is_not_called_a_sign_error(fn):
    result = check.sigmoid(fn)
    assert result.mistake == "flipped_sigmoid", result.message
    assert "opposite sign" not in result.message
    assert "1 minus the right one" in result.message


# ---------------------------------------------------------------- the fixes make the mutants pass


def test_fixed_mutants_pass():
    """The right versions of the mutants above (the fix applied) pass: the names are not fired on
    right code."""
    assert check.forward_propagation(c_forward).passed
    assert check.linear_forward(c_linear_forward).passed
    assert check.linear_activation_forward(c_linear_activation_forward).passed
    assert check.backward_propagation(c_backward).passed
    assert check.sigmoid_backward(c_sigmoid_backward).passed
    assert check.relu_backward(c_relu_backward).passed


# ---------------------------------------------------------------- whole backward passes: mistake and layer


def _backward(AL, Y, caches, hidden="relu", dZ_of=None, db_of=None, only=None, dZ_out=None, dW_of=None):
    """A course-style backward loop. ``dZ_of(dA, Z)`` replaces a hidden layer's dZ (only in layer ``only``
    when given), ``dZ_out(AL, Y)`` the output's, ``db_of(dZ, m)`` and ``dW_of(dZ, A_prev, m)`` the sums."""
    g = {
        "relu": lambda dA, Z: dA * (Z > 0),
        "tanh": lambda dA, Z: dA * (1 - np.tanh(Z) ** 2),
        "sigmoid": lambda dA, Z: dA / (1 + np.exp(-Z)) * (1 - 1 / (1 + np.exp(-Z))),
    }
    grads, L, m = {}, len(caches), AL.shape[1]
    dA = None
    for l in range(L, 0, -1):
        (A_prev, W, b), Z = caches[l - 1]
        if l == L:
            dZ = dZ_out(AL, Y) if dZ_out else AL - Y
        elif dZ_of and (only is None or l == only):
            dZ = dZ_of(dA, Z)
        else:
            dZ = g[hidden](dA, Z)
        mine = only is None or l == only
        grads["dW" + str(l)] = dW_of(dZ, A_prev, m) if dW_of and mine else np.dot(dZ, A_prev.T) / m
        grads["db" + str(l)] = db_of(dZ, m) if db_of and mine else np.sum(dZ, axis=1, keepdims=True) / m
        dA = np.dot(W.T, dZ)
    return grads


def _tanh_backward_pass(**how):
    return lambda AL, Y, caches: _backward(AL, Y, caches, hidden="tanh", **how)


def _relu_backward_pass(**how):
    return lambda AL, Y, caches: _backward(AL, Y, caches, **how)


BACKWARD = [  # (mistake, layer, mutant, check's keywords, words)
    (
        "z_a_mixup",
        1,
        _tanh_backward_pass(dZ_of=lambda dA, Z: dA * (1 - Z**2)),  # P2's dZ1 = dA1 * (1 - Z1 ** 2)
        {"hidden_activation": "tanh", "num_layers": 2},
        "not 1 - Z1 ** 2",
    ),
    (
        "z_a_mixup",
        2,
        _tanh_backward_pass(dZ_of=lambda dA, Z: dA * (1 - Z**2)),
        {"hidden_activation": "tanh", "num_layers": 3},
        "not 1 - Z2 ** 2",
    ),
    (
        "sign_error",
        1,
        _tanh_backward_pass(dZ_of=lambda dA, Z: dA * (np.tanh(Z) ** 2 - 1)),
        {"hidden_activation": "tanh", "num_layers": 2},
        "with its sign",
    ),
    ("skipped_derivative", 1, _relu_backward_pass(dZ_of=lambda dA, Z: dA), {}, "passes dA1 on as dZ1"),
    (
        "skipped_derivative",
        1,
        _relu_backward_pass(dZ_of=lambda dA, Z: dA, only=1),
        {"num_layers": 3},
        "passes dA1 on as dZ1",
    ),
    (
        "skipped_derivative",
        2,
        _relu_backward_pass(dZ_out=lambda AL, Y: -(Y / AL - (1 - Y) / (1 - AL))),
        {"num_layers": 2},
        "which is AL - Y",
    ),
    (
        "missing_chain_dA",
        1,
        _relu_backward_pass(dZ_of=lambda dA, Z: (Z > 0).astype(float)),
        {},
        "multiply by the gradient from above",
    ),
    (
        "wrong_activation",
        1,
        _relu_backward_pass(dZ_of=lambda dA, Z: dA / (1 + np.exp(-Z)) * (1 - 1 / (1 + np.exp(-Z)))),
        {},
        "yours is sigmoid's derivative",
    ),
    (
        "wrong_activation",
        1,
        _tanh_backward_pass(dZ_of=lambda dA, Z: dA * (Z > 0)),
        {"hidden_activation": "tanh", "num_layers": 2},
        "yours is relu's derivative",
    ),
    (
        "wrong_axis",
        1,
        _relu_backward_pass(db_of=lambda dZ, m: np.mean(dZ, axis=0, keepdims=True), only=1),
        {},
        "np.mean(dZ, axis=1, keepdims=True)",
    ),
    (
        "wrong_axis",
        2,
        _relu_backward_pass(db_of=lambda dZ, m: np.sum(dZ, axis=0, keepdims=True) / m),
        {},
        "axis=1",
    ),
    (
        "missing_1_over_m",
        1,
        _relu_backward_pass(dW_of=lambda dZ, A_prev, m: np.dot(dZ, A_prev.T), only=1),
        {"num_layers": 3},
        "dW1 = np.dot(dZ1, A_prev.T) / m",
    ),
    ("sign_error", 2, _relu_backward_pass(dZ_out=lambda AL, Y: Y - AL), {}, "dZ[L] = AL - Y"),
]


@pytest.mark.parametrize(
    "mistake, layer, fn, kwargs, words",
    BACKWARD,
    ids=[f"{b[0]}-layer{b[1]}-{i}" for i, b in enumerate(BACKWARD)],
)
def test_backward_propagation_names_the_mistake_and_its_layer(mistake, layer, fn, kwargs, words):
    result = check.backward_propagation(fn, **kwargs)
    assert not result.passed
    assert (result.mistake, result.layer) == (mistake, layer), result.message
    assert f"layer {layer}" in result.message.splitlines()[0]
    assert words in result.message, result.message
    assert check.MISTAKES[mistake].title in result.message


@pytest.mark.parametrize(
    "hidden, kwargs", [("relu", {}), ("tanh", {"hidden_activation": "tanh", "num_layers": 2})]
)
def test_the_right_backward_loop_passes(hidden, kwargs):
    result = check.backward_propagation(
        lambda AL, Y, caches: _backward(AL, Y, caches, hidden=hidden), **kwargs
    )
    assert result.passed, result.message


#: ``(step, wrong function, mistake)`` for the corpus of tests/test_check_attempts.py (checks run with
#: their default keywords).
NAMED = (
    [("forward_propagation", fn, mistake) for mistake, _, fn, _ in FORWARD]
    + [(step, fn, mistake) for step, mistake, fn, _ in LAYER]
    + [("backward_propagation", fn, mistake) for mistake, _, fn, kwargs, _ in BACKWARD if not kwargs]
    + [
        ("linear_backward", m_linear_backward_no_transpose, "transpose"),
        ("linear_backward", m_linear_backward_matmul_no_transpose, "transpose"),
        ("forward_propagation", m_forward_passes_W_transposed, "transpose"),
    ]
)


# ---------------------------------------------------------------- more names that now fire where they apply


def m_sigmoid_backward_sign(dA, Z):
    s = 1 / (1 + np.exp(-Z))
    return dA * s * (s - 1)


def m_tanh_backward_sign(dA, Z):
    return dA * (np.tanh(Z) ** 2 - 1)


def m_linear_backward_mean_axis0(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    return np.dot(W.T, dZ), np.dot(dZ, A_prev.T) / m, np.mean(dZ, axis=0, keepdims=True)


def m_linear_activation_backward_z_for_s(dA, cache, activation):
    linear_cache, Z = cache
    dZ = dA * Z * (1 - Z) if activation == "sigmoid" else dA * (Z > 0)
    return c_linear_backward(dZ, linear_cache)


def m_linear_activation_backward_no_dA(dA, cache, activation):
    linear_cache, Z = cache
    s = 1 / (1 + np.exp(-Z))
    dZ = s * (1 - s) if activation == "sigmoid" else (Z > 0).astype(float)
    return c_linear_backward(dZ, linear_cache)


UNITS = [  # (step, mistake, mutant, words)
    ("sigmoid_backward", "sign_error", m_sigmoid_backward_sign, "opposite sign"),
    ("tanh_backward", "sign_error", m_tanh_backward_sign, "opposite sign"),
    ("linear_backward", "wrong_axis", m_linear_backward_mean_axis0, "np.mean(dZ, axis=1, keepdims=True)"),
    ("linear_activation_backward", "z_a_mixup", m_linear_activation_backward_z_for_s, "not Z itself"),
    ("linear_activation_backward", "missing_chain_dA", m_linear_activation_backward_no_dA, "from above"),
]


@pytest.mark.parametrize("step, mistake, fn, words", UNITS, ids=[u[2].__name__ for u in UNITS])
def test_unit_mistakes_are_named(step, mistake, fn, words):
    result = getattr(check, step)(fn)
    assert not result.passed and result.mistake == mistake, result.message
    assert words in result.message and "Fix:" in result.message


def m_forward_feeds_X_to_every_layer(X, parameters):
    caches, L = [], len(parameters) // 2
    for l in range(1, L + 1):
        Z, linear_cache = _helper_linear_forward(X, parameters["W" + str(l)], parameters["b" + str(l)])
        caches.append((linear_cache, Z))
    return 1 / (1 + np.exp(-Z)), caches


def test_arrays_that_do_not_fit_a_correct_helper_are_blamed_on_the_calling_line():
    result = check.forward_propagation(m_forward_feeds_X_to_every_layer)
    assert result.status == "error" and result.mistake is None, result.message
    lines = result.message.splitlines()
    assert "(in m_forward_feeds_X_to_every_layer)" in lines[1] and "_helper_linear_forward(X," in lines[1]
    assert "the output of the layer before" in result.message
    assert "inner sizes of a product must match" not in result.message


NAMED += [(step, fn, mistake) for step, mistake, fn, _ in UNITS]


# ---------------------------------------------------------------- a learner that changes its caches


def test_a_backward_pass_that_shortens_or_overwrites_its_caches_is_told_so():
    def pops(AL, Y, caches):
        grads = c_backward(AL, Y, caches)
        caches.pop()
        return grads

    def overwrites(AL, Y, caches):
        grads = c_backward(AL, Y, caches)
        caches[0] = None
        return grads

    for fn, where in ((pops, "caches (its length) changed"), (overwrites, "caches[0] changed")):
        result = check.backward_propagation(fn)
        assert result.mistake == "mutates_input", result.message
        assert where in result.message


def test_the_loop_cases_have_a_label():
    def forward_propagation(X, parameters):
        AL, caches = c_forward(X, parameters)
        for i in range(X.shape[1]):
            AL[:, i] = AL[:, i] * 1.0
        return AL, caches

    result = check.forward_propagation(forward_propagation)
    assert result.mistake == "loop_over_examples"
    assert 'case "m = 80"' in result.message


# ---------------------------------------------------------------- a learner that answers right, then not


@pytest.mark.parametrize(
    "step",
    [
        "linear_forward",
        "linear_activation_forward",
        "forward_propagation",
        "linear_backward",
        "linear_activation_backward",
        "backward_propagation",
        "sigmoid_backward",
    ],
)
def test_a_value_of_the_wrong_form_on_any_call_is_reported_by_the_check_itself(step):
    """Right on the first k calls, then a ragged value or a string: on a later case, on the second
    call of a case, on the loop-counting cases or in the gradient check, the check reads it itself
    (never the catch-all 'could not read it')."""
    from nncore.check.examples import ANSWERS

    answer = ANSWERS[step][0]
    for junk in ("a string", (np.zeros((2, 3)), [1, 2, 3], "x")):
        for k in range(0, 40, 3):
            calls = []

            def learner(*args, answer=answer, junk=junk, k=k, calls=calls, **kwargs):
                calls.append(1)
                out = answer(*args, **kwargs)
                return out if len(calls) <= k else junk

            result = getattr(check, step)(learner)
            assert isinstance(result, check.CheckResult)
            assert "could not read it" not in result.message, (k, result.message)


def m_linear_activation_forward_no_bias(A_prev, W, b, activation):
    Z = np.dot(W, A_prev)
    A = 1 / (1 + np.exp(-Z)) if activation == "sigmoid" else np.maximum(0, Z)
    return A, ((A_prev, W, b), Z)


def test_a_missing_bias_in_a_layer_forward_is_named():
    result = check.linear_activation_forward(m_linear_activation_forward_no_bias)
    assert result.mistake == "missing_bias", result.message
    assert "Z = np.dot(W, A_prev) + b" in result.message


NAMED.append(("linear_activation_forward", m_linear_activation_forward_no_bias, "missing_bias"))


def m_backward_dW1_transposed(AL, Y, caches):
    grads = c_backward(AL, Y, caches)
    return {**grads, "dW1": grads["dW1"].T}


def m_backward_db2_rank1(AL, Y, caches):
    grads = c_backward(AL, Y, caches)
    return {**grads, "db2": grads["db2"].ravel()}


@pytest.mark.parametrize(
    "fn, mistake, layer", [(m_backward_dW1_transposed, "transpose", 1), (m_backward_db2_rank1, "rank1", 2)]
)
def test_a_shape_mistake_in_one_layer_of_a_pass_carries_the_layer(fn, mistake, layer):
    result = check.backward_propagation(fn)
    assert (result.mistake, result.layer) == (mistake, layer), result.message
    assert result.message.startswith(
        f"✗ backward_propagation: {'dW' if mistake == 'transpose' else 'db'}{layer}: "
    )


def test_layer_of_reads_the_layer_from_the_key():
    from nncore.check.engine import layer_of

    assert [layer_of(k) for k in ("dW2", "db10", "W1", "Z3 in caches", "dA_prev", "dw", "AL", "db")] == [
        2, 10, 1, 3, None, None, None, None,
    ]  # fmt: skip


NAMED += [
    ("backward_propagation", m_backward_dW1_transposed, "transpose"),
    ("backward_propagation", m_backward_db2_rank1, "rank1"),
]


# ---------------------------------------------------------------- errors: swapped factors, unpacking, helpers


def test_factors_in_the_wrong_order_are_told_to_swap():
    def linear_forward(A_prev, W, b):
        Z = A_prev @ W + b
        return Z, (A_prev, W, b)

    result = check.linear_forward(linear_forward)
    assert result.status == "error", result.message
    assert "Swap the factors: W @ A_prev gives (3, 4)" in result.message


def test_unpacking_nncores_activation_as_the_course_does_is_explained():
    import nncore

    def linear_activation_forward(A_prev, W, b, activation):
        Z = np.dot(W, A_prev) + b
        A, activation_cache = nncore.sigmoid(Z) if activation == "sigmoid" else nncore.relu(Z)
        return A, ((A_prev, W, b), activation_cache)

    result = check.linear_activation_forward(linear_activation_forward)
    assert "values to unpack" in result.message
    assert "returns A alone" in result.message and "A = sigmoid(Z)" in result.message


def test_an_error_two_helpers_down_names_the_helper_called_and_the_calling_line():
    def backward_propagation(AL, Y, caches):
        grads, L = {}, len(caches)
        dAL = -(Y / AL - (1 - Y) / (1 - AL))
        dA, grads["dW" + str(L)], grads["db" + str(L)] = _course_layer_backward(dAL, caches[L - 1], "sigmoid")
        for l in reversed(range(L - 1)):
            dA, grads["dW" + str(l + 1)], grads["db" + str(l + 1)] = _course_layer_backward(
                dA,
                caches[l + 1],
                "relu",  # the wrong layer's cache
            )
        return grads

    result = check.backward_propagation(backward_propagation)
    lines = result.message.splitlines()
    assert result.status == "error"
    assert "(in backward_propagation)" in lines[1]
    assert lines[2].strip().startswith("called _course_layer_backward, which raised in c_relu_backward")
    assert "what your line" in result.message and "caches[l - 1]" in result.message


def _course_layer_backward(dA, cache, activation):
    from tests.test_check import c_linear_activation_backward

    return c_linear_activation_backward(dA, cache, activation)


# ---------------------------------------------------------------- a shape error's fix, followed, passes

SHAPE_MUTANTS = {
    "linear_backward": """\
def linear_backward(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = np.dot(dZ, A_prev) / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W @ dZ
    return dA_prev, dW, db""",
    "linear_forward": """\
def linear_forward(A_prev, W, b):
    Z = A_prev @ W + b
    return Z, (A_prev, W, b)""",
    "sigmoid_backward": """\
def sigmoid_backward(dA, Z):
    s = 1 / (1 + np.exp(-Z))
    return np.dot(dA, s * (1 - s))""",
    "compute_cost": """\
def compute_cost(AL, Y):
    m = Y.shape[1]
    cost = -(np.dot(Y, np.log(AL)) + np.dot(1 - Y, np.log(1 - AL))) / m
    return float(np.squeeze(cost))""",
}


def _followed(source, message):
    """``source`` with the report's suggested product in place of the one it names."""
    fix = message.split("Fix: ", 1)[1]
    wrong = fix.split(": ", 1)[0]
    for lead, end in (
        ("Transpose one: ", " (gives"),
        ("Swap the factors: ", " gives"),
        ("entry by entry, ", " (np"),
    ):
        if lead in fix:
            right = fix.split(lead, 1)[1].split(end, 1)[0]
            assert wrong in source, (wrong, source)
            return source.replace(wrong, right, 1)
    raise AssertionError(f"no suggestion to follow in: {message}")


@pytest.mark.parametrize("step", sorted(SHAPE_MUTANTS))
def test_following_a_shape_errors_fix_makes_the_function_pass(step):
    from nncore.quiz.code import run_source

    source = SHAPE_MUTANTS[step]
    for _ in range(3):  # one product per report: a line with two gets two reports
        result = run_source(step, source)
        if result.passed:
            break
        assert result.status == "error", result.message
        source = _followed(source, result.message)
    assert result.passed, result.message


def test_reading_a_shape_error_runs_none_of_the_learners_code():
    """An operand behind an attribute or a call of the learner's is not evaluated again."""

    class Net:
        reads = 0

        @property
        def W(self):
            Net.reads += 1
            return np.ones((2, 3))

    def linear_forward(A_prev, W, b):
        net = Net()
        return np.dot(net.W, A_prev) + b, (A_prev, W, b)

    result = check.linear_forward(linear_forward)
    assert result.status == "error" and Net.reads == 1, result.message
    assert "inner sizes of a product must match" in result.message  # the generic fix, nothing read


def test_caches_indexed_from_1_is_named_off_by_one():
    def backward_propagation(AL, Y, caches):
        L = len(caches)
        linear_cache, Z = caches[L]  # layer L's cache is caches[L - 1]
        return {}

    result = check.backward_propagation(backward_propagation)
    assert result.mistake == "off_by_one", result.message
    assert "caches[L - 1]" in result.message
