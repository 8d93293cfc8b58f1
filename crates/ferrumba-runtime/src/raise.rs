//! Raise sites: each `raise` in compiled code (and each implicit one, such as ZeroDivisionError) is
//! registered once at compile time and identified by a positive status code.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// What to raise: an exception class and its constant arguments.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RaiseSite {
    /// Index into the host's exception class table (user classes), or `None` for a builtin looked up by name.
    pub exc_id: Option<u32>,
    /// The class name (`ZeroDivisionError`), used for builtins and in messages.
    pub exc_name: String,
    /// The exception's arguments (`args`), usually one message.
    pub args: Vec<RaiseArg>,
}

/// A constant argument of a raised exception.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum RaiseArg {
    None,
    Bool(bool),
    Int(i64),
    /// A float, by its bits (so sites can be hashed).
    Float(u64),
    Complex(u64, u64),
    Str(String),
    Tuple(Vec<RaiseArg>),
}

impl RaiseSite {
    /// A builtin exception with one message, e.g. `ZeroDivisionError("division by zero")`.
    pub fn builtin(exc_name: &str, message: &str) -> Self {
        RaiseSite { exc_id: None, exc_name: exc_name.into(), args: vec![RaiseArg::Str(message.into())] }
    }
}

#[derive(Default)]
struct Table {
    sites: Vec<RaiseSite>,
    codes: HashMap<RaiseSite, i32>,
}

fn table() -> &'static Mutex<Table> {
    static TABLE: OnceLock<Mutex<Table>> = OnceLock::new();
    TABLE.get_or_init(Default::default)
}

/// Returns the status code (≥ 1) that raises `site`; the same site always gets the same code.
pub fn register_raise_site(site: RaiseSite) -> i32 {
    let mut t = table().lock().unwrap_or_else(|e| e.into_inner());
    if let Some(&code) = t.codes.get(&site) {
        return code;
    }
    t.sites.push(site.clone());
    let code = i32::try_from(t.sites.len()).expect("too many raise sites");
    t.codes.insert(site, code);
    code
}

/// The site a status code stands for.
pub fn raise_site(code: i32) -> Option<RaiseSite> {
    let t = table().lock().unwrap_or_else(|e| e.into_inner());
    let index = usize::try_from(code).ok()?.checked_sub(1)?;
    t.sites.get(index).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable() {
        let site = RaiseSite::builtin("ValueError", "bad");
        let a = register_raise_site(site.clone());
        assert!(a >= 1);
        assert_eq!(register_raise_site(site.clone()), a);
        assert_eq!(raise_site(a), Some(site));
        assert_eq!(raise_site(0), None);
    }
}
