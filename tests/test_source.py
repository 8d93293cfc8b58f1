"""Ferrumba reads each function's source text: odd layouts must still compile to the right function."""

import pytest

from ferrumba import njit


@njit(
    error_model="python",
)
def decorated_over_lines(a,
                         b):
    return a + b


@njit
def docstring_at_column_zero(x):
    """A docstring whose later lines
start at column 0, which ends a naive indentation-based block."""
    return x * 2


@njit
def comment_at_column_zero(x):
    y = x + 1
# a comment at column 0 inside the body
    return y * 3
def right_after():  # noqa: E301 - deliberately adjacent, not part of the function above
    return 99


@njit
def trailing_blank_lines(x):
    return x - 1



def test_multi_line_decorator_and_header():
    assert decorated_over_lines(2, 3) == 5


def test_docstring_at_column_zero():
    assert docstring_at_column_zero(21) == 42


def test_comment_at_column_zero_and_adjacent_function():
    assert comment_at_column_zero(1) == 6
    assert right_after() == 99


def test_trailing_blank_lines():
    assert trailing_blank_lines(1) == 0


def test_function_defined_inside_a_test():
    @njit
    def nested(x):
        if x > 0:
            return x
        return -x

    assert nested(-4) == 4


class Holder:
    @staticmethod
    @njit
    def method_like(x):
        return x + 0.5


def test_function_defined_in_a_class_body():
    assert Holder.method_like(1) == 1.5


@pytest.mark.parametrize("n", [0, 1, 5])
def test_lambda_assigned_at_module_level(n):
    square = njit(lambda v: v * v)
    assert square(n) == n * n
