"""Plot helpers added for notebooks 00-03: what they draw, what they return, how they fail."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import nncore  # noqa: E402
from nncore import plotting  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


# Closed forms of g and g', written out here rather than taken from nncore.
CLOSED_FORMS = {
    "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2),
    "tanh": (np.tanh, lambda z: 1 / np.cosh(z) ** 2),
    "relu": (lambda z: np.where(z > 0, z, 0.0), lambda z: (z > 0).astype(float)),
    "leaky_relu": (lambda z: np.where(z > 0, z, 0.01 * z), lambda z: np.where(z > 0, 1.0, 0.01)),
}


@pytest.mark.parametrize("name", sorted(CLOSED_FORMS))
def test_plot_activation_draws_g_and_its_derivative(name):
    z = np.linspace(-4, 4, 81)
    ax = plotting.plot_activation(name, z)
    g, dg = CLOSED_FORMS[name]
    lines = ax.get_lines()
    data = [line for line in lines if len(line.get_xdata()) == z.size]
    assert len(data) == 2
    np.testing.assert_allclose(data[0].get_ydata(), g(z), atol=1e-12)
    np.testing.assert_allclose(data[1].get_ydata(), dg(z), atol=1e-12)


def test_plot_activation_leaky_slope():
    z = np.array([-2.0, -1.0, 1.0, 2.0])
    ax = plotting.plot_activation("leaky_relu", z, slope=0.2)
    g, dg = [line.get_ydata() for line in ax.get_lines() if len(line.get_xdata()) == 4]
    np.testing.assert_allclose(g, [-0.4, -0.2, 1.0, 2.0])
    np.testing.assert_allclose(dg, [0.2, 0.2, 1.0, 1.0])


def test_plot_activation_errors():
    with pytest.raises(ValueError, match="unknown activation"):
        plotting.plot_activation("softplus")
    with pytest.raises(ValueError, match="only applies to 'leaky_relu'"):
        plotting.plot_activation("relu", slope=0.1)
    with pytest.raises(ValueError, match="1-D"):
        plotting.plot_activation("relu", np.zeros((2, 3)))


def test_plot_activation_uses_given_axes():
    _, ax = plt.subplots()
    assert plotting.plot_activation("tanh", ax=ax) is ax


def test_plot_schema_names_every_step_and_its_nncore_function():
    ax = plotting.plot_schema()
    texts = " ".join(t.get_text() for t in ax.texts)
    for function in ["initialize_parameters", "forward_propagation", "compute_cost",
                     "backward_propagation", "update_parameters", "predict", "train"]:
        assert f"nncore.{function}" in texts
        assert callable(getattr(nncore, function))  # the diagram names real functions
    for step in ["Forward propagation", "Backward propagation", "Update parameters"]:
        assert step in texts


def test_plot_activation_histograms_one_panel_per_layer_counting_every_activation():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((3, 50))
    parameters = nncore.initialize_parameters([3, 5, 4, 1], rng=1)
    _, caches = nncore.forward_propagation(X, parameters, hidden_activation="tanh")
    axes = plotting.plot_activation_histograms(caches, bins=10)
    assert len(axes) == 3
    for n_l, axis in zip([5, 4, 1], axes):
        heights = [patch.get_height() for patch in axis.patches]
        assert len(heights) == 10
        assert sum(heights) == n_l * 50  # every entry of A[l] (n[l], m) is counted once
    assert "tanh" in axes[0].get_title() and "sigmoid" in axes[2].get_title()


def test_plot_activation_histograms_errors():
    with pytest.raises(TypeError, match="forward_propagation"):
        plotting.plot_activation_histograms([np.zeros((2, 2))])
    parameters = nncore.initialize_parameters([2, 3, 1], rng=0)
    _, caches = nncore.forward_propagation(np.zeros((2, 4)), parameters)
    _, axes = plt.subplots(1, 3)
    with pytest.raises(ValueError, match="one axes per layer: 2"):
        plotting.plot_activation_histograms(caches, ax=axes)


def test_plot_timings_draws_one_loglog_line_per_method():
    sizes = [10, 100, 1000]
    ax = plotting.plot_timings(sizes, {"loop": [1e-5, 1e-4, 1e-3], "numpy": [1e-6, 2e-6, 5e-6]})
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["loop", "numpy"]
    np.testing.assert_allclose(lines[1].get_ydata(), [1e-6, 2e-6, 5e-6])
    with pytest.raises(ValueError, match="one per size"):
        plotting.plot_timings(sizes, {"loop": [1.0, 2.0]})


def test_plot_series_draws_one_line_per_label_against_x():
    layers = [1, 2, 3]
    ax = plotting.plot_series(layers, {"sigmoid": [1e-5, 1e-3, 1e-1], "relu": [0.1, 0.2, 0.3]},
                              xlabel="layer l", ylabel="mean |dW|", logy=True)
    assert ax.get_yscale() == "log" and ax.get_xscale() == "linear"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("layer l", "mean |dW|")
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["sigmoid", "relu"]
    np.testing.assert_allclose(lines[0].get_xdata(), layers)
    np.testing.assert_allclose(lines[1].get_ydata(), [0.1, 0.2, 0.3])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["sigmoid", "relu"]


def test_plot_series_errors_and_given_axes():
    _, ax = plt.subplots()
    assert plotting.plot_series([0.1, 1.0], {"relu": [0.0, 0.5]}, ax=ax, logx=True) is ax
    assert ax.get_xscale() == "log"
    with pytest.raises(ValueError, match="one value per x"):
        plotting.plot_series([1, 2, 3], {"relu": [1.0, 2.0]})
    with pytest.raises(ValueError, match="1-D"):
        plotting.plot_series(np.zeros((2, 2)), {"relu": np.zeros((2, 2))})
