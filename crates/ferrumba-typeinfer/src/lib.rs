//! Stage 2, type inference: IR [`Function`] + argument types → [`TypedFunction`].
//!
//! Every SSA value gets one [`Type`]; phis take the unification of their incoming types; the return
//! type is the unification of all returned values. Types are solved to a fixpoint (loops feed phis
//! back), then every instruction is checked once more with the final types, so errors name the types
//! the user will see.
//!
//! Calls are resolved here too: builtins against the typing tables in `decl/`, other compiled functions
//! through a [`CallResolver`] (the driver, which may compile the callee, including recursively).
//!
//! Modules:
//! - `solve`: the fixpoint loop and the final check.
//! - `ops`: the typing rule of each IR operation.
//! - `calls`: calls to builtins, compiled functions and `@overload`s.
//! - `parfor`: the internal builtins of `prange` loops (the outlined body, reduction identities).
//! - `prune`: branches decided by types (`x is None` for a `none` argument) are not typed.
//! - `decl`: typing declarations of builtins, `math`, `cmath` and `operator` functions.

mod arrays;
mod calls;
mod decl;
mod iterators;
mod ops;
mod parfor;
mod prune;
mod solve;

use std::collections::HashMap;

use ferrumba_ir::{BinOpKind, CmpKind, Constant, Diagnostic, Function, UnaryOpKind, ValueId};
use ferrumba_types::{OpSignature, Type};

pub use arrays::expand_ellipsis;
pub use decl::numpy::math_alias as numpy_math_alias;
pub use iterators::item_type as iterator_item_type;
pub use ops::{constant_type, slice_indices};
pub use parfor::ParForCall;
pub use solve::infer;

/// A function with a type for every value and a resolution for every call.
#[derive(Clone, Debug)]
pub struct TypedFunction {
    pub func: Function,
    pub arg_types: Vec<Type>,
    /// Indexed by `ValueId`.
    pub types: Vec<Type>,
    pub return_type: Type,
    /// How each `Op::Call` is carried out.
    pub calls: HashMap<ValueId, CallTarget>,
    /// Blocks that can run; the others were pruned (their branch condition is decided by types).
    pub live_blocks: Vec<bool>,
    /// Branches whose direction the types decide: block → the side taken.
    pub decided_branches: HashMap<ferrumba_ir::BlockId, bool>,
}

impl TypedFunction {
    pub fn type_of(&self, v: ValueId) -> &Type {
        &self.types[v.index()]
    }

    /// The IR text with each value's type (`FERRUMBA_DUMP_TYPED`).
    pub fn display(&self) -> String {
        self.display_with_source(None)
    }

    /// The typed IR with the source lines interleaved (`inspect_types()`).
    pub fn display_with_source(&self, source: Option<&ferrumba_ir::SourceInfo>) -> String {
        let header = format!(
            "signature: ({}) -> {}\n",
            self.arg_types.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(", "),
            self.return_type
        );
        let pruned: Vec<String> = self
            .live_blocks
            .iter()
            .enumerate()
            .filter(|(_, live)| !**live)
            .map(|(i, _)| ferrumba_ir::BlockId::new(i).to_string())
            .collect();
        let pruned =
            if pruned.is_empty() { String::new() } else { format!("pruned (never run): {}\n", pruned.join(", ")) };
        header + &pruned + &self.func.display_annotated(&|v| self.types.get(v.index()).map(|t| t.to_string()), source)
    }
}

/// How a call is implemented.
#[derive(Clone, Debug, PartialEq)]
pub enum CallTarget {
    /// A builtin implemented by code generation under this name (`math.sqrt`, `abs`, `range`):
    /// convert argument `i` to `sig.operands[i]`, produce `sig.result`.
    Builtin {
        name: String,
        sig: OpSignature,
    },
    /// `operator.add(a, b)` and friends: the operator itself.
    BinOp(BinOpKind, OpSignature),
    Compare(CmpKind, OpSignature),
    Unary(UnaryOpKind, OpSignature),
    /// A native call to another compiled function.
    Jitted(JitCall),
    /// A `prange` loop run on the thread pool.
    ParFor(Box<ParForCall>),
}

/// A call to another compiled function, with its arguments in the callee's parameter order.
#[derive(Clone, Debug, PartialEq)]
pub struct JitCall {
    /// The callee's id in the code generator's module.
    pub func_ref: u32,
    pub params: Vec<Type>,
    pub ret: Type,
    /// Where each of the callee's parameters comes from.
    pub args: Vec<ArgSource>,
}

/// The source of one argument of a call to a compiled function.
#[derive(Clone, Debug, PartialEq)]
pub enum ArgSource {
    /// The call's positional argument `i`.
    Positional(usize),
    /// The call's keyword argument `i`.
    Keyword(usize),
    /// The callee's default value.
    Default(Constant),
}

/// Resolves calls to other compiled functions; implemented by the driver.
pub trait CallResolver {
    /// Types the call `handle(*args, **kwargs)`, compiling the callee if needed. `caller_return` is the
    /// caller's return type as inferred so far (what a recursive call back into the caller will see).
    /// `Ok(None)` means "not known yet" (a recursive call whose return type is still being inferred).
    fn resolve_jit_call(
        &mut self,
        handle: u64,
        args: &[Type],
        kwargs: &[(String, Type)],
        caller_return: Option<&Type>,
    ) -> Result<Option<JitCall>, Diagnostic>;

    /// Types a call of a function (`"numpy.sum"`) or method (`"method:Array.sum"`) that has no builtin
    /// implementation but may have an `@overload` written in Python; `Ok(None)` when none applies.
    fn resolve_overload(
        &mut self,
        name: &str,
        args: &[Type],
        kwargs: &[(String, Type)],
        caller_return: Option<&Type>,
    ) -> Result<Option<JitCall>, Diagnostic>;
}

/// Per-function typing options.
#[derive(Clone, Debug, Default)]
pub struct InferOptions {
    /// `locals={'x': float32}`: variables forced to a type.
    pub locals: HashMap<String, Type>,
    /// The return type of an explicit signature (`"int32(float64)"`): returned values convert to it.
    pub return_type: Option<Type>,
}
