//! Control flow inside expressions: conditions as branches, `and`/`or`, chained comparisons, `x if c else y`.
//!
//! In condition position (`if`, `while`, `assert`, the test of `x if c else y`) `and`/`or`/`not` and chained
//! comparisons become branches directly, so no phi of possibly different types is built. In value
//! position they follow Python's value semantics, merging the candidate values in a phi of a hidden
//! variable.

use ruff_python_ast::{self as ast, BoolOp, CmpOp, Expr, UnaryOp};
use ruff_text_size::Ranged;

use ferrumba_ir::{BlockId, CmpKind, Diagnostic, Op, Span, Terminator, ValueId};

use crate::lower::Lowerer;
use crate::span_of;

fn cmp_op(op: CmpOp, l: ValueId, r: ValueId) -> Op {
    let kind = match op {
        CmpOp::Is => return Op::Is { lhs: l, rhs: r, negated: false },
        CmpOp::IsNot => return Op::Is { lhs: l, rhs: r, negated: true },
        CmpOp::Eq => CmpKind::Eq,
        CmpOp::NotEq => CmpKind::NotEq,
        CmpOp::Lt => CmpKind::Lt,
        CmpOp::LtE => CmpKind::LtE,
        CmpOp::Gt => CmpKind::Gt,
        CmpOp::GtE => CmpKind::GtE,
        CmpOp::In => CmpKind::In,
        CmpOp::NotIn => CmpKind::NotIn,
    };
    Op::Compare(kind, l, r)
}

impl<'ast> Lowerer<'_, 'ast> {
    /// Branches to `then_bb` if `expr` is true, else to `else_bb`; leaves the builder with no current block.
    pub fn lower_cond(&mut self, expr: &'ast Expr, then_bb: BlockId, else_bb: BlockId) -> Result<(), Diagnostic> {
        let span = span_of(expr.range());
        match expr {
            Expr::BoolOp(b) => {
                let Some((last, rest)) = b.values.split_last() else {
                    return Err(crate::lower::internal("empty boolean operation".into(), span));
                };
                for v in rest {
                    let next = self.b.new_block();
                    match b.op {
                        BoolOp::And => self.lower_cond(v, next, else_bb)?,
                        BoolOp::Or => self.lower_cond(v, then_bb, next)?,
                    }
                    self.b.start_block(next);
                }
                self.lower_cond(last, then_bb, else_bb)
            }
            Expr::UnaryOp(u) if u.op == UnaryOp::Not => self.lower_cond(&u.operand, else_bb, then_bb),
            Expr::BooleanLiteral(b) => {
                self.b.jump(if b.value { then_bb } else { else_bb }, span);
                Ok(())
            }
            // `while 1:`
            Expr::NumberLiteral(ast::ExprNumberLiteral { value: ast::Number::Int(i), .. }) => {
                self.b.jump(if *i == 0u8 { else_bb } else { then_bb }, span);
                Ok(())
            }
            Expr::Compare(c) if c.ops.len() > 1 => {
                let mut lhs = self.lower_expr(&c.left)?;
                let mut lhs_start = c.left.range().start();
                let n = c.ops.len();
                for (i, (op, rhs_expr)) in c.ops.iter().zip(c.comparators.iter()).enumerate() {
                    let rhs = self.lower_expr(rhs_expr)?;
                    let cspan = Span::new(u32::from(lhs_start), u32::from(rhs_expr.range().end()));
                    let r = self.b.emit(cmp_op(*op, lhs, rhs), cspan);
                    let t = self.b.emit(Op::Truth(r), cspan);
                    let next = if i + 1 == n { then_bb } else { self.b.new_block() };
                    self.b.terminate(Terminator::Branch { cond: t, then_block: next, else_block: else_bb }, cspan);
                    if i + 1 < n {
                        self.b.start_block(next);
                    }
                    lhs = rhs;
                    lhs_start = rhs_expr.range().start();
                }
                Ok(())
            }
            _ => {
                let v = self.lower_expr(expr)?;
                let t = self.b.emit(Op::Truth(v), span);
                self.b.terminate(Terminator::Branch { cond: t, then_block: then_bb, else_block: else_bb }, span);
                Ok(())
            }
        }
    }

    /// `a and b` / `a or b` as a value: the first falsy (`and`) or truthy (`or`) operand, else the last.
    pub fn lower_boolop_value(&mut self, b: &'ast ast::ExprBoolOp) -> Result<ValueId, Diagnostic> {
        let span = span_of(b.range);
        let tmp = self.b.new_var(b.op.as_str(), true);
        let join = self.b.new_block();
        let n = b.values.len();
        for (i, e) in b.values.iter().enumerate() {
            let v = self.lower_expr(e)?;
            self.b.write_var(tmp, v);
            if i + 1 == n {
                self.b.jump(join, span);
                break;
            }
            let espan = span_of(e.range());
            let t = self.b.emit(Op::Truth(v), espan);
            let next = self.b.new_block();
            let (then_block, else_block) = match b.op {
                BoolOp::And => (next, join),
                BoolOp::Or => (join, next),
            };
            self.b.terminate(Terminator::Branch { cond: t, then_block, else_block }, espan);
            self.b.start_block(next);
        }
        self.b.start_block(join);
        Ok(self.b.read_var(tmp, span))
    }

    /// A comparison as a value; a chain `a < b < c` evaluates `b` once and stops at the first false link.
    pub fn lower_compare_value(&mut self, c: &'ast ast::ExprCompare) -> Result<ValueId, Diagnostic> {
        let span = span_of(c.range);
        let mut lhs = self.lower_expr(&c.left)?;
        let n = c.ops.len();
        if n == 1 {
            let rhs = self.lower_expr(&c.comparators[0])?;
            return Ok(self.b.emit(cmp_op(c.ops[0], lhs, rhs), span));
        }
        let tmp = self.b.new_var("$cmp", true);
        let join = self.b.new_block();
        let mut lhs_start = c.left.range().start();
        for (i, (op, rhs_expr)) in c.ops.iter().zip(c.comparators.iter()).enumerate() {
            let rhs = self.lower_expr(rhs_expr)?;
            let cspan = Span::new(u32::from(lhs_start), u32::from(rhs_expr.range().end()));
            let r = self.b.emit(cmp_op(*op, lhs, rhs), cspan);
            self.b.write_var(tmp, r);
            if i + 1 == n {
                self.b.jump(join, span);
                break;
            }
            let t = self.b.emit(Op::Truth(r), cspan);
            let next = self.b.new_block();
            self.b.terminate(Terminator::Branch { cond: t, then_block: next, else_block: join }, cspan);
            self.b.start_block(next);
            lhs = rhs;
            lhs_start = rhs_expr.range().start();
        }
        self.b.start_block(join);
        Ok(self.b.read_var(tmp, span))
    }

    /// `body if test else orelse`.
    pub fn lower_ifexp(&mut self, e: &'ast ast::ExprIf) -> Result<ValueId, Diagnostic> {
        let span = span_of(e.range);
        let tmp = self.b.new_var("$ifexp", true);
        let then_bb = self.b.new_block();
        let else_bb = self.b.new_block();
        let join = self.b.new_block();
        self.lower_cond(&e.test, then_bb, else_bb)?;
        self.b.start_block(then_bb);
        let v = self.lower_expr(&e.body)?;
        self.b.write_var(tmp, v);
        self.b.jump(join, span);
        self.b.start_block(else_bb);
        let v = self.lower_expr(&e.orelse)?;
        self.b.write_var(tmp, v);
        self.b.jump(join, span);
        self.b.start_block(join);
        Ok(self.b.read_var(tmp, span))
    }
}
