//! The process-wide JIT module. One [`Codegen`] owns Cranelift's `JITModule`; the driver locks it for a
//! whole compile session (a function and every callee it compiles), then finalizes once.

use std::sync::{Mutex, MutexGuard, OnceLock};

use cranelift_codegen::ir::{types as clif, AbiParam, Signature};
use cranelift_codegen::{settings, settings::Configurable, Context};
use cranelift_frontend::FunctionBuilderContext;
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{FuncId, Linkage, Module};
use ferrumba_ir::Diagnostic;
use ferrumba_typeinfer::TypedFunction;
use ferrumba_types::Type;

use crate::datamodel::leaf_types;
use crate::CodegenOptions;

/// Text forms of one compiled function, for dumps and `inspect_*`.
#[derive(Clone, Debug, Default)]
pub struct FunctionArtifacts {
    pub clif: String,
    pub asm: String,
}

/// The JIT module and reusable compilation contexts.
pub struct Codegen {
    pub(crate) module: JITModule,
    pub(crate) ctx: Context,
    pub(crate) fctx: FunctionBuilderContext,
    next_symbol: u64,
    /// The entry wrapper defined for each compiled function.
    pub(crate) entries: std::collections::HashMap<u32, u32>,
}

struct Shared(Mutex<Codegen>);

// SAFETY: `JITModule` holds raw pointers to its own code memory; it is only ever used by one thread
// at a time, behind this mutex.
unsafe impl Send for Shared {}
// SAFETY: as above; all access goes through the mutex.
unsafe impl Sync for Shared {}

impl Codegen {
    /// Locks the process-wide code generator.
    pub fn global() -> Result<MutexGuard<'static, Codegen>, Diagnostic> {
        static SHARED: OnceLock<Result<Shared, String>> = OnceLock::new();
        let shared = SHARED.get_or_init(|| Codegen::new().map(|c| Shared(Mutex::new(c))));
        match shared {
            Ok(s) => Ok(s.0.lock().unwrap_or_else(|e| e.into_inner())),
            Err(msg) => Err(Diagnostic::internal(msg.clone())),
        }
    }

    fn new() -> Result<Codegen, String> {
        let mut flags = settings::builder();
        let set = |flags: &mut settings::Builder, k: &str, v: &str| {
            flags.set(k, v).map_err(|e| format!("cranelift setting {k}={v}: {e}"))
        };
        set(&mut flags, "opt_level", "speed")?;
        set(&mut flags, "use_colocated_libcalls", "false")?;
        set(&mut flags, "is_pic", "false")?;
        let isa = cranelift_native::builder()
            .map_err(|e| format!("this CPU is not supported by Cranelift: {e}"))?
            .finish(settings::Flags::new(flags))
            .map_err(|e| format!("cannot configure Cranelift: {e}"))?;
        let mut builder = JITBuilder::with_isa(isa, cranelift_module::default_libcall_names());
        for (name, ptr) in ferrumba_runtime::symbols() {
            builder.symbol(name, ptr);
        }
        let module = JITModule::new(builder);
        Ok(Codegen {
            ctx: module.make_context(),
            module,
            fctx: FunctionBuilderContext::new(),
            next_symbol: 0,
            entries: Default::default(),
        })
    }

    pub(crate) fn pointer_type(&self) -> clif::Type {
        self.module.target_config().pointer_type()
    }

    /// The native signature of a compiled function taking `args`:
    /// `(ret ptr, stack limit, leaves...) -> i32`.
    pub(crate) fn native_signature(&self, args: &[Type]) -> Signature {
        let mut sig = self.module.make_signature();
        sig.params.push(AbiParam::new(self.pointer_type()));
        sig.params.push(AbiParam::new(self.pointer_type()));
        for t in args {
            sig.params.extend(leaf_types(t).into_iter().map(AbiParam::new));
        }
        sig.returns.push(AbiParam::new(clif::I32));
        sig
    }

    /// The signature of entry wrappers: `(args ptr, ret ptr, stack limit) -> i32`.
    pub(crate) fn entry_signature(&self) -> Signature {
        let mut sig = self.module.make_signature();
        sig.params.push(AbiParam::new(self.pointer_type()));
        sig.params.push(AbiParam::new(self.pointer_type()));
        sig.params.push(AbiParam::new(self.pointer_type()));
        sig.returns.push(AbiParam::new(clif::I32));
        sig
    }

    fn unique_name(&mut self, base: &str) -> String {
        self.next_symbol += 1;
        format!("{base}${}", self.next_symbol)
    }

    /// Declares a compiled function for `args` so that calls (also recursive ones) can refer to it
    /// before it is defined. Returns its id.
    pub fn declare(&mut self, name: &str, args: &[Type]) -> Result<u32, Diagnostic> {
        let sig = self.native_signature(args);
        let symbol = self.unique_name(name);
        let id = self
            .module
            .declare_function(&symbol, Linkage::Local, &sig)
            .map_err(|e| Diagnostic::internal(format!("declaring {symbol}: {e}")))?;
        Ok(id.as_u32())
    }

    /// Lowers `typed` into the declared function `func_ref` and compiles it to machine code.
    pub fn define(
        &mut self,
        func_ref: u32,
        typed: &TypedFunction,
        options: &CodegenOptions,
    ) -> Result<FunctionArtifacts, Diagnostic> {
        self.module.clear_context(&mut self.ctx);
        self.ctx.func.signature = self.native_signature(&typed.arg_types);
        crate::lower::lower_function(self, typed, options)?;
        // Our CLIF passes, before Cranelift's optimizer (see docs/decisions.md, "Loop code generation").
        crate::ifconvert::convert_branches(&mut self.ctx.func);
        crate::rotate::rotate_loops(&mut self.ctx.func);
        crate::unroll::unroll_loops(&mut self.ctx.func);
        crate::invariants::keep_invariants_out_of_loops(&mut self.ctx.func);
        let clif = self.ctx.func.display().to_string();
        self.compile(func_ref, options.want_asm).map(|asm| FunctionArtifacts { clif, asm })
    }

    /// Defines a declared function whose compilation failed as one that reports an internal error,
    /// so that the module stays finalizable.
    pub fn define_failure_stub(&mut self, func_ref: u32, args: &[Type]) -> Result<(), Diagnostic> {
        self.module.clear_context(&mut self.ctx);
        self.ctx.func.signature = self.native_signature(args);
        crate::entry::lower_failure_stub(self);
        self.compile(func_ref, false).map(|_| ())
    }

    /// Defines the entry wrapper of `func_ref` (compiled for `args`); returns the wrapper's id.
    pub fn define_entry(&mut self, func_ref: u32, args: &[Type]) -> Result<u32, Diagnostic> {
        let sig = self.entry_signature();
        let symbol = self.unique_name("entry");
        let id = self
            .module
            .declare_function(&symbol, Linkage::Local, &sig)
            .map_err(|e| Diagnostic::internal(format!("declaring {symbol}: {e}")))?;
        self.module.clear_context(&mut self.ctx);
        self.ctx.func.signature = sig;
        crate::entry::lower_entry(self, func_ref, args);
        self.compile(id.as_u32(), false)?;
        self.entries.insert(func_ref, id.as_u32());
        Ok(id.as_u32())
    }

    fn compile(&mut self, func_ref: u32, want_asm: bool) -> Result<String, Diagnostic> {
        self.ctx.set_disasm(want_asm);
        let id = FuncId::from_u32(func_ref);
        if let Err(e) = self.module.define_function(id, &mut self.ctx) {
            let clif = self.ctx.func.display().to_string();
            return Err(Diagnostic::internal(format!("Cranelift rejected the function: {e:?}\n{clif}")));
        }
        let asm = if want_asm {
            self.ctx.compiled_code().and_then(|c| c.vcode.clone()).unwrap_or_default()
        } else {
            String::new()
        };
        self.module.clear_context(&mut self.ctx);
        Ok(asm)
    }

    /// Drops half-built state after a panic in lowering, so the next compile starts clean.
    pub fn reset_after_panic(&mut self) {
        self.module.clear_context(&mut self.ctx);
        self.fctx = FunctionBuilderContext::new();
    }

    /// Makes every function defined so far callable.
    pub fn finalize(&mut self) -> Result<(), Diagnostic> {
        self.module.finalize_definitions().map_err(|e| Diagnostic::internal(format!("finalizing machine code: {e}")))
    }

    /// The address of a finalized function.
    pub fn address(&self, func_ref: u32) -> *const u8 {
        self.module.get_finalized_function(FuncId::from_u32(func_ref))
    }
}
