"""The mistakes a whole pass can hold, layer by layer: reference passes with a knob for each mistake,
and the :class:`~.engine.Variant` s they give.

A mistake in layer l shows first in the outputs of that layer: its Z in the forward caches
(``"Z{l} in caches"``, compared from layer 1 up), its dW and db in the backward pass (compared from
layer L down). Each variant carries its layer, so the report says where the mistake is. The
checks of :mod:`.layers` use them; this module runs nothing of the learner's.
"""

from __future__ import annotations

import numpy as np

from ..activations import ACTIVATIONS
from .engine import Variant


def forward_layers(x, acts, at=None, how=None):
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


def activations_of(x, hidden):
    L = len(x["parameters"]) // 2
    return [hidden] * (L - 1) + ["sigmoid"]


L_MAX = 6  # deeper than any case: variants for a layer a case lacks give None


def forward_variants(hidden):
    """The per-layer mistakes of a whole forward pass, each seen first in the Z of the cache of the
    layer it is in (or, for an activation, of the layer above)."""

    def Z_at(l, at, how):
        def compute(x):
            acts = activations_of(x, hidden)
            return forward_layers(x, acts, at, how)[l - 1][1] if l <= len(acts) else None

        return compute

    def A_at(l):
        return lambda x: (
            forward_layers(x, activations_of(x, hidden))[l - 1][2]
            if l <= len(activations_of(x, hidden))
            else None
        )

    others = [name for name in ("relu", "tanh", "sigmoid", "identity") if name != hidden]
    out = []
    for l in range(1, L_MAX + 1):
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


def linear_grads(dZ, A_prev, W, db_axis=1):
    """``{"dA_prev", "dW", "db"}`` of the linear step; ``db_axis`` turns the sum of db (0, or None:
    over everything) as a mistake would."""
    m = A_prev.shape[1]
    db = dZ.sum(axis=db_axis, keepdims=True) / m if db_axis is not None else dZ.sum() / m
    return {
        "dA_prev": W.T @ dZ,
        "dW": dZ @ A_prev.T / m,
        "db": db,
    }


def grads_ref(AL, Y, caches, sign=1.0, at=None, dZ_of=None, db_of=None):
    """nncore's backward pass, with the knobs the mistakes turn: the sign of dZ[L]; and one layer's
    mistakes: at layer ``at``, ``dZ_of(dA, cache, AL, Y)`` gives dZ and ``db_of(dZ)`` gives db."""
    grads, L = {}, len(caches)
    dA = None  # set by the layer above before a hidden layer uses it
    for l in range(L, 0, -1):
        c = caches[l - 1]
        if l == at and dZ_of is not None:
            dZ = dZ_of(dA, c, AL, Y)
        elif l == L:
            dZ = sign * (AL - Y)
        else:
            dZ = ACTIVATIONS[c.activation].backward(dA, c.Z)
        g = linear_grads(dZ, c.linear.A_prev, c.linear.W)
        db = db_of(dZ) if (l == at and db_of is not None) else g["db"]
        grads[f"dW{l}"], grads[f"db{l}"], dA = g["dW"], db, g["dA_prev"]
        grads[f"dA{l - 1}"] = dA
    return grads


def _dAL(AL, Y):
    return -(Y / AL - (1 - Y) / (1 - AL))


def hidden_mistakes(hidden):
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


def backward_variants(hidden, L_max=L_MAX):
    """Every named mistake a whole backward pass can hold, per layer l: seen first in dW{l} or db{l}
    (the pass goes from layer L down, so the highest wrong layer shows first)."""

    def grads(key, **how):
        return lambda x: grads_ref(x["AL"], x["Y"], x["caches"], **how).get(key)

    def one_layer(key, l, dZ_of=None, db_of=None, hidden_only=False, output_only=False):
        def compute(x):
            L = len(x["caches"])
            if l > L or (hidden_only and l == L) or (output_only and l != L):
                return None
            return grads_ref(x["AL"], x["Y"], x["caches"], at=l, dZ_of=dZ_of, db_of=db_of)[key]

        return compute

    def output_only(compute, l):  # the output layer's mistake shows first in dW[L]
        return lambda x: compute(x) if l == len(x["caches"]) else None

    def over_m(key, l, output):
        """``key`` divided by m once more, as a second 1/m (in dW, db, or the dA from above) gives it;
        only where layer ``l`` is the output layer (``output`` True), a hidden one (False), or any (None)."""

        def compute(x):
            L = len(x["caches"])
            if l > L or output not in (None, l == L):
                return None
            return grads(key)(x) / x["Y"].shape[1]

        return compute

    once = "divide by m once, in dW{l} and db{l}: dW{l} = np.dot(dZ{l}, A_prev.T) / m; {dA} takes no 1/m."
    out = []
    for l in range(1, L_max + 1):
        out.append(
            Variant(
                "m_twice",
                f"dA{l - 1}",
                over_m(f"dA{l - 1}", l, None),
                f"dA{l - 1} = np.dot(W{l}.T, dZ{l}), with no 1/m: dA is per example; the 1/m belongs to "
                "dW and db.",
                l,
            )
        )
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
                    "m_twice",
                    key,
                    over_m(key, l, True),
                    once.format(l=l, dA="dA[L] = -(Y / AL - (1 - Y) / (1 - AL))"),
                    l,
                ),
                Variant(
                    "m_twice",
                    key,
                    over_m(key, l, False),
                    once.format(l=l, dA=f"dA{l} = np.dot(W{l + 1}.T, dZ{l + 1})"),
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
                for mistake, dZ_of, fix in hidden_mistakes(hidden)
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
