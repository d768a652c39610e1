"""HDF5 files: opening them with clear errors, and keeping trained parameters.

A parameters file holds one HDF5 dataset per array, named as in the course
(``W1``, ``b1``, ..., ``WL``, ``bL``; ``W[l]`` is ``(n[l], n[l-1])`` and ``b[l]`` is
``(n[l], 1)``), and the metadata as attributes of the file's root: ``layer_dims``,
``activations`` and ``nncore_version``, plus whatever keywords the caller passes.
Any HDF5 viewer (or ``h5py``) can read it. :func:`save_parameters` stores each array
with HDF5's Fletcher-32 checksum and writes the file format of HDF5 1.10 (whose
headers carry checksums too), so a damaged byte is reported, never loaded as a
different number. Strings are stored as fixed-length UTF-8 (h5py reads them as
``bytes``), never variable-length: those live in HDF5's unchecksummed global heap,
where one damaged byte can make HDF5 loop forever. Files without checksums (older
ones, other tools') still load.

Every failure to read a file is a :class:`DataFileError` naming the file and what is
wrong; shapes, dtypes and sizes are checked from the file's metadata before any array
is read, and :func:`load_parameters` refuses parameters bigger than a memory budget
(:data:`nncore.memory.DEFAULT_MAX_BYTES`, lifted by ``max_bytes=``).

This module leaves out pickle (loading a pickle can run arbitrary code) and any
format other than HDF5. Reading the data sets is :mod:`nncore.datasets`' job; it
opens its files through :func:`open_hdf5`.
"""
from __future__ import annotations

import contextlib
import errno
import numbers
import re
from io import BytesIO
from pathlib import Path

import h5py
import numpy as np

from . import memory
from .activations import get_activation
from .atomicfile import STALE_TMP_AGE, remove_stale_temp_files, replace_atomically, write_target  # noqa: F401
from .validation import check_layout, check_parameters, layer_dims_of, parameter_keys

__all__ = [
    "DataFileError", "FileTooLargeError", "open_hdf5", "save_parameters", "load_parameters", "load_metadata",
]

_PARAMETER_KEY = re.compile(r"[Wb][1-9][0-9]*")

# A damaged file makes h5py raise whichever exception its low-level call happens to hit.
_H5PY_ERRORS = (OSError, RuntimeError, KeyError, TypeError, ValueError, IndexError, OverflowError)


class DataFileError(ValueError):
    """A file exists but does not hold what was expected: not HDF5, damaged, wrong keys, shapes or values."""


class FileTooLargeError(DataFileError, memory.MemoryBudgetError):
    """A file's arrays are bigger than the memory budget; caught as either parent class."""


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
        interrupted download or copy), or h5py fails while the ``with`` block reads
        from it (any of its errors: ``OSError``, ``RuntimeError``, ``KeyError``, ...,
        which is how h5py reports damaged bytes). A :class:`DataFileError` raised in
        the block passes through unchanged.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"no {what} at {str(path)!r} (absolute: {path.absolute()}).")
    if path.is_dir():
        raise DataFileError(f"{str(path)!r} is a folder; expected an HDF5 {what} (.h5) inside it.")
    try:
        f = h5py.File(path, "r")
    except _H5PY_ERRORS as err:
        raise DataFileError(
            f"{str(path)!r} is not a readable HDF5 {what}: h5py says {type(err).__name__}: {err}. "
            f"It may be truncated (an interrupted download or copy), not HDF5 at all, "
            f"or open for writing in another program. Get a fresh copy of the file."
        ) from None
    try:
        with f:
            yield f
    except DataFileError:
        raise
    except _H5PY_ERRORS as err:
        # The header opened but later bytes (a dataset, an attribute, a link) are damaged.
        raise DataFileError(
            f"{str(path)!r}: reading failed part-way, so the file is damaged "
            f"(h5py says {type(err).__name__}: {err}). Get a fresh copy of the file."
        ) from None


def _to_attribute(key, value):
    """Convert one metadata value to something HDF5 stores as an attribute, or raise TypeError."""
    strings = isinstance(value, (list, tuple)) and value and all(isinstance(v, str) for v in value)
    if isinstance(value, str) or strings:
        return _fixed_length_strings(value)
    if isinstance(value, (bool, np.bool_, numbers.Real)):
        return value
    if isinstance(value, (list, tuple, np.ndarray)):
        arr = np.asarray(value)
        if arr.dtype.kind in "biuf" and arr.ndim == 1:
            return arr
    raise TypeError(
        f"metadata {key}={value!r}: an HDF5 attribute holds a number, a string, or a flat list "
        f"of numbers or of strings; got {type(value).__name__}. Convert it first, e.g. {key}=str(...)."
    )


def _fixed_length_strings(value):
    """UTF-8 strings as fixed-length HDF5 strings.

    Variable-length strings would live in HDF5's global heap, which has no checksum and
    which HDF5 (2.0) can loop on forever when one of its length bytes is damaged; fixed-
    length strings sit in the object header, under its checksum.
    """
    encoded = [v.encode("utf-8") for v in ([value] if isinstance(value, str) else value)]
    dtype = h5py.string_dtype("utf-8", max(1, *map(len, encoded)))
    return np.array(encoded[0] if isinstance(value, str) else encoded, dtype=dtype)


def _from_attribute(value):
    """The plain Python value of an attribute as h5py reads it (lists, str, int, float, bool)."""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, np.ndarray):
        return [_from_attribute(v) for v in value.tolist()]
    if isinstance(value, np.generic):
        return value.item()
    return value


def _check_finite(parameters, L, what):
    """Raise ValueError naming the first array holding NaN or inf."""
    for key in parameter_keys(L):
        bad = np.size(parameters[key]) - np.count_nonzero(np.isfinite(parameters[key]))
        if bad:
            raise ValueError(
                f"{key} holds {bad} NaN or inf value(s); {what}. Parameters like these give NaN "
                f"predictions: the training that made them diverged (try a smaller learning_rate)."
            )


def save_parameters(path, parameters, **metadata):
    """Write trained parameters and their metadata to an HDF5 file, atomically.

    Parameters
    ----------
    path : str or os.PathLike
        The target file, conventionally ending in ``.h5``. Its folder must exist. An
        existing file is replaced. If ``path`` is a symbolic link, the file it points
        to is replaced and the link is kept (see Notes).
    parameters : dict
        ``"W1" ... "WL"``: ``(n[l], n[l-1])``; ``"b1" ... "bL"``: ``(n[l], 1)``, float
        arrays holding no NaN or inf.
    **metadata
        Stored as attributes. Values are numbers, strings, or flat lists of either.
        ``layer_dims`` (``[n_x, n[1], ..., n[L]]``) is checked against the shapes and
        stored from them when not given. ``activations`` (one name per layer,
        ``[g[1], ..., g[L]]``) is checked against the known activations.
        ``nncore_version`` is always written by this function.

    Returns
    -------
    path : pathlib.Path, the path given (the link, when it is one).

    Raises
    ------
    ValueError, TypeError
        The parameters do not chain, hold NaN or inf, or the metadata cannot be
        stored. Nothing is written in that case.
    FileNotFoundError
        The target's folder does not exist.
    OSError
        Writing failed; the message names the target and the cause ("disk full (no
        space left on device)", "permission denied writing '...'"). ``errno`` is kept,
        so a full disk is ``OSError`` with ``errno.ENOSPC`` and a permission problem is
        ``PermissionError``. The old file, if any, is unchanged.

    Notes
    -----
    The file is built in memory (so the save briefly holds a second copy of the
    parameters), written to a temporary name beside the target, flushed to disk with
    ``fsync``, renamed over the target with ``os.replace`` (atomic on one file system),
    and then the folder is flushed too, so the rename itself survives a power cut. A
    save that is interrupted leaves the old file as it was.

    The temporary file is named ``.nncore-tmp-<pid>-<random>-<name>``. A save that is
    killed outright cannot remove it, so each save first removes such files in its
    folder whose process has ended (or that are older than :data:`STALE_TMP_AGE`);
    a save running in another live process keeps its file.

    Saving to a symbolic link writes through it: the link's final target is replaced
    atomically (its temporary file sits in the target's folder) and the link still
    points to it. A link to a missing file creates that file.
    """
    L = check_parameters(parameters, metadata.get("layer_dims"))
    _check_finite(parameters, L, "refusing to save it")
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
    attributes["nncore_version"] = _fixed_length_strings(_nncore_version())

    path = Path(path)
    target = write_target(path)
    folder = target.parent
    if not folder.is_dir():
        raise FileNotFoundError(
            f"cannot save parameters to {str(path)!r}: the folder {str(folder)!r} does not exist. "
            f"Create it first, e.g. Path({str(folder)!r}).mkdir(parents=True)."
        )
    image = _hdf5_image(parameters, L, attributes)
    with contextlib.suppress(OSError):  # best effort: a file we may not remove must not stop the save
        remove_stale_temp_files(folder)
    try:
        replace_atomically(target, image)
    except OSError as err:
        raise _save_error(err, path, target) from None
    return path


def _hdf5_image(parameters, L, attributes):
    """The bytes of the parameters file, built in memory so that only plain writes touch the disk."""
    buffer = BytesIO()
    # libver v110: superblock and object headers with checksums, readable by HDF5 >= 1.10.
    with h5py.File(buffer, "w", libver=("v110", "v110")) as f:
        for l in range(1, L + 1):
            for key in (f"W{l}", f"b{l}"):
                f.create_dataset(key, data=np.asarray(parameters[key]), fletcher32=True)
        f.attrs.update(attributes)
    return buffer.getbuffer()


def _save_error(err, path, target):
    """An OSError naming the target and the cause in words, keeping ``errno`` (and so the subclass)."""
    where = repr(str(path)) + (f" (a link to {str(target)!r})" if target != path else "")
    code = err.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        message = f"cannot save parameters to {where}: disk full (no space left on device). " \
                  f"Free some space or save to another disk; the old file, if any, is unchanged."
    elif code in (errno.EACCES, errno.EPERM):
        message = f"cannot save parameters: permission denied writing {where} in {str(target.parent)!r}. " \
                  f"Save to a folder you can write to, or change the folder's permissions."
    elif code == errno.EROFS:
        message = f"cannot save parameters to {where}: the file system is read-only. Save somewhere else."
    else:
        reason = err.strerror or str(err)
        message = f"cannot save parameters to {where}: {reason}. The old file, if any, is unchanged."
    return OSError(code, message) if code else OSError(message)


def load_parameters(path, *, max_bytes=None):
    """Read parameters written by :func:`save_parameters` (or laid out the same way).

    Parameters
    ----------
    path : str or os.PathLike
    max_bytes : number, optional
        The most the parameters may take in memory; default
        :data:`nncore.memory.DEFAULT_MAX_BYTES` (2 GiB). ``math.inf`` lifts the cap.

    Returns
    -------
    parameters : dict
        ``"W1" ... "WL"``: ``(n[l], n[l-1])``; ``"b1" ... "bL"``: ``(n[l], 1)``, with the
        float dtype they were saved with (in native byte order). :func:`load_metadata`
        reads the rest.

    Raises
    ------
    FileNotFoundError
        Nothing is at ``path``.
    FileTooLargeError
        The arrays the file declares would take more than ``max_bytes``; checked from
        the file's metadata, so nothing big is allocated. A :class:`DataFileError`.
    DataFileError
        Anything else wrong with the file, with its path in the message: not a readable
        HDF5 file, or damaged (including a failed checksum); no ``W1`` in it (the
        message lists the keys it has); a ``W``/``b`` key that is a group; shapes that
        do not chain, a missing ``b[l]`` or non-float dtypes (the message names the
        layer); a ``layer_dims`` attribute that disagrees; NaN or inf values.
    """
    with open_hdf5(path, "parameters file") as f:
        keys = sorted(f.keys())
        found = {}
        for key in filter(_PARAMETER_KEY.fullmatch, keys):
            found[key] = f[key]
            if not isinstance(found[key], h5py.Dataset):
                raise DataFileError(
                    f"{str(path)!r}: {key} is an HDF5 {type(found[key]).__name__}, not a dataset; "
                    f"a parameters file holds one dataset per array."
                )
        if "W1" not in found:
            raise DataFileError(
                f"{str(path)!r} holds no network parameters: expected datasets W1, b1, ..., WL, bL; "
                f"the file has keys {keys}. Is it a data set rather than a parameters file?"
            )
        layer_dims = f.attrs.get("layer_dims")
        try:
            check_layout(found, None if layer_dims is None else _from_attribute(layer_dims))
        except (ValueError, TypeError) as err:
            raise DataFileError(f"{str(path)!r} holds broken parameters: {err}") from None
        size = sum(memory.nbytes(ds.shape, ds.dtype) for ds in found.values())
        memory.check_budget(size, max_bytes, f"loading the parameters in {str(path)!r}", FileTooLargeError)
        parameters = {key: _native(ds[()]) for key, ds in found.items()}
    try:
        L = check_parameters(parameters)
        _check_finite(parameters, L, "a trained network's parameters are finite")
    except (ValueError, TypeError) as err:
        raise DataFileError(f"{str(path)!r} holds broken parameters: {err}") from None
    return parameters


def _native(array):
    """``array`` in the machine's byte order (a file may store big-endian floats)."""
    return array if array.dtype.isnative else array.astype(array.dtype.newbyteorder("="))


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

    Raises
    ------
    FileNotFoundError, DataFileError
        As :func:`load_parameters`.
    """
    with open_hdf5(path, "parameters file") as f:
        return {key: _from_attribute(value) for key, value in f.attrs.items()}
