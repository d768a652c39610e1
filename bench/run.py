"""nncore's benchmark: ``make bench`` (or ``.venv/bin/python bench/run.py``).

Prints one table and writes the same numbers to ``bench/results.json``:

* the machine's limit: NumPy matmul GFLOP/s at n = 2048, the BLAS and its thread count;
* nncore's full-batch training step (forward, cost, backward, update) on four nets, in
  float64 and float32: microseconds per step, GFLOP/s and percent of the matmul peak;
* peers on the same step: a Python loop over the examples, and PyTorch eager (if installed);
* the 10,000-iteration retrain of notebook 04 (2-4-1 on the flower data), against the same
  loop written plainly in NumPy.

Every row is measured in the same run: the measurements take turns (one block of each,
round after round) and the table shows the median over the rounds, so a burst of load
from other programs hits all of them alike. See bench/README.md for how to read it.
"""
from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

if __package__ in (None, ""):  # run as a script: put the repository root on the path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import nncore  # noqa: E402
from bench import peers  # noqa: E402
from nncore.datasets import make_flower  # noqa: E402

HERE = Path(__file__).resolve().parent
SEED = 0
LEARNING_RATE = 0.0075

#: The four nets of the issue: name -> (layer_dims, m, hidden activation).
NETS = {
    "(a)": ([2, 4, 1], 400, "tanh"),
    "(b)": ([12288, 20, 7, 5, 1], 209, "relu"),
    "(c)": ([12288, 7, 1], 209, "relu"),
    "(d)": ([784, 256, 128, 1], 4096, "relu"),
}
DTYPES = ("float64", "float32")

#: Seconds to wait before each block. After a BLAS call, OpenBLAS's worker threads spin for
#: about 0.1 s before they sleep (and OpenMP's, in PyTorch, spin too): without the pause they
#: take a core from the next block, and PyTorch right after nncore ran up to twice as slow.
PAUSE_S = 0.2

#: The targets, checked at the end of the table. A learner of the course works in float64
#: (NumPy's default), so the targets hold for float64 beside float32.
TARGETS = {
    "torch_ratio_max": 1.0,        # (a)-(d), both dtypes: nncore time / torch time
    "b_float32_torch_ratio_max": 0.9,  # (b) float32, tighter: nncore time / torch time
    "d_peak_pct_min": {"float64": 70, "float32": 80},  # (d): percent of the matmul peak
    "retrain_ms_max": 150,         # 10,000 iterations of 2-4-1 on the flower data
    "retrain_plain_ratio_max": 0.6,  # the same retrain: nncore time / the plain NumPy loop's time
    "b_loop_ratio_min": 100,       # (b): per-example loop time / nncore time
}

#: The 02 panel (``bench/run.py --browser``): seconds from a slider's release to the final picture,
#: by the number of hidden units.
BROWSER_FINAL_S_MAX = {4: 0.5, 50: 1.0}


# ----------------------------------------------------------------------------- counting

def step_flops(layer_dims, m):
    """Floating-point operations in the matrix products of one training step.

    A product of an ``(a, b)`` and a ``(b, c)`` matrix counts ``2 a b c`` (a multiply and an
    add per term). Layer ``l`` has one product forward (``W[l] A[l-1]``) and two backward
    (``dZ[l] A[l-1]^T`` and ``W[l]^T dZ[l]``), except layer 1, which skips ``dA[0]``. So the
    step is :math:`2 m \\sum_l n_{l-1} n_l` forward plus
    :math:`2 m (n_0 n_1 + 2 \\sum_{l \\ge 2} n_{l-1} n_l)` backward. Bias adds, activations
    and the update are not counted.
    """
    pairs = [a * b for a, b in zip(layer_dims[:-1], layer_dims[1:], strict=True)]
    forward = 2 * m * sum(pairs)
    backward = 2 * m * (pairs[0] + 2 * sum(pairs[1:]))
    return forward + backward


# ----------------------------------------------------------------------------- machine

def _cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_info():
    """The CPU, the BLAS NumPy calls (from threadpoolctl) and its threads, and the versions."""
    info = {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE"),
        "blas": None,
    }
    try:
        from threadpoolctl import threadpool_info
        blas = [p for p in threadpool_info() if p.get("user_api") == "blas"]
        if blas:
            p = blas[0]
            info["blas"] = {k: p.get(k) for k in ("internal_api", "version", "architecture", "num_threads",
                                                  "threading_layer")}
    except ImportError:  # threadpoolctl comes with the "lab" and "test" extras
        pass
    torch = peers.torch_available()
    info["torch"] = None
    if torch is not None:
        info["torch"] = {"version": torch.__version__, "threads": torch.get_num_threads()}
    return info


def _plural(n, word):
    return f"{n} {word}" + ("" if n == 1 else "s")


def blas_text(info):
    b = info["blas"]
    if not b:
        return "unknown (install threadpoolctl)"
    threads = _plural(b["num_threads"], "thread")
    return f"{b['internal_api']} {b['version']}, kernel {b['architecture']}, {threads}"


# ----------------------------------------------------------------------------- timing

class Timer:
    """Seconds per repetition of ``block(k)``, from interleaved rounds.

    ``block(k)`` runs ``k`` repetitions and returns (seconds, k timed). ``k`` is picked once,
    from a warm-up call, so that one block takes about ``block_seconds``.
    """

    def __init__(self, name, block, block_seconds, max_k=10_000):
        self.name, self.block, self.samples = name, block, []
        block(1)  # warm up: first calls pay for imports, caches and thread start-up
        seconds, k = block(1)
        self.k = int(min(max_k, max(1, block_seconds / max(seconds / k, 1e-9))))

    def run(self, pause=0.0):
        time.sleep(pause)
        seconds, k = self.block(self.k)
        self.samples.append(seconds / k)

    @property
    def median(self):
        return float(np.median(self.samples))


def nncore_block(X, Y, parameters, activation, dtype):
    """Time ``k`` steps of :func:`nncore.train` itself, between its first and last callback.

    The callback only reads the clock, so the interval is ``k`` of train's own iterations
    (forward, cost, backward, update and its divergence bookkeeping), without the input checks
    train does once before its loop.
    """
    def block(k):
        stamps = []
        nncore.train(X, Y, nncore.layer_dims_of(parameters), learning_rate=LEARNING_RATE,
                     num_iterations=k + 1, hidden_activation=activation, parameters=parameters,
                     dtype=dtype, callback=lambda i, p, c: stamps.append(time.perf_counter()))
        return stamps[-1] - stamps[0], k
    return block


def loop_block(X, Y, parameters, activations, m):
    """Time the per-example loop over ``k`` examples (a sample when ``k < m``)."""
    def block(k):
        k = min(k, m)
        start = time.perf_counter()
        peers.per_example_step(X, Y, parameters, activations, LEARNING_RATE, count=k)
        return time.perf_counter() - start, k
    return block


def torch_block(step):
    def block(k):
        start = time.perf_counter()
        for _ in range(k):
            step()
        return time.perf_counter() - start, k
    return block


def matmul_block(n, dtype):
    rng = np.random.default_rng(SEED)
    a, b = (rng.standard_normal((n, n)).astype(dtype) for _ in range(2))
    c = np.empty_like(a)

    def block(k):
        start = time.perf_counter()
        for _ in range(k):
            np.matmul(a, b, out=c)
        return time.perf_counter() - start, k
    return block


def retrain_blocks(iterations, use_torch=True):
    """notebook 04's slider retrain: nncore.train, the plain NumPy loop and (if installed) PyTorch.

    All three run the same 2-4-1 tanh net in float64 from the same start, and read the cost of
    every iteration (nncore's history; the plain loop's list; ``cost.item()`` in PyTorch).
    Returns the data's description and a dict of blocks, one per peer.
    """
    X, Y = make_flower(m=400, rng=SEED)
    data = "flower, m = 400"
    start = nncore.initialize_parameters([2, 4, 1], method="random", rng=SEED)

    def nn(k):
        t = time.perf_counter()
        for _ in range(k):
            nncore.train(X, Y, [2, 4, 1], learning_rate=1.2, num_iterations=iterations,
                         hidden_activation="tanh", parameters=start)
        return time.perf_counter() - t, k

    def plain(k):
        t = time.perf_counter()
        for _ in range(k):
            peers.plain_train_2layer(X, Y, start, 1.2, iterations)
        return time.perf_counter() - t, k

    blocks = {"nncore": nn, "plain": plain}
    if use_torch and peers.torch_available() is not None:
        def torch_retrain(k):
            t = time.perf_counter()
            for _ in range(k):
                step = peers.torch_stepper(X, Y, start, ["tanh", "sigmoid"], 1.2)
                for _ in range(iterations):
                    step()
            return time.perf_counter() - t, k
        blocks["torch"] = torch_retrain
    return data, blocks


# ----------------------------------------------------------------------------- the run

def run(nets=NETS, dtypes=DTYPES, repeats=7, peak_n=2048, retrain_iterations=10_000,
        block_seconds=0.08, pause=PAUSE_S, use_torch=True, log=None):
    """Measure everything; return the results as a JSON-ready dict."""
    started = time.perf_counter()
    info = machine_info()
    torch = peers.torch_available() if use_torch else None
    timers = {}
    for dtype in dtypes:
        timers[("peak", dtype)] = Timer(f"matmul {dtype}", matmul_block(peak_n, dtype), block_seconds,
                                        max_k=50)
    rows = []
    for name, (dims, m, activation) in nets.items():
        rng = np.random.default_rng(SEED)
        X64 = rng.random((dims[0], m))
        Y64 = (rng.random((1, m)) > 0.5).astype(float)
        p64 = nncore.initialize_parameters(dims, rng=SEED)
        activations = [activation] * (len(dims) - 2) + ["sigmoid"]
        for dtype in dtypes:
            X, Y = X64.astype(dtype), Y64.astype(dtype)
            p = {k: v.astype(dtype) for k, v in p64.items()}
            row = {"net": name, "layer_dims": dims, "m": m, "dtype": dtype, "hidden_activation": activation,
                   "flops_per_step": step_flops(dims, m)}
            timers[(name, dtype, "nncore")] = Timer(f"{name} {dtype} nncore",
                                                    nncore_block(X, Y, p, activation, dtype), block_seconds)
            timers[(name, dtype, "loop")] = Timer(f"{name} {dtype} loop", loop_block(X, Y, p, activations, m),
                                                  block_seconds)
            if torch is not None:
                step = peers.torch_stepper(X, Y, p, activations, LEARNING_RATE)
                timers[(name, dtype, "torch")] = Timer(f"{name} {dtype} torch", torch_block(step),
                                                       block_seconds)
            rows.append(row)
    retrain_data, retrain = retrain_blocks(retrain_iterations, use_torch=torch is not None)
    for peer, block in retrain.items():
        timers[f"retrain {peer}"] = Timer(f"retrain {peer}", block, 0, max_k=1)

    for r in range(repeats):  # interleaved: one block of every measurement per round
        for timer in timers.values():
            timer.run(pause)
        if log:
            log(f"round {r + 1}/{repeats} done, {time.perf_counter() - started:.0f} s")

    # The peak is a limit, so it is the best round, not the median: a round that lost a core
    # to another program says nothing about what the machine can do.
    peak = {dtype: 2 * peak_n ** 3 / min(timers[("peak", dtype)].samples) / 1e9 for dtype in dtypes}
    peak_median = {dtype: 2 * peak_n ** 3 / timers[("peak", dtype)].median / 1e9 for dtype in dtypes}
    for row in rows:
        key = (row["net"], row["dtype"])
        t = timers[key + ("nncore",)].median
        row["nncore_us"] = t * 1e6
        row["gflops"] = row["flops_per_step"] / t / 1e9
        row["peak_pct"] = 100 * row["gflops"] / peak[row["dtype"]]
        loop = timers[key + ("loop",)]
        row["loop_us"] = loop.median * row["m"] * 1e6  # seconds per example, times m
        row["loop_examples_timed"] = min(loop.k, row["m"])
        row["loop_extrapolated"] = loop.k < row["m"]
        row["loop_ratio"] = row["loop_us"] / row["nncore_us"]
        if key + ("torch",) in timers:
            row["torch_us"] = timers[key + ("torch",)].median * 1e6
            row["torch_ratio"] = row["nncore_us"] / row["torch_us"]
        else:
            row["torch_us"] = row["torch_ratio"] = None
    retrain = {
        "data": retrain_data, "layer_dims": [2, 4, 1], "iterations": retrain_iterations,
        "hidden_activation": "tanh", "learning_rate": 1.2,
        "nncore_ms": timers["retrain nncore"].median * 1e3,
        "plain_numpy_ms": timers["retrain plain"].median * 1e3,
        "torch_ms": timers["retrain torch"].median * 1e3 if "retrain torch" in timers else None,
    }
    retrain["ratio"] = retrain["nncore_ms"] / retrain["plain_numpy_ms"]
    retrain["torch_ratio"] = (None if retrain["torch_ms"] is None
                              else retrain["nncore_ms"] / retrain["torch_ms"])
    results = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": info, "load_average": _load(), "repeats": repeats, "peak_n": peak_n,
        "peak_gflops": peak, "peak_gflops_median": peak_median, "steps": rows, "retrain": retrain,
        "torch_note": None if torch else
        "PyTorch rows skipped: " + ("--no-torch given." if peers.torch_available() else
                                     "PyTorch is not installed (optional: pip install -e '.[bench]')."),
    }
    results["samples_s"] = {t.name: t.samples for t in timers.values()}  # every round, to judge the noise
    results["targets"] = check_targets(results)
    results["elapsed_s"] = time.perf_counter() - started
    return results


def _load():
    try:
        return list(os.getloadavg())
    except OSError:  # pragma: no cover - not on Linux
        return None


def _target(text, value, ok):
    """One entry of the targets list: the target in words, the measured value, met (None: not measured)."""
    return {"target": text, "value": value, "met": None if value is None else bool(ok(value))}


def check_targets(results):
    """The targets, each with its measured value and whether it is met (None: not measured)."""
    steps = {(s["net"], s["dtype"]): s for s in results["steps"]}

    def target(text, net, dtype, field, ok):
        return _target(text, steps.get((net, dtype), {}).get(field), ok)

    out = []
    for dtype in DTYPES:
        for net in ("(a)", "(b)", "(c)", "(d)"):
            limit = TARGETS["torch_ratio_max"]
            if (net, dtype) == ("(b)", "float32"):
                limit = TARGETS["b_float32_torch_ratio_max"]
            out.append(target(f"{net} {dtype}: nncore time / PyTorch time <= {limit}", net, dtype,
                              "torch_ratio", lambda v, limit=limit: v <= limit))
    for dtype in DTYPES:
        low = TARGETS["d_peak_pct_min"][dtype]
        out.append(target(f"(d) {dtype}: >= {low} % of the matmul peak", "(d)", dtype, "peak_pct",
                          lambda v, low=low: v >= low))
    r = results["retrain"]
    ms_max, ratio_max = TARGETS["retrain_ms_max"], TARGETS["retrain_plain_ratio_max"]
    out.append(_target(f"planar retrain, {r['iterations']:,} iterations: <= {ms_max} ms", r["nncore_ms"],
                       lambda v: v <= ms_max))
    out.append(_target(f"planar retrain: nncore time / plain NumPy loop's time <= {ratio_max}", r["ratio"],
                       lambda v: v <= ratio_max))
    loop_min = TARGETS["b_loop_ratio_min"]
    out += [target(f"(b) {dtype}: per-example loop time / nncore time >= {loop_min}", "(b)", dtype,
                   "loop_ratio", lambda v: v >= loop_min) for dtype in DTYPES]
    return out


# ----------------------------------------------------------------------------- the table

def _us(x):
    return f"{x:,.0f} µs" if x >= 100 else f"{x:.1f} µs"


def format_table(results):
    """The results as one Markdown table (plus a title line naming the machine)."""
    info = results["machine"]
    dtypes = list(results["peak_gflops"])
    torch = info["torch"]
    lines = [
        f"nncore benchmark, {results['date']}: {info['cpu']}, {info['cores']} cores, Python "
        f"{info['python']}, "
        f"NumPy {info['numpy']}"
        + (f", PyTorch {torch['version']} ({_plural(torch['threads'], 'thread')})" if torch else "")
        + f"; median of {results['repeats']} interleaved rounds"
        + (f"; load average {results['load_average'][0]:.1f} at the end"
           if results.get("load_average") else ""),
        "",
        "| row | " + " | ".join(dtypes) + " |",
        "|---|" + "---|" * len(dtypes),
        f"| NumPy matmul, n = {results['peak_n']} (best round) | "
        + " | ".join(f"{results['peak_gflops'][d]:.1f} GFLOP/s" for d in dtypes) + " |",
        f"| BLAS (threadpoolctl) | {blas_text(info)}"
        + (f", OPENBLAS_CORETYPE={info['OPENBLAS_CORETYPE']}" if info["OPENBLAS_CORETYPE"] else "")
        + " |" + " |" * (len(dtypes) - 1),
    ]
    by = {(s["net"], s["dtype"]): s for s in results["steps"]}
    for net in dict.fromkeys(s["net"] for s in results["steps"]):
        first = by[(net, dtypes[0])]
        label = (
            f"{net} {'-'.join(map(str, first['layer_dims']))}, m = {first['m']}, {first['hidden_activation']}"
        )
        cells = [by[(net, d)] for d in dtypes]
        lines.append(
            f"| {label}: nncore step | "
            + " | ".join(
                f"{_us(s['nncore_us'])}, {s['gflops']:.2f} GFLOP/s, {s['peak_pct']:.0f} % of peak"
                for s in cells
            )
            + " |"
        )
        lines.append(f"| {net} per-example loop | " + " | ".join(
            f"{_us(s['loop_us'])} ({s['loop_ratio']:,.0f}× nncore)"
            + (f", from {s['loop_examples_timed']} of {s['m']} examples" if s["loop_extrapolated"] else "")
            for s in cells) + " |")
        if all(s["torch_us"] is not None for s in cells):
            lines.append(f"| {net} PyTorch eager | " + " | ".join(
                f"{_us(s['torch_us'])} (nncore/torch {s['torch_ratio']:.2f})" for s in cells) + " |")
    r = results["retrain"]
    lines.append(
        f"| retrain 2-4-1, {r['data']}, {r['iterations']:,} iterations | nncore "
        f"{r['nncore_ms']:.0f} ms, "
        f"plain NumPy {r['plain_numpy_ms']:.0f} ms (nncore/plain {r['ratio']:.2f}) |"
        + " |" * (len(dtypes) - 1)
    )
    if r.get("torch_ms") is not None:
        lines.append(f"| retrain 2-4-1, PyTorch eager | {r['torch_ms']:.0f} ms (nncore/torch "
                     f"{r['torch_ratio']:.2f}) |" + " |" * (len(dtypes) - 1))
    for t in results["targets"]:
        verdict = "not measured" if t["met"] is None else ("met" if t["met"] else "NOT met")
        value = "" if t["value"] is None else f"{t['value']:,.2f}: "
        lines.append(f"| target: {t['target']} | {value}{verdict} |" + " |" * (len(dtypes) - 1))
    if results["torch_note"]:
        lines.append("")
        lines.append(results["torch_note"])
    return "\n".join(lines)


# ----------------------------------------------------------------------------- the browser

def browser_report(times):
    """The 02 panel's times against :data:`BROWSER_FINAL_S_MAX`, as a JSON-ready dict.

    ``times`` is what ``tests/browser/test_panels_browser.py`` records: for each number of hidden
    units (a str or int key), a list of retrains, each ``{"pictures": [seconds from the release to
    each new picture], "status": seconds to the status line}``. The first retrain of each size
    warms caches, so the medians are over the others (over all, if there is only one).
    """
    rows, targets = [], []
    for key, runs in sorted(times.items(), key=lambda item: int(item[0])):
        n_h = int(key)
        warm = runs[1:] or runs
        row = {"n_h": n_h, "retrains": len(runs), "timed": len(warm),
               "first_picture_s": float(np.median([r["pictures"][0] for r in warm])),
               "final_picture_s": float(np.median([r["pictures"][-1] for r in warm])),
               "status_s": float(np.median([r["status"] for r in warm]))}
        rows.append(row)
        if n_h in BROWSER_FINAL_S_MAX:
            limit = BROWSER_FINAL_S_MAX[n_h]
            targets.append(_target(f"02 panel, n_h = {n_h}: final picture <= {limit} s after the release",
                                   row["final_picture_s"], lambda v, limit=limit: v <= limit))
    return {"panel": "02 shallow-net panel", "rows": rows, "targets": targets}


def run_browser(log=None):
    """Run the 02 panel's browser test (JupyterLab in headless Chromium) and report its times."""
    import subprocess
    import tempfile

    root = HERE.parent
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "panel_times.json"
        env = dict(os.environ, NNCORE_PANEL_TIMES=str(path))
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                   "tests/browser/test_panels_browser.py", "-k", "notebook02"]
        if log:
            log("running " + " ".join(command[2:]))
        done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
        if not path.exists():
            raise SystemExit(f"the browser test recorded no times (exit {done.returncode}):\n"
                             + done.stdout[-3000:] + done.stderr[-2000:])
        times = json.loads(path.read_text(encoding="utf-8"))
    report = browser_report(times)
    report.update(date=datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                  load_average=_load(), test_exit_code=done.returncode, times=times)
    return report


def format_browser(report):
    """The browser report as a Markdown table."""
    load = report.get("load_average")
    lines = [f"{report['panel']}, {report.get('date', '')}: seconds from a slider's release, median over "
             "the warm retrains" + (f"; load average {load[0]:.1f}" if load else ""), "",
             "| hidden units | first picture | final picture | status line |", "|---|---|---|---|"]
    for r in report["rows"]:
        lines.append(f"| {r['n_h']} | {r['first_picture_s']:.2f} s | {r['final_picture_s']:.2f} s | "
                     f"{r['status_s']:.2f} s |")
    for t in report["targets"]:
        verdict = "met" if t["met"] else "NOT met"
        lines.append(f"| target: {t['target']} | {t['value']:.2f} s: {verdict} | | |")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=7, help="interleaved rounds (default 7)")
    parser.add_argument("--json", default=None,
                        help="where to write the results (default bench/results.json, or "
                             "bench/results_browser.json with --browser)")
    parser.add_argument("--browser", action="store_true",
                        help="instead: time the 02 panel in JupyterLab in headless Chromium (runs the "
                             "browser test) and report its times against the targets")
    parser.add_argument("--no-torch", action="store_true", help="skip PyTorch even if it is installed")
    parser.add_argument("--threads", type=int, default=None,
                        help="limit the BLAS and PyTorch threads to this many (default: leave them as they "
                             "are)")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    args = parser.parse_args(argv)
    log = None if args.quiet else (lambda msg: print(msg, file=sys.stderr, flush=True))
    if args.browser:
        report = run_browser(log)
        print(format_browser(report))
        write_json(report, args.json or HERE / "results_browser.json")
        return report
    with limited_threads(args.threads):
        results = run(repeats=args.repeats, use_torch=not args.no_torch, log=log)
    print(format_table(results))
    write_json(results, args.json or HERE / "results.json")
    return results


@contextlib.contextmanager
def limited_threads(n):
    """Run with at most ``n`` BLAS and PyTorch threads (None: change nothing).

    On a machine shared with other busy programs, two BLAS threads can stall each other's
    barriers for whole scheduler time slices; one thread each gives steadier ratios.
    """
    if n is None:
        yield
        return
    from threadpoolctl import threadpool_limits
    torch = peers.torch_available()
    before = torch.get_num_threads() if torch else None
    if torch:
        torch.set_num_threads(n)
    try:
        with threadpool_limits(limits=n, user_api="blas"):
            yield
    finally:
        if torch:
            torch.set_num_threads(before)


def write_json(results, path):
    """Write atomically: a temporary file, then a rename."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)


if __name__ == "__main__":
    main()
