//! SSA construction bookkeeping: blocks, predecessors, per-block variable definitions and phis (Braun et al. 2013).
//!
//! Variables are read lazily: a read looks for a definition in the current block and otherwise walks the
//! predecessors, creating phis at joins. Blocks whose predecessors are not all known yet (loop headers) are
//! "unsealed": reads there create incomplete phis that get their operands when the block is sealed. A phi
//! whose operands are all the same value (or itself) is replaced by that value through the `alias` table;
//! `cleanup` resolves aliases and finishes the job to a fixpoint.

use std::collections::HashMap;

use ferrumba_ir::{BlockId, Inst, Op, Span, Terminator, ValueId, ValueInfo};

/// A source variable (or a hidden one: loop iterators, the value of an `and`/`or`, an inlined return value).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct VarId(u32);

pub(crate) struct PhiData {
    pub dest: ValueId,
    pub incoming: Vec<(BlockId, ValueId)>,
}

pub(crate) struct BlockData {
    pub phis: Vec<PhiData>,
    pub insts: Vec<Inst>,
    pub term: Option<(Terminator, Span)>,
    pub preds: Vec<BlockId>,
    sealed: bool,
    /// Phis created while the block was unsealed, completed by `seal`.
    incomplete: Vec<(VarId, ValueId)>,
}

/// A join whose phi operands are being read (one level of Braun et al.'s recursion).
struct Frame {
    block: BlockId,
    phi: ValueId,
    preds: Vec<BlockId>,
    incoming: Vec<(BlockId, ValueId)>,
    /// Single-predecessor blocks walked through to reach `block`; they get the same value.
    chain: Vec<BlockId>,
}

enum Start {
    Done(ValueId),
    Join(Frame),
}

/// The explicit stack is never empty where this is called.
fn unreachable_value() -> ! {
    unreachable!("SSA read stack underflow")
}

/// Where a value is defined, to find a phi by its result.
#[derive(Clone, Copy)]
enum DefSite {
    Other,
    Phi(BlockId, usize),
}

struct VarInfo {
    name: String,
    hidden: bool,
}

pub(crate) struct Builder {
    pub blocks: Vec<BlockData>,
    pub values: Vec<ValueInfo>,
    /// `alias[v] = Some(w)`: phi `v` was trivial and is replaced by `w`.
    pub alias: Vec<Option<ValueId>>,
    def_site: Vec<DefSite>,
    vars: Vec<VarInfo>,
    defs: HashMap<(BlockId, VarId), ValueId>,
    /// The `Undefined` values made for reads of unassigned variables.
    undefined: std::collections::HashSet<ValueId>,
    /// The block being filled; `None` after a terminator (the following code is unreachable).
    pub current: Option<BlockId>,
}

impl Builder {
    /// A builder with an empty, sealed entry block as the current block.
    pub fn new() -> Self {
        let mut b = Builder {
            blocks: Vec::new(),
            values: Vec::new(),
            alias: Vec::new(),
            def_site: Vec::new(),
            vars: Vec::new(),
            defs: HashMap::new(),
            undefined: Default::default(),
            current: None,
        };
        let entry = b.new_block();
        b.blocks[entry.index()].sealed = true;
        b.current = Some(entry);
        b
    }

    pub fn new_var(&mut self, name: &str, hidden: bool) -> VarId {
        self.vars.push(VarInfo { name: name.to_string(), hidden });
        VarId(self.vars.len() as u32 - 1)
    }

    pub fn new_block(&mut self) -> BlockId {
        self.blocks.push(BlockData {
            phis: Vec::new(),
            insts: Vec::new(),
            term: None,
            preds: Vec::new(),
            sealed: false,
            incomplete: Vec::new(),
        });
        BlockId::new(self.blocks.len() - 1)
    }

    fn new_value(&mut self, var_name: Option<String>, site: DefSite) -> ValueId {
        self.values.push(ValueInfo { var_name });
        self.alias.push(None);
        self.def_site.push(site);
        ValueId::new(self.values.len() - 1)
    }

    /// Whether `value` is the value of a variable read where it was never assigned.
    pub fn is_undefined(&mut self, value: ValueId) -> bool {
        let value = self.resolve(value);
        self.undefined.contains(&value)
    }

    /// The variable `value` was first assigned to, if any.
    pub fn var_name(&mut self, value: ValueId) -> Option<&str> {
        let value = self.resolve(value);
        self.values[value.index()].var_name.as_deref()
    }

    /// Records that `value` holds variable `name` (for dumps), unless it already has a name.
    pub fn name_value(&mut self, value: ValueId, name: &str) {
        let value = self.resolve(value);
        let info = &mut self.values[value.index()];
        if info.var_name.is_none() {
            info.var_name = Some(name.to_string());
        }
    }

    /// The current block; after a terminator, a fresh block with no predecessors (unreachable code that
    /// `cleanup` removes), so that lowering can go on without special cases.
    pub fn ensure_current(&mut self) -> BlockId {
        match self.current {
            Some(b) => b,
            None => {
                let b = self.new_block();
                self.blocks[b.index()].sealed = true;
                self.current = Some(b);
                b
            }
        }
    }

    pub fn is_dead(&self) -> bool {
        self.current.is_none()
    }

    /// Appends `op` to the current block.
    pub fn emit(&mut self, op: Op, span: Span) -> ValueId {
        let block = self.ensure_current();
        self.emit_in(block, op, span)
    }

    fn emit_in(&mut self, block: BlockId, op: Op, span: Span) -> ValueId {
        let result = self.new_value(None, DefSite::Other);
        self.blocks[block.index()].insts.push(Inst { result, op, span });
        result
    }

    /// Ends the current block (if any) and records the predecessor edges.
    pub fn terminate(&mut self, term: Terminator, span: Span) {
        let Some(block) = self.current.take() else {
            return;
        };
        let term = match term {
            Terminator::Branch { then_block, else_block, .. } if then_block == else_block => {
                Terminator::Jump(then_block)
            }
            t => t,
        };
        let succs: Vec<BlockId> = match &term {
            Terminator::Jump(t) => vec![*t],
            Terminator::Branch { then_block, else_block, .. } => vec![*then_block, *else_block],
            _ => vec![],
        };
        for s in succs {
            debug_assert!(!self.blocks[s.index()].sealed, "edge into a sealed block");
            let preds = &mut self.blocks[s.index()].preds;
            if !preds.contains(&block) {
                preds.push(block);
            }
        }
        self.blocks[block.index()].term = Some((term, span));
    }

    pub fn jump(&mut self, target: BlockId, span: Span) {
        self.terminate(Terminator::Jump(target), span);
    }

    /// Makes `block` current without sealing it (a loop header, whose back edges come later).
    pub fn switch_to(&mut self, block: BlockId) {
        self.current = Some(block);
    }

    /// Seals `block` (all its predecessors are known) and makes it current; a block nothing jumps to
    /// leaves the builder in the unreachable state.
    pub fn start_block(&mut self, block: BlockId) {
        self.seal(block);
        if self.blocks[block.index()].preds.is_empty() && block != BlockId::ENTRY {
            self.current = None;
        } else {
            self.current = Some(block);
        }
    }

    /// All predecessors of `block` are known: completes its incomplete phis.
    pub fn seal(&mut self, block: BlockId) {
        if self.blocks[block.index()].sealed {
            return;
        }
        let incomplete = std::mem::take(&mut self.blocks[block.index()].incomplete);
        for (var, phi) in incomplete {
            self.add_phi_operands(var, phi, block);
        }
        self.blocks[block.index()].sealed = true;
    }

    pub fn write_var(&mut self, var: VarId, value: ValueId) {
        let block = self.ensure_current();
        self.defs.insert((block, var), value);
    }

    /// The value of `var` at the current point; `span` is used for an `Undefined` it may create.
    pub fn read_var(&mut self, var: VarId, span: Span) -> ValueId {
        let block = self.ensure_current();
        let v = self.read_var_in(var, block, span);
        self.resolve(v)
    }

    /// Braun et al.'s recursive `readVariable`, run with an explicit stack so that long chains of joins
    /// (thousands of sequential `if`s) cannot overflow the native stack.
    fn read_var_in(&mut self, var: VarId, block: BlockId, span: Span) -> ValueId {
        let mut stack = match self.read_start(var, block, span) {
            Start::Done(v) => return v,
            Start::Join(frame) => vec![frame],
        };
        let mut ret: Option<ValueId> = None;
        loop {
            let Some(top) = stack.last_mut() else { unreachable_value() };
            if let Some(v) = ret.take() {
                top.incoming.push((top.preds[top.incoming.len()], v));
            }
            if let Some(&pred) = top.preds.get(top.incoming.len()) {
                match self.read_start(var, pred, span) {
                    Start::Done(v) => ret = Some(v),
                    Start::Join(frame) => stack.push(frame),
                }
                continue;
            }
            let Some(frame) = stack.pop() else { unreachable_value() };
            if let DefSite::Phi(b, i) = self.def_site[frame.phi.index()] {
                self.blocks[b.index()].phis[i].incoming = frame.incoming;
            }
            let v = self.try_remove_trivial_phi(frame.phi);
            self.defs.insert((frame.block, var), v);
            for b in frame.chain {
                self.defs.insert((b, var), v);
            }
            if stack.is_empty() {
                return v;
            }
            ret = Some(v);
        }
    }

    /// Walks single-predecessor chains from `block` to a definition, an unsealed block (incomplete phi), the
    /// entry (`Undefined`) or a join (a new phi whose operands the caller reads next).
    fn read_start(&mut self, var: VarId, block: BlockId, span: Span) -> Start {
        let mut chain = Vec::new();
        let mut cur = block;
        let value = loop {
            if let Some(&v) = self.defs.get(&(cur, var)) {
                break v;
            }
            let data = &self.blocks[cur.index()];
            if !data.sealed {
                let phi = self.new_phi(var, cur);
                self.blocks[cur.index()].incomplete.push((var, phi));
                self.defs.insert((cur, var), phi);
                break phi;
            }
            match data.preds.len() {
                1 if chain.len() <= self.blocks.len() => {
                    chain.push(cur);
                    cur = data.preds[0];
                }
                // The entry, unreachable code, or (guard) an unreachable cycle of single-predecessor blocks.
                0 | 1 => {
                    let info = &self.vars[var.0 as usize];
                    let name = (!info.hidden).then(|| info.name.clone());
                    let v = self.emit_in(cur, Op::Undefined(info.name.clone()), span);
                    self.undefined.insert(v);
                    self.values[v.index()].var_name = name;
                    self.defs.insert((cur, var), v);
                    break v;
                }
                _ => {
                    let preds = data.preds.clone();
                    let phi = self.new_phi(var, cur);
                    self.defs.insert((cur, var), phi);
                    let incoming = Vec::with_capacity(preds.len());
                    return Start::Join(Frame { block: cur, phi, preds, incoming, chain });
                }
            }
        };
        for b in chain {
            self.defs.insert((b, var), value);
        }
        Start::Done(value)
    }

    fn new_phi(&mut self, var: VarId, block: BlockId) -> ValueId {
        let info = &self.vars[var.0 as usize];
        let name = if info.hidden { None } else { Some(info.name.clone()) };
        let index = self.blocks[block.index()].phis.len();
        let dest = self.new_value(name, DefSite::Phi(block, index));
        self.blocks[block.index()].phis.push(PhiData { dest, incoming: Vec::new() });
        dest
    }

    fn add_phi_operands(&mut self, var: VarId, phi: ValueId, block: BlockId) -> ValueId {
        let preds = self.blocks[block.index()].preds.clone();
        let mut incoming = Vec::with_capacity(preds.len());
        for pred in preds {
            let v = self.read_var_in(var, pred, Span::default());
            incoming.push((pred, v));
        }
        if let DefSite::Phi(b, i) = self.def_site[phi.index()] {
            self.blocks[b.index()].phis[i].incoming = incoming;
        }
        self.try_remove_trivial_phi(phi)
    }

    /// If all operands of `phi` are one value (or the phi itself), aliases the phi to that value.
    pub fn try_remove_trivial_phi(&mut self, phi: ValueId) -> ValueId {
        let DefSite::Phi(b, i) = self.def_site[phi.index()] else {
            return phi;
        };
        if self.alias[phi.index()].is_some() {
            return self.resolve(phi);
        }
        let mut same = None;
        let n = self.blocks[b.index()].phis[i].incoming.len();
        for k in 0..n {
            let op = self.blocks[b.index()].phis[i].incoming[k].1;
            let op = self.resolve(op);
            if Some(op) == same || op == phi {
                continue;
            }
            if same.is_some() {
                return phi;
            }
            same = Some(op);
        }
        match same {
            Some(s) => {
                self.alias[phi.index()] = Some(s);
                s
            }
            None => phi,
        }
    }

    /// Follows trivial-phi replacements to the value that stands for `v`.
    pub fn resolve(&mut self, v: ValueId) -> ValueId {
        let mut root = v;
        let mut steps = 0;
        while let Some(next) = self.alias[root.index()] {
            root = next;
            steps += 1;
        }
        if steps > 1 {
            let mut cur = v;
            while let Some(next) = self.alias[cur.index()] {
                self.alias[cur.index()] = Some(root);
                cur = next;
            }
        }
        root
    }
}
