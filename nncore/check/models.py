"""Checks for the course's whole-model exercises: week 2's logistic regression
(``initialize_with_zeros``, ``optimize``, ``predict``, ``model``) and week 4's ``L_layer_model``.

Logistic regression starts from zeros, so its whole run is deterministic: the learner's
parameters, gradients and cost list are compared with a reference run on the same data.
``L_layer_model`` draws its own starting weights, so it is judged by what any correct run
must give: the parameters' shapes, finite values, a cost list that falls, and labels that fit
a separable training set.

The cost list may hold one cost per iteration or one every 100 iterations (the course's
``if i % 100 == 0``); each cost is the one computed *before* that iteration's update
(:func:`compare_costs`, which ``check.train`` shares, asking there for one cost per iteration).
"""

from __future__ import annotations

import inspect

import numpy as np

from ..activations import sigmoid as _sigmoid
from ..formulas import forward_propagation as _forward
from .cases import labels, values
from .describe import fmt
from .engine import Case, call_learner, describe_inputs, matches, named_result
from .result import CheckResult

_FIXED_SEED = 2024


def _fail(step, message, case=None, mistake=None):
    label = case.label if case is not None else None
    inputs = case.inputs if case is not None else None
    text = f"✗ {step}: {message}"
    if case is not None:
        text += f'\n  Input (case "{case.label}"): {describe_inputs(case)}'
    return CheckResult(step, "failed", text, mistake, label, inputs)


def _number(x):
    """A float from a number or a one-entry array; None otherwise."""
    try:
        a = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        return None
    return float(a.reshape(-1)[0]) if a.size == 1 else None


def _show(x):
    """A short, safe description of whatever the learner returned."""
    try:
        a = np.asarray(x, dtype=float)
        return f"{np.round(a, 6).tolist()} (shape {a.shape})"
    except (TypeError, ValueError):
        return f"a {type(x).__name__}"


def _ok(want, got):
    """``matches`` that never raises, whatever ``got`` is."""
    try:
        return matches(want, got, np.float64)
    except Exception:  # a ragged or odd learner value is simply wrong
        return False


def _lr_data(rng, n_x, m):
    Y = labels(rng, m)
    X = values(rng, (n_x, m)) + (2 * Y - 1) * 0.8
    return X, Y


def _lr_run(w, b, X, Y, num_iterations, learning_rate):
    """The reference gradient descent: ``(w, b, dw, db, costs)``. ``costs`` has
    ``num_iterations + 1`` entries: ``costs[i]`` is the cost before iteration i's update, and the
    last one is the cost of the final ``w, b`` (see :func:`compare_costs`)."""
    m = X.shape[1]
    w, b = np.array(w, dtype=float), float(b)
    costs = []
    with np.errstate(all="ignore"):  # the "+ instead of -" reference run may saturate
        return _lr_loop(w, b, X, Y, num_iterations, learning_rate, m, costs)


def _lr_cost(A, Y):
    return float(-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))


def _lr_loop(w, b, X, Y, num_iterations, learning_rate, m, costs):
    dw = db = None
    for _ in range(num_iterations):
        A = _sigmoid(w.T @ X + b)
        costs.append(_lr_cost(A, Y))
        dw, db = X @ (A - Y).T / m, float(np.sum(A - Y) / m)
        w, b = w - learning_rate * dw, b - learning_rate * db
    costs.append(_lr_cost(_sigmoid(w.T @ X + b), Y))
    return w, b, dw, db, costs


#: How close a learner's cost must be to the reference's (the learner's log(AL) and nncore's
#: exact cost from Z[L] agree to about 1e-15 on these small runs).
_COST_TOL = {"rtol": 1e-5, "atol": 1e-7}


def _close(got, want):
    return len(got) == len(want) and bool(np.allclose(got, want, **_COST_TOL))


def compare_costs(step, got, costs, case, fix, every_100=True):
    """None when ``got`` is the cost list the exercise asks for; otherwise a failed result.

    ``costs`` holds ``num_iterations + 1`` reference costs: ``costs[i]`` is the cost of the
    parameters before iteration i's update, and the last one the cost of the final parameters.
    The right list is ``costs[:-1]``, one cost per iteration, each computed before that
    iteration's update; with ``every_100`` also ``costs[:-1:100]``, the course's
    ``if i % 100 == 0``. The same lists taken one step later, ``costs[1:]``, are the costs
    recorded after each update: the mistake ``cost_after_update``, whose ``fix`` the caller gives.
    """
    try:
        got = [_number(c) for c in list(got)]
    except TypeError:
        return _fail(step, f"costs should be a list of numbers; got {type(got).__name__}.", case)
    if any(c is None for c in got):
        return _fail(step, "costs should be a list of numbers (one per recorded iteration).", case)
    entries = f"{len(got)} entr{'y' if len(got) == 1 else 'ies'}"
    before, after = costs[:-1], costs[1:]
    n = len(before)
    forms = [("one per iteration", before, after)]
    if every_100:
        forms.append(("one every 100 iterations", before[::100], after[::100]))
    for how, want, shifted in forms:
        if len(got) != len(want):
            continue
        if _close(got, want):
            return None
        if _close(got, shifted):
            return named_result(
                step,
                "cost_after_update",
                "costs",
                fix,
                case,
                where=f"costs[0] = {fmt(got[0])} is the cost after the first update; "
                f"the cost before it, the one to record, is {fmt(want[0])}",
            )
        i = int(np.argmax(~np.isclose(got, want, **_COST_TOL)))
        return _fail(
            step,
            f"costs ({how}) differ first at entry {i}: expected {fmt(want[i])}, got {fmt(got[i])}.",
            case,
        )
    if not every_100 and (_close(got, before[::100]) or _close(got, after[::100])):
        return _fail(
            step,
            f"costs has {entries}, one every 100 iterations (the course's `if i % 100 == 0`); "
            f"this exercise asks for one cost per iteration, {n} for num_iterations = {n}. "
            "Fix: append the cost at every iteration, without the `if`.",
            case,
        )
    expected = f"{n} (one per iteration)"
    if every_100:
        expected += f" or {len(before[::100])} (one every 100, when i % 100 == 0)"
    return _fail(step, f"costs has {entries}; for {n} iterations expected {expected}.", case)


# ---------------------------------------------------------------- initialize_with_zeros


def initialize_with_zeros(fn, rng=0):
    """Check ``fn(dim) -> (w, b)``: ``w`` zeros of shape ``(dim, 1)``, ``b`` the number 0."""
    step = "initialize_with_zeros"
    for dim in (2, 1, int(np.random.default_rng(rng).integers(3, 9))):
        case = Case(f"dim = {dim}", {"dim": dim})
        out, problem = call_learner(step, fn, lambda f, x: f(x["dim"]), case)
        if problem:
            return problem
        if not (isinstance(out, tuple | list) and len(out) == 2):
            return _fail(step, f"expected (w, b); got {type(out).__name__}. End with: return w, b", case)
        w, b = out
        if isinstance(w, int | float) and isinstance(b, np.ndarray):
            return _fail(step, "the return order is swapped: return w, b (w the array, b the number).", case)
        if not isinstance(w, np.ndarray):
            return _fail(step, f"w should be an ndarray; got {type(w).__name__}.", case)
        if w.ndim == 1 and w.size == dim:
            return named_result(
                step, "rank1", "w", f"w = np.zeros(({dim}, 1)), a column, not np.zeros({dim}).", case
            )
        if w.shape != (dim, 1):
            return _fail(step, f"w should have shape ({dim}, 1); yours has {w.shape}.", case)
        if np.any(w != 0):
            return _fail(step, "w should be all zeros: np.zeros((dim, 1)).", case)
        if _number(b) != 0:
            return _fail(step, f"b should be the number 0 (b = 0.0); got {b!r}.", case)
    return CheckResult(step, "passed", f"✓ {step}: w zeros of shape (dim, 1), b = 0, on 3 sizes.")


# ---------------------------------------------------------------- optimize

_OPTIMIZE_FIX = (
    "record the cost that propagate returns in the same iteration, before updating w and b: "
    "grads, cost = propagate(w, b, X, Y); costs.append(cost); then w = w - learning_rate * dw."
)


def _optimize_cases(rng):
    out = []
    for label, gen, n_x, m, n_iter, lr in (
        ("fixed", np.random.default_rng(_FIXED_SEED), 2, 3, 250, 0.1),
        ("random", np.random.default_rng(rng), 4, 7, 120, 0.5),
        ("m = 1", np.random.default_rng(rng), 3, 1, 101, 0.05),
    ):
        X, Y = _lr_data(gen, n_x, m)
        w = np.round(gen.standard_normal((n_x, 1)) * 0.3, 2)
        out.append(
            Case(label, {"w": w, "b": 0.1, "X": X, "Y": Y, "num_iterations": n_iter, "learning_rate": lr})
        )
    return out


def optimize(fn, rng=0):
    """Check ``fn(w, b, X, Y, num_iterations, learning_rate) -> (params, grads, costs)``:
    ``params = {"w": w, "b": b}`` after the last update, ``grads = {"dw": dw, "db": db}`` of the
    last iteration, and ``costs`` one per iteration or one every 100 (before each update)."""
    step = "optimize"

    def call(f, x):
        return f(snap(x["w"]), x["b"], snap(x["X"]), snap(x["Y"]), x["num_iterations"], x["learning_rate"])

    snap = np.array
    for case in _optimize_cases(rng):
        x = case.inputs
        w, b, dw, db, costs = _lr_run(x["w"], x["b"], x["X"], x["Y"], x["num_iterations"], x["learning_rate"])
        out, problem = call_learner(step, fn, call, case)
        if problem:
            return problem
        if not (isinstance(out, tuple | list) and len(out) == 3):
            return _fail(
                step,
                f"expected (params, grads, costs); got {type(out).__name__}. "
                "End with: return params, grads, costs",
                case,
            )
        params, grads, got_costs = out
        if not (isinstance(params, dict) and isinstance(grads, dict)):
            return _fail(
                step,
                "expected params = {'w': w, 'b': b} and grads = {'dw': dw, 'db': db}, in that order.",
                case,
            )
        if not {"w", "b"} <= set(params) or not {"dw", "db"} <= set(grads):
            return _fail(
                step,
                f"params needs keys 'w', 'b' (has {sorted(params)}); grads 'dw', 'db' (has {sorted(grads)}).",
                case,
            )
        plus_w = _lr_run(x["w"], x["b"], x["X"], x["Y"], x["num_iterations"], -x["learning_rate"])[0]
        if _ok(plus_w, params["w"]) and not _ok(w, params["w"]):
            return named_result(
                step, "update_plus", "w", "w = w - learning_rate * dw: step against the gradient.", case
            )
        for key, want, got in (
            ("w", w, params["w"]),
            ("b", b, _number(params["b"])),
            ("dw", dw, grads["dw"]),
            ("db", db, _number(grads["db"])),
        ):
            if got is None or not _ok(want, got):
                return _fail(
                    step,
                    f"{key} after {x['num_iterations']} iterations is wrong: "
                    f"expected {np.round(want, 6).tolist()}, got {_show(got)}.",
                    case,
                )
        problem = compare_costs(step, got_costs, costs, case, _OPTIMIZE_FIX)
        if problem:
            return problem
    return CheckResult(step, "passed", f"✓ {step}: params, last grads and the cost list right on 3 runs.")


# ---------------------------------------------------------------- predict (logistic regression)


def predict_logistic(fn, rng=0):
    """Check ``fn(w, b, X) -> Y_prediction``: 0/1 labels of shape ``(1, m)``, 1 where
    ``sigmoid(w.T X + b) > 0.5``."""
    step = "predict"
    gen = np.random.default_rng(rng)
    for label, n_x, m in (("fixed", 2, 4), ("random", 5, 9), ("m = 1", 3, 1)):
        g = np.random.default_rng(_FIXED_SEED) if label == "fixed" else gen
        case = Case(label, {"w": values(g, (n_x, 1)), "b": 0.2, "X": values(g, (n_x, m))})
        x = case.inputs
        A = _sigmoid(x["w"].T @ x["X"] + x["b"])
        want = (A > 0.5).astype(float)
        got, problem = call_learner(
            step, fn, lambda f, x: f(np.array(x["w"]), x["b"], np.array(x["X"])), case
        )
        if problem:
            return problem
        try:
            arr = np.asarray(got, dtype=float)
        except (TypeError, ValueError):
            return _fail(step, f"expected an array of 0/1 labels; got {type(got).__name__}.", case)
        if arr.shape != want.shape and arr.size == want.size:
            return _fail(
                step,
                f"Y_prediction should have shape {want.shape}; yours has {arr.shape}: reshape(1, m).",
                case,
            )
        if _ok(A, arr) and not _ok(want, arr):
            return named_result(
                step,
                "probabilities_not_labels",
                "Y_prediction",
                "Y_prediction = (A > 0.5).astype(float).",
                case,
            )
        if not _ok(want, arr):
            return _fail(step, f"expected {want.tolist()}, got {arr.tolist()}.", case)
    return CheckResult(step, "passed", f"✓ {step}: right labels on 3 cases.")


# ---------------------------------------------------------------- model (logistic regression)


def model(fn, rng=0):
    """Check ``fn(X_train, Y_train, X_test, Y_test, num_iterations, learning_rate) -> d``: the
    course's dict with ``"w"``, ``"b"``, ``"costs"``, ``"Y_prediction_train"`` and
    ``"Y_prediction_test"``, from a run that starts at zeros."""
    step = "model"
    gen = np.random.default_rng(rng)
    for label, g, n_x, m, n_iter, lr in (
        ("fixed", np.random.default_rng(_FIXED_SEED), 2, 6, 200, 0.5),
        ("random", gen, 4, 9, 150, 0.1),
    ):
        X, Y = _lr_data(g, n_x, m)
        Xt, Yt = _lr_data(g, n_x, 4)
        case = Case(
            label,
            {
                "X_train": X,
                "Y_train": Y,
                "X_test": Xt,
                "Y_test": Yt,
                "num_iterations": n_iter,
                "learning_rate": lr,
            },
        )

        def call(f, x):
            return f(
                np.array(x["X_train"]),
                np.array(x["Y_train"]),
                np.array(x["X_test"]),
                np.array(x["Y_test"]),
                num_iterations=x["num_iterations"],
                learning_rate=x["learning_rate"],
            )

        d, problem = call_learner(step, fn, call, case)
        if problem:
            return problem
        need = {"w", "b", "costs", "Y_prediction_train", "Y_prediction_test"}
        if not isinstance(d, dict) or not need <= set(d):
            have = sorted(d) if isinstance(d, dict) else type(d).__name__
            return _fail(step, f"expected a dict with keys {sorted(need)}; got {have}.", case)
        w, b, _, _, costs = _lr_run(np.zeros((n_x, 1)), 0.0, X, Y, n_iter, lr)
        if not _ok(w, d["w"]) or _number(d["b"]) is None or not np.isclose(_number(d["b"]), b):
            return _fail(
                step,
                "w or b differ from gradient descent started at zeros (initialize_with_zeros) "
                "with the given num_iterations and learning_rate.",
                case,
            )
        for key, data in (("Y_prediction_train", X), ("Y_prediction_test", Xt)):
            want = (_sigmoid(w.T @ data + b) > 0.5).astype(float)
            try:
                ok = _ok(want, np.asarray(d[key], dtype=float))
            except (TypeError, ValueError):
                ok = False
            if not ok:
                return _fail(
                    step,
                    f"{key} should be predict(w, b, {'X_train' if 'train' in key else 'X_test'}) "
                    f"with the trained w, b: expected {want.tolist()}.",
                    case,
                )
        problem = compare_costs(step, d["costs"], costs, case, _OPTIMIZE_FIX)
        if problem:
            return problem
    return CheckResult(step, "passed", f"✓ {step}: w, b, costs and both predictions right on 2 runs.")


# ---------------------------------------------------------------- L_layer_model


def _network_fit(params, X, Y, dims):
    """(problem, accuracy, cost) of ``params`` on ``(X, Y)``: ReLU hidden layers, a sigmoid output.
    ``problem`` names the first missing, misshapen or non-finite entry, else it is None."""
    L = len(dims) - 1
    for l in range(1, L + 1):
        for key, shape in ((f"W{l}", (dims[l], dims[l - 1])), (f"b{l}", (dims[l], 1))):
            got = params.get(key)
            if not isinstance(got, np.ndarray) or got.shape != shape:
                found = got.shape if isinstance(got, np.ndarray) else type(got).__name__
                return f"{key} should have shape {shape}; got {found}.", None, None
            if not np.all(np.isfinite(got)):
                return f"{key} holds NaN or inf: the training diverged.", None, None
    A, _ = _forward(X, params, ["relu"] * (L - 1) + ["sigmoid"])
    P = np.clip(A, 1e-12, 1 - 1e-12)  # the check's own cost stays finite where A rounds to 0 or 1
    cost = float(-np.mean(Y * np.log(P) + (1 - Y) * np.log(1 - P)))
    return None, float(np.mean((A > 0.5) == (Y == 1))), cost


NETWORK_COST_FIX = (
    "append the cost of the same iteration's forward pass, before the update: "
    "AL, caches = forward_propagation(X, parameters); costs.append(compute_cost(AL, Y)); "
    "then the backward pass and update_parameters."
)


def _check_network_costs(step, costs, iterations, final_cost, case):
    """None when ``costs`` is a list of ``iterations`` costs (or one every 100) that falls, and whose
    last entry is not the cost of the returned parameters (``final_cost``): that one comes after
    the last update. (Measured with nncore.train on these two networks, 300 seeds, He and Xavier
    starts: on every run that fits, and on every 1-iteration run, the last update changes the cost
    by at least 0.13%, far above the relative 1e-7 used here.)"""
    try:
        c = [_number(v) for v in list(costs)]
    except TypeError:
        c = [None]
    if not c or any(v is None for v in c):
        return _fail(step, "costs should be a list of numbers.", case)
    lengths = sorted({iterations, len(range(0, iterations, 100))}, reverse=True)
    if len(c) not in lengths:
        hows = ("one per iteration", "every 100")
        expected = " or ".join(f"{n} ({how})" for n, how in zip(lengths, hows[: len(lengths)], strict=True))
        return _fail(
            step, f"costs has {len(c)} entries for {iterations} iterations; expected {expected}.", case
        )
    if len(c) == iterations and np.isclose(c[-1], final_cost, rtol=1e-7, atol=0):
        return named_result(
            step,
            "cost_after_update",
            "costs",
            NETWORK_COST_FIX,
            case,
            where=f"costs[-1] = {fmt(c[-1])} is the cost of the parameters you return, after the last "
            "update; the last cost to record is the one before it",
        )
    if len(c) > 1 and not c[-1] < c[0]:
        return _fail(step, f"the cost should fall: first {fmt(c[0])}, last {fmt(c[-1])}.", case)
    return None


def L_layer_model(fn, rng=0):
    """Check ``fn(X, Y, layers_dims, learning_rate=..., num_iterations=..., rng=...)``, returning
    ``parameters`` or ``(parameters, costs)``: the shapes of every ``W[l]``, ``b[l]``, finite
    values, a falling cost list (one per iteration or every 100, each computed before that
    iteration's update: the last one is not the cost of the returned parameters), training labels that fit
    a separable data set, and a training cost after 300 iterations well below the one after 1
    (so that ``num_iterations`` is used). ``rng`` is passed only when your function takes it.

    The two networks are wide enough that a correct run with He or Xavier initialization fits
    from any seed (measured: 300 of 300 seeds each)."""
    step = "L_layer_model"
    try:
        takes_rng = "rng" in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        takes_rng = False
    gen = np.random.default_rng(rng)
    for dims, m in (([2, 4, 1], 40), ([2, 10, 5, 1], 30)):
        Y = labels(gen, m)
        X = gen.standard_normal((2, m)) * 0.5 + (2 * Y - 1) * 1.5
        fits = {}
        for iterations in (300, 1):
            case = Case(
                f"layers_dims {dims}, m = {m}",
                {"X": X, "Y": Y, "layers_dims": dims, "learning_rate": 0.1, "num_iterations": iterations},
            )

            def call(f, x):
                kw = {"learning_rate": x["learning_rate"], "num_iterations": x["num_iterations"]}
                if takes_rng:
                    kw["rng"] = np.random.default_rng(1)  # a Generator, as the notebooks pass
                return f(np.array(x["X"]), np.array(x["Y"]), list(x["layers_dims"]), **kw)

            out, problem = call_learner(step, fn, call, case)
            if problem:
                return problem
            params, costs = out if isinstance(out, tuple) and len(out) == 2 else (out, None)
            if not isinstance(params, dict):
                got = type(out).__name__
                return _fail(step, f"expected parameters (a dict), or (parameters, costs); got {got}.", case)
            problem, accuracy, cost = _network_fit(params, X, Y, dims)
            if problem:
                return _fail(step, problem, case)
            fits[iterations] = (accuracy, cost)
            if iterations == 300 and accuracy < 0.9:
                return _fail(
                    step,
                    f"after 300 iterations the network labels only {accuracy:.0%} of a separable "
                    "training set right (any correct run reaches 90%): check the update and the passes.",
                    case,
                )
            if costs is not None:
                problem = _check_network_costs(step, costs, iterations, cost, case)
                if problem:
                    return problem
        (_, after_300), (_, after_1) = fits[300], fits[1]
        if not after_300 < 0.5 * after_1:
            return _fail(
                step,
                f"the training cost after num_iterations=300 ({fmt(after_300)}) is not below half of "
                f"the one after num_iterations=1 ({fmt(after_1)}); any correct run falls further. "
                "Fix: loop `for i in range(num_iterations)`, not over a fixed count.",
                case,
            )
    return CheckResult(
        step, "passed", f"✓ {step}: right shapes, finite values, a falling cost and a fit on 2 networks."
    )
