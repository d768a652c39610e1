"""When the learner's function raises: a report of the learner's own line and input, never the
checker's traceback, with the mistake named where the exception shows it.

* A product whose inner sizes differ: the operand to transpose, the factors to swap, or ``*``
  (:mod:`.shapes`).
* An error inside a helper the function under check called: the line of the function under check
  that made the call, then the helper's line.
* A missing ``W{l}`` key or ``caches[L]``: the layer count is off by one; unpacking nncore's
  activation as the course's ``(A, cache)``.
"""

from __future__ import annotations

import os
import re
import traceback

import numpy as np

from .describe import describe_inputs
from .result import MISTAKES, CheckResult
from .shapes import is_product_error, product_mismatch

# Frames from these folders are not the learner's: NumPy, the standard library, nncore itself.
_LIBRARY_DIRS = tuple(
    {
        os.path.dirname(np.__file__),
        os.path.dirname(os.__file__),
        os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    }
)


def is_library(filename):
    """True for a frame of NumPy, the standard library or nncore: not the learner's code."""
    # NumPy 1.x runs np.dot & co. through a frame named "<__array_function__ internals>".
    return filename.startswith("<__array_function__") or os.path.abspath(filename).startswith(_LIBRARY_DIRS)


def _under_check(fn):
    """The code object of the learner's function under check (through the checker's wrappers)."""
    while hasattr(fn, "__wrapped__"):
        fn = fn.__wrapped__
    return getattr(fn, "__code__", None)


def _learner_frames(exc):
    """``[(summary, frame)]`` of the traceback's frames in the learner's own code, outermost first."""
    summaries = traceback.extract_tb(exc.__traceback__)
    frames = [frame for frame, _ in traceback.walk_tb(exc.__traceback__)]
    return [(s, f) for s, f in zip(summaries, frames, strict=False) if not is_library(s.filename)]


def _expected_shapes(expected):
    return {np.shape(v) for v in (expected or {}).values() if isinstance(v, (np.ndarray, float, int))}


def learner_error(step, exc, case, fn=None, expected=None):
    """A result that shows the learner's failing line and the input, not the checker's traceback.

    When the error is raised in a helper the function under check called (its own, or a correct one),
    the report shows the line of the function under check that made the call, then the helper's line.
    A product whose inner sizes differ is read (:mod:`.shapes`): which operand to transpose, or ``*``.
    """
    if isinstance(exc, NotImplementedError):
        return CheckResult(step, "not written", f"{step}: not written yet.")
    frames = _learner_frames(exc)
    inner = frames[-1] if frames else None
    code = _under_check(fn)
    at = next((i for i in range(len(frames) - 1, -1, -1) if frames[i][1].f_code is code), None)
    # The function under check called a helper that raised: its line, and the helper it called.
    caller, callee = (frames[at], frames[at + 1]) if at is not None and at < len(frames) - 1 else (None, None)
    line = (inner[0].line or "").strip() if inner else ""
    mistake, fix = _diagnose_exception(exc, line)
    if is_product_error(exc) and inner is not None:
        helper = (inner[0].name, callee[0].name, caller[0].lineno) if caller else None
        found = product_mismatch(line, inner[1], _expected_shapes(expected), helper)
        if found:
            mistake, fix = found
        else:
            fix = (
                "check each operand's shape against the notation: W (n[l], n[l-1]), A_prev (n[l-1], m), "
                "dZ (n[l], m); the inner sizes of a product must match."
            )
    if caller and not fix:
        fix = (
            f"the error shows inside {callee[0].name}, but the likely cause is what your line "
            f"{caller[0].lineno} passes to it: check each argument (its shape, and which layer's "
            "parameters or cache: layer l's cache is caches[l - 1])."
        )
    lines = [f"✗ {step}: {MISTAKES[mistake].title}." if mistake else f"✗ {step} raised an error."]
    if caller:
        text = (caller[0].line or "").strip()
        lines.append(f"  Your line {caller[0].lineno} (in {caller[0].name}){':  ' + text if text else ''}")
        raised_in = "" if callee is inner else f", which raised in {inner[0].name}"
        lines.append(
            f"  called {callee[0].name}{raised_in}: line {inner[0].lineno}{':  ' + line if line else ''}"
        )
    elif inner:
        lines.append(f"  Your line {inner[0].lineno} (in {inner[0].name}){':  ' + line if line else ''}")
    lines.append(f"  raised {type(exc).__name__}: {exc}".rstrip())
    lines.append(f'  Input (case "{case.label}"): {describe_inputs(case)}')
    if fix:
        lines.append(f"  Fix: {fix}")
    return CheckResult(step, "error", "\n".join(lines), mistake, case.label, case.inputs)


_ACTIVATION_CALL = re.compile(r"\b(sigmoid|relu|tanh|leaky_relu)\(")


def _diagnose_exception(exc, line):
    text = str(exc)
    if isinstance(exc, ValueError) and "values to unpack" in text:
        called = _ACTIVATION_CALL.search(line)
        if called:
            name = called.group(1)
            return None, (
                f"nncore's {name}(Z) returns A alone (the course's returns (A, cache), with cache = Z): "
                f"write A = {name}(Z) and keep Z itself as the activation cache."
            )
        return None, "the right side gives a different number of values than the names on the left."
    if (
        "could not be broadcast" in text
        and "*" in line
        and not any(s in line for s in ("dot", "@", "matmul"))
    ):
        return "elementwise_product", (
            "use a matrix product, np.dot(W, A_prev) or W @ A_prev; "
            "keep * for entry-by-entry products like dA * g'(Z)."
        )
    if isinstance(exc, KeyError) and str(exc.args[0])[:1] in "Wb" and str(exc.args[0])[1:].isdigit():
        return "off_by_one", (
            f"there is no {exc.args[0]!r}: count the layers as L = len(parameters) // 2 "
            "(each layer has a W and a b) and loop with range(1, L + 1)."
        )
    if isinstance(exc, IndexError) and "list index out of range" in text and "caches[" in line:
        return "off_by_one", (
            "caches holds L caches, counted from 0: layer l's cache is caches[l - 1], so the output "
            "layer's is caches[L - 1]."
        )
    return None, None
