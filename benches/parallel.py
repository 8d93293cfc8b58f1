"""Parallel benchmarks for run.py: `prange` kernels (parallel=True against the same code compiled with
parallel=False), and the throughput of two Python threads calling a `nogil=True` kernel at once."""

CHILD = """
import json, statistics, threading, time
import numpy as np
import kernels
compiler = {compiler!r}
repeats = {repeats}
mod = __import__(compiler)
kernels.prange = mod.prange

def median_time(fn, args):
    for _ in range(3):
        fn(*args)  # compile, then warm the allocator (a fresh 8 MB array page-faults on its first calls)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        r = fn(*args)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), r

cases = {{
    "sum": ("prange_sum", (np.linspace(0.0, 1.0, 10**7),)),
    "uneven": ("prange_uneven", (8000,)),
    "stencil": ("prange_stencil", (np.linspace(0.0, 1.0, 10**6).reshape(1000, 1000),)),
}}
out = {{"threads": mod.get_num_threads()}}
for key, (name, args) in cases.items():
    serial = mod.njit(parallel=False)(getattr(kernels, name))
    parallel = mod.njit(parallel=True)(getattr(kernels, name))
    ts, rs = median_time(serial, args)
    tp, rp = median_time(parallel, args)
    out[key] = {{"serial": ts, "parallel": tp, "check": float(np.sum(rp)), "serial_check": float(np.sum(rs))}}

# nogil: the time for 8 calls made by one thread, then by two threads (4 calls each)
f = mod.njit(nogil=True)(kernels.nogil_series)
n = 4 * 10**6
f(n)

def calls(k):
    for _ in range(k):
        f(n)

one, two = [], []
for _ in range(repeats):
    t0 = time.perf_counter()
    calls(8)
    one.append(time.perf_counter() - t0)
    workers = [threading.Thread(target=calls, args=(4,)) for _ in range(2)]
    t0 = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    two.append(time.perf_counter() - t0)
out["nogil"] = {{"one_thread": statistics.median(one), "two_threads": statistics.median(two)}}
print(json.dumps(out))
"""

LABELS = [
    ("sum", "prange: float64 sum reduction, 1e7"),
    ("uneven", "prange: uneven inner loops (trip count i), n=8000"),
    ("stencil", "prange: 5-point stencil 1000x1000"),
]


def parallel_rows(compilers, repeats, run_child, raw):
    """Rows for run.py's table: each prange kernel serial and parallel, and the nogil throughput."""
    figures = {}
    for c in compilers:
        try:
            figures[c] = run_child(CHILD.format(compiler=c, repeats=repeats), timeout=600)
        except Exception as exc:  # noqa: BLE001 - report and keep going
            raw["errors"][f"parallel/{c}"] = str(exc)
    raw["parallel"] = figures
    rows = []
    for key, label in LABELS:
        for mode in ("serial", "parallel"):
            values = {c: figures[c][key][mode] if c in figures else "error" for c in compilers}
            values["numpy"] = values["python"] = "n/a"
            rows.append((f"{label} ({'parallel=True' if mode == 'parallel' else 'parallel=False'})", values))
        speedups = {c: f"{figures[c][key]['serial'] / figures[c][key]['parallel']:.2f}x speedup"
                    for c in figures}
        rows.append((f"{label}: serial/parallel", {**speedups, "numpy": "", "python": ""}))
    values = {c: f"{figures[c]['nogil']['one_thread'] / figures[c]['nogil']['two_threads']:.2f}x"
              for c in figures}
    rows.append(("nogil: throughput of 2 Python threads / 1 thread", {**values, "numpy": "", "python": ""}))
    return rows
