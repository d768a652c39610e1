"""nncore.plotting: what each helper draws, what it returns, how it fails."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

import nncore
from nncore import plotting
from nncore.plotting import plot_images


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
    for n_l, axis in zip([5, 4, 1], axes, strict=True):
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


# --------------------------------------------------------------------------- plot_decision_boundary

def _drawn(ax):
    """Every vertex of the filled contours, to compare two drawings exactly."""
    return [p.vertices.tolist() for c in ax.collections for p in c.get_paths()]


def _one_tanh_unit():
    # a[1] = g(x1); the output is > 0.5 where -a[1] - 0.5 > 0, i.e. g(x1) < -0.5. With tanh that is
    # x1 < -0.549; with ReLU (>= 0) it is nowhere: the two activations draw different pictures.
    return {
        "W1": np.array([[1.0, 0.0]]),
        "b1": np.zeros((1, 1)),
        "W2": np.array([[-1.0]]),
        "b2": np.array([[-0.5]]),
    }


def test_decision_boundary_of_a_dict_uses_the_given_activation():
    X, Y = np.array([[-2.0, 2.0], [-1.0, 1.0]]), np.array([[1, 0]])
    p = _one_tanh_unit()
    fig, (a, b, c) = plt.subplots(1, 3)
    try:
        plotting.plot_decision_boundary(p, X, Y, ax=a, resolution=30, hidden_activation="tanh")
        plotting.plot_decision_boundary(lambda g: nncore.predict(g, p, "tanh"), X, Y, ax=b, resolution=30)
        plotting.plot_decision_boundary(p, X, Y, ax=c, resolution=30, hidden_activation="relu")
        assert _drawn(a) == _drawn(b)
        assert _drawn(a) != _drawn(c)
    finally:
        plt.close(fig)


def test_decision_boundary_of_a_dict_with_hidden_layers_needs_the_activation():
    X, Y = np.array([[-2.0, 2.0], [-1.0, 1.0]]), np.array([[1, 0]])
    with pytest.raises(ValueError, match="hidden_activation"):
        plotting.plot_decision_boundary(_one_tanh_unit(), X, Y)


def test_decision_boundary_of_logistic_regression_needs_no_activation():
    X, Y = np.array([[-2.0, 2.0], [-1.0, 1.0]]), np.array([[1, 0]])
    p = {"W1": np.array([[-1.0, 0.0]]), "b1": np.zeros((1, 1))}
    ax = plotting.plot_decision_boundary(p, X, Y, resolution=30)
    plt.close(ax.figure)


def test_every_name_in_all_exists():
    assert all(hasattr(plotting, name) for name in plotting.__all__)


# --------------------------------------------------------------------------- plot_images

def test_one_axes_per_image_with_its_pixels_and_title():
    images = np.arange(5 * 4 * 3).reshape(5, 4, 3)
    axes = plot_images(images, titles=[f"t{i}" for i in range(5)], ncols=3)
    try:
        assert axes.shape == (2, 3)
        flat = axes.ravel()
        for i in range(5):
            shown = flat[i].get_images()[0].get_array()
            np.testing.assert_array_equal(shown, images[i])
            assert flat[i].get_title() == f"t{i}"
        assert not flat[5].get_images()  # the spare cell stays empty
    finally:
        plt.close("all")


def test_uses_given_axes():
    fig, given = plt.subplots(1, 2)
    try:
        out = plot_images(np.zeros((2, 8, 8)), axes=given)
        assert out is given
        assert all(len(ax.get_images()) == 1 for ax in given)
    finally:
        plt.close(fig)


@pytest.mark.parametrize("bad, match", [(np.zeros((64, 3)), "reshape"), (np.zeros(8), r"\(k, h, w\)")])
def test_rejects_flat_input_with_a_hint(bad, match):
    with pytest.raises(ValueError, match=match):
        plot_images(bad)


def test_rejects_wrong_number_of_titles_or_axes():
    with pytest.raises(ValueError, match="one title per image"):
        plot_images(np.zeros((3, 2, 2)), titles=["a"])
    fig, given = plt.subplots(1, 2)
    try:
        with pytest.raises(ValueError, match="at least 3 axes"):
            plot_images(np.zeros((3, 2, 2)), axes=given)
    finally:
        plt.close(fig)


# --- Axes that read: log ticks, compact iteration counts, clipped curves, font sizes (issue 14) ---

def _labels(ax, axis="y"):
    """The tick labels matplotlib draws inside the view (the formatter's text at each visible major tick)."""
    ax.figure.canvas.draw()
    target = ax.yaxis if axis == "y" else ax.xaxis
    lo, hi = sorted(target.get_view_interval())
    locs = [v for v in target.get_majorticklocs() if lo * (1 - 1e-9) <= v <= hi * (1 + 1e-9)]
    formatter = target.get_major_formatter()
    formatter.set_locs(locs)
    return [formatter(v) for v in locs]


@pytest.mark.parametrize("low, high", [(0.2, 0.69), (0.45, 0.7), (0.2, 0.25), (0.03, 0.69)])
def test_log_cost_axis_within_a_decade_has_at_least_three_plain_labels(low, high):
    ax = plotting.plot_costs(np.geomspace(high, low, 500), log=True)
    labels = _labels(ax)
    assert len(labels) >= 3, labels
    assert all(label and "10^" not in label for label in labels), labels
    values = [float(label) for label in labels]
    assert values == sorted(values) and len(set(values)) == len(values)


def test_log_axis_labels_read_as_numbers_within_a_decade():
    ax = plotting.plot_costs(np.geomspace(0.69, 0.2, 100), log=True)
    # The view runs from about 0.19 to 0.73 (matplotlib's 5% margins): the 1...9 multiples inside it,
    # written as plain decimals.
    assert _labels(ax) == ["0.2", "0.3", "0.4", "0.5", "0.6", "0.7"]


def test_log_axis_over_many_decades_labels_powers_of_ten_and_not_too_many():
    ax = plotting.plot_series(range(1, 7), {"std": np.geomspace(1e-10, 1.0, 6)}, logy=True)
    labels = _labels(ax)
    assert 3 <= len(labels) <= 9, labels
    assert all(label.startswith("$10^{") for label in labels), labels


def test_readable_log_axis_on_x_and_timings():
    ax = plotting.plot_timings([10, 100, 1000], {"loop": [1e-5, 1e-4, 1e-3]})
    assert _labels(ax, "x") == ["10", "100", "1000"]
    assert len(_labels(ax, "y")) >= 3


@pytest.mark.parametrize("num_iterations, last",
                         [(150_001, 150_000), (20_001, 20_000), (2_000_001, 2_000_000)])
def test_large_iteration_counts_are_compact(num_iterations, last):
    ax = plotting.plot_costs(np.linspace(0.7, 0.1, num_iterations))
    labels = _labels(ax, "x")
    assert len(labels) >= 3 and labels[0] == "0", labels
    unit = {"k": 1_000, "M": 1_000_000}[labels[-1][-1]]
    assert all(label[-1] == labels[-1][-1] for label in labels[1:]), labels  # one unit on the whole axis
    assert all(len(label) <= 4 for label in labels), labels  # "150k", never "150000"
    assert float(labels[-1][:-1]) * unit <= last < (float(labels[-1][:-1]) * unit) * 1.5


def test_small_iteration_counts_stay_plain():
    labels = _labels(plotting.plot_costs(np.linspace(0.7, 0.1, 1001)), "x")
    assert len(labels) >= 3 and all(label.isdigit() for label in labels), labels
    assert "1000" in labels


def test_clip_cuts_the_curve_and_marks_every_cut_point():
    costs = np.array([0.7, 5.0, 0.6, 20.0, np.inf, 0.5])
    ax = plotting.plot_costs(costs, clip=1.0)
    curve, marks = ax.get_lines()
    assert np.max(curve.get_ydata()) == 1.0
    np.testing.assert_array_equal(curve.get_ydata(), [0.7, 1.0, 0.6, 1.0, 1.0, 0.5])
    np.testing.assert_array_equal(marks.get_xdata(), [1, 3, 4])  # the three points above 1, inf included
    np.testing.assert_array_equal(marks.get_ydata(), [1.0, 1.0, 1.0])
    assert marks.get_marker() == "^"
    assert [t.get_text() for t in ax.texts] == ["▲ clipped: costs above 1 drawn at 1"]


def test_clip_below_every_cost_marks_nothing():
    ax = plotting.plot_costs([0.7, 0.5, 0.3], clip=1.0)
    assert len(ax.get_lines()) == 1 and not ax.texts


def test_cost_curves_put_a_rising_curve_in_its_own_panel():
    iterations = np.arange(200)
    curves = {"α = 0.01": 0.69 - 1e-4 * iterations, "α = 1.2": 0.69 * np.exp(-iterations / 50) + 0.2,
              "α = 50": 0.69 + 8 * (iterations % 2)}  # jumps between 0.69 and 8.69: a solid band
    together, apart = plotting.plot_cost_curves(curves, log=True)
    assert [line.get_label() for line in together.get_lines()] == ["α = 0.01", "α = 1.2"]
    assert [line.get_label() for line in apart.get_lines()] == ["α = 50"]
    assert max(line.get_ydata().max() for line in together.get_lines()) < 1  # the band does not squash them
    assert len(_labels(together)) >= 3


def test_cost_curves_together_with_clip_on_one_axes():
    curves = {"fell": np.linspace(0.7, 0.2, 50), "rose": np.linspace(0.7, 30.0, 50)}
    (ax,) = plotting.plot_cost_curves(curves, apart=None, clip=2.0)
    assert [line.get_label() for line in ax.get_lines()][:2] == ["fell", "rose"]
    assert ax.get_lines()[1].get_ydata().max() == 2.0
    assert any("clipped" in t.get_text() for t in ax.texts)


def test_cost_curves_errors():
    with pytest.raises(TypeError, match="non-empty dict"):
        plotting.plot_cost_curves([0.7, 0.5])
    with pytest.raises(ValueError, match="not in curves"):
        plotting.plot_cost_curves({"a": [0.7, 0.5], "b": [0.7, 0.6]}, apart=["c"])
    _, ax = plt.subplots()
    with pytest.raises(ValueError, match="need their own panel"):
        plotting.plot_cost_curves({"a": [0.7, 0.5], "b": [0.7, 9.0]}, ax=ax)


def test_cost_curves_all_falling_use_one_panel():
    axes = plotting.plot_cost_curves({"a": [0.7, 0.5, 0.4], "b": [0.7, 0.6, 0.65]})
    assert len(axes) == 1 and len(axes[0].get_lines()) == 2


def _small_texts(fig, min_pt=plotting.MIN_FONT_PT):
    fig.canvas.draw()
    texts = [t for ax in fig.axes for t in ax.get_xticklabels() + ax.get_yticklabels() if t.get_text()]
    texts += [t for ax in fig.axes if ax.get_legend() for t in ax.get_legend().get_texts()]
    assert texts, "no text to check"
    return [(t.get_text(), t.get_fontsize()) for t in texts if t.get_fontsize() < min_pt]


def test_tick_and_legend_text_at_least_ten_points():
    # 10 pt at the notebooks' 100 dpi is about 14 px: at least 10 px even when shown 1.4 times smaller.
    assert plotting.MIN_FONT_PT * 100 / 72 / 1.4 >= 9.9
    ax = plotting.plot_costs(np.geomspace(0.7, 0.2, 50), label="run", log=True)
    assert _small_texts(ax.figure) == []
    ax = plotting.plot_series([1, 2, 3], {"a": [1.0, 0.1, 0.01], "b": [1.0, 2.0, 3.0]}, logy=True)
    assert _small_texts(ax.figure) == []
    assert _small_texts(plotting.plot_activation("tanh").figure) == []
    ax = plotting.plot_timings([10, 100], {"loop": [1e-5, 1e-4]})
    assert _small_texts(ax.figure) == []
