//! Compile errors that point at the user's source: kind, message, span, and what to do.

use crate::Span;

/// Which Python exception class a compile error becomes (mapped in one place, `ferrumba-python`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// A type could not be inferred or an operation has no implementation for its types (`TypingError`).
    Typing,
    /// Valid Python that the compiler does not support (`UnsupportedError`).
    Unsupported,
    /// The source could not be obtained or parsed (`CompilerError`).
    Syntax,
    /// A bug in the compiler (`InternalError`): the message carries the IR dump.
    Internal,
}

/// Where a function's source came from, to turn byte spans into `file:line:col` and a source excerpt.
#[derive(Clone, Debug, Default)]
pub struct SourceInfo {
    pub filename: String,
    /// The (dedented) source text of the function, starting at its first decorator or `def`.
    pub source: String,
    /// The file line number of the first line of `source` (1-based).
    pub first_line: u32,
    /// How many columns of indentation were removed from every line when dedenting.
    pub col_offset: u32,
}

/// One compile error. Stages create it with a span; callers add context as it travels up.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub kind: ErrorKind,
    pub message: String,
    pub span: Option<Span>,
    /// What the user can do about it.
    pub hint: Option<String>,
    /// "During: ..." lines added by outer stages, innermost first.
    pub context: Vec<String>,
    /// The rendered location, filled in by the stage that knows the source.
    pub location: Option<String>,
}

impl Diagnostic {
    pub fn new(kind: ErrorKind, message: impl Into<String>, span: Span) -> Self {
        Diagnostic { kind, message: message.into(), span: Some(span), hint: None, context: Vec::new(), location: None }
    }

    pub fn typing(message: impl Into<String>, span: Span) -> Self {
        Self::new(ErrorKind::Typing, message, span)
    }

    pub fn unsupported(message: impl Into<String>, span: Span) -> Self {
        Self::new(ErrorKind::Unsupported, message, span)
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Diagnostic {
            kind: ErrorKind::Internal,
            message: message.into(),
            span: None,
            hint: None,
            context: Vec::new(),
            location: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn with_context(mut self, context: impl Into<String>) -> Self {
        self.context.push(context.into());
        self
    }

    /// Renders the location once (the innermost function's source wins): `file:line:col`, the source line
    /// and a caret under the span.
    pub fn locate(mut self, src: &SourceInfo) -> Self {
        if self.location.is_none() {
            if let Some(span) = self.span {
                self.location = Some(render_location(src, span));
            }
        }
        self
    }

    /// The full text shown to the user.
    pub fn render(&self) -> String {
        let mut out = self.message.clone();
        if let Some(loc) = &self.location {
            out.push('\n');
            out.push_str(loc);
        }
        if let Some(hint) = &self.hint {
            out.push_str("\n  = help: ");
            out.push_str(hint);
        }
        for ctx in &self.context {
            out.push_str("\nDuring: ");
            out.push_str(ctx);
        }
        out
    }
}

/// `  --> file.py:12:5` plus the numbered source line and a caret line.
fn render_location(src: &SourceInfo, span: Span) -> String {
    let start = (span.start as usize).min(src.source.len());
    let line_start = src.source[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = src.source[start..].find('\n').map_or(src.source.len(), |i| start + i);
    let line_index = src.source[..line_start].matches('\n').count() as u32;
    let line_no = src.first_line + line_index;
    let text = &src.source[line_start..line_end];
    let col = src.source[line_start..start].chars().count();
    let end = (span.end as usize).clamp(start, line_end);
    let width = src.source[start..end].chars().count().max(1);
    let indent = " ".repeat(src.col_offset as usize);
    let gutter = " ".repeat(line_no.to_string().len());
    format!(
        "  --> {}:{}:{}\n{gutter} |\n{line_no} | {indent}{text}\n{gutter} | {indent}{}{}",
        src.filename,
        line_no,
        col + 1 + src.col_offset as usize,
        " ".repeat(col),
        "^".repeat(width),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_line_and_caret() {
        let src = SourceInfo {
            filename: "k.py".into(),
            source: "def f(a):\n    return a + b\n".into(),
            first_line: 10,
            col_offset: 0,
        };
        let at = src.source.find("b\n").unwrap() as u32;
        let d =
            Diagnostic::typing("name 'b' is not defined", Span::new(at, at + 1)).with_hint("define it").locate(&src);
        assert_eq!(
            d.render(),
            "name 'b' is not defined\n  --> k.py:11:16\n   |\n11 |     return a + b\n   |                ^\n  = help: define it"
        );
    }
}
