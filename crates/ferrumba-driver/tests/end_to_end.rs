//! Compiles small functions through every stage and calls the machine code.

use std::collections::HashMap;

use ferrumba_driver::{compile, FunctionOptions, Host};
use ferrumba_ir::{Constant, Diagnostic, ExceptionRef, GlobalValue, SourceInfo};
use ferrumba_types::Type;

/// Functions by handle; globals: `math`, builtins, other functions by name.
struct TableHost {
    sources: HashMap<u64, &'static str>,
}

impl Host for TableHost {
    fn function_source(&mut self, handle: u64) -> Result<SourceInfo, Diagnostic> {
        Ok(SourceInfo {
            filename: "test.py".into(),
            source: self.sources[&handle].into(),
            first_line: 1,
            col_offset: 0,
        })
    }
    fn resolve_global(&mut self, _: u64, name: &str) -> Result<Option<GlobalValue>, Diagnostic> {
        let by_name = self.sources.iter().find(|(_, src)| src.starts_with(&format!("def {name}(")));
        Ok(match name {
            "math" => Some(GlobalValue::Module("math".into())),
            "range" | "abs" | "min" | "max" | "len" | "round" | "int" | "float" => {
                Some(GlobalValue::Builtin(name.into()))
            }
            "ValueError" | "ZeroDivisionError" | "AssertionError" => {
                Some(GlobalValue::Exception(ExceptionRef { id: 0, name: name.into() }))
            }
            "N" => Some(GlobalValue::Constant(Constant::Int(10))),
            _ => by_name.map(|(h, _)| GlobalValue::Dispatcher { handle: *h, name: name.into() }),
        })
    }
    fn resolve_module_attr(&mut self, module: &str, attr: &str) -> Result<Option<GlobalValue>, Diagnostic> {
        Ok(match attr {
            "pi" => Some(GlobalValue::Constant(Constant::Float(std::f64::consts::PI))),
            _ => Some(GlobalValue::Builtin(format!("{module}.{attr}"))),
        })
    }
    fn options(&mut self, _: u64) -> FunctionOptions {
        FunctionOptions::default()
    }
    fn resolve_overload(&mut self, _: &str, _: &[Type], _: &[(String, Type)]) -> Result<Option<u64>, Diagnostic> {
        Ok(None)
    }
}

type Entry = unsafe extern "C" fn(*const u64, *mut u64, usize) -> i32;

fn run(host: &mut TableHost, handle: u64, args: &[Type], values: &[u64]) -> (i32, [u64; 4]) {
    let compiled = compile(host, handle, args, None).unwrap_or_else(|d| panic!("{}", d.render()));
    let mut ret = [0u64; 4];
    // SAFETY: `entry` is the finalized wrapper for exactly these argument types; `values` holds one
    // slot per argument leaf and `ret` has room for the result's leaves.
    let status = unsafe {
        let f: Entry = std::mem::transmute(compiled.entry);
        f(values.as_ptr(), ret.as_mut_ptr(), ferrumba_runtime::stack_limit())
    };
    (status, ret)
}

#[test]
fn scalar_loop_and_recursion() {
    let mut host = TableHost {
        sources: HashMap::from([
            (1, "def total(n):\n    s = 0.0\n    for i in range(n):\n        s += 1.0 / (i + 1)\n    return s\n"),
            (2, "def fib(n):\n    if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)\n"),
            (3, "def floordiv(a, b):\n    return a // b, a % b\n"),
            (4, "def usesfib(n):\n    return fib(n) + N\n"),
        ]),
    };
    let (status, ret) = run(&mut host, 1, &[Type::INT64], &[4]);
    assert_eq!(status, 0);
    assert_eq!(f64::from_bits(ret[0]), 1.0 + 0.5 + 1.0 / 3.0 + 0.25);

    let (status, ret) = run(&mut host, 2, &[Type::INT64], &[20]);
    assert_eq!((status, ret[0]), (0, 6765));

    let (status, ret) = run(&mut host, 3, &[Type::INT64, Type::INT64], &[(-7i64) as u64, 2]);
    assert_eq!((status, ret[0] as i64, ret[1] as i64), (0, -4, 1));
    let (status, _) = run(&mut host, 3, &[Type::INT64, Type::INT64], &[7, 0]);
    let site = ferrumba_runtime::raise_site(status).expect("a raise site");
    assert_eq!(site.exc_name, "ZeroDivisionError");

    let (status, ret) = run(&mut host, 4, &[Type::INT64], &[10]);
    assert_eq!((status, ret[0]), (0, 65));
}

#[test]
fn compile_errors_point_at_the_source() {
    let mut host = TableHost { sources: HashMap::from([(10, "def bad(a):\n    return a + undefined_name\n")]) };
    let err = compile(&mut host, 10, &[Type::INT64], None).unwrap_err().render();
    assert!(err.contains("undefined_name"), "{err}");
    assert!(err.contains("test.py:2:"), "{err}");
}

/// A host whose every answer panics: the panic must come back as an internal error, not abort.
struct PanickingHost;

impl Host for PanickingHost {
    fn function_source(&mut self, _: u64) -> Result<SourceInfo, Diagnostic> {
        Ok(SourceInfo {
            filename: "p.py".into(),
            source: "def p(x):\n    return x + g\n".into(),
            first_line: 1,
            col_offset: 0,
        })
    }
    fn resolve_global(&mut self, _: u64, _: &str) -> Result<Option<GlobalValue>, Diagnostic> {
        panic!("the host broke")
    }
    fn resolve_module_attr(&mut self, _: &str, _: &str) -> Result<Option<GlobalValue>, Diagnostic> {
        panic!("the host broke")
    }
    fn options(&mut self, _: u64) -> FunctionOptions {
        FunctionOptions::default()
    }
    fn resolve_overload(&mut self, _: &str, _: &[Type], _: &[(String, Type)]) -> Result<Option<u64>, Diagnostic> {
        Ok(None)
    }
}

#[test]
fn a_panic_becomes_an_internal_error() {
    let err = compile(&mut PanickingHost, 99, &[Type::INT64], None).unwrap_err();
    assert_eq!(err.kind, ferrumba_ir::ErrorKind::Internal);
    assert!(err.message.contains("the host broke"), "{}", err.message);
    // The compiler still works afterwards.
    let mut host = TableHost { sources: HashMap::from([(100, "def ok(a):\n    return a * 2\n")]) };
    let (status, ret) = run(&mut host, 100, &[Type::INT64], &[21]);
    assert_eq!((status, ret[0]), (0, 42));
}
