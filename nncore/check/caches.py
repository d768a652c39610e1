"""Reading what the learner's layer functions return: the order of the values, and what each cache
holds.

Caches accepted from the learner's forward functions: nncore's ``LinearCache`` / ``LayerCache``, or
the course's tuples ``(A_prev, W, b)`` and ``((A_prev, W, b), Z)``. A wrong one raises
:class:`~.engine.Unexpected` naming ``cache_contents`` (with the layer, in a whole pass) and saying
what the wrong entry holds instead (X, a layer's output, Z, ...); values in the wrong order name
``return_order``. The caches handed to the learner's backward functions work both ways
(:class:`DualCache`). Comparing values with the reference is left to :mod:`.engine`.
"""

from __future__ import annotations

import numpy as np

from .. import layers as ref
from .describe import describe
from .engine import Unexpected


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


def unpack(out, names, step, shapes=None):
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


def linear_cache_problem(cache, want, named, where="the cache"):
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


def check_linear_cache(cache, inputs, what="cache", named=None):
    want = {name: inputs[name] for name in ("A_prev", "W", "b")}
    problem = linear_cache_problem(cache, want, named or {}, f"the {what}")
    if problem:
        raise Unexpected(problem, "cache_contents")


def layer_cache_parts(cache, l=None):
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


def layer_cache_Z(cache, inputs):
    linear, Z = layer_cache_parts(cache)
    check_linear_cache(linear, inputs, "linear cache", {"Z": Z})
    return Z


def caches_Z(caches, x, layers):
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
            linear, Z = layer_cache_parts(cache, l)
        except Unexpected as problem:
            return {"_deferred": problem}
        out[f"Z{l} in caches"] = Z
        want = {"A_prev": layers[l - 1][0], "W": x[f"W{l}"], "b": x[f"b{l}"]}
        problem = deferred or linear_cache_problem(
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
