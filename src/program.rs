//! `VerifiedProgram`: a filter the checker accepted, in the form the interpreter runs.

use crate::insn::Insn;
use crate::vm::op::{Op, Prepared};
use crate::vm::plan::Plan;

/// A seccomp filter that passed every load-time check of the kernel
/// ([`crate::verify::check`]), decoded once into the form the interpreter runs.
///
/// Only the checker can make one, so holding one means "the kernel would accept this
/// program" (on its own: the chain limit depends on the stack it joins).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedProgram {
    pub(crate) insns: Vec<Insn>,
    pub(crate) ops: Vec<Op>,
    pub(crate) prepared: Prepared,
    /// The evaluation plan (`vm::plan`), built on the first [`crate::vm::run`], not by the
    /// checker: `check` does no plan or table work.
    pub(crate) plan: std::sync::OnceLock<Plan>,
    pub(crate) ebpf_len: usize,
}

impl VerifiedProgram {
    /// The program as the user wrote it (before seccomp's in-kernel rewrites).
    pub fn insns(&self) -> &[Insn] {
        &self.insns
    }

    /// Number of instructions.
    pub fn len(&self) -> usize {
        self.insns.len()
    }

    /// Always false: the kernel refuses empty programs.
    pub fn is_empty(&self) -> bool {
        self.insns.is_empty()
    }

    /// Length of the eBPF program the kernel converts this filter into; the per-thread
    /// chain limit counts these.
    pub fn ebpf_len(&self) -> usize {
        self.ebpf_len
    }

    /// The decoded instructions, one per instruction.
    pub(crate) fn ops(&self) -> &[Op] {
        &self.ops
    }

    /// The evaluation plan [`crate::vm::run`] follows (built on first use).
    #[inline]
    pub(crate) fn plan(&self) -> &Plan {
        self.plan.get_or_init(|| Plan::new(&self.prepared))
    }

    /// Build the evaluation plan now (it is otherwise built by the first run), so
    /// that the first evaluation is not slower than the others.
    pub fn prepare(&self) -> &Self {
        self.plan();
        self
    }

    /// Bytes the prepared form and the evaluation plan take beyond the program.
    pub fn prepared_size_bytes(&self) -> usize {
        self.plan().size_bytes() + self.prepared.ops.len() * std::mem::size_of::<Op>()
    }

    /// The prepared form [`crate::vm::run`] executes.
    pub(crate) fn prepared(&self) -> &Prepared {
        &self.prepared
    }
}
