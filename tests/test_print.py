"""``print`` inside compiled code writes what Python's ``print`` would (numbers, bools, None, strings)."""

import math

import pytest

from ferrumba import njit


def show(a, b, c):
    print("values:", a, b, c)


def show_specials(x):
    print(x, -x, x * 1e20, x / 1e7, True, False, None)


def show_nothing():
    print()


@pytest.mark.parametrize("args", [
    (1, 2.5, True),
    (-7, 0.1, False),
    (2**62, 1e16, 3j),
    (0, -0.0, complex(1.5, -2.0)),
    (5, float("inf"), float("nan")),
    (3, 123456789.125, 1e-5),
])
def test_print_matches_python(capfd, args):
    show(*args)
    expected = capfd.readouterr().out
    njit(show)(*args)
    assert capfd.readouterr().out == expected


@pytest.mark.parametrize("x", [1.0, 0.3, 12345.678, math.pi])
def test_print_float_formatting(capfd, x):
    show_specials(x)
    expected = capfd.readouterr().out
    njit(show_specials)(x)
    assert capfd.readouterr().out == expected


def test_print_without_arguments(capfd):
    njit(show_nothing)()
    assert capfd.readouterr().out == "\n"
