//! Ferrumba's type lattice: the types of values in compiled code, with Numba's names and rules.
//!
//! Used by type inference (`ferrumba-typeinfer`), code generation (`ferrumba-codegen`) and the Python
//! layer (typing of arguments, signatures). No stage logic lives here, only facts about types.
//!
//! Modules:
//! - `ty`: the [`Type`] enum and its Numba-style names.
//! - `parse`: type names and signatures written as text (`"float64(int32, float64)"`).
//! - `promote`: unification and NumPy/Numba promotion of numbers.
//! - `ops`: the result types of Python operators on numbers ([`binop_signature`], ...).

mod ops;
mod parse;
mod promote;
mod ty;

pub use ops::{binop_signature, compare_signature, unary_signature, OpSignature};
pub use parse::{parse_signature, parse_type, ParsedSignature};
pub use promote::{choose_result_int, conversion_cost, promote_numbers, unify};
pub use ty::{ArrayTy, IntTy, Layout, Type};
