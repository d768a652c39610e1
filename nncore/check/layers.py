"""Checks for the layer steps: the linear and layer forward/backward pairs, and the L-layer passes.

Caches accepted from the learner's forward functions: nncore's ``LinearCache`` / ``LayerCache``, or
the course's tuples ``(A_prev, W, b)`` and ``((A_prev, W, b), Z)``. The caches handed to the
learner's backward functions work both ways (see :class:`DualCache`).
"""

from __future__ import annotations

import inspect

import numpy as np

from .. import formulas
from .. import layers as ref
from ..activations import ACTIVATIONS
from ..formulas import cost_from_logits as _cross_entropy_from_logits
from .cases import build, labels, layer_shapes, network_shapes, values
from .engine import Unexpected, Variant, describe, numeric_gradient, relative_error, run_check


class DualCache(tuple):
    """A layer cache that unpacks as the course's ``(linear_cache, Z)`` and also has nncore's
    ``LayerCache`` fields ``linear``, ``Z``, ``A`` and ``activation``."""

    def __new__(cls, linear, Z, A, activation):
        self = super().__new__(cls, (linear, Z))
        self.linear, self.Z, self.A, self.activation = linear, Z, A, activation
        return self

    def __deepcopy__(self, memo):
        return DualCache(
            ref.LinearCache(*(a.copy() for a in self.linear)), self.Z.copy(), self.A.copy(), self.activation
        )


def _is_cache(value):
    return isinstance(value, (tuple, list, dict)) or hasattr(value, "linear")


def _pair(out, names, step, shapes=None):
    """``out`` as a tuple of ``len(names)`` values; a wrong form or order raises :class:`Unexpected`.

    The order is read from the types (an array and a cache) or, given ``shapes`` (the right shapes,
    all different), from the shapes of the returned arrays."""
    order = None
    if isinstance(out, tuple) and len(out) == 2 == len(names):
        if isinstance(out[1], np.ndarray) and not isinstance(out[0], np.ndarray) and _is_cache(out[0]):
            order = names[::-1]
    elif isinstance(out, tuple) and len(out) == len(names) and shapes and len(set(shapes)) == len(shapes):
        got = [np.shape(v) if isinstance(v, np.ndarray) else None for v in out]
        if sorted(map(str, got)) == sorted(map(str, shapes)) and got != list(shapes):
            order = [names[shapes.index(g)] for g in got]
    if order is not None:
        raise Unexpected(
            f"your {step} returns ({', '.join(order)}); the caller unpacks ({', '.join(names)}). "
            f"Fix: return {', '.join(names)}",
            "return_order",
        )
    if not isinstance(out, tuple) or len(out) != len(names):
        raise Unexpected(
            f"expected a tuple ({', '.join(names)}); got {type(out).__name__}. "
            f"End your {step} with: return {', '.join(names)}"
        )
    return out


def _same(got, want):
    """``got`` is the array ``want`` (same shape, equal up to the float32 rounding of a recomputation)."""
    if not (isinstance(got, np.ndarray) and isinstance(want, np.ndarray) and got.shape == want.shape):
        return False
    try:
        return bool(np.allclose(got, want, rtol=1e-5, atol=1e-7, equal_nan=True))
    except TypeError:  # an object array
        return False


def _which(value, named):
    """The name of the first array of ``named`` (name -> array) that ``value`` is, or None."""
    return next((name for name, want in named.items() if _same(value, want)), None)


def _linear_cache_problem(cache, want, named, where="the cache"):
    """What is wrong in a linear cache ``(A_prev, W, b)``, in words, or None when it is right.

    ``want``: the right ``{"A_prev": ..., "W": ..., "b": ...}``; ``named``: the arrays a wrong entry
    may be (``{"Z": Z, ...}``), to say what it holds instead."""
    fix = "Fix: cache = (A_prev, W, b), the inputs of the linear step."
    if hasattr(cache, "A_prev") and hasattr(cache, "W"):  # nncore's LinearCache
        cache = tuple(cache)
    if not isinstance(cache, (tuple, list)) or len(cache) != 3:
        size = len(cache) if hasattr(cache, "__len__") else "?"
        return f"{where} must hold (A_prev, W, b); it is a {type(cache).__name__} of length {size}. {fix}"
    held = [_which(v, {**want, **named}) for v in cache]
    if sorted(h or "" for h in held) == sorted(want) and held != list(want):
        return f"{where} holds ({', '.join(held)}): the order is (A_prev, W, b). {fix}"
    for (name, right), got, what in zip(want.items(), cache, held, strict=False):
        if not _same(got, right):
            instead = (
                f"{what}" if what else (describe(got) if isinstance(got, np.ndarray) else type(got).__name__)
            )
            return f"{where}: its {name} entry holds {instead}, where {name} belongs. {fix}"
    return None


def _check_linear_cache(cache, inputs, what="cache", named=None):
    want = {name: inputs[name] for name in ("A_prev", "W", "b")}
    problem = _linear_cache_problem(cache, want, named or {}, f"the {what}")
    if problem:
        raise Unexpected(problem, "cache_contents")


def _layer_cache_parts(cache, l=None):
    """``(linear_cache, Z)`` of a layer cache (nncore's LayerCache or the course's tuple); raises
    :class:`Unexpected` naming ``cache_contents`` when it is neither."""
    if hasattr(cache, "Z") and hasattr(cache, "linear"):
        return cache.linear, cache.Z
    where = f"caches[{l - 1}]" if l else "the cache"
    if isinstance(cache, (tuple, list)) and len(cache) == 2:
        if isinstance(cache[0], np.ndarray) and isinstance(cache[1], (tuple, list)):
            raise Unexpected(
                f"{where} holds (Z, linear_cache): the order is ((A_prev, W, b), Z). "
                "Fix: cache = (linear_cache, Z).",
                "cache_contents",
                l,
            )
        return cache[0], cache[1]
    flat = isinstance(cache, (tuple, list)) and len(cache) == 4
    raise Unexpected(
        f"{where} must be ((A_prev, W, b), Z): the linear cache and the activation cache Z"
        f"{'; yours is flat, (A_prev, W, b, Z)' if flat else ''}. Fix: cache = (linear_cache, Z).",
        "cache_contents",
        l,
    )


def _layer_cache_Z(cache, inputs):
    linear, Z = _layer_cache_parts(cache)
    _check_linear_cache(linear, inputs, "linear cache", {"Z": Z})
    return Z


# ---------------------------------------------------------------- linear_forward


def _layer_inputs(shape, rng, dtype):
    _, n, n_prev, m, _ = shape
    return {
        "A_prev": values(rng, (n_prev, m), dtype),
        "W": values(rng, (n, n_prev), dtype),
        "b": values(rng, (n, 1), dtype),
    }


def _loop_pair(make):
    rng = np.random.default_rng(0)
    from .engine import Case

    return Case("m = 20", make(("", 3, 2, 20, 0), rng, np.float64)), Case(
        "m = 80", make(("", 3, 2, 80, 0), rng, np.float64)
    )


def linear_forward(fn, rng=0):
    """Check ``fn(A_prev, W, b) -> (Z, cache)``; see the package docstring."""

    def call(f, x):
        Z, cache = _pair(f(x["A_prev"], x["W"], x["b"]), ("Z", "cache"), "linear_forward")
        _check_linear_cache(cache, x, named={"Z": Z})
        return {"Z": Z}

    variants = [Variant("missing_bias", "Z", lambda x: x["W"] @ x["A_prev"], "Z = np.dot(W, A_prev) + b")]
    return run_check(
        "linear_forward",
        fn,
        build(layer_shapes(rng), _layer_inputs, rng),
        call,
        lambda x: {"Z": x["W"] @ x["A_prev"] + x["b"]},
        variants,
        loop_cases=_loop_pair(_layer_inputs),
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
        A, cache = _pair(
            f(x["A_prev"], x["W"], x["b"], x["activation"]), ("A", "cache"), "linear_activation_forward"
        )
        Z = _layer_cache_Z(cache, x)
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
        loop_cases=_loop_pair(_with_activation("relu")),
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


def _forward_layers(x, acts, at=None, how=None):
    """``[(A_prev, Z, A)]``, one per layer, with ``acts[l - 1]`` layer l's activation.

    ``how`` changes layer ``at`` as a mistake would: ``"missing_bias"`` (Z = W A_prev), or another
    activation's name (``"identity"``: A = Z, none applied)."""
    A, out = x["X"], []
    for l, act in enumerate(acts, 1):
        W, b = x["parameters"][f"W{l}"], x["parameters"][f"b{l}"]
        Z = W @ A if (l == at and how == "missing_bias") else W @ A + b
        name = how if (l == at and how not in (None, "missing_bias")) else act
        A_next = Z if name == "identity" else ACTIVATIONS[name].forward(Z)
        out.append((A, Z, A_next))
        A = A_next
    return out


def _acts(x, hidden):
    L = len(x["parameters"]) // 2
    return [hidden] * (L - 1) + ["sigmoid"]


_L_MAX = 6  # deeper than any case: variants for a layer a case lacks give None


def _forward_variants(hidden):
    """The per-layer mistakes of a whole forward pass, each seen first in the Z of the cache of the
    layer it is in (or, for an activation, of the layer above)."""

    def Z_at(l, at, how):
        def compute(x):
            acts = _acts(x, hidden)
            return _forward_layers(x, acts, at, how)[l - 1][1] if l <= len(acts) else None

        return compute

    def A_at(l):
        return lambda x: (
            _forward_layers(x, _acts(x, hidden))[l - 1][2] if l <= len(_acts(x, hidden)) else None
        )

    others = [name for name in ("relu", "tanh", "sigmoid", "identity") if name != hidden]
    out = []
    for l in range(1, _L_MAX + 1):
        key = f"Z{l} in caches"
        out.append(
            Variant(
                "missing_bias",
                key,
                Z_at(l, l, "missing_bias"),
                f"layer {l}: Z{l} = np.dot(W{l}, {'X' if l == 1 else f'A{l - 1}'}) + b{l}.",
                l,
            )
        )
        out.append(
            Variant(
                "cache_contents",
                key,
                A_at(l),
                f"layer {l}'s cache keeps Z{l}, the input of g (its backward needs it), not A{l}: "
                "cache = ((A_prev, W, b), Z).",
                l,
            )
        )
        if l > 1:
            out += [
                Variant(
                    "wrong_activation",
                    key,
                    Z_at(l, l - 1, other),
                    f"layer {l - 1} is hidden: A{l - 1} = {hidden}(Z{l - 1})"
                    + (" (yours applies none)." if other == "identity" else f" (yours applies {other})."),
                    l - 1,
                )
                for other in others
            ]
    return out


def forward_propagation(fn, hidden_activation="relu", num_layers=None, rng=0):
    """Check ``fn(X, parameters) -> (AL, caches)``: ``hidden_activation`` hidden layers, a sigmoid output.
    ``num_layers=2`` checks only 2-layer networks (one hidden layer, written by hand).

    Each layer's cache is checked in full, ``((A_prev, W, b), Z)``; a mistake inside the pass is
    named with its layer."""

    def call(f, x):
        # What the caches must hold, read before the learner can change x.
        layers, right = _forward_layers(x, _acts(x, hidden_activation)), {"X": x["X"], **x["parameters"]}
        AL, caches = _pair(f(x["X"], x["parameters"]), ("AL", "caches"), "forward_propagation")
        return {**_caches_Z(caches, right, layers), "AL": AL}

    def reference(x):
        layers = _forward_layers(x, _acts(x, hidden_activation))
        return {**{f"Z{l} in caches": Z for l, (_, Z, _) in enumerate(layers, 1)}, "AL": layers[-1][2]}

    variants = _forward_variants(hidden_activation) + [
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
            lambda x: _forward_layers(x, _acts(x, hidden_activation))[-1][1],
            "your AL is Z[L]: the output layer applies sigmoid, AL = sigmoid(Z[L]), a probability.",
        ),
        Variant(
            "off_by_one",
            "AL",
            lambda x: _forward_ref(x, hidden_activation)[1][-1].linear.A_prev,
            "your AL is A[L-1]: the loop over the hidden layers is range(1, L), "
            "then the output layer L comes after it.",
        ),
    ]
    cases = build(network_shapes(rng, depth_min=2, L=num_layers), network_inputs, rng)
    pair = build(
        [(f"m = {m}", [2] + [3] * ((num_layers or 2) - 1) + [1], m, np.float64) for m in (20, 80)],
        network_inputs,
        0,
    )
    return run_check("forward_propagation", fn, cases, call, reference, variants, loop_cases=pair)


def _caches_Z(caches, x, layers):
    """Each layer's Z from ``caches`` (compared with the reference as outputs), and under ``"_deferred"``
    the first wrong ``(A_prev, W, b)``: reported when everything else is right.

    ``x``: X and the parameters ``W1``, ``b1``, ...; ``layers``: the right ``(A_prev, Z, A)`` per layer."""
    L = len(layers)
    if not isinstance(caches, (list, tuple)) or len(caches) != L:
        return {
            "_deferred": Unexpected(
                f"caches must be a list with one cache per layer, L = {L}; got "
                f"{type(caches).__name__} of length {len(caches) if hasattr(caches, '__len__') else '?'}. "
                f"Append each layer's cache: caches.append(cache).",
                "cache_contents",
            )
        }
    named = {"X (the input)": x["X"]}
    for k, (_, Z, A) in enumerate(layers, 1):
        named[f"A{k} (layer {k}'s output)"], named[f"Z{k}"] = A, Z
    named.update({k: v for k, v in x.items() if k != "X"})
    out, deferred = {}, None
    for l, cache in enumerate(caches, 1):
        try:
            linear, Z = _layer_cache_parts(cache, l)
        except Unexpected as problem:
            return {"_deferred": problem}
        out[f"Z{l} in caches"] = Z
        want = {"A_prev": layers[l - 1][0], "W": x[f"W{l}"], "b": x[f"b{l}"]}
        problem = deferred or _linear_cache_problem(
            linear, want, named, f"caches[{l - 1}] (layer {l}'s cache)"
        )
        if problem and deferred is None:
            right = "X" if l == 1 else f"A{l - 1}"
            deferred = Unexpected(
                f"{problem} Layer {l}'s A_prev is {right}, its W is W{l}, its b is b{l}.", "cache_contents", l
            )
    if deferred is not None:
        out["_deferred"] = deferred
    return out


# ---------------------------------------------------------------- linear_backward


def _grad_shapes(linear_cache):
    """The shapes of ``(dA_prev, dW, db)``: those of ``(A_prev, W, b)``."""
    return [np.shape(a) for a in linear_cache]


def _linear_backward_inputs(shape, rng, dtype):
    x = _layer_inputs(shape, rng, dtype)
    dZ = values(rng, x["b"].shape[:1] + x["A_prev"].shape[1:], dtype)
    return {"dZ": dZ, "cache": ref.LinearCache(x["A_prev"], x["W"], x["b"])}


def _linear_grads(dZ, A_prev, W, scale=1.0, db_axis=1):
    m = A_prev.shape[1]
    db = dZ.sum(axis=db_axis, keepdims=True) / m if db_axis is not None else dZ.sum() / m
    return {
        "dA_prev": W.T @ dZ,
        "dW": scale * dZ @ A_prev.T / m,
        "db": scale * db if db_axis is not None else db,
    }


def _linear_variants(get):
    """Mistakes in the linear step's three formulas; ``get(x) -> (dZ, A_prev, W)``."""

    def v(key, fn):
        return lambda x: fn(*get(x))[key]

    m_of = lambda x: get(x)[1].shape[1]  # noqa: E731
    return [
        Variant(
            "missing_1_over_m",
            "dW",
            lambda x: v("dW", _linear_grads)(x) * m_of(x),
            "dW = np.dot(dZ, A_prev.T) / m, with m = A_prev.shape[1].",
        ),
        Variant(
            "missing_1_over_m",
            "db",
            lambda x: v("db", _linear_grads)(x) * m_of(x),
            "db = np.sum(dZ, axis=1, keepdims=True) / m.",
        ),
        Variant(
            "m_twice",
            "dW",
            lambda x: v("dW", _linear_grads)(x) / m_of(x),
            "divide by m once: dW = np.dot(dZ, A_prev.T) / m.",
        ),
        Variant(
            "m_twice",
            "db",
            lambda x: v("db", _linear_grads)(x) / m_of(x),
            "divide by m once: db = np.sum(dZ, axis=1, keepdims=True) / m.",
        ),
        Variant(
            "m_twice",
            "dA_prev",
            lambda x: v("dA_prev", _linear_grads)(x) / m_of(x),
            "dA_prev = np.dot(W.T, dZ), with no 1/m: dA_prev is per example; the 1/m belongs to dW and db.",
        ),
        Variant(
            "wrong_axis",
            "db",
            lambda x: _linear_grads(*get(x), db_axis=0)["db"],
            "db = np.sum(dZ, axis=1, keepdims=True) / m: sum over the examples (axis=1).",
        ),
        Variant(
            "wrong_axis",
            "db",
            lambda x: _linear_grads(*get(x), db_axis=None)["db"],
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
                _pair(
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
        lambda x: _linear_grads(*get(x)),
        _linear_variants(get),
        gradcheck,
        loop_cases=_loop_pair(_linear_backward_inputs),
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
        return _linear_grads(wrong_dZ(x["dA"], c, None, None), c.linear.A_prev, c.linear.W)[key]

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
                _pair(
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
        return _linear_grads(dZ_of(x), x["cache"].linear.A_prev, x["cache"].linear.W)

    def variant(key, **how):
        return lambda x: _linear_grads(dZ_of(x, **how), x["cache"].linear.A_prev, x["cache"].linear.W)[key]

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
        for mistake, wrong_dZ, fix in _hidden_mistakes(name):
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
        loop_cases=_loop_pair(_layer_backward_inputs("relu")),
    )


# ---------------------------------------------------------------- backward_propagation


def _backward_inputs(hidden):
    def make(shape, rng, dtype):
        x = network_inputs(shape, rng, dtype)
        AL, caches = _forward_ref(x, hidden)
        dual = [DualCache(c.linear, c.Z, c.A, c.activation) for c in caches]
        return {"AL": AL, "Y": x["Y"], "caches": dual}

    return make


def _grads_ref(AL, Y, caches, sign=1.0, scale=1.0, hidden=None, at=None, dZ_of=None, db_of=None):
    """nncore's backward pass, with the knobs the mistakes turn: the sign of dZ[L], a factor on dW and db,
    the hidden layers' activation; and one layer's mistakes: at layer ``at``, ``dZ_of(dA, cache, AL, Y)``
    gives dZ and ``db_of(dZ)`` gives db."""
    grads, L = {}, len(caches)
    dA = None  # set by the layer above before a hidden layer uses it
    for l in range(L, 0, -1):
        c = caches[l - 1]
        if l == at and dZ_of is not None:
            dZ = dZ_of(dA, c, AL, Y)
        elif l == L:
            dZ = sign * (AL - Y)
        else:
            dZ = ACTIVATIONS[hidden or c.activation].backward(dA, c.Z)
        g = _linear_grads(dZ, c.linear.A_prev, c.linear.W)
        db = db_of(dZ) if (l == at and db_of is not None) else g["db"]
        grads[f"dW{l}"], grads[f"db{l}"], dA = scale * g["dW"], scale * db, g["dA_prev"]
        grads[f"dA{l - 1}"] = dA
    return grads


def _dAL(AL, Y):
    return -(Y / AL - (1 - Y) / (1 - AL))


def _hidden_mistakes(hidden):
    """``(mistake, dZ_of, fix)`` for a hidden layer's dZ: what each named mistake computes instead of
    ``dZ = dA * g'(Z)``; ``fix(l)`` says it for layer l."""
    g = ACTIVATIONS[hidden]
    right = lambda l: f"dZ{l} = dA{l} * g'(Z{l}), {hidden}_backward(dA{l}, Z{l})"  # noqa: E731
    out = []
    if hidden == "tanh":
        out.append(
            (
                "z_a_mixup",
                lambda dA, c, AL, Y: dA * (1 - c.Z**2),
                lambda l: (
                    f"tanh's derivative is 1 - A{l} ** 2 with A{l} = tanh(Z{l}), not 1 - Z{l} ** 2: "
                    f"dZ{l} = dA{l} * (1 - np.tanh(Z{l}) ** 2)."
                ),
            )
        )
    if hidden == "sigmoid":
        out.append(
            (
                "z_a_mixup",
                lambda dA, c, AL, Y: dA * c.Z * (1 - c.Z),
                lambda l: f"s(1 - s) needs s = sigmoid(Z{l}), not Z{l} itself: {right(l)}.",
            )
        )
    out += [
        (
            "skipped_derivative",
            lambda dA, c, AL, Y: dA,
            lambda l: f"{right(l)}; yours passes dA{l} on as dZ{l}.",
        ),
        (
            "missing_chain_dA",
            lambda dA, c, AL, Y: g.backward(np.ones_like(c.Z), c.Z),
            lambda l: f"multiply by the gradient from above: {right(l)}.",
        ),
        ("sign_error", lambda dA, c, AL, Y: -g.backward(dA, c.Z), lambda l: f"{right(l)}, with its sign."),
    ]
    for other in ("relu", "tanh", "sigmoid"):
        if other != hidden:
            out.append(
                (
                    "wrong_activation",
                    lambda dA, c, AL, Y, o=other: ACTIVATIONS[o].backward(dA, c.Z),
                    lambda l, o=other: (
                        f"layer {l} is hidden, {hidden}: {right(l)} (yours is {o}'s derivative)."
                    ),
                )
            )
    return out


#: The output layer's mistakes: ``(mistake, dZ_of, fix)``.
_OUTPUT_MISTAKES = [
    (
        "skipped_derivative",
        lambda dA, c, AL, Y: _dAL(AL, Y),
        "dZ[L] = dA[L] * sigmoid'(Z[L]), which is AL - Y; yours uses dA[L] itself as dZ[L].",
    ),
    (
        "wrong_activation",
        lambda dA, c, AL, Y: ACTIVATIONS["relu"].backward(_dAL(AL, Y), c.Z),
        "the output layer is a sigmoid: sigmoid_backward(dAL, Z[L]) (which is AL - Y), not relu_backward.",
    ),
]

#: Mistakes in one layer's db: ``(db_of(dZ), fix)``, each a sum or mean over the wrong axis.
_DB_MISTAKES = [
    (lambda dZ: dZ.sum(axis=0, keepdims=True) / dZ.shape[1], "sum over the examples, axis=1"),
    (lambda dZ: dZ.mean(axis=0, keepdims=True), "np.mean(dZ, axis=1, keepdims=True), over the examples"),
    (lambda dZ: dZ.sum() / dZ.shape[1], "one sum per unit (axis=1), not one over everything"),
]


def _backward_variants(hidden, L_max=_L_MAX):
    """Every named mistake a whole backward pass can hold, per layer l: seen first in dW{l} or db{l}
    (the pass goes from layer L down, so the highest wrong layer shows first)."""

    def grads(key, **how):
        return lambda x: _grads_ref(x["AL"], x["Y"], x["caches"], **how).get(key)

    def one_layer(key, l, dZ_of=None, db_of=None, hidden_only=False, output_only=False):
        def compute(x):
            L = len(x["caches"])
            if l > L or (hidden_only and l == L) or (output_only and l != L):
                return None
            return _grads_ref(x["AL"], x["Y"], x["caches"], at=l, dZ_of=dZ_of, db_of=db_of)[key]

        return compute

    def output_only(compute, l):  # the output layer's mistake shows first in dW[L]
        return lambda x: compute(x) if l == len(x["caches"]) else None

    out = []
    for l in range(1, L_max + 1):
        for p in ("dW", "db"):
            key = f"{p}{l}"
            out += [
                Variant(
                    "sign_error",
                    key,
                    output_only(grads(key, sign=-1.0), l),
                    "dA[L] = -(Y / AL - (1 - Y) / (1 - AL)); for a sigmoid output this gives dZ[L] = AL - Y.",
                    l,
                ),
                Variant(
                    "missing_1_over_m",
                    key,
                    lambda x, key=key: grads(key)(x) * x["Y"].shape[1],
                    f"dW{l} = np.dot(dZ{l}, A_prev.T) / m and "
                    f"db{l} = np.sum(dZ{l}, axis=1, keepdims=True) / m, with m = A_prev.shape[1].",
                    l,
                ),
            ]
            out += [
                Variant(mistake, key, one_layer(key, l, dZ_of, hidden_only=True), fix(l), l)
                for mistake, dZ_of, fix in _hidden_mistakes(hidden)
            ]
            out += [
                Variant(mistake, key, one_layer(key, l, dZ_of, output_only=True), f"layer {l}: {fix}", l)
                for mistake, dZ_of, fix in _OUTPUT_MISTAKES
            ]
        out += [
            Variant(
                "wrong_axis",
                f"db{l}",
                one_layer(f"db{l}", l, db_of=db_of),
                f"db{l} = np.sum(dZ{l}, axis=1, keepdims=True) / m: {fix}.",
                l,
            )
            for db_of, fix in _DB_MISTAKES
        ]
    return out


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
            mistake = (
                "off_by_one"
                if any(f"dW{l}" in grads for l in (0, L + 1)) or missing == ["dW1", "db1"]
                else None
            )
            raise Unexpected(
                f"grads has no {missing[0]!r} (it has {sorted(grads)}). The loop must visit every layer "
                f"l = L, ..., 1: for l in reversed(range(1, L)) after the output layer L.",
                mistake,
            )
        return {k: v for k, v in grads.items() if k[:2] in ("dW", "db", "dA")}

    def reference(x):
        return _grads_ref(x["AL"], x["Y"], x["caches"])

    variants = _backward_variants(hidden_activation)

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
    pair = build(
        [(f"m = {m}", [2] + [3] * ((num_layers or 2) - 1) + [1], m, np.float64) for m in (20, 80)],
        _backward_inputs(hidden_activation),
        0,
    )
    return run_check("backward_propagation", fn, cases, call, reference, variants, gradcheck, loop_cases=pair)
