//! The [`Type`] of a value in compiled code, printed with Numba's names.

use std::fmt;

/// An integer type: width in bits and signedness.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IntTy {
    pub bits: u8,
    pub signed: bool,
}

impl IntTy {
    pub const I64: IntTy = IntTy { bits: 64, signed: true };
    pub const U64: IntTy = IntTy { bits: 64, signed: false };
    pub const fn new(bits: u8, signed: bool) -> Self {
        IntTy { bits, signed }
    }
}

/// How an array's elements are laid out in memory: part of the array type, so contiguous arrays get
/// unit-stride code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Layout {
    /// C-contiguous (row major).
    C,
    /// Fortran-contiguous (column major).
    F,
    /// Any strides.
    A,
}

impl Layout {
    pub fn name(self) -> &'static str {
        match self {
            Layout::C => "C",
            Layout::F => "F",
            Layout::A => "A",
        }
    }
}

/// A NumPy array type: element type, number of dimensions, layout, and whether writes are allowed.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ArrayTy {
    pub dtype: Box<Type>,
    pub ndim: u8,
    pub layout: Layout,
    pub readonly: bool,
}

/// The type of a value in compiled code.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Type {
    /// `bool`
    Boolean,
    /// `int8` … `uint64`
    Integer(IntTy),
    /// `float32` (32) or `float64` (64)
    Float(u8),
    /// `complex64` (64) or `complex128` (128): two floats of half the width
    Complex(u8),
    /// `none`
    NoneType,
    /// `Tuple(int64, float64)`, printed `UniTuple(int64 x 2)` when homogeneous
    Tuple(Vec<Type>),
    /// `OptionalType(int64)`: a value or None
    Optional(Box<Type>),
    /// `array(float64, 2d, C)`: a NumPy array
    Array(ArrayTy),
    /// `a.flat`: the array, indexed and iterated as one dimension in C order (the array's leaves)
    ArrayFlat(ArrayTy),
    /// The result of `range(...)`: start, stop, step
    RangeState,
    /// The iterator over a range: current, stop, step
    RangeIter,
    /// The iterator over a homogeneous tuple or an array: the index, then the sequence
    SeqIter(Box<Type>),
    /// `enumerate(iterable)`: the iterable's value
    Enumerate(Box<Type>),
    /// `zip(a, b, ...)`: the iterables' values
    Zip(Vec<Type>),
    /// The iterator of `enumerate`: a count, then the inner iterator
    EnumerateIter(Box<Type>),
    /// The iterator of `zip`: the inner iterators
    ZipIter(Vec<Type>),
    /// `slice(start, stop[, step])` (written `a[i:j:k]`): three int64s, a missing start or stop being
    /// `i64::MIN`; `has_step` is false when the step was omitted (so contiguity is known)
    Slice { has_step: bool },
    /// A method looked up on a value (`z.conjugate`): the receiver is its runtime value
    BoundMethod { receiver: Box<Type>, name: String },
    /// A compile-time string (exception messages); no runtime representation
    StringLiteral,
    /// A module object (`math`): compile time only
    Module(String),
    /// A known function (`math.sqrt`, `abs`): compile time only
    Function(String),
    /// Another compiled function: compile time only, called natively
    Dispatcher { handle: u64, name: String },
    /// An exception class: compile time only
    ExceptionClass { id: u32, name: String },
    /// The type of a variable read before assignment
    Undefined,
    /// `...` in an array index: compile time only
    Ellipsis,
}

impl Type {
    /// An array type.
    pub fn array(dtype: Type, ndim: u8, layout: Layout) -> Type {
        Type::Array(ArrayTy { dtype: Box::new(dtype), ndim, layout, readonly: false })
    }

    /// Whether values of this type hold references that compiled code must count (arrays, and tuples
    /// or optionals containing them).
    pub fn needs_refcount(&self) -> bool {
        match self {
            Type::Array(_) | Type::ArrayFlat(_) => true,
            Type::Tuple(items) | Type::Zip(items) | Type::ZipIter(items) => items.iter().any(Type::needs_refcount),
            Type::Enumerate(inner) | Type::EnumerateIter(inner) => inner.needs_refcount(),
            Type::Optional(inner) | Type::BoundMethod { receiver: inner, .. } | Type::SeqIter(inner) => {
                inner.needs_refcount()
            }
            _ => false,
        }
    }

    pub const INT64: Type = Type::Integer(IntTy::I64);
    pub const UINT64: Type = Type::Integer(IntTy::U64);
    pub const FLOAT64: Type = Type::Float(64);
    pub const FLOAT32: Type = Type::Float(32);
    pub const COMPLEX128: Type = Type::Complex(128);

    pub fn int(bits: u8, signed: bool) -> Type {
        Type::Integer(IntTy::new(bits, signed))
    }

    pub fn is_integer(&self) -> bool {
        matches!(self, Type::Integer(_))
    }
    pub fn is_float(&self) -> bool {
        matches!(self, Type::Float(_))
    }
    pub fn is_complex(&self) -> bool {
        matches!(self, Type::Complex(_))
    }
    /// Booleans, integers, floats and complex numbers.
    pub fn is_number(&self) -> bool {
        matches!(self, Type::Boolean | Type::Integer(_) | Type::Float(_) | Type::Complex(_))
    }
    /// Integers or booleans (what integer operators accept).
    pub fn is_integer_like(&self) -> bool {
        matches!(self, Type::Boolean | Type::Integer(_))
    }
    /// The type an operator sees: an optional value is used as its inner type (a None raises TypeError
    /// at run time, as in Numba).
    pub fn unwrap_optional(&self) -> &Type {
        match self {
            Type::Optional(inner) => inner,
            t => t,
        }
    }

    /// Types that exist only at compile time and have no runtime value.
    pub fn is_compile_time_only(&self) -> bool {
        matches!(
            self,
            Type::Module(_)
                | Type::Function(_)
                | Type::Dispatcher { .. }
                | Type::ExceptionClass { .. }
                | Type::StringLiteral
        )
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Boolean => write!(f, "bool"),
            Type::Integer(i) => write!(f, "{}int{}", if i.signed { "" } else { "u" }, i.bits),
            Type::Float(bits) => write!(f, "float{bits}"),
            Type::Complex(bits) => write!(f, "complex{bits}"),
            Type::NoneType => write!(f, "none"),
            Type::Ellipsis => write!(f, "ellipsis"),
            Type::Tuple(items) => {
                if let Some(first) = items.first().filter(|t| items.iter().all(|x| x == *t)) {
                    write!(f, "UniTuple({first} x {})", items.len())
                } else {
                    let names: Vec<String> = items.iter().map(|t| t.to_string()).collect();
                    write!(f, "Tuple({})", names.join(", "))
                }
            }
            Type::Optional(inner) => write!(f, "OptionalType({inner})"),
            Type::Array(a) => {
                let prefix = if a.readonly { "readonly " } else { "" };
                write!(f, "{prefix}array({}, {}d, {})", a.dtype, a.ndim, a.layout.name())
            }
            Type::ArrayFlat(a) => write!(f, "array.flat({})", Type::Array(a.clone())),
            Type::RangeState => write!(f, "range_state64"),
            Type::RangeIter => write!(f, "range_iter64"),
            Type::SeqIter(t) => write!(f, "iter({t})"),
            Type::Enumerate(t) => write!(f, "enumerate({t})"),
            Type::Zip(ts) => write!(f, "zip({})", ts.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(", ")),
            Type::EnumerateIter(t) => write!(f, "enumerate_iter({t})"),
            Type::ZipIter(ts) => {
                write!(f, "zip_iter({})", ts.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(", "))
            }
            Type::Slice { has_step } => write!(f, "slice{}_type", if *has_step { 3 } else { 2 }),
            Type::BoundMethod { receiver, name } => write!(f, "BoundFunction({receiver}.{name})"),
            Type::StringLiteral => write!(f, "unicode_type"),
            Type::Module(m) => write!(f, "Module({m})"),
            Type::Function(name) => write!(f, "Function({name})"),
            Type::Dispatcher { name, .. } => write!(f, "type(CPUDispatcher(<function {name}>))"),
            Type::ExceptionClass { name, .. } => write!(f, "ExceptionClass({name})"),
            Type::Undefined => write!(f, "undefined"),
        }
    }
}
