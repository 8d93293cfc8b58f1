//! Ferrumba's intermediate representation: the data that flows from the frontend to code generation.
//!
//! Input: built by `ferrumba-frontend` from a Python function's source. Output: consumed by
//! `ferrumba-typeinfer` (which attaches a type to every value) and `ferrumba-codegen`.
//!
//! A [`Function`] is a control-flow graph in SSA form: [`Block`]s hold [`Phi`]s, then [`Inst`]ructions
//! (each defines exactly one [`ValueId`]), then one [`Terminator`]. Every node carries the [`Span`] of the
//! Python source it came from, so any later stage can point an error at the user's line.
//!
//! Modules:
//! - `ids`: typed indices ([`ValueId`], [`BlockId`]) and source [`Span`]s.
//! - `global`: compile-time values resolved from the function's globals and closure ([`GlobalValue`]).
//! - `printer`: the text form used by `FERRUMBA_DUMP_IR` and the snapshot tests.
//! - `diagnostic`: compile errors with a location, rendered with the source line and a caret.

mod diagnostic;
mod global;
mod ids;
mod printer;

pub use diagnostic::{Diagnostic, ErrorKind, SourceInfo};
pub use global::{Constant, ExceptionRef, GlobalValue};
pub use ids::{BlockId, Span, ValueId};

/// One Python function (or lambda) in SSA form.
#[derive(Clone, Debug)]
pub struct Function {
    /// The Python name (`__name__`), `<lambda>` for lambdas.
    pub name: String,
    /// Parameter names in order; parameter `i` is read by `Op::Arg(i)` in the entry block.
    pub params: Vec<Param>,
    /// All blocks; `BlockId(0)` is the entry.
    pub blocks: Vec<Block>,
    /// Debug information per value, indexed by `ValueId`.
    pub values: Vec<ValueInfo>,
    /// The span of the whole `def`.
    pub span: Span,
}

/// A formal parameter of the Python function.
#[derive(Clone, Debug)]
pub struct Param {
    pub name: String,
    /// Compile-time default (`def f(x, y=2)`), resolved to a constant by the frontend.
    pub default: Option<Constant>,
    pub span: Span,
}

/// Debug information about one SSA value.
#[derive(Clone, Debug, Default)]
pub struct ValueInfo {
    /// The Python variable this value was assigned to, if any (`x` for `x = a + b`).
    pub var_name: Option<String>,
}

/// A basic block: phis, straight-line instructions, one terminator.
#[derive(Clone, Debug)]
pub struct Block {
    pub phis: Vec<Phi>,
    pub insts: Vec<Inst>,
    pub term: Terminator,
    pub term_span: Span,
}

/// `dest = φ(pred₁: v₁, pred₂: v₂, …)`: the value of a variable at a join point.
#[derive(Clone, Debug)]
pub struct Phi {
    pub dest: ValueId,
    /// One entry per predecessor block.
    pub incoming: Vec<(BlockId, ValueId)>,
}

/// One instruction: `result = op`.
#[derive(Clone, Debug)]
pub struct Inst {
    pub result: ValueId,
    pub op: Op,
    pub span: Span,
}

/// What an instruction computes. Each variant names the Python construct it represents.
#[derive(Clone, Debug)]
pub enum Op {
    /// The `i`-th parameter of the function (only in the entry block).
    Arg(usize),
    /// A literal: `1`, `2.5`, `True`, `None`, `3j`, `"text"`.
    Const(Constant),
    /// A name resolved against the function's globals, closure or builtins at compile time:
    /// a module (`math`), a function (`math.sqrt`, another `@njit` function), an exception class.
    Global(GlobalValue),
    /// `a + b`, `a // b`, `a << b`, … (also the value of `a += b`).
    BinOp(BinOpKind, ValueId, ValueId),
    /// `a += b` (and the other augmented assignments) to a name: like `BinOp` for numbers, in place for
    /// arrays (the array `a` is updated and is the result).
    InplaceBinOp(BinOpKind, ValueId, ValueId),
    /// `-a`, `+a`, `~a`, `not a`.
    UnaryOp(UnaryOpKind, ValueId),
    /// One comparison `a < b`; chained comparisons are split by the frontend.
    Compare(CmpKind, ValueId, ValueId),
    /// `a is b` / `a is not b` (`negated`).
    Is { lhs: ValueId, rhs: ValueId, negated: bool },
    /// The truth value of `a` as used by `if`, `while`, `and`, `or`, `assert`: `bool(a)`.
    Truth(ValueId),
    /// `func(args..., name=kwarg...)`.
    Call { func: ValueId, args: Vec<ValueId>, kwargs: Vec<(String, ValueId)> },
    /// `value.name` (module attributes, `z.real`, `x.shape`).
    GetAttr(ValueId, String),
    /// `(a, b, c)`.
    MakeTuple(Vec<ValueId>),
    /// `value[index]` with a literal integer index (negative allowed): Numba's `static_getitem`.
    StaticGetItem(ValueId, i64),
    /// `value[index]` with a computed index.
    GetItem(ValueId, ValueId),
    /// `value[start:stop:step]` with literal bounds (for tuples); `None` where omitted.
    StaticSlice { value: ValueId, start: Option<i64>, stop: Option<i64>, step: Option<i64> },
    /// `value[index] = item`; the result is `None`.
    SetItem { target: ValueId, index: ValueId, value: ValueId },
    /// Element `index` of a sequence unpacked into `count` targets: `a, b = t`.
    UnpackItem { value: ValueId, index: usize, count: usize },
    /// `iter(value)` at the head of a `for` loop; the iterator is an SSA value updated by `IterAdvance`.
    GetIter(ValueId),
    /// Whether the iterator has an item left (the loop condition).
    IterValid(ValueId),
    /// The iterator's current item (the loop variable).
    IterValue(ValueId),
    /// The iterator moved one step forward.
    IterAdvance(ValueId),
    /// `y = x` where the value already belongs to variable `x`: a copy, so that each variable keeps a
    /// type of its own (`locals={'y': float64}`).
    Copy(ValueId),
    /// A value that is read before any assignment on some path (Python's `UnboundLocalError`).
    Undefined(String),
}

/// Binary arithmetic and bitwise operators, in Python's spelling order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinOpKind {
    Add,
    Sub,
    Mul,
    TrueDiv,
    FloorDiv,
    Mod,
    Pow,
    LShift,
    RShift,
    BitAnd,
    BitOr,
    BitXor,
    MatMul,
}

/// Unary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnaryOpKind {
    /// `-a`
    Neg,
    /// `+a`
    Pos,
    /// `~a`
    Invert,
    /// `not a`
    Not,
}

/// Comparison operators (other than `is`, which is `Op::Is`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CmpKind {
    Eq,
    NotEq,
    Lt,
    LtE,
    Gt,
    GtE,
    In,
    NotIn,
}

/// How a block ends.
#[derive(Clone, Debug)]
pub enum Terminator {
    /// Unconditional jump.
    Jump(BlockId),
    /// `if cond: then_block else: else_block`; `cond` is a `Truth` value (type bool).
    Branch { cond: ValueId, then_block: BlockId, else_block: BlockId },
    /// `return value` (`return` alone returns a `None` constant).
    Return(ValueId),
    /// `raise Exc("constant message", ...)` (constant arguments only), also `assert` failures.
    Raise { exc: ExceptionRef, args: Vec<Constant> },
    /// A block that can never be reached (e.g. after `while True` with no `break`).
    Unreachable,
}

impl BinOpKind {
    /// Python's symbol for the operator, as printed in the IR and in error messages.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOpKind::Add => "+",
            BinOpKind::Sub => "-",
            BinOpKind::Mul => "*",
            BinOpKind::TrueDiv => "/",
            BinOpKind::FloorDiv => "//",
            BinOpKind::Mod => "%",
            BinOpKind::Pow => "**",
            BinOpKind::LShift => "<<",
            BinOpKind::RShift => ">>",
            BinOpKind::BitAnd => "&",
            BinOpKind::BitOr => "|",
            BinOpKind::BitXor => "^",
            BinOpKind::MatMul => "@",
        }
    }
}

impl UnaryOpKind {
    pub fn symbol(self) -> &'static str {
        match self {
            UnaryOpKind::Neg => "-",
            UnaryOpKind::Pos => "+",
            UnaryOpKind::Invert => "~",
            UnaryOpKind::Not => "not",
        }
    }
}

impl CmpKind {
    pub fn symbol(self) -> &'static str {
        match self {
            CmpKind::Eq => "==",
            CmpKind::NotEq => "!=",
            CmpKind::Lt => "<",
            CmpKind::LtE => "<=",
            CmpKind::Gt => ">",
            CmpKind::GtE => ">=",
            CmpKind::In => "in",
            CmpKind::NotIn => "not in",
        }
    }
}

impl Function {
    pub fn block(&self, id: BlockId) -> &Block {
        &self.blocks[id.index()]
    }

    pub fn block_ids(&self) -> impl Iterator<Item = BlockId> {
        (0..self.blocks.len()).map(BlockId::new)
    }

    /// Successor blocks of `id`, in terminator order.
    pub fn successors(&self, id: BlockId) -> Vec<BlockId> {
        match &self.block(id).term {
            Terminator::Jump(t) => vec![*t],
            Terminator::Branch { then_block, else_block, .. } => vec![*then_block, *else_block],
            Terminator::Return(_) | Terminator::Raise { .. } | Terminator::Unreachable => vec![],
        }
    }

    /// Finds the instruction that defines `value`, if it is an instruction (not a phi).
    pub fn defining_op(&self, value: ValueId) -> Option<&Op> {
        self.blocks.iter().flat_map(|b| b.insts.iter()).find(|inst| inst.result == value).map(|inst| &inst.op)
    }
}

impl Op {
    /// Every value this operation reads, in order.
    pub fn operands(&self) -> Vec<ValueId> {
        match self {
            Op::Arg(_) | Op::Const(_) | Op::Global(_) | Op::Undefined(_) => vec![],
            Op::BinOp(_, a, b) | Op::InplaceBinOp(_, a, b) | Op::Compare(_, a, b) | Op::GetItem(a, b) => vec![*a, *b],
            Op::Is { lhs, rhs, .. } => vec![*lhs, *rhs],
            Op::UnaryOp(_, a)
            | Op::Truth(a)
            | Op::GetAttr(a, _)
            | Op::StaticGetItem(a, _)
            | Op::GetIter(a)
            | Op::IterValid(a)
            | Op::IterValue(a)
            | Op::IterAdvance(a)
            | Op::Copy(a) => vec![*a],
            Op::StaticSlice { value, .. } | Op::UnpackItem { value, .. } => vec![*value],
            Op::SetItem { target, index, value } => vec![*target, *index, *value],
            Op::Call { func, args, kwargs } => {
                let mut all = vec![*func];
                all.extend(args.iter().copied());
                all.extend(kwargs.iter().map(|(_, v)| *v));
                all
            }
            Op::MakeTuple(items) => items.clone(),
        }
    }
}
