//! Snapshot tests of the typed IR: each `fixtures/*.py` is compiled for the argument types named in its
//! first line (`# args: int64, float64`) and its typed IR compared with `fixtures/*.typed`.
//! Set `UPDATE_SNAPSHOTS=1` to rewrite the expected files (then review the diff).

use std::path::Path;

use ferrumba_driver::{compile, FunctionOptions, Host};
use ferrumba_ir::{Diagnostic, ExceptionRef, GlobalValue, SourceInfo};
use ferrumba_types::{parse_type, Type};

struct FixtureHost {
    source: String,
}

impl Host for FixtureHost {
    fn function_source(&mut self, _: u64) -> Result<SourceInfo, Diagnostic> {
        Ok(SourceInfo { filename: "fixture.py".into(), source: self.source.clone(), first_line: 1, col_offset: 0 })
    }
    fn resolve_global(&mut self, handle: u64, name: &str) -> Result<Option<GlobalValue>, Diagnostic> {
        Ok(match name {
            "math" => Some(GlobalValue::Module("math".into())),
            "range" | "abs" | "min" | "max" | "len" | "round" => Some(GlobalValue::Builtin(name.into())),
            "ValueError" | "AssertionError" => Some(GlobalValue::Exception(ExceptionRef { id: 0, name: name.into() })),
            // Every fixture may call itself.
            _ if self.source.contains(&format!("def {name}(")) => {
                Some(GlobalValue::Dispatcher { handle, name: name.into() })
            }
            _ => None,
        })
    }
    fn resolve_module_attr(&mut self, module: &str, attr: &str) -> Result<Option<GlobalValue>, Diagnostic> {
        Ok(Some(GlobalValue::Builtin(format!("{module}.{attr}"))))
    }
    fn options(&mut self, _: u64) -> FunctionOptions {
        FunctionOptions::default()
    }
    fn resolve_overload(&mut self, _: &str, _: &[Type], _: &[(String, Type)]) -> Result<Option<u64>, Diagnostic> {
        Ok(None)
    }
}

#[test]
fn typed_ir_matches_snapshots() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let update = std::env::var("UPDATE_SNAPSHOTS").is_ok();
    let mut paths: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    let mut failures = Vec::new();
    for (i, path) in paths.iter().filter(|p| p.extension().is_some_and(|e| e == "py")).enumerate() {
        let source = std::fs::read_to_string(path).unwrap();
        let args: Vec<Type> = source
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# args:"))
            .expect("first line: # args: ...")
            .split(',')
            .map(|t| t.trim())
            .filter(|t| !t.is_empty())
            .map(|t| parse_type(t).unwrap())
            .collect();
        let handle = 1000 + i as u64;
        let compiled = compile(&mut FixtureHost { source }, handle, &args, None)
            .unwrap_or_else(|d| panic!("{}: {}", path.display(), d.render()));
        let got = compiled.typed.display();
        let expected_path = path.with_extension("typed");
        if update {
            std::fs::write(&expected_path, &got).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if got != expected {
            failures.push(format!("{}:\n--- expected\n{expected}\n+++ got\n{got}", path.display()));
        }
    }
    assert!(failures.is_empty(), "typed IR snapshots differ (UPDATE_SNAPSHOTS=1 to accept):\n{}", failures.join("\n"));
}
