"""The library is silent and has no side effects: no printing, no warnings, no global settings."""
import os
import pathlib
import subprocess
import sys
import warnings

import numpy as np
import pytest

import nncore

PACKAGE = pathlib.Path(nncore.__file__).parent


def test_the_library_never_prints(blobs, capsys):
    X, Y = blobs
    parameters = nncore.initialize_parameters([2, 3, 1], rng=0)
    nncore.forward_propagation(X, parameters)
    parameters, history = nncore.train(X, Y, [2, 3, 1], learning_rate=0.1, num_iterations=50, rng=0)
    nncore.predict(X, parameters)
    nncore.gradient_check(X[:, :5], Y[:, :5], parameters)
    with pytest.raises(nncore.TrainingDivergedError):
        nncore.train(X, Y, [2, 4, 1], learning_rate=1e20, num_iterations=100, rng=0)
    with pytest.raises(ValueError):
        nncore.train(X.T, Y, [2, 3, 1])
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == ""
    assert len(history["cost"]) == 50  # the run did happen


def test_training_emits_no_warnings(blobs):
    X, Y = blobs
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        nncore.train(X, Y, [2, 3, 1], learning_rate=0.1, num_iterations=50, rng=0)
        with pytest.raises(nncore.TrainingDivergedError):  # overflow is reported as this error, not warned
            nncore.train(X, Y, [2, 4, 1], learning_rate=1e20, num_iterations=100, rng=0)


def test_importing_plotting_does_not_change_rcparams():
    # A fresh interpreter, so that nothing is imported yet.
    code = (
        "import matplotlib\n"
        "before = dict(matplotlib.rcParams)\n"
        "import nncore, nncore.plotting\n"
        "after = dict(matplotlib.rcParams)\n"
        "changed = sorted(k for k in before if before[k] != after[k])\n"
        "assert not changed, changed\n"
        "assert before.keys() == after.keys()\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                            env=dict(os.environ, MPLBACKEND="Agg"))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "ok\n"


def test_every_module_compiles_without_warnings():
    # E.g. "invalid escape sequence" in a math docstring that is not a raw string (a
    # DeprecationWarning now, a SyntaxWarning from Python 3.12). Compiled from source, so a
    # cached .pyc cannot hide it.
    for path in sorted(PACKAGE.rglob("*.py")):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            compile(path.read_text(encoding="utf-8"), str(path), "exec")


def test_numpy_error_state_is_restored_after_training(blobs):
    X, Y = blobs
    before = np.geterr()
    nncore.train(X, Y, [2, 3, 1], num_iterations=5, rng=0)
    with pytest.raises(nncore.TrainingDivergedError):
        nncore.train(X, Y, [2, 4, 1], learning_rate=1e20, num_iterations=100, rng=0)
    assert np.geterr() == before
