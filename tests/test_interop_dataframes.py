"""Polars: our ufuncs applied to expressions (``df.select(f(pl.col("x")))``), on two columns, with nulls
kept, and the resetting cumulative sum from Polars' user guide written with @guvectorize. pandas:
DataFrame columns (Series with an index and name: more in test_vectorize.py's interoperability section)."""

import math
import warnings

import numpy as np
import pandas as pd  # test dependencies (make test installs them)
import polars as pl

from ferrumba import guvectorize, int64, vectorize


# Polars picks the first loop an input casts to safely (int64 casts safely to float64): int64 first.
@vectorize(["int64(int64)", "float64(float64)"])
def affine(x):
    return x * 3 - 1


@vectorize(["float64(float64, float64)"])
def hypot2(x, y):
    return math.sqrt(x * x + y * y)


@vectorize
def dyn_square(x):
    return x * x


# Polars' user guide: a cumulative sum that resets when it reaches a threshold.
@guvectorize([(int64[:], int64, int64[:])], "(n),()->(n)")
def cum_sum_reset(x, y, res):
    res[0] = x[0]
    for i in range(1, x.shape[0]):
        res[i] = x[i] + res[i - 1]
        if res[i] >= y:
            res[i] = x[i]


def cum_sum_reset_ref(values, threshold):
    out, acc = [], None
    for v in values:
        acc = v if acc is None or acc + v >= threshold else acc + v
        out.append(acc)
    return out


X = [1.5, None, -2.0, 0.0, float("nan"), float("inf"), None, 1e10]
Y = [4.0, 5.0, None, -0.0, 1.0, 2.0, None, 3.0]


def _expect(fn, *columns):
    return [None if any(v is None for v in vals) else fn(*vals) for vals in zip(*columns)]


def _assert_same(got, expect):
    assert len(got) == len(expect)
    for g, e in zip(got, expect):
        if e is None:
            assert g is None
        elif isinstance(e, float) and math.isnan(e):
            assert math.isnan(g)
        else:
            assert g == e


def test_select_with_column_expression_keeps_nulls():
    df = pl.DataFrame({"x": X})
    out = df.select(affine(pl.col("x")))
    assert out.columns == ["x"] and out["x"].dtype == pl.Float64
    _assert_same(out["x"].to_list(), _expect(lambda v: v * 3 - 1, X))


def test_integer_column_uses_the_integer_loop():
    df = pl.DataFrame({"i": [3, -7, 0, 2**40]})
    out = df.select(affine(pl.col("i")))
    assert out["i"].dtype == pl.Int64
    assert out["i"].to_list() == [8, -22, -1, 3 * 2**40 - 1]
    with_null = pl.DataFrame({"i": [3, None, -1]}).select(affine(pl.col("i")))
    assert with_null["i"].to_list()[1] is None
    assert with_null["i"].to_list()[0] == 8 and with_null["i"].to_list()[2] == -4


def test_two_columns():
    df = pl.DataFrame({"x": X, "y": Y})
    out = df.select(hypot2(pl.col("x"), pl.col("y")).alias("h"))
    assert out.columns == ["h"]
    _assert_same(out["h"].to_list(), _expect(lambda a, b: math.sqrt(a * a + b * b), X, Y))
    # a column and a scalar
    out2 = df.select(hypot2(pl.col("x"), 4.0))
    _assert_same(out2["x"].to_list(), _expect(lambda a: math.sqrt(a * a + 16.0), X))


def test_series_in_series_out():
    s = pl.Series("x", X)
    r = affine(s)
    assert isinstance(r, pl.Series) and r.name == "x"
    _assert_same(r.to_list(), _expect(lambda v: v * 3 - 1, X))


def test_dynamic_ufunc_on_expressions_compiles_for_the_column_dtype():
    df = pl.DataFrame({"f": [1.5, None, -3.0], "i": [2, 5, -4]})
    out = df.select(dyn_square(pl.col("i")))
    assert out["i"].to_list() == [4, 25, 16] and out["i"].dtype == pl.Int64
    out = df.select(dyn_square(pl.col("f")))
    _assert_same(out["f"].to_list(), [2.25, None, 9.0])
    assert out["f"].dtype == pl.Float64
    assert dyn_square.types == ["l->l", "d->d"]


def test_cumulative_sum_reset_from_polars_guide():
    values = [10, 10, 33, 30, 20, 30, 10, 40, 1, 2]
    df = pl.DataFrame({"values": values})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Polars warns that custom ufuncs are not elementwise
        out = df.select(cum_sum_reset(pl.all(), 30))
    assert out["values"].to_list() == cum_sum_reset_ref(values, 30)
    # per group, through map_batches on each group's values
    df2 = pl.DataFrame({"g": [1, 1, 1, 2, 2, 2], "v": [20, 20, 20, 5, 30, 1]})
    grouped = (df2.group_by("g", maintain_order=True)
               .agg(pl.col("v").map_batches(lambda s: pl.Series(cum_sum_reset(s.to_numpy(), 30)),
                                            return_dtype=pl.Int64)))
    assert grouped["v"].to_list() == [cum_sum_reset_ref([20, 20, 20], 30), cum_sum_reset_ref([5, 30, 1], 30)]


def test_pandas_dataframe_columns_keep_the_index():
    df = pd.DataFrame({"x": [3.0, -1.0, np.nan, 0.0], "y": [4.0, 2.0, 1.0, -0.0]},
                      index=pd.Index([10, 20, 30, 40], name="k"))
    df["h"] = hypot2(df["x"], df["y"])
    np.testing.assert_array_equal(df["h"].to_numpy(), np.hypot(df["x"].to_numpy(), df["y"].to_numpy()))
    r = hypot2(df["x"], df["y"])
    assert isinstance(r, pd.Series) and list(r.index) == [10, 20, 30, 40] and r.index.name == "k"
    sq = dyn_square(df[["x", "y"]])
    assert isinstance(sq, pd.DataFrame) and list(sq.columns) == ["x", "y"]
    np.testing.assert_array_equal(sq.to_numpy(), df[["x", "y"]].to_numpy() ** 2)
    # a shuffled index on one operand: pandas aligns before calling the ufunc
    shuffled = df["y"].iloc[::-1]
    aligned = hypot2(df["x"], shuffled)
    np.testing.assert_array_equal(aligned.to_numpy(), df["h"].to_numpy())
    ints = pd.Series([1, -2, 3], index=list("abc"))
    r2 = affine(ints)
    assert r2.dtype == np.int64 and list(r2.index) == list("abc") and list(r2) == [2, -7, 8]
