"""Data sets for the lessons: generators for the 2-D sets, and loaders for HDF5 files and 2-D CSV files.

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

import csv
import os
from io import StringIO
from pathlib import Path
from typing import NamedTuple

import h5py
import numpy as np

from . import memory
from .io import DataFileError, FileTooLargeError, open_hdf5
from .planar import (  # noqa: F401  (re-exported: nncore.datasets is the one place to get data)
    GENERATORS,
    make_circle,
    make_course_flower,
    make_dataset,
    make_flower,
    make_gaussian,
    make_spiral,
    make_xor,
)
from .validation import is_number

__all__ = [
    "DATASETS", "GENERATORS", "Dataset", "RawData", "DataFileError",
    "available_datasets", "data_dir", "dataset_path",
    "make_flower", "make_course_flower", "make_circle", "make_xor", "make_gaussian", "make_spiral",
    "make_dataset",
    "train_test_split", "load_dataset", "load_raw", "load_csv", "MAX_CSV_ROWS",
]

#: The most examples :func:`load_csv` accepts (the playground trains full-batch on them).
MAX_CSV_ROWS = 5000

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
    if not is_number(test_fraction) or not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must be a number strictly between 0 and 1, like 0.2; got "
                         f"{test_fraction!r}.")
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
        source = "nncore's datasets/ folder"
        if os.environ.get(ENV_VAR):
            source = f"${ENV_VAR} = {os.environ[ENV_VAR]!r}"
        raise FileNotFoundError(
            f"the built-in data set {name!r} should be at {str(path)!r} (from {source}), but no file is "
            "there. "
            f"Unset {ENV_VAR} or point it at a folder holding {name}.h5, or rebuild the file with "
            f"`python tools/build_datasets.py {name}` (datasets/README.md says how). "
            f"The built-in data sets are {_names()}."
        )
    return path


def _resolve(name_or_path):
    """Built-in name -> its shipped file; anything else is a path that must exist."""
    if isinstance(name_or_path, str) and name_or_path in DATASETS:
        return _builtin_path(name_or_path)
    if not isinstance(name_or_path, (str, os.PathLike)):
        raise TypeError(
            f"expected a data set name ({_names()}) or a path; got {type(name_or_path).__name__}."
        )
    return _require_file(name_or_path)


def _read_split(path, split, max_bytes=None, as_float64=False, already=0):
    """Read ``<split>_set_x`` and ``<split>_set_y`` from ``path``; return (RawData, max_value, bytes used).

    Keys, shapes, dtypes and sizes are checked from the file's metadata before any
    array is read. ``as_float64``: also count the float64 copy :func:`load_dataset` makes;
    ``already``: bytes another split already took from the budget.
    """
    kx, ky, where = f"{split}_set_x", f"{split}_set_y", repr(str(path))
    with open_hdf5(path, "data file") as f:
        keys = sorted(f.keys())
        missing = [k for k in (kx, ky) if not isinstance(f.get(k), h5py.Dataset)]
        if missing:
            hint = (
                " Course files come in pairs: pass the test file as test_path=..." if split == "test" else ""
            )
            raise DataFileError(
                f"{where} has no dataset {' or '.join(missing)}; the keys it has are {keys}. "
                f"nncore reads the course's layout: {kx} (m, ...) and {ky} (m,).{hint}"
            )
        dx, dy = f[kx], f[ky]
        if len(dx.shape) < 2 or dx.dtype.kind not in "biuf":
            raise DataFileError(
                f"{where}: {kx} must be a numeric array (m, ...); "
                f"the file declares shape {dx.shape}, dtype {dx.dtype}."
            )
        if dx.shape[0] == 0 or 0 in dx.shape:
            raise DataFileError(f"{where}: {kx} declares shape {dx.shape}, with no examples or no features.")
        if dy.size != dx.shape[0] or dy.dtype.kind not in "biuf":
            raise DataFileError(
                f"{where}: {ky} must hold one whole-number label per example, {dx.shape[0]} of them "
                f"(as {kx} has); the file declares shape {dy.shape}, dtype {dy.dtype}."
            )
        dc = f.get("list_classes")
        if dc is not None and not isinstance(dc, h5py.Dataset):
            raise DataFileError(
                f"{where}: list_classes is an HDF5 {type(dc).__name__}; it must be a dataset of class names "
                f"(bytes), list_classes[k] naming label k."
            )
        size = sum(memory.nbytes(d.shape, d.dtype) for d in (dx, dy) + ((dc,) if dc is not None else ()))
        size += memory.nbytes(dx.shape, np.float64) if as_float64 else 0
        what = f"loading {kx} from {where}" + (" together with the train split" if already else "")
        memory.check_budget(size + already, max_bytes, what, FileTooLargeError)
        max_value = _check_max_value(path, f.attrs.get("max_value"))
        x, y = dx[()], dy[()]
        classes = tuple(c.decode("utf-8") if isinstance(c, bytes) else str(c)
                        for c in np.ravel(dc[()])) if dc is not None else ()
    if x.dtype.kind == "f" and not np.isfinite(x).all():
        bad = x.size - np.count_nonzero(np.isfinite(x))
        raise DataFileError(f"{where}: {kx} holds {bad} NaN or inf value(s); examples must be finite.")
    if x.dtype.kind in "iu" and (x.min() < 0 or x.max() > (255 if max_value is None else max_value)):
        stated = "the default 255 (the file has no max_value attribute)" if max_value is None else \
            f"its max_value attribute, {max_value}"
        raise DataFileError(
            f"{where}: {kx} holds integer pixels from {x.min()} to {x.max()}, outside 0 to {stated}; "
            f"they would not scale into [0, 1]. Give the file a max_value attribute, the largest pixel value."
        )
    if not np.all(y == np.round(y)):
        raise DataFileError(
            f"{where}: {ky} must hold one whole-number label per example, {x.shape[0]} of them "
            f"(as {kx} has); got values such as {y[y != np.round(y)][:3].tolist()}."
        )
    return RawData(x, y.reshape(-1).astype(np.int64), classes), max_value, size


def _check_max_value(path, max_value):
    """The ``max_value`` attribute as a positive finite number, or None when the file has none."""
    if max_value is None:
        return None
    value = np.asarray(max_value)
    if value.size != 1 or value.dtype.kind not in "iuf" or not np.isfinite(value).all() or value.item() <= 0:
        raise DataFileError(
            f"{str(path)!r}: its max_value attribute is {value.tolist()!r}; it must be one positive "
            f"finite number, the largest pixel value (255 for 8-bit images, 16 for digits), "
            f"as pixels are divided by it."
        )
    return value.item()


def load_raw(name_or_path="digits", split="train", *, max_bytes=None):
    """One split exactly as stored: images keep their shape, labels keep their values.

    For showing images (``plt.imshow(X_orig[i])``) and for looking at the labels
    before choosing a binary task.

    Parameters
    ----------
    name_or_path : str or os.PathLike, default "digits"
        A built-in name (see :data:`DATASETS`) or the path of a file in the course's layout.
    split : {"train", "test"}
    max_bytes : number, optional
        The most the arrays may take in memory; default
        :data:`nncore.memory.DEFAULT_MAX_BYTES` (2 GiB).

    Returns
    -------
    RawData
        ``X_orig`` ``(m, ...)`` as stored (digits: ``(m, 8, 8)`` uint8, 0-16),
        ``labels`` ``(m,)`` int64, ``classes`` the class names (``classes[k]`` names label ``k``).

    Raises
    ------
    FileNotFoundError, DataFileError
        As :func:`load_dataset`.
    """
    if split not in ("train", "test"):
        raise ValueError(f"split must be 'train' or 'test'; got {split!r}.")
    return _read_split(_resolve(name_or_path), split, max_bytes)[0]


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
            raise ValueError(f"negative={negative!r} needs positive= too: the task is positive against "
                             "negative.")
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
        keep = (
            np.ones(raw.labels.size, bool) if negative is None else np.isin(raw.labels, [positive, negative])
        )
        tasks.append((keep, raw.labels[keep] == positive))
    return tasks


def load_dataset(name_or_path, test_path=None, *, positive=None, negative=None, max_bytes=None):
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
    max_bytes : number, optional
        The most both splits may take in memory, as stored plus their float64 copies;
        default :data:`nncore.memory.DEFAULT_MAX_BYTES` (2 GiB). ``math.inf`` lifts the cap.

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
        Anything wrong with a file, with its path in the message: not a readable HDF5
        file, or damaged; the expected keys are missing (the message lists the keys the
        file has); ``list_classes`` is not a dataset; non-numeric arrays, labels that
        are not whole numbers or not one per example; NaN or inf examples; a
        ``max_value`` that is not a positive number, or integer pixels beyond it.
        Shapes, dtypes and sizes are checked from the file's metadata before any
        array is read.
    FileTooLargeError
        The arrays would take more than ``max_bytes`` (a :class:`DataFileError`).
    ValueError
        A bad ``positive`` / ``negative``, or labels beyond 0/1 without ``positive``.

    Examples
    --------
    >>> X_train, Y_train, X_test, Y_test = load_dataset("flower")          # doctest: +SKIP
    >>> X_train, Y_train, X_test, Y_test = load_dataset("digits", positive=3)  # doctest: +SKIP
    >>> load_dataset("train_catvnoncat.h5", test_path="test_catvnoncat.h5")   # doctest: +SKIP
    """
    if test_path is not None and isinstance(name_or_path, str) and name_or_path in DATASETS:
        raise ValueError(f"the built-in {name_or_path!r} holds its own test split; test_path is for your own "
                         "files.")
    train_file = _resolve(name_or_path)
    test_file = train_file if test_path is None else _require_file(test_path, "test file")
    train, train_max, used = _read_split(train_file, "train", max_bytes, as_float64=True)
    # The test split gets what the train split left of the budget.
    test, test_max, _ = _read_split(test_file, "test", max_bytes, as_float64=True, already=used)
    if train.X_orig.shape[1:] != test.X_orig.shape[1:]:
        raise DataFileError(
            f"train examples have shape {train.X_orig.shape[1:]} ({str(train_file)!r}) but test examples "
            f"have {test.X_orig.shape[1:]} ({str(test_file)!r}); are these two files from the same data set?"
        )
    (keep_train, y_train), (keep_test, y_test) = _binary_task([train, test], positive, negative)
    return Dataset(
        _to_columns(train.X_orig[keep_train], train_max), y_train.astype(np.float64).reshape(1, -1),
        _to_columns(test.X_orig[keep_test], test_max), y_test.astype(np.float64).reshape(1, -1),
    )


def load_csv(source, max_rows=MAX_CSV_ROWS):
    """Read a 2-D labelled data set from CSV text with the header ``x1,x2,label``.

    Parameters
    ----------
    source : str or Path (a file), or bytes (the file's contents, e.g. from an upload)
    max_rows : int, the most examples accepted

    Returns
    -------
    X : ndarray, ``(2, m)``, float64, examples as columns
    Y : ndarray, ``(1, m)``, float64 labels 0.0 / 1.0

    Raises
    ------
    ValueError
        Saying what is wrong and where: not UTF-8 text, another header, a row without three
        values, a value that is not a number, NaN or inf, a label other than 0 or 1, fewer
        than 10 rows or only one class, more than ``max_rows`` rows.
    """
    where = "the uploaded file" if isinstance(source, (bytes, bytearray)) else f"{str(source)!r}"
    if not isinstance(source, (bytes, bytearray)):
        with open(source, "rb") as file:
            source = file.read(64 * 1024 * 1024)
    try:
        text = bytes(source).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError(f"{where} is not a CSV file (not UTF-8 text). Save it as CSV with the header "
                         "x1,x2,label.") from None
    if "\x00" in text:
        raise ValueError(f"{where} is not a CSV file (it holds binary data). Save it as CSV with the header "
                         "x1,x2,label.")
    rows = [row for row in csv.reader(StringIO(text)) if any(cell.strip() for cell in row)]
    if not rows:
        raise ValueError(f"{where} is empty: expected the header x1,x2,label and one row per example.")
    header = [cell.strip().lower() for cell in rows[0]]
    if header != ["x1", "x2", "label"]:
        raise ValueError(f"{where} must have the columns x1,x2,label (in its first line); got "
                         f"{','.join(rows[0])[:80]!r}.")
    body = rows[1:]
    if len(body) > max_rows:
        raise ValueError(f"{where} has {len(body)} rows; the playground takes at most {max_rows}. "
                         "Use a sample of your data.")
    for number, row in enumerate(body, start=2):
        if len(row) != 3:
            raise ValueError(f"{where}, line {number}: expected 3 values (x1, x2, label); got {len(row)}: "
                             f"{','.join(row)[:80]!r}.")
    try:
        values = np.array([[float(cell) for cell in row] for row in body], dtype=float).reshape(-1, 3)
    except ValueError as error:
        raise ValueError(f"{where}: every value must be a number; {error}.") from None
    if not np.isfinite(values).all():
        line = int(np.flatnonzero(~np.isfinite(values).all(axis=1))[0]) + 2
        raise ValueError(f"{where}, line {line}: NaN or inf; every value must be a finite number.")
    labels = values[:, 2]
    bad = ~np.isin(labels, (0.0, 1.0))
    if bad.any():
        line = int(np.flatnonzero(bad)[0]) + 2
        raise ValueError(f"{where}, line {line}: label {labels[bad][0]:g}; labels must be 0 or 1.")
    if len(body) < 10 or np.unique(labels).size < 2:
        raise ValueError(f"{where} has {len(body)} rows with labels {sorted(set(labels.tolist()))}: the "
                         "playground needs at least 10 rows and both labels, 0 and 1.")
    return values[:, :2].T.copy(), labels.reshape(1, -1)
