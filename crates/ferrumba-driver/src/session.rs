//! One compile session: a function and every compiled function it calls, finalized together.

use std::cell::RefCell;
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use ferrumba_codegen::{Codegen, CodegenOptions};
use ferrumba_frontend::GlobalResolver;
use ferrumba_ir::{Diagnostic, ErrorKind, GlobalValue};
use ferrumba_typeinfer::{ArgSource, CallResolver, InferOptions, JitCall};
use ferrumba_types::Type;

use crate::dump::{flags, print_stage};
use crate::registry::{registry, LoweredFunction};
use crate::{Compiled, CompiledRef, Host};

/// Compiles `handle` for `args` (or returns the specialization compiled before).
/// With `ret`, values are returned as that type (an explicit signature's return type).
pub fn compile(host: &mut dyn Host, handle: u64, args: &[Type], ret: Option<&Type>) -> Result<CompiledRef, Diagnostic> {
    if let Some(done) = registry().get(handle, args) {
        if ret.is_none_or(|r| *r == done.return_type) {
            return Ok(done);
        }
    }
    let mut cg = Codegen::global()?;
    let mut session = Session {
        cg: &mut cg,
        host,
        stack: Vec::new(),
        done: HashMap::new(),
        declared: Vec::new(),
        declared_return: ret.cloned(),
    };
    let outcome = catch_unwind(AssertUnwindSafe(|| session.compile_function(handle, args)));
    let outcome = match outcome {
        Ok(result) => result,
        Err(panic) => Err(session.panic_diagnostic(panic)),
    };
    session.finish(outcome.is_ok())?;
    outcome?;
    let mut reg = registry();
    for (key, partial) in session.done.drain() {
        let entry = session.cg.address(partial.entry_ref) as usize;
        reg.insert(
            key.0,
            Arc::new(Compiled {
                arg_types: key.1,
                return_type: partial.typed.return_type.clone(),
                func_ref: partial.func_ref,
                entry,
                typed: partial.typed,
                clif: partial.clif,
                source: partial.source,
                codegen_options: partial.codegen_options,
            }),
        );
    }
    reg.get(handle, args).ok_or_else(|| Diagnostic::internal("compiled function missing from the registry"))
}

/// The machine-code listing of a compiled specialization (compiled once more with listing enabled).
pub fn asm_listing(compiled: &Compiled) -> Result<String, Diagnostic> {
    let mut cg = Codegen::global()?;
    let name = format!("{}_listing", compiled.typed.func.name);
    let func_ref = cg.declare(&name, &compiled.arg_types)?;
    let options = CodegenOptions { want_asm: true, ..compiled.codegen_options.clone() };
    let artifacts = cg.define(func_ref, &compiled.typed, &options)?;
    cg.finalize()?;
    Ok(artifacts.asm)
}

/// A function being typed: recursive calls to it see `estimate`, its return type so far.
struct Frame {
    handle: u64,
    args: Vec<Type>,
    func_ref: u32,
    name: String,
    estimate: Option<Type>,
    handed_out: Vec<Type>,
}

/// A specialization compiled in this session, registered once the module is finalized.
struct Partial {
    func_ref: u32,
    entry_ref: u32,
    typed: ferrumba_typeinfer::TypedFunction,
    clif: String,
    source: ferrumba_ir::SourceInfo,
    codegen_options: CodegenOptions,
}

struct Session<'a> {
    cg: &'a mut Codegen,
    host: &'a mut dyn Host,
    stack: Vec<Frame>,
    done: HashMap<(u64, Vec<Type>), Partial>,
    /// Every function declared in this session, and whether it got a body.
    declared: Vec<(u32, Vec<Type>, bool)>,
    /// The explicit return type of the outermost function, taken by its first compile.
    declared_return: Option<Type>,
}

impl Session<'_> {
    /// The stages for one specialization, in order.
    fn compile_function(&mut self, handle: u64, args: &[Type]) -> Result<(u32, Type), Diagnostic> {
        let lowered = self.lower(handle)?;
        let (func, source) = (&lowered.0, &lowered.1);
        let located = |d: Diagnostic| d.locate(source);
        if func.params.len() != args.len() {
            return Err(located(Diagnostic::typing(
                format!("{}() takes {} arguments but {} were given", func.name, func.params.len(), args.len()),
                func.span,
            )));
        }
        let owner = registry().options_owner(handle);
        let options = self.host.options(owner);
        let func_ref = self.cg.declare(&func.name, args)?;
        self.declared.push((func_ref, args.to_vec(), false));
        self.stack.push(Frame {
            handle,
            args: args.to_vec(),
            func_ref,
            name: func.name.clone(),
            estimate: None,
            handed_out: Vec::new(),
        });

        // Type inference (compiling callees on the way).
        let return_type = if self.stack.len() == 1 { self.declared_return.take() } else { None };
        let infer_options = InferOptions { locals: options.locals.clone(), return_type };
        let typed = ferrumba_typeinfer::infer(func.clone(), args, &infer_options, self);
        let frame = self.stack.pop().expect("frame pushed above");
        let typed = typed.map_err(|d| located(d).with_context(signature_context(&frame)))?;
        if flags().typed {
            print_stage("typed IR", &func.name, &typed.display());
        }
        if let Some(seen) = frame.handed_out.iter().find(|t| **t != typed.return_type) {
            return Err(located(
                Diagnostic::typing(
                    format!(
                        "the return type of recursive function '{}' is {} but a recursive call assumed {seen}",
                        func.name, typed.return_type
                    ),
                    func.span,
                )
                .with_hint(
                    "make every return statement return the same type, or give the function an explicit signature",
                ),
            ));
        }

        // Code generation.
        let cg_options = CodegenOptions {
            python_error_model: options.python_error_model,
            want_asm: flags().asm,
            boundscheck: options.boundscheck,
        };
        let artifacts = self.cg.define(func_ref, &typed, &cg_options).map_err(|d| with_ir_dump(d, &typed))?;
        if let Some(entry) = self.declared.iter_mut().find(|d| d.0 == func_ref) {
            entry.2 = true;
        }
        if flags().clif {
            print_stage("CLIF", &func.name, &artifacts.clif);
        }
        if flags().asm {
            print_stage("assembly", &func.name, &artifacts.asm);
        }
        let entry_ref = self.cg.define_entry(func_ref, args)?;
        let ret = typed.return_type.clone();
        let source = source.clone();
        self.done.insert(
            (handle, args.to_vec()),
            Partial { func_ref, entry_ref, typed, clif: artifacts.clif, source, codegen_options: cg_options },
        );
        Ok((func_ref, ret))
    }

    /// The function's IR, from the registry or by running the frontend.
    fn lower(&mut self, handle: u64) -> Result<LoweredFunction, Diagnostic> {
        let cached = registry().lowered(handle);
        if let Some(lowered) = cached {
            return Ok(lowered);
        }
        let source = self.host.function_source(handle)?;
        let parallel = self.host.options(handle).parallel;
        let resolver = HostResolver {
            host: RefCell::new(&mut *self.host),
            handle,
            error: RefCell::new(None),
            parallel,
            source: &source,
        };
        let result = ferrumba_frontend::lower_function(&source, &resolver);
        if let Some(err) = resolver.error.into_inner() {
            return Err(err);
        }
        let func = result.map_err(|d| d.locate(&source))?;
        if flags().ir {
            print_stage("IR", &func.name, &func.to_string());
        }
        let lowered = Arc::new((func, source));
        registry().set_lowered(handle, lowered.clone());
        Ok(lowered)
    }

    /// Finalizes the module; on failure first gives every function left without a body a stub, and
    /// forgets what this session compiled (it may call those stubs).
    fn finish(&mut self, ok: bool) -> Result<(), Diagnostic> {
        if !ok {
            let missing: Vec<(u32, Vec<Type>)> =
                self.declared.iter().filter(|d| !d.2).map(|d| (d.0, d.1.clone())).collect();
            for (func_ref, args) in missing {
                self.cg.define_failure_stub(func_ref, &args)?;
            }
            self.done.clear();
        }
        self.cg.finalize()
    }

    fn panic_diagnostic(&mut self, panic: Box<dyn std::any::Any + Send>) -> Diagnostic {
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "unknown panic".into());
        self.cg.reset_after_panic();
        let context = self
            .stack
            .last()
            .map(|f| {
                let ir = registry().lowered(f.handle).map(|l| l.0.to_string()).unwrap_or_default();
                format!("{}\nIR of the function being compiled:\n{ir}", signature_context(f))
            })
            .unwrap_or_default();
        Diagnostic::internal(format!(
            "internal compiler error: {message}\nThis is a bug in ferrumba; please report it with this message.\n{context}"
        ))
    }
}

fn signature_context(frame: &Frame) -> String {
    let args: Vec<String> = frame.args.iter().map(|t| t.to_string()).collect();
    format!("resolving types of '{}' for ({})", frame.name, args.join(", "))
}

fn with_ir_dump(d: Diagnostic, typed: &ferrumba_typeinfer::TypedFunction) -> Diagnostic {
    if d.kind == ErrorKind::Internal {
        let message = format!("{}\nTyped IR:\n{}", d.message, typed.display());
        Diagnostic { message, ..d }
    } else {
        d
    }
}

impl CallResolver for Session<'_> {
    fn resolve_jit_call(
        &mut self,
        handle: u64,
        args: &[Type],
        kwargs: &[(String, Type)],
        caller_return: Option<&Type>,
    ) -> Result<Option<JitCall>, Diagnostic> {
        if let Some(top) = self.stack.last_mut() {
            if let Some(t) = caller_return {
                top.estimate = Some(t.clone());
            }
        }
        let lowered = self.lower(handle)?;
        let (sources, full_types) = fold_arguments(&lowered.0, args, kwargs)?;
        if let Some(frame) = self.stack.iter_mut().find(|f| f.handle == handle && f.args == full_types) {
            let Some(ret) = frame.estimate.clone() else { return Ok(None) };
            frame.handed_out.push(ret.clone());
            return Ok(Some(JitCall { func_ref: frame.func_ref, params: full_types, ret, args: sources }));
        }
        let earlier = registry().get(handle, &full_types);
        let (func_ref, ret) = if let Some(p) = self.done.get(&(handle, full_types.clone())) {
            (p.func_ref, p.typed.return_type.clone())
        } else if let Some(c) = earlier {
            (c.func_ref, c.return_type.clone())
        } else {
            self.compile_function(handle, &full_types)?
        };
        Ok(Some(JitCall { func_ref, params: full_types, ret, args: sources }))
    }

    fn resolve_overload(
        &mut self,
        name: &str,
        args: &[Type],
        kwargs: &[(String, Type)],
        caller_return: Option<&Type>,
    ) -> Result<Option<JitCall>, Diagnostic> {
        self.overload_call(name, args, kwargs, caller_return)
    }
}

impl Session<'_> {
    fn overload_call(
        &mut self,
        name: &str,
        args: &[Type],
        kwargs: &[(String, Type)],
        caller_return: Option<&Type>,
    ) -> Result<Option<JitCall>, Diagnostic> {
        match self.host.resolve_overload(name, args, kwargs)? {
            Some(handle) => self.resolve_jit_call(handle, args, kwargs, caller_return),
            None => Ok(None),
        }
    }
}

/// Binds a call's positional and keyword arguments to the callee's parameters (defaults fill the rest).
fn fold_arguments(
    callee: &ferrumba_ir::Function,
    args: &[Type],
    kwargs: &[(String, Type)],
) -> Result<(Vec<ArgSource>, Vec<Type>), Diagnostic> {
    let params = &callee.params;
    let name = &callee.name;
    if args.len() > params.len() {
        return Err(Diagnostic::typing(
            format!("{name}() takes {} positional arguments but {} were given", params.len(), args.len()),
            callee.span,
        ));
    }
    let mut sources = Vec::with_capacity(params.len());
    let mut types = Vec::with_capacity(params.len());
    for (i, p) in params.iter().enumerate() {
        let kw = kwargs.iter().position(|(k, _)| *k == p.name);
        if i < args.len() {
            if kw.is_some() {
                return Err(Diagnostic::typing(
                    format!("{name}() got multiple values for argument '{}'", p.name),
                    callee.span,
                ));
            }
            sources.push(ArgSource::Positional(i));
            types.push(args[i].clone());
        } else if let Some(k) = kw {
            sources.push(ArgSource::Keyword(k));
            types.push(kwargs[k].1.clone());
        } else if let Some(default) = &p.default {
            types.push(ferrumba_typeinfer::constant_type(default));
            sources.push(ArgSource::Default(default.clone()));
        } else {
            return Err(Diagnostic::typing(format!("{name}() missing required argument '{}'", p.name), callee.span));
        }
    }
    if let Some((k, _)) = kwargs.iter().find(|(k, _)| !params.iter().any(|p| p.name == *k)) {
        return Err(Diagnostic::typing(format!("{name}() got an unexpected keyword argument '{k}'"), callee.span));
    }
    Ok((sources, types))
}

/// Adapts the host to the frontend's resolver interface (which takes `&self`), remembering the first
/// host error.
struct HostResolver<'a> {
    host: RefCell<&'a mut dyn Host>,
    handle: u64,
    error: RefCell<Option<Diagnostic>>,
    /// The function was compiled with `parallel=True`.
    parallel: bool,
    source: &'a ferrumba_ir::SourceInfo,
}

impl HostResolver<'_> {
    fn keep_error(&self, result: Result<Option<GlobalValue>, Diagnostic>) -> Option<GlobalValue> {
        result.unwrap_or_else(|e| {
            self.error.borrow_mut().get_or_insert(e);
            None
        })
    }
}

impl GlobalResolver for HostResolver<'_> {
    fn resolve_global(&self, name: &str) -> Option<GlobalValue> {
        let result = self.host.borrow_mut().resolve_global(self.handle, name);
        self.keep_error(result)
    }

    fn resolve_module_attr(&self, module: &str, attr: &str) -> Option<GlobalValue> {
        let result = self.host.borrow_mut().resolve_module_attr(module, attr);
        self.keep_error(result)
    }

    fn parallel(&self) -> bool {
        self.parallel
    }

    fn register_outlined(&self, func: ferrumba_ir::Function) -> Result<u64, Diagnostic> {
        if flags().ir {
            print_stage("IR", &func.name, &func.to_string());
        }
        let lowered = Arc::new((func, self.source.clone()));
        Ok(registry().add_outlined(self.handle, lowered))
    }
}
