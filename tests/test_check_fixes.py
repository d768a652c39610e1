"""Each fix suggestion is right when followed. For every named mistake, a mutant and the same
function with the fix applied as the report's "Fix:" line says: the mutant fails with that name and
a Fix line saying the change, and the fixed function passes.

Each case is one source template with a ``{line}`` slot: the mutant fills it with ``wrong``, the
fixed function with ``right``; ``said`` is what the Fix line must say. Functions that draw take
their rng from the check, so every verdict is the same on every run.
"""

import linecache
from typing import NamedTuple

import numpy as np
import pytest

import nncore
from nncore import check


class Fix(NamedTuple):
    mistake: str
    step: str
    template: str
    wrong: str
    right: str
    said: str  # in the report's Fix line: the change from wrong to right
    kwargs: dict = {}


LINEAR_BACKWARD = """
def linear_backward(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    {line}
    return np.dot(W.T, dZ), dW, db
"""
DW, DB = "dW = np.dot(dZ, A_prev.T) / m", "db = np.sum(dZ, axis=1, keepdims=True) / m"

LINEAR_FORWARD = """
def linear_forward(A_prev, W, b):
    Z = {line}
    return Z, (A_prev, W, b)
"""

INIT = """
def initialize_parameters(layer_dims, rng):
    parameters = {{}}
    for l in range(1, len(layer_dims)):
        parameters["W" + str(l)] = {line}
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters
"""

SIGMOID_BACKWARD = """
def sigmoid_backward(dA, Z):
    s = 1 / (1 + np.exp(-Z))
    return {line}
"""

COST = """
def compute_cost(AL, Y):
    m = Y.shape[1]
    return {line}
"""

UPDATE = """
def update_parameters(parameters, grads, learning_rate):
    parameters = dict(parameters)
    for k in list(parameters):
        {line}
    return parameters
"""

FORWARD = """
def forward_propagation(X, parameters):
    caches, A = [], X
    L = {line}
    for l in range(1, L + 1):
        W, b = parameters["W" + str(l)], parameters["b" + str(l)]
        A, cache = nncore.linear_activation_forward(A, W, b, "relu" if l < L else "sigmoid")
        caches.append(cache)
    return A, caches
"""

TRAIN = """
def model(X, Y, parameters, learning_rate, num_iterations):
    costs = []
    for _ in range(num_iterations):
        AL, caches = nncore.forward_propagation(X, parameters)
        grads = nncore.backward_propagation(AL, Y, caches)
        {line}
    return parameters, costs
"""

FIXES = [
    Fix(
        "transpose",
        "initialize_parameters",
        INIT,
        "rng.standard_normal((layer_dims[l - 1], layer_dims[l])) * 0.01",
        "rng.standard_normal((layer_dims[l], layer_dims[l - 1])) * 0.01",
        "rng.standard_normal((layer_dims[l], layer_dims[l - 1]))",
    ),
    Fix(
        "transpose",
        "linear_forward",
        LINEAR_FORWARD,
        "np.dot(A_prev.T, W.T) + b.T",
        "np.dot(W, A_prev) + b",
        "check which factor of the product is transposed",
    ),
    Fix(
        "missing_1_over_m",
        "linear_backward",
        LINEAR_BACKWARD,
        f"dW = np.dot(dZ, A_prev.T); {DB}",
        f"{DW}; {DB}",
        "dW = np.dot(dZ, A_prev.T) / m",
    ),
    Fix(
        "m_twice",
        "linear_backward",
        LINEAR_BACKWARD,
        f"{DW} / m; {DB}",
        f"{DW}; {DB}",
        "dW = np.dot(dZ, A_prev.T) / m",
    ),
    Fix(
        "wrong_axis",
        "linear_backward",
        LINEAR_BACKWARD,
        f"{DW}; db = np.sum(dZ, axis=0, keepdims=True) / m",
        f"{DW}; {DB}",
        "np.sum(dZ, axis=1, keepdims=True) / m",
    ),
    Fix(
        "rank1",
        "linear_backward",
        LINEAR_BACKWARD,
        f"{DW}; db = np.sum(dZ, axis=1) / m",
        f"{DW}; {DB}",
        "sum with keepdims=True",
    ),
    Fix(
        "z_a_mixup",
        "sigmoid_backward",
        SIGMOID_BACKWARD,
        "dA * Z * (1 - Z)",
        "dA * s * (1 - s)",
        "dZ = dA * s * (1 - s)",
    ),
    Fix(
        "z_a_mixup",
        "tanh_backward",
        "def tanh_backward(dA, Z):\n    A = np.tanh(Z)\n    return {line}\n",
        "dA * (1 - Z ** 2)",
        "dA * (1 - A ** 2)",
        "dZ = dA * (1 - A ** 2)",
    ),
    Fix(
        "wrong_activation",
        "sigmoid_backward",
        SIGMOID_BACKWARD,
        "dA * (1 - np.tanh(Z) ** 2)",
        "dA * s * (1 - s)",
        "dZ = dA * s * (1 - s)",
    ),
    Fix(
        "missing_chain_dA",
        "relu_backward",
        "def relu_backward(dA, Z):\n    return {line}\n",
        "(Z > 0).astype(float)",
        "dA * (Z > 0)",
        "dZ = dA * (Z > 0)",
    ),
    Fix(
        "skipped_derivative",
        "linear_activation_backward",
        """
def linear_activation_backward(dA, cache, activation):
    linear_cache, Z = cache
    dZ = {line}
    return nncore.linear_backward(dZ, nncore.LinearCache(*linear_cache))
""",
        "dA",
        "nncore.relu_backward(dA, Z) if activation == 'relu' else nncore.sigmoid_backward(dA, Z)",
        "call relu_backward(dA, Z) or sigmoid_backward(dA, Z)",
    ),
    Fix(
        "sign_error",
        "compute_cost",
        COST,
        "float(np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m)",
        "float(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m)",
        "cost = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m",
    ),
    Fix(
        "update_plus",
        "update_parameters",
        UPDATE,
        "parameters[k] = parameters[k] + learning_rate * grads['d' + k]",
        "parameters[k] = parameters[k] - learning_rate * grads['d' + k]",
        "W1 = W1 - learning_rate * dW1",
    ),
    Fix(
        "missing_bias",
        "linear_forward",
        LINEAR_FORWARD,
        "np.dot(W, A_prev)",
        "np.dot(W, A_prev) + b",
        "Z = np.dot(W, A_prev) + b",
    ),
    Fix(
        "elementwise_product",
        "linear_forward",
        LINEAR_FORWARD,
        "W * A_prev + b",
        "np.dot(W, A_prev) + b",
        "np.dot(W, A_prev) or W @ A_prev",
    ),
    Fix(
        "off_by_one",
        "forward_propagation",
        FORWARD,
        "len(parameters)",
        "len(parameters) // 2",
        "L = len(parameters) // 2",
    ),
    Fix(
        "cache_contents",
        "linear_activation_forward",
        """
def linear_activation_forward(A_prev, W, b, activation):
    Z = np.dot(W, A_prev) + b
    A = np.maximum(0, Z) if activation == "relu" else 1 / (1 + np.exp(-Z))
    return A, {line}
""",
        "((A_prev, W, b), A)",
        "((A_prev, W, b), Z)",
        "cache = ((A_prev, W, b), Z)",
    ),
    Fix(
        "cost_array",
        "compute_cost",
        COST,
        "-(np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL).T)) / m",
        "float(np.squeeze(-(np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL).T)) / m))",
        "float(np.squeeze(cost))",
    ),
    Fix(
        "probabilities_not_labels",
        "predict",
        "def predict(X, parameters):\n"
        "    AL, _ = nncore.forward_propagation(X, parameters)\n"
        "    return {line}\n",
        "AL",
        "(AL > 0.5).astype(int)",
        "(AL > 0.5).astype(int)",
    ),
    Fix(
        "symmetric_init",
        "initialize_parameters",
        INIT,
        "np.zeros((layer_dims[l], layer_dims[l - 1]))",
        "rng.standard_normal((layer_dims[l], layer_dims[l - 1])) * np.sqrt(2 / layer_dims[l - 1])",
        "rng.standard_normal(shape) * scale (for example scale = np.sqrt(2 / layer_dims[l - 1])",
    ),
    Fix(
        "mutates_input",
        "update_parameters",
        UPDATE,
        "parameters[k] -= learning_rate * grads['d' + k]",
        "parameters[k] = parameters[k] - learning_rate * grads['d' + k]",
        "W = W - ..., not W -= ...",
    ),
    Fix(
        "global_random",
        "initialize_parameters",
        INIT,
        "np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01",
        "rng.standard_normal((layer_dims[l], layer_dims[l - 1])) * 0.01",
        "rng.standard_normal(shape), never np.random.seed or np.random.randn",
    ),
    Fix(
        "cost_after_update",
        "train",
        TRAIN,
        "parameters = nncore.update_parameters(parameters, grads, learning_rate); "
        "costs.append(nncore.compute_cost(nncore.forward_propagation(X, parameters)[0], Y))",
        "costs.append(nncore.compute_cost(AL, Y)); "
        "parameters = nncore.update_parameters(parameters, grads, learning_rate)",
        "costs.append(compute_cost(AL, Y))",
    ),
    Fix(
        "loop_over_examples",
        "sigmoid",
        "def sigmoid(Z):\n    return {line}\n",
        "np.array([[1 / (1 + np.exp(-z)) for z in row] for row in Z])",
        "1 / (1 + np.exp(-Z))",
        "replace the loop by one array operation on all m columns at once",
    ),
]


# The same mistakes in other checks: the whole-model ones and week 2's.
FIXES += [
    Fix(
        "update_plus",
        "train",
        TRAIN,
        "costs.append(nncore.compute_cost(AL, Y)); "
        "parameters = {k: v + learning_rate * grads['d' + k] for k, v in parameters.items()}",
        "costs.append(nncore.compute_cost(AL, Y)); "
        "parameters = {k: v - learning_rate * grads['d' + k] for k, v in parameters.items()}",
        "W1 = W1 - learning_rate * dW1",
    ),
    Fix(
        "cost_after_update",
        "optimize",
        """
def optimize(w, b, X, Y, num_iterations, learning_rate):
    costs = []
    for i in range(num_iterations):
        m = X.shape[1]
        A = 1 / (1 + np.exp(-(np.dot(w.T, X) + b)))
        cost = float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m)
        dw, db = np.dot(X, (A - Y).T) / m, float(np.sum(A - Y) / m)
        {line}
    return {{"w": w, "b": b}}, {{"dw": dw, "db": db}}, costs
""",
        "w, b = w - learning_rate * dw, b - learning_rate * db; "
        "costs.append(float(np.mean(np.logaddexp(0, -(2 * Y - 1) * (np.dot(w.T, X) + b)))))",
        "costs.append(cost); w, b = w - learning_rate * dw, b - learning_rate * db",
        "costs.append(cost)",
    ),
    Fix(
        "sign_error",
        "loss",
        "def loss(AL, Y):\n    return {line}\n",
        "Y * np.log(AL) + (1 - Y) * np.log(1 - AL)",
        "-(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))",
        "L(a, y) = -(y log a + (1 - y) log(1 - a))",
    ),
    Fix(
        "missing_1_over_m",
        "compute_cost",
        COST,
        "float(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)))",
        "float(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m)",
        "cost = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m",
    ),
    Fix(
        "m_twice",
        "cost_backward",
        "def cost_backward(AL, Y):\n    m = Y.shape[1]\n    return {line}\n",
        "-(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL)) / m",
        "-(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))",
        "dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL)), with no 1/m",
    ),
    Fix(
        "missing_1_over_m",
        "propagate",
        """
def propagate(w, b, X, Y):
    m = X.shape[1]
    A = 1 / (1 + np.exp(-(np.dot(w.T, X) + b)))
    cost = float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m)
    dw = {line}
    return {{"dw": dw, "db": float(np.sum(A - Y) / m)}}, cost
""",
        "np.dot(X, (A - Y).T)",
        "np.dot(X, (A - Y).T) / m",
        "dw = np.dot(X, (A - Y).T) / m",
    ),
    Fix(
        "rank1",
        "initialize_with_zeros",
        "def initialize_with_zeros(dim):\n    return {line}, 0.0\n",
        "np.zeros(dim)",
        "np.zeros((dim, 1))",
        "np.zeros((2, 1)), a column",
    ),
    Fix(
        "probabilities_not_labels",
        "predict_logistic",
        "def predict(w, b, X):\n    A = 1 / (1 + np.exp(-(np.dot(w.T, X) + b)))\n    return {line}\n",
        "A",
        "(A > 0.5).astype(float)",
        "Y_prediction = (A > 0.5).astype(float)",
    ),
]


# Mistakes named on another branch of issue 20 (the layer checks'): these run once their names are
# in check.MISTAKES, and are skipped before.
FIXES += [
    Fix(
        "flipped_sigmoid",
        "sigmoid",
        "def sigmoid(Z):\n    return {line}\n",
        "1 / (1 + np.exp(Z))",
        "1 / (1 + np.exp(-Z))",
        "A = 1 / (1 + np.exp(-Z))",
    ),
    Fix(
        "matrix_product_for_elementwise",
        "sigmoid_backward",
        SIGMOID_BACKWARD,
        "np.dot(dA, s * (1 - s))",
        "dA * (s * (1 - s))",
        "dA * (s * (1 - s))",
    ),
    Fix(
        "return_order",
        "linear_forward",
        "def linear_forward(A_prev, W, b):\n    Z = np.dot(W, A_prev) + b\n    return {line}\n",
        "(A_prev, W, b), Z",
        "Z, (A_prev, W, b)",
        "return Z, cache",
    ),
]


class UnnamedFix(NamedTuple):
    """A report with no mistake name (none applies), but a Fix line all the same."""

    step: str
    template: str
    wrong: str
    right: str
    said: str
    kwargs: dict = {}


# The same names in three more places: the bias in logistic regression's propagate, and the loop
# over the layers in update_parameters and initialize_parameters.
FIXES += [
    Fix(
        "missing_bias",
        "propagate",
        """
def propagate(w, b, X, Y):
    m = X.shape[1]
    A = 1 / (1 + np.exp(-({line})))
    cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
    return {{"dw": np.dot(X, (A - Y).T) / m, "db": np.sum(A - Y) / m}}, float(cost)
""",
        "np.dot(w.T, X)",
        "np.dot(w.T, X) + b",
        "A = sigmoid(np.dot(w.T, X) + b)",
    ),
    Fix(
        "off_by_one",
        "update_parameters",
        """
def update_parameters(parameters, grads, learning_rate):
    parameters = dict(parameters)
    L = len(parameters) // 2
    for l in {line}:
        parameters["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads["dW" + str(l)]
        parameters["b" + str(l)] = parameters["b" + str(l)] - learning_rate * grads["db" + str(l)]
    return parameters
""",
        "range(1, L)",
        "range(1, L + 1)",
        "for l in range(1, L + 1)",
    ),
    Fix(
        "off_by_one",
        "initialize_parameters_deep",
        """
def initialize_parameters_deep(layer_dims, rng):
    parameters = {{}}
    for l in {line}:
        W = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) * np.sqrt(2 / layer_dims[l - 1])
        parameters["W" + str(l)], parameters["b" + str(l)] = W, np.zeros((layer_dims[l], 1))
    return parameters
""",
        "range(1, len(layer_dims) - 1)",
        "range(1, len(layer_dims))",
        "for l in range(1, len(layer_dims))",
    ),
]

UNNAMED = [
    UnnamedFix(
        "loss",
        "def loss(AL, Y):\n    AL = {line}\n    return -(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))\n",
        "np.clip(AL, 0.01, 0.99)",
        "np.clip(AL, 1e-15, 1 - 1e-15)",
        "clip no further than np.clip(AL, 1e-15, 1 - 1e-15)",
    ),
    UnnamedFix(
        "compute_cost",
        COST,
        "np.mean(-(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)))",
        "float(np.mean(-(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))))",
        "return float(cost)",
    ),
    UnnamedFix(
        "initialize_parameters",
        INIT,
        "rng.standard_normal((layer_dims[l], layer_dims[l - 1]))",
        "rng.standard_normal((layer_dims[l], layer_dims[l - 1])) * 0.01",
        "W1 = rng.standard_normal((n_h, n_x)) * 0.01",
        {"num_layers": 2, "small": True},
    ),
    UnnamedFix(
        "train",
        TRAIN.replace("for _ in", "for i in"),
        "costs += [nncore.compute_cost(AL, Y)] if i % 100 == 0 else []; "
        "parameters = nncore.update_parameters(parameters, grads, learning_rate)",
        "costs += [nncore.compute_cost(AL, Y)]; "
        "parameters = nncore.update_parameters(parameters, grads, learning_rate)",
        "append the cost at every iteration, without the `if`",
    ),
]


def compile_fix(template, line):
    """The function the template defines, with its source registered, so that a report can quote
    the learner's line (as it does for a notebook cell)."""
    source = template.format(line=line)
    filename = f"<fix {abs(hash(source))}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    namespace = {"np": np, "nncore": nncore}
    exec(compile(source, filename, "exec"), namespace)  # the test's own source templates
    return next(v for k, v in namespace.items() if callable(v) and k not in ("np", "nncore"))


def _fix_line(message):
    """What the report's last "Fix:" says, to the end of its line."""
    return message.split("Fix:")[-1].splitlines()[0] if "Fix:" in message else ""


@pytest.mark.parametrize("fix", FIXES, ids=[f"{f.mistake}-{f.step}" for f in FIXES])
def test_the_fix_the_report_gives_makes_the_mutant_pass(fix):
    if fix.mistake not in check.MISTAKES:
        pytest.skip(f"{fix.mistake} is not a named mistake on this branch yet")
    check_fn = getattr(check, fix.step)
    mutant = check_fn(compile_fix(fix.template, fix.wrong), **fix.kwargs)
    assert mutant.mistake == fix.mistake, mutant.message
    assert fix.said in _fix_line(mutant.message), mutant.message
    fixed = check_fn(compile_fix(fix.template, fix.right), **fix.kwargs)
    assert fixed.passed, fixed.message


@pytest.mark.parametrize("fix", UNNAMED, ids=[f.step for f in UNNAMED])
def test_an_unnamed_report_s_fix_makes_it_pass_too(fix):
    check_fn = getattr(check, fix.step)
    wrong = check_fn(compile_fix(fix.template, fix.wrong), **fix.kwargs)
    assert not wrong.passed and wrong.mistake is None, wrong.message
    assert fix.said in _fix_line(wrong.message), wrong.message
    fixed = check_fn(compile_fix(fix.template, fix.right), **fix.kwargs)
    assert fixed.passed, fixed.message


def test_every_named_mistake_has_a_fix_that_is_followed():
    covered = {f.mistake for f in FIXES}
    assert set(check.MISTAKES) <= covered, sorted(set(check.MISTAKES) - covered)
