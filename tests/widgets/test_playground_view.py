"""The playground's pictures and math panel, drawn from arrays without any widget or training."""
import struct

import matplotlib
import numpy as np
import pytest

from nncore.widgets.playground_view import PlaygroundView, math_html

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(png):
    """(width, height) in pixels, read from the PNG's IHDR chunk."""
    assert png.startswith(PNG_SIGNATURE)
    return struct.unpack(">II", png[16:24])


X = np.random.default_rng(0).normal(size=(2, 30))
X[:, -1] = (6.0, -6.0)  # a test point far from all the training points
Y = (X[0:1] > 0).astype(int)


@pytest.fixture
def view():
    return PlaygroundView(X[:, :20], Y[:, :20], X[:, 20:], Y[:, 20:], resolution=12)


def history(costs):
    return {"iteration": list(range(len(costs))), "train_cost": list(costs), "test_cost": list(costs)}


def test_grid_covers_train_and_test_points_as_columns(view):
    assert view.xx.shape == view.yy.shape == (12, 12)
    assert view.grid.shape == (2, 144)
    np.testing.assert_array_equal(view.grid[0], view.xx.ravel())
    # The plane spans the train and the test points, the test ones included.
    assert view.grid[0].min() < X[0].min() and view.grid[0].max() > X[0].max()
    assert view.grid[1].min() < X[1].min() and view.grid[1].max() > X[1].max()


def test_render_is_a_png_that_follows_the_output(view):
    k = view.grid.shape[1]
    flat = view.render(np.full((1, k), 0.5), 0, history([0.7]))
    assert png_size(flat) == (504, 272)  # figsize (6.3, 3.4) inches at 80 dpi
    boundary = view.render((view.grid[0:1] > 0).astype(float), 10, history([0.7, 0.3]))
    assert boundary != flat
    # Same inputs, same picture: the persistent figure keeps no trace of earlier renders.
    assert view.render(np.full((1, k), 0.5), 0, history([0.7])) == flat


def test_render_units_draws_one_panel_per_unit(view):
    k = view.grid.shape[1]
    two = png_size(view.render_units(np.tanh(np.vstack([view.grid[0], view.grid[1]])), "tanh"))
    six = png_size(view.render_units(np.maximum(0, np.tile(view.grid[0], (6, 1))), "relu"))
    assert six[0] > two[0] and six[1] > two[1]  # 4 panels wide, 2 rows, against 2 x 1
    assert view.render_units(None, "sigmoid").startswith(PNG_SIGNATURE)  # no hidden layer
    with pytest.raises(ValueError, match="view.grid"):
        view.render_units(np.zeros((3, k + 1)), "tanh")


def test_render_refuses_values_not_on_the_grid(view):
    with pytest.raises(ValueError, match=r"shape \(n, k\) with k = 144"):
        view.render(np.zeros((1, 20)), 0, history([0.7]))


def test_drawing_leaves_pyplot_alone(view):
    import matplotlib.pyplot as plt

    figures, rc = plt.get_fignums(), dict(matplotlib.rcParams)
    view.render(np.full((1, view.grid.shape[1]), 0.5), 0, history([0.7]))
    view.render_units(np.zeros((3, view.grid.shape[1])), "tanh")
    assert plt.get_fignums() == figures
    assert dict(matplotlib.rcParams) == rc


def test_math_html_gives_every_layers_shapes():
    text = math_html([2, 5, 3, 1], ["relu", "tanh", "sigmoid"], m=40, learning_rate=0.125)
    # W[l] (n[l], n[l-1]), b[l] (n[l], 1), Z[l] (n[l], m), for l = 1, 2, 3.
    for shape in ("(5, 2)", "(3, 5)", "(1, 3)", "(5, 1)", "(3, 1)", "(5, 40)", "(3, 40)", "(1, 40)"):
        assert shape in text
    assert text.count("<tr>") == 1 + 3  # the header, then one row per layer
    assert "0.125" in text and "$L$ = 3" in text


def test_math_html_escapes_names_and_checks_the_lengths():
    assert "<b>x</b>" not in math_html([2, 1], ["<b>x</b>"], m=1, learning_rate=1.0)
    with pytest.raises(ValueError, match="one activation per layer"):
        math_html([2, 4, 1], ["tanh"], m=10, learning_rate=0.1)


def test_render_network_draws_every_layer_and_follows_the_weights(view):
    k = view.grid.shape[1]
    rng = np.random.default_rng(0)
    dims = [2, 3, 4, 1]
    parameters = {f"W{l}": rng.standard_normal((dims[l], dims[l - 1])) for l in range(1, 4)}
    parameters.update({f"b{l}": np.zeros((dims[l], 1)) for l in range(1, 4)})
    A = [np.tanh(rng.standard_normal((n, k))) for n in dims[1:]]
    picture = view.render_network(A, parameters, ["tanh", "relu", "sigmoid"])
    assert picture.startswith(b"\x89PNG")
    width, height = png_size(picture)
    assert width == 3 * 110 + 26 + 2 * 32  # four columns of maps: inputs, two hidden layers, output
    flipped = dict(parameters, W2=-parameters["W2"])
    assert view.render_network(A, flipped, ["tanh", "relu", "sigmoid"]) != picture  # the sign is drawn
    with pytest.raises(ValueError, match="view.grid"):
        view.render_network([a[:, :10] for a in A], parameters, ["tanh", "relu", "sigmoid"])


def test_compact_iteration_counts():
    from nncore.widgets.playground_view import compact_count
    counts = (0, 950, 20_000, 125_000, 1_500_000)
    assert [compact_count(v) for v in counts] == ["0", "950", "20k", "125k", "1.5M"]


def test_a_one_point_cost_curve_is_drawn(view):
    # Just after a reset the history holds iteration 0 only: its cost must still show (a marker).
    k = view.grid.shape[1]
    flat = np.full((1, k), 0.5)
    with_marker = view.render(flat, 0, history([0.7]))
    for line in view._lines.values():
        line.set_marker("")  # what the curve was before: a one-point line draws nothing
    assert view.render(flat, 0, history([0.7])) != with_marker
