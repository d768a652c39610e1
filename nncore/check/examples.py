"""Expected output, as the course shows it under each exercise: ``check.linear_forward.example()``.

An example runs the check on a correct answer (nncore's own function, or the few lines of the
course's answer where nncore has no such function) and shows the input of the check's first,
fixed case with what that answer returns for it. The numbers are therefore exactly the ones the
check compares your function with on that case.
"""

from __future__ import annotations

import copy
import html
import inspect
from typing import NamedTuple

import numpy as np

from .. import cost as _cost
from .. import initialization as _init
from .. import layers as _layers
from .. import training as _training
from ..activations import relu, relu_backward, sigmoid, sigmoid_backward, tanh, tanh_backward
from .describe import fmt

# ---------------------------------------------------------------- correct answers, course style


def _loss(AL, Y):
    return -(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))


def _propagate(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(w.T @ X + b)
    cost = float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m)
    return {"dw": X @ (A - Y).T / m, "db": float(np.sum(A - Y) / m)}, cost


def _optimize(w, b, X, Y, num_iterations, learning_rate):
    costs = []
    for i in range(num_iterations):
        grads, cost = _propagate(w, b, X, Y)
        w, b = w - learning_rate * grads["dw"], b - learning_rate * grads["db"]
        if i % 100 == 0:
            costs.append(cost)
    return {"w": w, "b": b}, grads, costs


def _predict_logistic(w, b, X):
    return (sigmoid(w.T @ X + b) > 0.5).astype(float)


def _model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5):
    params, _, costs = _optimize(
        np.zeros((X_train.shape[0], 1)), 0.0, X_train, Y_train, num_iterations, learning_rate
    )
    w, b = params["w"], params["b"]
    return {
        "costs": costs,
        "w": w,
        "b": b,
        "Y_prediction_train": _predict_logistic(w, b, X_train),
        "Y_prediction_test": _predict_logistic(w, b, X_test),
    }


def _initialize_parameters(layer_dims, rng):  # week 3: small random weights, the course's * 0.01
    return _init.initialize_parameters(layer_dims, method="random", scale=0.01, rng=rng)


def _initialize_parameters_deep(layer_dims, rng):  # P3 asks for He initialization
    return _init.initialize_parameters(layer_dims, method="he", rng=rng)


def _train(X, Y, parameters, learning_rate, num_iterations):
    dims = [parameters["W1"].shape[1]] + [
        parameters[f"W{l}"].shape[0] for l in range(1, len(parameters) // 2 + 1)
    ]
    p, history = _training.train(
        X, Y, dims, learning_rate=learning_rate, num_iterations=num_iterations, parameters=parameters
    )
    return p, history["cost"].tolist()  # one cost per iteration, before its update


def _L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, rng=1):
    return _training.train(
        X, Y, layers_dims, learning_rate=learning_rate, num_iterations=num_iterations, rng=rng
    )[0]


#: step -> (a correct answer, the names of what it returns)
ANSWERS = {
    "sigmoid": (sigmoid, ("A",)),
    "tanh": (tanh, ("A",)),
    "relu": (relu, ("A",)),
    "sigmoid_backward": (sigmoid_backward, ("dZ",)),
    "tanh_backward": (tanh_backward, ("dZ",)),
    "relu_backward": (relu_backward, ("dZ",)),
    "loss": (_loss, ("losses",)),
    "compute_cost": (_cost.compute_cost, ("cost",)),
    "cost_backward": (_cost.cost_backward, ("dAL",)),
    "propagate": (_propagate, ("grads", "cost")),
    "initialize_parameters": (_initialize_parameters, ("parameters",)),
    "initialize_parameters_deep": (_initialize_parameters_deep, ("parameters",)),
    "linear_forward": (_layers.linear_forward, ("Z", "cache")),
    "linear_activation_forward": (_layers.linear_activation_forward, ("A", "cache")),
    "forward_propagation": (_layers.forward_propagation, ("AL", "caches")),
    "linear_backward": (_layers.linear_backward, ("dA_prev", "dW", "db")),
    "linear_activation_backward": (_layers.linear_activation_backward, ("dA_prev", "dW", "db")),
    "backward_propagation": (_layers.backward_propagation, ("grads",)),
    "update_parameters": (_training.update_parameters, ("parameters",)),
    "predict": (_training.predict, ("predictions",)),
    "train": (_train, ("parameters", "costs")),
    "initialize_with_zeros": (lambda dim: (np.zeros((dim, 1)), 0.0), ("w", "b")),
    "optimize": (_optimize, ("params", "grads", "costs")),
    "predict_logistic": (_predict_logistic, ("Y_prediction",)),
    "model": (_model, ("d",)),
    "L_layer_model": (_L_layer_model, ("parameters",)),
}


# ---------------------------------------------------------------- showing an example


class Example(NamedTuple):
    """The fixed case's input and the expected output; shows itself in a notebook."""

    step: str
    inputs: dict
    expected: dict
    text: str

    def __repr__(self):
        return self.text

    def _repr_html_(self):
        return (
            '<pre style="border-left: 4px solid #57606a; padding: 0.3em 0.8em; '
            'white-space: pre-wrap; word-break: normal; overflow-wrap: break-word">'
            f"{html.escape(self.text)}</pre>"
        )


def _show(value, indent="    "):
    if isinstance(value, np.ndarray):
        text = np.array2string(value, precision=4, max_line_width=90)  # no suppress_small: 3e-05 is not 0
        return text.replace("\n", "\n" + indent)
    if isinstance(value, float | np.floating):
        return fmt(value)
    if hasattr(value, "_fields"):  # nncore's caches: show their named fields
        value = {k: getattr(value, k) for k in value._fields}
    elif hasattr(value, "linear") and hasattr(value, "Z"):  # the check's DualCache
        value = {"linear_cache": value.linear, "Z": value.Z}
    if isinstance(value, dict):
        inner = "    " if indent.strip() == "" and len(indent) < 8 else indent[:6]
        return "".join(f"\n{inner}  {k} = {_show(v, inner + ' ' * (5 + len(k)))}" for k, v in value.items())
    if isinstance(value, int | np.integer) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list) and all(isinstance(v, float | int | np.floating) for v in value):
        shown = [fmt(v) for v in value]
        if len(shown) > 8:  # compact: the first few and the last, with the count
            return f"[{', '.join(shown[:4])}, ..., {shown[-1]}] ({len(shown)} entries)"
        return "[" + ", ".join(shown) + "]"
    return f"({type(value).__name__}, not shown)"


def example(step, check_fn, **kwargs):
    """Run ``check_fn`` on a correct answer and show the first case it tried."""
    answer, names = ANSWERS[step]
    seen = []

    def spy(*args, **kw):
        out = answer(*args, **kw)
        if not seen:
            seen.append((copy.deepcopy(args), copy.deepcopy(kw), copy.deepcopy(out)))
        return out

    spy.__signature__ = inspect.signature(answer)
    check_fn(spy, **kwargs)
    args, kw, out = seen[0]
    params = list(inspect.signature(answer).parameters)
    inputs = {**dict(zip(params, args, strict=False)), **kw}
    outs = out if len(names) > 1 and isinstance(out, tuple) else (out,)
    expected = dict(zip(names, outs, strict=False))
    lines = [f"{step}: example (the check's first case)", "  Input:"]
    lines += [f"    {k} = {_show(v, ' ' * (7 + len(k)))}" for k, v in inputs.items()]
    lines.append("  Expected output:")
    lines += [f"    {k} = {_show(v, ' ' * (7 + len(k)))}" for k, v in expected.items()]
    return Example(step, inputs, expected, "\n".join(lines))
