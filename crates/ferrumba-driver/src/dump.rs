//! `FERRUMBA_DUMP_IR`, `FERRUMBA_DUMP_TYPED`, `FERRUMBA_DUMP_CLIF`, `FERRUMBA_DUMP_ASM`: print each
//! stage's text to standard output as functions compile.

use std::sync::OnceLock;

#[derive(Clone, Copy, Default)]
pub(crate) struct DumpFlags {
    pub ir: bool,
    pub typed: bool,
    pub clif: bool,
    pub asm: bool,
}

pub(crate) fn flags() -> DumpFlags {
    static FLAGS: OnceLock<DumpFlags> = OnceLock::new();
    *FLAGS.get_or_init(|| {
        let on = |name: &str| std::env::var(name).is_ok_and(|v| !v.is_empty() && v != "0");
        DumpFlags {
            ir: on("FERRUMBA_DUMP_IR"),
            typed: on("FERRUMBA_DUMP_TYPED"),
            clif: on("FERRUMBA_DUMP_CLIF"),
            asm: on("FERRUMBA_DUMP_ASM"),
        }
    })
}

pub(crate) fn print_stage(stage: &str, function: &str, text: &str) {
    println!("{:-^80}\n{text}", format!(" {stage}: {function} "));
}
