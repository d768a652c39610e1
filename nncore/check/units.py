"""Checks for the elementwise pieces and logistic regression: the activations and their
backward passes, the loss, the cost, dA[L], and the course's week-2 ``propagate``.
"""

from __future__ import annotations

import numpy as np

from ..activations import ACTIVATIONS
from ..activations import sigmoid as _sigmoid
from ..cost import cost_backward as _cost_backward
from .cases import build, labels, layer_shapes, loop_pair, values
from .engine import (
    Case,
    Unexpected,
    Variant,
    call_learner,
    describe,
    matches,
    numeric_gradient,
    relative_error,
    run_check,
)
from .result import CheckResult

_FIX_FORWARD = {
    "sigmoid": "A = 1 / (1 + np.exp(-Z))",
    "tanh": "A = np.tanh(Z)",
    "relu": "A = np.maximum(0, Z)",
}
_FIX_BACKWARD = {
    "sigmoid": "s = 1 / (1 + np.exp(-Z)); dZ = dA * s * (1 - s)",
    "tanh": "A = np.tanh(Z); dZ = dA * (1 - A ** 2)",
    "relu": "dZ = dA * (Z > 0)",
}


def _z_inputs(shape, rng, dtype):
    _, n, _, m, _ = shape
    return {"Z": values(rng, (n, m), dtype) * 2}


def _any_shape_cases(rng):
    """An activation works entry by entry on an array of any shape: a row of 5, and 3-D."""
    gen = np.random.default_rng(rng)
    return [Case(f"any shape: Z {shape}", {"Z": values(gen, shape) * 2}) for shape in ((5,), (2, 3, 4))]


def _first_array(out):
    """The course's week-4 activations return ``(A, cache)``; nncore's return ``A``."""
    if isinstance(out, tuple) and len(out) == 2 and isinstance(out[0], np.ndarray):
        return out[0]
    return out


def _activation_check(name):
    def check(fn, rng=0):
        g = ACTIVATIONS[name].forward
        variants = [
            Variant(
                "wrong_activation",
                "A",
                lambda x, o=other: ACTIVATIONS[o].forward(x["Z"]),
                f"{_FIX_FORWARD[name]}  (that is {name}; yours computes {other}).",
            )
            for other in _FIX_FORWARD
            if other != name
        ]
        if name == "sigmoid":
            variants.append(
                Variant(
                    "flipped_sigmoid", "A", lambda x: g(-x["Z"]), f"{_FIX_FORWARD[name]}: the exponent is -Z."
                )
            )
        call = lambda f, x: {"A": _first_array(f(x["Z"]))}  # noqa: E731
        reference = lambda x: {"A": g(x["Z"])}  # noqa: E731

        def any_shape(f):  # after the loop check, so that a loop over Z.shape[1] is named as one
            result = run_check(name, f, _any_shape_cases(rng), call, reference, variants)
            return None if result.passed else result

        return run_check(
            name,
            fn,
            build(layer_shapes(rng), _z_inputs, rng),
            call,
            reference,
            variants,
            loop_cases=loop_pair(_z_inputs),
            after=any_shape,
            what="fixed ones, then random: non-square, m = 1, odd sizes, float32, and Z of any shape",
        )

    check.__name__ = name
    check.__doc__ = f"Check ``fn(Z) -> A``, the {name} of every entry (``(A, cache)`` is accepted too)."
    return check


sigmoid = _activation_check("sigmoid")
tanh = _activation_check("tanh")
relu = _activation_check("relu")


def _backward_check(name):
    act = ACTIVATIONS[name]

    def check(fn, rng=0):
        def make(shape, rng_, dtype):
            x = _z_inputs(shape, rng_, dtype)
            return {"dA": values(rng_, x["Z"].shape, dtype), **x}

        def dZ(x, g_prime):
            return x["dA"] * g_prime(x["Z"])

        derivative = {  # g'(Z) of each activation
            "sigmoid": lambda Z: _sigmoid(Z) * (1 - _sigmoid(Z)),
            "tanh": lambda Z: 1 - np.tanh(Z) ** 2,
            "relu": lambda Z: (Z > 0).astype(Z.dtype),
        }
        variants = [
            Variant("missing_chain_dA", "dZ", lambda x: derivative[name](x["Z"]), f"{_FIX_BACKWARD[name]}")
        ]
        variants += [
            Variant(
                "wrong_activation",
                "dZ",
                lambda x, o=other: dZ(x, derivative[o]),
                f"{_FIX_BACKWARD[name]}  (yours is the derivative of {other}).",
            )
            for other in derivative
            if other != name
        ]
        if name == "sigmoid":  # used Z where the formula has A = sigmoid(Z), or applied sigmoid to A
            variants += [
                Variant(
                    "z_a_mixup",
                    "dZ",
                    lambda x: x["dA"] * x["Z"] * (1 - x["Z"]),
                    f"s(1 - s) needs s = sigmoid(Z), not Z itself: {_FIX_BACKWARD[name]}.",
                ),
                Variant(
                    "z_a_mixup",
                    "dZ",
                    lambda x: dZ({**x, "Z": _sigmoid(x["Z"])}, derivative[name]),
                    f"the cache holds Z, the input: do not apply the sigmoid twice. {_FIX_BACKWARD[name]}.",
                ),
            ]
        if name == "tanh":
            variants += [
                Variant(
                    "z_a_mixup",
                    "dZ",
                    lambda x: x["dA"] * (1 - x["Z"] ** 2),
                    f"1 - A**2 needs A = tanh(Z), not Z itself: {_FIX_BACKWARD[name]}.",
                )
            ]

        def gradcheck(f, x):
            Z = np.array(x["Z"], dtype=np.float64)
            approx = numeric_gradient(lambda: float(np.sum(x["dA"] * act.forward(Z))), Z)
            return relative_error([f(x["dA"], x["Z"])], [approx])

        return run_check(
            f"{name}_backward",
            fn,
            build(layer_shapes(rng), make, rng),
            lambda f, x: {"dZ": f(x["dA"], x["Z"])},
            lambda x: {"dZ": act.backward(x["dA"], x["Z"])},
            variants,
            gradcheck,
            loop_cases=loop_pair(make),
        )

    check.__name__ = f"{name}_backward"
    check.__doc__ = (
        f"Check ``fn(dA, Z) -> dZ`` for {name} "
        f"(the course's ``(dA, cache)`` with ``cache = Z`` is the same call)."
    )
    return check


sigmoid_backward = _backward_check("sigmoid")
tanh_backward = _backward_check("tanh")
relu_backward = _backward_check("relu")


# ---------------------------------------------------------------- loss, cost, dA[L]


def _output_inputs(shape, rng, dtype):
    _, _, _, m, _ = shape
    return {"AL": values(rng, (1, m), dtype, low=0.05), "Y": labels(rng, m, dtype)}


def _losses(AL, Y):
    return -(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))


_WHAT_OUTPUT = "fixed ones, then random: non-square, m = 1, odd sizes, float32; then AL near 0 and 1"


def _extreme_case():
    """Probabilities near 0 and 1, right and wrong with confidence: a learner who clips AL (to
    [0.01, 0.99], say) passes every other case and fails this one. A new case each time, so that
    nothing a learner's function does to it reaches the next check."""
    return Case(
        "AL near 0 and 1",
        {
            "AL": np.array([[1e-6, 1 - 1e-6, 0.3, 1e-6, 1 - 1e-6, 0.7]]),
            "Y": np.array([[0.0, 1.0, 1.0, 1.0, 0.0, 0.0]]),
        },
    )


def _is_scalar(x):
    """A number that is not an array: a Python or NumPy int or float (a bool is not one)."""
    return isinstance(x, int | float | np.integer | np.floating) and not isinstance(x, bool)


def _near_0_and_1(step, key, call, reference):
    """The ``after`` of a loss or cost check: the case of :func:`_extreme_case`, with a message that
    says what changes there."""

    def after(fn):
        case, fresh = _extreme_case(), _extreme_case()  # the learner's, and one to show
        got, problem = call_learner(step, fn, call, case)
        if problem:
            return problem
        want = reference(fresh.inputs)[key]
        if matches(want, got[key], np.float64):
            return None
        try:
            shown = np.round(np.asarray(got[key], dtype=float), 6).tolist()
        except (TypeError, ValueError):
            shown = describe(got[key])
        expected = np.round(want, 6).tolist()
        return CheckResult(
            step,
            "failed",
            f"✗ {step}: {key} is wrong where AL is near 0 or 1 (right on every other case).\n"
            f"  Where: AL = {fresh.inputs['AL'].tolist()}, Y = {fresh.inputs['Y'].tolist()}: "
            f"expected {expected}, got {shown}.\n"
            "  Why: a confident answer keeps its exact loss and gradient: a confident wrong one, AL = 1e-6 "
            "for y = 1, loses -log(1e-6) = 13.8; clipping AL to [0.01, 0.99] makes it 4.6.\n"
            "  Fix: use the AL you are given; if you guard against log(0), clip no further than "
            "np.clip(AL, 1e-15, 1 - 1e-15).",
            None,
            fresh.label,
            fresh.inputs,
        )

    return after


def loss(fn, rng=0):
    """Check ``fn(AL, Y) -> losses``, the cross-entropy of each example, shape ``(1, m)``."""
    variants = [
        Variant(
            "sign_error",
            "losses",
            lambda x: -_losses(x["AL"], x["Y"]),
            "L(a, y) = -(y log a + (1 - y) log(1 - a)): the minus sign makes each loss >= 0.",
        )
    ]
    call = lambda f, x: {"losses": f(x["AL"], x["Y"])}  # noqa: E731
    reference = lambda x: {"losses": _losses(x["AL"], x["Y"])}  # noqa: E731
    return run_check(
        "loss",
        fn,
        build(layer_shapes(rng), _output_inputs, rng),
        call,
        reference,
        variants,
        loop_cases=loop_pair(_output_inputs),
        after=_near_0_and_1("loss", "losses", call, reference),
        what=_WHAT_OUTPUT,
    )


def compute_cost(fn, rng=0):
    """Check ``fn(AL, Y) -> cost``, the mean cross-entropy as a Python float."""
    mean = lambda x: float(np.mean(_losses(x["AL"].astype(np.float64), x["Y"])))  # noqa: E731
    m = lambda x: x["Y"].shape[1]  # noqa: E731
    fix = "cost = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m"
    variants = [
        Variant("sign_error", "cost", lambda x: -mean(x), f"{fix}: the minus sign makes the cost >= 0."),
        Variant("missing_1_over_m", "cost", lambda x: mean(x) * m(x), f"{fix}, with m = Y.shape[1]."),
        Variant("m_twice", "cost", lambda x: mean(x) / m(x), f"divide by m once: {fix}."),
        Variant(
            "wrong_axis",
            "cost",
            lambda x: _losses(x["AL"], x["Y"]).sum(axis=0) / m(x),
            f"sum over every example to one number: {fix}.",
        ),
    ]

    def call(f, x):
        cost = f(x["AL"], x["Y"])
        if _is_scalar(cost) and not isinstance(cost, float):  # np.float32, an int: right value, wrong type
            return {
                "cost": cost,
                "_deferred": Unexpected(
                    f"cost is a {type(cost).__module__}.{type(cost).__name__}, not a Python float "
                    "(the exercise asks for a float). Fix: return float(cost)."
                ),
            }
        return {"cost": cost}

    reference = lambda x: {"cost": mean(x)}  # noqa: E731
    return run_check(
        "compute_cost",
        fn,
        build(layer_shapes(rng), _output_inputs, rng),
        call,
        reference,
        variants,
        loop_cases=loop_pair(_output_inputs),
        after=_near_0_and_1("compute_cost", "cost", call, reference),
        what=_WHAT_OUTPUT,
    )


def cost_backward(fn, rng=0):
    """Check ``fn(AL, Y) -> dAL``, the gradient of each example's loss with respect to ``AL``."""
    fix = "dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))"
    variants = [
        Variant(
            "sign_error",
            "dAL",
            lambda x: -_cost_backward(x["AL"], x["Y"]),
            f"{fix}: the derivative of -log a is -1/a.",
        ),
        Variant(
            "m_twice",
            "dAL",
            lambda x: _cost_backward(x["AL"], x["Y"]) / x["Y"].shape[1],
            f"{fix}, with no 1/m: dA[L] is per example, and the 1/m enters once, in dW and db.",
        ),
    ]

    def gradcheck(f, x):
        AL = np.array(x["AL"], dtype=np.float64)
        approx = numeric_gradient(lambda: float(np.sum(_losses(AL, x["Y"]))), AL)
        return relative_error([f(x["AL"], x["Y"])], [approx])

    call = lambda f, x: {"dAL": f(x["AL"], x["Y"])}  # noqa: E731
    reference = lambda x: {"dAL": _cost_backward(x["AL"], x["Y"])}  # noqa: E731
    return run_check(
        "cost_backward",
        fn,
        build(layer_shapes(rng), _output_inputs, rng),
        call,
        reference,
        variants,
        gradcheck,
        loop_cases=loop_pair(_output_inputs),
        after=_near_0_and_1("cost_backward", "dAL", call, reference),
        what=_WHAT_OUTPUT,
    )


# ---------------------------------------------------------------- propagate (logistic regression, week 2)


def _lr_inputs(shape, rng, dtype):
    _, n_x, _, m, _ = shape
    return {
        "w": values(rng, (n_x, 1), dtype) / 2,
        "b": float(np.round(rng.standard_normal(), 2)),
        "X": values(rng, (n_x, m), dtype),
        "Y": labels(rng, m, dtype),
    }


_LR_OUTPUTS = ("dw", "db", "cost")  # what propagate returns, by name


def _lr_ref(x, sign=1.0, scale=1.0, db_axis=None, bias=True):
    A = _sigmoid(x["w"].T @ x["X"] + (x["b"] if bias else 0))
    m = x["X"].shape[1]
    dZ = sign * (A - x["Y"])
    db = float(np.sum(dZ) / m) if db_axis is None else dZ.sum(axis=db_axis) / m
    return {
        "dw": scale * (x["X"] @ dZ.T) / m,
        "db": scale * db if db_axis is None else db,
        "cost": float(np.mean(_losses(A.astype(np.float64), x["Y"]))),
    }


def propagate(fn, rng=0):
    """Check ``fn(w, b, X, Y) -> (grads, cost)`` with ``grads = {"dw": (n_x, 1), "db": float}``:
    logistic regression's forward and backward pass, ``A = sigmoid(w.T X + b)``."""

    def call(f, x):
        out = f(x["w"], x["b"], x["X"], x["Y"])
        if not (isinstance(out, tuple) and len(out) == 2 and isinstance(out[0], dict)):
            raise Unexpected(
                f"expected (grads, cost) with grads = {{'dw': dw, 'db': db}}; got {type(out).__name__}."
            )
        grads, cost = out
        if "dw" not in grads or "db" not in grads:
            raise Unexpected(f"grads must have the keys 'dw' and 'db'; it has {sorted(grads)}.")
        db = grads["db"]
        if isinstance(db, np.ndarray) and db.size == 1 and db.ndim <= 2:
            db = db.item()  # the course accepts db as a number or a (1, 1) array
        return {"dw": grads["dw"], "db": db, "cost": cost}

    m = lambda x: x["X"].shape[1]  # noqa: E731
    no_bias = "A = sigmoid(np.dot(w.T, X) + b): the bias goes into A, and so into dw, db and the cost."
    variants = [
        *(Variant("missing_bias", k, lambda x, k=k: _lr_ref(x, bias=False)[k], no_bias) for k in _LR_OUTPUTS),
        Variant(
            "missing_1_over_m", "dw", lambda x: _lr_ref(x)["dw"] * m(x), "dw = np.dot(X, (A - Y).T) / m."
        ),
        Variant(
            "m_twice",
            "dw",
            lambda x: _lr_ref(x)["dw"] / m(x),
            "divide by m once: dw = np.dot(X, (A - Y).T) / m.",
        ),
        Variant(
            "sign_error",
            "dw",
            lambda x: _lr_ref(x, sign=-1)["dw"],
            "dz = a - y (not y - a): dw = np.dot(X, (A - Y).T) / m.",
        ),
        Variant("missing_1_over_m", "db", lambda x: _lr_ref(x)["db"] * m(x), "db = np.sum(A - Y) / m."),
        Variant(
            "sign_error",
            "db",
            lambda x: _lr_ref(x, sign=-1)["db"],
            "dz = a - y (not y - a): db = np.sum(A - Y) / m.",
        ),
        Variant(
            "wrong_axis",
            "db",
            lambda x: _lr_ref(x, db_axis=0)["db"],
            "db = np.sum(A - Y) / m: one number, the sum over the m examples (axis=1).",
        ),
        Variant(
            "sign_error",
            "cost",
            lambda x: -_lr_ref(x)["cost"],
            "cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m.",
        ),
        Variant(
            "missing_1_over_m",
            "cost",
            lambda x: _lr_ref(x)["cost"] * m(x),
            "cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m.",
        ),
    ]

    def gradcheck(f, x):
        """Your gradients against finite differences of your own cost."""
        w = np.array(x["w"], dtype=np.float64)
        b = np.array([x["b"]], dtype=np.float64)
        J = lambda: float(np.squeeze(f(w, b[0], x["X"], x["Y"])[1]))  # noqa: E731
        got = call(f, x)
        return relative_error(
            [got["dw"], np.array([got["db"]], dtype=float)], [numeric_gradient(J, w), numeric_gradient(J, b)]
        )

    return run_check(
        "propagate",
        fn,
        build(layer_shapes(rng), _lr_inputs, rng),
        call,
        _lr_ref,
        variants,
        gradcheck,
        loop_cases=loop_pair(_lr_inputs),
    )
