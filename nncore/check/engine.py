"""How a check runs: call the learner's function on each case, compare, and name the mistake.

:func:`run_check` is shared by every step. A step gives it

* ``cases``: a list of :class:`Case`, fixed ones first;
* ``call(fn, inputs) -> dict`` of named outputs (it unpacks the learner's return value,
  raising :class:`Unexpected` with a message when the return value has the wrong form);
* ``reference(inputs) -> dict``: the right outputs, computed by nncore;
* ``variants``: :class:`Variant` s, the outputs each named mistake would give;
* optionally ``gradcheck(fn, inputs) -> float``, the relative error between the learner's
  gradients and centered finite differences; below :data:`GRADCHECK_TOL` a backward pass
  that differs from nncore's is still accepted (another correct formulation).

Outputs are compared shape first, then values; the report shows the first mismatch. When the
learner's function raises, :mod:`.errors` writes the report; :mod:`.describe` shows the values.
"""

from __future__ import annotations

import copy
import functools
import re
import sys
from typing import Callable, NamedTuple

import numpy as np

from ..gradcheck import centered_differences
from .describe import describe, describe_inputs, fmt, locate
from .errors import is_library, learner_error
from .result import MISTAKES, CheckResult

GRADCHECK_TOL = 1e-7
_TOL = {np.dtype(np.float64): (1e-6, 1e-8), np.dtype(np.float32): (1e-3, 1e-5)}


class Case(NamedTuple):
    label: str  # how the report names it: "fixed", "m = 1", "float32", ...
    inputs: dict  # argument name -> value, in call order
    dtype: np.dtype = np.dtype(np.float64)


class Variant(NamedTuple):
    """The output ``key`` that ``mistake`` would give, and the fix to print for it."""

    mistake: str
    key: str
    compute: Callable  # inputs -> value
    fix: str
    layer: int | None = None  # the layer l the mistake is in, for a whole pass


class Unexpected(Exception):
    """The learner's function returned something of the wrong form (message says what)."""

    def __init__(self, message, mistake=None, layer=None):
        super().__init__(message)
        self.mistake, self.layer = mistake, layer


def call_learner(step, fn, call, case, expected=None):
    """``(outputs, None)``, or ``(None, result)`` when the learner's function raised or returned a wrong
    form. ``expected`` (the reference outputs, when known) sharpens the diagnosis of a shape error."""
    try:
        return call(fn, case.inputs), None
    except Unexpected as unexpected:
        return None, unexpected_result(step, unexpected, case)
    except Exception as exc:  # the learner's own error: report it, never let it escape the check
        return None, learner_error(step, exc, case, fn, expected)


def unexpected_result(step, unexpected, case):
    """The report of a return value of the wrong form (:class:`Unexpected`), named when it is recognized."""
    if unexpected.mistake:
        at = f"layer {unexpected.layer}, " if unexpected.layer else ""
        head = f"✗ {step}: {at}{MISTAKES[unexpected.mistake].title}."
    else:
        head = f'✗ {step} returned the wrong kind of value on the case "{case.label}":'
    message = f"{head}\n  {unexpected}"
    if unexpected.mistake:
        message += f'\n  Input (case "{case.label}"): {describe_inputs(case)}'
    return CheckResult(
        step, "failed", message, unexpected.mistake, case.label, case.inputs, layer=unexpected.layer
    )


# ---------------------------------------------------------------- comparing outputs


def _tol(dtype):
    return _TOL.get(np.dtype(dtype), _TOL[np.dtype(np.float64)])


def matches(expected, got, dtype):
    """``got`` equals ``expected`` within the tolerance of ``dtype``; False for any value that is not
    comparable (ragged, a string, a dict)."""
    try:
        return _matches(expected, got, dtype)
    except (ValueError, TypeError):
        return False


def _matches(expected, got, dtype):
    rtol, atol = _tol(dtype)
    if np.ndim(expected) == 0 and not isinstance(got, np.ndarray):
        try:
            return bool(np.isclose(float(got), float(expected), rtol=rtol, atol=atol))
        except (TypeError, ValueError):
            return False
    got = _array(got)
    if got is None or got.dtype == object or np.shape(got) != np.shape(expected):
        return False
    try:
        return bool(np.allclose(got, expected, rtol=rtol, atol=atol))
    except TypeError:  # strings, or other values no number compares with
        return False


def _array(value):
    """``value`` as an array, or None when it is ragged (NumPy refuses to make one)."""
    if isinstance(value, np.ndarray):
        return value
    try:
        return np.asarray(value)
    except (ValueError, TypeError):
        return None


def named_result(step, mistake, key, fix, case, extra="", where="", layer=None):
    """The report of a named mistake: what, why, where (the layer, for a whole pass), the fix, and the
    input."""
    at = f"layer {layer}, " if layer else ""
    lines = [
        f"✗ {step}: {at}{key + ': ' if key else ''}{MISTAKES[mistake].title}.",
        f"  Why: {MISTAKES[mistake].why}{extra}.",
    ]
    if where:
        lines.append(f"  Where: {where}.")
    lines += [f"  Fix: {fix}", f'  Input (case "{case.label}"): {describe_inputs(case)}']
    return CheckResult(step, "failed", "\n".join(lines), mistake, case.label, case.inputs, layer=layer)


def _where(key, expected, got, dtype):
    """One phrase: the shapes when they differ, else the first entry that differs."""
    if np.shape(expected) != np.shape(got):
        return f"{key} should have shape {np.shape(expected)}, yours has {np.shape(got)}"
    if np.ndim(expected) == 0:
        return f"expected {fmt(float(expected))}, got {fmt(float(got))}"
    sep = ": " if " " in key else ""  # "Z1 in caches: [0, 0] ...", "dW[0, 0] ..."
    return f"{key}{sep}{locate(np.asarray(expected), np.asarray(got, dtype=float), *_tol(dtype))}"


def _opposite(expected, got, dtype):
    """``got`` is ``-expected`` (a float array or number, not all zeros)."""
    expected = np.asarray(expected)
    return expected.dtype.kind == "f" and bool(np.any(expected != 0)) and matches(-expected, got, dtype)


def layer_of(key):
    """The layer ``l`` an output key is about (``"dW2"``, ``"b1"``, ``"Z3 in caches"``), or None."""
    found = re.match(r"d?[WbZ](\d+)\b", key)
    return int(found.group(1)) if found else None


def compare(step, key, expected, got, case, variants):
    """None when ``got`` is right; otherwise a failed result naming the mistake if it is recognized:
    first by the step's variants, then from the value alone (:func:`_recognized`)."""
    if matches(expected, got, case.dtype):
        return None
    # The key's own layer (dW2, Z3 in caches) goes on the result; the report names it in its first line
    # only when a variant says the mistake is in that layer (the key already says where it shows).
    layer = layer_of(key)
    result = None
    for v in variants:
        if v.key == key and matches(v.compute(case.inputs), got, case.dtype):
            where = _where(key, expected, got, case.dtype)
            result = named_result(step, v.mistake, key, v.fix, case, where=where, layer=v.layer)
            break
    found = None if result else _recognized(key, expected, got, case.dtype)
    if found:
        mistake, fix, extra = found
        where = "" if extra else _where(key, expected, got, case.dtype)
        result = named_result(step, mistake, key, fix, case, extra, where=where)
    if result:
        result.layer = result.layer or layer
        return result
    where = _mismatch(expected, got, case.dtype)
    lines = [
        f"✗ {step}: {key} is wrong.",
        f"  Where: {key}{where if where.startswith('[') else ': ' + where}.",
        f'  Input (case "{case.label}"): {describe_inputs(case)}; the arrays are on this result\'s .inputs.',
    ]
    return CheckResult(step, "failed", "\n".join(lines), None, case.label, case.inputs, layer=layer)


def _recognized(key, expected, got, dtype):
    """``(mistake, fix, extra)`` for a mistake seen in the value alone, whatever the step: the right
    value negated, transposed, rank-1, or a (1, 1) array where a number belongs; None otherwise."""
    exp_shape = np.shape(expected)
    if _opposite(expected, got, dtype):
        return (
            "sign_error",
            f"{key} has the opposite sign: check each minus sign in its formula (and in 1 - x).",
            "",
        )
    if np.ndim(expected) == 0:
        if isinstance(got, np.ndarray) and got.size == 1 and matches(expected, got.item(), dtype):
            return (
                "cost_array",
                f"return a Python float: {key} = float(np.squeeze({key})).",
                f" of shape {got.shape}",
            )
        return None
    got = _array(got)
    if got is None or got.dtype == object:
        return None
    if got.shape == exp_shape[::-1] and len(exp_shape) == 2 and matches(expected.T, got, dtype):
        return (
            "transpose",
            f"{key} must be {exp_shape} (see the notation): check which factor of the product is transposed.",
            "",
        )
    if got.ndim == 1 and got.size == np.size(expected) and matches(np.ravel(expected), got, dtype):
        return (
            "rank1",
            f"keep it 2-D {exp_shape}: sum with keepdims=True, or reshape: {key}.reshape{exp_shape}.",
            "",
        )
    return None


def _mismatch(expected, got, dtype):
    """Where an unrecognized wrong value differs: its form, its shape, or the first entry."""
    if np.ndim(expected) == 0:
        if _is_number(got):
            return locate(np.asarray(expected), np.asarray(got, dtype=float), *_tol(dtype))
        return f"expected a number, got {describe(got)}"
    arr = _array(got)
    if arr is None or arr.dtype == object:
        return f"expected an array of shape {np.shape(expected)}, got {describe(got)}"
    if arr.shape != np.shape(expected):
        return f"expected shape {np.shape(expected)}, got {arr.shape}"
    return locate(expected, arr, *_tol(dtype))


def _is_number(x):
    return isinstance(x, (int, float, np.floating, np.integer)) and not isinstance(x, bool)


# ---------------------------------------------------------------- behaviour: mutation, repeatability, loops


def snapshot(obj):
    return copy.deepcopy(obj)


def changed(before, after, path=""):
    """The path of the first entry of ``after`` that differs from ``before``, or None."""
    if isinstance(before, np.ndarray):
        return (
            None
            if (
                isinstance(after, np.ndarray)
                and after.shape == before.shape
                and np.array_equal(after, before, equal_nan=True)
            )
            else path
        )
    if isinstance(before, dict):
        if not isinstance(after, dict) or set(after) != set(before):
            return f"{path} (its keys)"
        for k in before:
            found = changed(before[k], after[k], f"{path}[{k!r}]" if path else str(k))
            if found:
                return found
        return None
    if isinstance(before, (tuple, list)):
        if not isinstance(after, (tuple, list)):
            return path or "the value"
        if len(after) != len(before):
            return f"{path} (its length)" if path else "its length"
        for i, (b, a) in enumerate(zip(before, after, strict=False)):
            found = changed(b, a, f"{path}[{i}]")
            if found:
                return found
    return None


def lines_run(fn, call, inputs):
    """How many lines of the learner's own code (not NumPy's, not nncore's) one call runs."""
    count = 0

    def local(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return local

    def tracer(frame, event, arg):
        return None if is_library(frame.f_code.co_filename) else local

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        call(fn, inputs)
    except Exception:  # a value of the wrong form, or an error, on this case: the lines run still count
        pass
    finally:
        sys.settrace(previous)
    return count


def run_check(
    step,
    fn,
    cases,
    call,
    reference,
    variants=(),
    gradcheck=None,
    loop_cases=None,
    after=None,
    what="fixed ones, then random: non-square, m = 1, odd sizes, float32",
):
    """Run ``fn`` on every case; return the first problem as a :class:`CheckResult`, or a pass.

    In order: every case against the reference (:func:`_check_case`; the first one also called
    twice, for randomness), a loop over the examples (:func:`_check_no_loop`), the step's own
    ``after`` check, and a gradient check (:func:`_check_gradient`)."""
    note = ""
    for n_case, case in enumerate(cases):
        problem, case_note = _check_case(step, fn, case, call, reference, variants, gradcheck, n_case == 0)
        if problem:
            return problem
        note = case_note or note
    problem = (loop_cases and _check_no_loop(step, fn, call, loop_cases)) or (after and after(fn))
    if problem:
        return problem
    problem, grad = _check_gradient(step, fn, cases, gradcheck) if gradcheck else (None, "")
    if problem:
        return problem
    n = f"{len(cases)} case{'s' if len(cases) != 1 else ''}"
    return CheckResult(step, "passed", f"✓ {step}: right on {n} ({what}).{grad}{note}")


def _check_case(step, fn, case, call, reference, variants, gradcheck, first):
    """One case: the reference (computed first, so that a learner that changes its inputs cannot
    change what is expected), the learner's outputs, the inputs left unchanged, each output
    compared; on the first case a second call too. Returns ``(problem, note)``."""
    before = snapshot(case.inputs)
    expected = reference(case.inputs)
    state = np.random.get_state()
    outputs, problem = call_learner(step, fn, call, case, expected)
    if problem:
        return problem, ""
    path = changed(before, case.inputs)
    if path:
        return named_result(
            step,
            "mutates_input",
            None,
            "work on new arrays (W = W - ..., not W -= ...) and "
            "return new objects; never assign into the arrays or dicts you were given.",
            case._replace(inputs=before),
            f": {path} changed",
        ), ""
    problem, note = _compare_outputs(step, fn, case, expected, outputs, variants, gradcheck)
    if problem:
        return problem, ""
    deferred = outputs.get("_deferred")
    if deferred is not None:
        return unexpected_result(step, deferred, case), ""
    if first:
        problem = _check_repeatable(step, fn, call, case, before, state, expected, outputs)
    return problem, note


def _compare_outputs(step, fn, case, expected, outputs, variants, gradcheck):
    """``(problem, note)``: the first output that differs from ``expected``, unless the whole
    function passes a gradient check (another correct formulation, said in ``note``)."""
    for key, value in expected.items():
        if key not in outputs:
            continue  # optional outputs (such as dA in grads) are left out by the call
        problem = compare(step, key, value, outputs[key], case, variants)
        if not problem:
            continue
        err = None
        if gradcheck and case.dtype == np.float64 and problem.mistake is None:
            try:
                err = gradcheck(fn, case.inputs)
            except Exception:  # the learner's function already ran once on this input; an error means "no"
                err = None
        if err is not None and err <= GRADCHECK_TOL:
            return None, (
                f' It differs from nncore on the case "{case.label}", but passes a gradient '
                f"check ({err:.0e}): another correct formulation."
            )
        return problem, ""
    return None, ""


def _check_repeatable(step, fn, call, case, before, state, expected, outputs):
    """A second call on the same input gives the same outputs, and NumPy's global random state is
    left alone: randomness comes from an rng argument."""
    global_used = _global_state_changed(state)
    again, _ = call_learner(step, fn, call, case._replace(inputs=snapshot(before)))
    differs = again is not None and any(
        k in again and k in outputs and not matches(outputs[k], again[k], case.dtype) for k in expected
    )
    if not (global_used or differs):
        return None
    how = "two calls with the same input gave different results"
    if global_used:
        how = "it changed NumPy's global random state"
    return named_result(
        step,
        "global_random",
        None,
        "take an rng argument and draw from it "
        "(rng.standard_normal(...)); never np.random.seed or np.random.randn.",
        case,
        f": {how}",
    )


def _check_no_loop(step, fn, call, loop_cases):
    """The lines of the learner's code run must not grow with the number of examples m."""
    small, big = loop_cases
    n_small, n_big = lines_run(fn, call, small.inputs), lines_run(fn, call, big.inputs)
    m_small, m_big = _m_of(small), _m_of(big)
    if n_big - n_small < m_big - m_small:
        return None
    return named_result(
        step,
        "loop_over_examples",
        None,
        "replace the loop by one array operation "
        "on all m columns at once (np.dot, elementwise ops, .sum(axis=1, keepdims=True)).",
        big,
        f": {n_small} lines for m = {m_small}, {n_big} lines for m = {m_big}",
    )


def _check_gradient(step, fn, cases, gradcheck):
    """``(problem, said)``: a centered-difference gradient check on the first float64 random case."""
    case = next(c for c in cases[1:] if c.dtype == np.float64)
    try:
        err = gradcheck(fn, case.inputs)
    except Unexpected as unexpected:  # a function that answers differently on a second call
        return unexpected_result(step, unexpected, case), ""
    except Exception as exc:
        return learner_error(step, exc, case, fn), ""
    if err > GRADCHECK_TOL:
        return CheckResult(
            step,
            "failed",
            f"✗ {step}: matches nncore but fails the gradient check "
            f'({err:.0e} > {GRADCHECK_TOL:.0e}) on the case "{case.label}".',
            None,
            case.label,
            case.inputs,
        ), ""
    return None, f" Gradient check of your function: relative error {err:.0e} (below {GRADCHECK_TOL:.0e})."


def _global_state_changed(state):
    now = np.random.get_state()
    return not (state[0] == now[0] and np.array_equal(state[1], now[1]) and state[2:] == now[2:])


def _m_of(case):
    for value in case.inputs.values():
        if isinstance(value, np.ndarray) and value.ndim == 2 and value.shape[1] > 1:
            return value.shape[1]
    return 1


def numeric_gradient(f, x, epsilon=1e-6):
    """Centered finite differences of the scalar ``f()`` with respect to the float64 array ``x``
    (:func:`nncore.gradcheck.centered_differences`, with the checker's step).

    ``x`` is changed in place while differencing, and restored."""
    return centered_differences(f, x, epsilon)


def relative_error(got, approx):
    """``|got - approx| / (|got| + |approx|)`` over all the arrays together; inf if a shape differs."""
    if any(np.shape(g) != np.shape(a) for g, a in zip(got, approx, strict=False)):
        return float("inf")
    got = np.concatenate([np.ravel(np.asarray(g, dtype=float)) for g in got])
    approx = np.concatenate([np.ravel(a) for a in approx])
    denominator = np.linalg.norm(got) + np.linalg.norm(approx)
    return 0.0 if denominator == 0 else float(np.linalg.norm(got - approx) / denominator)


def never_raises(step, check_fn):
    """``check_fn`` that reports, never raises: when the learner's value is of a form the check
    cannot read (a ragged tuple, a string, the outputs in another order), the report says what
    the function returned, instead of showing the checker's traceback.

    It also leaves NumPy's global random state as it found it: a learner's function that draws
    from it (a mistake the check names) is run many times, and those draws must not move the
    learner's own stream."""

    @functools.wraps(check_fn)
    def guarded(fn, *args, **kwargs):
        state = np.random.get_state()
        try:
            return _report_unreadable(step, check_fn, fn, args, kwargs)
        finally:
            np.random.set_state(state)

    return guarded


def _report_unreadable(step, check_fn, fn, args, kwargs):
    """Run ``check_fn(fn, ...)``; a value it cannot read becomes a failed report naming what came back."""
    last = []

    @functools.wraps(fn)
    def spy(*a, **kw):
        out = fn(*a, **kw)
        last[:] = [out]
        return out

    try:
        return check_fn(spy, *args, **kwargs)
    except Exception as exc:  # the check could not read the learner's value: say so, never crash
        got = describe(last[0]) if last else "nothing readable"
        return CheckResult(
            step,
            "failed",
            f"✗ {step}: your function returned a value of the wrong form: {got}.\n"
            f"  The check could not read it ({type(exc).__name__}: {str(exc)[:120]}).\n"
            "  Fix: return exactly what the exercise asks for, in its order "
            "(see the step's docstring, or .example()).",
        )
