//! Installing verified filters into the calling process (for `secbpf exec`).

use super::sys;
use super::KernelError;
use crate::program::VerifiedProgram;

#[repr(C)]
struct Fprog {
    len: u16,
    filter: *const crate::Insn,
}

/// What seccomp(2)'s errnos mean when installing, in the spec's terms.
pub fn explain_errno(e: i32) -> &'static str {
    match e {
        libc::EINVAL => "the kernel refused the program or the flags (bpf_check_classic, seccomp_check_filter, or flag rules)",
        libc::EACCES => "the caller has neither no_new_privs nor CAP_SYS_ADMIN",
        libc::ENOMEM => "the thread's filter chain would exceed 32768 converted eBPF instructions",
        libc::EBUSY => "another filter in the chain already has a listener",
        libc::EFAULT => "the program could not be read",
        libc::ESRCH => "a thread could not be synchronised (tsync_esrch)",
        _ => "unexpected error from seccomp(2)",
    }
}

/// Set no_new_privs on the calling thread.
///
/// # Errors
/// prctl's errno.
pub fn set_no_new_privs() -> Result<(), KernelError> {
    // SAFETY: prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) only sets a flag on this thread.
    let r = unsafe {
        sys::syscall6(
            libc::SYS_prctl,
            [libc::PR_SET_NO_NEW_PRIVS as u64, 1, 0, 0, 0, 0],
        )
    };
    sys::check(r).map(|_| ()).map_err(|e| {
        KernelError::errno(
            e.raw_os_error().unwrap_or(0),
            format!("prctl(PR_SET_NO_NEW_PRIVS): {e}"),
        )
    })
}

/// Install `stack` (oldest first) into the calling thread with seccomp(2) and `flags`,
/// exactly the instructions the checker verified. Returns each call's return value
/// (0, or a listener fd with new_listener). Filters stay for the life of the process:
/// call this only just before exec'ing the command to confine.
///
/// # Errors
/// The first seccomp(2) failure, with its errno and what it means.
pub fn install(stack: &[VerifiedProgram], flags: u32) -> Result<Vec<i64>, KernelError> {
    let refs: Vec<&[crate::Insn]> = stack.iter().map(VerifiedProgram::insns).collect();
    install_unverified(&refs, flags)
}

/// Install `stack` as [`install`] does, but without the checker's word (for
/// `secbpf exec --force`): the kernel decides.
///
/// # Errors
/// The first seccomp(2) failure.
pub fn install_unverified(stack: &[&[crate::Insn]], flags: u32) -> Result<Vec<i64>, KernelError> {
    let mut out = Vec::new();
    for (i, insns) in stack.iter().enumerate() {
        let fprog = Fprog {
            len: u16::try_from(insns.len())
                .map_err(|_| KernelError::new("program too long".into()))?,
            filter: insns.as_ptr(),
        };
        // SAFETY: fprog points at `len` valid instructions that outlive the call.
        let r = unsafe {
            sys::syscall6(
                libc::SYS_seccomp,
                [1, u64::from(flags), &fprog as *const Fprog as u64, 0, 0, 0],
            )
        };
        if r < 0 {
            let e = (-r) as i32;
            return Err(KernelError::errno(
                e,
                format!(
                    "seccomp(SECCOMP_SET_MODE_FILTER) failed for filter {i} with {}: {}",
                    crate::errno::name(e as u32).unwrap_or("?"),
                    explain_errno(e)
                ),
            ));
        }
        out.push(r);
    }
    Ok(out)
}

/// Replace the calling process with `argv[0]` (searched in PATH), with `argv` as its
/// arguments. Used after [`install`]; every syscall from here on is judged by the
/// filters, so the argument strings are prepared before anything is installed.
pub struct Exec {
    args: Vec<std::ffi::CString>,
}

impl Exec {
    /// Prepare the command line.
    ///
    /// # Errors
    /// An argument holding a NUL byte, or an empty command line.
    pub fn new(argv: &[std::ffi::OsString]) -> Result<Exec, KernelError> {
        use std::os::unix::ffi::OsStrExt;
        if argv.is_empty() {
            return Err(KernelError::new("no command given".into()));
        }
        let args = argv
            .iter()
            .map(|a| std::ffi::CString::new(a.as_bytes()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| KernelError::new("an argument holds a NUL byte".into()))?;
        Ok(Exec { args })
    }

    /// execvp(3). Returns only on failure.
    pub fn exec(&self) -> KernelError {
        let mut ptrs: Vec<*const libc::c_char> = self.args.iter().map(|a| a.as_ptr()).collect();
        ptrs.push(std::ptr::null());
        // SAFETY: ptrs is a NULL-terminated array of valid C strings that outlive the call.
        unsafe { libc::execvp(ptrs[0], ptrs.as_ptr()) };
        let e = std::io::Error::last_os_error();
        KernelError::errno(
            e.raw_os_error().unwrap_or(0),
            format!("cannot execute {}: {e}", self.args[0].to_string_lossy()),
        )
    }
}
