"""Files and memory stay safe: damaged files, killed and failed saves, links, the memory budget.

The fuzz tests corrupt real files byte by byte; the oracle is the array that was saved.
Every load must give that array back exactly or raise DataFileError.
"""
import errno
import math
import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import h5py
import numpy as np
import pytest

from nncore import memory
from nncore.datasets import DataFileError, load_dataset, load_raw
from nncore.io import FileTooLargeError, load_metadata, load_parameters, save_parameters
from tests.helpers import write_raw_h5

REPO = Path(__file__).resolve().parent.parent


def _parameters(layer_dims=(5, 4, 3, 1), seed=0, dtype=np.float64):
    rng = np.random.default_rng(seed)
    shapes = {f"{p}{l}": (layer_dims[l], layer_dims[l - 1] if p == "W" else 1)
              for l in range(1, len(layer_dims)) for p in "Wb"}
    return {key: rng.standard_normal(shape).astype(dtype) for key, shape in shapes.items()}


def _same(a, b):
    return sorted(a) == sorted(b) and all(a[k].dtype == b[k].dtype and np.array_equal(a[k], b[k]) for k in a)


def _tmp_files(folder):
    return sorted(p.name for p in Path(folder).iterdir() if p.name.startswith(".nncore-tmp-"))


# --------------------------------------------------------------------------- fuzz

def _corruptions(data, rng, n_positions=240, n_truncations=40):
    """Seeded damaged copies of ``data``: bytes overwritten at ``n_positions`` places, and truncations.

    The first 48 bytes (the superblock) are always hit; the other positions are drawn
    over the whole file. Each position gets one of: one bit flipped, 0x00, 0xff, or
    8 random bytes.
    """
    head = np.arange(min(48, len(data)))
    rest = rng.choice(np.arange(len(head), len(data)), n_positions - len(head), replace=False)
    for i, pos in enumerate(np.concatenate([head, np.sort(rest)])):
        damaged = bytearray(data)
        kind = i % 4
        if kind == 0:
            damaged[pos] ^= 1 << int(rng.integers(8))
        elif kind == 1:
            damaged[pos] = 0x00 if data[pos] else 0x01
        elif kind == 2:
            damaged[pos] = 0xFF if data[pos] != 0xFF else 0xFE
        else:
            damaged[pos:pos + 8] = rng.integers(0, 256, len(damaged[pos:pos + 8]), dtype=np.uint8).tobytes()
        yield f"byte {pos} ({['bit flip', '0x00', '0xff', '8 random bytes'][kind]})", bytes(damaged)
    lengths = set(rng.choice(len(data), n_truncations, replace=False).tolist()) | {0, 1, 8, len(data) - 1}
    for n in sorted(lengths):
        yield f"truncated to {n} bytes", data[:n]


def _fuzz(tmp_path, data, load, expected, same=np.array_equal):
    """Load every corruption of ``data``; return the counts of outcomes, failing on any other outcome."""
    counts = {"identical": 0, "DataFileError": 0}
    wrong = []
    for i, (what, damaged) in enumerate(_corruptions(data, np.random.default_rng(12))):
        path = tmp_path / f"damaged{i}.h5"
        path.write_bytes(damaged)
        try:
            got = load(path)
        except DataFileError as err:
            assert str(path) in str(err), (what, err)
            counts["DataFileError"] += 1
        except Exception as err:  # noqa: BLE001  (the point: nothing else may escape)
            wrong.append(f"{what}: {type(err).__name__}: {err}")
        else:
            if same(got, expected):
                counts["identical"] += 1
            else:
                wrong.append(f"{what}: loaded without error but different")
        path.unlink()
    assert not wrong, "\n".join(wrong[:20])
    return counts


def test_fuzz_parameter_file(tmp_path):
    parameters = _parameters()
    good = save_parameters(tmp_path / "good.h5", parameters, activations=["relu", "relu", "sigmoid"],
                           learning_rate=0.01)
    data = good.read_bytes()
    meta = load_metadata(good)

    def load(path):
        return load_parameters(path), load_metadata(path)

    counts = _fuzz(tmp_path, data, load, (parameters, meta),
                   same=lambda got, exp: _same(got[0], exp[0]) and got[1] == exp[1])
    assert counts["DataFileError"] >= 100  # the checksums catch damage; they are not decoration


def _write_data_file(path, checksums=True):
    rng = np.random.default_rng(3)
    x = rng.integers(0, 256, (30, 4, 4, 3), dtype=np.uint8)
    y = (np.arange(30) % 2).astype(np.uint8)
    kwargs = {"fletcher32": True} if checksums else {}
    with h5py.File(path, "w", libver=("v110", "v110") if checksums else "earliest") as f:
        for split, sl in (("train", slice(0, 24)), ("test", slice(24, 30))):
            f.create_dataset(f"{split}_set_x", data=x[sl], **kwargs)
            f.create_dataset(f"{split}_set_y", data=y[sl], **kwargs)
        f.create_dataset("list_classes", data=np.array([b"non-cat", b"cat"]), **kwargs)
        f.attrs["max_value"] = 255
    return path


def _same_dataset(a, b):
    return all(u.dtype == v.dtype and np.array_equal(u, v) for u, v in zip(a, b, strict=True))


def test_fuzz_data_file_with_checksums(tmp_path):
    good = _write_data_file(tmp_path / "good.h5")
    expected = load_dataset(good)
    counts = _fuzz(tmp_path, good.read_bytes(), load_dataset, expected, same=_same_dataset)
    assert counts["DataFileError"] >= 100


def test_fuzz_data_file_without_checksums_never_raises_a_raw_error(tmp_path):
    # An HDF5 file written without checksums (like the course's files) cannot show that a
    # data byte changed; here only "no raw h5py error, no crash" is checked.
    good = _write_data_file(tmp_path / "good.h5", checksums=False)
    outcomes = {"ok": 0, "DataFileError": 0}
    for i, (_what, damaged) in enumerate(_corruptions(good.read_bytes(), np.random.default_rng(5))):
        path = tmp_path / f"damaged{i}.h5"
        path.write_bytes(damaged)
        try:
            load_raw(path)
            outcomes["ok"] += 1
        except DataFileError:
            outcomes["DataFileError"] += 1
    assert outcomes["DataFileError"] > 0 and outcomes["ok"] > 0


# --------------------------------------------------------------------------- metadata before reading

def _huge_parameters_file(path, n=40_000):
    """A few KB on disk that declare a (n, n) float64 W1 (chunks never written)."""
    with h5py.File(path, "w") as f:
        f.create_dataset("W1", shape=(n, n), dtype="f8", chunks=(64, 64))
        f.create_dataset("b1", shape=(n, 1), dtype="f8", chunks=(64, 1))
        f.create_dataset("W2", shape=(1, n), dtype="f8", chunks=(1, 64))
        f.create_dataset("b2", shape=(1, 1), dtype="f8")
    return path


@pytest.fixture
def no_reads(monkeypatch):
    """Make any read of an HDF5 dataset's values fail the test."""
    def forbidden(self, *args, **kwargs):
        raise AssertionError(f"read {self.name} before checking its metadata")

    monkeypatch.setattr(h5py.Dataset, "__getitem__", forbidden)
    monkeypatch.setattr(h5py.Dataset, "read_direct", forbidden)


def test_huge_declared_parameters_are_refused_before_reading(tmp_path, no_reads):
    path = _huge_parameters_file(tmp_path / "huge.h5")
    assert path.stat().st_size < 10_000
    with pytest.raises(FileTooLargeError) as err:
        load_parameters(path)
    message = str(err.value)
    size = (40_000 * 40_000 + 40_000 + 40_000 + 1) * 8
    assert f"{size:,} bytes" in message and "11.9 GiB" in message
    assert "2.0 GiB" in message and "max_bytes=" in message and str(path) in message
    assert isinstance(err.value, DataFileError) and isinstance(err.value, memory.MemoryBudgetError)
    with pytest.raises(FileTooLargeError, match="budget of 1.0 MiB"):
        load_parameters(path, max_bytes=2**20)


def test_broken_shapes_are_refused_before_reading_even_without_a_budget(tmp_path, no_reads):
    path = tmp_path / "bad.h5"
    with h5py.File(path, "w") as f:
        f.create_dataset("W1", shape=(40_000, 40_000), dtype="f8", chunks=(64, 64))
        f.create_dataset("b1", shape=(3, 1), dtype="f8")
    with pytest.raises(DataFileError, match=r"b1 must have shape \(40000, 1\)"):
        load_parameters(path, max_bytes=math.inf)


def test_huge_declared_data_file_is_refused_before_reading(tmp_path, no_reads):
    path = tmp_path / "huge_data.h5"
    with h5py.File(path, "w") as f:
        f.create_dataset("train_set_x", shape=(10**6, 64, 64, 3), dtype="u1", chunks=(1, 64, 64, 3))
        f.create_dataset("train_set_y", shape=(10**6,), dtype="u1", chunks=(1024,))
    assert path.stat().st_size < 10_000
    for call in (lambda: load_raw(path), lambda: load_dataset(path)):
        with pytest.raises(FileTooLargeError, match="max_bytes=") as err:
            call()
        assert str(path) in str(err.value)


def test_budget_counts_both_splits(tmp_path):
    path = _write_data_file(tmp_path / "d.h5")
    # train: 24*48 uint8 + 24 labels + float64 copy; test: 6*48 + 6 + float64 copy; classes 2*7 bytes, twice.
    train = 24 * 48 + 24 + 14 + 24 * 48 * 8
    test = 6 * 48 + 6 + 14 + 6 * 48 * 8
    load_dataset(path, max_bytes=train + test)
    with pytest.raises(FileTooLargeError, match="together with the train split"):
        load_dataset(path, max_bytes=train + test - 1)


@pytest.mark.parametrize("max_bytes", [0, -1, "2GB", True, float("nan")])
def test_bad_max_bytes(tmp_path, max_bytes):
    path = save_parameters(tmp_path / "m.h5", _parameters())
    with pytest.raises(ValueError, match="max_bytes must be a number of bytes > 0"):
        load_parameters(path, max_bytes=max_bytes)


def test_memory_guard_under_rlimit_as(tmp_path):
    # In a child whose address space is capped 1 GiB above what it already uses, loading
    # a file that declares 12.8 GB is refused cleanly; lifting the budget shows that the
    # cap is real (the read then fails with MemoryError, the crash the guard prevents).
    path = _huge_parameters_file(tmp_path / "huge.h5")
    script = textwrap.dedent(f"""
        import math, resource
        from nncore.io import FileTooLargeError, load_parameters
        vm = int(next(l for l in open("/proc/self/status") if l.startswith("VmSize")).split()[1]) * 1024
        resource.setrlimit(resource.RLIMIT_AS, (vm + 2**30, vm + 2**30))
        try:
            load_parameters({str(path)!r})
        except FileTooLargeError as err:
            print("refused:", err)
        try:
            load_parameters({str(path)!r}, max_bytes=math.inf)
            print("loaded")
        except MemoryError:
            print("MemoryError")
    """)
    if not Path("/proc/self/status").exists():
        pytest.skip("needs /proc to measure the child's address space")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].startswith("refused:") and "11.9 GiB" in lines[0] and "max_bytes=" in lines[0]
    assert lines[1] == "MemoryError"


# --------------------------------------------------------------------------- file defects

@pytest.mark.parametrize("arrays, match", [
    ({"W1": np.zeros((4, 5), np.int64), "b1": np.zeros((4, 1))}, "W1 must hold floats; it holds int6"),
    ({"W1": np.array([[b"ab"]]), "b1": np.zeros((1, 1))}, "W1 must hold floats"),
    ({"W1": np.zeros((4, 5), complex), "b1": np.zeros((4, 1))}, "W1 must hold floats"),
    ({"W1": np.zeros(5), "b1": np.zeros((1, 1))}, r"W1 must be 2-D"),
    ({"W1": np.zeros((0, 5)), "b1": np.zeros((0, 1))}, r"a layer needs a unit and an input"),
    ({"W1": np.array([[1.0, np.nan]]), "b1": np.zeros((1, 1))}, "W1 holds 1 NaN or inf"),
    ({"W1": np.ones((1, 2)), "b1": np.array([[np.inf]])}, "b1 holds 1 NaN or inf"),
])
def test_bad_parameter_arrays_are_data_file_errors(tmp_path, arrays, match):
    path = write_raw_h5(tmp_path / "bad.h5", arrays)
    with pytest.raises(DataFileError, match=match) as err:
        load_parameters(path)
    assert str(path) in str(err.value)


def test_a_parameter_key_that_is_a_group(tmp_path):
    path = tmp_path / "bad.h5"
    with h5py.File(path, "w") as f:
        f.create_group("W1")
    with pytest.raises(DataFileError, match="W1 is an HDF5 Group, not a dataset"):
        load_parameters(path)


@pytest.mark.parametrize("link", [h5py.SoftLink("/nowhere"), h5py.ExternalLink("missing.h5", "/W1")])
def test_a_dangling_link_is_a_data_file_error_not_a_raw_key_error(tmp_path, link):
    path = tmp_path / "bad.h5"
    with h5py.File(path, "w") as f:
        f["W1"] = link
        f["b1"] = np.zeros((1, 1))
    with pytest.raises(DataFileError, match="damaged") as err:
        load_parameters(path)
    assert str(path) in str(err.value)


def test_a_layer_dims_attribute_of_the_wrong_kind(tmp_path):
    arrays = {"W1": np.zeros((4, 5)), "b1": np.zeros((4, 1))}
    path = write_raw_h5(tmp_path / "bad.h5", arrays, layer_dims="5,4")
    with pytest.raises(DataFileError, match="layer_dims"):
        load_parameters(path)


def test_big_endian_parameters_load_as_native(tmp_path):
    parameters = _parameters()
    path = write_raw_h5(tmp_path / "be.h5", {k: v.astype(">f8") for k, v in parameters.items()})
    loaded = load_parameters(path)
    assert all(v.dtype == np.float64 and v.dtype.isnative for v in loaded.values())
    assert _same(loaded, parameters)


def test_save_refuses_nan_and_writes_nothing(tmp_path):
    parameters = _parameters()
    parameters["W2"][1, 2] = np.nan
    with pytest.raises(ValueError, match="W2 holds 1 NaN or inf value.*refusing to save"):
        save_parameters(tmp_path / "m.h5", parameters)
    assert list(tmp_path.iterdir()) == []


def test_saved_arrays_carry_checksums(tmp_path):
    path = save_parameters(tmp_path / "m.h5", _parameters())
    with h5py.File(path, "r") as f:
        assert all(f[key].fletcher32 for key in f)


def test_saved_strings_are_fixed_length_so_the_file_has_no_global_heap(tmp_path):
    # One zeroed length byte in a global heap (where variable-length strings live) made
    # HDF5 2.0 loop forever in a fuzz run; fixed-length strings sit under header checksums.
    path = save_parameters(tmp_path / "m.h5", _parameters(), activations=["relu", "relu", "sigmoid"],
                           note="héllo", empty="")
    with h5py.File(path, "r") as f:
        for key in f.attrs:
            string = h5py.check_string_dtype(f.attrs.get_id(key).dtype)
            assert string is None or string.length is not None, f"{key} is a variable-length string"
    assert load_metadata(path)["note"] == "héllo" and load_metadata(path)["empty"] == ""


def _data_file(path, x=None, y=None, classes=None, **attrs):
    x = np.zeros((4, 2, 2), np.uint8) if x is None else x
    y = np.array([0, 1, 0, 1]) if y is None else y
    with h5py.File(path, "w") as f:
        f["train_set_x"], f["train_set_y"] = x, y
        f["test_set_x"], f["test_set_y"] = x, y
        if classes == "group":
            f.create_group("list_classes")
        f.attrs.update(attrs)
    return path


@pytest.mark.parametrize("kwargs, match", [
    ({"classes": "group"}, "list_classes is an HDF5 Group; it must be a dataset of class names"),
    ({"max_value": 0}, "max_value attribute is 0; it must be one positive finite number"),
    ({"max_value": -3}, "max_value attribute is -3"),
    ({"max_value": np.nan}, "max_value attribute is nan"),
    ({"max_value": "255"}, "max_value attribute is '255'"),
    ({"max_value": [255, 16]}, "max_value attribute is"),
    ({"x": np.array([[0.5, np.nan], [0.1, 0.2]]), "y": np.array([0, 1])}, "train_set_x holds 1 NaN or inf"),
    ({"x": np.array([[0.5, np.inf], [-np.inf, 0.2]]), "y": np.array([0, 1])}, "train_set_x holds 2 NaN"),
    ({"x": np.array([[b"a", b"b"]] * 4)}, "train_set_x must be a numeric array"),
    ({"x": np.zeros((4, 2), complex)}, "train_set_x must be a numeric array"),
    ({"x": np.zeros(4)}, "train_set_x must be a numeric array"),
    ({"x": np.zeros((0, 2)), "y": np.zeros(0)}, "no examples"),
    ({"x": np.full((4, 2), 17, np.uint8), "max_value": 16}, "from 17 to 17, outside 0 to its max_value"),
    ({"x": np.full((4, 2), 4095, np.uint16)}, "outside 0 to the default 255"),
    ({"y": np.array([0.0, 1.0, 0.5, 1.0])}, "whole-number label"),
    ({"y": np.array([0.0, 1.0, np.nan, 1.0])}, "whole-number label"),
    ({"y": np.array([b"a", b"b", b"a", b"b"])}, "whole-number label"),
])
def test_bad_data_files_are_data_file_errors(tmp_path, kwargs, match):
    path = _data_file(tmp_path / "bad.h5", **kwargs)
    for call in (lambda: load_dataset(path), lambda: load_raw(path)):
        with pytest.raises(DataFileError, match=match) as err:
            call()
        assert str(path) in str(err.value)


# --------------------------------------------------------------------------- saves

def test_save_fsyncs_the_file_then_renames_then_fsyncs_the_folder(tmp_path, monkeypatch):
    events = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        info = os.fstat(fd)
        events.append(("fsync folder", info.st_ino) if stat.S_ISDIR(info.st_mode) else ("fsync file",))
        real_fsync(fd)

    def replace(src, dst):
        events.append(("replace",))
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    save_parameters(tmp_path / "m.h5", _parameters())
    assert events == [("fsync file",), ("replace",), ("fsync folder", tmp_path.stat().st_ino)]


def _fail_writes(monkeypatch, code):
    def write(fd, data):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "write", write)


def test_disk_full_names_the_target_and_the_cause(tmp_path, monkeypatch):
    path = save_parameters(tmp_path / "model.h5", old := _parameters(seed=1))
    _fail_writes(monkeypatch, errno.ENOSPC)
    with pytest.raises(OSError) as err:
        save_parameters(path, _parameters(seed=2))
    monkeypatch.undo()
    message = str(err.value)
    assert err.value.errno == errno.ENOSPC
    assert "disk full (no space left on device)" in message and str(path) in message
    assert ".nncore-tmp" not in message and "ref count" not in message
    assert _same(load_parameters(path), old) and _tmp_files(tmp_path) == []


def test_a_real_write_failure_from_the_kernel_is_reported_cleanly(tmp_path):
    # RLIMIT_FSIZE makes the kernel refuse to grow a file past the limit (EFBIG), the way
    # a full disk refuses (ENOSPC): a real failing write, not a monkeypatched one.
    path = tmp_path / "model.h5"
    script = textwrap.dedent(f"""
        import resource, signal
        import numpy as np
        from nncore.io import save_parameters
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
        rng = np.random.default_rng(0)
        try:
            save_parameters({str(path)!r}, {{"W1": rng.standard_normal((50, 50)), "b1": np.zeros((50, 1))}})
        except OSError as err:
            print(type(err).__name__, err.errno, err)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(f"OSError {errno.EFBIG} ") and str(path) in out.stdout
    assert ".nncore-tmp" not in out.stdout and not path.exists() and _tmp_files(tmp_path) == []


def test_permission_denied_names_the_target(tmp_path, monkeypatch):
    # Monkeypatched, so it holds when the tests run as root (root ignores a read-only folder).
    real_open = os.open

    def refuse(file, flags, *args, **kwargs):
        if Path(file).name.startswith(".nncore-tmp-"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(file))
        return real_open(file, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    path = tmp_path / "model.h5"
    with pytest.raises(PermissionError) as err:
        save_parameters(path, _parameters())
    assert f"permission denied writing {str(path)!r}" in str(err.value)
    assert ".nncore-tmp" not in str(err.value)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder_names_the_target(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(PermissionError, match="permission denied writing"):
            save_parameters(folder / "model.h5", _parameters())
    finally:
        folder.chmod(0o700)


def test_killed_save_leaves_the_old_file_and_the_next_save_removes_its_temp_file(tmp_path):
    path = save_parameters(tmp_path / "model.h5", old := _parameters(seed=1))
    # The child writes half of its first chunk, says so, and hangs: killed mid-save.
    script = textwrap.dedent(f"""
        import os, sys, time
        import numpy as np
        from nncore import io
        real_write = os.write
        def slow_write(fd, data):
            real_write(fd, bytes(data[: len(data) // 2]))
            print("writing", flush=True)
            time.sleep(60)
        os.write = slow_write
        io.save_parameters({str(path)!r}, {{"W1": np.ones((300, 300)), "b1": np.ones((300, 1))}})
    """)
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline() == "writing\n"
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=30)
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    left = _tmp_files(tmp_path)
    assert len(left) == 1 and left[0].startswith(f".nncore-tmp-{child.pid}-") and left[0].endswith("model.h5")
    assert (tmp_path / left[0]).stat().st_size > 0
    assert _same(load_parameters(path), old)  # the old file is intact
    save_parameters(tmp_path / "other.h5", _parameters(seed=3))  # any save to the folder cleans up
    assert _tmp_files(tmp_path) == []
    assert _same(load_parameters(path), old)


def test_a_live_saves_temp_file_is_kept_and_only_stale_ones_go(tmp_path):
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True).stdout.strip()
        live = tmp_path / f".nncore-tmp-{sleeper.pid}-abcd1234-model.h5"
        old_live = tmp_path / f".nncore-tmp-{sleeper.pid}-ffff0000-model.h5"
        stale = tmp_path / f".nncore-tmp-{dead}-abcd1234-model.h5"
        not_ours = tmp_path / ".nncore-tmp-notes.txt"
        for p in (live, old_live, stale, not_ours):
            p.write_bytes(b"partial")
        two_days_ago = time.time() - 2 * 24 * 3600
        os.utime(old_live, (two_days_ago, two_days_ago))
        save_parameters(tmp_path / "model.h5", _parameters())
        assert _tmp_files(tmp_path) == sorted([live.name, not_ours.name])
    finally:
        sleeper.kill()
        sleeper.wait()


# --------------------------------------------------------------------------- symbolic links

@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_saving_to_a_link_writes_through_and_keeps_the_link(tmp_path):
    real_folder, link_folder = tmp_path / "real", tmp_path / "links"
    real_folder.mkdir()
    link_folder.mkdir()
    target = save_parameters(real_folder / "model.h5", _parameters(seed=1))
    link = link_folder / "latest.h5"
    link.symlink_to(target)
    new = _parameters((3, 2, 1), seed=2)
    assert save_parameters(link, new) == link
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert _same(load_parameters(target), new) and _same(load_parameters(link), new)
    assert sorted(p.name for p in real_folder.iterdir()) == ["model.h5"]
    assert sorted(p.name for p in link_folder.iterdir()) == ["latest.h5"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_saving_to_a_dangling_link_creates_its_target(tmp_path):
    link = tmp_path / "latest.h5"
    link.symlink_to(tmp_path / "model.h5")
    save_parameters(link, params := _parameters())
    assert link.is_symlink() and _same(load_parameters(tmp_path / "model.h5"), params)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_saving_to_a_loop_of_links_is_refused(tmp_path):
    a, b = tmp_path / "a.h5", tmp_path / "b.h5"
    a.symlink_to(b)
    b.symlink_to(a)
    with pytest.raises(OSError, match="loop"):
        save_parameters(a, _parameters())
    assert a.is_symlink() and b.is_symlink()


# --------------------------------------------------------------------------- the budget helpers

def test_parameters_nbytes_matches_real_arrays():
    for dims, dtype in (((5, 4, 3, 1), np.float64), ((784, 100, 10), np.float32), ((2, 1), np.float16)):
        real = sum(a.nbytes for a in _parameters(dims, dtype=dtype).values())
        assert memory.parameters_nbytes(dims, dtype) == real


def test_nbytes_does_not_overflow():
    assert memory.nbytes((2**40, 2**40), np.float64) == 2**83  # int64 arithmetic would wrap


def test_check_budget_names_size_and_budget():
    with pytest.raises(memory.MemoryBudgetError) as err:
        memory.check_budget(3 * 2**30, None, "initializing layer_dims=[50000, 50000, 1]")
    message = str(err.value)
    assert "3.0 GiB (3,221,225,472 bytes)" in message and "2.0 GiB (2,147,483,648 bytes)" in message
    assert "DEFAULT_MAX_BYTES" in message and "max_bytes=4_294_967_296" in message
    assert memory.check_budget(3 * 2**30, math.inf, "x") == 3 * 2**30
