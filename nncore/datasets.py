"""Data sets for the lessons: generators for the 2-D sets, and loaders for HDF5 files.

Everything returned here is in the course's layout, examples as columns:

* ``X``: ``(n_x, m)``, float64. Images are flattened, ``X[:, i]`` is image ``i``, and
  scaled to [0, 1].
* ``Y``: ``(1, m)``, float64 holding 0.0 and 1.0 (float, so that ``1 - Y`` and
  ``Y * np.log(AL)`` never meet unsigned-integer arithmetic).

(scikit-learn puts examples in rows, ``X`` of shape ``(m, n_x)``: transpose when you
copy from it.)

Files are stored the way the course stores its own ``.h5`` files, with examples along
the first axis: ``train_set_x`` ``(m, ...)``, ``train_set_y`` ``(m,)`` integer labels,
``test_set_x``, ``test_set_y`` and ``list_classes`` (the class names, as bytes). So
:func:`load_dataset` reads the shipped files and the course's files the same way.
The shipped files sit in ``datasets/`` at the repository root, or in the folder named
by the environment variable ``NNCORE_DATA_DIR``; ``datasets/README.md`` documents them.

This module leaves out downloading (every data set ships with nncore), multi-class
labels (``Y`` is binary: pick a task with ``positive=`` / ``negative=``) and data
augmentation.
"""
from __future__ import annotations

import numbers
import os
from pathlib import Path
from typing import NamedTuple

import h5py
import numpy as np

from .io import DataFileError, open_hdf5

__all__ = [
    "DATASETS", "GENERATORS", "Dataset", "RawData", "DataFileError",
    "available_datasets", "data_dir", "dataset_path",
    "make_flower", "make_circle", "make_xor", "make_gaussian", "make_spiral", "make_dataset",
    "train_test_split", "load_dataset", "load_raw",
]

#: The built-in data sets: name -> one line on what it is. Each is ``<name>.h5`` in :func:`data_dir`.
DATASETS = {
    "flower": "planar flower: an 8-petal rose r = 4 sin(4θ), four petals per class (shallow-net lesson)",
    "circle": "a disc (class 1) inside a ring (class 0)",
    "xor": "class 1 where x1·x2 > 0 (1st and 3rd quadrants), class 0 where x1·x2 < 0",
    "gaussian": "two Gaussian blobs, class 1 around (2, 2), class 0 around (-2, -2)",
    "spiral": "two interleaved spiral arms",
    "digits": "UCI handwritten digits: 1,797 grayscale 8x8 images, labels 0-9 (deep-net lesson)",
}

ENV_VAR = "NNCORE_DATA_DIR"


class Dataset(NamedTuple):
    """What :func:`load_dataset` and :func:`train_test_split` return; unpacks as a 4-tuple."""

    X_train: np.ndarray  # (n_x, m_train)
    Y_train: np.ndarray  # (1, m_train)
    X_test: np.ndarray   # (n_x, m_test)
    Y_test: np.ndarray   # (1, m_test)


class RawData(NamedTuple):
    """One split as stored in its file, before flattening and scaling (see :func:`load_raw`)."""

    X_orig: np.ndarray   # (m, ...) as stored: images (m, h, w) or (m, h, w, c); points (m, 2)
    labels: np.ndarray   # (m,) int64
    classes: tuple       # class names, label k is classes[k]; () when the file has no list_classes


def available_datasets():
    """The names :func:`load_dataset` accepts, in the order of :data:`DATASETS`."""
    return tuple(DATASETS)


def data_dir():
    """The folder that holds the shipped ``.h5`` files.

    ``$NNCORE_DATA_DIR`` when set, else ``datasets/`` beside the ``nncore`` package
    (nncore is installed editable, so that is the repository's ``datasets/``). It never
    depends on the current working directory.
    """
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser()
    return Path(__file__).resolve().parent.parent / "datasets"


def dataset_path(name):
    """The path of the built-in data set ``name`` (``data_dir() / f"{name}.h5"``)."""
    if name not in DATASETS:
        raise ValueError(f"unknown data set {name!r}; the built-in ones are {_names()}.")
    return data_dir() / f"{name}.h5"


def _names():
    return ", ".join(repr(n) for n in DATASETS)


# --------------------------------------------------------------------------- generators
# Each returns X (2, m) float64 and Y (1, m) float64. Columns are ordered by class:
# the first m // 2 are class 0, the other m - m // 2 (one more when m is odd) class 1.

def _check_arguments(m, noise):
    if isinstance(m, (bool, np.bool_)) or not isinstance(m, numbers.Integral):
        raise TypeError(f"m (the number of examples) must be an integer, like 400; got {m!r}.")
    if m < 2:
        raise ValueError(f"m (the number of examples) must be at least 2, one per class; got m = {m}.")
    if isinstance(noise, (bool, np.bool_)) or not isinstance(noise, numbers.Real) or not np.isfinite(noise) \
            or noise < 0:
        raise ValueError(f"noise must be a finite number >= 0 (a standard deviation), like 0.2; got {noise!r}.")


def _class_sizes(m):
    return m // 2, m - m // 2


def _stack_classes(X0, X1):
    """Columns of class 0 then class 1: X (2, m0 + m1) and Y (1, m0 + m1)."""
    Y = np.concatenate([np.zeros(X0.shape[1]), np.ones(X1.shape[1])]).reshape(1, -1)
    return np.hstack([X0, X1]), Y


def make_flower(m=400, noise=0.2, rng=None):
    """The planar "flower": two classes on an 8-petal rose, four petals each.

    Parameters
    ----------
    m : int, default 400
        Number of examples, at least 2. Class 0 gets ``m // 2``, class 1 the rest.
    noise : float, default 0.2
        Standard deviation of the Gaussian noise added to θ and to r.
    rng : None, int or numpy.random.Generator

    Returns
    -------
    X : ndarray, ``(2, m)``, float64
    Y : ndarray, ``(1, m)``, float64 0/1

    Notes
    -----
    Class ``j`` takes evenly spaced angles :math:`\\theta \\in [j\\pi, (j+1)\\pi]`, then
    :math:`\\theta \\leftarrow \\theta + \\epsilon_1`, :math:`r = 4 \\sin(4\\theta) + \\epsilon_2`,
    :math:`x = (r \\sin\\theta, r \\cos\\theta)`, with :math:`\\epsilon \\sim N(0, \\text{noise}^2)`.
    A negative r puts a point on the opposite petal, so each half-turn of θ draws four
    petals. This is the course's ``load_planar_dataset`` construction (it used 3.12 for π).
    """
    _check_arguments(m, noise)
    rng = np.random.default_rng(rng)
    parts = []
    for j, n in enumerate(_class_sizes(m)):
        theta = np.linspace(j * np.pi, (j + 1) * np.pi, n) + noise * rng.standard_normal(n)
        r = 4 * np.sin(4 * theta) + noise * rng.standard_normal(n)
        parts.append(np.vstack([r * np.sin(theta), r * np.cos(theta)]))
    return _stack_classes(*parts)


def make_circle(m=400, noise=0.2, rng=None):
    """A disc of class 1 inside a ring of class 0 (the Playground's "circle").

    Parameters
    ----------
    m : int, default 400
        Number of examples, at least 2. Class 0 gets ``m // 2``, class 1 the rest.
    noise : float, default 0.2
        Standard deviation of the Gaussian noise added to each coordinate.
    rng : None, int or numpy.random.Generator

    Returns
    -------
    X : ndarray, ``(2, m)``, float64
    Y : ndarray, ``(1, m)``, float64 0/1

    Notes
    -----
    Before noise, class 1 is uniform on the disc :math:`\\|x\\| \\le 2.5` and class 0 uniform
    on the ring :math:`3.5 \\le \\|x\\| \\le 5`. A uniform point in an annulus has
    :math:`r = \\sqrt{u}` with :math:`u` uniform on :math:`[r_{min}^2, r_{max}^2]`.
    """
    _check_arguments(m, noise)
    rng = np.random.default_rng(rng)
    parts = []
    for n, (r_min, r_max) in zip(_class_sizes(m), [(3.5, 5.0), (0.0, 2.5)]):
        r = np.sqrt(rng.uniform(r_min ** 2, r_max ** 2, n))
        angle = rng.uniform(0, 2 * np.pi, n)
        parts.append(np.vstack([r * np.cos(angle), r * np.sin(angle)]) + noise * rng.standard_normal((2, n)))
    return _stack_classes(*parts)


def make_xor(m=400, noise=0.2, rng=None):
    """The exclusive-or pattern: class 1 where both coordinates have the same sign.

    Parameters
    ----------
    m : int, default 400
        Number of examples, at least 2. Class 0 gets ``m // 2``, class 1 the rest.
    noise : float, default 0.2
        Standard deviation of the Gaussian noise added to each coordinate.
    rng : None, int or numpy.random.Generator

    Returns
    -------
    X : ndarray, ``(2, m)``, float64
    Y : ndarray, ``(1, m)``, float64 0/1

    Notes
    -----
    Before noise, points are uniform on :math:`[-5, 5]^2` less a band of 0.3 around each
    axis, and :math:`y = 1` exactly when :math:`x_1 x_2 > 0`. No linear model can
    separate the classes; one hidden layer can.
    """
    _check_arguments(m, noise)
    rng = np.random.default_rng(rng)
    parts = []
    for j, n in enumerate(_class_sizes(m)):
        magnitude = rng.uniform(0.3, 5.0, (2, n))
        sign = rng.choice([-1.0, 1.0], n)
        # Class 1: both coordinates share a sign; class 0: they have opposite signs.
        signs = np.vstack([sign, sign if j == 1 else -sign])
        parts.append(signs * magnitude + noise * rng.standard_normal((2, n)))
    return _stack_classes(*parts)


def make_gaussian(m=400, noise=1.0, rng=None):
    """Two Gaussian blobs: class 1 around (2, 2), class 0 around (-2, -2).

    Parameters
    ----------
    m : int, default 400
        Number of examples, at least 2. Class 0 gets ``m // 2``, class 1 the rest.
    noise : float, default 1.0
        Standard deviation of each blob, in each coordinate (0 puts every point on its centre).
    rng : None, int or numpy.random.Generator

    Returns
    -------
    X : ndarray, ``(2, m)``, float64
    Y : ndarray, ``(1, m)``, float64 0/1

    Notes
    -----
    :math:`x \\sim N(\\mu_y, \\text{noise}^2 I)` with :math:`\\mu_1 = (2, 2)`, :math:`\\mu_0 = (-2, -2)`.
    A straight line separates them well: logistic regression is enough here.
    """
    _check_arguments(m, noise)
    rng = np.random.default_rng(rng)
    parts = [centre + noise * rng.standard_normal((2, n)) for n, centre in zip(_class_sizes(m), (-2.0, 2.0))]
    return _stack_classes(*parts)


def make_spiral(m=400, noise=0.2, rng=None):
    """Two interleaved spiral arms (the Playground's "spiral").

    Parameters
    ----------
    m : int, default 400
        Number of examples, at least 2. Class 0 gets ``m // 2``, class 1 the rest.
    noise : float, default 0.2
        Standard deviation of the Gaussian noise added to each coordinate.
    rng : None, int or numpy.random.Generator

    Returns
    -------
    X : ndarray, ``(2, m)``, float64
    Y : ndarray, ``(1, m)``, float64 0/1

    Notes
    -----
    For :math:`s` evenly spaced in :math:`[0, 1]`: :math:`r = 5s`,
    :math:`\\theta = 3.5\\pi s + \\delta`, :math:`x = (r \\sin\\theta, r \\cos\\theta)`, with
    :math:`\\delta = 0` for class 1 and :math:`\\pi` for class 0 (each arm makes 1.75 turns;
    the second is the first rotated by half a turn).
    """
    _check_arguments(m, noise)
    rng = np.random.default_rng(rng)
    parts = []
    for n, delta in zip(_class_sizes(m), (np.pi, 0.0)):
        s = np.linspace(0, 1, n)
        theta = 3.5 * np.pi * s + delta
        parts.append(5 * s * np.vstack([np.sin(theta), np.cos(theta)]) + noise * rng.standard_normal((2, n)))
    return _stack_classes(*parts)


#: name -> generator ``f(m, noise, rng) -> (X, Y)``, for :func:`make_dataset`.
GENERATORS = {
    "flower": make_flower,
    "circle": make_circle,
    "xor": make_xor,
    "gaussian": make_gaussian,
    "spiral": make_spiral,
}


def make_dataset(name, m=400, noise=None, rng=None):
    """Generate a fresh copy of the 2-D data set ``name``.

    Parameters
    ----------
    name : {"flower", "circle", "xor", "gaussian", "spiral"}
    m : int, default 400
    noise : float, optional
        The generator's own default when None (1.0 for "gaussian", 0.2 for the others).
    rng : None, int or numpy.random.Generator

    Returns
    -------
    X : ndarray, ``(2, m)``, float64
    Y : ndarray, ``(1, m)``, float64 0/1
    """
    if name not in GENERATORS:
        hint = " 'digits' is a real data set: load it with load_dataset('digits', positive=...)." \
            if name in DATASETS else ""
        valid = ", ".join(repr(n) for n in GENERATORS)
        raise ValueError(f"no generator for {name!r}; expected one of {valid}.{hint}")
    kwargs = {} if noise is None else {"noise": noise}
    return GENERATORS[name](m=m, rng=rng, **kwargs)


def train_test_split(X, Y, test_fraction=0.2, rng=None):
    """Split examples (columns) into a shuffled, stratified train set and test set.

    Parameters
    ----------
    X : array_like, ``(n_x, m)``
    Y : array_like, ``(1, m)``
        Labels; any values (the split keeps each value's share).
    test_fraction : float, default 0.2
        Share of each class that goes to the test set, strictly between 0 and 1.
    rng : None, int or numpy.random.Generator

    Returns
    -------
    Dataset
        ``(X_train, Y_train, X_test, Y_test)``: ``(n_x, m_train)``, ``(1, m_train)``,
        ``(n_x, m_test)``, ``(1, m_test)``.

    Notes
    -----
    A class with :math:`m_c` examples puts :math:`\\lfloor f\\, m_c + 1/2 \\rfloor` of them in
    the test set (rounded half up), so ``test_fraction=0.2`` on 200 + 200 examples gives
    40 + 40. Both sets are then shuffled.
    """
    X, Y = np.asarray(X), np.asarray(Y)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D (n_x, m), one column per example; got shape {X.shape}.")
    m = X.shape[1]
    if Y.shape != (1, m):
        hint = " Y looks transposed: pass Y.T." if Y.shape == (m, 1) else \
            " Pass Y.reshape(1, -1)." if Y.shape == (m,) else ""
        raise ValueError(f"Y must have shape (1, m) = (1, {m}) to match X {X.shape}; got {Y.shape}.{hint}")
    if isinstance(test_fraction, (bool, np.bool_)) or not isinstance(test_fraction, numbers.Real) \
            or not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must be a number strictly between 0 and 1, like 0.2; got {test_fraction!r}.")
    rng = np.random.default_rng(rng)
    train, test = [], []
    for label in np.unique(Y):
        idx = rng.permutation(np.flatnonzero(Y[0] == label))
        n_test = int(np.floor(test_fraction * idx.size + 0.5))
        test.append(idx[:n_test])
        train.append(idx[n_test:])
    train, test = rng.permutation(np.concatenate(train)), rng.permutation(np.concatenate(test))
    if train.size == 0 or test.size == 0:
        empty = "train" if train.size == 0 else "test"
        raise ValueError(
            f"test_fraction={test_fraction} of m = {m} examples leaves the {empty} set empty; "
            f"use more examples or a test_fraction nearer 0.5."
        )
    return Dataset(X[:, train], Y[:, train], X[:, test], Y[:, test])


# --------------------------------------------------------------------------- loaders

def _require_file(path, role="data file"):
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(
            f"no {role} at {str(path)!r} (absolute: {path.absolute()}). The built-in data sets are "
            f"{_names()}: pass one of those names, or the path of an existing .h5 file."
        )
    return path


def _builtin_path(name):
    path = dataset_path(name)
    if not path.exists():
        source = f"${ENV_VAR} = {os.environ[ENV_VAR]!r}" if os.environ.get(ENV_VAR) else "nncore's datasets/ folder"
        raise FileNotFoundError(
            f"the built-in data set {name!r} should be at {str(path)!r} (from {source}), but no file is there. "
            f"Unset {ENV_VAR} or point it at a folder holding {name}.h5, or rebuild the file with "
            f"`python tools/build_datasets.py {name}` (datasets/README.md says how). The built-in data sets are {_names()}."
        )
    return path


def _resolve(name_or_path):
    """Built-in name -> its shipped file; anything else is a path that must exist."""
    if isinstance(name_or_path, str) and name_or_path in DATASETS:
        return _builtin_path(name_or_path)
    if not isinstance(name_or_path, (str, os.PathLike)):
        raise TypeError(f"expected a data set name ({_names()}) or a path; got {type(name_or_path).__name__}.")
    return _require_file(name_or_path)


def _read_split(path, split):
    """Read ``<split>_set_x`` and ``<split>_set_y`` from ``path``; return (RawData, max_value)."""
    kx, ky = f"{split}_set_x", f"{split}_set_y"
    with open_hdf5(path, "data file") as f:
        keys = sorted(f.keys())
        missing = [k for k in (kx, ky) if not isinstance(f.get(k), h5py.Dataset)]
        if missing:
            hint = " Course files come in pairs: pass the test file as test_path=..." if split == "test" else ""
            raise DataFileError(
                f"{str(path)!r} has no dataset {' or '.join(missing)}; the keys it has are {keys}. "
                f"nncore reads the course's layout: {kx} (m, ...) and {ky} (m,).{hint}"
            )
        x, y = f[kx][()], f[ky][()]
        classes = tuple(c.decode("utf-8") if isinstance(c, bytes) else str(c)
                        for c in np.ravel(f["list_classes"][()])) if "list_classes" in f else ()
        max_value = f.attrs.get("max_value")
    if x.ndim < 2 or x.dtype.kind not in "biuf":
        raise DataFileError(f"{str(path)!r}: {kx} must be a numeric array (m, ...); got shape {x.shape}, dtype {x.dtype}.")
    if y.size != x.shape[0] or y.dtype.kind not in "biuf" or not np.all(y == np.round(y)):
        raise DataFileError(
            f"{str(path)!r}: {ky} must hold one whole-number label per example, {x.shape[0]} of them "
            f"(as {kx} has); got shape {y.shape}, dtype {y.dtype}."
        )
    return RawData(x, y.reshape(-1).astype(np.int64), classes), max_value


def load_raw(name_or_path="digits", split="train"):
    """One split exactly as stored: images keep their shape, labels keep their values.

    For showing images (``plt.imshow(X_orig[i])``) and for looking at the labels
    before choosing a binary task.

    Parameters
    ----------
    name_or_path : str or os.PathLike, default "digits"
        A built-in name (see :data:`DATASETS`) or the path of a file in the course's layout.
    split : {"train", "test"}

    Returns
    -------
    RawData
        ``X_orig`` ``(m, ...)`` as stored (digits: ``(m, 8, 8)`` uint8, 0-16),
        ``labels`` ``(m,)`` int64, ``classes`` the class names (``classes[k]`` names label ``k``).
    """
    if split not in ("train", "test"):
        raise ValueError(f"split must be 'train' or 'test'; got {split!r}.")
    return _read_split(_resolve(name_or_path), split)[0]


def _to_columns(x, max_value):
    """(m, ...) as stored -> (n_x, m) float64; integer pixels scaled to [0, 1]."""
    X = x.reshape(x.shape[0], -1).T.astype(np.float64)
    if x.dtype.kind in "iu":
        # The course's images are uint8 0-255; a file may state its own range (digits: 0-16).
        X /= float(max_value) if max_value is not None else 255.0
    return X


def _binary_task(raws, positive, negative):
    """Labels -> 0/1: keep the examples of the chosen task, Y = 1 where the label is ``positive``."""
    values = np.unique(np.concatenate([raw.labels for raw in raws])).tolist()
    if positive is None:
        if negative is not None:
            raise ValueError(f"negative={negative!r} needs positive= too: the task is positive against negative.")
        if not set(values) <= {0, 1}:
            raise ValueError(
                f"this data set has labels {values}, but Y must be 0/1. Choose a task: positive=3 "
                f"(3 against the rest) or positive=3, negative=8 (3 against 8)."
            )
        return [(np.ones(raw.labels.size, bool), raw.labels) for raw in raws]
    for arg, value in (("positive", positive), ("negative", negative)):
        if value is not None and value not in values:
            raise ValueError(f"{arg}={value!r} is not a label of this data set; its labels are {values}.")
    if negative == positive:
        raise ValueError(f"positive and negative are both {positive!r}; pick two different labels.")
    tasks = []
    for raw in raws:
        keep = np.ones(raw.labels.size, bool) if negative is None else np.isin(raw.labels, [positive, negative])
        tasks.append((keep, raw.labels[keep] == positive))
    return tasks


def load_dataset(name_or_path, test_path=None, *, positive=None, negative=None):
    """Load a data set as train and test arrays in the course's layout.

    Parameters
    ----------
    name_or_path : str or os.PathLike
        A built-in name (:func:`available_datasets`), or the path of an HDF5 file laid
        out like the course's: ``train_set_x`` ``(m, ...)``, ``train_set_y`` ``(m,)``,
        optionally ``list_classes``.
    test_path : str or os.PathLike, optional
        The file with ``test_set_x`` and ``test_set_y``, for course files that come in
        pairs (``train_catvnoncat.h5`` / ``test_catvnoncat.h5``). Without it, the test
        split is read from ``name_or_path`` itself.
    positive : int, optional
        The label that becomes ``y = 1``. Required when the labels are not already 0/1
        (digits: ``positive=3`` is "3 against the rest").
    negative : int, optional
        With ``positive``: keep only the examples of these two labels, ``y = 0`` for
        ``negative`` (``positive=3, negative=8`` is "3 against 8").

    Returns
    -------
    Dataset
        ``(X_train, Y_train, X_test, Y_test)``: ``X`` is ``(n_x, m)`` float64, ``Y`` is
        ``(1, m)`` float64 0/1. Images are flattened as ``x.reshape(m, -1).T`` and integer
        pixels divided by the file's ``max_value`` attribute (255 when it has none), so
        ``X`` lies in [0, 1]. Digits: ``n_x = 64``.

    Raises
    ------
    FileNotFoundError
        No such file; the message lists the built-in names.
    DataFileError
        Not a readable HDF5 file, or the expected keys are missing (the message lists
        the keys the file has).
    ValueError
        A bad ``positive`` / ``negative``, or labels beyond 0/1 without ``positive``.

    Examples
    --------
    >>> X_train, Y_train, X_test, Y_test = load_dataset("flower")          # doctest: +SKIP
    >>> X_train, Y_train, X_test, Y_test = load_dataset("digits", positive=3)  # doctest: +SKIP
    >>> load_dataset("train_catvnoncat.h5", test_path="test_catvnoncat.h5")   # doctest: +SKIP
    """
    if test_path is not None and isinstance(name_or_path, str) and name_or_path in DATASETS:
        raise ValueError(f"the built-in {name_or_path!r} holds its own test split; test_path is for your own files.")
    train_file = _resolve(name_or_path)
    test_file = train_file if test_path is None else _require_file(test_path, "test file")
    (train, train_max), (test, test_max) = _read_split(train_file, "train"), _read_split(test_file, "test")
    if train.X_orig.shape[1:] != test.X_orig.shape[1:]:
        raise DataFileError(
            f"train examples have shape {train.X_orig.shape[1:]} ({str(train_file)!r}) but test examples have "
            f"{test.X_orig.shape[1:]} ({str(test_file)!r}); are these two files from the same data set?"
        )
    (keep_train, y_train), (keep_test, y_test) = _binary_task([train, test], positive, negative)
    return Dataset(
        _to_columns(train.X_orig[keep_train], train_max), y_train.astype(np.float64).reshape(1, -1),
        _to_columns(test.X_orig[keep_test], test_max), y_test.astype(np.float64).reshape(1, -1),
    )
