"""nncore.check: every named mistake is caught by name on its mutant, and right code passes.

Three kinds of test:

* one deliberately wrong implementation (a mutant) per named mistake: the check must fail and
  name that mistake, and only that one;
* two right implementations must pass: nncore's own, and an independent one written below in
  the course's style (tuple caches, ``(A, cache)`` activations, dA[L] from the cost's formula);
* 200 random draws of the cases (the shapes come from the rng) must pass.
"""

import numpy as np
import pytest

import nncore
from nncore import check

# ---------------------------------------------------------------- an independent, course-style implementation


def c_sigmoid(Z):
    return 1 / (1 + np.exp(-Z)), Z


def c_relu(Z):
    return np.maximum(0, Z), Z


def c_sigmoid_backward(dA, cache):
    s = 1 / (1 + np.exp(-cache))
    return dA * s * (1 - s)


def c_relu_backward(dA, cache):
    dZ = np.array(dA, copy=True)
    dZ[cache <= 0] = 0
    return dZ


def c_tanh_backward(dA, cache):
    return dA * (1 - np.tanh(cache) ** 2)


def c_initialize(layer_dims, rng):
    rng = np.random.default_rng(rng)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters["W" + str(l)] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) / np.sqrt(
            layer_dims[l - 1]
        )
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters


def c_linear_forward(A_prev, W, b):
    return np.dot(W, A_prev) + b, (A_prev, W, b)


def c_linear_activation_forward(A_prev, W, b, activation):
    Z, linear_cache = c_linear_forward(A_prev, W, b)
    A, activation_cache = c_sigmoid(Z) if activation == "sigmoid" else c_relu(Z)
    return A, (linear_cache, activation_cache)


def c_forward(X, parameters):
    caches, A, L = [], X, len(parameters) // 2
    for l in range(1, L):
        A, cache = c_linear_activation_forward(A, parameters["W" + str(l)], parameters["b" + str(l)], "relu")
        caches.append(cache)
    AL, cache = c_linear_activation_forward(A, parameters["W" + str(L)], parameters["b" + str(L)], "sigmoid")
    caches.append(cache)
    return AL, caches


def c_cost(AL, Y):
    m = Y.shape[1]
    return float(np.squeeze(-(np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL).T)) / m))


def c_linear_backward(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    return np.dot(W.T, dZ), np.dot(dZ, A_prev.T) / m, np.sum(dZ, axis=1, keepdims=True) / m


def c_linear_activation_backward(dA, cache, activation):
    linear_cache, activation_cache = cache
    backward = c_sigmoid_backward if activation == "sigmoid" else c_relu_backward
    return c_linear_backward(backward(dA, activation_cache), linear_cache)


def c_backward(AL, Y, caches):
    grads, L = {}, len(caches)
    dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    dA, grads["dW" + str(L)], grads["db" + str(L)] = c_linear_activation_backward(
        dAL, caches[L - 1], "sigmoid"
    )
    grads["dA" + str(L - 1)] = dA
    for l in reversed(range(L - 1)):
        dA, grads["dW" + str(l + 1)], grads["db" + str(l + 1)] = c_linear_activation_backward(
            dA, caches[l], "relu"
        )
        grads["dA" + str(l)] = dA
    return grads


def c_update(parameters, grads, learning_rate):
    return {k: v - learning_rate * grads["d" + k] for k, v in parameters.items()}


def c_predict(X, parameters):
    AL, _ = c_forward(X, parameters)
    return (AL > 0.5).astype(int)


def c_model(X, Y, parameters, learning_rate, num_iterations):
    costs = []
    for _ in range(num_iterations):
        AL, caches = c_forward(X, parameters)
        costs.append(c_cost(AL, Y))
        parameters = c_update(parameters, c_backward(AL, Y, caches), learning_rate)
    return parameters, costs


def c_propagate(w, b, X, Y):
    m = X.shape[1]
    A = 1 / (1 + np.exp(-(np.dot(w.T, X) + b)))
    cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
    return {"dw": np.dot(X, (A - Y).T) / m, "db": np.sum(A - Y) / m}, np.squeeze(cost)


def c_loss(AL, Y):
    return -(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))


COURSE = {
    "sigmoid": c_sigmoid,
    "relu": c_relu,
    "tanh": np.tanh,
    "sigmoid_backward": c_sigmoid_backward,
    "relu_backward": c_relu_backward,
    "tanh_backward": c_tanh_backward,
    "loss": c_loss,
    "compute_cost": c_cost,
    "cost_backward": lambda AL, Y: -(Y / AL - (1 - Y) / (1 - AL)),
    "propagate": c_propagate,
    "initialize_parameters": c_initialize,
    "linear_forward": c_linear_forward,
    "linear_activation_forward": c_linear_activation_forward,
    "forward_propagation": c_forward,
    "linear_backward": c_linear_backward,
    "linear_activation_backward": c_linear_activation_backward,
    "backward_propagation": c_backward,
    "update_parameters": c_update,
    "predict": c_predict,
    "train": c_model,
}


def nncore_model(X, Y, parameters, learning_rate, num_iterations):
    p, history = nncore.train(
        X,
        Y,
        nncore.layer_dims_of(parameters),
        learning_rate=learning_rate,
        num_iterations=num_iterations,
        parameters=parameters,
    )
    return p, history["cost"]


NNCORE = {
    "sigmoid": nncore.sigmoid,
    "relu": nncore.relu,
    "tanh": nncore.tanh,
    "sigmoid_backward": nncore.sigmoid_backward,
    "relu_backward": nncore.relu_backward,
    "tanh_backward": nncore.tanh_backward,
    "compute_cost": nncore.compute_cost,
    "cost_backward": nncore.cost_backward,
    "initialize_parameters": nncore.initialize_parameters,
    "linear_forward": nncore.linear_forward,
    "linear_activation_forward": nncore.linear_activation_forward,
    "forward_propagation": nncore.forward_propagation,
    "linear_backward": nncore.linear_backward,
    "linear_activation_backward": nncore.linear_activation_backward,
    "backward_propagation": nncore.backward_propagation,
    "update_parameters": nncore.update_parameters,
    "predict": nncore.predict,
    "train": nncore_model,
}


@pytest.mark.parametrize("step", sorted(NNCORE))
def test_nncore_passes(step):
    result = getattr(check, step)(NNCORE[step])
    assert result.passed, result.message
    assert result.mistake is None


@pytest.mark.parametrize("step", sorted(COURSE))
def test_course_style_passes(step):
    result = getattr(check, step)(COURSE[step])
    assert result.passed, result.message


def test_200_random_draws_pass():
    """Shapes and values come from the rng: 200 seeds over the layer and network checks."""
    steps = [
        "linear_forward",
        "linear_backward",
        "linear_activation_backward",
        "forward_propagation",
        "backward_propagation",
        "compute_cost",
        "propagate",
        "sigmoid_backward",
        "update_parameters",
        "predict",
    ]
    failures = []
    for seed in range(200):
        step = steps[seed % len(steps)]
        result = getattr(check, step)(COURSE[step], rng=seed)
        if not result.passed:
            failures.append((seed, result.message))
    assert not failures, failures[:3]


# ---------------------------------------------------------------- one mutant per named mistake


def m_linear_forward_transposed(A_prev, W, b):
    return np.dot(A_prev.T, W.T) + b.T, (A_prev, W, b)  # Z.T


def m_linear_backward_no_m(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    return np.dot(W.T, dZ), np.dot(dZ, A_prev.T), np.sum(dZ, axis=1, keepdims=True) / m


def m_linear_backward_m_twice(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    return np.dot(W.T, dZ), np.dot(dZ, A_prev.T) / m / m, np.sum(dZ, axis=1, keepdims=True) / m


def m_linear_backward_axis0(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    return np.dot(W.T, dZ), np.dot(dZ, A_prev.T) / m, np.sum(dZ, axis=0, keepdims=True) / m


def m_linear_backward_rank1(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    return np.dot(W.T, dZ), np.dot(dZ, A_prev.T) / m, np.sum(dZ, axis=1) / m


def m_sigmoid_backward_z_for_a(dA, cache):
    Z = cache
    return dA * Z * (1 - Z)


def m_sigmoid_backward_tanh_derivative(dA, cache):
    A = np.tanh(cache)
    return dA * (1 - A**2)


def m_relu_backward_no_dA(dA, cache):
    return (cache > 0).astype(float)


def m_linear_activation_backward_skips_g(dA, cache, activation):
    linear_cache, activation_cache = cache
    return c_linear_backward(dA, linear_cache)


def m_cost_sign(AL, Y):
    return float(np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / Y.shape[1])


def m_update_plus(parameters, grads, learning_rate):
    return {k: v + learning_rate * grads["d" + k] for k, v in parameters.items()}


def m_linear_forward_no_b(A_prev, W, b):
    return np.dot(W, A_prev), (A_prev, W, b)


def m_linear_forward_elementwise(A_prev, W, b):
    Z = W * A_prev + b
    return Z, (A_prev, W, b)


def m_forward_range_L(X, parameters):
    caches, A, L = [], X, len(parameters)  # counts W and b: one layer too many
    for l in range(1, L):
        A, cache = c_linear_activation_forward(A, parameters["W" + str(l)], parameters["b" + str(l)], "relu")
        caches.append(cache)
    return A, caches


def m_linear_activation_forward_caches_A(A_prev, W, b, activation):
    Z, linear_cache = c_linear_forward(A_prev, W, b)
    A, _ = c_sigmoid(Z) if activation == "sigmoid" else c_relu(Z)
    return A, (linear_cache, A)


def m_cost_array(AL, Y):
    return -(np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL).T)) / Y.shape[1]  # (1, 1)


def m_predict_probabilities(X, parameters):
    AL, _ = c_forward(X, parameters)
    return AL


def m_initialize_zeros(layer_dims, rng):
    return {k: np.zeros_like(v) if k.startswith("W") else v for k, v in c_initialize(layer_dims, rng).items()}


def m_update_in_place(parameters, grads, learning_rate):
    for k in parameters:
        parameters[k] -= learning_rate * grads["d" + k]
    return parameters


def m_initialize_global(layer_dims, rng):
    np.random.seed(1)
    return {
        k: (np.random.randn(*v.shape) * 0.01 if k.startswith("W") else v)
        for k, v in c_initialize(layer_dims, rng).items()
    }


def m_sigmoid_loop(Z):
    A = np.empty_like(Z)
    for i in range(Z.shape[1]):
        A[:, i] = 1 / (1 + np.exp(-Z[:, i]))
    return A


def m_sigmoid_one_minus(Z):
    return 1 - 1 / (1 + np.exp(-Z))


def m_sigmoid_backward_dot(dA, cache):
    s = 1 / (1 + np.exp(-cache))
    return np.dot(dA, s * (1 - s))


def m_linear_forward_cache_first(A_prev, W, b):
    return (A_prev, W, b), np.dot(W, A_prev) + b


def m_optimize_cost_after_update(w, b, X, Y, num_iterations, learning_rate):
    from tests.test_check_models import optimize

    return optimize(w, b, X, Y, num_iterations, learning_rate, after=True)


MUTANTS = [  # (mistake, step, wrong function)
    ("transpose", "linear_forward", m_linear_forward_transposed),
    ("missing_1_over_m", "linear_backward", m_linear_backward_no_m),
    ("m_twice", "linear_backward", m_linear_backward_m_twice),
    ("wrong_axis", "linear_backward", m_linear_backward_axis0),
    ("rank1", "linear_backward", m_linear_backward_rank1),
    ("z_a_mixup", "sigmoid_backward", m_sigmoid_backward_z_for_a),
    ("wrong_activation", "sigmoid_backward", m_sigmoid_backward_tanh_derivative),
    ("missing_chain_dA", "relu_backward", m_relu_backward_no_dA),
    ("skipped_derivative", "linear_activation_backward", m_linear_activation_backward_skips_g),
    ("sign_error", "compute_cost", m_cost_sign),
    ("update_plus", "update_parameters", m_update_plus),
    ("missing_bias", "linear_forward", m_linear_forward_no_b),
    ("elementwise_product", "linear_forward", m_linear_forward_elementwise),
    ("off_by_one", "forward_propagation", m_forward_range_L),
    ("cache_contents", "linear_activation_forward", m_linear_activation_forward_caches_A),
    ("cost_array", "compute_cost", m_cost_array),
    ("probabilities_not_labels", "predict", m_predict_probabilities),
    ("symmetric_init", "initialize_parameters", m_initialize_zeros),
    ("mutates_input", "update_parameters", m_update_in_place),
    ("global_random", "initialize_parameters", m_initialize_global),
    ("loop_over_examples", "sigmoid", m_sigmoid_loop),
    ("cost_after_update", "optimize", m_optimize_cost_after_update),
    ("flipped_sigmoid", "sigmoid", m_sigmoid_one_minus),
    ("matrix_product_for_elementwise", "sigmoid_backward", m_sigmoid_backward_dot),
    ("return_order", "linear_forward", m_linear_forward_cache_first),
]


def test_every_named_mistake_has_a_mutant():
    assert {mistake for mistake, _, _ in MUTANTS} == set(check.MISTAKES)
    assert len(check.MISTAKES) >= 12


@pytest.mark.parametrize("mistake, step, fn", MUTANTS, ids=[m[0] for m in MUTANTS])
def test_mutant_is_named(mistake, step, fn):
    result = getattr(check, step)(fn)
    assert not result.passed
    assert result.mistake == mistake, result.message
    # The report names this mistake and gives a fix, in a few lines.
    assert check.MISTAKES[mistake].title in result.message
    assert "Fix:" in result.message
    assert len(result.message.splitlines()) <= 6, result.message


# ---------------------------------------------------------------- how reports read


def test_not_written_yet_is_one_plain_line():
    def linear_backward(dZ, cache):
        raise NotImplementedError

    result = check.linear_backward(linear_backward)
    assert result.status == "not written"
    assert result.message == "linear_backward: not written yet."


def test_learner_error_shows_the_learners_line_and_input_not_the_checker():
    result = check.linear_forward(lambda A_prev, W, b: (np.dot(A_prev, W) + b, (A_prev, W, b)))
    assert result.status == "error" and result.mistake is None
    assert "np.dot(A_prev, W) + b" in result.message  # the learner's own line
    assert "A_prev (2, 4), W (3, 2), b (3, 1)" in result.message  # the input it was given
    assert "Traceback" not in result.message and "nncore/check" not in result.message
    assert "Fix:" in result.message


def test_unrecognized_mistake_shows_the_first_mismatch_and_where():
    def linear_backward(dZ, cache):
        dA_prev, dW, db = c_linear_backward(dZ, cache)
        dW = dW.copy()
        dW[:, 1] += 1.0  # one column wrong
        return dA_prev, dW, db

    result = check.linear_backward(linear_backward)
    assert result.status == "failed" and result.mistake is None
    assert "dW[0, 1] expected" in result.message
    assert "only column 1 differs" in result.message
    assert result.inputs is not None and "dZ" in result.inputs


def test_a_wrong_backward_that_matches_no_mistake_fails():
    """Correct shapes, plausible numbers, wrong: neither the comparison nor the gradient check lets it
    pass."""

    def sigmoid_backward(dA, Z):
        s = 1 / (1 + np.exp(-Z))
        return dA * s * (1 - s) * 1.01

    result = check.sigmoid_backward(sigmoid_backward)
    assert not result.passed and result.mistake is None


def test_checks_never_print_and_show_in_a_notebook(capsys):
    result = check.compute_cost(m_cost_sign)
    passed = check.compute_cost(c_cost)
    assert capsys.readouterr() == ("", "")
    assert repr(result) == result.message and "✗" in result.message
    assert "<pre" in result._repr_html_() and "&lt;" not in passed._repr_html_()[:5]


def test_checks_do_not_touch_numpys_global_random_state():
    state = np.random.get_state()
    check.forward_propagation(c_forward)
    check.initialize_parameters(c_initialize)
    now = np.random.get_state()
    assert np.array_equal(state[1], now[1]) and state[2:] == now[2:]


def test_a_learner_function_that_draws_from_the_global_state_leaves_it_as_it_was():
    # The learner's own mistake (np.random.seed / randn) is named, but the checker runs it many
    # times: those draws must not move the learner's global stream, which the check found as it was.
    np.random.seed(123)
    expected_next = np.random.rand()
    np.random.seed(123)
    result = check.initialize_parameters(m_initialize_global)
    assert result.mistake == "global_random"
    assert np.random.rand() == expected_next
