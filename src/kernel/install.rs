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
    // Allocated before the first install: a filter may deny brk/mmap to what follows.
    let mut out = Vec::with_capacity(stack.len());
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

/// Why a command cannot be started, found before anything is installed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExecError {
    /// No command line.
    Empty,
    /// An argument or environment entry holds a NUL byte.
    Nul(String),
    /// Not found in PATH: a shell exits 127.
    NotFound(String),
    /// A path (holding `/`) naming no file: a shell exits 127.
    NoSuchFile(String),
    /// Found but not an executable file: a shell exits 126.
    NotExecutable(String),
}

impl ExecError {
    /// The exit status a shell gives: 127 not found, 126 not executable, 2 otherwise.
    pub fn exit_code(&self) -> i32 {
        match self {
            ExecError::NotFound(_) | ExecError::NoSuchFile(_) => 127,
            ExecError::NotExecutable(_) => 126,
            ExecError::Empty | ExecError::Nul(_) => 2,
        }
    }
}

impl std::fmt::Display for ExecError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExecError::Empty => f.write_str("no command given"),
            ExecError::Nul(what) => write!(f, "{what} holds a NUL byte"),
            ExecError::NotFound(c) => write!(f, "{c}: command not found in PATH"),
            ExecError::NoSuchFile(c) => write!(f, "{c}: no such file"),
            ExecError::NotExecutable(c) => {
                write!(f, "{c}: not an executable file (permission denied)")
            }
        }
    }
}

impl std::error::Error for ExecError {}

/// The first file named `name` in PATH that is an executable regular file, as
/// execvp(3) searches (a name holding `/` is used as given; an empty PATH entry is the
/// current directory; PATH unset means `/bin:/usr/bin`).
fn resolve(name: &std::ffi::OsStr) -> Result<std::path::PathBuf, ExecError> {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::PermissionsExt;
    let shown = name.to_string_lossy().into_owned();
    let executable = |p: &std::path::Path| {
        std::fs::metadata(p)
            .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
            .ok()
    };
    if name.is_empty() {
        return Err(ExecError::NotFound(shown));
    }
    if name.as_bytes().contains(&b'/') {
        let p = std::path::PathBuf::from(name);
        return match executable(&p) {
            Some(true) => Ok(p),
            Some(false) => Err(ExecError::NotExecutable(shown)),
            None => Err(ExecError::NoSuchFile(shown)),
        };
    }
    let path = std::env::var_os("PATH").unwrap_or_else(|| "/bin:/usr/bin".into());
    let mut seen_other = false;
    for dir in std::env::split_paths(&path) {
        let dir = if dir.as_os_str().is_empty() {
            std::path::PathBuf::from(".")
        } else {
            dir
        };
        let p = dir.join(name);
        match executable(&p) {
            Some(true) => return Ok(p),
            Some(false) => seen_other = true,
            None => {}
        }
    }
    Err(if seen_other {
        ExecError::NotExecutable(shown)
    } else {
        ExecError::NotFound(shown)
    })
}

/// A command ready to replace the calling process: program path resolved in PATH, and
/// every string and pointer array execve(2) needs built, all before any filter is
/// installed. After installing, [`Exec::exec`] makes no system call but execve(2) on
/// success, and on failure only write(2) of a message built in advance and
/// exit_group(2); if even those are denied it ends the process with an illegal
/// instruction (SIGILL) after having made itself non-dumpable, so no core file is left.
pub struct Exec {
    path: std::ffi::CString,
    _args: Vec<std::ffi::CString>,
    _env: Vec<std::ffi::CString>,
    argv: Vec<*const libc::c_char>,
    envp: Vec<*const libc::c_char>,
    /// `secbpf: cannot execute PATH: execve failed with errno ` (the number follows).
    message: Vec<u8>,
}

impl Exec {
    /// Resolve and prepare `argv` (with this process's environment).
    ///
    /// # Errors
    /// Empty command line, NUL bytes, command not found or not executable.
    pub fn new(argv: &[std::ffi::OsString]) -> Result<Exec, ExecError> {
        use std::os::unix::ffi::{OsStrExt, OsStringExt};
        let first = argv.first().ok_or(ExecError::Empty)?;
        let args = argv
            .iter()
            .map(|a| std::ffi::CString::new(a.as_bytes()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| ExecError::Nul("an argument".into()))?;
        let resolved = resolve(first)?;
        let path = std::ffi::CString::new(resolved.into_os_string().into_vec())
            .map_err(|_| ExecError::Nul("the command's path".into()))?;
        let env = std::env::vars_os()
            .map(|(k, v)| {
                let mut e = k.into_vec();
                e.push(b'=');
                e.extend(v.into_vec());
                std::ffi::CString::new(e)
            })
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| ExecError::Nul("an environment variable".into()))?;
        let mut argv: Vec<*const libc::c_char> = args.iter().map(|a| a.as_ptr()).collect();
        argv.push(std::ptr::null());
        let mut envp: Vec<*const libc::c_char> = env.iter().map(|e| e.as_ptr()).collect();
        envp.push(std::ptr::null());
        let message = format!(
            "secbpf: cannot execute {}: execve failed with errno ",
            path.to_string_lossy()
        )
        .into_bytes();
        Ok(Exec {
            path,
            _args: args,
            _env: env,
            argv,
            envp,
            message,
        })
    }

    /// The resolved program path.
    pub fn path(&self) -> &std::ffi::CStr {
        &self.path
    }

    /// The execve(2) call [`Exec::exec`] will make, as the filters see it on x86_64:
    /// nr 59 with the three pointer arguments it passes (instruction pointer 0: the
    /// address of the `syscall` instruction is not known in advance).
    pub fn execve_data(&self) -> crate::seccomp::data::SeccompData {
        crate::seccomp::data::SeccompData {
            nr: libc::SYS_execve as u32,
            arch: crate::consts::AUDIT_ARCH_X86_64,
            instruction_pointer: 0,
            args: [
                self.path.as_ptr() as u64,
                self.argv.as_ptr() as u64,
                self.envp.as_ptr() as u64,
                0,
                0,
                0,
            ],
        }
    }

    /// Make the process non-dumpable until the exec (execve(2) resets it for an
    /// ordinary program), so a failure path that ends in SIGILL leaves no core file; and
    /// give SIGPIPE back its default action for CMD. Call before installing filters.
    ///
    /// # Errors
    /// prctl's errno.
    pub fn prepare(&self) -> Result<(), KernelError> {
        // The Rust runtime ignores SIGPIPE, and an ignored signal stays ignored across
        // execve(2): restore the default so CMD behaves as when a shell starts it.
        // SAFETY: resetting a signal disposition to SIG_DFL; no handler is involved.
        if unsafe { libc::signal(libc::SIGPIPE, libc::SIG_DFL) } == libc::SIG_ERR {
            let e = std::io::Error::last_os_error();
            return Err(KernelError::errno(
                e.raw_os_error().unwrap_or(0),
                format!("signal(SIGPIPE, SIG_DFL): {e}"),
            ));
        }
        // SAFETY: prctl(PR_SET_DUMPABLE, 0) only changes a flag of this process.
        let r = unsafe {
            sys::syscall6(
                libc::SYS_prctl,
                [libc::PR_SET_DUMPABLE as u64, 0, 0, 0, 0, 0],
            )
        };
        sys::check(r).map(|_| ()).map_err(|e| {
            KernelError::errno(
                e.raw_os_error().unwrap_or(0),
                format!("prctl(PR_SET_DUMPABLE): {e}"),
            )
        })
    }

    /// execve(2); never returns. On failure: the message prepared in advance and the
    /// errno on standard error (if write(2) is allowed), then exit_group(2) with 127
    /// for ENOENT and 126 otherwise (if allowed), else SIGILL. No allocation, no other
    /// system call.
    pub fn exec(&self) -> ! {
        // SAFETY: path, argv and envp are NUL-terminated strings and NULL-terminated
        // pointer arrays owned by self, alive for the call.
        let r = unsafe {
            sys::syscall6(
                libc::SYS_execve,
                [
                    self.path.as_ptr() as u64,
                    self.argv.as_ptr() as u64,
                    self.envp.as_ptr() as u64,
                    0,
                    0,
                    0,
                ],
            )
        };
        let errno = (-r).clamp(0, 4095) as u32;
        // The errno in decimal and a newline, in a stack buffer.
        let mut buf = [0u8; 8];
        let mut n = buf.len();
        n -= 1;
        buf[n] = b'\n';
        let mut v = errno;
        loop {
            n -= 1;
            buf[n] = b'0' + (v % 10) as u8;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        for part in [&self.message[..], &buf[n..]] {
            // SAFETY: write(2) of a buffer we own; the result is ignored (it may be
            // denied by the filters).
            unsafe {
                sys::syscall6(
                    libc::SYS_write,
                    [2, part.as_ptr() as u64, part.len() as u64, 0, 0, 0],
                )
            };
        }
        let code = if errno == libc::ENOENT as u32 {
            127
        } else {
            126
        };
        // SAFETY: exit_group(2) ends the process if the filters allow it.
        unsafe { sys::syscall6(libc::SYS_exit_group, [code, 0, 0, 0, 0, 0]) };
        // Denied too: end without any system call. The process is non-dumpable
        // (prepare), so SIGILL leaves no core file.
        // SAFETY: ud2 raises SIGILL, whose default action ends the process; secbpf
        // installs no SIGILL handler.
        unsafe { std::arch::asm!("ud2", options(noreturn, nostack)) }
    }
}
