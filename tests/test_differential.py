"""Seeded, deterministic differential testing: random small programs, compiled vs. plain Python.

Each seed generates one function ``f`` (sometimes with a helper ``g`` that ``f`` calls) as source text,
from a small typed grammar over ``int`` (int64), ``float`` and ``bool`` values and tuples of them:
arithmetic expression trees (``+ - * / // % **``, unary ``-``, ``abs``, ``min``, ``max``), bitwise operators
and shifts, comparisons, ``and``/``or``/``not``, conditional expressions, ``math`` functions, tuples built,
indexed and unpacked, ``if``/``elif``/``else`` chains, ``for`` over ``range`` and over tuples, ``while``
loops, ``break``/``continue``/loop ``else``, augmented assignments and early returns.

Two texts are generated from the same tree:

- the *program*, compiled with ``ferrumba.njit``;
- its *reference* twin, run as plain Python, in which every place where Numba's typing rules (which
  Ferrumba follows) differ from Python's is spelled out explicitly:

  * every int64-typed result is wrapped to 64 bits (``W``), so int arguments can be anything in int64
    (edge values included) and overflow must wrap exactly like hardware arithmetic;
  * joins of different types (``min``/``max``, ``x if c else y``, ``and``/``or``) unify: bool+int -> int,
    int+float -> float, so the reference converts the operands (``int(..)``/``float(..)``);
  * ``/`` and mixed int/float comparisons convert int operands to float first (Numba does; Python
    compares and divides ints exactly);
  * float ``**`` and ``math`` functions follow C (``pow``/libm): NaN or inf where Python raises
    ValueError/OverflowError (docs/decisions.md);
  * int ``**`` only ever sees small non-negative exponents.

Division and modulo by zero (int or float) must raise ``ZeroDivisionError`` in both.

Run this file directly to explore other seeds: ``python tests/test_differential.py 0 5000`` prints the
failing seeds with their program text (``-v`` prints every program).
"""

import math
import operator
import os
import random
import re
import sys

import numpy as np
import pytest

from ferrumba import njit

from helpers import define


def define_named(source, namespace, name):
    """Like ``helpers.define`` for a function not called ``f``."""
    define(source + "f = " + name + "\n", namespace)
    return namespace[name]

I64_MIN = -(2**63)
I64_MAX = 2**63 - 1

N_SEEDS = 600
BIG = int(os.environ.get("FERRUMBA_FUZZ_BIG", "1"))  # > 1: bigger programs, for exploring by hand
ARG_SETS = 16

# --------------------------------------------------------------------------------------------------
# The reference twin's helpers


class Undefined(Exception):
    """The reference reached a value Numba leaves undefined (float -> int of NaN, inf or |x| >= 2**63):
    that argument set is not compared."""


def W(v):
    """Wrap a Python int to int64."""
    return ((v + 2**63) % 2**64) - 2**63


def P(a, b):
    """Float power as C's ``pow`` computes it (Numba's float ``**`` and ``math.pow``)."""
    try:
        r = a**b
    except (OverflowError, ZeroDivisionError):
        r = None
    if r is None or isinstance(r, complex):
        with np.errstate(all="ignore"):
            return float(np.power(np.float64(a), np.float64(b)))
    return float(r)


_NP_FALLBACK = {
    "sqrt": np.sqrt, "exp": np.exp, "log": np.log, "log1p": np.log1p, "expm1": np.expm1,
    "sin": np.sin, "cos": np.cos, "tan": np.tan, "atan": np.arctan, "tanh": np.tanh,
    "sinh": np.sinh, "cosh": np.cosh, "asin": np.arcsin, "acos": np.arccos, "log10": np.log10,
    "log2": np.log2, "atan2": np.arctan2, "hypot": np.hypot, "pow": np.power,
}


def M(name, *args):
    """``math.<name>`` with C semantics outside the domain (NaN/inf instead of an exception)."""
    if name == "copysign" and math.isnan(args[1]):
        raise Undefined  # the sign of a NaN made by an invalid operation is the platform's choice
    try:
        return getattr(math, name)(*args)
    except (ValueError, OverflowError):
        with np.errstate(all="ignore"):
            return float(_NP_FALLBACK[name](*[np.float64(a) for a in args]))


def FI(fn, x):
    """``int``/``round``/``math.floor``/``ceil``/``trunc`` of a float: an int64 where it fits."""
    if not math.isfinite(x) or abs(x) >= 2.0**63:
        raise Undefined
    v = fn(x)
    if not I64_MIN <= v <= I64_MAX:
        raise Undefined
    return v


_CMP = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq,
        "!=": operator.ne}


def TC(op, a, b):
    """Tuple comparison item by item with ``==`` only: Python's also treats an item *identical* to the
    other as equal (so ``(nan,) == (nan,)`` for the same NaN object), which compiled code cannot see."""
    for x, y in zip(a, b):
        if not x == y:
            return _CMP[op](x, y)
    return _CMP[op](len(a), len(b))


def IN(x, items):
    """``x in items`` by ``==`` only (no identity shortcut, see ``TC``)."""
    return any(x == y for y in items)


_OPS = {"+": "add", "-": "sub", "*": "mul", "//": "floordiv", "%": "mod", "&": "and_", "|": "or_",
        "^": "xor", "<<": "lshift", ">>": "rshift", "/": "truediv"}


def spell(a, op, b, r):
    """``a op b``, sometimes spelled as the ``operator`` module's function."""
    if r.random() < 0.1:
        return f"operator.{_OPS[op]}({a}, {b})"
    return f"({a} {op} {b})"


# functions whose result is correctly rounded (so compared exactly); others within REL
EXACT_MATH1 = ["sqrt", "fabs"]
TRANS_MATH1 = ["exp", "log", "log1p", "expm1", "sin", "cos", "tan", "atan", "tanh", "sinh", "cosh",
               "asin", "acos", "log10", "log2"]
EXACT_MATH2 = ["copysign"]
TRANS_MATH2 = ["atan2", "hypot", "pow"]
PRED_MATH = ["isnan", "isinf", "isfinite"]
REL = 1e-12

# --------------------------------------------------------------------------------------------------
# Values

INT_EDGES = [0, 1, -1, 2, -2, 3, 7, -7, 100, 2**31, -(2**31), 2**53 + 1, I64_MAX, I64_MIN, I64_MIN + 1]
FLOAT_EDGES = [0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 3.0, 1e300, -1e300, 1e-300, 5e-324, 2.0**53,
               math.inf, -math.inf, math.nan, 1e-10]


def rand_arg(r, t):
    if t == "i":
        k = r.random()
        if k < 0.4:
            return r.choice(INT_EDGES)
        if k < 0.8:
            return r.randint(-(2**20), 2**20)
        if k < 0.9:
            return r.randint(-20, 20)
        return r.randint(I64_MIN, I64_MAX)
    if t == "f":
        k = r.random()
        if k < 0.4:
            return r.choice(FLOAT_EDGES)
        if k < 0.7:
            return round(r.uniform(-100, 100), r.randint(0, 3))
        if k < 0.9:
            return r.uniform(-1e6, 1e6)
        return r.choice([-1, 1]) * r.random() * 10.0 ** r.randint(-300, 300)
    return r.random() < 0.5


# --------------------------------------------------------------------------------------------------
# The generator
#
# Types: "i" int64, "f" float64, "b" bool, or a tuple of those (a Python tuple of type strings).

NUM = ("i", "f", "b")
INT_CONSTS = [0, 1, 2, 3, 5, 7, 10, 100, 255, 2**31, 2**40, 2**62, I64_MAX]
FLOAT_CONSTS = ["0.0", "1.0", "0.5", "2.0", "3.25", "1e300", "1e-300", "100.0", "math.pi", "math.inf",
                "math.nan", "1e-05"]


_HAS_VAR = re.compile(r"\b([a-dpq]|[vtik]\d+)\b")


def unify(a, b):
    if a == b:
        return a
    if "f" in (a, b):
        return "f"
    return "i"


def conv(ref, frm, to):
    """Reference text converting a value of type ``frm`` to ``to`` the way Numba's unification does."""
    if frm == to:
        return ref
    if to == "f":
        return f"float({ref})"
    if to == "i":
        return f"int({ref})"
    raise AssertionError((frm, to))


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.scopes = [[]]  # lists of (name, type)
        self.n = 0
        self.trans = False  # uses a math function that is not correctly rounded
        self.helper = None  # (name, param types, return type)
        self.loop_depth = 0
        self.noconst = False

    # -- names -----------------------------------------------------------------------------------
    def fresh(self, prefix="v"):
        self.n += 1
        return f"{prefix}{self.n}"

    def visible(self, pred):
        return [(n, t) for scope in self.scopes for (n, t) in scope if pred(t)]

    def declare(self, name, t):
        self.scopes[-1].append((name, t))

    # -- expressions: each returns (program text, reference text) ---------------------------------
    def expr(self, t, d):
        r = self.r
        if isinstance(t, tuple):
            parts = [self.expr(x, d - 1) for x in t]
            tail = "," if len(t) == 1 else ""
            return ("(" + ", ".join(p for p, _ in parts) + tail + ")",
                    "(" + ", ".join(q for _, q in parts) + tail + ")")
        if d <= 0 or r.random() < 0.2:
            return self.leaf(t)
        return getattr(self, "expr_" + t)(d - 1)

    def leaf(self, t):
        r = self.r
        vars_ = self.visible(lambda vt: vt == t)
        if vars_ and r.random() < 0.85:
            # favour the most recently defined variables, so that results depend on the statements
            name = vars_[-1 - int(len(vars_) * r.random() ** 2)][0]
            return name, name
        # an element of a tuple variable
        tups = self.visible(lambda vt: isinstance(vt, tuple) and t in vt)
        if tups and r.random() < 0.5:
            name, tt = r.choice(tups)
            idx = r.choice([i for i, x in enumerate(tt) if x == t])
            if r.random() < 0.3:
                idx -= len(tt)
            s = f"{name}[{idx}]"
            return s, s
        if self.noconst:
            name, vt = r.choice([(n, vt) for scope in self.scopes for (n, vt) in scope if vt in NUM])
            a = f"({name} > 0)"
            return ({"b": (a, a), "i": (f"int({a})", f"int({a})"), "f": (f"float({a})", f"float({a})")})[t]
        if t == "i":
            c = r.choice(INT_CONSTS)
            s = str(c) if r.random() < 0.7 or c == I64_MAX else f"(-{c})"
            return s, s
        if t == "f":
            c = r.choice(FLOAT_CONSTS)
            s = c if r.random() < 0.7 else f"(-{c})"
            return s, s
        s = r.choice(["True", "False"])
        return s, s

    def varexpr(self, t, d):
        """An expression that mentions a variable: conditions and the first operand of ``and``/``or``/``not``
        must not be constant, or Numba (and Ferrumba) prune the dead branch and the join's type changes."""
        saved, self.noconst = self.noconst, True  # no constant leaves: ``x or True`` is pruned too
        try:
            for _ in range(50):
                a, ar = self.expr(t, d)
                if _HAS_VAR.search(a):
                    return a, ar
        finally:
            self.noconst = saved
        name, vt = self.scopes[0][0]
        if vt == t:
            return name, name
        a = f"({name} > 0)"
        return ({"b": (a, a), "i": (f"int({a})", f"int({a})"), "f": (f"float({a})", f"float({a})")})[t]

    def sub(self, d, types=NUM):
        t = self.r.choice(types)
        a, b = self.expr(t, d)
        return t, a, b

    def join(self, d, t, make, make_ref=None, first_var=False):
        """A two-operand join of result type ``t`` (operands of types unifying to ``t``)."""
        r = self.r
        if t == "i":
            ta, tb = r.choice([("i", "i"), ("i", "i"), ("b", "i"), ("i", "b")])
        elif t == "f":
            ta, tb = r.choice([("f", "f"), ("f", "f"), ("i", "f"), ("f", "i"), ("b", "f")])
        else:
            ta, tb = "b", "b"
        a, ar = self.varexpr(ta, d) if first_var else self.expr(ta, d)
        b, br = self.expr(tb, d)
        return make(a, b), (make_ref or make)(conv(ar, ta, t), conv(br, tb, t))

    def cond(self, d, t):
        c, cr = self.varexpr(self.r.choice(NUM), d)
        return self.join(d, t, lambda a, b: f"({a} if {c} else {b})", lambda a, b: f"({a} if {cr} else {b})")

    def call_helper(self, d, t):
        name, pts, rt = self.helper
        if rt != t:
            return None
        args = [self.expr(pt, d) for pt in pts]
        if self.r.random() < 0.3:
            return (f"{name}(q={args[1][0]}, p={args[0][0]})", f"{name}(q={args[1][1]}, p={args[0][1]})")
        return (f"{name}(" + ", ".join(a for a, _ in args) + ")",
                f"{name}(" + ", ".join(b for _, b in args) + ")")

    def expr_i(self, d):
        r = self.r
        k = r.randrange(19)
        if self.helper and r.random() < 0.08:
            res = self.call_helper(d, "i")
            if res:
                return res
        if k <= 2:  # + - *
            op = "+-*"[k]
            ta, tb = r.choice([("i", "i"), ("i", "i"), ("i", "b"), ("b", "i"), ("b", "b")])
            a, ar = self.expr(ta, d)
            b, br = self.expr(tb, d)
            return spell(a, op, b, r), f"W({ar} {op} {br})"
        if k <= 4:  # // %
            op = ["//", "%"][k - 3]
            ta, tb = r.choice([("i", "i"), ("i", "i"), ("i", "b"), ("b", "i")])
            a, ar = self.expr(ta, d)
            if tb == "i" and r.random() < 0.5 or tb == "b" and r.random() < 0.7:
                tb = "i"
                b = br = str(r.choice([1, 2, 3, 7, 10, -1, -3, 2**32]))
                b = br = f"({b})"
            else:
                b, br = self.expr(tb, d)
            return spell(a, op, b, r), f"W({ar} {op} {br})"
        if k == 5:  # **
            a, ar = self.expr("i", d)
            if r.random() < 0.5:
                e = str(r.choice([0, 1, 2, 3, 4, 5, 7, 13, 31, 63, 64, 65]))
                return f"({a} ** {e})", f"W({ar} ** {e})"
            b, br = self.expr("i", d)
            return f"({a} ** ({b} & 3))", f"W({ar} ** ({br} & 3))"
        if k == 6:  # unary
            op = r.choice(["-", "abs", "~"])
            t = "i" if op == "abs" else r.choice(["i", "i", "b"])
            a, ar = self.expr(t, d)
            if op == "abs":
                return f"abs({a})", f"W(abs({ar}))"
            return f"({op}{a})", f"W({op}{ar})"
        if k == 7:  # & | ^
            op = r.choice("&|^")
            ta, tb = r.choice([("i", "i"), ("i", "i"), ("i", "b"), ("b", "i")])
            a, ar = self.expr(ta, d)
            b, br = self.expr(tb, d)
            return f"({a} {op} {b})", f"({ar} {op} {br})"
        if k == 8:  # shifts
            op = r.choice(["<<", ">>"])
            a, ar = self.expr("i", d)
            if r.random() < 0.5:
                s = str(r.randint(0, 63))
                return f"({a} {op} {s})", f"W({ar} {op} {s})"
            b, br = self.expr("i", d)
            return f"({a} {op} ({b} & 63))", f"W({ar} {op} ({br} & 63))"
        if k == 9:  # min / max
            fn = r.choice(["min", "max"])
            return self.join(d, "i", lambda a, b: f"{fn}({a}, {b})")
        if k == 10:
            return self.cond(d, "i")
        if k == 11:  # and / or on ints
            op = r.choice(["and", "or"])
            return self.join(d, "i", lambda a, b: f"({a} {op} {b})", first_var=True)
        if k == 12:
            a, ar = self.expr("b", d)
            return f"int({a})", f"int({ar})"
        if k == 13:  # float -> int (undefined outside int64: that argument set is skipped)
            fn = r.choice(["int", "round", "math.floor", "math.ceil", "math.trunc"])
            a, ar = self.expr("f", d)
            return f"{fn}({a})", f"FI({fn}, {ar})"
        if k == 14:  # an element of divmod
            a, ar = self.expr("i", d)
            b, br = self.expr("i", d)
            i = r.randint(0, 1)
            return f"divmod({a}, {b})[{i}]", f"W(divmod({ar}, {br})[{i}])"
        return self.leaf("i") if k == 15 else self.expr_i_arith2(d)

    def expr_i_arith2(self, d):
        # a second helping of the common arithmetic (keeps trees int-heavy)
        r = self.r
        op = r.choice("+-*")
        a, ar = self.expr("i", d)
        b, br = self.expr("i", d)
        return f"({a} {op} {b})", f"W({ar} {op} {br})"

    def expr_f(self, d):
        r = self.r
        k = r.randrange(18)
        if self.helper and r.random() < 0.08:
            res = self.call_helper(d, "f")
            if res:
                return res
        if k <= 3:  # + - * (at least one float operand)
            op = "+-*"[k % 3]
            return self.join(d, "f", lambda a, b: f"({a} {op} {b})")
        if k == 4:  # true division of anything
            ta, tb = r.choice([("i", "i"), ("f", "f"), ("i", "f"), ("f", "i"), ("b", "f"), ("i", "b")])
            a, ar = self.expr(ta, d)
            b, br = self.expr(tb, d)
            return f"({a} / {b})", f"(float({ar}) / float({br}))"
        if k == 5:  # // %
            op = r.choice(["//", "%"])
            return self.join(d, "f", lambda a, b: f"({a} {op} {b})")
        if k == 6:  # **
            a, ar = self.expr("f", d)
            kk = r.random()
            if kk < 0.2:
                e = str(r.randint(0, 3))
            elif kk < 0.4:  # a non-negative int exponent (0.0 ** -n: see test_regressions.py)
                b, br = self.expr("i", d)
                return f"({a} ** ({b} & 7))", f"P({ar}, ({br} & 7))"
            elif kk < 0.7:
                e = r.choice(["0.5", "2.0", "(-1.0)", "1.5", "(-0.5)", "3.0"])
            else:
                e, er = self.expr("f", d)
                return f"({a} ** {e})", f"P({ar}, {er})"
            return f"({a} ** {e})", f"P({ar}, {e})"
        if k == 7:  # unary
            op = r.choice(["-", "abs"])
            a, ar = self.expr("f", d)
            return (f"abs({a})", f"abs({ar})") if op == "abs" else (f"(-{a})", f"(-{ar})")
        if k == 8:
            fn = r.choice(["min", "max"])
            return self.join(d, "f", lambda a, b: f"{fn}({a}, {b})")
        if k == 9:
            return self.cond(d, "f")
        if k == 10:  # math, one argument
            if r.random() < 0.5:
                fn = r.choice(EXACT_MATH1)
            else:
                fn = r.choice(TRANS_MATH1)
                self.trans = True
            t, a, ar = self.sub(d, ("f", "f", "i"))
            return f"math.{fn}({a})", f"M('{fn}', {conv(ar, t, 'f')})"
        if k == 11:  # math, two arguments
            if r.random() < 0.3:
                fn = r.choice(EXACT_MATH2)
            else:
                fn = r.choice(TRANS_MATH2)
                self.trans = True
            a, ar = self.expr("f", d)
            b, br = self.expr("f", d)
            return f"math.{fn}({a}, {b})", f"M('{fn}', {ar}, {br})"
        if k == 12:
            t, a, ar = self.sub(d, ("i", "b"))
            return f"float({a})", f"float({ar})"
        if k == 13:
            op = r.choice(["and", "or"])
            return self.join(d, "f", lambda a, b: f"({a} {op} {b})", first_var=True)
        if k == 14:
            a, ar = self.expr("f", d)
            n = r.randint(0, 3)  # (negative ndigits: see test_regressions.py)
            return f"round({a}, {n})", f"round({ar}, {n})"
        if k == 15:
            i = r.randint(0, 1)
            return self.join(d, "f", lambda a, b: f"divmod({a}, {b})[{i}]")
        return self.leaf("f")

    def expr_b(self, d):
        r = self.r
        k = r.randrange(11)
        if self.helper and r.random() < 0.08:
            res = self.call_helper(d, "b")
            if res:
                return res
        if k <= 2:  # comparison
            op = r.choice(["<", "<=", ">", ">=", "==", "!="])
            ta, tb = r.choice([("i", "i"), ("f", "f"), ("i", "f"), ("f", "i"), ("b", "i"), ("b", "b"),
                               ("b", "f")])
            a, ar = self.expr(ta, d)
            b, br = self.expr(tb, d)
            if "f" in (ta, tb):
                ar, br = conv(ar, ta, "f"), conv(br, tb, "f")
            return f"({a} {op} {b})", f"({ar} {op} {br})"
        if k == 3:  # chained comparison, one type
            t = r.choice(["i", "f"])
            ops = [r.choice(["<", "<=", ">", ">=", "==", "!="]) for _ in range(2)]
            x = [self.expr(t, d - 1) for _ in range(3)]
            return (f"({x[0][0]} {ops[0]} {x[1][0]} {ops[1]} {x[2][0]})",
                    f"({x[0][1]} {ops[0]} {x[1][1]} {ops[1]} {x[2][1]})")
        if k == 4:
            a, ar = self.varexpr(self.r.choice(NUM), d)
            return f"(not {a})", f"(not {ar})"
        if k == 5:
            op = r.choice(["and", "or"])
            return self.join(d, "b", lambda a, b: f"({a} {op} {b})", first_var=True)
        if k == 6:
            fn = r.choice(PRED_MATH)
            a, ar = self.expr("f", d)
            return f"math.{fn}({a})", f"math.{fn}({ar})"
        if k == 7:
            return self.cond(d, "b")
        if k == 8:  # tuple comparison, item types alike
            ts = [r.choice(["i", "f", "b"]) for _ in range(r.randint(1, 3))]
            op = r.choice(["<", "<=", ">", ">=", "==", "!="])
            a, ar = self.expr(tuple(ts), d)
            b, br = self.expr(tuple(ts), d)
            return f"({a} {op} {b})", f"TC('{op}', {ar}, {br})"
        if k == 9:
            t = r.choice(["i", "f"])
            a, ar = self.expr(t, d)
            items = [self.expr(t, d - 1) for _ in range(r.randint(1, 3))]
            tail = "," if len(items) == 1 else ""
            neg = r.choice(["in", "not in"])
            return (f"({a} {neg} ({', '.join(x for x, _ in items)}{tail}))",
                    f"({'not ' if neg == 'not in' else ''}IN({ar}, ({', '.join(y for _, y in items)}{tail})))")
        return self.leaf("b")

    # -- statements --------------------------------------------------------------------------------
    def block(self, depth, n, ret_t, out, ind):
        """Append ``n`` statements at indentation ``ind`` to ``out`` (list of (program, reference))."""
        for _ in range(n):
            self.stmt(depth, ret_t, out, ind)

    def emit(self, out, ind, prog, ref=None):
        out.append(("    " * ind + prog, "    " * ind + (prog if ref is None else ref)))

    def stmt(self, depth, ret_t, out, ind):
        r = self.r
        ed = r.randint(1, 3)
        k = r.random()
        assignable = self.visible(lambda t: t in NUM)
        if k < 0.25 or not assignable:
            t = r.choice(["i", "i", "f", "f", "b"])
            name = self.fresh()
            # (never a bare constant: a variable bound once to a constant is a constant to Numba's
            # branch pruning, which then changes the type of ``x if v else y`` joins)
            e, er = self.varexpr(t, ed)
            self.emit(out, ind, f"{name} = {e}", f"{name} = {er}")
            self.declare(name, t)
        elif k < 0.35:  # reassignment
            name, t = r.choice(assignable)
            e, er = self.varexpr(t, ed)
            self.emit(out, ind, f"{name} = {e}", f"{name} = {er}")
        elif k < 0.5:  # augmented assignment
            cands = [(n, t) for n, t in assignable if t in ("i", "f")]
            if not cands:
                return self.stmt(depth, ret_t, out, ind)
            name, t = r.choice(cands)
            if t == "i":
                op = r.choice(["+", "-", "*", "&", "|", "^", "//", "%"])
                e, er = self.expr(r.choice(["i", "i", "b"]), ed)
                ref = f"{name} = W({name} {op} {er})"
            else:
                op = r.choice(["+", "-", "*", "/"])
                te = r.choice(["f", "f", "i"])
                e, er = self.expr(te, ed)
                ref = f"{name} = {name} {op} {conv(er, te, 'f')}"
            self.emit(out, ind, f"{name} {op}= {e}", ref)
        elif k < 0.6:  # tuple built and unpacked
            t = tuple(r.choice(["i", "f", "b"]) for _ in range(r.randint(2, 3)))
            e, er = self.expr(t, ed)
            tname = self.fresh("t")
            self.emit(out, ind, f"{tname} = {e}", f"{tname} = {er}")
            self.declare(tname, t)
            if r.random() < 0.6:
                names = [self.fresh() for _ in t]
                self.emit(out, ind, f"{', '.join(names)} = {tname}")
                for nm, tt in zip(names, t):
                    self.declare(nm, tt)
            if r.random() < 0.3:  # swap two variables of one type
                for tt in ("i", "f"):
                    same = [n for n, vt in self.visible(lambda vt: vt == tt)]
                    if len(same) >= 2:
                        x, y = r.sample(same, 2)
                        self.emit(out, ind, f"{x}, {y} = {y}, {x}")
                        break
        elif k < 0.72 and depth > 0:  # if / elif / else
            c, cr = self.expr(r.choice(["b", "b", "i", "f"]), ed)
            self.emit(out, ind, f"if {c}:", f"if {cr}:")
            self.sub_block(depth, ret_t, out, ind + 1)
            for _ in range(r.randint(0, 2)):
                c, cr = self.expr(r.choice(["b", "b", "i", "f"]), ed)
                self.emit(out, ind, f"elif {c}:", f"elif {cr}:")
                self.sub_block(depth, ret_t, out, ind + 1)
            if r.random() < 0.5:
                self.emit(out, ind, "else:")
                self.sub_block(depth, ret_t, out, ind + 1)
        elif k < 0.84 and depth > 0:  # for over range or a tuple
            v = self.fresh("i")
            kk = r.random()
            if kk < 0.2 and self.visible(lambda t: t in ("i", "f")):
                t = r.choice(["i", "f"])
                items = [self.expr(t, 1) for _ in range(r.randint(1, 4))]
                tail = "," if len(items) == 1 else ""
                self.emit(out, ind, f"for {v} in ({', '.join(a for a, _ in items)}{tail}):",
                          f"for {v} in ({', '.join(b for _, b in items)}{tail}):")
                vt = t
            else:
                vt = "i"
                if kk < 0.5:
                    rng, rref = f"range({r.randint(0, 6)})", None
                elif kk < 0.7:
                    e, er = self.expr("i", 1)
                    rng, rref = f"range({e} % 7)", f"range({er} % 7)"
                elif kk < 0.85:
                    lo, hi = r.randint(-5, 3), r.randint(-3, 6)
                    rng, rref = f"range({lo}, {hi})", None
                else:
                    step = r.choice([-3, -2, -1, 2, 3])
                    lo, hi = (r.randint(3, 8), r.randint(-4, 2)) if step < 0 else (r.randint(-4, 2), r.randint(3, 8))
                    rng, rref = f"range({lo}, {hi}, {step})", None
                self.emit(out, ind, f"for {v} in {rng}:", f"for {v} in {rref or rng}:")
            self.scopes.append([(v, vt)])
            self.loop_body(depth, ret_t, out, ind + 1)
            self.scopes.pop()
            if r.random() < 0.15:
                self.emit(out, ind, "else:")
                self.sub_block(depth, ret_t, out, ind + 1)
        elif k < 0.9 and depth > 0:  # while with a counter
            cnt = self.fresh("k")
            lim = r.randint(0, 6)
            self.emit(out, ind, f"{cnt} = 0")
            c, cr = self.expr("b", 1)
            if r.random() < 0.5:
                self.emit(out, ind, f"while {cnt} < {lim}:")
            else:
                self.emit(out, ind, f"while {cnt} < {lim} and {c}:", f"while {cnt} < {lim} and {cr}:")
            self.emit(out, ind + 1, f"{cnt} += 1")
            self.scopes.append([])
            self.loop_body(depth, ret_t, out, ind + 1)
            self.scopes.pop()
            if r.random() < 0.15:
                self.emit(out, ind, "else:")
                self.sub_block(depth, ret_t, out, ind + 1)
        elif k < 0.95 and depth > 0:  # early return
            c, cr = self.varexpr("b", ed)
            self.emit(out, ind, f"if {c}:", f"if {cr}:")
            e, er = self.expr(ret_t, ed)
            self.emit(out, ind + 1, f"return {e}", f"return {er}")
        else:
            name = self.fresh()
            e, er = self.expr("f", ed)
            self.emit(out, ind, f"{name} = {e}", f"{name} = {er}")
            self.declare(name, "f")

    def sub_block(self, depth, ret_t, out, ind):
        self.scopes.append([])
        self.block(depth - 1, self.r.randint(1, 3), ret_t, out, ind)
        self.scopes.pop()

    def loop_body(self, depth, ret_t, out, ind):
        r = self.r
        self.loop_depth += 1
        self.block(depth - 1, r.randint(1, 3), ret_t, out, ind)
        if r.random() < 0.4:
            c, cr = self.expr("b", 1)
            self.emit(out, ind, f"if {c}:", f"if {cr}:")
            self.emit(out, ind + 1, r.choice(["break", "continue"]))
            if r.random() < 0.5:
                self.block(0, 1, ret_t, out, ind)
        self.loop_depth -= 1

    # -- whole functions ---------------------------------------------------------------------------
    def function(self, name, params, ret_t, n_stmts, depth):
        self.scopes = [list(params)]
        out = []
        self.block(depth, n_stmts, ret_t, out, 1)
        e, er = self.expr(ret_t, self.r.randint(1, 3))
        self.emit(out, 1, f"return {e}", f"return {er}")
        head = f"def {name}({', '.join(n for n, _ in params)}):\n"
        return head + "".join(p + "\n" for p, _ in out), head + "".join(q + "\n" for _, q in out)


def rand_type(r, allow_tuple=True):
    if allow_tuple and r.random() < 0.2:
        return tuple(r.choice(["i", "f", "b"]) for _ in range(r.randint(1, 3)))
    return r.choice(["i", "i", "f", "f", "b"])


def generate(seed):
    """(program, reference, helper program, helper reference, param types, transcendental?)"""
    g = Gen(seed)
    r = g.r
    hsrc = href = None
    if r.random() < 0.15:
        hp = [("p", r.choice(NUM)), ("q", r.choice(NUM))]
        hrt = r.choice(NUM)
        hsrc, href = g.function("g", hp, hrt, r.randint(0, 2), 1)
        g.helper = ("g", [t for _, t in hp], hrt)
    params = [(n, r.choice(["i", "i", "f", "f", "b"])) for n in "abcd"[: r.randint(1, 4)]]
    ret_t = rand_type(r)
    src, ref = g.function("f", params, ret_t, r.randint(1, 6 * BIG), 2 + (BIG > 1))
    return src, ref, hsrc, href, [t for _, t in params], g.trans


# --------------------------------------------------------------------------------------------------
# Comparison


def same(got, exp, rel):
    if isinstance(exp, tuple):
        return isinstance(got, tuple) and len(got) == len(exp) and all(same(g, e, rel) for g, e in zip(got, exp))
    if type(got) is not type(exp):
        return False
    if isinstance(exp, float):
        if math.isnan(exp) or math.isnan(got):
            return math.isnan(exp) and math.isnan(got)
        if got == exp:
            return math.copysign(1.0, got) == math.copysign(1.0, exp) or rel
        return bool(rel) and not math.isinf(exp) and math.isclose(got, exp, rel_tol=REL, abs_tol=1e-300)
    return got == exp


def result_type_of(t):
    return {"i": int, "f": float, "b": bool}[t]


def run_case(seed):
    """Returns None if the compiled function agrees with its reference on every argument set, else a
    description of the first disagreement."""
    src, ref, hsrc, href, ptypes, trans = generate(seed)
    pns = {"math": math, "operator": operator}
    rns = {"math": math, "operator": operator, "W": W, "P": P, "M": M, "FI": FI, "TC": TC, "IN": IN}
    if hsrc:
        pns["g"] = njit(define_named(hsrc, {"math": math, "operator": operator}, "g"))
        define_named(href, rns, "g")
    cf = njit(define(src, pns))
    rf = define(ref, rns)
    r = random.Random(seed * 7919 + 1)
    for n in range(ARG_SETS):
        args = tuple(rand_arg(r, t) for t in ptypes)
        try:
            exp = rf(*args)
        except ZeroDivisionError as e:
            exp_exc = e
        except Undefined:
            continue
        else:
            exp_exc = None
        try:
            got = cf(*args)
        except ZeroDivisionError as e:
            got_exc = e
        except Exception as e:  # noqa: BLE001
            return f"{src}\nargs={args!r}: raised {type(e).__name__}: {e}; expected " + (
                f"{type(exp_exc).__name__}" if exp_exc else f"{exp!r}")
        else:
            got_exc = None
        if exp_exc or got_exc:
            if type(exp_exc) is not type(got_exc):
                return (f"{src}\nargs={args!r}: got " + (type(got_exc).__name__ if got_exc else repr(got)) +
                        ", expected " + (type(exp_exc).__name__ if exp_exc else repr(exp)))
            continue
        if not same(got, exp, trans):
            return f"{src}\nargs={args!r}: got {got!r}, expected {exp!r}"
    return None


@pytest.mark.parametrize("seed", range(N_SEEDS))
def test_generated(seed):
    problem = run_case(seed)
    assert problem is None, f"seed {seed}:\n{problem}"


# --------------------------------------------------------------------------------------------------
# Wrapping on specific cases (the generated programs check it too, through the reference's ``W``)

WRAP_CASES = [
    ("a + b", [(I64_MAX, 1), (I64_MIN, -1), (I64_MAX, I64_MAX)]),
    ("a - b", [(I64_MIN, 1), (I64_MAX, -1), (0, I64_MIN)]),
    ("a * b", [(I64_MAX, 2), (2**32, 2**32), (I64_MIN, -1), (3037000500, 3037000500)]),
    ("-a + b", [(I64_MIN, 0)]),
    ("abs(a) + b", [(I64_MIN, 0), (I64_MIN, 1)]),
    ("a ** 3 + b", [(2**21 + 1, 0), (-(2**22), 5), (I64_MAX, 0)]),
    ("a << 63 | b", [(1, 0), (3, 1)]),
    ("a // b", [(I64_MIN, -1)]),
    ("a % b", [(I64_MIN, -1)]),
]


@pytest.mark.parametrize("expr,argsets", WRAP_CASES, ids=[c[0] for c in WRAP_CASES])
def test_wrapping(expr, argsets):
    f = njit(define(f"def f(a, b):\n    return {expr}\n", {}))
    py = define(f"def f(a, b):\n    return {expr}\n", {})
    for args in argsets:
        assert f(*args) == W(py(*args)), (expr, args)


if __name__ == "__main__":
    lo, hi = int(sys.argv[1]), int(sys.argv[2])
    verbose = "-v" in sys.argv
    bad = 0
    for s in range(lo, hi):
        if verbose:
            print(f"--- seed {s}\n" + generate(s)[0], flush=True)
        try:
            p = run_case(s)
        except Exception as e:  # noqa: BLE001
            p = f"{generate(s)[0]}\n{type(e).__name__}: {e}"
        if p:
            bad += 1
            print(f"=== seed {s}\n{p}\n", flush=True)
    print(f"{bad} failing of {hi - lo}")
