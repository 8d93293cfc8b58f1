//! Compile-time values: what a global or closure name referred to when the function was compiled.

use std::fmt;

/// A literal value known at compile time.
#[derive(Clone, Debug, PartialEq)]
pub enum Constant {
    None,
    /// `...` (an array index meaning "every remaining dimension").
    Ellipsis,
    Bool(bool),
    Int(i64),
    Float(f64),
    Complex(f64, f64),
    Str(String),
    Tuple(Vec<Constant>),
}

/// An exception class that compiled code may raise; `id` indexes the host's class table.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ExceptionRef {
    pub id: u32,
    pub name: String,
}

/// What a global (or frozen closure) name resolved to. Produced by the host (the Python layer), which
/// looks names up in `func.__globals__`, the closure cells and `builtins`.
#[derive(Clone, Debug, PartialEq)]
pub enum GlobalValue {
    /// A number, bool, None, string or tuple of them: frozen into the code.
    Constant(Constant),
    /// A module the compiler knows: `math`, `cmath`, `operator`, `numpy`, `ferrumba`.
    Module(String),
    /// A known function by qualified name: `abs`, `range`, `math.sqrt`, `operator.add`.
    Builtin(String),
    /// Another compiled function (a dispatcher), called natively.
    Dispatcher { handle: u64, name: String },
    /// An exception class (`ValueError`, or a user subclass of `Exception`).
    Exception(ExceptionRef),
    /// A Python object compiled code cannot use; `type_name` says what it was.
    Unsupported { type_name: String },
}

impl fmt::Display for Constant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Constant::None => write!(f, "None"),
            Constant::Ellipsis => write!(f, "..."),
            Constant::Bool(b) => write!(f, "{}", if *b { "True" } else { "False" }),
            Constant::Int(i) => write!(f, "{i}"),
            Constant::Float(x) => write!(f, "{x:?}"),
            Constant::Complex(re, im) => write!(f, "({re:?}+{im:?}j)"),
            Constant::Str(s) => write!(f, "{s:?}"),
            Constant::Tuple(items) => {
                write!(f, "(")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{item}")?;
                }
                if items.len() == 1 {
                    write!(f, ",")?;
                }
                write!(f, ")")
            }
        }
    }
}

impl fmt::Display for GlobalValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GlobalValue::Constant(c) => write!(f, "{c}"),
            GlobalValue::Module(m) => write!(f, "module {m}"),
            GlobalValue::Builtin(name) => write!(f, "function {name}"),
            GlobalValue::Dispatcher { name, handle } => write!(f, "dispatcher {name}#{handle}"),
            GlobalValue::Exception(e) => write!(f, "exception {}", e.name),
            GlobalValue::Unsupported { type_name } => write!(f, "unsupported {type_name}"),
        }
    }
}
