//! Unit tests: lowering of small functions, error kinds/messages/spans, and robustness on odd input.

#[path = "../tests/common/mod.rs"]
mod common;

use common::TableResolver;
use ferrumba_ir::{Diagnostic, ErrorKind, Function, SourceInfo};

use crate::lower_function;

fn lower(src: &str) -> Result<Function, Diagnostic> {
    let info = SourceInfo { filename: "t.py".into(), source: src.into(), first_line: 1, col_offset: 0 };
    lower_function(&info, &TableResolver)
}

fn ir(src: &str) -> String {
    match lower(src) {
        Ok(f) => f.to_string(),
        Err(e) => panic!("lowering failed: {}\n{src}", e.message),
    }
}

#[test]
fn debug_print() {
    println!("{}", ir("def f(a, b=2):\n    x = a + b\n    if x > 3:\n        x = 1\n    return x\n"));
}
