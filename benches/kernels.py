"""Benchmark kernels as plain Python functions. Each compiler under test compiles them with its own `njit`;
they live in a real file because the compilers read the source (inspect.getsource)."""

import math

import numpy as np


def loop_kernel(n):
    acc = 0.0
    x = 1
    for i in range(n):
        if i % 3 == 0:
            acc += i * 0.5
        elif i % 3 == 1:
            acc -= x
        else:
            x = (x * 7 + i) % 1000
    return acc + x


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def add(a, b):
    return a + b


def float_series(n):
    s = 0.0
    for i in range(1, n + 1):
        s += 1.0 / (i * i)
    return s


def hash_loop(n):
    # xorshift64 feeding an FNV-1a style multiply: relies on int64 wrapping arithmetic
    x = 88172645463325252
    h = 1469598103934665603
    for i in range(n):
        x ^= x << 13
        x ^= x >> 7
        x ^= x << 17
        h = (h ^ (x & 255)) * 1099511628211
    return h


def numpy_float_series(n):
    import numpy as np

    i = np.arange(1, n + 1, dtype=np.float64)
    return float((1.0 / (i * i)).sum())


def expsin(x):
    # scalar kernel for the @vectorize benchmark
    return x * math.exp(-x) + math.sin(x)


def numpy_expsin(x):
    import numpy as np

    return x * np.exp(-x) + np.sin(x)


def array_sum(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i]
    return s


def numpy_array_sum(a):
    return a.sum()


def axpy(alpha, x, y):
    out = np.empty_like(x)
    for i in range(x.shape[0]):
        out[i] = alpha * x[i] + y[i]
    return out


def numpy_axpy(alpha, x, y):
    return alpha * x + y


def stencil(u):
    n = u.shape[0]
    m = u.shape[1]
    out = np.zeros((n, m))
    for i in range(1, n - 1):
        for j in range(1, m - 1):
            out[i, j] = 0.25 * (u[i - 1, j] + u[i + 1, j] + u[i, j - 1] + u[i, j + 1]) - u[i, j]
    return out


def numpy_stencil(u):
    out = np.zeros_like(u)
    out[1:-1, 1:-1] = 0.25 * (u[:-2, 1:-1] + u[2:, 1:-1] + u[1:-1, :-2] + u[1:-1, 2:]) - u[1:-1, 1:-1]
    return out


def move_mean(a, window_arr, out):
    # gufunc kernel "(n),()->(n)": moving average over a window (Numba's guvectorize example)
    window_width = window_arr
    asum = 0.0
    count = 0
    for i in range(window_width):
        asum += a[i]
        count += 1
        out[i] = asum / count
    for i in range(window_width, len(a)):
        asum += a[i] - a[i - window_width]
        out[i] = asum / count


def numpy_move_mean(a, w):
    c = np.cumsum(a, axis=-1)
    out = np.empty_like(a)
    out[..., :w] = c[..., :w] / np.arange(1, w + 1)
    out[..., w:] = (c[..., w:] - c[..., :-w]) / w
    return out


def monte_carlo_pi(n):
    np.random.seed(0)  # the same draws under every compiler (both follow NumPy's legacy generator)
    inside = 0
    for i in range(n):
        x = np.random.random()
        y = np.random.random()
        if x * x + y * y < 1.0:
            inside += 1
    return 4.0 * inside / n


# Parallel loops. `prange` is `range` here; the benchmark sets it to the compiler's own `prange` before
# compiling (both compilers read globals at compile time), and compiles each kernel with parallel=False
# (the serial baseline) and parallel=True.
prange = range


def prange_sum(a):
    s = 0.0
    for i in prange(a.shape[0]):
        s += a[i]
    return s


def prange_uneven(n):
    # iteration i runs an inner loop of i steps: the last chunks hold most of the work
    s = 0.0
    for i in prange(n):
        t = 0.0
        for j in range(i):
            t += 1.0 / (i + j + 1.0)
        s += t
    return s


def prange_stencil(u):
    n = u.shape[0]
    m = u.shape[1]
    out = np.zeros((n, m))
    for i in prange(1, n - 1):
        for j in range(1, m - 1):
            out[i, j] = 0.25 * (u[i - 1, j] + u[i + 1, j] + u[i, j - 1] + u[i, j + 1]) - u[i, j]
    return out


def nogil_series(n):
    # a serial kernel compiled with nogil=True, called from several Python threads at once
    s = 0.0
    for i in range(1, n + 1):
        s += 1.0 / (i * i)
    return s


def mandelbrot(width, height, max_iter):
    # escape-time counts over [-2, 1] x [-1.5, 1.5]
    out = np.empty((height, width), np.int64)
    for i in range(height):
        y = -1.5 + 3.0 * i / height
        for j in range(width):
            x = -2.0 + 3.0 * j / width
            zr = 0.0
            zi = 0.0
            n = 0
            while n < max_iter and zr * zr + zi * zi <= 4.0:
                zr, zi = zr * zr - zi * zi + x, 2.0 * zr * zi + y
                n += 1
            out[i, j] = n
    return out


def numpy_mandelbrot(width, height, max_iter):
    x = -2.0 + 3.0 * np.arange(width) / width
    y = -1.5 + 3.0 * np.arange(height) / height
    c = x[None, :] + 1j * y[:, None]
    z = np.zeros_like(c)
    out = np.zeros(c.shape, np.int64)
    for _ in range(max_iter):
        live = z.real * z.real + z.imag * z.imag <= 4.0
        if not live.any():
            break
        z[live] = z[live] * z[live] + c[live]
        out += live
    return out


def pairwise_distances(points):
    n = points.shape[0]
    d = points.shape[1]
    out = np.empty((n, n))
    for i in range(n):
        for j in range(n):
            s = 0.0
            for k in range(d):
                t = points[i, k] - points[j, k]
                s += t * t
            out[i, j] = math.sqrt(s)
    return out


def numpy_pairwise_distances(points):
    diff = points[:, None, :] - points[None, :, :]
    return np.sqrt((diff * diff).sum(axis=-1))


def nbody_step(pos, vel, mass, dt):
    # one leapfrog-style step of softened gravity; returns [new positions | new velocities] as (n, 6)
    n = pos.shape[0]
    out = np.empty((n, 6))
    for i in range(n):
        ax = 0.0
        ay = 0.0
        az = 0.0
        xi = pos[i, 0]
        yi = pos[i, 1]
        zi = pos[i, 2]
        for j in range(n):
            dx = pos[j, 0] - xi
            dy = pos[j, 1] - yi
            dz = pos[j, 2] - zi
            r2 = dx * dx + dy * dy + dz * dz + 0.01
            inv = mass[j] / (r2 * math.sqrt(r2))
            ax += dx * inv
            ay += dy * inv
            az += dz * inv
        vx = vel[i, 0] + dt * ax
        vy = vel[i, 1] + dt * ay
        vz = vel[i, 2] + dt * az
        out[i, 0] = xi + dt * vx
        out[i, 1] = yi + dt * vy
        out[i, 2] = zi + dt * vz
        out[i, 3] = vx
        out[i, 4] = vy
        out[i, 5] = vz
    return out


def numpy_nbody_step(pos, vel, mass, dt):
    d = pos[None, :, :] - pos[:, None, :]
    r2 = (d * d).sum(axis=-1) + 0.01
    inv = mass[None, :] / (r2 * np.sqrt(r2))
    acc = (d * inv[:, :, None]).sum(axis=1)
    v = vel + dt * acc
    return np.hstack((pos + dt * v, v))


def reset_cumsum(x, threshold):
    # running sum that restarts from 0 whenever it exceeds the threshold (sequential: no NumPy form)
    out = np.empty_like(x)
    s = 0.0
    for i in range(x.shape[0]):
        s += x[i]
        if s > threshold:
            s = 0.0
        out[i] = s
    return out
