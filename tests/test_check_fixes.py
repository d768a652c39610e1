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
    layer: int | None = None  # the layer the report must name (result.layer), where the mistake sits in one


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


# ---------------------------------------------------------------- the same names inside the compound checks
# Each template is the right function as a learner of the course writes it: P2's two-layer tanh network
# by hand (no loop), P3's L-layer passes with a loop over the layers, and the layer steps. ``_at`` turns
# one of its lines into the slot, so a case says which line the mutant changes.


def _at(template, line):
    """``template`` with its one ``line`` made the ``{line}`` slot."""
    assert template.count(line) == 1, line
    return template.replace(line, "{line}")


P2 = {"hidden_activation": "tanh", "num_layers": 2}

P2_BACKWARD = """
def backward_propagation(AL, Y, caches):
    m = Y.shape[1]
    (X, W1, b1), Z1 = caches[0]
    (A1, W2, b2), Z2 = caches[1]
    dZ2 = AL - Y
    dW2 = np.dot(dZ2, A1.T) / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dA1 = np.dot(W2.T, dZ2)
    dZ1 = dA1 * (1 - A1 ** 2)
    dW1 = np.dot(dZ1, X.T) / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {{"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}}
"""
P2_DZ1, P2_DW1, P2_DB1 = (
    "dZ1 = dA1 * (1 - A1 ** 2)",
    "dW1 = np.dot(dZ1, X.T) / m",
    "db1 = np.sum(dZ1, axis=1, keepdims=True) / m",
)

P3_BACKWARD = """
def backward_propagation(AL, Y, caches):
    grads, L, m = {{}}, len(caches), AL.shape[1]
    dA = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    for l in reversed(range(1, L + 1)):
        (A_prev, W, b), Z = caches[l - 1]
        if l == L:
            s = 1 / (1 + np.exp(-Z))
            dZ = dA * s * (1 - s)
        else:
            dZ = dA * (Z > 0)
        grads["dW" + str(l)] = np.dot(dZ, A_prev.T) / m
        grads["db" + str(l)] = np.sum(dZ, axis=1, keepdims=True) / m
        dA = np.dot(W.T, dZ)
        grads["dA" + str(l - 1)] = dA
    return grads
"""
P3_DAL, P3_OUT, P3_HIDDEN = (
    "dA = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))",
    "dZ = dA * s * (1 - s)",
    "dZ = dA * (Z > 0)",
)
P3_DW, P3_DB, P3_DA = (
    'grads["dW" + str(l)] = np.dot(dZ, A_prev.T) / m',
    'grads["db" + str(l)] = np.sum(dZ, axis=1, keepdims=True) / m',
    "dA = np.dot(W.T, dZ)",
)

P2_FORWARD = """
def forward_propagation(X, parameters):
    W1, b1, W2, b2 = parameters["W1"], parameters["b1"], parameters["W2"], parameters["b2"]
    Z1 = np.dot(W1, X) + b1
    A1 = np.tanh(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = 1 / (1 + np.exp(-Z2))
    caches = [((X, W1, b1), Z1), ((A1, W2, b2), Z2)]
    return A2, caches
"""
P2_CACHES = "caches = [((X, W1, b1), Z1), ((A1, W2, b2), Z2)]"

P3_FORWARD = """
def forward_propagation(X, parameters):
    caches, A, L = [], X, len(parameters) // 2
    for l in range(1, L + 1):
        A_prev, W, b = A, parameters["W" + str(l)], parameters["b" + str(l)]
        Z = np.dot(W, A_prev) + b
        A = 1 / (1 + np.exp(-Z)) if l == L else np.maximum(0, Z)
        caches.append(((A_prev, W, b), Z))
    return A, caches
"""
P3_Z, P3_A, P3_CACHE = (
    "Z = np.dot(W, A_prev) + b",
    "A = 1 / (1 + np.exp(-Z)) if l == L else np.maximum(0, Z)",
    "caches.append(((A_prev, W, b), Z))",
)

LAYER_FORWARD = """
def linear_activation_forward(A_prev, W, b, activation):
    Z = np.dot(W, A_prev) + b
    A = 1 / (1 + np.exp(-Z)) if activation == "sigmoid" else np.maximum(0, Z)
    return A, ((A_prev, W, b), Z)
"""

LAYER_BACKWARD = """
def linear_activation_backward(dA, cache, activation):
    (A_prev, W, b), Z = cache
    m = A_prev.shape[1]
    if activation == "sigmoid":
        s = 1 / (1 + np.exp(-Z))
        dZ = dA * s * (1 - s)
    else:
        dZ = dA * (Z > 0)
    return np.dot(W.T, dZ), np.dot(dZ, A_prev.T) / m, np.sum(dZ, axis=1, keepdims=True) / m
"""

LINEAR_STEP_BACKWARD = """
def linear_backward(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = np.dot(dZ, A_prev.T) / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db
"""

_TANH = "dZ1 = dA1 * g'(Z1), tanh_backward(dA1, Z1)"
_RELU = "dZ1 = dA1 * g'(Z1), relu_backward(dA1, Z1)"

FIXES += [
    # P2: backward_propagation of the two-layer tanh network, by hand
    Fix("sign_error", "backward_propagation", _at(P2_BACKWARD, P2_DZ1), "dZ1 = dA1 * (A1 ** 2 - 1)",
        P2_DZ1, f"{_TANH}, with its sign", P2, 1),
    Fix("sign_error", "backward_propagation", _at(P2_BACKWARD, "dZ2 = AL - Y"), "dZ2 = Y - AL",
        "dZ2 = AL - Y", "dZ[L] = AL - Y", P2, 2),
    Fix("skipped_derivative", "backward_propagation", _at(P2_BACKWARD, P2_DZ1), "dZ1 = dA1",
        "dZ1 = nncore.tanh_backward(dA1, Z1)", _TANH, P2, 1),
    Fix("wrong_activation", "backward_propagation", _at(P2_BACKWARD, P2_DZ1), "dZ1 = dA1 * (Z1 > 0)",
        P2_DZ1, f"layer 1 is hidden, tanh: {_TANH}", P2, 1),
    Fix("missing_chain_dA", "backward_propagation", _at(P2_BACKWARD, P2_DZ1), "dZ1 = 1 - A1 ** 2",
        P2_DZ1, f"multiply by the gradient from above: {_TANH}", P2, 1),
    Fix("z_a_mixup", "backward_propagation", _at(P2_BACKWARD, P2_DZ1), "dZ1 = dA1 * (1 - Z1 ** 2)",
        "dZ1 = dA1 * (1 - np.tanh(Z1) ** 2)", "dZ1 = dA1 * (1 - np.tanh(Z1) ** 2)", P2, 1),
    Fix("missing_1_over_m", "backward_propagation", _at(P2_BACKWARD, P2_DW1), "dW1 = np.dot(dZ1, X.T)",
        P2_DW1, "dW1 = np.dot(dZ1, A_prev.T) / m", P2, 1),
    Fix("m_twice", "backward_propagation", _at(P2_BACKWARD, P2_DW1), "dW1 = np.dot(dZ1, X.T) / m / m",
        P2_DW1, "divide by m once, in dW1 and db1: dW1 = np.dot(dZ1, A_prev.T) / m", P2, 1),
    Fix("m_twice", "backward_propagation", _at(P2_BACKWARD, "dA1 = np.dot(W2.T, dZ2)"),
        "dA1 = np.dot(W2.T, dZ2) / m", "dA1 = np.dot(W2.T, dZ2)",
        "dA1 = np.dot(W2.T, dZ2) takes no 1/m", P2, 1),
    Fix("transpose", "backward_propagation", _at(P2_BACKWARD, P2_DW1), "dW1 = np.dot(X, dZ1.T) / m",
        P2_DW1, "dW1 must be (3, 2) (see the notation): check which factor", P2, 1),
    Fix("transpose", "backward_propagation", _at(P2_BACKWARD, P2_DW1), "dW1 = np.dot(dZ1, X) / m",
        P2_DW1, "Transpose one: np.dot(dZ1, X.T)", P2),
    Fix("rank1", "backward_propagation", _at(P2_BACKWARD, P2_DB1), "db1 = np.sum(dZ1, axis=1) / m",
        P2_DB1, "sum with keepdims=True", P2, 1),
    Fix("wrong_axis", "backward_propagation", _at(P2_BACKWARD, P2_DB1),
        "db1 = np.sum(dZ1, axis=0, keepdims=True) / m", P2_DB1,
        "db1 = np.sum(dZ1, axis=1, keepdims=True) / m", P2, 1),
    # P3: backward_propagation of the L-layer network, a loop over the layers (layer 2 is the output
    # layer of the check's first case, layer 1 its hidden one)
    Fix("sign_error", "backward_propagation", _at(P3_BACKWARD, P3_DAL),
        "dA = np.divide(Y, AL) - np.divide(1 - Y, 1 - AL)", "dA = -(Y / AL - (1 - Y) / (1 - AL))",
        "dA[L] = -(Y / AL - (1 - Y) / (1 - AL))", layer=2),
    Fix("sign_error", "backward_propagation", _at(P3_BACKWARD, P3_HIDDEN), "dZ = -dA * (Z > 0)",
        P3_HIDDEN, f"{_RELU}, with its sign", layer=1),
    Fix("skipped_derivative", "backward_propagation", _at(P3_BACKWARD, P3_HIDDEN), "dZ = dA",
        "dZ = nncore.relu_backward(dA, Z)", _RELU, layer=1),
    Fix("skipped_derivative", "backward_propagation", _at(P3_BACKWARD, P3_OUT), "dZ = dA", "dZ = AL - Y",
        "dZ[L] = dA[L] * sigmoid'(Z[L]), which is AL - Y", layer=2),
    Fix("missing_chain_dA", "backward_propagation", _at(P3_BACKWARD, P3_HIDDEN),
        "dZ = (Z > 0).astype(float)", P3_HIDDEN, f"multiply by the gradient from above: {_RELU}", layer=1),
    Fix("wrong_activation", "backward_propagation", _at(P3_BACKWARD, P3_HIDDEN),
        "dZ = dA * (1 - np.tanh(Z) ** 2)", P3_HIDDEN, f"layer 1 is hidden, relu: {_RELU}", layer=1),
    Fix("wrong_activation", "backward_propagation", _at(P3_BACKWARD, P3_OUT), "dZ = dA * (Z > 0)",
        "dZ = nncore.sigmoid_backward(dA, Z)", "sigmoid_backward(dAL, Z[L])", layer=2),
    Fix("missing_1_over_m", "backward_propagation", _at(P3_BACKWARD, P3_DW),
        'grads["dW" + str(l)] = np.dot(dZ, A_prev.T)', P3_DW, "dW2 = np.dot(dZ2, A_prev.T) / m", layer=2),
    Fix("m_twice", "backward_propagation", _at(P3_BACKWARD, P3_DAL),
        "dA = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL)) / m", P3_DAL,
        "dA[L] = -(Y / AL - (1 - Y) / (1 - AL)) takes no 1/m", layer=2),
    Fix("m_twice", "backward_propagation", _at(P3_BACKWARD, P3_DA), "dA = np.dot(W.T, dZ) / m", P3_DA,
        "dA1 = np.dot(W2.T, dZ2), with no 1/m", layer=2),
    Fix("transpose", "backward_propagation", _at(P3_BACKWARD, P3_DW),
        'grads["dW" + str(l)] = np.dot(dZ, A_prev) / m', P3_DW, "Transpose one: np.dot(dZ, A_prev.T)"),
    Fix("transpose", "backward_propagation", _at(P3_BACKWARD, P3_DA), "dA = np.dot(W, dZ)", P3_DA,
        "Transpose one: np.dot(W.T, dZ)"),
    Fix("rank1", "backward_propagation", _at(P3_BACKWARD, P3_DB),
        'grads["db" + str(l)] = np.sum(dZ, axis=1) / m', P3_DB, "sum with keepdims=True", layer=2),
    Fix("wrong_axis", "backward_propagation", _at(P3_BACKWARD, P3_DB),
        'grads["db" + str(l)] = np.sum(dZ, axis=0, keepdims=True) / m', P3_DB,
        "db2 = np.sum(dZ2, axis=1, keepdims=True) / m", layer=2),
    # P2: forward_propagation by hand
    Fix("cache_contents", "forward_propagation", _at(P2_FORWARD, P2_CACHES),
        "caches = [((X, W1, b1), Z1), ((X, W2, b2), Z2)]", P2_CACHES,
        "Layer 2's A_prev is A1, its W is W2, its b is b2", P2, 2),
    Fix("cache_contents", "forward_propagation", _at(P2_FORWARD, P2_CACHES),
        "caches = [((X, W1, b1), A1), ((A1, W2, b2), A2)]", P2_CACHES, "cache = ((A_prev, W, b), Z)", P2, 1),
    Fix("missing_bias", "forward_propagation", _at(P2_FORWARD, "Z1 = np.dot(W1, X) + b1"),
        "Z1 = np.dot(W1, X)", "Z1 = np.dot(W1, X) + b1", "Z1 = np.dot(W1, X) + b1", P2, 1),
    Fix("missing_bias", "forward_propagation", _at(P2_FORWARD, "Z2 = np.dot(W2, A1) + b2"),
        "Z2 = np.dot(W2, A1)", "Z2 = np.dot(W2, A1) + b2", "Z2 = np.dot(W2, A1) + b2", P2, 2),
    Fix("return_order", "forward_propagation", _at(P2_FORWARD, "return A2, caches"), "return caches, A2",
        "return A2, caches", "return AL, caches", P2),
    Fix("transpose", "forward_propagation", _at(P2_FORWARD, "Z1 = np.dot(W1, X) + b1"),
        "Z1 = np.dot(W1.T, X) + b1", "Z1 = np.dot(W1, X) + b1", "Transpose one: np.dot(W1, X)", P2),
    Fix("wrong_activation", "forward_propagation", _at(P2_FORWARD, "A1 = np.tanh(Z1)"),
        "A1 = np.maximum(0, Z1)", "A1 = np.tanh(Z1)", "A1 = tanh(Z1)", P2, 1),
    Fix("wrong_activation", "forward_propagation", _at(P2_FORWARD, "A2 = 1 / (1 + np.exp(-Z2))"),
        "A2 = np.tanh(Z2)", "A2 = 1 / (1 + np.exp(-Z2))", "AL = sigmoid(Z[L])", P2),
    # P3: forward_propagation, a loop over the layers
    Fix("cache_contents", "forward_propagation", _at(P3_FORWARD, P3_CACHE), "caches.append(((A, W, b), Z))",
        P3_CACHE, "Layer 1's A_prev is X", layer=1),
    Fix("cache_contents", "forward_propagation", _at(P3_FORWARD, P3_CACHE),
        "caches.append(((A_prev, W, b), A))", P3_CACHE, "cache = ((A_prev, W, b), Z)", layer=1),
    Fix("cache_contents", "forward_propagation", _at(P3_FORWARD, P3_CACHE),
        "caches.append((Z, (A_prev, W, b)))", "caches.append(((A_prev, W, b), Z))",
        "cache = (linear_cache, Z)", layer=1),
    Fix("missing_bias", "forward_propagation", _at(P3_FORWARD, P3_Z), "Z = np.dot(W, A_prev)", P3_Z,
        "Z1 = np.dot(W1, X) + b1", layer=1),
    Fix("return_order", "forward_propagation", _at(P3_FORWARD, "return A, caches"), "return caches, A",
        "return A, caches", "return AL, caches"),
    Fix("transpose", "forward_propagation", _at(P3_FORWARD, P3_Z), "Z = np.dot(W.T, A_prev) + b", P3_Z,
        "Transpose one: np.dot(W, A_prev)"),
    Fix("wrong_activation", "forward_propagation", _at(P3_FORWARD, P3_A),
        "A = 1 / (1 + np.exp(-Z)) if l == L else np.tanh(Z)", P3_A, "A1 = relu(Z1)", layer=1),
    Fix("wrong_activation", "forward_propagation", _at(P3_FORWARD, P3_A), "A = np.maximum(0, Z)", P3_A,
        "AL = sigmoid(Z[L])"),
    # one layer: forward and backward steps
    Fix("missing_bias", "linear_activation_forward", _at(LAYER_FORWARD, "Z = np.dot(W, A_prev) + b"),
        "Z = np.dot(W, A_prev)", "Z = np.dot(W, A_prev) + b", "Z = np.dot(W, A_prev) + b"),
    Fix("return_order", "linear_activation_forward", _at(LAYER_FORWARD, "return A, ((A_prev, W, b), Z)"),
        "return ((A_prev, W, b), Z), A", "return A, ((A_prev, W, b), Z)", "return A, cache"),
    Fix("missing_chain_dA", "linear_activation_backward", _at(LAYER_BACKWARD, "dZ = dA * s * (1 - s)"),
        "dZ = s * (1 - s)", "dZ = dA * s * (1 - s)", "multiply by the gradient from above: dZ = dA * g'(Z)"),
    Fix("missing_chain_dA", "linear_activation_backward", _at(LAYER_BACKWARD, "dZ = dA * (Z > 0)"),
        "dZ = (Z > 0).astype(float)", "dZ = nncore.relu_backward(dA, Z)", "relu_backward(dA, Z)"),
    Fix("z_a_mixup", "linear_activation_backward", _at(LAYER_BACKWARD, "dZ = dA * s * (1 - s)"),
        "dZ = dA * Z * (1 - Z)", "dZ = dA * s * (1 - s)", "s(1 - s) needs s = sigmoid(Z), not Z itself"),
    Fix("cache_contents", "linear_forward", _at(LINEAR_FORWARD.format(line="np.dot(W, A_prev) + b"),
        "return Z, (A_prev, W, b)"), "return Z, (W, A_prev, b)", "return Z, (A_prev, W, b)",
        "cache = (A_prev, W, b)"),
    Fix("cache_contents", "linear_forward", _at(LINEAR_FORWARD.format(line="np.dot(W, A_prev) + b"),
        "return Z, (A_prev, W, b)"), "return Z, (A_prev, W, b, Z)", "return Z, (A_prev, W, b)",
        "cache = (A_prev, W, b)"),
    Fix("return_order", "linear_backward", _at(LINEAR_STEP_BACKWARD, "return dA_prev, dW, db"),
        "return dW, db, dA_prev", "return dA_prev, dW, db", "return dA_prev, dW, db"),
    Fix("transpose", "linear_backward", _at(LINEAR_STEP_BACKWARD, "dW = np.dot(dZ, A_prev.T) / m"),
        "dW = np.dot(dZ, A_prev) / m", "dW = np.dot(dZ, A_prev.T) / m",
        "Transpose one: np.dot(dZ, A_prev.T)"),
    Fix("transpose", "linear_backward", _at(LINEAR_STEP_BACKWARD, "dA_prev = np.dot(W.T, dZ)"),
        "dA_prev = np.dot(W, dZ)", "dA_prev = np.dot(W.T, dZ)", "Transpose one: np.dot(W.T, dZ)"),
    # the loop over the layers, a changed input, a loop over the examples: in the whole passes too
    Fix("off_by_one", "backward_propagation", _at(P3_BACKWARD, "for l in reversed(range(1, L + 1)):"),
        "for l in reversed(range(1, L)):", "for l in reversed(range(1, L + 1)):",
        "for l in reversed(range(1, L + 1))"),
    Fix("off_by_one", "backward_propagation", _at(P3_BACKWARD, "(A_prev, W, b), Z = caches[l - 1]"),
        "(A_prev, W, b), Z = caches[l]", "(A_prev, W, b), Z = caches[l - 1]",
        "layer l's cache is caches[l - 1]"),
    Fix("off_by_one", "forward_propagation", _at(P3_FORWARD, "for l in range(1, L + 1):"),
        "for l in range(1, L):", "for l in range(1, L + 1):", "Loop with range(1, L + 1)"),
    Fix("mutates_input", "backward_propagation", _at(P3_BACKWARD, "(A_prev, W, b), Z = caches[l - 1]"),
        "(A_prev, W, b), Z = caches.pop()", "(A_prev, W, b), Z = caches[l - 1]",
        "never assign into the arrays or dicts you were given"),
    Fix("mutates_input", "forward_propagation",
        _at(P3_FORWARD, 'A_prev, W, b = A, parameters["W" + str(l)], parameters["b" + str(l)]'),
        'A_prev, W, b = A, parameters.pop("W" + str(l)), parameters.pop("b" + str(l))',
        'A_prev, W, b = A, parameters["W" + str(l)], parameters["b" + str(l)]',
        "never assign into the arrays or dicts you were given"),
    Fix("mutates_input", "linear_activation_backward", _at(LAYER_BACKWARD, "dZ = dA * (Z > 0)"),
        "dZ = dA; dZ[Z <= 0] = 0", "dZ = np.array(dA, copy=True); dZ[Z <= 0] = 0",  # as the course
        "never assign into the arrays or dicts you were given"),
    Fix("loop_over_examples", "forward_propagation", _at(P2_FORWARD, "A1 = np.tanh(Z1)"),
        "A1 = np.array([np.tanh(Z1[:, i]) for i in range(Z1.shape[1])]).T", "A1 = np.tanh(Z1)",
        "replace the loop by one array operation on all m columns at once", P2),
    Fix("loop_over_examples", "backward_propagation", _at(P2_BACKWARD, P2_DZ1),
        "dZ1 = np.array([dA1[:, i] * (1 - A1[:, i] ** 2) for i in range(m)]).T", P2_DZ1,
        "replace the loop by one array operation on all m columns at once", P2),
    Fix("sign_error", "sigmoid_backward", SIGMOID_BACKWARD, "dA * s * (s - 1)", "dA * s * (1 - s)",
        "check each minus sign in its formula"),
    Fix("sign_error", "tanh_backward", "def tanh_backward(dA, Z):\n    A = np.tanh(Z)\n    return {line}\n",
        "dA * (A ** 2 - 1)", "dA * (1 - A ** 2)", "check each minus sign in its formula"),
]  # fmt: skip


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
    if fix.layer is not None:
        assert mutant.layer == fix.layer, mutant.message
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


def test_every_mistake_a_compound_check_names_has_a_fix_followed_in_that_check():
    """Every (check, mistake) pair named by the layer-name mutants or by a whole pass's per-layer
    variants has a case above in that same check."""
    from nncore.check.passes import backward_variants, forward_variants
    from tests.test_check_layers_names import NAMED

    named = {(step, mistake) for step, _, mistake in NAMED}
    for hidden in ("relu", "tanh", "sigmoid"):
        named |= {("backward_propagation", v.mistake) for v in backward_variants(hidden)}
        named |= {("forward_propagation", v.mistake) for v in forward_variants(hidden)}
    followed = {(f.step, f.mistake) for f in FIXES if f.mistake in check.MISTAKES}
    assert named <= followed, sorted(named - followed)
