//! Specializations compiled so far (by function handle and argument types) and each function's IR.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use ferrumba_ir::{Function, SourceInfo};
use ferrumba_types::Type;

use crate::CompiledRef;

/// A function's IR (independent of argument types) with the source it came from.
pub(crate) type LoweredFunction = Arc<(Function, SourceInfo)>;

#[derive(Default)]
pub(crate) struct Registry {
    compiled: HashMap<(u64, Vec<Type>), CompiledRef>,
    lowered: HashMap<u64, LoweredFunction>,
    /// Functions the frontend outlined (`prange` loop bodies): their handle → the function they came from.
    outlined: HashMap<u64, u64>,
}

/// Handles of outlined functions count down from here (far above the host's handles).
const FIRST_OUTLINED: u64 = 1 << 62;

pub(crate) fn registry() -> MutexGuard<'static, Registry> {
    static REGISTRY: OnceLock<Mutex<Registry>> = OnceLock::new();
    REGISTRY.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner())
}

impl Registry {
    pub(crate) fn get(&self, handle: u64, args: &[Type]) -> Option<CompiledRef> {
        self.compiled.get(&(handle, args.to_vec())).cloned()
    }
    pub(crate) fn insert(&mut self, handle: u64, compiled: CompiledRef) {
        self.compiled.insert((handle, compiled.arg_types.clone()), compiled);
    }
    pub(crate) fn lowered(&self, handle: u64) -> Option<LoweredFunction> {
        self.lowered.get(&handle).cloned()
    }
    /// Registers a function outlined from `parent`'s source; returns its new handle.
    pub(crate) fn add_outlined(&mut self, parent: u64, lowered: LoweredFunction) -> u64 {
        let handle = FIRST_OUTLINED + self.outlined.len() as u64;
        self.outlined.insert(handle, parent);
        self.lowered.insert(handle, lowered);
        handle
    }
    /// The function whose options apply to `handle` (its origin, for outlined functions).
    pub(crate) fn options_owner(&self, handle: u64) -> u64 {
        let mut h = handle;
        while let Some(parent) = self.outlined.get(&h) {
            h = *parent;
        }
        h
    }
    pub(crate) fn set_lowered(&mut self, handle: u64, lowered: LoweredFunction) {
        self.lowered.insert(handle, lowered);
    }
}

/// Forgets everything compiled for a function, so the next call reads its source and globals anew
/// (`recompile()`). Code already compiled for callers stays valid.
pub fn forget(handle: u64) {
    let mut r = registry();
    r.compiled.retain(|(h, _), _| *h != handle);
    r.lowered.remove(&handle);
}

/// The compiled bodies of the `prange` loops `typed` runs (for dumps), in the order of their calls.
pub(crate) fn outlined_callees(typed: &ferrumba_typeinfer::TypedFunction) -> Vec<CompiledRef> {
    let mut calls: Vec<(&ferrumba_ir::ValueId, u32)> = typed
        .calls
        .iter()
        .filter_map(|(v, c)| match c {
            ferrumba_typeinfer::CallTarget::ParFor(p) => Some((v, p.body.func_ref)),
            _ => None,
        })
        .collect();
    if calls.is_empty() {
        return Vec::new();
    }
    calls.sort_by_key(|(v, _)| v.index());
    let r = registry();
    calls.iter().filter_map(|(_, f)| r.compiled.values().find(|c| c.func_ref == *f).cloned()).collect()
}
