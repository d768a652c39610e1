"""Small helpers shared by several test files (not fixtures: plain functions)."""
import time

import h5py


def wait_for(predicate, timeout=20.0):
    """Poll ``predicate()`` every 10 ms; True as soon as it holds, False after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def write_raw_h5(path, arrays, **attrs):
    """Write ``arrays`` (name -> array) and root attributes with plain h5py; return ``path``."""
    with h5py.File(path, "w") as f:
        for key, value in arrays.items():
            f[key] = value
        f.attrs.update(attrs)
    return path
