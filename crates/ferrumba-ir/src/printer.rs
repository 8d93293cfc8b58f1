//! The text form of the IR (`FERRUMBA_DUMP_IR=1`, snapshot tests). Types can be attached per value.

use std::fmt::Write;

use crate::{Function, Op, SourceInfo, Span, Terminator, ValueId};

impl Function {
    /// Prints the function; `annotate(v)` may return a type name to show after each defined value.
    pub fn display_with(&self, annotate: &dyn Fn(ValueId) -> Option<String>) -> String {
        self.display_annotated(annotate, None)
    }

    /// Like [`Function::display_with`], with each source line shown as a comment above the first
    /// instruction that came from it (`inspect_types()`).
    pub fn display_annotated(
        &self,
        annotate: &dyn Fn(ValueId) -> Option<String>,
        source: Option<&SourceInfo>,
    ) -> String {
        let mut last_line = None;
        let mut source_comment = |out: &mut String, span: Span| {
            let Some(src) = source else { return };
            let start = (span.start as usize).min(src.source.len());
            let line_index = src.source[..start].matches('\n').count();
            if last_line == Some(line_index) {
                return;
            }
            last_line = Some(line_index);
            let text = src.source.lines().nth(line_index).unwrap_or("").trim();
            let _ = writeln!(out, "    # {}: {text}", src.first_line as usize + line_index);
        };
        let mut out = String::new();
        let params: Vec<&str> = self.params.iter().map(|p| p.name.as_str()).collect();
        let _ = writeln!(out, "function {}({}):", self.name, params.join(", "));
        for id in self.block_ids() {
            let block = self.block(id);
            let _ = writeln!(out, "{id}:");
            let name = |v: ValueId| {
                let ty = annotate(v).map(|t| format!(": {t}")).unwrap_or_default();
                match self.values.get(v.index()).and_then(|i| i.var_name.as_deref()) {
                    Some(var) => format!("{v}{ty} ({var})"),
                    None => format!("{v}{ty}"),
                }
            };
            for phi in &block.phis {
                let incoming: Vec<String> = phi.incoming.iter().map(|(b, v)| format!("{b}: {v}")).collect();
                let _ = writeln!(out, "    {} = phi [{}]", name(phi.dest), incoming.join(", "));
            }
            for inst in &block.insts {
                source_comment(&mut out, inst.span);
                let _ = writeln!(out, "    {} = {}", name(inst.result), display_op(&inst.op));
            }
            source_comment(&mut out, block.term_span);
            let _ = writeln!(out, "    {}", display_term(&block.term));
        }
        out
    }
}

impl std::fmt::Display for Function {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.display_with(&|_| None))
    }
}

fn list(values: &[ValueId]) -> String {
    values.iter().map(|v| v.to_string()).collect::<Vec<_>>().join(", ")
}

fn opt(v: Option<i64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn display_op(op: &Op) -> String {
    match op {
        Op::Arg(i) => format!("arg {i}"),
        Op::Const(c) => format!("const {c}"),
        Op::Global(g) => format!("global {g}"),
        Op::BinOp(k, a, b) => format!("{a} {} {b}", k.symbol()),
        Op::InplaceBinOp(k, a, b) => format!("{a} {}= {b}", k.symbol()),
        Op::UnaryOp(k, a) => format!("{} {a}", k.symbol()),
        Op::Compare(k, a, b) => format!("{a} {} {b}", k.symbol()),
        Op::Is { lhs, rhs, negated } => {
            format!("{lhs} {} {rhs}", if *negated { "is not" } else { "is" })
        }
        Op::Truth(a) => format!("truth {a}"),
        Op::Call { func, args, kwargs } => {
            let mut parts: Vec<String> = args.iter().map(|a| a.to_string()).collect();
            parts.extend(kwargs.iter().map(|(k, v)| format!("{k}={v}")));
            format!("call {func}({})", parts.join(", "))
        }
        Op::GetAttr(a, name) => format!("getattr {a}.{name}"),
        Op::MakeTuple(items) => format!("tuple ({})", list(items)),
        Op::StaticGetItem(a, i) => format!("static_getitem {a}[{i}]"),
        Op::GetItem(a, i) => format!("getitem {a}[{i}]"),
        Op::StaticSlice { value, start, stop, step } => {
            format!("static_slice {value}[{}:{}:{}]", opt(*start), opt(*stop), opt(*step))
        }
        Op::SetItem { target, index, value } => format!("setitem {target}[{index}] = {value}"),
        Op::UnpackItem { value, index, count } => format!("unpack {value}[{index} of {count}]"),
        Op::GetIter(a) => format!("getiter {a}"),
        Op::IterValid(a) => format!("iter_valid {a}"),
        Op::IterValue(a) => format!("iter_value {a}"),
        Op::IterAdvance(a) => format!("iter_advance {a}"),
        Op::Copy(a) => format!("copy {a}"),
        Op::Undefined(name) => format!("undefined {name}"),
    }
}

fn display_term(term: &Terminator) -> String {
    match term {
        Terminator::Jump(b) => format!("jump {b}"),
        Terminator::Branch { cond, then_block, else_block } => {
            format!("branch {cond} ? {then_block} : {else_block}")
        }
        Terminator::Return(v) => format!("return {v}"),
        Terminator::Raise { exc, args } => {
            let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
            format!("raise {}({})", exc.name, args.join(", "))
        }
        Terminator::Unreachable => "unreachable".to_string(),
    }
}
