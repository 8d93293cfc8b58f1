//! Types and signatures written as text: Numba's names, aliases and `ret(args)` signatures.

use crate::{Layout, Type};

/// A signature as written by a user: `"float64(int32, float64)"` (with a return type) or `"(int32,)"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedSignature {
    pub ret: Option<Type>,
    pub args: Vec<Type>,
}

/// Parses one type name: `int32`, `f8`, `UniTuple(int64 x 2)`, `Tuple(int64, float32)`, `OptionalType(int64)`.
pub fn parse_type(text: &str) -> Result<Type, String> {
    let mut p = Parser { s: text.as_bytes(), pos: 0, text };
    let t = p.ty()?;
    p.end()?;
    Ok(t)
}

/// Parses `ret(arg, ...)` or `(arg, ...)`.
pub fn parse_signature(text: &str) -> Result<ParsedSignature, String> {
    let mut p = Parser { s: text.as_bytes(), pos: 0, text };
    p.skip_ws();
    let ret = if p.peek() == Some(b'(') { None } else { Some(p.ty()?) };
    p.expect(b'(')?;
    let args = p.list(b')')?;
    p.end()?;
    Ok(ParsedSignature { ret, args })
}

fn scalar(name: &str) -> Option<Type> {
    Some(match name {
        "bool" | "boolean" | "bool_" | "b1" => Type::Boolean,
        "int8" | "i1" | "byte" => Type::int(8, true),
        "int16" | "i2" => Type::int(16, true),
        "int32" | "i4" | "intc" => Type::int(32, true),
        "int64" | "i8" | "intp" | "int_" => Type::INT64,
        "uint8" | "u1" | "uchar" => Type::int(8, false),
        "uint16" | "u2" => Type::int(16, false),
        "uint32" | "u4" | "uintc" => Type::int(32, false),
        "uint64" | "u8" | "uintp" | "uint" => Type::UINT64,
        "float32" | "f4" | "single" => Type::FLOAT32,
        "float64" | "f8" | "double" | "float_" => Type::FLOAT64,
        "complex64" | "c8" => Type::Complex(64),
        "complex128" | "c16" | "complex_" => Type::COMPLEX128,
        "none" | "void" | "None" => Type::NoneType,
        "range_state64" => Type::RangeState,
        "range_iter64" => Type::RangeIter,
        _ => return None,
    })
}

struct Parser<'a> {
    s: &'a [u8],
    pos: usize,
    text: &'a str,
}

impl Parser<'_> {
    fn skip_ws(&mut self) {
        while self.pos < self.s.len() && self.s[self.pos].is_ascii_whitespace() {
            self.pos += 1;
        }
    }
    fn peek(&mut self) -> Option<u8> {
        self.skip_ws();
        self.s.get(self.pos).copied()
    }
    fn error(&self, what: &str) -> String {
        format!("invalid type or signature {:?}: {what} at column {}", self.text, self.pos + 1)
    }
    fn expect(&mut self, c: u8) -> Result<(), String> {
        if self.peek() == Some(c) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(&format!("expected '{}'", c as char)))
        }
    }
    fn end(&mut self) -> Result<(), String> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.error("unexpected text")),
        }
    }
    fn ident(&mut self) -> Result<&str, String> {
        self.skip_ws();
        let start = self.pos;
        while self.pos < self.s.len() && (self.s[self.pos].is_ascii_alphanumeric() || self.s[self.pos] == b'_') {
            self.pos += 1;
        }
        if start == self.pos {
            return Err(self.error("expected a type name"));
        }
        Ok(&self.text[start..self.pos])
    }
    fn number(&mut self) -> Result<usize, String> {
        let word = self.ident()?.to_string();
        word.parse().map_err(|_| self.error("expected a count"))
    }
    /// Comma-separated types up to `close` (a trailing comma is allowed).
    fn list(&mut self, close: u8) -> Result<Vec<Type>, String> {
        let mut items = Vec::new();
        loop {
            if self.peek() == Some(close) {
                self.pos += 1;
                return Ok(items);
            }
            items.push(self.ty()?);
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(c) if c == close => {}
                _ => return Err(self.error(&format!("expected ',' or '{}'", close as char))),
            }
        }
    }
    fn ty(&mut self) -> Result<Type, String> {
        let name = self.ident()?.to_string();
        match name.as_str() {
            "UniTuple" => {
                self.expect(b'(')?;
                let item = self.ty()?;
                self.skip_ws();
                if self.peek() == Some(b',') {
                    self.pos += 1;
                } else if self.ident()? != "x" {
                    return Err(self.error("expected 'x' or ','"));
                }
                let count = self.number()?;
                self.expect(b')')?;
                Ok(Type::Tuple(vec![item; count]))
            }
            "Tuple" => {
                self.expect(b'(')?;
                Ok(Type::Tuple(self.list(b')')?))
            }
            "readonly" => match self.ty()? {
                Type::Array(mut a) => {
                    a.readonly = true;
                    Ok(Type::Array(a))
                }
                other => Err(self.error(&format!("'readonly' applies to arrays, not {other}"))),
            },
            "array" => {
                self.expect(b'(')?;
                let dtype = self.ty()?;
                self.expect(b',')?;
                let dims = self.ident()?.to_string();
                let ndim: u8 = dims
                    .strip_suffix('d')
                    .and_then(|n| n.parse().ok())
                    .ok_or_else(|| self.error("expected a dimension count like 2d"))?;
                self.expect(b',')?;
                let layout = match self.ident()? {
                    "C" => Layout::C,
                    "F" => Layout::F,
                    "A" => Layout::A,
                    _ => return Err(self.error("expected the layout C, F or A")),
                };
                self.expect(b')')?;
                Ok(Type::array(dtype, ndim, layout))
            }
            "OptionalType" | "optional" | "Optional" => {
                self.expect(b'(')?;
                let inner = self.ty()?;
                self.expect(b')')?;
                Ok(Type::Optional(Box::new(inner)))
            }
            other => scalar(other).ok_or_else(|| format!("unknown type name {other:?} in {:?}", self.text)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for name in [
            "int8",
            "uint64",
            "float32",
            "complex128",
            "bool",
            "none",
            "UniTuple(int64 x 3)",
            "Tuple(int64, float32)",
            "OptionalType(float64)",
            "Tuple()",
            "array(float64, 2d, C)",
            "readonly array(int8, 1d, A)",
        ] {
            assert_eq!(parse_type(name).unwrap().to_string(), name);
        }
        assert_eq!(parse_type("f8").unwrap(), Type::FLOAT64);
        assert_eq!(parse_type("UniTuple(i4, 2)").unwrap().to_string(), "UniTuple(int32 x 2)");
    }

    #[test]
    fn signatures() {
        let s = parse_signature("float64(int32, f8)").unwrap();
        assert_eq!(s.ret, Some(Type::FLOAT64));
        assert_eq!(s.args, vec![Type::int(32, true), Type::FLOAT64]);
        assert_eq!(parse_signature("(int64,)").unwrap().args, vec![Type::INT64]);
        assert_eq!(parse_signature("void()").unwrap().ret, Some(Type::NoneType));
        assert!(parse_signature("float64(int33)").is_err());
        assert!(parse_signature("float64(int32").is_err());
    }
}
