//! Unit tests of `prange` outlining: the functions made, how variables are classified, the errors.

use std::cell::RefCell;

use crate::tests::common::TableResolver;
use ferrumba_ir::{Diagnostic, Function, GlobalValue, SourceInfo};

use crate::{lower_function, GlobalResolver};

/// The test table plus `prange`, under `parallel=True`; keeps what the frontend outlines.
struct Parallel {
    outlined: RefCell<Vec<Function>>,
}

impl GlobalResolver for Parallel {
    fn resolve_global(&self, name: &str) -> Option<GlobalValue> {
        match name {
            "prange" => Some(GlobalValue::Builtin("ferrumba.prange".into())),
            _ => TableResolver.resolve_global(name),
        }
    }
    fn resolve_module_attr(&self, module: &str, attr: &str) -> Option<GlobalValue> {
        TableResolver.resolve_module_attr(module, attr)
    }
    fn parallel(&self) -> bool {
        true
    }
    fn register_outlined(&self, func: Function) -> Result<u64, Diagnostic> {
        self.outlined.borrow_mut().push(func);
        Ok(1000 + self.outlined.borrow().len() as u64)
    }
}

fn outline(src: &str) -> Result<(Function, Vec<Function>), Diagnostic> {
    let info = SourceInfo { filename: "t.py".into(), source: src.into(), first_line: 1, col_offset: 0 };
    let resolver = Parallel { outlined: RefCell::new(Vec::new()) };
    let f = lower_function(&info, &resolver)?;
    Ok((f, resolver.outlined.into_inner()))
}

fn params(f: &Function) -> Vec<&str> {
    f.params.iter().map(|p| p.name.as_str()).collect()
}

#[test]
fn a_reduction_loop_becomes_a_body_and_a_combine() {
    let src = "def f(a, out):\n    s = 0\n    t = 1.0\n    for i in prange(len(a)):\n        t = a[i] * 2\n        \
               out[i] = t\n        s += t\n    return s\n";
    let (outer, outlined) = outline(src).unwrap();
    assert_eq!(outlined.len(), 2);
    let (body, combine) = (&outlined[0], &outlined[1]);
    assert_eq!(body.name, "f$prange1");
    // `a` and `out` are captured; `t` is private, passed to start each iteration from its pre-loop value
    // (it is read in the body); `s` reduces.
    assert_eq!(params(body), ["$chunk_start", "$chunk_stop", "$step", "a", "t", "out", "s"]);
    assert_eq!(params(combine), ["s$acc", "s$part"]);
    let text = outer.to_string();
    assert!(text.contains("ferrumba.parfor/1"), "{text}");
    assert!(text.contains("static_getitem"), "{text}");
    assert!(body.to_string().contains("ferrumba.parfor_zero"), "{body}");
}

#[test]
fn min_max_and_products_pick_their_identities() {
    let src =
        "def f(a):\n    lo = a[0]\n    p = 1.0\n    for i in prange(len(a)):\n        lo = min(lo, a[i])\n        \
               p *= a[i]\n    return lo, p\n";
    let (_, outlined) = outline(src).unwrap();
    let body = outlined[0].to_string();
    assert!(body.contains("ferrumba.parfor_one"), "{body}");
    assert!(!body.contains("ferrumba.parfor_zero"), "min starts from the initial value: {body}");
    assert_eq!(params(&outlined[1]), ["lo$acc", "p$acc", "lo$part", "p$part"]);
}

#[test]
fn nested_prange_is_a_plain_range_inside_the_body() {
    let src = "def f(n):\n    s = 0\n    for i in prange(n):\n        for j in prange(n):\n            s += j\n    return s\n";
    let (_, outlined) = outline(src).unwrap();
    assert_eq!(outlined.len(), 2, "only the outer loop is outlined");
    assert!(outlined[0].to_string().contains("ferrumba.prange"));
}

#[test]
fn variables_bound_otherwise_are_private() {
    let src =
        "def f(a):\n    s = 0.0\n    for i in prange(len(a)):\n        s, k = a[i], 1\n        s += 1.0\n        \
               a[i] = s\n    return s\n";
    let (_, outlined) = outline(src).unwrap();
    // `s` is read (by `a[i] = s`) and has a value before the loop: captured as the start of each iteration.
    assert_eq!(params(&outlined[0]), ["$chunk_start", "$chunk_stop", "$step", "a", "s"]);
    assert!(params(&outlined[1]).is_empty(), "no reduction");
}

#[test]
fn unsupported_loops_are_errors_at_the_statement() {
    let cases = [
        ("def f(n):\n    for i in prange(n):\n        return i\n", "'return' inside a prange loop", "return i"),
        ("def f(n):\n    for i in prange(n):\n        break\n", "'break' out of a prange loop", "break"),
        (
            "def f(n):\n    s = 0\n    for i in prange(n):\n        s += i\n        print(s)\n    return s\n",
            "reduction variable 's' is read",
            "s)",
        ),
        ("def f(n):\n    for i in prange(n, step=2):\n        pass\n", "1 to 3 positional", "prange(n, step=2)"),
    ];
    for (src, message, at) in cases {
        let e = outline(src).err().unwrap_or_else(|| panic!("expected an error for {src}"));
        assert!(e.message.contains(message), "{:?} should contain {message:?}", e.message);
        let span = e.span.expect("a span");
        let start = src.find(at).unwrap() as u32;
        assert_eq!(span.start, start, "span of {:?}", e.message);
    }
}

#[test]
fn a_break_in_an_inner_loop_is_fine() {
    let src =
        "def f(n, out):\n    for i in prange(n):\n        for j in range(n):\n            if j > i:\n                \
               break\n            out[i] = j\n";
    assert!(outline(src).is_ok());
}
