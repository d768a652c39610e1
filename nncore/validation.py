"""Input checks for the public entry points.

Each check raises ``ValueError`` or ``TypeError`` with a message that says what was
expected, what was given, and the likely fix. The numerical code assumes its input
passed these checks and does not check again inside the training loop.

Shapes follow the course: examples are columns, ``X`` is ``(n_x, m)``, ``Y`` is
``(1, m)``, ``W[l]`` is ``(n[l], n[l-1])`` and ``b[l]`` is ``(n[l], 1)``.
(scikit-learn and cs231n put examples in rows; a learner coming from them gets a hint.)
"""
from __future__ import annotations

import math
import numbers
from typing import NamedTuple

import numpy as np

from .formulas import ACTIVATIONS, get_activation

__all__ = [
    "check_X", "check_Y", "check_layer_dims", "check_parameters", "check_learning_rate",
    "check_num_iterations", "check_activations", "check_dtype", "check_train_args", "TrainArgs",
    "num_layers", "layer_dims_of", "check_real", "check_callback", "check_grads",
    "check_array", "check_same_shape", "check_output", "check_layer_inputs", "checked_version_of",
    "is_number", "is_finite", "check_layout", "parameter_keys", "check_rng", "seed_of", "MAX_SEED",
]


#: The largest seed a run records (NumPy takes any int >= 0; 2**32 - 1 keeps a seed one JSON number
#: every reader can round-trip, and one the seed box can hold).
MAX_SEED = 2 ** 32 - 1


def is_number(value, integer=False):
    """True for a real number (an integer with ``integer=True``), NumPy scalars included, but not a bool.

    The one "a number but not a bool" rule: ``True`` is an ``int`` to Python, never a number here.
    """
    return isinstance(value, numbers.Integral if integer else numbers.Real) \
        and not isinstance(value, (bool, np.bool_))


def is_finite(value):
    """True if ``value`` (a number or an array) holds no NaN and no inf."""
    return bool(np.isfinite(value).all())


def check_rng(rng):
    """``None``, an int seed >= 0 or a ``numpy.random.Generator``; return a Generator."""
    generators = (np.random.Generator, np.random.BitGenerator, np.random.SeedSequence)
    if rng is None or isinstance(rng, generators) or (is_number(rng, integer=True) and rng >= 0):
        return np.random.default_rng(rng)
    raise TypeError(
        f"rng must be None, an integer seed >= 0 (like 0), or a numpy.random.Generator; got {rng!r}. "
        "Make one generator per notebook: rng = np.random.default_rng(0)."
    )


def seed_of(rng):
    """One integer seed in ``[0, MAX_SEED]``, so that a reset repeats the run.

    An int seed is kept as it is; ``None`` or a Generator (anything :func:`check_rng` takes) gives
    one draw from it. The one seed rule of the playground and the retrain panels.
    """
    if is_number(rng, integer=True):
        if not 0 <= rng <= MAX_SEED:
            raise ValueError(f"rng (the seed) must be an integer in [0, {MAX_SEED}]; got {rng}. "
                             "Seeds are never negative: try 0.")
        return int(rng)
    return int(check_rng(rng).integers(2 ** 31))


def _as_numeric_2d(A, name, dtype=None):
    """Convert ``A`` to a 2-D numeric ndarray, or raise with a clear message."""
    try:
        A = np.asarray(A)
    except Exception as exc:  # ragged lists and the like
        raise TypeError(f"{name} must be a 2-D numeric array; could not convert it ({exc}).") from None
    if A.dtype == object or A.dtype.kind not in "biuf":
        raise TypeError(
            f"{name} must hold numbers; got dtype {A.dtype}. "
            f"Convert it first, e.g. {name}.astype(float)."
        )
    if A.ndim != 2:
        hint = ""
        if A.ndim == 1:
            hint = (f" For a single row use {name}.reshape(1, -1); "
                    f"for a single example (column) use {name}.reshape(-1, 1).")
        elif A.ndim > 2:
            hint = (f" Flatten each example into a column, e.g. {name}.reshape({name}.shape[0], -1).T "
                    "for images stored as (m, h, w, c).")
        raise ValueError(f"{name} must be 2-D; got {A.ndim}-D with shape {A.shape}.{hint}")
    if A.shape[1] == 0:
        raise ValueError(f"{name} is empty: it has m = 0 examples (shape {A.shape}). Pass at least one "
                         "example (column).")
    _check_finite_array(A, name)
    if dtype is not None and A.dtype != dtype:
        with np.errstate(over="ignore", invalid="ignore"):  # an overflow is reported just below
            converted = A.astype(dtype)
        if not np.isfinite(converted).all():  # A was finite: the conversion overflowed
            largest = np.max(np.abs(A))
            raise ValueError(
                f"{name} holds values up to {largest:g} in magnitude, beyond the largest {np.dtype(dtype)} "
                f"({np.finfo(dtype).max:g}): converting it to the parameters' dtype would overflow to inf. "
                f"Scale {name} down (e.g. divide pixels by 255), or use float64 parameters."
            )
        A = converted
    return A


def check_array(A, name):
    """Any-shape numeric array with no NaN or inf (the activations' input); return it as an ndarray."""
    try:
        A = np.asarray(A)
    except Exception as exc:
        raise TypeError(f"{name} must be a numeric array; could not convert it ({exc}).") from None
    if A.dtype == object or A.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold numbers; got dtype {A.dtype}. Convert it first, e.g. "
                        f"np.asarray({name}, dtype=float).")
    _check_finite_array(A, name)
    return A


def check_same_shape(A, name, like, like_name):
    """Raise unless ``A.shape == like.shape`` (no broadcasting)."""
    if A.shape != like.shape:
        raise ValueError(f"{name} must have the shape of {like_name}, {like.shape}; got {A.shape}.")


def _check_finite_array(A, name):
    """Raise if the float array ``A`` holds NaN or inf, saying how many of each."""
    if A.dtype.kind == "f" and not np.isfinite(A).all():
        nan = int(np.count_nonzero(np.isnan(A)))
        inf = int(A.size - nan - np.count_nonzero(np.isfinite(A)))
        if name[:1] in "Wb" or name[:2] in ("dW", "db"):
            hint = "Parameters like these usually come from a diverged run: initialize new ones."
        else:
            hint = f"Remove or impute them (np.isfinite({name}) shows where)."
        raise ValueError(f"{name} contains NaN or inf: {nan} NaN and {inf} inf among its {A.size} values. "
                         f"{hint}")


def check_output(A, name, what):
    """Raise if a computed float ``A`` overflowed to NaN or inf; ``what`` names the computation."""
    if not np.isfinite(A).all():
        raise FloatingPointError(
            f"{what} overflowed: {name} contains NaN or inf although the input was finite. The parameters "
            "(or the inputs) are too large for this dtype: scale the inputs, or start from new parameters."
        )
    return A


def check_layer_inputs(A_prev, W, b):
    """One layer's inputs, float, finite and chained; return ``A_prev`` in ``W``'s dtype.

    ``A_prev`` is ``(n[l-1], m)``, ``W`` is ``(n[l], n[l-1])`` and ``b`` is ``(n[l], 1)``.
    """
    for name, value in (("W", W), ("b", b)):
        if not isinstance(value, np.ndarray) or value.dtype.kind != "f":
            got = value.dtype if isinstance(value, np.ndarray) else type(value).__name__
            raise TypeError(f"{name} must be a float NumPy array; got {got}. "
                            f"Use np.asarray({name}, dtype=float).")
    if W.ndim != 2:
        raise ValueError(f"W must be 2-D (n[l], n[l-1]); got shape {W.shape}.")
    if b.shape != (W.shape[0], 1):
        raise ValueError(f"b must have shape (n[l], 1) = ({W.shape[0]}, 1) to match W {W.shape}; "
                         f"got {b.shape}."
                         + (" Use b.reshape(-1, 1)." if b.size == W.shape[0] else ""))
    _check_finite_array(W, "W")
    _check_finite_array(b, "b")
    A_prev = _as_numeric_2d(A_prev, "A_prev", W.dtype)
    if A_prev.shape[0] != W.shape[1]:
        hint = " A_prev looks transposed: pass A_prev.T." if A_prev.shape[1] == W.shape[1] else ""
        raise ValueError(f"A_prev has {A_prev.shape[0]} rows but W {W.shape} expects n[l-1] = {W.shape[1]}."
                         + hint)
    return A_prev


def check_X(X, n_x=None, dtype=None):
    """Check the input ``X`` of shape ``(n_x, m)``; return it as an ndarray.

    Parameters
    ----------
    X : array_like, ``(n_x, m)``
    n_x : int, optional
        The expected number of features (``layer_dims[0]``).
    dtype : dtype, optional
        Convert to this dtype (float64 or float32).
    """
    X = _as_numeric_2d(X, "X", dtype)
    if n_x is not None and X.shape[0] != n_x:
        if X.shape[1] == n_x:
            raise ValueError(
                f"X has shape {X.shape} but the network expects n_x = {n_x} rows (features), one column per "
                "example. "
                f"X looks transposed (examples as rows): pass X.T."
            )
        raise ValueError(
            f"X has {X.shape[0]} rows (features) but the network expects n_x = {n_x} "
            f"(layer_dims[0], the columns of W1). Check layer_dims[0] or the data."
        )
    return X


def check_Y(Y, m, dtype=None):
    """Check the labels ``Y`` of shape ``(1, m)`` holding only 0 and 1; return them as an ndarray."""
    Y_arr = np.asarray(Y)
    if Y_arr.ndim == 1:
        raise ValueError(
            f"Y must have shape (1, m) = (1, {m}); got a 1-D array of shape {Y_arr.shape}. "
            "Pass Y.reshape(1, -1)."
        )
    Y_arr = _as_numeric_2d(Y_arr, "Y", dtype)
    if Y_arr.shape != (1, m):
        if Y_arr.shape == (m, 1):
            hint = " Y looks transposed (labels as a column): pass Y.T."
        elif Y_arr.shape[0] == 1:
            hint = f" Y has {Y_arr.shape[1]} labels but X has {m} examples: they must match."
        else:
            hint = " nncore does binary classification: one row of 0/1 labels."
        raise ValueError(f"Y must have shape (1, m) = (1, {m}); got {Y_arr.shape}.{hint}")
    bad = ~((Y_arr == 0) | (Y_arr == 1))
    if bad.any():
        found = np.unique(Y_arr[bad])[:5]
        raise ValueError(
            f"Y must hold only 0/1 labels; found {found.tolist()}. "
            f"For labels like -1/+1 or 1/2, map them to 0/1, e.g. (Y == positive_label).astype(float)."
        )
    return Y_arr


def check_layer_dims(layer_dims):
    """Check ``layer_dims = [n_x, n[1], ..., n[L]]``; return it as a list of ints."""
    try:
        dims = list(layer_dims)
    except TypeError:
        raise TypeError(
            f"layer_dims must be a list of layer sizes like [n_x, n_h, 1]; got {layer_dims!r}."
        ) from None
    if len(dims) < 2:
        raise ValueError(
            f"layer_dims needs at least 2 entries, [n_x, n_y]; got {dims}. "
            f"Logistic regression is [n_x, 1]."
        )
    for i, n in enumerate(dims):
        if not is_number(n, integer=True) or n <= 0:
            raise ValueError(
                f"layer_dims must hold positive integers; layer_dims[{i}] is {n!r} in {dims}."
            )
    return [int(n) for n in dims]


def num_layers(parameters):
    """The number of layers ``L`` (hidden plus output) in a parameters dict.

    Counts the consecutive keys ``W1, W2, ...``; the input layer is not counted.
    """
    if not isinstance(parameters, dict):
        raise TypeError(f"parameters must be a dict like {{'W1': ..., 'b1': ...}}; got "
                        f"{type(parameters).__name__}.")
    L = 0
    while f"W{L + 1}" in parameters:
        L += 1
    return L


def layer_dims_of(parameters):
    """``[n_x, n[1], ..., n[L]]`` read off the shapes of ``W1 ... WL``.

    The parameters are checked as :func:`check_parameters` does (shapes only: NaN
    values do not change the sizes).
    """
    return _layer_dims_of(parameters, check_parameters(parameters))


def _layer_dims_of(parameters, L):
    return [parameters["W1"].shape[1]] + [parameters[f"W{l}"].shape[0] for l in range(1, L + 1)]


def parameter_keys(L):
    """The keys of an L-layer network's parameters, layer by layer: ``["W1", "b1", ..., "WL", "bL"]``."""
    return [f"{p}{l}" for l in range(1, L + 1) for p in "Wb"]


def check_layout(arrays, layer_dims=None):
    """The parameter layout rule: keys ``W1, b1, ..., WL, bL``, float dtypes, shapes that chain.

    ``arrays`` maps keys to anything with ``.shape`` and ``.dtype``: ndarrays, or the datasets of
    an HDF5 file, checked before reading them (:func:`nncore.load_parameters`). ``W[l]`` must be
    ``(n[l], n[l-1])`` with no zero dimension and ``b[l]`` must be ``(n[l], 1)``; the error names
    the first layer that is wrong. Returns L.
    """
    L = num_layers(arrays)
    extra = sorted(set(arrays) - set(parameter_keys(L)))
    if extra:
        raise ValueError(
            f"parameters has keys {extra} beyond W1..W{L}, b1..b{L}: are the layers numbered 1..L without a "
            "gap?"
        )
    prev_rows = None
    for l in range(1, L + 1):
        if f"b{l}" not in arrays:
            raise ValueError(f"layer {l}: parameters has W{l} but no b{l}. Biases can start at zeros of "
                             f"shape (n[{l}], 1).")
        W, b = arrays[f"W{l}"], arrays[f"b{l}"]
        if len(W.shape) != 2:
            raise ValueError(f"layer {l}: W{l} must be 2-D (n[{l}], n[{l - 1}]); got shape {W.shape}.")
        for key, array in ((f"W{l}", W), (f"b{l}", b)):
            if array.dtype.kind != "f":
                raise TypeError(f"layer {l}: {key} must hold floats; it holds {array.dtype}.")
        if b.shape != (W.shape[0], 1):
            raise ValueError(
                f"layer {l}: b{l} must have shape ({W.shape[0]}, 1) = (n[{l}], 1) to match W{l} {W.shape}; "
                f"got {b.shape}."
                + (" Use b.reshape(-1, 1)." if math.prod(b.shape) == W.shape[0] else "")
            )
        if prev_rows is not None and W.shape[1] != prev_rows:
            raise ValueError(
                f"layer {l}: W{l} has {W.shape[1]} columns but W{l - 1} has {prev_rows} rows; "
                f"W[l] must be (n[l], n[l-1]), so these must match."
            )
        if 0 in W.shape:
            raise ValueError(f"layer {l}: W{l} has shape {W.shape}; a layer needs a unit and an input.")
        prev_rows = W.shape[0]
    if layer_dims is not None:
        dims = check_layer_dims(layer_dims)
        have = _layer_dims_of(arrays, L)
        if have != dims:
            raise ValueError(
                f"parameters have layer sizes {have} but layer_dims is {dims}. "
                f"Pass layer_dims={have}, or initialize new parameters for {dims}."
            )
    return L


def check_parameters(parameters, layer_dims=None, finite=False):
    """Check that ``parameters`` is a dict of float W/b ndarrays whose shapes chain.

    ``W[l]`` must be ``(n[l], n[l-1])`` and ``b[l]`` must be ``(n[l], 1)``. The error
    names the first layer that is wrong. ``finite=True`` also refuses NaN and inf (every
    entry point that computes with the values asks for it).

    Returns
    -------
    L : int, the number of layers.
    """
    if not isinstance(parameters, dict):
        raise TypeError(f"parameters must be a dict like {{'W1': ..., 'b1': ...}}; got "
                        f"{type(parameters).__name__}.")
    L = num_layers(parameters)
    if L == 0:
        raise ValueError(f"parameters has no 'W1'; expected keys W1, b1, ..., WL, bL; got "
                         f"{sorted(parameters)}.")
    for l in range(1, L + 1):
        for key in (f"W{l}", f"b{l}"):
            if key in parameters and not isinstance(parameters[key], np.ndarray):
                raise TypeError(
                    f"layer {l}: {key} must be a NumPy array; got {type(parameters[key]).__name__}. Convert "
                    "every entry: {k: np.array(v, dtype=float) for k, v in parameters.items()}."
                )
    check_layout(parameters, layer_dims)
    if finite:
        for key in parameter_keys(L):
            _check_finite_array(parameters[key], key)
    return L


def check_learning_rate(learning_rate):
    """A learning rate must be a finite positive number."""
    hint = ""
    if isinstance(learning_rate, str):
        hint = " Pass a number, not a string: e.g. learning_rate=0.01."
    if not is_number(learning_rate) or not is_finite(learning_rate) or learning_rate <= 0:
        raise ValueError(f"learning_rate must be a finite number > 0, like 0.0075; got "
                         f"{learning_rate!r}.{hint}")
    return float(learning_rate)


def check_real(value, name, example, low=None, high=None):
    """A finite real number (not bool) in the open interval ``(low, high)``; return it as a float."""
    ok = is_number(value) and is_finite(value) \
        and (low is None or value > low) and (high is None or value < high)
    if not ok:
        where = {(True, True): "", (False, True): f" > {low}", (True, False): f" < {high}",
                 (False, False): f" between {low} and {high}"}[low is None, high is None]
        raise ValueError(f"{name} must be a finite number{where}, like {example}; got {value!r}.")
    return float(value)


def check_callback(callback):
    """``None`` or a callable ``callback(iteration, parameters, cost)``."""
    if callback is not None and not callable(callback):
        raise TypeError(
            f"callback must be a function callback(iteration, parameters, cost), or None; got {callback!r} "
            f"({type(callback).__name__})."
        )
    return callback


def check_grads(grads, parameters):
    """``grads`` must hold ``"dW1" ... "dbL"``, each a finite float ndarray of exactly its parameter's shape.

    No broadcasting: a ``dW1`` that would broadcast against ``W1`` but differs in shape is refused.
    """
    if not isinstance(grads, dict):
        raise TypeError(f"grads must be a dict like {{'dW1': ..., 'db1': ...}}, as backward_propagation "
                        f"returns; got {type(grads).__name__}.")
    for key, value in parameters.items():
        name = "d" + key
        if name not in grads:
            raise ValueError(f"grads has no {name!r} for parameter {key!r}; expected the keys "
                             f"{['d' + k for k in parameters]}, as backward_propagation returns.")
        g = grads[name]
        if not isinstance(g, np.ndarray) or g.dtype.kind != "f":
            raise TypeError(f"{name} must be a float NumPy array; got "
                            f"{type(g).__name__ if not isinstance(g, np.ndarray) else g.dtype}.")
        if g.shape != value.shape:
            hint = f" Use {name}.reshape({value.shape})." if g.size == value.size else ""
            raise ValueError(f"{name} must have the shape of {key}, {value.shape}; got {g.shape}.{hint}")
        _check_finite_array(g, name)


def check_num_iterations(num_iterations):
    """The number of iterations must be an integer >= 0."""
    if not is_number(num_iterations, integer=True) or num_iterations < 0:
        raise ValueError(f"num_iterations must be an integer >= 0, like 2500; got {num_iterations!r}.")
    return int(num_iterations)


def check_activations(hidden_activation, output_activation, L):
    """Expand the activation names to one per layer: ``[g[1], ..., g[L]]``.

    ``hidden_activation`` is one name for every hidden layer, or a sequence of
    ``L - 1`` names (one per hidden layer).
    """
    if isinstance(hidden_activation, str):
        get_activation(hidden_activation)  # check it even when there is no hidden layer (L = 1)
        hidden = [hidden_activation] * (L - 1)
    elif not isinstance(hidden_activation, (list, tuple)):
        raise TypeError(
            f"hidden_activation must be an activation name like 'relu', or a list of L - 1 = {L - 1} names; "
            f"got {hidden_activation!r}. Valid names: {', '.join(repr(k) for k in ACTIVATIONS)}."
        )
    else:
        hidden = list(hidden_activation)
        if len(hidden) != L - 1:
            raise ValueError(
                f"hidden_activation has {len(hidden)} names but the network has {L - 1} hidden layer(s); "
                f"give one name per hidden layer, or one string for all."
            )
    names = hidden + [output_activation]
    for name in names:
        get_activation(name)  # raises, listing the valid names
    return names


def check_dtype(dtype):
    """A float dtype (float64 or float32); return it as a ``numpy.dtype``."""
    try:
        dtype = np.dtype(dtype)
    except TypeError:
        raise TypeError(f"dtype must be a float type (np.float64 or np.float32); got {dtype!r}.") from None
    if dtype.kind != "f":
        raise TypeError(f"dtype must be a float type (np.float64 or np.float32); got {dtype}.")
    return dtype


class TrainArgs(NamedTuple):
    """:func:`nncore.train`'s arguments after :func:`check_train_args`."""

    X: np.ndarray           # (n_x, m), in dtype
    Y: np.ndarray           # (1, m), in dtype
    layer_dims: list        # [n_x, n[1], ..., n[L]] with n[L] = 1
    learning_rate: float
    num_iterations: int
    activations: list      # [g[1], ..., g[L]], one name per layer
    parameters: dict        # a finite copy in dtype, or None: initialize new ones
    dtype: np.dtype


def check_train_args(X, Y, layer_dims, learning_rate, num_iterations, hidden_activation, output_activation,
                     parameters, dtype):
    """Every check :func:`nncore.train` makes before its loop, in one place.

    Returns
    -------
    TrainArgs
        The converted arguments; ``parameters`` is a copy (the caller's dict is never modified).
    """
    dims = check_layer_dims(layer_dims)
    dtype = check_dtype(dtype)
    X = check_X(X, n_x=dims[0], dtype=dtype)
    Y = check_Y(Y, X.shape[1], dtype=dtype)
    if dims[-1] != 1:
        raise ValueError(
            f"the output layer must have 1 unit for binary classification; layer_dims ends in {dims[-1]}. "
            f"Use layer_dims={dims[:-1] + [1]}."
        )
    learning_rate = check_learning_rate(learning_rate)
    num_iterations = check_num_iterations(num_iterations)
    if output_activation != "sigmoid":
        raise ValueError(
            f"train minimizes the cross-entropy, which needs a probability out: output_activation must be "
            f"'sigmoid'; got {output_activation!r}."
        )
    activations = check_activations(hidden_activation, output_activation, len(dims) - 1)
    if parameters is not None:
        check_parameters(parameters, dims)
        parameters = {k: np.array(v, dtype=dtype) for k, v in parameters.items()}
        if not all(is_finite(v) for v in parameters.values()):
            raise ValueError("the starting parameters contain NaN or inf; initialize new ones.")
    return TrainArgs(X, Y, dims, learning_rate, num_iterations, activations, parameters, dtype)


def checked_version_of(formula, raises=""):
    """Decorator: the checked public version of an unchecked formula of :mod:`nncore.formulas`.

    The one way nncore builds its public functions: the decorated function checks its input and
    calls ``formula``; it takes the formula's docstring, followed by ``raises`` (what the checks
    refuse), so the two never drift apart.
    """
    def build(public):
        public.__doc__ = (formula.__doc__ or "") + raises
        return public
    return build
