//! A table-based `GlobalResolver` for tests: a few modules, builtins, exceptions and constants.

use ferrumba_frontend::GlobalResolver;
use ferrumba_ir::{Constant, ExceptionRef, GlobalValue};

pub struct TableResolver;

fn exception(id: u32, name: &str) -> GlobalValue {
    GlobalValue::Exception(ExceptionRef { id, name: name.to_string() })
}

impl GlobalResolver for TableResolver {
    fn resolve_global(&self, name: &str) -> Option<GlobalValue> {
        Some(match name {
            "math" => GlobalValue::Module("math".into()),
            "np" => GlobalValue::Module("numpy".into()),
            "range" | "abs" | "len" | "min" | "max" | "print" => GlobalValue::Builtin(name.into()),
            "ValueError" => exception(1, "ValueError"),
            "AssertionError" => exception(2, "AssertionError"),
            "ZeroDivisionError" => exception(3, "ZeroDivisionError"),
            "N" => GlobalValue::Constant(Constant::Int(10)),
            "SHAPE" => GlobalValue::Constant(Constant::Tuple(vec![Constant::Int(2), Constant::Int(3)])),
            "helper" => GlobalValue::Dispatcher { handle: 7, name: "helper".into() },
            "LIST" => GlobalValue::Unsupported { type_name: "list".into() },
            _ => return None,
        })
    }

    fn resolve_module_attr(&self, module: &str, attr: &str) -> Option<GlobalValue> {
        Some(match (module, attr) {
            ("math", "pi") => GlobalValue::Constant(Constant::Float(std::f64::consts::PI)),
            ("math", "sqrt" | "exp" | "sin" | "cos") => GlobalValue::Builtin(format!("math.{attr}")),
            ("numpy", "random") => GlobalValue::Module("numpy.random".into()),
            ("numpy", "float64" | "zeros" | "empty" | "arange" | "array") => {
                GlobalValue::Builtin(format!("numpy.{attr}"))
            }
            ("numpy.random", "rand") => GlobalValue::Builtin("numpy.random.rand".into()),
            _ => return None,
        })
    }
}
