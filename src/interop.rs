//! Programs from (and for) other seccomp tools: `libc::sock_filter`, seccompiler's
//! `BpfProgram` (feature `seccompiler`) and libseccomp's exported BPF (feature
//! `libseccomp`).
//!
//! Every one of them is the kernel's `struct sock_filter`, so each conversion is exact in
//! both directions: `Insn::from(f)` and `libc::sock_filter::from(insn)`, and for whole
//! programs [`from_sock_filters`], [`to_sock_filters`],
#![cfg_attr(
    feature = "seccompiler",
    doc = "[`from_seccompiler`], [`to_seccompiler`] (feature `seccompiler`)"
)]
#![cfg_attr(
    not(feature = "seccompiler"),
    doc = "`from_seccompiler`, `to_seccompiler` (feature `seccompiler`)"
)]
#![cfg_attr(
    feature = "libseccomp",
    doc = "and [`from_libseccomp`] (feature `libseccomp`)."
)]
#![cfg_attr(
    not(feature = "libseccomp"),
    doc = "and `from_libseccomp` (feature `libseccomp`)."
)]
//!
//! ```
//! # #[cfg(feature = "seccompiler")] {
//! use secbpf::{interop, verify, vm, seccomp::{Arch, RetValue, SeccompData}};
//! use seccompiler::{SeccompAction, SeccompFilter, BpfProgram};
//!
//! // A seccompiler filter: ERRNO(13) for openat, ALLOW for everything else.
//! let filter = SeccompFilter::new(
//!     [(257, vec![])].into_iter().collect(), // x86_64 openat
//!     SeccompAction::Allow,
//!     SeccompAction::Errno(13),
//!     seccompiler::TargetArch::x86_64,
//! )?;
//! let bpf: BpfProgram = filter.try_into()?;
//! let prog = verify::check(&interop::from_seccompiler(&bpf))?;
//! let openat = SeccompData::syscall(Arch::x86_64(), "openat")?;
//! assert_eq!(vm::run(&prog, &openat).ret, RetValue::errno(13));
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::insn::Insn;

#[cfg(any(target_os = "linux", target_os = "android"))]
impl From<libc::sock_filter> for Insn {
    fn from(f: libc::sock_filter) -> Insn {
        Insn::new(f.code, f.jt, f.jf, f.k)
    }
}

#[cfg(any(target_os = "linux", target_os = "android"))]
impl From<Insn> for libc::sock_filter {
    fn from(i: Insn) -> libc::sock_filter {
        libc::sock_filter {
            code: i.code,
            jt: i.jt,
            jf: i.jf,
            k: i.k,
        }
    }
}

/// A program given as `libc::sock_filter`s (what a `struct sock_fprog` points at).
#[cfg(any(target_os = "linux", target_os = "android"))]
pub fn from_sock_filters(prog: &[libc::sock_filter]) -> Vec<Insn> {
    prog.iter().map(|&f| Insn::from(f)).collect()
}

/// A program as `libc::sock_filter`s, ready for a `struct sock_fprog`.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub fn to_sock_filters(prog: &[Insn]) -> Vec<libc::sock_filter> {
    prog.iter().map(|&i| libc::sock_filter::from(i)).collect()
}

#[cfg(feature = "seccompiler")]
impl From<seccompiler::sock_filter> for Insn {
    fn from(f: seccompiler::sock_filter) -> Insn {
        Insn::new(f.code, f.jt, f.jf, f.k)
    }
}

#[cfg(feature = "seccompiler")]
impl From<&seccompiler::sock_filter> for Insn {
    fn from(f: &seccompiler::sock_filter) -> Insn {
        Insn::new(f.code, f.jt, f.jf, f.k)
    }
}

#[cfg(feature = "seccompiler")]
impl From<Insn> for seccompiler::sock_filter {
    fn from(i: Insn) -> seccompiler::sock_filter {
        seccompiler::sock_filter {
            code: i.code,
            jt: i.jt,
            jf: i.jf,
            k: i.k,
        }
    }
}

/// A seccompiler program (`BpfProgram`, or a `BpfProgramRef`) as secbpf instructions.
#[cfg(feature = "seccompiler")]
pub fn from_seccompiler(prog: &[seccompiler::sock_filter]) -> Vec<Insn> {
    prog.iter().map(Insn::from).collect()
}

/// A program as seccompiler's `BpfProgram` (for `seccompiler::apply_filter`).
#[cfg(feature = "seccompiler")]
pub fn to_seccompiler(prog: &[Insn]) -> seccompiler::BpfProgram {
    prog.iter()
        .map(|&i| seccompiler::sock_filter::from(i))
        .collect()
}

/// What went wrong exporting a libseccomp filter.
#[cfg(feature = "libseccomp")]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ExportErrorKind {
    /// The pipe the BPF is exported through could not be made or read.
    Io,
    /// libseccomp refused to export the filter (`seccomp_export_bpf`).
    Libseccomp,
    /// The export is not a whole number of 8-byte instructions.
    Truncated,
}

/// Why [`from_libseccomp`] could not export a filter: a kind and the detail.
#[cfg(feature = "libseccomp")]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportError {
    kind: ExportErrorKind,
    detail: String,
}

#[cfg(feature = "libseccomp")]
impl ExportError {
    fn new(kind: ExportErrorKind, detail: String) -> ExportError {
        ExportError { kind, detail }
    }

    /// What went wrong.
    pub fn kind(&self) -> ExportErrorKind {
        self.kind
    }
}

#[cfg(feature = "libseccomp")]
impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = match self.kind {
            ExportErrorKind::Io => "cannot read the exported filter",
            ExportErrorKind::Libseccomp => "libseccomp cannot export the filter",
            ExportErrorKind::Truncated => "the exported filter is truncated",
        };
        write!(f, "{what}: {}", self.detail)
    }
}

#[cfg(feature = "libseccomp")]
impl std::error::Error for ExportError {}

/// The BPF program libseccomp generates for `ctx` (its native arch, as
/// `seccomp_export_bpf` writes it), as secbpf instructions. Exported through a pipe, so it
/// works with libseccomp 2.5 (`seccomp_export_bpf_mem` needs 2.6).
///
/// # Errors
/// libseccomp refuses the export, the pipe fails, or the output is not whole instructions.
#[cfg(feature = "libseccomp")]
pub fn from_libseccomp(ctx: &libseccomp::ScmpFilterContext) -> Result<Vec<Insn>, ExportError> {
    use std::io::Read;
    let io = |what: &str, e: std::io::Error| {
        ExportError::new(ExportErrorKind::Io, format!("{what}: {e}"))
    };
    let (mut reader, writer) = std::io::pipe().map_err(|e| io("pipe", e))?;
    // Drain while libseccomp writes: a filter larger than the pipe buffer would block it.
    let drain = std::thread::spawn(move || {
        let mut buf = Vec::new();
        reader.read_to_end(&mut buf).map(|_| buf)
    });
    let res = ctx.export_bpf(&writer);
    drop(writer);
    let bytes = drain
        .join()
        .map_err(|_| ExportError::new(ExportErrorKind::Io, "the pipe reader panicked".to_string()))?
        .map_err(|e| io("read", e))?;
    res.map_err(|e| ExportError::new(ExportErrorKind::Libseccomp, e.to_string()))?;
    if bytes.len() % Insn::SIZE != 0 {
        return Err(ExportError::new(
            ExportErrorKind::Truncated,
            format!("{} bytes", bytes.len()),
        ));
    }
    Ok(bytes
        .chunks_exact(Insn::SIZE)
        .map(|c| {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            Insn::from_bytes(b, crate::insn::Endian::native())
        })
        .collect())
}
