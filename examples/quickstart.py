"""Ferrumba quick start: compile a few scalar kernels and compare them with plain Python."""

import math
import time

from ferrumba import njit


@njit
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def fib_python(n):
    if n < 2:
        return n
    return fib_python(n - 1) + fib_python(n - 2)


@njit(error_model="numpy")
def basel(n):
    """Partial sum of 1/k^2, which tends to pi^2/6."""
    s = 0.0
    for k in range(1, n + 1):
        s += 1.0 / (k * k)
    return s


@njit
def collatz_steps(n):
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps


def timed(label, f, *args):
    start = time.perf_counter()
    result = f(*args)
    print(f"{label:<34} {result!r:<24} {1e3 * (time.perf_counter() - start):8.3f} ms")
    return result


if __name__ == "__main__":
    timed("fib(30), first call (compiles)", fib, 30)
    timed("fib(30), compiled", fib, 30)
    timed("fib(30), plain Python", fib_python, 30)
    timed("basel(10**7), first call", basel, 10**7)
    timed("basel(10**7), compiled", basel, 10**7)
    print(f"{'pi^2/6':<34} {math.pi ** 2 / 6!r}")
    timed("collatz_steps(837799)", collatz_steps, 837799)
    print("signatures:", fib.signatures, basel.signatures, collatz_steps.signatures)
