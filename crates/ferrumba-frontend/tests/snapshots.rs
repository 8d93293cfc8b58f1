//! Snapshot tests: each `tests/fixtures/*.py` is lowered and its IR compared with the `.ir` file next to it.
//! Run with `UPDATE_SNAPSHOTS=1` to (re)write the expected files; review them by eye before committing.

mod common;

use std::path::Path;

use common::TableResolver;
use ferrumba_frontend::lower_function;
use ferrumba_ir::SourceInfo;

#[test]
fn fixtures_match_snapshots() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures directory")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 15, "expected at least 15 fixtures, found {}", paths.len());
    let mut failures = Vec::new();
    for path in &paths {
        let source = std::fs::read_to_string(path).expect("read fixture");
        let info = SourceInfo {
            filename: path.file_name().unwrap().to_string_lossy().into_owned(),
            source,
            first_line: 1,
            col_offset: 0,
        };
        let actual = match lower_function(&info, &TableResolver) {
            Ok(f) => f.to_string(),
            Err(e) => format!("error: {}\n", e.locate(&info).render()),
        };
        let expected_path = path.with_extension("ir");
        if update {
            std::fs::write(&expected_path, &actual).expect("write snapshot");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != actual {
            failures.push(format!("--- {} (expected)\n{expected}+++ actual\n{actual}", expected_path.display()));
        }
    }
    assert!(failures.is_empty(), "snapshot mismatches (UPDATE_SNAPSHOTS=1 to update):\n{}", failures.join("\n"));
}
