//! The fixpoint: type every value until nothing changes, then check every instruction with final types.

use std::collections::HashMap;

use ferrumba_ir::{Diagnostic, Function, Op, Span, Terminator, ValueId};
use ferrumba_types::{unify, Type};

use crate::ops::{type_op, Typing};
use crate::prune::{definitions, live_blocks, Defs};
use crate::{CallResolver, InferOptions, TypedFunction};

/// Restarts of the fixpoint after a branch is pruned, at most.
const MAX_RESETS: u32 = 8;

/// Infers the types of `func` called with `arg_types`.
pub fn infer(
    func: Function,
    arg_types: &[Type],
    options: &InferOptions,
    resolver: &mut dyn CallResolver,
) -> Result<TypedFunction, Diagnostic> {
    if arg_types.len() != func.params.len() {
        return Err(Diagnostic::internal(format!(
            "{} takes {} arguments but was typed with {}",
            func.name,
            func.params.len(),
            arg_types.len()
        )));
    }
    let defs = definitions(&func);
    let mut solver = Solver {
        func: &func,
        defs,
        live: vec![true; func.blocks.len()],
        resets: 0,
        arg_types,
        options,
        resolver,
        types: vec![None; func.values.len()],
        calls: HashMap::new(),
        ret: None,
    };
    solver.solve();
    let ret = solver.check()?;
    let (live_blocks, decided_branches) = live_blocks(&func, &solver.defs, &solver.types);
    let types = solver.types.into_iter().map(|t| t.unwrap_or(Type::Undefined)).collect();
    let calls = solver.calls;
    Ok(TypedFunction {
        arg_types: arg_types.to_vec(),
        types,
        return_type: ret,
        calls,
        live_blocks,
        decided_branches,
        func,
    })
}

struct Solver<'a> {
    func: &'a Function,
    defs: Defs<'a>,
    /// Blocks reachable given the types so far (pruned branches excluded).
    live: Vec<bool>,
    /// How often pruning restarted the fixpoint (bounded, so it always ends).
    resets: u32,
    arg_types: &'a [Type],
    options: &'a InferOptions,
    resolver: &'a mut dyn CallResolver,
    types: Vec<Option<Type>>,
    calls: HashMap<ValueId, crate::CallTarget>,
    ret: Option<Type>,
}

impl Solver<'_> {
    /// Repeats typing passes until no type changes. Calls to compiled functions wait until everything
    /// else is stable, so a recursive call sees the return type of the base case.
    fn solve(&mut self) {
        self.seed_arguments();
        let mut allow_jit_calls = false;
        loop {
            let changed = self.pass(allow_jit_calls);
            if !changed {
                if allow_jit_calls {
                    return;
                }
                allow_jit_calls = true;
            }
        }
    }

    /// Arguments are typed before the first pass, so branches on them are decided from the start.
    fn seed_arguments(&mut self) {
        let func = self.func;
        for inst in func.blocks.iter().flat_map(|b| &b.insts) {
            if let Op::Arg(i) = inst.op {
                self.set(inst.result, self.arg_types[i].clone());
            }
        }
    }

    fn forced_type(&self, v: ValueId) -> Option<&Type> {
        let name = self.func.values.get(v.index())?.var_name.as_ref()?;
        self.options.locals.get(name)
    }

    fn set(&mut self, v: ValueId, ty: Type) -> bool {
        let ty = self.forced_type(v).cloned().unwrap_or(ty);
        let slot = &mut self.types[v.index()];
        if slot.as_ref() == Some(&ty) {
            return false;
        }
        *slot = Some(ty);
        true
    }

    fn pass(&mut self, allow_jit_calls: bool) -> bool {
        let mut changed = false;
        let func = self.func;
        let live = live_blocks(func, &self.defs, &self.types).0;
        if live != self.live && self.resets < MAX_RESETS {
            self.resets += 1;
            // A branch got decided: forget what the now-dead code contributed and start over.
            self.live = live;
            self.types = vec![None; func.values.len()];
            self.calls.clear();
            self.ret = None;
            self.seed_arguments();
            return true;
        }
        for (index, block) in func.blocks.iter().enumerate() {
            if !self.live[index] {
                continue;
            }
            for phi in &block.phis {
                let mut acc: Option<Type> = None;
                for (pred, v) in &phi.incoming {
                    if !self.live[pred.index()] {
                        continue;
                    }
                    if let Some(t) = &self.types[v.index()] {
                        acc = match acc {
                            None => Some(t.clone()),
                            Some(a) => unify(&a, t).or(Some(a)),
                        };
                    }
                }
                if let Some(t) = acc {
                    changed |= self.set(phi.dest, t);
                }
            }
            for inst in &block.insts {
                let mut typing = Typing {
                    func: self.func,
                    arg_types: self.arg_types,
                    types: &self.types,
                    resolver: &mut *self.resolver,
                    allow_jit_calls,
                    caller_return: self.ret.as_ref(),
                };
                if let Ok(Some((ty, call))) = type_op(&mut typing, &inst.op, inst.span) {
                    if let Some(call) = call {
                        self.calls.insert(inst.result, call);
                    }
                    changed |= self.set(inst.result, ty);
                }
            }
        }
        let ret = self.return_type();
        if ret.is_some() && ret != self.ret {
            self.ret = ret;
            changed = true;
        }
        changed
    }

    /// The unification of the types of all returned values seen so far.
    fn return_type(&self) -> Option<Type> {
        let mut acc: Option<Type> = None;
        for (index, block) in self.func.blocks.iter().enumerate() {
            if !self.live[index] {
                continue;
            }
            if let Terminator::Return(v) = &block.term {
                if let Some(t) = &self.types[v.index()] {
                    acc = Some(match acc {
                        None => t.clone(),
                        Some(a) => unify(&a, t).unwrap_or(a),
                    });
                }
            }
        }
        acc
    }

    /// Types every instruction once more with the final types and reports the first failure.
    fn check(&mut self) -> Result<Type, Diagnostic> {
        let spans = value_spans(self.func);
        let func = self.func;
        self.live = live_blocks(func, &self.defs, &self.types).0;
        let span_of = |v: ValueId| spans.get(&v).copied().unwrap_or(func.span);
        for (index, block) in func.blocks.iter().enumerate() {
            if !self.live[index] {
                continue;
            }
            for phi in &block.phis {
                let mut acc: Option<Type> = None;
                for (pred, v) in &phi.incoming {
                    if !self.live[pred.index()] {
                        continue;
                    }
                    let Some(t) = &self.types[v.index()] else { continue };
                    acc = Some(match acc {
                        None => t.clone(),
                        Some(a) => unify(&a, t).ok_or_else(|| {
                            let var = self.func.values[phi.dest.index()].var_name.clone().unwrap_or_default();
                            Diagnostic::typing(
                                format!("cannot unify {a} and {t} for variable '{var}'"),
                                first_use(func, phi.dest).unwrap_or_else(|| span_of(*v)),
                            )
                            .with_hint(format!(
                                "'{var}' holds a {a} on one path and a {t} on another; give it one type on every path"
                            ))
                        })?,
                    });
                }
            }
            for inst in &block.insts {
                let mut typing = Typing {
                    func: self.func,
                    arg_types: self.arg_types,
                    types: &self.types,
                    resolver: &mut *self.resolver,
                    allow_jit_calls: true,
                    caller_return: self.ret.as_ref(),
                };
                match type_op(&mut typing, &inst.op, inst.span)? {
                    Some((ty, call)) => {
                        if let Some(call) = call {
                            self.calls.insert(inst.result, call);
                        }
                        self.set(inst.result, ty);
                    }
                    None => return Err(untyped_error(self.func, &self.types, &inst.op, inst.span)),
                }
            }
        }
        let mut acc: Option<Type> = None;
        for (index, block) in func.blocks.iter().enumerate() {
            if !self.live[index] {
                continue;
            }
            if let Terminator::Return(v) = &block.term {
                let t = self.types[v.index()].clone().unwrap_or(Type::Undefined);
                acc = Some(match acc {
                    None => t,
                    Some(a) => unify(&a, &t).ok_or_else(|| {
                        Diagnostic::typing(format!("cannot unify return types {a} and {t}"), block.term_span).with_hint(
                            "every return statement of a compiled function must return values of compatible types",
                        )
                    })?,
                });
            }
        }
        let inferred = acc.unwrap_or(Type::NoneType);
        match &self.options.return_type {
            Some(declared) if ferrumba_types::conversion_cost(&inferred, declared).is_none() => Err(Diagnostic::typing(
                format!("the function returns {inferred}, which cannot be converted to the declared return type {declared}"),
                func.span,
            )
            .with_hint("change the signature's return type or what the function returns")),
            Some(declared) => Ok(declared.clone()),
            None => Ok(inferred),
        }
    }
}

/// An instruction that never got a type: a recursive call with no base case, or an operand that didn't.
fn untyped_error(func: &Function, types: &[Option<Type>], op: &Op, span: Span) -> Diagnostic {
    if let Op::Call { func: callee, .. } = op {
        if let Some(Type::Dispatcher { name, .. }) = &types[callee.index()] {
            return Diagnostic::typing(
                format!("cannot infer the return type of the recursive call to '{name}'"),
                span,
            )
            .with_hint("make sure a base case returns a value without recursing, or give the function an explicit signature");
        }
    }
    let _ = func;
    Diagnostic::typing("cannot infer the type of this expression", span)
        .with_hint("one of its operands has no type; check the error for the expression that computes it")
}

/// Where a value is first read (an instruction operand or a terminator), for errors about it.
fn first_use(func: &Function, value: ValueId) -> Option<Span> {
    for block in &func.blocks {
        if let Some(inst) = block.insts.iter().find(|i| i.op.operands().contains(&value)) {
            return Some(inst.span);
        }
        match &block.term {
            Terminator::Return(v) | Terminator::Branch { cond: v, .. } if *v == value => return Some(block.term_span),
            _ => {}
        }
    }
    None
}

fn value_spans(func: &Function) -> HashMap<ValueId, Span> {
    func.blocks.iter().flat_map(|b| b.insts.iter()).map(|i| (i.result, i.span)).collect()
}
