"""Smoke tests for bench/: the flop count, the peers' step, and the table/JSON structure.

No timing is asserted here (speed is measured by ``make bench``, not by tests): the run uses
tiny sizes and only its structure is checked.
"""
import json
import sys
from pathlib import Path

import numpy as np
import pytest

import nncore

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # bench/ sits beside nncore/, not inside the installed package
    sys.path.insert(0, str(ROOT))

from bench import peers  # noqa: E402
from bench import run as bench  # noqa: E402


def test_step_flops_matches_a_hand_count():
    # [3, 2, 1], m = 5, counting 2 * rows * inner * columns per product:
    #   forward   W1 A0 (2x3 @ 3x5): 2*2*3*5 = 60;  W2 A1 (1x2 @ 2x5): 2*1*2*5 = 20
    #   backward  dW2 = dZ2 A1^T (1x5 @ 5x2): 20;   dA1 = W2^T dZ2 (2x1 @ 1x5): 20
    #             dW1 = dZ1 A0^T (2x5 @ 5x3): 60;   no dA0 for the first layer
    assert bench.step_flops([3, 2, 1], 5) == 60 + 20 + 20 + 20 + 60
    # [4, 3, 2, 1], m = 10: forward 2*10*(12 + 6 + 2) = 400; backward 2*10*12 + 2*2*10*(6 + 2) = 560.
    assert bench.step_flops([4, 3, 2, 1], 10) == 400 + 560


@pytest.mark.parametrize("dims, activation", [([3, 4, 1], "tanh"), ([5, 4, 3, 1], "relu")])
def test_the_per_example_loop_takes_the_same_step_as_nncore(dims, activation):
    rng = np.random.default_rng(1)
    X, Y = rng.standard_normal((dims[0], 30)), (rng.random((1, 30)) > 0.5).astype(float)
    start = nncore.initialize_parameters(dims, rng=2)
    expected, history = nncore.train(X, Y, dims, learning_rate=0.1, num_iterations=1,
                                     hidden_activation=activation, parameters=start)
    activations = [activation] * (len(dims) - 2) + ["sigmoid"]
    got, cost = peers.per_example_step(X, Y, start, activations, 0.1)
    assert cost == pytest.approx(history["cost"][0], rel=1e-12)
    for key in expected:
        np.testing.assert_allclose(got[key], expected[key], rtol=1e-10, atol=1e-14)


def test_the_plain_numpy_retrain_matches_nncore():
    rng = np.random.default_rng(3)
    X, Y = rng.standard_normal((2, 50)), (rng.random((1, 50)) > 0.5).astype(float)
    start = nncore.initialize_parameters([2, 4, 1], method="random", rng=4)
    expected, history = nncore.train(X, Y, [2, 4, 1], learning_rate=1.2, num_iterations=20,
                                     hidden_activation="tanh", parameters=start)
    got, costs = peers.plain_train_2layer(X, Y, start, 1.2, 20)
    np.testing.assert_allclose(costs, history["cost"], rtol=1e-10)
    for key in expected:
        np.testing.assert_allclose(got[key], expected[key], rtol=1e-9, atol=1e-14)


def test_the_torch_step_matches_nncore():
    pytest.importorskip("torch")
    rng = np.random.default_rng(5)
    X, Y = rng.standard_normal((4, 20)), (rng.random((1, 20)) > 0.5).astype(float)
    start = nncore.initialize_parameters([4, 3, 1], rng=6)
    expected, history = nncore.train(X, Y, [4, 3, 1], learning_rate=0.5, num_iterations=2, parameters=start)
    step = peers.torch_stepper(X, Y, start, ["relu", "sigmoid"], 0.5)
    costs = [step(), step()]
    np.testing.assert_allclose(costs, history["cost"], rtol=1e-10)


@pytest.fixture(scope="module")
def results():
    nets = {"(a)": ([2, 4, 1], 40, "tanh"), "(b)": ([6, 3, 2, 1], 10, "relu")}
    return bench.run(
        nets=nets, repeats=2, peak_n=32, retrain_iterations=5, block_seconds=0.001, pause=0, use_torch=False
    )


def test_the_run_measures_every_net_in_both_dtypes(results):
    steps = results["steps"]
    assert [(s["net"], s["dtype"]) for s in steps] == [
        ("(a)", "float64"), ("(a)", "float32"), ("(b)", "float64"), ("(b)", "float32")]
    for s in steps:
        assert s["flops_per_step"] == bench.step_flops(s["layer_dims"], s["m"])
        assert s["nncore_us"] > 0 and s["loop_us"] > 0
        assert s["gflops"] == pytest.approx(s["flops_per_step"] / s["nncore_us"] / 1e3)
        assert s["peak_pct"] == pytest.approx(100 * s["gflops"] / results["peak_gflops"][s["dtype"]])
        assert s["loop_ratio"] == pytest.approx(s["loop_us"] / s["nncore_us"])
        assert s["torch_us"] is None and s["torch_ratio"] is None
    assert set(results["peak_gflops"]) == {"float64", "float32"}
    assert results["retrain"]["iterations"] == 5 and results["retrain"]["nncore_ms"] > 0
    assert "PyTorch not installed" in results["torch_note"] or "skipped" in results["torch_note"]
    assert results["retrain"]["ratio"] == pytest.approx(
        results["retrain"]["nncore_ms"] / results["retrain"]["plain_numpy_ms"])
    assert results["retrain"]["torch_ms"] is None and results["retrain"]["torch_ratio"] is None
    # 4 torch ratios x 2 dtypes, (d) peak x 2 dtypes, retrain time and ratio, (b) loop x 2 dtypes
    assert len(results["targets"]) == 14
    assert all(set(t) == {"target", "value", "met"} for t in results["targets"])
    assert all(t["met"] in (True, False, None) for t in results["targets"])
    texts = [t["target"] for t in results["targets"]]
    assert any(text.startswith("(d) float64: >= 70 % of the matmul peak") for text in texts)
    assert any(text.startswith("(b) float32: nncore time / PyTorch time <= 0.9") for text in texts)
    (ratio,) = [t for t in results["targets"] if "plain NumPy" in t["target"]]
    assert ratio["value"] == results["retrain"]["ratio"] and ratio["met"] == (ratio["value"] <= 0.6)
    # Nets not measured here ((c), (d)) and torch rows give "not measured", never a verdict.
    unmeasured = [t for t in results["targets"] if "(d)" in t["target"] or "PyTorch" in t["target"]]
    assert len(unmeasured) == 10 and all(t["met"] is None for t in unmeasured)


def test_the_table_has_one_row_per_measurement(results):
    table = bench.format_table(results)
    lines = table.splitlines()
    assert "| row | float64 | float32 |" in lines
    rows = [line for line in lines if line.startswith("| ")]
    assert all(line.count("|") == 4 for line in rows), "every row has the two dtype columns"
    for label in ("NumPy matmul, n = 32", "BLAS", "(a) 2-4-1, m = 40, tanh: nncore step",
                  "(b) per-example loop", "retrain 2-4-1", "target:"):
        assert any(label in line for line in rows), label
    assert not any("PyTorch eager" in line for line in rows)


def test_the_json_round_trips(results, tmp_path):
    path = tmp_path / "results.json"
    bench.write_json(results, path)
    loaded = json.loads(path.read_text(encoding="utf-8"))
    assert loaded["steps"][0]["layer_dims"] == [2, 4, 1]
    assert loaded["machine"]["numpy"] == np.__version__
    assert not list(tmp_path.glob("*.tmp"))


def test_the_torch_retrain_is_timed_when_torch_is_installed():
    pytest.importorskip("torch")
    _, blocks = bench.retrain_blocks(3)
    assert set(blocks) == {"nncore", "plain", "torch"}
    seconds, k = blocks["torch"](1)
    assert seconds > 0 and k == 1
    _, blocks = bench.retrain_blocks(3, use_torch=False)
    assert set(blocks) == {"nncore", "plain"}


def test_the_browser_report_takes_medians_over_the_warm_retrains():
    # As the browser test writes them: n_h as a str key, the first retrain of each size is cold.
    times = {"50": [{"pictures": [0.9, 3.0], "status": 3.0}, {"pictures": [0.2, 0.8], "status": 0.8},
                    {"pictures": [0.3, 1.2], "status": 1.25}],
             "4": [{"pictures": [0.5, 2.0], "status": 2.0}, {"pictures": [0.1, 0.4], "status": 0.41}]}
    report = bench.browser_report(times)
    assert [r["n_h"] for r in report["rows"]] == [4, 50]
    four, fifty = report["rows"]
    assert (four["first_picture_s"], four["final_picture_s"], four["status_s"]) == (0.1, 0.4, 0.41)
    # median of the warm [0.8, 1.2] is 1.0; the cold 3.0 is left out
    assert fifty["final_picture_s"] == pytest.approx(1.0) and fifty["timed"] == 2
    assert [(t["value"], t["met"]) for t in report["targets"]] == [(0.4, True), (pytest.approx(1.0), True)]
    report = bench.browser_report({"4": [{"pictures": [0.2, 0.7], "status": 0.7}]})
    assert report["targets"][0]["met"] is False  # 0.7 s > 0.5 s at 4 units
    table = bench.format_browser(report)
    assert "| 4 | 0.20 s | 0.70 s | 0.70 s |" in table and "NOT met" in table


def test_limited_threads_sets_and_restores_the_blas_threads():
    pytest.importorskip("threadpoolctl")
    before = bench.machine_info()["blas"]["num_threads"]
    with bench.limited_threads(1):
        assert bench.machine_info()["blas"]["num_threads"] == 1
    assert bench.machine_info()["blas"]["num_threads"] == before
