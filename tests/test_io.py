"""Tests for nncore.io: saving and loading parameters, atomic writes, clear errors."""
import os

import h5py
import numpy as np
import pytest

import nncore
from nncore.io import DataFileError, load_metadata, load_parameters, save_parameters
from tests.helpers import write_raw_h5


def _parameters(layer_dims=(5, 4, 3, 1), seed=0, dtype=np.float64):
    rng = np.random.default_rng(seed)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])).astype(dtype)
        parameters[f"b{l}"] = rng.standard_normal((layer_dims[l], 1)).astype(dtype)
    return parameters


def _assert_same(a, b):
    assert sorted(a) == sorted(b)
    for key in a:
        assert a[key].dtype == b[key].dtype and a[key].shape == b[key].shape
        np.testing.assert_array_equal(a[key], b[key])


def test_round_trip_with_metadata(tmp_path):
    parameters = _parameters()
    path = tmp_path / "model.h5"
    returned = save_parameters(
        path,
        parameters,
        layer_dims=[5, 4, 3, 1],
        activations=["relu", "relu", "sigmoid"],
        learning_rate=0.0075,
        num_iterations=2500,
        note="flower, 4 hidden units",
    )
    assert returned == path
    _assert_same(load_parameters(path), parameters)
    meta = load_metadata(path)
    assert meta["layer_dims"] == [5, 4, 3, 1]
    assert meta["activations"] == ["relu", "relu", "sigmoid"]
    assert meta["learning_rate"] == 0.0075 and meta["num_iterations"] == 2500
    assert meta["note"] == "flower, 4 hidden units"
    assert meta["nncore_version"] == nncore.__version__


def test_file_is_plain_hdf5_one_dataset_per_array(tmp_path):
    parameters = _parameters((3, 2, 1))
    path = tmp_path / "model.h5"
    save_parameters(path, parameters, activations=["tanh", "sigmoid"])
    with h5py.File(path, "r") as f:
        assert sorted(f.keys()) == ["W1", "W2", "b1", "b2"]
        for key in f:
            assert f[key].dtype == np.float64  # numbers, never an opaque (pickled) object
        np.testing.assert_array_equal(f.attrs["layer_dims"], [3, 2, 1])
        # Fixed-length UTF-8 strings (no global heap, see nncore.io): h5py reads them as bytes.
        assert [name.decode("utf-8") for name in f.attrs["activations"]] == ["tanh", "sigmoid"]
        assert f.attrs["activations"].dtype.kind == "S" and isinstance(f.attrs["nncore_version"], bytes)


def test_layer_dims_are_stored_even_when_not_given(tmp_path):
    path = tmp_path / "model.h5"
    save_parameters(path, _parameters((6, 2, 1)))
    assert load_metadata(path)["layer_dims"] == [6, 2, 1]


def test_float32_keeps_its_dtype(tmp_path):
    parameters = _parameters(dtype=np.float32)
    save_parameters(tmp_path / "m.h5", parameters)
    _assert_same(load_parameters(tmp_path / "m.h5"), parameters)


def test_save_replaces_an_existing_file(tmp_path):
    path = tmp_path / "model.h5"
    save_parameters(path, _parameters(seed=1))
    second = _parameters((2, 3, 1), seed=2)
    save_parameters(path, second)
    _assert_same(load_parameters(path), second)
    assert [p.name for p in tmp_path.iterdir()] == ["model.h5"]  # no temporary file left


def test_interrupted_write_leaves_the_old_file_intact(tmp_path, monkeypatch):
    path = tmp_path / "model.h5"
    old = _parameters(seed=1)
    save_parameters(path, old)

    real_create = h5py.Group.create_dataset
    calls = []

    def create_then_fail(self, name, *args, **kwargs):
        calls.append(name)
        if len(calls) == 3:  # W1 and b1 are written, then the "power cut"
            raise KeyboardInterrupt
        return real_create(self, name, *args, **kwargs)

    monkeypatch.setattr(h5py.Group, "create_dataset", create_then_fail)
    with pytest.raises(KeyboardInterrupt):
        save_parameters(path, _parameters(seed=2))
    monkeypatch.undo()
    assert calls[:2] == ["W1", "b1"]
    _assert_same(load_parameters(path), old)
    assert [p.name for p in tmp_path.iterdir()] == ["model.h5"]


def test_failed_rename_leaves_the_old_file_intact(tmp_path, monkeypatch):
    path = tmp_path / "model.h5"
    old = _parameters(seed=1)
    save_parameters(path, old)

    def no_rename(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", no_rename)
    with pytest.raises(OSError, match="disk full"):
        save_parameters(path, _parameters(seed=2))
    monkeypatch.undo()
    _assert_same(load_parameters(path), old)
    assert [p.name for p in tmp_path.iterdir()] == ["model.h5"]


def test_save_refuses_parameters_that_do_not_chain(tmp_path):
    parameters = _parameters((5, 4, 1))
    parameters["W2"] = np.zeros((1, 3))
    path = tmp_path / "model.h5"
    with pytest.raises(ValueError, match="W2"):
        save_parameters(path, parameters)
    assert not path.exists()


@pytest.mark.parametrize("metadata, error, match", [
    ({"layer_dims": [5, 4, 2]}, ValueError, "layer_dims"),
    ({"activations": ["relu"]}, ValueError, "one name per layer"),
    ({"activations": ["relu", "softplus", "sigmoid"]}, ValueError, "softplus"),
    ({"history": {"cost": [0.7, 0.5]}}, TypeError, "history"),
    ({"nothing": None}, TypeError, "nothing"),
    ({"nncore_version": "9.9"}, ValueError, "nncore_version"),
])
def test_save_refuses_bad_metadata_and_writes_nothing(tmp_path, metadata, error, match):
    path = tmp_path / "model.h5"
    with pytest.raises(error, match=match):
        save_parameters(path, _parameters(), **metadata)
    assert list(tmp_path.iterdir()) == []


def test_save_into_a_missing_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        save_parameters(tmp_path / "no" / "such" / "model.h5", _parameters())


def test_load_missing_file_names_the_path(tmp_path):
    path = tmp_path / "missing.h5"
    with pytest.raises(FileNotFoundError, match="missing.h5"):
        load_parameters(path)


def test_load_shapes_that_do_not_chain_names_the_layer(tmp_path):
    path = write_raw_h5(tmp_path / "bad.h5", {"W1": np.zeros((4, 5)), "b1": np.zeros((4, 1)),
                                            "W2": np.zeros((1, 3)), "b2": np.zeros((1, 1))})
    with pytest.raises(DataFileError) as err:
        load_parameters(path)
    assert "W2" in str(err.value) and "layer 2" in str(err.value) and str(path) in str(err.value)


def test_load_missing_bias_names_the_layer(tmp_path):
    path = write_raw_h5(tmp_path / "bad.h5", {"W1": np.zeros((4, 5)), "b1": np.zeros((4, 1)),
                                            "W2": np.zeros((1, 4))})
    with pytest.raises(DataFileError, match="b2"):
        load_parameters(path)


def test_load_layer_dims_that_disagree_with_the_shapes(tmp_path):
    path = write_raw_h5(
        tmp_path / "bad.h5", {"W1": np.zeros((4, 5)), "b1": np.zeros((4, 1))}, layer_dims=[5, 3]
    )
    with pytest.raises(DataFileError, match="layer_dims"):
        load_parameters(path)


def test_load_a_file_without_parameters_lists_its_keys(tmp_path):
    path = write_raw_h5(tmp_path / "data.h5", {"train_set_x": np.zeros((3, 2)), "train_set_y": np.zeros(3)})
    with pytest.raises(DataFileError) as err:
        load_parameters(path)
    assert "train_set_x" in str(err.value) and "W1" in str(err.value)


@pytest.mark.parametrize("content", [b"", b"not an HDF5 file\n", "half"])
def test_load_a_broken_file_names_it(tmp_path, content):
    path = tmp_path / "broken.h5"
    if content == "half":
        save_parameters(path, _parameters((50, 40, 1)))
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    else:
        path.write_bytes(content)
    for call in (load_parameters, load_metadata):
        with pytest.raises(DataFileError) as err:
            call(path)
        assert str(path) in str(err.value) and "HDF5" in str(err.value)
