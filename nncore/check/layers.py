"""Checks for the layer steps: the linear and layer forward/backward pairs, and the L-layer passes.

Caches accepted from the learner's forward functions: nncore's ``LinearCache`` / ``LayerCache``, or
the course's tuples ``(A_prev, W, b)`` and ``((A_prev, W, b), Z)``; :mod:`.caches` reads them. The
caches handed to the learner's backward functions work both ways (see :class:`.caches.DualCache`).
The mistakes of a whole pass, layer by layer, are in :mod:`.passes`.
"""

from __future__ import annotations

import inspect

import numpy as np

from .. import formulas
from .. import layers as ref
from ..activations import ACTIVATIONS
from ..formulas import cost_from_logits as _cross_entropy_from_logits
from .caches import DualCache, caches_Z, check_linear_cache, layer_cache_Z, unpack
from .cases import build, labels, layer_shapes, loop_pair, network_shapes, values
from .engine import Unexpected, Variant, numeric_gradient, relative_error, run_check
from .passes import (
    activations_of,
    backward_variants,
    forward_layers,
    forward_variants,
    grads_ref,
    hidden_mistakes,
    linear_grads,
)

# ---------------------------------------------------------------- linear_forward


def _layer_inputs(shape, rng, dtype):
    _, n, n_prev, m, _ = shape
    return {
        "A_prev": values(rng, (n_prev, m), dtype),
        "W": values(rng, (n, n_prev), dtype),
        "b": values(rng, (n, 1), dtype),
    }


def linear_forward(fn, rng=0):
    """Check ``fn(A_prev, W, b) -> (Z, cache)``; see the package docstring."""

    def call(f, x):
        Z, cache = unpack(f(x["A_prev"], x["W"], x["b"]), ("Z", "cache"), "linear_forward")
        check_linear_cache(cache, x, named={"Z": Z})
        return {"Z": Z}

    variants = [Variant("missing_bias", "Z", lambda x: x["W"] @ x["A_prev"], "Z = np.dot(W, A_prev) + b")]
    return run_check(
        "linear_forward",
        fn,
        build(layer_shapes(rng), _layer_inputs, rng),
        call,
        lambda x: {"Z": x["W"] @ x["A_prev"] + x["b"]},
        variants,
        loop_cases=loop_pair(_layer_inputs),
    )


# ---------------------------------------------------------------- linear_activation_forward


def _with_activation(name):
    def make(shape, rng, dtype):
        return {**_layer_inputs(shape, rng, dtype), "activation": name}

    return make


def _layer_forward_cases(rng):
    return [
        c._replace(label=f"{c.label}, {name}")
        for name in ("sigmoid", "relu")
        for c in build(layer_shapes(rng), _with_activation(name), rng)
    ]


def linear_activation_forward(fn, rng=0):
    """Check ``fn(A_prev, W, b, activation) -> (A, cache)`` for ``activation`` in {"sigmoid", "relu"}."""

    def call(f, x):
        A, cache = unpack(
            f(x["A_prev"], x["W"], x["b"], x["activation"]), ("A", "cache"), "linear_activation_forward"
        )
        Z = layer_cache_Z(cache, x)
        return {"A": A, "Z in the cache": Z}

    def reference(x):
        Z = x["W"] @ x["A_prev"] + x["b"]
        return {"A": ACTIVATIONS[x["activation"]].forward(Z), "Z in the cache": Z}

    def other(x):
        Z = x["W"] @ x["A_prev"] + x["b"]
        return ACTIVATIONS["relu" if x["activation"] == "sigmoid" else "sigmoid"].forward(Z)

    variants = [
        Variant(
            "wrong_activation",
            "A",
            other,
            "use the activation that was asked for: "
            "if activation == 'sigmoid': A = sigmoid(Z), elif activation == 'relu': A = relu(Z).",
        ),
        Variant(
            "wrong_activation",
            "A",
            lambda x: x["W"] @ x["A_prev"] + x["b"],
            "you returned Z: apply the activation, A = g(Z).",
        ),
        Variant(
            "cache_contents",
            "Z in the cache",
            lambda x: reference(x)["A"],
            "the activation cache is Z, the input of g (its backward needs Z): cache = ((A_prev, W, b), Z).",
        ),
        Variant(
            "missing_bias",
            "A",
            lambda x: ACTIVATIONS[x["activation"]].forward(x["W"] @ x["A_prev"]),
            "Z = np.dot(W, A_prev) + b, then A = g(Z).",
        ),
        Variant(
            "missing_bias", "Z in the cache", lambda x: x["W"] @ x["A_prev"], "Z = np.dot(W, A_prev) + b."
        ),
    ]
    return run_check(
        "linear_activation_forward",
        fn,
        _layer_forward_cases(rng),
        call,
        reference,
        variants,
        loop_cases=loop_pair(_with_activation("relu")),
    )


# ---------------------------------------------------------------- forward_propagation


def network_inputs(shape, rng, dtype):
    _, dims, m, _ = shape
    parameters = {}
    for l in range(1, len(dims)):
        parameters[f"W{l}"] = values(rng, (dims[l], dims[l - 1]), dtype) / np.sqrt(dims[l - 1])
        parameters[f"b{l}"] = values(rng, (dims[l], 1), dtype) / 10
    return {"X": values(rng, (dims[0], m), dtype), "Y": labels(rng, m, dtype), "parameters": parameters}


def _forward_ref(x, hidden, output="sigmoid"):
    L = len(x["parameters"]) // 2
    return formulas.forward_propagation(x["X"], x["parameters"], [hidden] * (L - 1) + [output])


def forward_propagation(fn, hidden_activation="relu", num_layers=None, rng=0):
    """Check ``fn(X, parameters) -> (AL, caches)``: ``hidden_activation`` hidden layers, a sigmoid output.
    ``num_layers=2`` checks only 2-layer networks (one hidden layer, written by hand).

    Each layer's cache is checked in full, ``((A_prev, W, b), Z)``; a mistake inside the pass is
    named with its layer."""

    def call(f, x):
        # What the caches must hold, read before the learner can change x.
        layers, right = (
            forward_layers(x, activations_of(x, hidden_activation)),
            {"X": x["X"], **x["parameters"]},
        )
        AL, caches = unpack(f(x["X"], x["parameters"]), ("AL", "caches"), "forward_propagation")
        return {**caches_Z(caches, right, layers), "AL": AL}

    def reference(x):
        layers = forward_layers(x, activations_of(x, hidden_activation))
        return {**{f"Z{l} in caches": Z for l, (_, Z, _) in enumerate(layers, 1)}, "AL": layers[-1][2]}

    variants = forward_variants(hidden_activation) + [
        Variant(
            "wrong_activation",
            "AL",
            lambda x: _forward_ref(x, "sigmoid")[0],
            f"hidden layers use {hidden_activation}, only the output layer uses sigmoid.",
        ),
        Variant(
            "wrong_activation",
            "AL",
            lambda x: _forward_ref(x, hidden_activation, hidden_activation)[0],
            "the output layer uses sigmoid: AL = sigmoid(Z[L]), a probability.",
        ),
        Variant(
            "wrong_activation",
            "AL",
            lambda x: forward_layers(x, activations_of(x, hidden_activation))[-1][1],
            "your AL is Z[L]: the output layer applies sigmoid, AL = sigmoid(Z[L]), a probability.",
        ),
        Variant(
            "off_by_one",
            "AL",
            lambda x: _forward_ref(x, hidden_activation)[1][-1].linear.A_prev,
            "your AL is A[L-1]: the loop stops before the output layer L. Loop with range(1, L + 1), or "
            "run layer L with sigmoid after a range(1, L) loop over the hidden layers.",
        ),
    ]
    cases = build(network_shapes(rng, depth_min=2, L=num_layers), network_inputs, rng)
    pair = loop_pair(network_inputs, num_layers or 2)
    return run_check("forward_propagation", fn, cases, call, reference, variants, loop_cases=pair)


# ---------------------------------------------------------------- linear_backward


def _grad_shapes(linear_cache):
    """The shapes of ``(dA_prev, dW, db)``: those of ``(A_prev, W, b)``."""
    return [np.shape(a) for a in linear_cache]


def _linear_backward_inputs(shape, rng, dtype):
    x = _layer_inputs(shape, rng, dtype)
    dZ = values(rng, x["b"].shape[:1] + x["A_prev"].shape[1:], dtype)
    return {"dZ": dZ, "cache": ref.LinearCache(x["A_prev"], x["W"], x["b"])}


def _linear_variants(get):
    """Mistakes in the linear step's three formulas; ``get(x) -> (dZ, A_prev, W)``."""

    def v(key, fn):
        return lambda x: fn(*get(x))[key]

    m_of = lambda x: get(x)[1].shape[1]  # noqa: E731
    return [
        Variant(
            "missing_1_over_m",
            "dW",
            lambda x: v("dW", linear_grads)(x) * m_of(x),
            "dW = np.dot(dZ, A_prev.T) / m, with m = A_prev.shape[1].",
        ),
        Variant(
            "missing_1_over_m",
            "db",
            lambda x: v("db", linear_grads)(x) * m_of(x),
            "db = np.sum(dZ, axis=1, keepdims=True) / m.",
        ),
        Variant(
            "m_twice",
            "dW",
            lambda x: v("dW", linear_grads)(x) / m_of(x),
            "divide by m once: dW = np.dot(dZ, A_prev.T) / m.",
        ),
        Variant(
            "m_twice",
            "db",
            lambda x: v("db", linear_grads)(x) / m_of(x),
            "divide by m once: db = np.sum(dZ, axis=1, keepdims=True) / m.",
        ),
        Variant(
            "m_twice",
            "dA_prev",
            lambda x: v("dA_prev", linear_grads)(x) / m_of(x),
            "dA_prev = np.dot(W.T, dZ), with no 1/m: dA_prev is per example; the 1/m belongs to dW and db.",
        ),
        Variant(
            "wrong_axis",
            "db",
            lambda x: linear_grads(*get(x), db_axis=0)["db"],
            "db = np.sum(dZ, axis=1, keepdims=True) / m: sum over the examples (axis=1).",
        ),
        Variant(
            "wrong_axis",
            "db",
            lambda x: linear_grads(*get(x), db_axis=None)["db"],
            "db = np.sum(dZ, axis=1, keepdims=True) / m: one sum per unit, not one over everything.",
        ),
        Variant(
            "wrong_axis",
            "db",
            lambda x: get(x)[0].mean(axis=0, keepdims=True),
            "db = np.mean(dZ, axis=1, keepdims=True): the mean over the examples (axis=1).",
        ),
    ]


def _linear_gradcheck_arrays(A_prev, W, b, dZ, g="identity"):
    """Finite differences of J = (1/m) sum(dZ * g(W A_prev + b)) with respect to A_prev, W, b."""
    A_prev, W, b = (np.array(a, dtype=np.float64) for a in (A_prev, W, b))
    forward = (lambda Z: Z) if g == "identity" else ACTIVATIONS[g].forward
    m = A_prev.shape[1]
    J = lambda: float(np.sum(dZ * forward(W @ A_prev + b)) / m)  # noqa: E731
    # dA_prev is per example (no 1/m): scale the numerical one by m.
    return [m * numeric_gradient(J, A_prev), numeric_gradient(J, W), numeric_gradient(J, b)]


def linear_backward(fn, rng=0):
    """Check ``fn(dZ, cache) -> (dA_prev, dW, db)`` with ``cache = (A_prev, W, b)``."""

    def call(f, x):
        return dict(
            zip(
                ("dA_prev", "dW", "db"),
                unpack(
                    f(x["dZ"], x["cache"]),
                    ("dA_prev", "dW", "db"),
                    "linear_backward",
                    _grad_shapes(x["cache"]),
                ),
                strict=False,
            )
        )

    def gradcheck(f, x):
        got = call(f, x)
        return relative_error(
            [got["dA_prev"], got["dW"], got["db"]], _linear_gradcheck_arrays(*x["cache"], x["dZ"])
        )

    get = lambda x: (x["dZ"], x["cache"].A_prev, x["cache"].W)  # noqa: E731
    cases = build(layer_shapes(rng), _linear_backward_inputs, rng)
    return run_check(
        "linear_backward",
        fn,
        cases,
        call,
        lambda x: linear_grads(*get(x)),
        _linear_variants(get),
        gradcheck,
        loop_cases=loop_pair(_linear_backward_inputs),
    )


# ---------------------------------------------------------------- linear_activation_backward


def _layer_backward_inputs(name):
    def make(shape, rng, dtype):
        x = _layer_inputs(shape, rng, dtype)
        Z = x["W"] @ x["A_prev"] + x["b"]
        cache = DualCache(ref.LinearCache(x["A_prev"], x["W"], x["b"]), Z, ACTIVATIONS[name].forward(Z), name)
        return {"dA": values(rng, Z.shape, dtype), "cache": cache, "activation": name}

    return make


def _takes_activation(fn):
    try:
        return "activation" in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False


def _one_activation(name, wrong_dZ, key):
    """The ``key`` of ``(dA_prev, dW, db)`` when dZ is ``wrong_dZ(dA, cache, None, None)``, on the cases
    of activation ``name`` (None on the others)."""

    def compute(x):
        if x["activation"] != name:
            return None
        c = x["cache"]
        return linear_grads(wrong_dZ(x["dA"], c, None, None), c.linear.A_prev, c.linear.W)[key]

    return compute


def linear_activation_backward(fn, rng=0):
    """Check ``fn(dA, cache, activation)`` (the course's) or ``fn(dA, cache)`` (nncore's).

    Either returns ``(dA_prev, dW, db)``."""
    with_name = _takes_activation(fn)

    def call(f, x):
        out = f(x["dA"], x["cache"], x["activation"]) if with_name else f(x["dA"], x["cache"])
        return dict(
            zip(
                ("dA_prev", "dW", "db"),
                unpack(
                    out,
                    ("dA_prev", "dW", "db"),
                    "linear_activation_backward",
                    _grad_shapes(x["cache"].linear),
                ),
                strict=False,
            )
        )

    def dZ_of(x, name=None, skip=False):
        c = x["cache"]
        return x["dA"] if skip else ACTIVATIONS[name or x["activation"]].backward(x["dA"], c.Z)

    def reference(x):
        return linear_grads(dZ_of(x), x["cache"].linear.A_prev, x["cache"].linear.W)

    def variant(key, **how):
        return lambda x: linear_grads(dZ_of(x, **how), x["cache"].linear.A_prev, x["cache"].linear.W)[key]

    other = lambda x: "relu" if x["activation"] == "sigmoid" else "sigmoid"  # noqa: E731
    variants = [
        v
        for key in ("dA_prev", "dW", "db")
        for v in (
            Variant(
                "skipped_derivative",
                key,
                variant(key, skip=True),
                "dZ = dA * g'(Z): call relu_backward(dA, Z) or sigmoid_backward(dA, Z) "
                "before linear_backward.",
            ),
            Variant(
                "wrong_activation",
                key,
                lambda x, key=key: variant(key, name=other(x))(x),
                "use the backward of the layer's own activation: relu_backward for 'relu', sigmoid_backward "
                "for 'sigmoid'.",
            ),
        )
    ]
    for name in ("sigmoid", "relu"):
        for mistake, wrong_dZ, fix in hidden_mistakes(name):
            if mistake in ("z_a_mixup", "missing_chain_dA", "sign_error"):
                variants += [
                    Variant(mistake, key, _one_activation(name, wrong_dZ, key), fix(""))
                    for key in ("dA_prev", "dW", "db")
                ]
    variants += _linear_variants(lambda x: (dZ_of(x), x["cache"].linear.A_prev, x["cache"].linear.W))

    def gradcheck(f, x):
        got = call(f, x)
        c = x["cache"]
        approx = _linear_gradcheck_arrays(*c.linear, x["dA"], g=x["activation"])
        return relative_error([got["dA_prev"], got["dW"], got["db"]], approx)

    cases = [
        c._replace(label=f"{c.label}, {name}")
        for name in ("sigmoid", "relu")
        for c in build(layer_shapes(rng), _layer_backward_inputs(name), rng)
    ]
    return run_check(
        "linear_activation_backward",
        fn,
        cases,
        call,
        reference,
        variants,
        gradcheck,
        loop_cases=loop_pair(_layer_backward_inputs("relu")),
    )


# ---------------------------------------------------------------- backward_propagation


def _backward_inputs(hidden):
    def make(shape, rng, dtype):
        x = network_inputs(shape, rng, dtype)
        AL, caches = _forward_ref(x, hidden)
        dual = [DualCache(c.linear, c.Z, c.A, c.activation) for c in caches]
        return {"AL": AL, "Y": x["Y"], "caches": dual}

    return make


def backward_propagation(fn, hidden_activation="relu", num_layers=None, rng=0):
    """Check ``fn(AL, Y, caches) -> grads`` (``"dW1"``, ``"db1"``, ...; ``"dA{l}"`` are checked when present).
    ``num_layers``: as in :func:`forward_propagation`."""

    def call(f, x):
        grads = f(x["AL"], x["Y"], x["caches"])
        if not isinstance(grads, dict):
            raise Unexpected(f"expected the dict grads; got {type(grads).__name__}. End with: return grads")
        L = len(x["caches"])
        missing = [k for l in range(1, L + 1) for k in (f"dW{l}", f"db{l}") if k not in grads]
        if missing:
            one_off = missing in (["dW1", "db1"], [f"dW{L}", f"db{L}"])  # the first or the last layer
            mistake = "off_by_one" if any(f"dW{l}" in grads for l in (0, L + 1)) or one_off else None
            raise Unexpected(
                f"grads has no {missing[0]!r} (it has {sorted(grads)}): the loop must visit every layer "
                "l = L, ..., 1. Fix: for l in reversed(range(1, L + 1)), or the output layer L first, then "
                "for l in reversed(range(1, L)).",
                mistake,
            )
        return _dA_numbered_as_nncore(
            {k: v for k, v in grads.items() if k[:2] in ("dW", "db", "dA")}, x["caches"]
        )

    def reference(x):
        return grads_ref(x["AL"], x["Y"], x["caches"])

    variants = backward_variants(hidden_activation)

    def gradcheck(f, x):
        caches = x["caches"]
        params = {}
        for l, c in enumerate(caches, 1):
            params[f"W{l}"], params[f"b{l}"] = np.array(c.linear.W, float), np.array(c.linear.b, float)
        X, Y = caches[0].linear.A_prev, x["Y"]
        acts = [c.activation for c in caches]
        J = lambda: _cross_entropy_from_logits(formulas.forward_propagation(X, params, acts)[1][-1].Z, Y)  # noqa: E731
        got = f(x["AL"], Y, caches)
        keys = [f"{p}{l}" for l in range(1, len(caches) + 1) for p in "Wb"]
        return relative_error([got["d" + k] for k in keys], [numeric_gradient(J, params[k]) for k in keys])

    cases = build(network_shapes(rng, L=num_layers), _backward_inputs(hidden_activation), rng)
    pair = loop_pair(_backward_inputs(hidden_activation), num_layers or 2)
    return run_check("backward_propagation", fn, cases, call, reference, variants, gradcheck, loop_cases=pair)


def _dA_numbered_as_nncore(grads, caches):
    """``grads`` with its dA keys numbered as nncore's: ``"dA{l-1}"`` is the gradient of layer l's
    input A[l-1] (the course's numbering since 2018). The 2017 course stores that array as
    ``"dA{l}"``; recognized by a ``"dA{L}"`` of the shape of A[L-1] and no ``"dA0"``, it is renumbered."""
    L = len(caches)
    dA_L = grads.get(f"dA{L}")
    if "dA0" not in grads and np.shape(dA_L) == np.shape(caches[L - 1].linear.A_prev):
        renumbered = {f"dA{l - 1}": grads.pop(f"dA{l}") for l in range(1, L + 1) if f"dA{l}" in grads}
        grads.update(renumbered)
    return grads
