"""Training: learning, history, callback, warm start, float32, determinism and divergence."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nncore


def _cost_of(X, Y, parameters, hidden="relu"):
    AL, _ = nncore.forward_propagation(X, parameters, hidden_activation=hidden)
    return nncore.compute_cost(AL, Y)


def _assert_same_parameters(a, b):
    assert set(a) == set(b)
    for key in a:
        np.testing.assert_array_equal(a[key], b[key], err_msg=key)


# --- update_parameters ------------------------------------------------------------------------


def test_update_parameters_by_hand_and_without_mutation():
    parameters = {"W1": np.array([[1.0, 2.0]]), "b1": np.array([[3.0]])}
    grads = {"dW1": np.array([[10.0, -20.0]]), "db1": np.array([[0.5]])}
    before = {k: v.copy() for k, v in parameters.items()}
    new = nncore.update_parameters(parameters, grads, learning_rate=0.1)
    # W = [1 - 0.1 * 10, 2 + 0.1 * 20] = [0, 4] ; b = 3 - 0.1 * 0.5 = 2.95
    np.testing.assert_allclose(new["W1"], [[0.0, 4.0]], atol=1e-15)
    np.testing.assert_allclose(new["b1"], [[2.95]], rtol=1e-15)
    _assert_same_parameters(parameters, before)
    assert new is not parameters and new["W1"] is not parameters["W1"]


@given(dims=st.lists(st.integers(1, 6), min_size=2, max_size=5), seed=st.integers(0, 2**32 - 1),
       learning_rate=st.floats(1e-4, 10.0))
@settings(deadline=None, max_examples=30)
def test_update_parameters_never_mutates_its_input(dims, seed, learning_rate):
    rng = np.random.default_rng(seed)
    parameters = nncore.initialize_parameters(dims, method="random", scale=1.0, rng=rng)
    grads = {"d" + k: rng.normal(size=v.shape) for k, v in parameters.items()}
    before = {k: v.copy() for k, v in parameters.items()}
    grads_before = {k: v.copy() for k, v in grads.items()}
    new = nncore.update_parameters(parameters, grads, learning_rate)
    _assert_same_parameters(parameters, before)
    _assert_same_parameters(grads, grads_before)
    assert set(new) == set(parameters)
    for key, value in parameters.items():
        np.testing.assert_allclose(new[key], value - learning_rate * grads["d" + key], rtol=1e-15, atol=0)


# --- learning ---------------------------------------------------------------------------------


def test_fits_a_separable_set(blobs):
    X, Y = blobs
    parameters, history = nncore.train(X, Y, [2, 4, 1], learning_rate=0.1, num_iterations=300, rng=0)
    costs = history["cost"]
    assert nncore.accuracy(nncore.predict(X, parameters), Y) == 1.0
    # Small steps of full-batch gradient descent: the cost never goes up, and ends low.
    assert np.all(np.diff(costs) <= 1e-12)
    assert costs[-1] < 0.05 < costs[0]


@pytest.mark.parametrize("hidden", list(nncore.ACTIVATIONS))
def test_every_hidden_activation_learns(blobs, hidden):
    X, Y = blobs
    parameters, history = nncore.train(X, Y, [2, 3, 1], learning_rate=0.5, num_iterations=200,
                                       hidden_activation=hidden, init="xavier", rng=1)
    assert history["cost"][-1] < history["cost"][0] / 2
    assert nncore.accuracy(nncore.predict(X, parameters, hidden_activation=hidden), Y) == 1.0


def test_logistic_regression_through_the_same_functions(blobs):
    X, Y = blobs
    parameters, history = nncore.train(X, Y, [2, 1], learning_rate=0.1, num_iterations=300, rng=0)
    assert set(parameters) == {"W1", "b1"}
    assert parameters["W1"].shape == (1, 2) and parameters["b1"].shape == (1, 1)
    assert nncore.accuracy(nncore.predict(X, parameters), Y) == 1.0
    # The cost is convex here; the step 0.1 is below 2 / (largest Hessian eigenvalue), so it descends.
    assert np.all(np.diff(history["cost"]) < 0)
    # predict is the course's rule: 1 where sigmoid(w^T x + b) > 0.5, i.e. where w^T x + b > 0.
    Z = parameters["W1"] @ X + parameters["b1"]
    np.testing.assert_array_equal(nncore.predict(X, parameters), (Z > 0).astype(int))


def test_predict_returns_int_zeros_and_ones_of_shape_1_by_m(blobs):
    X, Y = blobs
    parameters = nncore.initialize_parameters([2, 3, 1], rng=0)
    predictions = nncore.predict(X, parameters)
    assert predictions.shape == (1, X.shape[1])
    assert predictions.dtype.kind == "i"
    assert set(np.unique(predictions)) <= {0, 1}


def test_accuracy_by_hand():
    assert nncore.accuracy(np.array([[1, 0, 1, 1]]), np.array([[1, 1, 1, 0]])) == 0.5
    assert nncore.accuracy(np.array([[0]]), np.array([[0.0]])) == 1.0


def test_float32_end_to_end(blobs):
    X, Y = blobs
    p64, h64 = nncore.train(X, Y, [2, 4, 1], learning_rate=0.1, num_iterations=300, rng=0)
    p32, h32 = nncore.train(X.astype(np.float32), Y, [2, 4, 1], learning_rate=0.1,
                            num_iterations=300, rng=0, dtype=np.float32)
    for key, value in p32.items():
        assert value.dtype == np.float32, key
    AL, caches = nncore.forward_propagation(X.astype(np.float32), p32)
    assert AL.dtype == np.float32
    assert all(c.Z.dtype == np.float32 and c.A.dtype == np.float32 for c in caches)
    # Also float32 when X arrives as float64: the parameters decide.
    AL_from64, _ = nncore.forward_propagation(X, p32)
    assert AL_from64.dtype == np.float32
    assert nncore.accuracy(nncore.predict(X, p32), Y) == nncore.accuracy(nncore.predict(X, p64), Y) == 1.0
    # Same seed, same arithmetic in lower precision: the cost curves agree to float32 accuracy.
    np.testing.assert_allclose(h32["cost"], h64["cost"], rtol=1e-3, atol=1e-5)


def test_float32_backward_with_float32_labels(blobs):
    X, Y = blobs
    parameters = nncore.initialize_parameters([2, 3, 1], rng=0, dtype=np.float32)
    AL, caches = nncore.forward_propagation(X, parameters)
    grads = nncore.backward_propagation(AL, Y.astype(np.float32), caches)
    for key, value in grads.items():
        assert value.dtype == np.float32, key


@pytest.mark.parametrize("label_dtype", [np.float64, np.int64])
def test_float32_hand_written_loop_stays_float32(blobs, label_dtype):
    X, Y = blobs
    Y = Y.astype(label_dtype)
    parameters = nncore.initialize_parameters([2, 3, 1], rng=0, dtype=np.float32)
    for _ in range(2):
        AL, caches = nncore.forward_propagation(X, parameters)
        grads = nncore.backward_propagation(AL, Y, caches)
        parameters = nncore.update_parameters(parameters, grads, 0.1)
    for key, value in parameters.items():
        assert value.dtype == np.float32, key


# --- history, callback and warm start --------------------------------------------------------


def test_history_has_one_cost_per_iteration_starting_from_the_initial_parameters(blobs):
    X, Y = blobs
    _, history = nncore.train(X, Y, [2, 3, 1], learning_rate=0.05, num_iterations=17, rng=42)
    costs = history["cost"]
    assert isinstance(costs, np.ndarray) and costs.shape == (17,)
    initial = nncore.initialize_parameters([2, 3, 1], rng=42)
    assert costs[0] == pytest.approx(_cost_of(X, Y, initial), rel=1e-12)


def test_zero_iterations_returns_the_initial_parameters(blobs):
    X, Y = blobs
    parameters, history = nncore.train(X, Y, [2, 3, 1], num_iterations=0, rng=42)
    assert history["cost"].shape == (0,)
    _assert_same_parameters(parameters, nncore.initialize_parameters([2, 3, 1], rng=42))


def test_callback_sees_each_iteration_after_its_update(blobs):
    X, Y = blobs
    seen = []

    def callback(iteration, parameters, cost):
        seen.append((iteration, {k: v.copy() for k, v in parameters.items()}, cost))

    final, history = nncore.train(X, Y, [2, 3, 1], learning_rate=0.05, num_iterations=6, rng=3,
                                  callback=callback)
    assert [s[0] for s in seen] == list(range(6))
    np.testing.assert_array_equal([s[2] for s in seen], history["cost"])
    # The parameters given at iteration i are after its update: their cost is iteration i+1's.
    for (_, parameters, _), next_cost in zip(seen[:-1], history["cost"][1:], strict=True):
        assert _cost_of(X, Y, parameters) == pytest.approx(next_cost, rel=1e-12)
    _assert_same_parameters(seen[-1][1], final)


@pytest.mark.parametrize("stop_at", [0, 4])
def test_callback_returning_false_stops_early(blobs, stop_at):
    X, Y = blobs
    calls = []

    def callback(iteration, parameters, cost):
        calls.append(iteration)
        return iteration != stop_at  # None or True would go on

    _, history = nncore.train(X, Y, [2, 3, 1], num_iterations=50, rng=0, callback=callback)
    assert calls == list(range(stop_at + 1))
    assert len(history["cost"]) == stop_at + 1


def test_callback_returning_none_does_not_stop(blobs):
    X, Y = blobs
    _, history = nncore.train(X, Y, [2, 3, 1], num_iterations=12, rng=0, callback=lambda i, p, c: None)
    assert len(history["cost"]) == 12


def test_warm_start_continues_and_does_not_mutate(blobs):
    X, Y = blobs
    kwargs = dict(learning_rate=0.05, hidden_activation="tanh")
    p_first, h_first = nncore.train(X, Y, [2, 3, 1], num_iterations=10, rng=5, **kwargs)
    saved = {k: v.copy() for k, v in p_first.items()}
    p_then, h_then = nncore.train(X, Y, [2, 3, 1], num_iterations=15, parameters=p_first, **kwargs)
    _assert_same_parameters(p_first, saved)  # the starting point is not modified
    # Ten steps then fifteen from there are the same as twenty-five in one go.
    p_all, h_all = nncore.train(X, Y, [2, 3, 1], num_iterations=25, rng=5, **kwargs)
    np.testing.assert_allclose(np.concatenate([h_first["cost"], h_then["cost"]]), h_all["cost"], rtol=1e-12)
    for key in p_all:
        np.testing.assert_allclose(p_then[key], p_all[key], rtol=1e-12, atol=1e-15)
    # The warm start's first cost is that of the given parameters, not of fresh ones.
    assert h_then["cost"][0] == pytest.approx(_cost_of(X, Y, saved, "tanh"), rel=1e-12)


def test_warm_start_ignores_rng_and_init(blobs):
    X, Y = blobs
    start = nncore.initialize_parameters([2, 3, 1], rng=11)
    a, _ = nncore.train(X, Y, [2, 3, 1], num_iterations=5, parameters=start, rng=1, init="he")
    b, _ = nncore.train(X, Y, [2, 3, 1], num_iterations=5, parameters=start, rng=2, init="xavier")
    _assert_same_parameters(a, b)


# --- determinism ------------------------------------------------------------------------------


def test_same_seed_same_run_and_different_seeds_differ(blobs):
    X, Y = blobs
    runs = [nncore.train(X, Y, [2, 4, 1], learning_rate=0.05, num_iterations=20, rng=seed)
            for seed in (7, 7, 8)]
    (pa, ha), (pb, hb), (pc, hc) = runs
    _assert_same_parameters(pa, pb)
    np.testing.assert_array_equal(ha["cost"], hb["cost"])
    assert not np.array_equal(pa["W1"], pc["W1"])
    assert not np.array_equal(ha["cost"], hc["cost"])


def test_same_generator_state_same_run(blobs):
    X, Y = blobs
    g1, g2 = np.random.default_rng(99), np.random.default_rng(99)
    g1.random(3)
    g2.random(3)  # same state, after some draws
    pa, ha = nncore.train(X, Y, [2, 4, 1], num_iterations=10, rng=g1)
    pb, hb = nncore.train(X, Y, [2, 4, 1], num_iterations=10, rng=g2)
    _assert_same_parameters(pa, pb)
    np.testing.assert_array_equal(ha["cost"], hb["cost"])
    # An int seed means default_rng(seed).
    pc = nncore.initialize_parameters([2, 4, 1], rng=123)
    _assert_same_parameters(pc, nncore.initialize_parameters([2, 4, 1], rng=np.random.default_rng(123)))


def test_a_generator_is_advanced_so_two_draws_differ():
    rng = np.random.default_rng(0)
    a = nncore.initialize_parameters([3, 2, 1], rng=rng)
    b = nncore.initialize_parameters([3, 2, 1], rng=rng)
    assert not np.array_equal(a["W1"], b["W1"])


def test_library_leaves_numpy_global_random_state_alone(blobs):
    X, Y = blobs
    np.random.seed(2024)
    expected = np.random.random(5)
    np.random.seed(2024)
    parameters = nncore.initialize_parameters([2, 3, 1])  # rng=None: fresh entropy, not the global state
    parameters, _ = nncore.train(X, Y, [2, 3, 1], num_iterations=3, rng=None)
    nncore.train(X, Y, [2, 3, 1], num_iterations=3, rng=1)
    nncore.predict(X, parameters)
    nncore.gradient_check(X[:, :4], Y[:, :4], parameters)
    np.testing.assert_array_equal(np.random.random(5), expected)


# --- divergence -------------------------------------------------------------------------------


def test_huge_learning_rate_raises_training_diverged_error(blobs):
    X, Y = blobs
    with pytest.raises(nncore.TrainingDivergedError) as info:
        nncore.train(X, Y, [2, 4, 1], learning_rate=1e20, num_iterations=100, rng=0)
    error = info.value
    message = str(error)
    assert isinstance(error.iteration, int) and 0 <= error.iteration < 100
    assert f"iteration {error.iteration}" in message
    assert "smaller learning rate" in message.lower()
    assert set(error.parameters) == {"W1", "b1", "W2", "b2"}
    for value in error.parameters.values():
        assert np.all(np.isfinite(value))
    costs = error.history["cost"]
    assert np.all(np.isfinite(costs)) and len(costs) <= error.iteration + 1


@pytest.mark.parametrize("x_scale", [1.0, 1e10])  # 1e10: the update itself can overflow
@pytest.mark.parametrize("num_iterations", [1, 2, 5, 12, 50])
@pytest.mark.parametrize("learning_rate", [1e20, 1e100, 1e300])
def test_train_never_returns_non_finite_parameters(blobs, learning_rate, num_iterations, x_scale):
    X, Y = blobs
    X = X * x_scale
    try:
        parameters, history = nncore.train(X, Y, [2, 4, 1], learning_rate=learning_rate,
                                           num_iterations=num_iterations, rng=0)
    except nncore.TrainingDivergedError as error:
        parameters, history = error.parameters, error.history
    for value in parameters.values():
        assert np.all(np.isfinite(value))
    assert np.all(np.isfinite(history["cost"]))


def test_stopping_early_right_after_an_overflow_still_raises(blobs):
    X, Y = blobs
    # Features of size 1e10 make dW about 1e10, so one step of 1e300 overflows W to inf;
    # the callback stops right after that update, before a forward pass could see it.
    seen = []

    def callback(iteration, parameters, cost):
        seen.append(all(np.isfinite(v).all() for v in parameters.values()))
        return False

    with pytest.raises(nncore.TrainingDivergedError) as info:
        nncore.train(X * 1e10, Y, [2, 4, 1], learning_rate=1e300, num_iterations=50, rng=0, callback=callback)
    assert seen == [False]  # the premise: the update did overflow
    for value in info.value.parameters.values():
        assert np.all(np.isfinite(value))


@pytest.mark.parametrize("learning_rate", [1e6, 1e10, 1e20, 1e300])
def test_history_cost_is_exact_even_for_huge_weights(blobs, learning_rate):
    # Regression: the cost from Z[L] once summed softplus(Z) and Y*Z separately over the
    # examples, and the two big sums cancelled: 26214.4 at 1e20, negative costs at 1e6, 1e10, 1e300.
    X, Y = blobs
    seen = []
    _, history = nncore.train(X, Y, [2, 1], learning_rate=learning_rate, num_iterations=4, rng=0,
                              callback=lambda i, p, c: seen.append({k: v.copy() for k, v in p.items()}))
    costs = history["cost"]
    assert np.all(costs >= 0)
    # After one huge step every example is on the right side by a margin of about the rate, so the
    # exact cost is 0 (compute_cost clips AL to 1 - eps and gives about 2e-16).
    for parameters, cost in zip(seen[:-1], costs[1:], strict=True):
        assert cost == pytest.approx(_cost_of(X, Y, parameters), abs=1e-6)

