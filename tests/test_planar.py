"""Tests for nncore.planar: the 2-D generators' shared interface, each shape, and make_dataset."""
import numpy as np
import pytest

from nncore import planar
from nncore.planar import GENERATORS, make_dataset

PLANAR = sorted(GENERATORS)

@pytest.mark.parametrize("name", PLANAR)
@pytest.mark.parametrize("m", [2, 3, 400, 401])
def test_generator_shapes_and_class_balance(name, m):
    X, Y = GENERATORS[name](m=m, rng=0)
    assert X.shape == (2, m) and X.dtype == np.float64
    assert Y.shape == (1, m) and Y.dtype == np.float64
    assert np.isfinite(X).all()
    assert set(np.unique(Y)) <= {0.0, 1.0}
    # Class 0 gets m // 2, class 1 the rest (one more when m is odd).
    assert np.count_nonzero(Y == 0) == m // 2
    assert np.count_nonzero(Y == 1) == m - m // 2


@pytest.mark.parametrize("name", PLANAR)
def test_generator_is_deterministic_for_a_seed(name):
    make = GENERATORS[name]
    X1, Y1 = make(m=50, rng=7)
    X2, Y2 = make(m=50, rng=np.random.default_rng(7))
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(Y1, Y2)
    X3, _ = make(m=50, rng=8)
    assert not np.array_equal(X1, X3)


@pytest.mark.parametrize("name", PLANAR)
def test_generator_advances_a_passed_generator(name):
    rng = np.random.default_rng(0)
    X1, _ = GENERATORS[name](m=50, rng=rng)
    X2, _ = GENERATORS[name](m=50, rng=rng)
    assert not np.array_equal(X1, X2)


@pytest.mark.parametrize("name", PLANAR)
def test_generator_leaves_numpy_global_state_alone(name):
    np.random.seed(123)
    before = np.random.get_state()[1].copy()
    GENERATORS[name](m=20, rng=None)
    GENERATORS[name](m=20, rng=5)
    np.testing.assert_array_equal(np.random.get_state()[1], before)


@pytest.mark.parametrize("name", PLANAR)
@pytest.mark.parametrize("m", [0, -1])
def test_generator_rejects_m_at_most_zero(name, m):
    with pytest.raises(ValueError, match="m"):
        GENERATORS[name](m=m)


@pytest.mark.parametrize("name", PLANAR)
@pytest.mark.parametrize("m", [2.5, "400", True])
def test_generator_rejects_non_integer_m(name, m):
    with pytest.raises(TypeError, match="integer"):
        GENERATORS[name](m=m)


@pytest.mark.parametrize("name", PLANAR)
@pytest.mark.parametrize("noise", [-0.1, float("nan"), float("inf")])
def test_generator_rejects_bad_noise(name, noise):
    with pytest.raises(ValueError, match="noise"):
        GENERATORS[name](m=10, noise=noise)


def test_flower_points_lie_on_the_rose_without_noise():
    X, Y = planar.make_flower(m=400, noise=0.0, rng=0)
    # A point (r sin t, r cos t) has polar angle phi = t or t + pi (when r < 0), and
    # |sin(4 phi)| = |sin(4 t)|, so without noise |x| = 4 |sin(4 phi)|.
    phi = np.arctan2(X[0], X[1])
    np.testing.assert_allclose(np.hypot(X[0], X[1]), 4 * np.abs(np.sin(4 * phi)), atol=1e-12)
    # Eight petals, each an eighth of the turn; four for each class and none shared.
    on_petal = np.hypot(X[0], X[1]) > 0.5  # leave out the centre, where petals meet
    petal = np.floor((phi % (2 * np.pi)) / (np.pi / 4)).astype(int)
    petals = [set(petal[(Y[0] == c) & on_petal]) for c in (0, 1)]
    assert len(petals[0]) == len(petals[1]) == 4
    assert petals[0].isdisjoint(petals[1])


def test_flower_noise_moves_points_off_the_rose():
    X, _ = planar.make_flower(m=400, noise=0.2, rng=0)
    phi = np.arctan2(X[0], X[1])
    gap = np.abs(np.hypot(X[0], X[1]) - 4 * np.abs(np.sin(4 * phi)))
    assert gap.max() > 0.1


def test_circle_without_noise_is_a_disc_inside_a_ring():
    X, Y = planar.make_circle(m=1000, noise=0.0, rng=0)
    r = np.hypot(X[0], X[1])
    assert r[Y[0] == 1].max() <= 2.5
    assert r[Y[0] == 0].min() >= 3.5 and r[Y[0] == 0].max() <= 5.0


def test_xor_without_noise_labels_by_sign():
    X, Y = planar.make_xor(m=1000, noise=0.0, rng=0)
    np.testing.assert_array_equal(Y[0], (X[0] * X[1] > 0).astype(float))
    assert np.abs(X).min() >= 0.3 and np.abs(X).max() <= 5.0
    # Both quadrants of each class are used.
    for c, quadrants in ((1, [(1, 1), (-1, -1)]), (0, [(1, -1), (-1, 1)])):
        signs = {tuple(s) for s in np.sign(X[:, Y[0] == c]).T.astype(int)}
        assert signs == set(quadrants)


def test_gaussian_blobs_have_their_centres_and_spread():
    X, Y = planar.make_gaussian(m=20000, noise=0.5, rng=0)
    for c, centre in ((1, 2.0), (0, -2.0)):
        pts = X[:, Y[0] == c]
        # 10,000 points: the mean's standard error is 0.005, so 0.03 is six of them.
        np.testing.assert_allclose(pts.mean(axis=1), [centre, centre], atol=0.03)
        np.testing.assert_allclose(pts.std(axis=1), [0.5, 0.5], atol=0.03)


def test_spiral_arms_are_half_a_turn_apart_without_noise():
    X, Y = planar.make_spiral(m=200, noise=0.0, rng=0)
    arm0, arm1 = X[:, Y[0] == 0], X[:, Y[0] == 1]
    # Rotating by pi maps (x1, x2) to (-x1, -x2).
    np.testing.assert_allclose(arm0, -arm1, atol=1e-12)
    np.testing.assert_allclose(np.hypot(*arm1), np.linspace(0, 5, 100), atol=1e-12)


def test_make_dataset_dispatches_by_name():
    for name in PLANAR:
        X1, Y1 = make_dataset(name, m=30, rng=3)
        X2, Y2 = GENERATORS[name](m=30, rng=3)
        np.testing.assert_array_equal(X1, X2)
        np.testing.assert_array_equal(Y1, Y2)
    X1, _ = make_dataset("circle", m=30, noise=0.0, rng=3)
    X2, _ = planar.make_circle(m=30, noise=0.0, rng=3)
    np.testing.assert_array_equal(X1, X2)


def test_make_dataset_unknown_name_lists_the_valid_ones():
    with pytest.raises(ValueError) as err:
        make_dataset("moons")
    for name in PLANAR:
        assert repr(name) in str(err.value)
    with pytest.raises(ValueError, match="load_dataset"):
        make_dataset("digits")




@pytest.mark.parametrize("name", ["sine", "cubic", "abs"])
def test_function_boundary_labels_the_side_of_the_curve_without_noise(name):
    X, Y = make_dataset(name, m=300, noise=0.0, rng=0)
    above = X[1] > planar.BOUNDARIES[name](X[0])
    np.testing.assert_array_equal(above, Y[0] == 1)
    assert np.abs(X[0]).max() <= 5.0
    # Every point keeps at least 0.2 from the curve: the classes do not touch before noise.
    assert np.abs(X[1] - planar.BOUNDARIES[name](X[0])).min() >= 0.2


def test_function_boundary_noise_lets_points_cross_the_curve():
    X, Y = planar.make_function(m=400, noise=1.0, rng=1, f="sine")
    above = X[1] > planar.BOUNDARIES["sine"](X[0])
    crossed = np.mean(above != (Y[0] == 1))
    assert 0.02 < crossed < 0.4


def test_make_function_takes_a_callable_and_refuses_unknown_names():
    X, Y = planar.make_function(m=50, noise=0.0, rng=2, f=lambda x: 0.5 * x)
    np.testing.assert_array_equal(X[1] > 0.5 * X[0], Y[0] == 1)
    with pytest.raises(ValueError, match="'sine', 'cubic', 'abs'"):
        planar.make_function(m=10, f="tan")
    with pytest.raises(TypeError, match="function"):
        planar.make_function(m=10, f=3)


@pytest.mark.parametrize("name", sorted(planar.FUNCTION_GENERATORS))
@pytest.mark.parametrize("m", [2, 3, 401])
def test_function_generators_share_the_interface(name, m):
    make = planar.FUNCTION_GENERATORS[name]
    X, Y = make(m=m, rng=0)
    assert X.shape == (2, m) and Y.shape == (1, m) and X.dtype == Y.dtype == np.float64
    assert np.count_nonzero(Y == 0) == m // 2 and np.count_nonzero(Y == 1) == m - m // 2
    np.testing.assert_array_equal(X, make(m=m, rng=np.random.default_rng(0))[0])
    assert not np.array_equal(X, make(m=m, rng=1)[0])
    np.testing.assert_array_equal(make_dataset(name, m=m, rng=0)[0], X)
    with pytest.raises(ValueError, match="m"):
        make(m=0)
    with pytest.raises(TypeError, match="integer"):
        make(m=2.5)
    with pytest.raises(ValueError, match="noise"):
        make(m=10, noise=-1.0)


def test_function_generators_leave_the_shipped_registry_alone():
    assert not set(planar.FUNCTION_GENERATORS) & set(GENERATORS)
    with pytest.raises(ValueError, match="'sine'"):
        make_dataset("tan")
