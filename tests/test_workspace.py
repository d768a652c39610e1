"""train's workspace (nncore/workspace.py) computes exactly what the plain loop computes.

The oracle is the loop written with nncore's public, checked functions, one fresh array per
result: forward_propagation, the cost from Z[L] (nncore.cost's formula), backward_propagation,
update_parameters. train must give the same parameters and costs to the last bit, in float64
and float32, for every activation, depth and width.
"""
import numpy as np
import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

import nncore
from nncore.datasets import make_flower
from nncore.workspace import Workspace


def reference_train(X, Y, parameters, hidden, learning_rate, num_iterations):
    """The loop train ran before the workspace, from the public functions."""
    costs = []
    m = Y.shape[1]
    for _ in range(num_iterations):
        AL, caches = nncore.forward_propagation(X, parameters, hidden)
        ZL = caches[-1].Z
        # nncore.cost's cost from the logits: softplus(z) - y z per example, summed, over m
        costs.append(float((np.maximum(ZL, 0) + np.log1p(np.exp(-np.abs(ZL))) - Y * ZL).sum() / m))
        grads = nncore.backward_propagation(AL, Y, caches)
        parameters = nncore.update_parameters(parameters, grads, learning_rate)
    return parameters, np.array(costs)


def assert_same_bits(got, expected):
    assert got.dtype == expected.dtype and got.shape == expected.shape
    assert got.tobytes() == expected.tobytes(), np.max(np.abs(got - expected))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n_x=st.integers(1, 6), hidden_dims=st.lists(st.integers(1, 6), max_size=3), m=st.integers(1, 25),
       data=st.data(), dtype=st.sampled_from([np.float64, np.float32]),
       learning_rate=st.floats(0.01, 1.0), num_iterations=st.integers(1, 12), seed=st.integers(0, 2**16))
def test_train_equals_the_plain_loop_bit_for_bit(n_x, hidden_dims, m, data, dtype, learning_rate,
                                                 num_iterations, seed):
    hidden = data.draw(st.lists(st.sampled_from(sorted(nncore.ACTIVATIONS)), min_size=len(hidden_dims),
                                max_size=len(hidden_dims)))
    dims = [n_x, *hidden_dims, 1]
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n_x, m)).astype(dtype)
    Y = (rng.random((1, m)) > 0.5).astype(dtype)
    start = nncore.initialize_parameters(dims, rng=seed, dtype=dtype)
    try:
        got, history = nncore.train(X, Y, dims, learning_rate=learning_rate, num_iterations=num_iterations,
                                    hidden_activation=hidden, parameters=start, dtype=dtype)
    except nncore.TrainingDivergedError:
        reject()
    expected, costs = reference_train(X, Y, start, hidden, learning_rate, num_iterations)
    assert_same_bits(history["cost"], costs)
    assert set(got) == set(expected)
    for key in expected:
        assert_same_bits(got[key], expected[key])


def test_the_flower_retrain_equals_the_plain_loop_bit_for_bit():
    # notebook 04's retrain (2-4-1, tanh, learning rate 1.2), shortened to 300 iterations
    X, Y = make_flower(m=400, rng=0)
    start = nncore.initialize_parameters([2, 4, 1], method="random", rng=0)
    got, history = nncore.train(X, Y, [2, 4, 1], learning_rate=1.2, num_iterations=300,
                                hidden_activation="tanh", parameters=start)
    expected, costs = reference_train(X, Y, start, "tanh", 1.2, 300)
    assert_same_bits(history["cost"], costs)
    for key in expected:
        assert_same_bits(got[key], expected[key])


def test_train_leaves_its_inputs_alone_and_returns_arrays_of_its_own():
    rng = np.random.default_rng(0)
    X, Y = rng.standard_normal((3, 10)), (rng.random((1, 10)) > 0.5).astype(float)
    start = nncore.initialize_parameters([3, 4, 1], rng=1)
    before = {k: v.copy() for k, v in start.items()}
    X0 = X.copy()
    first, _ = nncore.train(X, Y, [3, 4, 1], num_iterations=5, parameters=start)
    second, _ = nncore.train(X, Y, [3, 4, 1], num_iterations=5, parameters=start)
    assert all(np.array_equal(start[k], before[k]) for k in start) and np.array_equal(X, X0)
    assert all(np.array_equal(first[k], second[k]) for k in first)
    first["W1"][...] = 0  # the two results share no memory
    assert not np.array_equal(first["W1"], second["W1"])


def test_the_callback_sees_the_live_parameters_and_the_guard_keeps_a_copy():
    rng = np.random.default_rng(0)
    X, Y = rng.standard_normal((2, 20)), (rng.random((1, 20)) > 0.5).astype(float)
    seen = []
    nncore.train(X, Y, [2, 3, 1], num_iterations=3, learning_rate=0.5, rng=0,
                 callback=lambda i, p, c: seen.append((p["W1"], p["W1"].copy())))
    live = [p for p, _ in seen]
    assert live[0] is live[1] is live[2]  # the same array, updated in place, as train's docstring says
    assert not np.array_equal(seen[0][1], seen[2][1])
    # A run that diverges late hands back the last finite parameters: a copy, not the live, NaN ones.
    with pytest.raises(nncore.TrainingDivergedError) as info:
        nncore.train(X * 1e3, Y, [2, 3, 1], num_iterations=2000, learning_rate=1e4, rng=0)
    assert all(np.isfinite(v).all() for v in info.value.parameters.values())


def test_the_workspace_refuses_a_network_without_a_sigmoid_output():
    X, Y = np.zeros((2, 3)), np.zeros((1, 3))
    parameters = nncore.initialize_parameters([2, 1], rng=0)
    with pytest.raises(ValueError, match="sigmoid output"):
        Workspace(X, Y, parameters, ["relu"])
