"""Questions answered with code, judged by :mod:`nncore.check`.

One correct source per step (:data:`SOURCES`) is the ground for both kinds of question:

* :data:`FORMULAS`, "formulas from memory": one line of a source is blanked; the learner writes it.
* :data:`BUGS`, "find the bug": one line of a source is replaced by the buggy line of one named
  mistake (a key of :data:`nncore.check.MISTAKES`); the learner gives the line number and the fix.

Either way the learner's line goes back into the source, the source is executed, and
``nncore.check.<step>`` judges the function: any right formulation passes, and a wrong one is
named by the checker's own message. A mistake the checker learns later has no bug here until a
:class:`Bug` is added; :func:`mistakes_without_bug` lists them (a test fails while it is not empty).
This module runs code the learner typed, in the learner's own kernel: nothing else.
"""

from __future__ import annotations

import linecache
import textwrap
from typing import NamedTuple

import numpy as np

import nncore
from nncore import check

from .feedback import Feedback

__all__ = [
    "BUGS",
    "Bug",
    "FORMULAS",
    "Formula",
    "SOURCES",
    "bug_source",
    "formula_source",
    "grade_bug",
    "grade_formula",
    "mistakes_without_bug",
    "run_source",
]

#: The correct function for each step, as the course writes it. Each line is numbered from 1 in a question.
SOURCES = {
    "linear_forward": """\
def linear_forward(A_prev, W, b):
    Z = np.dot(W, A_prev) + b
    cache = (A_prev, W, b)
    return Z, cache""",
    "linear_backward": """\
def linear_backward(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = np.dot(dZ, A_prev.T) / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db""",
    "sigmoid": """\
def sigmoid(Z):
    A = 1 / (1 + np.exp(-Z))
    return A""",
    "sigmoid_backward": """\
def sigmoid_backward(dA, Z):
    A = 1 / (1 + np.exp(-Z))
    dZ = dA * A * (1 - A)
    return dZ""",
    "relu_backward": """\
def relu_backward(dA, Z):
    dZ = dA * (Z > 0)
    return dZ""",
    "linear_activation_forward": """\
def linear_activation_forward(A_prev, W, b, activation):
    Z = np.dot(W, A_prev) + b
    A = 1 / (1 + np.exp(-Z)) if activation == "sigmoid" else np.maximum(0, Z)
    cache = ((A_prev, W, b), Z)
    return A, cache""",
    "linear_activation_backward": """\
def linear_activation_backward(dA, cache, activation):
    linear_cache, Z = cache
    dZ = nncore.sigmoid_backward(dA, Z) if activation == "sigmoid" else nncore.relu_backward(dA, Z)
    return nncore.linear_backward(dZ, linear_cache)""",
    "forward_propagation": """\
def forward_propagation(X, parameters):
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L):
        W, b = parameters["W" + str(l)], parameters["b" + str(l)]
        A, cache = nncore.linear_activation_forward(A, W, b, "relu")
        caches.append(cache)
    W, b = parameters["W" + str(L)], parameters["b" + str(L)]
    AL, cache = nncore.linear_activation_forward(A, W, b, "sigmoid")
    caches.append(cache)
    return AL, caches""",
    "compute_cost": """\
def compute_cost(AL, Y):
    m = Y.shape[1]
    cost = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m
    return float(np.squeeze(cost))""",
    "propagate": """\
def propagate(w, b, X, Y):
    m = X.shape[1]
    A = 1 / (1 + np.exp(-(np.dot(w.T, X) + b)))
    cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
    dZ = A - Y
    dw = np.dot(X, dZ.T) / m
    db = np.sum(dZ) / m
    return {"dw": dw, "db": db}, float(cost)""",
    "optimize": """\
def optimize(w, b, X, Y, num_iterations, learning_rate):
    m = X.shape[1]
    costs = []
    for i in range(num_iterations):
        A = nncore.sigmoid(np.dot(w.T, X) + b)
        dw = np.dot(X, (A - Y).T) / m
        db = np.sum(A - Y) / m
        w = w - learning_rate * dw
        b = b - learning_rate * db
        costs.append(nncore.compute_cost(A, Y))
    return {"w": w, "b": b}, {"dw": dw, "db": db}, costs""",
    "update_parameters": """\
def update_parameters(parameters, grads, learning_rate):
    new = dict(parameters)
    for key in parameters:
        new[key] = new[key] - learning_rate * grads["d" + key]
    return new""",
    "initialize_parameters": """\
def initialize_parameters(layer_dims, rng):
    rng = np.random.default_rng(rng)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters["W" + str(l)] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) * 0.01
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters""",
    "predict": """\
def predict(X, parameters):
    AL, caches = nncore.forward_propagation(X, parameters)
    predictions = (AL > 0.5).astype(float)
    return predictions""",
}


def _line_of(step, start):
    """The number (from 1) of the one line of SOURCES[step] that starts, once indented, with ``start``."""
    found = [i for i, line in enumerate(SOURCES[step].splitlines(), 1) if line.strip().startswith(start)]
    if len(found) != 1:
        raise ValueError(f"{len(found)} lines of {step} start with {start!r}; expected exactly one.")
    return found[0]


class Formula(NamedTuple):
    """Write one line from memory: line ``line`` of ``SOURCES[step]``, which assigns ``target``."""

    prompt: str
    step: str
    target: str
    topic: str

    @property
    def line(self):
        return _line_of(self.step, self.target + " =")

    @property
    def answer(self):
        """The course's own line (one right answer of many)."""
        return SOURCES[self.step].splitlines()[self.line - 1].strip()


#: The formulas to write from memory, by name.
FORMULAS = {
    "dW": Formula("dW[l] from dZ[l] and the cache (A_prev, W, b)", "linear_backward", "dW", "backward"),
    "db": Formula("db[l] from dZ[l]", "linear_backward", "db", "broadcasting"),
    "dA_prev": Formula("dA[l-1] from dZ[l] and W[l]", "linear_backward", "dA_prev", "backward"),
    "dZ_L": Formula(
        "dZ of a sigmoid output with the cross-entropy cost (week 2's dz = a - y, for all m)",
        "propagate",
        "dZ",
        "logistic_regression",
    ),
    "dw_week2": Formula(
        "logistic regression's dw from X and dZ, vectorized", "propagate", "dw", "logistic_regression"
    ),
    "dZ_sigmoid": Formula(
        "dZ of a sigmoid layer from dA and A = sigmoid(Z)", "sigmoid_backward", "dZ", "activations"
    ),
    "cost": Formula("the cross-entropy cost J from AL and Y", "compute_cost", "cost", "cost"),
    "update": Formula(
        "the gradient-descent update of one parameter, new[key]", "update_parameters", "new[key]", "update"
    ),
}


class Bug(NamedTuple):
    """A buggy version of ``SOURCES[step]``: the line that starts with ``where`` is replaced by ``buggy``."""

    step: str
    where: str
    buggy: str

    @property
    def line(self):
        return _line_of(self.step, self.where)


#: One short buggy function per named mistake (a key of nncore.check.MISTAKES).
BUGS = {
    "transpose": Bug("linear_forward", "Z =", "Z = np.dot(A_prev.T, W.T) + b.T"),
    "missing_1_over_m": Bug("linear_backward", "dW =", "dW = np.dot(dZ, A_prev.T)"),
    "m_twice": Bug("linear_backward", "dW =", "dW = np.dot(dZ, A_prev.T) / m / m"),
    "wrong_axis": Bug("linear_backward", "db =", "db = np.sum(dZ, axis=0, keepdims=True) / m"),
    "rank1": Bug("linear_backward", "db =", "db = np.sum(dZ, axis=1) / m"),
    "z_a_mixup": Bug("sigmoid_backward", "dZ =", "dZ = dA * Z * (1 - Z)"),
    "wrong_activation": Bug("sigmoid_backward", "dZ =", "dZ = dA * (1 - np.tanh(Z) ** 2)"),
    "missing_chain_dA": Bug("relu_backward", "dZ =", "dZ = (Z > 0).astype(float)"),
    "skipped_derivative": Bug("linear_activation_backward", "dZ =", "dZ = dA"),
    "sign_error": Bug(
        "compute_cost", "cost =", "cost = np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m"
    ),
    "update_plus": Bug(
        "update_parameters", "new[key] =", 'new[key] = new[key] + learning_rate * grads["d" + key]'
    ),
    "missing_bias": Bug("linear_forward", "Z =", "Z = np.dot(W, A_prev)"),
    "elementwise_product": Bug("linear_forward", "Z =", "Z = W * A_prev + b"),
    "off_by_one": Bug("forward_propagation", "L =", "L = len(parameters)"),
    "cache_contents": Bug("linear_activation_forward", "cache =", "cache = ((A_prev, W, b), A)"),
    "cost_array": Bug("compute_cost", "return", "return cost.reshape(1, 1)"),
    "probabilities_not_labels": Bug("predict", "predictions =", "predictions = AL"),
    "symmetric_init": Bug(
        "initialize_parameters",
        'parameters["W"',
        'parameters["W" + str(l)] = np.zeros((layer_dims[l], layer_dims[l - 1]))',
    ),
    "mutates_input": Bug("update_parameters", "new[key] =", 'new[key] -= learning_rate * grads["d" + key]'),
    "global_random": Bug(
        "initialize_parameters",
        'parameters["W"',
        'parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01',
    ),
    "cost_after_update": Bug(
        "optimize", "costs.append", "costs.append(nncore.compute_cost(nncore.sigmoid(np.dot(w.T, X) + b), Y))"
    ),
    "loop_over_examples": Bug("sigmoid", "A =", "A = np.array([1 / (1 + np.exp(-z)) for z in Z.T]).T"),
    "flipped_sigmoid": Bug("sigmoid", "A =", "A = 1 / (1 + np.exp(Z))"),
    "matrix_product_for_elementwise": Bug("sigmoid_backward", "dZ =", "dZ = np.dot(dA, A * (1 - A))"),
    "return_order": Bug("linear_forward", "return", "return cache, Z"),
}


def mistakes_without_bug():
    """The named mistakes of nncore.check that have no :class:`Bug` yet (sorted keys)."""
    return sorted(set(check.MISTAKES) - set(BUGS))


def _replace_line(source, line, text):
    lines = source.splitlines()
    if not 1 <= line <= len(lines):
        raise ValueError(f"line {line} is outside this function: it has lines 1 to {len(lines)}.")
    old = lines[line - 1]
    indent = old[: len(old) - len(old.lstrip())]
    lines[line - 1] = indent + textwrap.dedent(text).strip()
    return "\n".join(lines)


def formula_source(formula, text="..."):
    """``SOURCES[formula.step]`` with the formula's line written as ``text``: ``"dW = ..."`` or ``"..."``."""
    text = text.strip()
    if not text.replace(" ", "").startswith(formula.target.replace(" ", "") + "="):
        text = f"{formula.target} = {text}"
    return _replace_line(SOURCES[formula.step], formula.line, text)


def bug_source(bug):
    """The buggy function of ``bug``, as the learner sees it."""
    return _replace_line(SOURCES[bug.step], bug.line, bug.buggy)


def run_source(step, source, rng=0):
    """Execute ``source``, which defines the function ``step``, and judge it with ``nncore.check.<step>``.

    Returns a :class:`nncore.check.CheckResult`; raises SyntaxError when ``source`` is not Python.
    """
    namespace = {"np": np, "nncore": nncore}
    filename = f"<your {step}>"
    # Tracebacks (and the checker, which reads the failing line) find the source here, as for a cell.
    linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)
    exec(compile(source, filename, "exec"), namespace)  # the learner's own code, in their kernel
    return getattr(check, step)(namespace[step], rng=rng)


def _judge(step, source, topic, rng):
    try:
        result = run_source(step, source, rng)
    except SyntaxError as exc:
        return Feedback(False, f"✗ That line is not Python: {exc.msg}.", topic)
    return Feedback(result.passed, result.message, topic, result.mistake)


def grade_formula(formula, text, rng=0):
    """Judge the learner's line for ``formula``: put it in the function, run ``nncore.check`` on it."""
    if not text or not text.strip():
        return Feedback(False, f"✗ Write the line that computes {formula.target}.", formula.topic)
    return _judge(formula.step, formula_source(formula, text), formula.topic, rng)


def grade_bug(mistake, line, fix, rng=0):
    """Judge an answer to "find the bug" for ``BUGS[mistake]``: the line number, then the fixed line.

    Right when ``line`` is the buggy line and the function, with ``fix`` in its place, passes the
    check. The message also shows what the checker says of the buggy function.
    """
    bug = BUGS[mistake]
    try:
        line = int(str(line).strip())
    except ValueError:
        return Feedback(
            False, f"✗ Give the buggy line's number, 1 to {len(SOURCES[bug.step].splitlines())}.", "mistakes"
        )
    said = run_source(bug.step, bug_source(bug), rng).message
    if line != bug.line:
        return Feedback(
            False,
            f"✗ Line {line} is fine as written. Hint: the mistake is {check.MISTAKES[mistake].title}.",
            "mistakes",
            mistake,
        )
    if not fix or not fix.strip():
        return Feedback(False, f"✗ Line {line} it is. Now write the fixed line.\n{said}", "mistakes", mistake)
    verdict = _judge(bug.step, _replace_line(bug_source(bug), line, fix), "mistakes", rng)
    if verdict.correct:
        message = (
            f"✓ Line {line}, fixed: {check.MISTAKES[mistake].title}. The checker said of the bug:\n{said}"
        )
    else:
        message = f"✗ Line {line} is the buggy one, but your fix does not pass yet:\n{verdict.message}"
    return Feedback(verdict.correct, message, "mistakes", mistake)
