"""Ferrumba benchmarks, side by side with Numba (when installed), plain Python and NumPy.

    python benches/run.py                      # full run (about 2-3 minutes)
    python benches/run.py --quick              # about a minute
    python benches/run.py --compilers numba    # only some compilers
    python benches/run.py --json out.json      # also write the raw figures

Measured:
  1. first-call latency of small kernels and of issue 3's eight array kernels on small inputs, each in a
     fresh subprocess (decorate + first call; import excluded)
  2. import time of each compiler in a fresh subprocess, as time added over `import numpy`
  3. call overhead of a trivial f(1, 2.0) -> a + b (plain Python function for reference)
  4. steady-state run time of fib(25), a float series sum, a wrapping integer hash loop, and the array
     kernels: array sum, axpy, 5-point stencil, Monte Carlo pi, mandelbrot 400x400 (100 iterations),
     pairwise distances of 1000x3 points, an n-body step of 1000 bodies, a cumulative sum resetting at a
     threshold (1e7 elements); each against a NumPy version where one makes sense
  5. @vectorize: x*exp(-x)+sin(x) as a float64 ufunc on 1e7 elements (vs the NumPy expression; target
     'cpu' and target='parallel'), and the
     per-call overhead of a two-input ufunc on 10-element arrays (vs np.add)
  6. @guvectorize: a moving-average gufunc "(n),()->(n)" (window 20) on 1000x10000 float64 (vs a NumPy
     cumsum expression)
  7. prange under parallel=True (a sum reduction, an uneven workload, a 2-D stencil) against the same
     code with parallel=False, and two Python threads calling a nogil=True kernel (see parallel.py)
Every in-process measurement runs in a subprocess per compiler, so one compiler cannot disturb another.
"""

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ALL_COMPILERS = ["ferrumba", "numba"]

# name -> (kernel, args for the first call; string arguments are evaluated in the child with numpy as np)
FIRST_CALL = {
    "loop_kernel": ("loop_kernel", (1000,)),
    "fib": ("fib", (20,)),
    # issue 3's array kernels, on small inputs: the figure is mostly compile time
    "array_sum": ("array_sum", ("np.linspace(0.0, 1.0, 1000)",)),
    "axpy": ("axpy", ("2.0", "np.linspace(0.0, 1.0, 1000)", "np.ones(1000)")),
    "monte_carlo_pi": ("monte_carlo_pi", (1000,)),
    "stencil": ("stencil", ("np.linspace(0.0, 1.0, 10**4).reshape(100, 100)",)),
    "mandelbrot": ("mandelbrot", (40, 40, 100)),
    "pairwise_distances": ("pairwise_distances", ("np.random.RandomState(0).rand(100, 3)",)),
    "nbody_step": ("nbody_step", ("np.random.RandomState(0).rand(100, 3)", "np.zeros((100, 3))",
                                  "np.ones(100) / 100", "0.01")),
    "reset_cumsum": ("reset_cumsum", ("np.random.RandomState(0).rand(1000)", "10.0")),
}
NBODY = ("np.random.RandomState(0).rand(1000, 3)", "np.random.RandomState(1).rand(1000, 3) - 0.5",
         "np.ones(1000) / 1000", "0.01")
STEADY = {
    "fib(25)": ("fib", (25,)),
    "float_series(10**7)": ("float_series", (10**7,)),
    "hash_loop(10**7)": ("hash_loop", (10**7,)),
    # Array kernels: string arguments are evaluated in the child (with numpy as np).
    "array_sum(10**7)": ("array_sum", ("np.linspace(0.0, 1.0, 10**7)",)),
    "axpy into new array(10**7)": ("axpy", ("2.0", "np.linspace(0.0, 1.0, 10**7)", "np.ones(10**7)")),
    "5-point stencil 1000x1000": ("stencil", ("np.linspace(0.0, 1.0, 10**6).reshape(1000, 1000)",)),
    "monte_carlo_pi(10**6)": ("monte_carlo_pi", (10**6,)),
    "mandelbrot 400x400, 100 iterations": ("mandelbrot", (400, 400, 100)),
    "pairwise distances 1000x3": ("pairwise_distances", ("np.random.RandomState(0).rand(1000, 3)",)),
    "n-body step, 1000 bodies": ("nbody_step", NBODY),
    "cumsum resetting at a threshold (10**7)": ("reset_cumsum", ("np.random.RandomState(0).rand(10**7)", "10.0")),
}
# plain Python runs on a smaller n and is scaled linearly (None: not run)
PYTHON_STEADY = {
    "fib(25)": ("fib", (25,), 1.0),
    "float_series(10**7)": ("float_series", (10**5,), 100.0),
    "hash_loop(10**7)": None,  # needs int64 wrapping, which plain Python ints do not do
    "array_sum(10**7)": None,
    "axpy into new array(10**7)": None,
    "5-point stencil 1000x1000": None,
    "monte_carlo_pi(10**6)": None,
    "mandelbrot 400x400, 100 iterations": None,
    "pairwise distances 1000x3": None,
    "n-body step, 1000 bodies": None,
    "cumsum resetting at a threshold (10**7)": None,
}
NUMPY_STEADY = {
    "float_series(10**7)": ("numpy_float_series", (10**7,)),
    "array_sum(10**7)": ("numpy_array_sum", ("np.linspace(0.0, 1.0, 10**7)",)),
    "axpy into new array(10**7)": ("numpy_axpy", ("2.0", "np.linspace(0.0, 1.0, 10**7)", "np.ones(10**7)")),
    "5-point stencil 1000x1000": ("numpy_stencil", ("np.linspace(0.0, 1.0, 10**6).reshape(1000, 1000)",)),
    "mandelbrot 400x400, 100 iterations": ("numpy_mandelbrot", (400, 400, 100)),
    "pairwise distances 1000x3": ("numpy_pairwise_distances", ("np.random.RandomState(0).rand(1000, 3)",)),
    "n-body step, 1000 bodies": ("numpy_nbody_step", NBODY),
}


def available(name):
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def run_child(code, timeout=300):
    """Run Python code in a fresh interpreter; it prints one JSON line last."""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout,
                         cwd=HERE, env={**os.environ, "PYTHONPATH": HERE + os.pathsep + os.environ.get("PYTHONPATH", "")})
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip().splitlines()[-1] if out.stderr.strip() else f"exit {out.returncode}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------------------------- children

FIRST_CALL_CHILD = """
import json, time
import numpy as np
import {compiler} as jit_compiler
import kernels
py = getattr(kernels, {kernel!r})
args = tuple(eval(a, {{"np": np}}) if isinstance(a, str) else a for a in {args!r})
t0 = time.perf_counter()
f = jit_compiler.njit(py)
if {kernel!r} == "fib":
    kernels.fib = f  # the recursive call resolves to the compiled function
result = f(*args)
t1 = time.perf_counter()
if isinstance(result, np.ndarray):
    result = [float(result.sum()), list(result.shape)]
print(json.dumps({{"seconds": t1 - t0, "result": result}}))
"""

IMPORT_CHILD = """
import json, time
t0 = time.perf_counter()
import numpy
t1 = time.perf_counter()
{stmt}
t2 = time.perf_counter()
print(json.dumps({{"numpy": t1 - t0, "added": t2 - t1}}))
"""

INPROCESS_CHILD = """
import json, statistics, time, sys
import kernels
compiler = {compiler!r}
steady = {steady!r}
repeats = {repeats}
batches = {batches}
out = {{"steady": {{}}, "results": {{}}}}

if compiler == "python":
    def compile_(f):
        return f
else:
    mod = __import__(compiler)
    def compile_(f):
        return mod.njit(f)

def timeit(fn, args, repeats):
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        r = fn(*args)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), r

# call overhead of a trivial function
add = compile_(kernels.add)
add(1, 2.0)
per_call = []
n = 20000
for _ in range(batches):
    t0 = time.perf_counter()
    for _ in range(n):
        add(1, 2.0)
    per_call.append((time.perf_counter() - t0) / n)
out["call_overhead"] = statistics.median(per_call)

import numpy as np

def summary(r):
    # Arrays are summarized (sum and shape) so results can be compared across compilers as JSON.
    if isinstance(r, np.ndarray):
        return [float(r.sum()), list(r.shape)]
    return r

for label, (name, args, scale) in steady.items():
    args = tuple(eval(a, {{"np": np}}) if isinstance(a, str) else a for a in args)
    f = compile_(getattr(kernels, name)) if not name.startswith("numpy_") else getattr(kernels, name)
    if name == "fib" and compiler != "python":
        kernels.fib = f
    f(*args)  # compile and warm up
    t, r = timeit(f, args, repeats)
    out["steady"][label] = t * scale
    out["results"][label] = summary(r)
print(json.dumps(out))
"""


UFUNC_CHILD = """
import json, statistics, time
import numpy as np
import kernels
compiler = {compiler!r}
repeats = {repeats}
batches = {batches}
x = np.linspace(0.0, 20.0, 10**7)
a = np.arange(10.0)
b = np.arange(10.0) + 0.5
if compiler == "numpy":
    big = kernels.numpy_expsin
    small = np.add
else:
    mod = __import__(compiler)
    big = mod.vectorize(["float64(float64)"])(kernels.expsin)
    small = mod.vectorize(["float64(float64, float64)"])(kernels.add)
out = {{}}
big(x)
times = []
for _ in range(repeats):
    t0 = time.perf_counter()
    r = big(x)
    times.append(time.perf_counter() - t0)
out["expsin"] = statistics.median(times)
out["checksum"] = float(r[::1000].sum())
if compiler != "numpy":
    par = mod.vectorize(["float64(float64)"], target="parallel")(kernels.expsin)
    par(x)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        rp = par(x)
        times.append(time.perf_counter() - t0)
    out["expsin_parallel"] = statistics.median(times)
    out["checksum_parallel"] = float(rp[::1000].sum())
small(a, b)
per_call = []
n = 20000
for _ in range(batches):
    t0 = time.perf_counter()
    for _ in range(n):
        small(a, b)
    per_call.append((time.perf_counter() - t0) / n)
out["overhead"] = statistics.median(per_call)
print(json.dumps(out))
"""


GUFUNC_CHILD = """
import json, statistics, time
import numpy as np
import kernels
compiler = {compiler!r}
repeats = {repeats}
a = np.random.RandomState(0).rand(1000, 10000)
if compiler == "numpy":
    f = kernels.numpy_move_mean
else:
    mod = __import__(compiler)
    f = mod.guvectorize(["void(float64[:], int64, float64[:])"], "(n),()->(n)")(kernels.move_mean)
out = {{}}
f(a, 20)
times = []
for _ in range(repeats):
    t0 = time.perf_counter()
    r = f(a, 20)
    times.append(time.perf_counter() - t0)
out["move_mean"] = statistics.median(times)
out["checksum"] = float(r[:, ::100].sum())
if compiler != "numpy":
    fp = mod.guvectorize(["void(float64[:], int64, float64[:])"], "(n),()->(n)",
                         target="parallel")(kernels.move_mean)
    fp(a, 20)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        rp = fp(a, 20)
        times.append(time.perf_counter() - t0)
    out["move_mean_parallel"] = statistics.median(times)
print(json.dumps(out))
"""


def gufunc_figures(compiler, repeats):
    return run_child(GUFUNC_CHILD.format(compiler=compiler, repeats=repeats), timeout=600)


def ufunc_figures(compiler, repeats, batches):
    return run_child(UFUNC_CHILD.format(compiler=compiler, repeats=repeats, batches=batches), timeout=600)


def first_call_latency(compiler, kernel, args, runs):
    times, results = [], set()
    for _ in range(runs):
        r = run_child(FIRST_CALL_CHILD.format(compiler=compiler, kernel=kernel, args=args))
        times.append(r["seconds"])
        results.add(repr(r["result"]))
    return {"median": statistics.median(times), "all": times, "result": sorted(results)}


def import_time(stmt, runs):
    added, base = [], []
    for _ in range(runs):
        r = run_child(IMPORT_CHILD.format(stmt=stmt))
        added.append(r["added"])
        base.append(r["numpy"])
    return {"median": statistics.median(added), "numpy_median": statistics.median(base), "all": added}


def in_process(compiler, steady, repeats, batches):
    code = INPROCESS_CHILD.format(compiler=compiler, steady=steady, repeats=repeats, batches=batches)
    return run_child(code, timeout=600)


# --------------------------------------------------------------------------------------------- report

def fmt_time(seconds):
    if seconds is None:
        return "-"
    if seconds >= 1:
        return f"{seconds:.3f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    if seconds >= 1e-6:
        return f"{seconds * 1e6:.2f} us"
    return f"{seconds * 1e9:.1f} ns"


def print_table(rows, compilers):
    refs = ["python", "numpy"]
    headers = ["benchmark"] + compilers + refs
    if "ferrumba" in compilers and "numba" in compilers:
        headers.append("ferrumba/numba")
    table = []
    for label, values in rows:
        line = [label] + [fmt_time(values.get(c)) if not isinstance(values.get(c), str) else values[c]
                          for c in compilers + refs]
        if "ferrumba/numba" in headers:
            a, b = values.get("ferrumba"), values.get("numba")
            line.append(f"{a / b:.2f}x" if isinstance(a, float) and isinstance(b, float) and b > 0 else "-")
        table.append(line)
    widths = [max(len(str(r[i])) for r in [headers] + table) for i in range(len(headers))]
    sep = "  "
    print(sep.join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(headers, widths))))
    print(sep.join("-" * w for w in widths))
    for r in table:
        print(sep.join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(r, widths))))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (about a minute)")
    parser.add_argument("--compilers", default=",".join(ALL_COMPILERS),
                        help="comma-separated subset of: ferrumba,numba (unavailable ones are skipped)")
    parser.add_argument("--json", metavar="PATH", help="write the raw figures as JSON")
    args = parser.parse_args(argv)

    wanted = [c.strip() for c in args.compilers.split(",") if c.strip()]
    unknown = [c for c in wanted if c not in ALL_COMPILERS]
    if unknown:
        parser.error(f"unknown compiler(s): {', '.join(unknown)}")
    compilers = []
    for c in wanted:
        if available(c):
            compilers.append(c)
        else:
            print(f"note: {c} is not installed; its column is skipped", file=sys.stderr)
    if not compilers:
        print("error: no compiler to benchmark", file=sys.stderr)
        return 1

    runs = 3 if args.quick else 7
    repeats = 3 if args.quick else 7
    batches = 5 if args.quick else 25
    raw = {"python": sys.version.split()[0], "quick": args.quick, "compilers": compilers, "first_call": {},
           "import": {}, "call_overhead": {}, "steady": {}, "errors": {}}
    rows = []
    t_start = time.perf_counter()

    # 1. first-call latency
    for label, (kernel, kargs) in FIRST_CALL.items():
        values = {}
        for c in compilers:
            try:
                r = first_call_latency(c, kernel, kargs, runs)
                raw["first_call"].setdefault(label, {})[c] = r
                values[c] = r["median"]
            except Exception as exc:  # noqa: BLE001 - report and keep going
                raw["errors"][f"first_call/{label}/{c}"] = str(exc)
                values[c] = "error"
        shown = ", ".join(a if isinstance(a, str) and len(a) < 12 else "..." if isinstance(a, str) else str(a)
                          for a in kargs)
        rows.append((f"first call: {kernel}({shown})", values))

    # 2. import time over numpy
    values = {}
    for c in compilers:
        try:
            r = import_time(f"import {c}", runs)
            raw["import"][c] = r
            values[c] = r["median"]
        except Exception as exc:  # noqa: BLE001
            raw["errors"][f"import/{c}"] = str(exc)
            values[c] = "error"
    base = import_time("pass", runs)
    raw["import"]["numpy"] = {"median": base["numpy_median"]}
    values["numpy"] = base["numpy_median"]
    rows.append(("import (time added over numpy)", values))

    # 3 + 4. call overhead and steady state, one subprocess per compiler
    steady = {label: (name, a, 1.0) for label, (name, a) in STEADY.items()}
    per_compiler = {}
    for c in compilers:
        try:
            per_compiler[c] = in_process(c, steady, repeats, batches)
        except Exception as exc:  # noqa: BLE001
            raw["errors"][f"in_process/{c}"] = str(exc)
    py_steady = {label: spec for label, spec in PYTHON_STEADY.items() if spec is not None}
    python = in_process("python", py_steady, 3 if args.quick else 5, batches)
    numpy_times = {}
    for label, (name, a) in NUMPY_STEADY.items():
        code = INPROCESS_CHILD.format(compiler="python", steady={label: (name, a, 1.0)}, repeats=repeats,
                                      batches=1)
        numpy_times[label] = run_child(code)["steady"][label]

    values = {c: per_compiler[c]["call_overhead"] if c in per_compiler else "error" for c in compilers}
    values["python"] = python["call_overhead"]
    raw["call_overhead"] = {**{c: per_compiler[c]["call_overhead"] for c in per_compiler},
                            "python": python["call_overhead"]}
    rows.append(("call overhead f(1, 2.0)", values))

    for label in STEADY:
        values = {c: per_compiler[c]["steady"][label] if c in per_compiler else "error" for c in compilers}
        ref_note = ""
        values["numpy"] = numpy_times.get(label, "n/a")
        if label in python["steady"]:
            values["python"] = python["steady"][label]
            scale = PYTHON_STEADY[label][2]
            if scale != 1:
                ref_note = f" (python: n/{scale:g}, scaled)"
        else:
            values["python"] = "n/a"
        raw["steady"][label] = {**{c: per_compiler[c]["steady"][label] for c in per_compiler},
                                "python": python["steady"].get(label), "numpy": numpy_times.get(label),
                                "results": {c: per_compiler[c]["results"][label] for c in per_compiler}}
        rows.append((f"run: {label}{ref_note}", values))

    # 5. @vectorize
    ufunc = {}
    for c in compilers + ["numpy"]:
        try:
            ufunc[c] = ufunc_figures(c, repeats, batches)
        except Exception as exc:  # noqa: BLE001
            raw["errors"][f"ufunc/{c}"] = str(exc)
    raw["ufunc"] = ufunc
    for key, label in (("expsin", "ufunc: x*exp(-x)+sin(x), 1e7 float64"),
                       ("expsin_parallel", "ufunc target='parallel': same (numpy: serial)"),
                       ("overhead", "ufunc call overhead, 10 elements (numpy: np.add)")):
        values = {c: ufunc[c][key] if c in ufunc else "error" for c in compilers}
        numpy_key = "expsin" if key == "expsin_parallel" else key
        values["numpy"] = ufunc["numpy"][numpy_key] if "numpy" in ufunc else "error"
        values["python"] = "n/a"
        rows.append((label, values))
    checks = {c: round(v["checksum"], 6) for c, v in ufunc.items()}
    if len(set(checks.values())) > 1:
        print(f"warning: ufunc results differ: {checks}", file=sys.stderr)

    # 6. @guvectorize
    gufunc = {}
    for c in compilers + ["numpy"]:
        try:
            gufunc[c] = gufunc_figures(c, repeats)
        except Exception as exc:  # noqa: BLE001
            raw["errors"][f"gufunc/{c}"] = str(exc)
    raw["gufunc"] = gufunc
    values = {c: gufunc[c]["move_mean"] if c in gufunc else "error" for c in compilers}
    values["numpy"] = gufunc["numpy"]["move_mean"] if "numpy" in gufunc else "error"
    values["python"] = "n/a"
    rows.append(("gufunc: moving average (n),()->(n), 1000x10000", values))
    values = {c: gufunc[c]["move_mean_parallel"] if c in gufunc else "error" for c in compilers}
    values["numpy"] = gufunc["numpy"]["move_mean"] if "numpy" in gufunc else "error"
    values["python"] = "n/a"
    rows.append(("gufunc target='parallel': same (numpy: serial)", values))
    checks = {c: round(v["checksum"], 6) for c, v in gufunc.items()}
    if len(set(checks.values())) > 1:
        print(f"warning: gufunc results differ: {checks}", file=sys.stderr)

    # 7. prange and nogil
    from parallel import parallel_rows

    rows.extend(parallel_rows(compilers, repeats, run_child, raw))

    print(f"Ferrumba benchmarks ({'quick' if args.quick else 'full'}; Python {raw['python']}; "
          f"medians of {runs} fresh processes / {repeats} runs)")
    print()
    print_table(rows, compilers)

    # results must agree between compilers
    for label, entry in raw["steady"].items():
        results = {repr(v) for v in entry["results"].values()}
        if len(results) > 1:
            print(f"warning: {label}: results differ between compilers: {entry['results']}", file=sys.stderr)
    for key, msg in raw["errors"].items():
        print(f"error: {key}: {msg}", file=sys.stderr)
    raw["wall_seconds"] = time.perf_counter() - t_start
    print(f"\n(total {raw['wall_seconds']:.1f} s)")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(raw, fh, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
