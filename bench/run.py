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

#: The targets of the issue, checked at the end of the table.
TARGETS = {
    "torch_ratio_max": 1.0,        # (a)-(d) float32: nncore time / torch time
    "d_float32_peak_pct_min": 80,  # (d) float32: percent of the matmul peak
    "retrain_ms_max": 150,         # 10,000 iterations of 2-4-1 on the flower data
    "b_loop_ratio_min": 100,       # (b): per-example loop time / nncore time
}


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


def retrain_blocks(iterations):
    """notebook 04's slider retrain: nncore.train and the plain NumPy loop, on the same data."""
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

    return data, nn, plain


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
    retrain_data, nn, plain = retrain_blocks(retrain_iterations)
    timers["retrain nncore"] = Timer("retrain nncore", nn, 0, max_k=1)
    timers["retrain plain"] = Timer("retrain plain", plain, 0, max_k=1)

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
    }
    retrain["ratio"] = retrain["nncore_ms"] / retrain["plain_numpy_ms"]
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


def check_targets(results):
    """The issue's targets, each with its measured value and whether it is met (None: not measured)."""
    steps = {(s["net"], s["dtype"]): s for s in results["steps"]}

    def target(text, net, dtype, field, ok):
        value = steps.get((net, dtype), {}).get(field)
        return {"target": text, "value": value, "met": None if value is None else bool(ok(value))}

    torch_max, peak_min = TARGETS["torch_ratio_max"], TARGETS["d_float32_peak_pct_min"]
    out = [target(f"{net} float32: nncore time / PyTorch time <= {torch_max}", net, "float32",
                  "torch_ratio", lambda v: v <= torch_max) for net in ("(a)", "(b)", "(c)", "(d)")]
    out.append(target(f"(d) float32: >= {peak_min} % of the matmul peak", "(d)", "float32",
                      "peak_pct", lambda v: v >= peak_min))
    r = results["retrain"]
    out.append({"target": f"planar retrain, {r['iterations']:,} iterations: "
                          f"<= {TARGETS['retrain_ms_max']} ms",
                "value": r["nncore_ms"], "met": r["nncore_ms"] <= TARGETS["retrain_ms_max"]})
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
        f"plain NumPy {r['plain_numpy_ms']:.0f} ms (ratio {r['ratio']:.2f}) |" + " |" * (len(dtypes) - 1)
    )
    for t in results["targets"]:
        verdict = "not measured" if t["met"] is None else ("met" if t["met"] else "NOT met")
        value = "" if t["value"] is None else f"{t['value']:,.2f}: "
        lines.append(f"| target: {t['target']} | {value}{verdict} |" + " |" * (len(dtypes) - 1))
    if results["torch_note"]:
        lines.append("")
        lines.append(results["torch_note"])
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=7, help="interleaved rounds (default 7)")
    parser.add_argument("--json", default=str(HERE / "results.json"), help="where to write the results")
    parser.add_argument("--no-torch", action="store_true", help="skip PyTorch even if it is installed")
    parser.add_argument("--threads", type=int, default=None,
                        help="limit the BLAS and PyTorch threads to this many (default: leave them as they "
                             "are)")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    args = parser.parse_args(argv)
    log = None if args.quiet else (lambda msg: print(msg, file=sys.stderr, flush=True))
    with limited_threads(args.threads):
        results = run(repeats=args.repeats, use_torch=not args.no_torch, log=log)
    print(format_table(results))
    write_json(results, args.json)
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
