"""HDF5 files: opening them with clear errors, and keeping trained parameters.

A parameters file holds one HDF5 dataset per array, named as in the course
(``W1``, ``b1``, ..., ``WL``, ``bL``; ``W[l]`` is ``(n[l], n[l-1])`` and ``b[l]`` is
``(n[l], 1)``), and the metadata as attributes of the file's root: ``layer_dims``,
``activations`` and ``nncore_version``, plus whatever keywords the caller passes.
Any HDF5 viewer (or ``h5py``) can read it.

This module leaves out pickle (loading a pickle can run arbitrary code) and any
format other than HDF5. Reading the data sets is :mod:`nncore.datasets`' job; it
opens its files through :func:`open_hdf5`.
"""
from __future__ import annotations

import contextlib
import numbers
import os
import re
import secrets
from pathlib import Path

import h5py
import numpy as np

from .activations import get_activation
from .validation import check_parameters, layer_dims_of

__all__ = ["DataFileError", "open_hdf5", "save_parameters", "load_parameters", "load_metadata"]

_PARAMETER_KEY = re.compile(r"[Wb][1-9][0-9]*")


class DataFileError(ValueError):
    """A file exists but does not hold what was expected: not HDF5, truncated, or wrong keys."""


def _nncore_version():
    # `from nncore import __version__` would import this module's own package while it
    # is being imported; the installed metadata gives the same string without a cycle.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("nncore")
    except PackageNotFoundError:
        return "unknown"


@contextlib.contextmanager
def open_hdf5(path, what="file"):
    """Open an HDF5 file read-only, turning h5py's low-level errors into clear ones.

    Parameters
    ----------
    path : str or os.PathLike
    what : str
        How to name the file in an error message ("data file", "parameters file").

    Yields
    ------
    f : h5py.File, open for reading; closed when the ``with`` block ends.

    Raises
    ------
    FileNotFoundError
        Nothing is at ``path``.
    DataFileError
        ``path`` is a folder, or not a readable HDF5 file (for example truncated by an
        interrupted download or copy).
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"no {what} at {str(path)!r} (absolute: {path.absolute()}).")
    if path.is_dir():
        raise DataFileError(f"{str(path)!r} is a folder; expected an HDF5 {what} (.h5) inside it.")
    try:
        f = h5py.File(path, "r")
    except OSError as err:
        raise DataFileError(
            f"{str(path)!r} is not a readable HDF5 {what}: h5py says {err}. "
            f"It may be truncated (an interrupted download or copy), not HDF5 at all, "
            f"or open for writing in another program. Get a fresh copy of the file."
        ) from None
    with f:
        try:
            yield f
        except OSError as err:
            if isinstance(err, FileNotFoundError):
                raise
            # The header opened but a dataset's bytes are damaged.
            raise DataFileError(
                f"{str(path)!r}: reading failed part-way, so the file is damaged ({err})."
            ) from None


def _to_attribute(key, value):
    """Convert one metadata value to something HDF5 stores as an attribute, or raise TypeError."""
    if isinstance(value, (str, bool, np.bool_, numbers.Real)):
        return value
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value) and value:
        return np.array(value, dtype=h5py.string_dtype())
    if isinstance(value, (list, tuple, np.ndarray)):
        arr = np.asarray(value)
        if arr.dtype.kind in "biuf" and arr.ndim == 1:
            return arr
    raise TypeError(
        f"metadata {key}={value!r}: an HDF5 attribute holds a number, a string, or a flat list "
        f"of numbers or of strings; got {type(value).__name__}. Convert it first, e.g. {key}=str(...)."
    )


def _from_attribute(value):
    """The plain Python value of an attribute as h5py reads it (lists, str, int, float, bool)."""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, np.ndarray):
        return [_from_attribute(v) for v in value.tolist()]
    if isinstance(value, np.generic):
        return value.item()
    return value


def save_parameters(path, parameters, **metadata):
    """Write trained parameters and their metadata to an HDF5 file, atomically.

    Parameters
    ----------
    path : str or os.PathLike
        The target file, conventionally ending in ``.h5``. Its folder must exist. An
        existing file is replaced.
    parameters : dict
        ``"W1" ... "WL"``: ``(n[l], n[l-1])``; ``"b1" ... "bL"``: ``(n[l], 1)``.
    **metadata
        Stored as attributes. Values are numbers, strings, or flat lists of either.
        ``layer_dims`` (``[n_x, n[1], ..., n[L]]``) is checked against the shapes and
        stored from them when not given. ``activations`` (one name per layer,
        ``[g[1], ..., g[L]]``) is checked against the known activations.
        ``nncore_version`` is always written by this function.

    Returns
    -------
    path : pathlib.Path, the file written.

    Raises
    ------
    ValueError, TypeError
        The parameters do not chain, or the metadata cannot be stored. Nothing is
        written in that case.
    FileNotFoundError
        The target's folder does not exist.

    Notes
    -----
    The file is written to a temporary name beside the target, flushed to disk, then
    renamed over the target with ``os.replace``, which is atomic on one file system.
    A save that is interrupted leaves the old file as it was.
    """
    L = check_parameters(parameters, metadata.get("layer_dims"))
    if "nncore_version" in metadata:
        raise ValueError("nncore_version is written by save_parameters itself; drop that keyword.")
    metadata.setdefault("layer_dims", layer_dims_of(parameters))
    if "activations" in metadata:
        names = metadata["activations"]
        if isinstance(names, str) or len(names) != L:
            raise ValueError(
                f"activations must list one name per layer, [g[1], ..., g[{L}]] ({L} names); got {names!r}."
            )
        for name in names:
            get_activation(name)  # raises, listing the valid names
    # Convert everything before touching the disk, so a bad value writes nothing.
    attributes = {key: _to_attribute(key, value) for key, value in metadata.items()}
    attributes["nncore_version"] = _nncore_version()

    path = Path(path)
    folder = path.parent
    if not folder.is_dir():
        raise FileNotFoundError(
            f"cannot save parameters to {str(path)!r}: the folder {str(folder)!r} does not exist. "
            f"Create it first, e.g. Path({str(folder)!r}).mkdir(parents=True)."
        )
    # Beside the target, so os.replace stays on one file system; random, so two saves can't collide.
    tmp = folder / f".{path.name}.{secrets.token_hex(4)}.tmp"
    try:
        with h5py.File(tmp, "w-") as f:
            for l in range(1, L + 1):
                f.create_dataset(f"W{l}", data=np.asarray(parameters[f"W{l}"]))
                f.create_dataset(f"b{l}", data=np.asarray(parameters[f"b{l}"]))
            f.attrs.update(attributes)
        with open(tmp, "rb+") as raw:
            os.fsync(raw.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def load_parameters(path):
    """Read parameters written by :func:`save_parameters` (or laid out the same way).

    Parameters
    ----------
    path : str or os.PathLike

    Returns
    -------
    parameters : dict
        ``"W1" ... "WL"``: ``(n[l], n[l-1])``; ``"b1" ... "bL"``: ``(n[l], 1)``, with the
        dtype they were saved with. :func:`load_metadata` reads the rest.

    Raises
    ------
    FileNotFoundError
        Nothing is at ``path``.
    DataFileError
        Not a readable HDF5 file; no ``W1`` in it (the message lists the keys it has);
        or shapes that do not chain, or a missing ``b[l]`` (the message names the layer).
    """
    with open_hdf5(path, "parameters file") as f:
        keys = sorted(f.keys())
        parameters = {
            k: f[k][()] for k in keys if _PARAMETER_KEY.fullmatch(k) and isinstance(f[k], h5py.Dataset)
        }
        layer_dims = f.attrs.get("layer_dims")
    if "W1" not in parameters:
        raise DataFileError(
            f"{str(path)!r} holds no network parameters: expected datasets W1, b1, ..., WL, bL; "
            f"the file has keys {keys}. Is it a data set rather than a parameters file?"
        )
    try:
        check_parameters(parameters, None if layer_dims is None else _from_attribute(layer_dims))
    except (ValueError, TypeError) as err:
        raise DataFileError(f"{str(path)!r} holds broken parameters: {err}") from None
    return parameters


def load_metadata(path):
    """Read the metadata that :func:`save_parameters` stored beside the parameters.

    Parameters
    ----------
    path : str or os.PathLike

    Returns
    -------
    metadata : dict
        Plain Python values: ``{"layer_dims": [n_x, ..., n[L]], "nncore_version": "...", ...}``,
        plus ``"activations"`` and any other keyword given when saving.
    """
    with open_hdf5(path, "parameters file") as f:
        return {key: _from_attribute(value) for key, value in f.attrs.items()}
