"""Checks for the steps around the passes: initialization, the update, prediction, and a whole
training loop compared with :func:`nncore.train` from the same starting parameters.
"""

from __future__ import annotations

import inspect

import numpy as np

from .. import training as ref
from ..formulas import forward_propagation as _forward
from ..layers import backward_propagation as _backward
from ..text import format_number
from ..validation import layer_dims_of
from .cases import NetworkShape, build, labels, network_shapes, values
from .engine import Case, Unexpected, Variant, call_learner, describe_inputs, named_result, run_check
from .layers import network_inputs
from .models import NETWORK_COST_FIX, compare_costs
from .result import CheckResult

# ---------------------------------------------------------------- initialize_parameters


def initialize_parameters_deep(fn, rng=0):
    """The course's week-4 name for :func:`initialize_parameters`: ``fn(layer_dims, rng)``."""
    return initialize_parameters(fn, rng=rng, step="initialize_parameters_deep")


#: What ``small=True`` accepts: each W's root mean square at most this. The course's week-3 weights,
#: ``rng.standard_normal(shape) * 0.01``, have about 0.01; unscaled draws about 1, Xavier's
#: ``1 / sqrt(n[l-1])`` at least 0.38 on the checked networks (n[l-1] <= 7).
SMALL_RMS = 0.1


def initialize_parameters(fn, num_layers=None, rng=0, step="initialize_parameters", small=False):
    """Check ``fn(layer_dims, rng) -> parameters``: shapes, zero biases, units that differ,
    and randomness drawn from ``rng`` only (the same rng gives the same parameters).
    ``num_layers=2`` checks only ``layer_dims = [n_x, n_h, n_y]``. ``small=True`` also asks for
    small weights, as P2 does: the root mean square of each ``W`` at most :data:`SMALL_RMS`."""
    try:
        takes_rng = "rng" in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        takes_rng = True
    dims_cases = [
        Case(label, {"layer_dims": dims, "rng": 7}) for label, dims, _, _ in network_shapes(rng, L=num_layers)
    ]
    if not takes_rng:
        return named_result(
            step,
            "global_random",
            None,
            "add an rng argument, rng = np.random.default_rng(rng), "
            "and draw with rng.standard_normal(shape); never np.random.seed or np.random.randn.",
            dims_cases[0],
            ": your function takes no rng",
        )

    def call(f, x):
        return f(x["layer_dims"], rng=np.random.default_rng(x["rng"]))

    for case in dims_cases:
        state = np.random.get_state()
        parameters, problem = call_learner(step, fn, call, case)
        if problem:
            return problem
        now = np.random.get_state()
        if not (np.array_equal(state[1], now[1]) and state[2:] == now[2:]):
            return named_result(
                step,
                "global_random",
                None,
                "draw from the rng argument: "
                "rng.standard_normal(shape), never np.random.seed or np.random.randn.",
                case,
                ": your function changed NumPy's global random state",
            )
        problem = _check_init(step, parameters, case) or (small and _check_small(step, parameters, case))
        if problem:
            return problem
        again, _ = call_learner(step, fn, call, case)
        other, _ = call_learner(step, fn, call, case._replace(inputs={**case.inputs, "rng": 8}))
        L = len(case.inputs["layer_dims"]) - 1
        same = all(np.array_equal(parameters[f"W{l}"], again[f"W{l}"]) for l in range(1, L + 1))
        moved = any(not np.array_equal(parameters[f"W{l}"], other[f"W{l}"]) for l in range(1, L + 1))
        if not (same and moved):
            how = (
                "two calls with the same rng gave different weights"
                if not same
                else "two different rngs gave the same weights, so the rng is ignored"
            )
            return named_result(
                step,
                "global_random",
                None,
                "draw with rng.standard_normal(shape), where rng is the "
                "argument; no np.random.seed inside the function.",
                case,
                f": {how}",
            )
    return CheckResult(
        step,
        "passed",
        f"✓ {step}: right shapes, zero biases, distinct {'small ' if small else ''}units and rng-only "
        f"randomness on {len(dims_cases)} networks.",
    )


def _check_small(step, parameters, case):
    """None when every W has a root mean square of at most SMALL_RMS."""
    for l in range(1, len(case.inputs["layer_dims"])):
        rms = float(np.sqrt(np.mean(np.square(parameters[f"W{l}"]))))
        shown = format_number(rms, digits=2)
        if rms > SMALL_RMS:
            return CheckResult(
                step,
                "failed",
                f"✗ {step}: W{l} is not small: the root mean square of its entries is {shown}; "
                f"the exercise asks for at most {SMALL_RMS}.\n"
                "  Why: large weights saturate tanh and the sigmoid, where their gradients vanish.\n"
                "  Fix: scale the draws as the course does: "
                "W1 = rng.standard_normal((n_h, n_x)) * 0.01, and W2 likewise.\n"
                f'  Input (case "{case.label}"): {describe_inputs(case)}',
                None,
                case.label,
                case.inputs,
            )
    return None


def _check_init(step, parameters, case):
    dims = case.inputs["layer_dims"]
    if not isinstance(parameters, dict):
        return CheckResult(
            step,
            "failed",
            f"✗ {step}: expected the dict parameters; got {type(parameters).__name__}.",
            None,
            case.label,
            case.inputs,
        )
    for l in range(1, len(dims)):
        for key, shape in ((f"W{l}", (dims[l], dims[l - 1])), (f"b{l}", (dims[l], 1))):
            got = parameters.get(key)
            if got is None and l == len(dims) - 1 and isinstance(parameters.get(f"W{l - 1}"), np.ndarray):
                return named_result(
                    step,
                    "off_by_one",
                    key,
                    f"build every layer: for l in range(1, len(layer_dims)), giving W1 .. W{l} for "
                    f"layer_dims {dims}.",
                    case,
                    f": parameters stops at layer {l - 1} (keys: {sorted(parameters)})",
                )
            if not isinstance(got, np.ndarray):
                return CheckResult(
                    step,
                    "failed",
                    f"✗ {step}: parameters has no array {key!r} for layer_dims {dims} "
                    f"(keys: {sorted(parameters)}).",
                    None,
                    case.label,
                    case.inputs,
                )
            if got.shape == shape[::-1] and shape[0] != shape[1]:
                return named_result(
                    step,
                    "transpose",
                    key,
                    f"W[l] is (n[l], n[l-1]) = {shape}: "
                    f"rng.standard_normal((layer_dims[l], layer_dims[l - 1])).",
                    case,
                    f": got {got.shape}",
                )
            if got.ndim == 1 and got.size == shape[0]:
                return named_result(
                    step, "rank1", key, f"np.zeros(({dims[l]}, 1)), a column, not np.zeros({dims[l]}).", case
                )
            if got.shape != shape:
                return CheckResult(
                    step,
                    "failed",
                    f"✗ {step}: {key} has shape {got.shape}; expected {shape} for layer_dims {dims}.",
                    None,
                    case.label,
                    case.inputs,
                )
        if np.any(parameters[f"b{l}"] != 0):
            return CheckResult(
                step,
                "failed",
                f"✗ {step}: b{l} should start at zeros: np.zeros(({dims[l]}, 1)).",
                None,
                case.label,
                case.inputs,
            )
        W = parameters[f"W{l}"]
        if W.shape[0] > 1 and np.all(W == W[:1]):
            return named_result(
                step,
                "symmetric_init",
                f"W{l}",
                "draw W at random: rng.standard_normal(shape) * scale "
                "(for example scale = np.sqrt(2 / layer_dims[l - 1]), He).",
                case,
                f": every row of W{l} is equal",
            )
    return None


# ---------------------------------------------------------------- update_parameters


def _update_inputs(shape, rng, dtype):
    x = network_inputs(shape, rng, dtype)
    p = x["parameters"]
    grads = {"d" + k: values(rng, v.shape, dtype) for k, v in p.items()}
    return {"parameters": p, "grads": grads, "learning_rate": 0.1}


def update_parameters(fn, num_layers=None, rng=0):
    """Check ``fn(parameters, grads, learning_rate) -> parameters``.

    The result must be new parameters, with the inputs left unchanged. ``num_layers=2`` checks
    only two-layer networks (P2's, whose exercise needs no loop)."""

    def call(f, x):
        out = f(x["parameters"], x["grads"], x["learning_rate"])
        if not isinstance(out, dict):
            raise Unexpected(
                f"expected the dict of new parameters; got {type(out).__name__}. End with: return parameters"
            )
        return out

    def step(x, sign):
        return {k: v + sign * x["learning_rate"] * x["grads"]["d" + k] for k, v in x["parameters"].items()}

    keys = ("W1", "b1", "W2", "b2", "W3", "b3", "W4", "b4")
    variants = [
        Variant(
            "update_plus",
            k,
            lambda x, k=k: step(x, +1)[k],
            f"{k} = {k} - learning_rate * d{k}: step against the gradient.",
        )
        for k in keys
    ] + [
        Variant(
            "off_by_one",
            k,
            lambda x, k=k: x["parameters"][k],
            f"{k} was not updated: loop over every layer, for l in range(1, L + 1) "
            "with L = len(parameters) // 2.",
        )
        for k in keys
    ]
    return run_check(
        "update_parameters",
        fn,
        build(network_shapes(rng, L=num_layers), _update_inputs, rng),
        call,
        lambda x: step(x, -1),
        variants,
    )


# ---------------------------------------------------------------- predict


def predict(fn, hidden_activation="relu", num_layers=None, rng=0):
    """Check ``fn(X, parameters) -> predictions``, 0/1 labels of shape ``(1, m)``."""

    def reference(x):
        L = len(x["parameters"]) // 2
        AL, _ = _forward(x["X"], x["parameters"], [hidden_activation] * (L - 1) + ["sigmoid"])
        return {"predictions": (AL > 0.5).astype(float), "_AL": AL}

    variants = [
        Variant(
            "probabilities_not_labels",
            "predictions",
            lambda x: reference(x)["_AL"],
            "predictions = (AL > 0.5).astype(int): 1 where the probability is above 0.5, else 0.",
        )
    ]
    return run_check(
        "predict",
        fn,
        build(network_shapes(rng, L=num_layers), network_inputs, rng),
        lambda f, x: {"predictions": f(x["X"], x["parameters"])},
        lambda x: {"predictions": reference(x)["predictions"]},
        variants,
    )  # no loop check: the course's own predict loops over the examples, and the notebooks allow it


# ---------------------------------------------------------------- a whole training loop


def _blobs(m, rng):
    """Two separable clusters in 2-D, as columns."""
    Y = labels(rng, m)
    X = rng.standard_normal((2, m)) * 0.7 + (2 * Y - 1) * 1.5
    return X, Y


#: The training runs of :func:`train`: ``(layer_dims, m, num_iterations)``, by number of layers.
#: Two runs for each depth: first 2 iterations (short enough that "+ instead of -" cannot saturate
#: the output before it is named: 600 of 600 seeds measured), then one past 100 iterations (so that
#: a list of every 100th cost is told apart from one per iteration); with no depth given, both
#: 2-layer runs and the first 3-layer one.
_TRAIN_RUNS = {
    2: (([2, 3, 1], 12, 2), ([2, 5, 1], 10, 120)),
    3: (([2, 4, 3, 1], 9, 2), ([2, 3, 4, 1], 10, 110)),
}


def _train_runs(num_layers):
    if num_layers is None:
        return [*_TRAIN_RUNS[2], _TRAIN_RUNS[3][0]]
    return list(_TRAIN_RUNS.get(num_layers, ())) or [  # the data are 2-D: n_x = 2
        ([2] + [3] * (num_layers - 1) + [1], 12, 2),
        ([2] + [4] * (num_layers - 1) + [1], 9, 110),
    ]


def train(fn, hidden_activation="relu", num_layers=None, rng=0):
    """Check ``fn(X, Y, parameters, learning_rate, num_iterations) -> (parameters, costs)``:
    gradient descent from the given starting parameters, compared with :func:`nncore.train`
    from the same start, on two or three small networks. ``costs`` must hold one cost per
    iteration, each computed before that iteration's update (as ``nncore.train``'s history):
    a list of every 100th cost, or of the costs after each update, fails and says so."""
    step = "train"
    gen = np.random.default_rng(rng)
    cases = []
    for dims, m, n_iter in _train_runs(num_layers):
        X, Y = _blobs(m, gen)
        start = network_inputs(NetworkShape("", dims, m, np.float64), gen, np.float64)["parameters"]
        cases.append(
            Case(
                f"layer_dims {dims}, m = {m}, {n_iter} iterations",
                {"X": X, "Y": Y, "parameters": start, "learning_rate": 0.5, "num_iterations": n_iter},
            )
        )
    costs_of = {}  # id(inputs) -> the costs the learner returned for them

    def call(f, x):
        out = f(x["X"], x["Y"], x["parameters"], x["learning_rate"], x["num_iterations"])
        if not (isinstance(out, tuple) and len(out) == 2 and isinstance(out[0], dict)):
            raise Unexpected(
                f"expected (parameters, costs); got {type(out).__name__}. End with: return parameters, costs"
            )
        costs_of[id(x)] = out[1]
        return dict(out[0])

    def run(x, sign):
        p, L = dict(x["parameters"]), len(x["parameters"]) // 2
        for _ in range(x["num_iterations"]):
            AL, caches = _forward(x["X"], p, [hidden_activation] * (L - 1) + ["sigmoid"])
            grads = _backward(AL, x["Y"], caches)
            p = {k: v + sign * x["learning_rate"] * grads["d" + k] for k, v in p.items()}
        return p

    def reference(x, extra=0):
        return ref.train(
            x["X"],
            x["Y"],
            layer_dims_of(x["parameters"]),
            learning_rate=x["learning_rate"],
            num_iterations=x["num_iterations"] + extra,
            hidden_activation=hidden_activation,
            parameters=x["parameters"],
        )

    def check_costs(_fn):
        # nncore.train's history run one iteration longer: the costs before each update, and last
        # the cost of the final parameters (compare_costs reads the costs after each update from it).
        for case in cases:
            costs = list(reference(case.inputs, extra=1)[1]["cost"])
            got = costs_of[id(case.inputs)]
            problem = compare_costs(step, got, costs, case, NETWORK_COST_FIX, every_100=False)
            if problem:
                return problem
        return None

    variants = [
        Variant(
            "update_plus",
            k,
            lambda x, k=k: run(x, +1)[k],
            f"{k} = {k} - learning_rate * d{k}: step against the gradient.",
        )
        for k in ("W1", "b1", "W2", "b2", "W3", "b3")
    ]
    return run_check(
        step,
        fn,
        cases,
        call,
        lambda x: reference(x)[0],
        variants,
        after=check_costs,
        what="small networks, parameters and costs each against nncore.train from the same start",
    )
