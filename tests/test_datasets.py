"""Tests for nncore.datasets: generators, the split, the shipped files and course-style files.

The shipped files are checked against the tables in datasets/README.md, so the README
is the oracle for their shapes. Course-style files are written by the tests themselves.
"""
import re
from pathlib import Path

import h5py
import numpy as np
import pytest

from nncore.datasets import (
    DATASETS,
    GENERATORS,
    DataFileError,
    available_datasets,
    load_dataset,
    load_raw,
    train_test_split,
)

README = Path(__file__).resolve().parent.parent / "datasets" / "README.md"
PLANAR = sorted(set(GENERATORS) & set(DATASETS))  # the stored planar sets


def test_registry():
    assert available_datasets() == ("flower", "circle", "xor", "gaussian", "spiral", "digits")
    # Every stored planar set has its generator; some generators (the course's flower) have no stored copy.
    assert set(DATASETS) - {"digits"} <= set(GENERATORS)


# --------------------------------------------------------------------------- train_test_split

def test_split_is_stratified_and_keeps_every_example_once():
    m = 103
    X = np.vstack([np.arange(m), -np.arange(m)]).astype(float)  # column i identifies example i
    Y = (np.arange(m) % 3 == 0).astype(float).reshape(1, -1)   # 35 ones, 68 zeros
    X_train, Y_train, X_test, Y_test = train_test_split(X, Y, 0.25, rng=0)
    ids = np.concatenate([X_train[0], X_test[0]]).astype(int)
    np.testing.assert_array_equal(np.sort(ids), np.arange(m))
    # Labels travel with their examples.
    np.testing.assert_array_equal(Y_train[0], (X_train[0] % 3 == 0))
    np.testing.assert_array_equal(Y_test[0], (X_test[0] % 3 == 0))
    # 0.25 * 35 = 8.75 -> 9 ones; 0.25 * 68 = 17 zeros.
    assert np.count_nonzero(Y_test == 1) == 9 and np.count_nonzero(Y_test == 0) == 17
    assert X_train.shape == (2, m - 26) and Y_train.shape == (1, m - 26)


def test_split_rounds_half_up():
    X, Y = np.zeros((1, 10)), np.zeros((1, 10))
    assert train_test_split(X, Y, 0.25, rng=0).X_test.shape == (1, 3)  # 2.5 -> 3


def test_split_is_deterministic_and_shuffles():
    X = np.arange(200, dtype=float).reshape(1, -1)
    Y = (X >= 100).astype(float)
    a = train_test_split(X, Y, 0.2, rng=1)
    b = train_test_split(X, Y, 0.2, rng=np.random.default_rng(1))
    for u, v in zip(a, b, strict=True):
        np.testing.assert_array_equal(u, v)
    assert not np.all(np.diff(a.X_train[0]) > 0)  # not left in the original order


@pytest.mark.parametrize("fraction", [0, 1, -0.1, 1.5, True])
def test_split_rejects_bad_fraction(fraction):
    with pytest.raises(ValueError, match="test_fraction"):
        train_test_split(np.zeros((2, 10)), np.zeros((1, 10)), fraction)


def test_split_rejects_transposed_labels():
    with pytest.raises(ValueError, match="Y.T"):
        train_test_split(np.zeros((2, 10)), np.zeros((10, 1)))


def test_split_rejects_an_empty_side():
    with pytest.raises(ValueError, match="empty"):
        train_test_split(np.zeros((2, 2)), np.array([[0.0, 1.0]]), 0.1)


# --------------------------------------------------------------------------- the shipped files

def _readme_tables():
    """Rows of the README's markdown tables, as lists of cells with backticks stripped."""
    rows = []
    for line in README.read_text(encoding="utf-8").splitlines():
        if line.startswith("|") and not line.startswith("| ---"):
            rows.append([cell.strip().strip("`") for cell in line.strip().strip("|").split("|")])
    return rows


def _shape(text):
    return tuple(int(n) for n in re.findall(r"\d+", text))


def _key_rows():
    rows = [r for r in _readme_tables() if len(r) == 4 and r[0] != "file"]
    out = []
    for files, key, shape, dtype in rows:
        for name in files.split(","):
            out.append((name.strip().strip("`"), key, _shape(shape), dtype))
    return out


def test_readme_documents_every_shipped_file():
    documented = {row[0] for row in _key_rows()}
    assert documented == {f"{name}.h5" for name in DATASETS}
    shipped = {p.name for p in (README.parent).glob("*.h5")}
    assert shipped == documented
    assert sum(p.stat().st_size for p in README.parent.glob("*.h5")) < 500_000


@pytest.mark.parametrize("row", _key_rows(), ids=lambda r: f"{r[0]}:{r[1]}")
def test_shipped_file_keys_shapes_dtypes_match_readme(row):
    file, key, shape, dtype = row
    with h5py.File(README.parent / file, "r") as f:
        assert f[key].shape == shape
        if dtype == "bytes":
            assert f[key].dtype.kind == "S"
        else:
            assert f[key].dtype == np.dtype(dtype)
        assert {"description", "source", "license"} <= set(f.attrs)


def _load_rows():
    return [r for r in _readme_tables() if len(r) == 5 and r[0].startswith("load_dataset(")]


@pytest.mark.parametrize("row", _load_rows(), ids=lambda r: r[0])
def test_shipped_data_sets_load_with_the_readme_shapes(row):
    call, *shapes = row
    name = re.search(r'"(\w+)"', call).group(1)
    kwargs = {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", call)}
    result = load_dataset(name, **kwargs)
    assert [a.shape for a in result] == [_shape(s) for s in shapes]
    for a in result:
        assert a.dtype == np.float64
    for Y in (result.Y_train, result.Y_test):
        assert set(np.unique(Y)) == {0.0, 1.0}


def test_readme_load_table_covers_every_data_set():
    names = {re.search(r'"(\w+)"', r[0]).group(1) for r in _load_rows()}
    assert names == set(DATASETS)


@pytest.mark.parametrize("name", PLANAR)
def test_shipped_planar_sets_are_balanced(name):
    _, Y_train, _, Y_test = load_dataset(name)
    for Y in (Y_train, Y_test):
        assert np.count_nonzero(Y == 1) == np.count_nonzero(Y == 0)


def test_digits_raw_images():
    train, test = load_raw("digits", "train"), load_raw("digits", "test")
    assert train.X_orig.shape[1:] == (8, 8) and train.X_orig.dtype == np.uint8
    assert train.X_orig.shape[0] + test.X_orig.shape[0] == 1797
    assert train.X_orig.max() == 16 and train.X_orig.min() == 0
    assert train.classes == tuple(str(d) for d in range(10))
    # Stratified: each digit's test share is 20 %, to within the rounding of one image.
    n_train, n_test = np.bincount(train.labels, minlength=10), np.bincount(test.labels, minlength=10)
    total = n_train + n_test
    assert np.all(n_train > 0)
    assert np.all(np.abs(n_test - 0.2 * total) <= 0.5 + 1e-9)


def test_digits_one_against_the_rest_matches_the_raw_images():
    raw = load_raw("digits", "train")
    X_train, Y_train, X_test, _ = load_dataset("digits", positive=3)
    m = raw.X_orig.shape[0]
    # Column i is image i, flattened row by row, scaled by the maximum pixel value 16.
    np.testing.assert_array_equal(X_train[:, 5], raw.X_orig[5].ravel() / 16)
    np.testing.assert_array_equal(X_train, raw.X_orig.reshape(m, -1).T / 16)
    np.testing.assert_array_equal(Y_train[0], raw.labels == 3)
    assert X_train.min() == 0.0 and X_train.max() == 1.0 and X_test.max() <= 1.0


def test_digits_two_against_each_other():
    raw = load_raw("digits", "train")
    X_train, Y_train, X_test, Y_test = load_dataset("digits", positive=8, negative=3)
    keep = np.isin(raw.labels, [3, 8])
    assert X_train.shape == (64, np.count_nonzero(keep))
    np.testing.assert_array_equal(X_train, raw.X_orig[keep].reshape(-1, 64).T / 16)
    np.testing.assert_array_equal(Y_train[0], raw.labels[keep] == 8)
    test_labels = load_raw("digits", "test").labels
    assert X_test.shape == (64, np.count_nonzero(np.isin(test_labels, [3, 8])))
    assert np.count_nonzero(Y_test == 1) == np.count_nonzero(test_labels == 8)


def test_digits_need_a_task():
    with pytest.raises(ValueError, match="positive="):
        load_dataset("digits")


@pytest.mark.parametrize("kwargs, match", [
    ({"positive": 10}, "labels are"),
    ({"positive": 3, "negative": 3}, "different"),
    ({"negative": 3}, "needs positive"),
    ({"positive": 3, "negative": 12}, "labels are"),
])
def test_digits_bad_task(kwargs, match):
    with pytest.raises(ValueError, match=match):
        load_dataset("digits", **kwargs)


def test_loading_does_not_depend_on_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_dataset("flower").X_train.shape[0] == 2


def test_data_dir_can_be_overridden(tmp_path, monkeypatch):
    x = np.arange(12, dtype=float).reshape(6, 2)
    y = np.array([0, 1, 0, 1, 0, 1], dtype=np.uint8)
    with h5py.File(tmp_path / "flower.h5", "w") as f:
        f["train_set_x"], f["train_set_y"] = x[:4], y[:4]
        f["test_set_x"], f["test_set_y"] = x[4:], y[4:]
    monkeypatch.setenv("NNCORE_DATA_DIR", str(tmp_path))
    X_train, Y_train, X_test, _ = load_dataset("flower")
    np.testing.assert_array_equal(X_train, x[:4].T)
    np.testing.assert_array_equal(Y_train, [[0, 1, 0, 1]])
    # A built-in that is not in the overriding folder: the message says where it looked and why.
    with pytest.raises(FileNotFoundError) as err:
        load_dataset("spiral")
    assert "NNCORE_DATA_DIR" in str(err.value) and str(tmp_path / "spiral.h5") in str(err.value)


# --------------------------------------------------------------------------- course-style files

def _write_course_pair(folder, m_train=7, m_test=3, h=4, w=5, c=3, seed=0):
    """Two files like the course's train_catvnoncat.h5 / test_catvnoncat.h5."""
    rng = np.random.default_rng(seed)
    x_train = rng.integers(0, 256, (m_train, h, w, c), dtype=np.uint8)
    y_train = np.array([i % 2 for i in range(m_train)], dtype=np.int64)
    x_test = rng.integers(0, 256, (m_test, h, w, c), dtype=np.uint8)
    y_test = np.array([1 - i % 2 for i in range(m_test)], dtype=np.int64)
    train, test = folder / "train_cats.h5", folder / "test_cats.h5"
    with h5py.File(train, "w") as f:
        f["train_set_x"], f["train_set_y"] = x_train, y_train
        f["list_classes"] = np.array([b"non-cat", b"cat"])
    with h5py.File(test, "w") as f:
        f["test_set_x"], f["test_set_y"] = x_test, y_test
        f["list_classes"] = np.array([b"non-cat", b"cat"])
    return train, test, (x_train, y_train, x_test, y_test)


def test_course_style_files_round_trip(tmp_path):
    train, test, (x_train, y_train, x_test, y_test) = _write_course_pair(tmp_path)
    X_train, Y_train, X_test, Y_test = load_dataset(train, test_path=test)
    assert X_train.shape == (4 * 5 * 3, 7) and X_test.shape == (60, 3)
    # Column j is example j flattened (h, w, c in C order) and divided by 255.
    for j in range(7):
        np.testing.assert_allclose(X_train[:, j], x_train[j].ravel() / 255)
    np.testing.assert_allclose(X_test[:, 2], x_test[2].ravel() / 255)
    np.testing.assert_array_equal(Y_train, y_train.reshape(1, -1))
    np.testing.assert_array_equal(Y_test, y_test.reshape(1, -1))
    assert 0 <= X_train.min() and X_train.max() <= 1
    # str paths work too.
    np.testing.assert_array_equal(load_dataset(str(train), test_path=str(test)).X_train, X_train)


def test_course_style_raw(tmp_path):
    train, test, (x_train, y_train, _, _) = _write_course_pair(tmp_path)
    raw = load_raw(train, "train")
    np.testing.assert_array_equal(raw.X_orig, x_train)
    np.testing.assert_array_equal(raw.labels, y_train)
    assert raw.classes == ("non-cat", "cat")


def test_train_file_alone_asks_for_test_path(tmp_path):
    train, _, _ = _write_course_pair(tmp_path)
    with pytest.raises(DataFileError) as err:
        load_dataset(train)
    message = str(err.value)
    assert "test_path" in message and "train_set_x" in message and str(train) in message


def test_train_and_test_files_must_match(tmp_path):
    train, _, _ = _write_course_pair(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    _, test, _ = _write_course_pair(other, h=6)
    with pytest.raises(DataFileError, match="same data set"):
        load_dataset(train, test_path=test)


def test_builtin_name_with_test_path_is_refused(tmp_path):
    with pytest.raises(ValueError, match="test_path"):
        load_dataset("flower", test_path=tmp_path / "x.h5")


# --------------------------------------------------------------------------- bad files

def test_missing_file_names_the_path_and_the_builtins(tmp_path):
    path = tmp_path / "nope.h5"
    with pytest.raises(FileNotFoundError) as err:
        load_dataset(path)
    for name in DATASETS:
        assert repr(name) in str(err.value)
    assert str(path) in str(err.value)
    with pytest.raises(FileNotFoundError, match="flowers"):
        load_dataset("flowers")  # a typo is taken as a path


def test_missing_test_file_names_it(tmp_path):
    train, _, _ = _write_course_pair(tmp_path)
    with pytest.raises(FileNotFoundError, match="missing_test.h5"):
        load_dataset(train, test_path=tmp_path / "missing_test.h5")


def test_file_without_the_expected_keys_lists_the_keys_it_has(tmp_path):
    path = tmp_path / "odd.h5"
    with h5py.File(path, "w") as f:
        f["images"] = np.zeros((3, 2, 2), np.uint8)
        f["targets"] = np.zeros(3)
    for call in (lambda: load_dataset(path), lambda: load_raw(path)):
        with pytest.raises(DataFileError) as err:
            call()
        assert "'images'" in str(err.value) and "'targets'" in str(err.value)
        assert "train_set_x" in str(err.value)


def test_labels_that_do_not_match_the_examples(tmp_path):
    path = tmp_path / "bad_labels.h5"
    with h5py.File(path, "w") as f:
        f["train_set_x"], f["train_set_y"] = np.zeros((5, 2)), np.zeros(4)
    with pytest.raises(DataFileError, match="one whole-number label per example"):
        load_raw(path)


def _truncated(folder):
    path = folder / "truncated.h5"
    with h5py.File(path, "w") as f:
        f["train_set_x"] = np.arange(4000.0).reshape(2000, 2)
        f["train_set_y"] = np.zeros(2000, np.uint8)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _text_file(folder):
    path = folder / "notes.h5"
    path.write_text("this is not an HDF5 file\n")
    return path


def _empty_file(folder):
    path = folder / "empty.h5"
    path.write_bytes(b"")
    return path


@pytest.mark.parametrize("make_bad", [_truncated, _text_file, _empty_file])
def test_broken_file_gives_a_clear_error_naming_it(tmp_path, make_bad):
    path = make_bad(tmp_path)
    for call in (lambda: load_dataset(path), lambda: load_raw(path)):
        with pytest.raises(DataFileError) as err:
            call()
        assert str(path) in str(err.value) and "HDF5" in str(err.value)


def test_damaged_data_inside_a_valid_header_names_the_file(tmp_path):
    path = tmp_path / "damaged.h5"
    with h5py.File(path, "w") as f:
        f.create_dataset("train_set_x", data=np.arange(4000.0).reshape(2000, 2), compression="gzip")
        f["train_set_y"] = np.zeros(2000, np.uint8)
        chunk = f["train_set_x"].id.get_chunk_info(0)
    data = bytearray(path.read_bytes())
    data[chunk.byte_offset : chunk.byte_offset + chunk.size] = (
        b"\xff" * chunk.size
    )  # garble the compressed bytes
    path.write_bytes(bytes(data))
    with pytest.raises(DataFileError) as err:
        load_raw(path)
    assert str(path) in str(err.value) and "damaged" in str(err.value)


def test_a_folder_is_not_a_data_file(tmp_path):
    with pytest.raises(DataFileError, match="folder"):
        load_dataset(tmp_path)


def test_bad_split_name():
    with pytest.raises(ValueError, match="split"):
        load_raw("digits", "validation")
