//! Reading the seccomp filters of live processes with ptrace (`secbpf dump`).
//!
//! [`dump_pid`] attaches to one task (`PTRACE_SEIZE` + `PTRACE_INTERRUPT`), waits for it
//! to stop (with a timeout), reads its chain with `PTRACE_SECCOMP_GET_FILTER` (index 0 is
//! the oldest filter on Linux 6.x, kernel facts §12; ENOENT past the newest) and detaches.
//!
//! [`dump_command`] starts a command under ptrace and follows it (threads, forks,
//! vforks and execs) through syscall stops; right after each successful
//! `seccomp(SECCOMP_SET_MODE_FILTER)` or `prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER)`
//! it reads the installing task's chain. It ends when the command has exited, after a
//! timeout, or once a given number of installs were seen, and then kills every task it
//! traces (they are also killed if the tracer dies: `PTRACE_O_EXITKILL`).
//!
//! Both need CAP_SYS_ADMIN (the kernel's condition for `PTRACE_SECCOMP_GET_FILTER`) and
//! a tracer that is not itself confined by seccomp.
//!
//! Waiting is per task (`waitpid(tid, WNOHANG)` over the traced tasks), never
//! `waitpid(-1)`: the caller may have other children (the oracle's) that must not be
//! reaped here.

use super::KernelError;
use crate::{Endian, Insn};
use std::collections::HashMap;
use std::ffi::{CString, OsStr, OsString};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const PTRACE_SEIZE: libc::c_uint = 0x4206;
const PTRACE_INTERRUPT: libc::c_uint = 0x4207;
const PTRACE_SECCOMP_GET_FILTER: libc::c_uint = 0x420c;
const PTRACE_GET_SYSCALL_INFO: libc::c_uint = 0x420e;
const PTRACE_EVENT_STOP: i32 = 128;

const SYSCALL_INFO_ENTRY: u8 = 1;
const SYSCALL_INFO_EXIT: u8 = 2;

const AUDIT_ARCH_X86_64: u32 = 0xc000_003e;
const AUDIT_ARCH_I386: u32 = 0x4000_0003;
const X32_SYSCALL_BIT: u64 = 0x4000_0000;

/// The most instructions a filter can have (BPF_MAXINSNS).
const MAX_INSNS: usize = 4096;

/// One task's filter chain as [`dump_command`] read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DumpedTask {
    /// Thread-group id (process id) of the task.
    pub pid: i32,
    /// Thread id of the task.
    pub tid: i32,
    /// `/proc/TID/comm` when the chain was read.
    pub comm: String,
    /// `/proc/TID/exe` when the chain was read (empty if unreadable).
    pub exe: String,
    /// The chain, oldest filter first.
    pub filters: Vec<Vec<Insn>>,
}

/// Options of [`dump_command`].
#[derive(Clone, Debug)]
pub struct CommandOptions {
    /// End (and kill the command) after this long.
    pub timeout: Duration,
    /// End as soon as this many successful installs were seen (0: never).
    pub after_installs: usize,
}

impl Default for CommandOptions {
    fn default() -> Self {
        CommandOptions {
            timeout: Duration::from_secs(10),
            after_installs: 0,
        }
    }
}

/// What [`dump_command`] saw.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CommandDump {
    /// Pid of the command (the process that was started).
    pub pid: i32,
    /// Each distinct chain read after an install, in the order they were read.
    pub tasks: Vec<DumpedTask>,
    /// Successful filter installs seen (including identical ones).
    pub installs: usize,
    /// How the traced session ended.
    pub ended: CommandEnd,
}

/// How [`dump_command`] ended.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CommandEnd {
    /// The command (its first process) exited with this status.
    Exited(i32),
    /// The command was killed by this signal (not by secbpf).
    Signaled(i32),
    /// The timeout passed; the command was killed.
    #[default]
    Timeout,
    /// The requested number of installs was seen; the command was killed.
    Installs,
}

impl CommandDump {
    /// Every distinct filter over all chains, in order of first appearance (each chain
    /// oldest first, chains in the order they were read), so install order is kept.
    pub fn distinct_filters(&self) -> Vec<Vec<Insn>> {
        let mut out: Vec<Vec<Insn>> = Vec::new();
        for t in &self.tasks {
            for f in &t.filters {
                if !out.contains(f) {
                    out.push(f.clone());
                }
            }
        }
        out
    }
}

fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

fn strerror(e: i32) -> String {
    std::io::Error::from_raw_os_error(e).to_string()
}

fn proc_status_field(tid: i32, field: &str) -> Option<String> {
    let s = std::fs::read_to_string(format!("/proc/{tid}/status")).ok()?;
    s.lines()
        .find_map(|l| l.strip_prefix(field).map(|v| v.trim().to_owned()))
}

fn seccomp_mode_name(tid: i32) -> String {
    match proc_status_field(tid, "Seccomp:").as_deref() {
        Some("0") => "it has no seccomp filter (Seccomp: 0 in /proc/PID/status)".into(),
        Some("1") => "it is in seccomp strict mode, which has no filter (Seccomp: 1)".into(),
        Some("3") => "it is being killed by its own filter (Seccomp: 3, mode dead)".into(),
        Some(m) => format!("Seccomp: {m} in /proc/PID/status"),
        None => "its seccomp mode is unknown".into(),
    }
}

/// Whether the calling process holds CAP_SYS_PTRACE (bit 19 of CapEff).
fn have_cap_sys_ptrace() -> bool {
    proc_status_field(std::process::id() as i32, "CapEff:")
        .and_then(|h| u64::from_str_radix(&h, 16).ok())
        .is_some_and(|c| c & (1 << 19) != 0)
}

fn no_attach_reason() -> &'static str {
    if have_cap_sys_ptrace() {
        ": the kernel refused although we hold CAP_SYS_PTRACE (a kernel thread, a process \
         of a more privileged user namespace, or a security module's rule)"
    } else {
        ": attaching needs CAP_SYS_PTRACE or the same uid (run secbpf dump as root)"
    }
}

/// Why ptrace could not attach to `pid`, in words.
fn attach_error(pid: i32, e: i32) -> KernelError {
    // A zombie (or a task being torn down) cannot be attached: say so, not "permission".
    if let Some(state) = proc_status_field(pid, "State:") {
        if state.starts_with('Z') || state.starts_with('X') {
            return KernelError::errno(
                e,
                format!(
                    "process {pid} is a zombie (State: {state} in /proc/PID/status): it has \
                     exited and its parent has not reaped it yet, so it has no filters left to read"
                ),
            );
        }
    }
    let why = match e {
        libc::ESRCH => format!("no such process: {pid}"),
        libc::EPERM | libc::EACCES => {
            let mut why = format!("ptrace may not attach to {pid} ({})", strerror(e));
            if let Some(t) = proc_status_field(pid, "TracerPid:").filter(|t| t != "0") {
                why.push_str(&format!(": it is already traced by pid {t}"));
            } else if let Ok(s) = std::fs::read_to_string("/proc/sys/kernel/yama/ptrace_scope") {
                let s = s.trim();
                if s != "0" {
                    why.push_str(&format!(
                        ": Yama's kernel.yama.ptrace_scope is {s} (ptrace disallowed{})",
                        if s == "3" {
                            " for everyone"
                        } else {
                            " without CAP_SYS_PTRACE"
                        }
                    ));
                } else {
                    why.push_str(no_attach_reason());
                }
            } else {
                why.push_str(no_attach_reason());
            }
            why
        }
        _ => format!("ptrace(PTRACE_SEIZE, {pid}): {}", strerror(e)),
    };
    KernelError::errno(e, why)
}

/// Why `PTRACE_SECCOMP_GET_FILTER` failed on `tid`, in words.
fn get_filter_error(tid: i32, index: usize, e: i32) -> KernelError {
    let why = match e {
        libc::EACCES | libc::EPERM => {
            let own = proc_status_field(std::process::id() as i32, "Seccomp:");
            if own.as_deref().is_some_and(|m| m != "0") {
                "reading filters is impossible from a process that is itself under seccomp \
                 (PTRACE_SECCOMP_GET_FILTER returned EACCES)"
                    .to_owned()
            } else {
                "reading filters needs CAP_SYS_ADMIN in the initial user namespace \
                 (PTRACE_SECCOMP_GET_FILTER returned EACCES); run secbpf dump as root"
                    .to_owned()
            }
        }
        libc::EINVAL => format!(
            "process {tid} is not in seccomp filter mode: {}",
            seccomp_mode_name(tid)
        ),
        libc::EMEDIUMTYPE => format!("filter {index} of {tid} has no classic-BPF program"),
        libc::ESRCH => format!("task {tid} is not stopped under our trace (or it died)"),
        _ => format!(
            "ptrace(PTRACE_SECCOMP_GET_FILTER, {tid}, {index}): {}",
            strerror(e)
        ),
    };
    KernelError::errno(e, why)
}

fn get_filter_len(tid: i32, index: usize) -> Result<Option<usize>, KernelError> {
    // SAFETY: with a NULL buffer the kernel only returns the filter's length.
    let r = unsafe {
        libc::ptrace(
            PTRACE_SECCOMP_GET_FILTER,
            tid,
            index as *mut libc::c_void,
            std::ptr::null_mut::<libc::c_void>(),
        )
    };
    if r < 0 {
        let e = errno();
        if e == libc::ENOENT {
            return Ok(None);
        }
        return Err(get_filter_error(tid, index, e));
    }
    Ok(Some(r as usize))
}

/// The chain of a task that is ptrace-stopped by the calling thread, oldest first.
///
/// # Errors
/// What `PTRACE_SECCOMP_GET_FILTER` returned, explained.
pub fn read_chain(tid: i32) -> Result<Vec<Vec<Insn>>, KernelError> {
    let mut chain = Vec::new();
    let mut index = 0usize;
    while let Some(n) = get_filter_len(tid, index)? {
        if n == 0 || n > MAX_INSNS {
            return Err(KernelError::new(format!(
                "filter {index} of {tid} has an impossible length {n}"
            )));
        }
        let mut buf = vec![0u8; n * Insn::SIZE];
        // SAFETY: buf holds room for n struct sock_filter records (8 bytes each), the
        // length the kernel just reported for this index of a stopped task.
        let r = unsafe {
            libc::ptrace(
                PTRACE_SECCOMP_GET_FILTER,
                tid,
                index as *mut libc::c_void,
                buf.as_mut_ptr().cast::<libc::c_void>(),
            )
        };
        if r < 0 {
            return Err(get_filter_error(tid, index, errno()));
        }
        if r as usize != n {
            return Err(KernelError::new(format!(
                "filter {index} of {tid} changed length while being read ({n} then {r})"
            )));
        }
        chain.push(
            buf.chunks_exact(Insn::SIZE)
                .map(|c| Insn::from_bytes(c.try_into().expect("8 bytes"), Endian::native()))
                .collect(),
        );
        index += 1;
    }
    if chain.is_empty() {
        // The kernel says EINVAL for a task without filters; ENOENT at index 0 would be
        // a chain that vanished: report it the same way.
        return Err(get_filter_error(tid, 0, libc::EINVAL));
    }
    Ok(chain)
}

/// Wait (at most until `deadline`) for a state change of `tid`, which we trace.
/// `Ok(None)` at the deadline.
fn wait_tid(tid: i32, deadline: Instant) -> Result<Option<i32>, i32> {
    let mut spins = 0u32;
    loop {
        let mut status = 0;
        // SAFETY: waitpid on one specific task with a valid status pointer; WNOHANG.
        let r = unsafe { libc::waitpid(tid, &mut status, libc::__WALL | libc::WNOHANG) };
        if r == tid {
            return Ok(Some(status));
        }
        if r < 0 {
            let e = errno();
            if e == libc::EINTR {
                continue;
            }
            return Err(e);
        }
        if Instant::now() >= deadline {
            return Ok(None);
        }
        backoff(&mut spins);
    }
}

fn backoff(spins: &mut u32) {
    *spins += 1;
    if *spins < 64 {
        std::thread::yield_now();
    } else {
        std::thread::sleep(Duration::from_micros(if *spins < 256 { 50 } else { 500 }));
    }
}

fn detach(tid: i32, sig: i32) {
    // SAFETY: PTRACE_DETACH on a task we trace; errors (it died) are harmless.
    unsafe {
        libc::ptrace(
            libc::PTRACE_DETACH,
            tid,
            std::ptr::null_mut::<libc::c_void>(),
            sig as usize as *mut libc::c_void,
        )
    };
}

/// The filters task `pid` has, oldest first (index 0 is the first installed).
///
/// Attaches with `PTRACE_SEIZE`, stops the task with `PTRACE_INTERRUPT`, waits for the
/// stop (at most 5 s), reads the chain and detaches; the task goes on running as before.
/// `pid` may be any thread id (chains are per thread).
///
/// # Errors
/// No such process; ptrace not allowed (permissions, Yama, already traced); no
/// CAP_SYS_ADMIN; the task is not in seccomp filter mode; it did not stop in time.
pub fn dump_pid(pid: i32) -> Result<Vec<Vec<Insn>>, KernelError> {
    if pid <= 0 {
        return Err(KernelError::new(format!("not a process id: {pid}")));
    }
    if std::process::id() as i32 == pid {
        return Err(KernelError::new(
            "a process cannot ptrace itself; run secbpf dump from another process".into(),
        ));
    }
    // SAFETY: PTRACE_SEIZE with no options; pointer arguments unused.
    let r = unsafe {
        libc::ptrace(
            PTRACE_SEIZE,
            pid,
            std::ptr::null_mut::<libc::c_void>(),
            std::ptr::null_mut::<libc::c_void>(),
        )
    };
    if r < 0 {
        return Err(attach_error(pid, errno()));
    }
    // SAFETY: PTRACE_INTERRUPT on the task we just seized.
    let r = unsafe {
        libc::ptrace(
            PTRACE_INTERRUPT,
            pid,
            std::ptr::null_mut::<libc::c_void>(),
            std::ptr::null_mut::<libc::c_void>(),
        )
    };
    if r < 0 {
        let e = errno();
        detach(pid, 0);
        return Err(KernelError::errno(
            e,
            format!("ptrace(PTRACE_INTERRUPT, {pid}): {}", strerror(e)),
        ));
    }
    let deadline = Instant::now() + Duration::from_secs(5);
    // The stop may be the interrupt's, or a signal-delivery stop that came first; any
    // ptrace-stop lets us read the chain. A signal that stopped it is re-injected.
    let inject = match wait_tid(pid, deadline) {
        Ok(Some(st)) if libc::WIFSTOPPED(st) => {
            let sig = libc::WSTOPSIG(st);
            if st >> 16 == 0 && sig != libc::SIGTRAP {
                sig
            } else {
                0
            }
        }
        Ok(Some(_)) => {
            return Err(KernelError::errno(
                libc::ESRCH,
                format!("process {pid} exited while being attached"),
            ))
        }
        Ok(None) => {
            detach(pid, 0);
            return Err(KernelError::errno(
                libc::ETIMEDOUT,
                format!("process {pid} did not stop within 5 s after PTRACE_INTERRUPT"),
            ));
        }
        Err(e) => {
            detach(pid, 0);
            return Err(KernelError::errno(
                e,
                format!("waitpid({pid}): {}", strerror(e)),
            ));
        }
    };
    let chain = read_chain(pid);
    detach(pid, inject);
    chain
}

/// [`dump_pid`] for every thread of process `pid` (`/proc/PID/task`), with identical
/// chains listed once.
///
/// # Errors
/// As [`dump_pid`], for the first thread that fails (a thread that vanished meanwhile
/// is skipped).
pub fn dump_threads(pid: i32) -> Result<Vec<DumpedTask>, KernelError> {
    let dir = std::fs::read_dir(format!("/proc/{pid}/task"))
        .map_err(|_| KernelError::errno(libc::ESRCH, format!("no such process: {pid}")))?;
    let mut tids: Vec<i32> = dir
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
        .collect();
    tids.sort_unstable();
    let mut out: Vec<DumpedTask> = Vec::new();
    for tid in tids {
        let filters = match dump_pid(tid) {
            Ok(f) => f,
            Err(e) if e.os_errno() == Some(libc::ESRCH) && tid != pid => continue,
            Err(e) => return Err(e),
        };
        if out.iter().any(|t| t.filters == filters) {
            continue;
        }
        out.push(DumpedTask {
            pid,
            tid,
            comm: comm(tid),
            exe: exe(tid),
            filters,
        });
    }
    Ok(out)
}

fn comm(tid: i32) -> String {
    std::fs::read_to_string(format!("/proc/{tid}/comm"))
        .map(|s| s.trim_end().to_owned())
        .unwrap_or_default()
}

fn exe(tid: i32) -> String {
    std::fs::read_link(format!("/proc/{tid}/exe"))
        .map(|p| p.display().to_string())
        .unwrap_or_default()
}

/// Resolve a command name as execvp would (a name with a `/` is taken as is).
fn resolve(cmd: &OsStr) -> Option<PathBuf> {
    let p = Path::new(cmd);
    if cmd.as_bytes().contains(&b'/') {
        return Some(p.to_path_buf());
    }
    let path = std::env::var_os("PATH").unwrap_or_else(|| OsString::from("/usr/bin:/bin"));
    std::env::split_paths(&path)
        .map(|d| d.join(p))
        .find(|c| is_executable(c))
}

fn is_executable(p: &Path) -> bool {
    let Ok(c) = CString::new(p.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: access() with a valid NUL-terminated path.
    p.is_file() && unsafe { libc::access(c.as_ptr(), libc::X_OK) } == 0
}

/// What a traced syscall entry was, remembered until its exit.
#[derive(Clone, Copy, Debug, Default)]
struct Entry {
    install: bool,
}

/// Per traced task.
#[derive(Debug, Default)]
struct Task {
    /// Expecting the initial SIGSTOP of a new (auto-attached) task.
    fresh: bool,
    /// The syscall it is inside, from its entry stop.
    entry: Option<Entry>,
}

/// Whether a syscall entry (arch, nr, args) installs a seccomp filter.
fn is_install(arch: u32, nr: u64, args: &[u64; 6]) -> bool {
    let (seccomp, prctl) = match arch {
        AUDIT_ARCH_X86_64 => (317, 157),
        AUDIT_ARCH_I386 => (354, 172),
        _ => return false,
    };
    let nr = if arch == AUDIT_ARCH_X86_64 {
        nr & !X32_SYSCALL_BIT
    } else {
        nr
    };
    // seccomp(SECCOMP_SET_MODE_FILTER, ...); prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ...).
    (nr == seccomp && args[0] as u32 == 1)
        || (nr == prctl && args[0] as u32 == 22 && args[1] as u32 == 2)
}

/// The raw `struct ptrace_syscall_info` of a task in a syscall stop.
struct SyscallInfo {
    op: u8,
    arch: u32,
    nr: u64,
    args: [u64; 6],
    rval: i64,
    is_error: bool,
}

fn syscall_info(tid: i32) -> Option<SyscallInfo> {
    let mut buf = [0u64; 12];
    // SAFETY: the kernel writes at most the given size (96 bytes) into buf.
    let r = unsafe {
        libc::ptrace(
            PTRACE_GET_SYSCALL_INFO,
            tid,
            std::mem::size_of_val(&buf) as *mut libc::c_void,
            buf.as_mut_ptr().cast::<libc::c_void>(),
        )
    };
    if r < 0 {
        return None;
    }
    let op = (buf[0] & 0xff) as u8;
    let arch = (buf[0] >> 32) as u32;
    // union at byte 24 = word 3: entry {nr, args[6]} / exit {rval, is_error}.
    let mut args = [0u64; 6];
    args.copy_from_slice(&buf[4..10]);
    Some(SyscallInfo {
        op,
        arch,
        nr: buf[3],
        args,
        rval: buf[3] as i64,
        is_error: buf[4] & 0xff != 0,
    })
}

fn resume(tid: i32, sig: i32) {
    // SAFETY: PTRACE_SYSCALL on a task we trace that is in a ptrace-stop; if it died
    // meanwhile the call fails harmlessly with ESRCH.
    unsafe {
        libc::ptrace(
            libc::PTRACE_SYSCALL,
            tid,
            std::ptr::null_mut::<libc::c_void>(),
            sig as usize as *mut libc::c_void,
        )
    };
}

fn event_msg(tid: i32) -> Option<i32> {
    let mut msg: libc::c_ulong = 0;
    // SAFETY: the kernel writes one unsigned long into msg.
    let r = unsafe {
        libc::ptrace(
            libc::PTRACE_GETEVENTMSG,
            tid,
            std::ptr::null_mut::<libc::c_void>(),
            &mut msg as *mut libc::c_ulong as *mut libc::c_void,
        )
    };
    (r >= 0).then_some(msg as i32)
}

/// Whether the stop of `tid` is a group-stop (no siginfo) rather than a signal delivery.
fn is_group_stop(tid: i32) -> bool {
    // SAFETY: siginfo_t is plain data; the kernel fills it or fails with EINVAL.
    let mut si: libc::siginfo_t = unsafe { std::mem::zeroed() };
    // SAFETY: the kernel writes one siginfo_t into si.
    let r = unsafe {
        libc::ptrace(
            libc::PTRACE_GETSIGINFO,
            tid,
            std::ptr::null_mut::<libc::c_void>(),
            &mut si as *mut libc::siginfo_t as *mut libc::c_void,
        )
    };
    r < 0 && errno() == libc::EINVAL
}

fn tgid(tid: i32) -> i32 {
    proc_status_field(tid, "Tgid:")
        .and_then(|s| s.parse().ok())
        .unwrap_or(tid)
}

/// Run `argv` under ptrace and read the filters it installs (threads and children
/// included), then end it. Each distinct chain is kept once.
///
/// # Errors
/// The command cannot be found or started; ptrace is refused; a chain cannot be read
/// (no CAP_SYS_ADMIN, ...). The command is killed in every case.
pub fn dump_command(argv: &[OsString], opts: &CommandOptions) -> Result<CommandDump, KernelError> {
    let Some(cmd) = argv.first() else {
        return Err(KernelError::new("no command given".into()));
    };
    let path = resolve(cmd).ok_or_else(|| {
        KernelError::errno(
            libc::ENOENT,
            format!("command not found: {}", cmd.to_string_lossy()),
        )
    })?;
    let cpath = CString::new(path.as_os_str().as_bytes())
        .map_err(|_| KernelError::new("command path contains a NUL byte".into()))?;
    let cargs: Vec<CString> = argv
        .iter()
        .map(|a| CString::new(a.as_bytes()))
        .collect::<Result<_, _>>()
        .map_err(|_| KernelError::new("an argument contains a NUL byte".into()))?;
    let mut cargv: Vec<*const libc::c_char> = cargs.iter().map(|a| a.as_ptr()).collect();
    cargv.push(std::ptr::null());
    let mut pipe = [-1; 2];
    // SAFETY: pipe2 writes two fds into the array.
    if unsafe { libc::pipe2(pipe.as_mut_ptr(), libc::O_CLOEXEC) } < 0 {
        let e = errno();
        return Err(KernelError::errno(e, format!("pipe2: {}", strerror(e))));
    }
    // SAFETY: fork; the child only makes async-signal-safe calls (ptrace, raise,
    // execv, write, _exit) on data prepared before the fork.
    let child = unsafe { libc::fork() };
    if child < 0 {
        let e = errno();
        // SAFETY: closing our own pipe fds.
        unsafe {
            libc::close(pipe[0]);
            libc::close(pipe[1]);
        }
        return Err(KernelError::errno(e, format!("fork: {}", strerror(e))));
    }
    if child == 0 {
        // SAFETY: in the forked child: TRACEME, stop so the parent can set options,
        // exec; on failure report errno through the pipe and exit without unwinding.
        unsafe {
            libc::close(pipe[0]);
            if libc::ptrace(
                libc::PTRACE_TRACEME,
                0,
                std::ptr::null_mut::<libc::c_void>(),
                std::ptr::null_mut::<libc::c_void>(),
            ) < 0
            {
                libc::_exit(126);
            }
            libc::raise(libc::SIGSTOP);
            libc::execv(cpath.as_ptr(), cargv.as_ptr());
            let e: i32 = *libc::__errno_location();
            libc::write(pipe[1], (&e as *const i32).cast(), 4);
            libc::_exit(127);
        }
    }
    // SAFETY: closing the write end, which only the child uses.
    unsafe { libc::close(pipe[1]) };
    let mut tracer = Tracer {
        tasks: HashMap::new(),
        root: child,
        dump: CommandDump {
            pid: child,
            ..CommandDump::default()
        },
        exec_seen: false,
    };
    tracer.tasks.insert(child, Task::default());
    let r = tracer.run(opts, &path);
    tracer.kill_all();
    let mut e: i32 = 0;
    // SAFETY: reading at most 4 bytes into e from our pipe's read end, then closing it.
    let n = unsafe {
        let n = libc::read(pipe[0], (&mut e as *mut i32).cast(), 4);
        libc::close(pipe[0]);
        n
    };
    if n == 4 && !tracer.exec_seen {
        return Err(KernelError::errno(
            e,
            format!("cannot execute {}: {}", path.display(), strerror(e)),
        ));
    }
    r.map(|()| tracer.dump)
}

struct Tracer {
    tasks: HashMap<i32, Task>,
    root: i32,
    dump: CommandDump,
    exec_seen: bool,
}

impl Tracer {
    fn run(&mut self, opts: &CommandOptions, path: &Path) -> Result<(), KernelError> {
        let deadline = Instant::now() + opts.timeout;
        // The child's own SIGSTOP, then the options.
        match wait_tid(self.root, deadline) {
            Ok(Some(st)) if libc::WIFSTOPPED(st) => {}
            Ok(Some(_)) => {
                self.tasks.remove(&self.root);
                return Err(KernelError::new(format!(
                    "{} could not be started under ptrace (PTRACE_TRACEME failed)",
                    path.display()
                )));
            }
            Ok(None) => return Ok(()),
            Err(e) => return Err(KernelError::errno(e, format!("waitpid: {}", strerror(e)))),
        }
        let options = libc::PTRACE_O_TRACESYSGOOD
            | libc::PTRACE_O_TRACECLONE
            | libc::PTRACE_O_TRACEFORK
            | libc::PTRACE_O_TRACEVFORK
            | libc::PTRACE_O_TRACEEXEC
            | libc::PTRACE_O_EXITKILL;
        // SAFETY: PTRACE_SETOPTIONS on our stopped child.
        let r = unsafe {
            libc::ptrace(
                libc::PTRACE_SETOPTIONS,
                self.root,
                std::ptr::null_mut::<libc::c_void>(),
                options as usize as *mut libc::c_void,
            )
        };
        if r < 0 {
            let e = errno();
            return Err(KernelError::errno(
                e,
                format!("ptrace(PTRACE_SETOPTIONS): {}", strerror(e)),
            ));
        }
        resume(self.root, 0);
        let mut spins = 0u32;
        loop {
            if self.tasks.is_empty() {
                return Ok(());
            }
            if Instant::now() >= deadline {
                self.dump.ended = CommandEnd::Timeout;
                return Ok(());
            }
            let mut progressed = false;
            let tids: Vec<i32> = self.tasks.keys().copied().collect();
            for tid in tids {
                let mut status = 0;
                // SAFETY: waitpid on one task we trace; WNOHANG.
                let r = unsafe { libc::waitpid(tid, &mut status, libc::__WALL | libc::WNOHANG) };
                if r == 0 {
                    continue;
                }
                progressed = true;
                if r < 0 {
                    // ECHILD: it is gone (e.g. a thread that exec'd away).
                    self.tasks.remove(&tid);
                    continue;
                }
                self.stop(tid, status)?;
                if opts.after_installs > 0 && self.dump.installs >= opts.after_installs {
                    self.dump.ended = CommandEnd::Installs;
                    return Ok(());
                }
            }
            if progressed {
                spins = 0;
            } else {
                backoff(&mut spins);
            }
        }
    }

    fn stop(&mut self, tid: i32, st: i32) -> Result<(), KernelError> {
        if libc::WIFEXITED(st) || libc::WIFSIGNALED(st) {
            self.tasks.remove(&tid);
            if tid == self.root {
                self.dump.ended = if libc::WIFEXITED(st) {
                    CommandEnd::Exited(libc::WEXITSTATUS(st))
                } else {
                    CommandEnd::Signaled(libc::WTERMSIG(st))
                };
            }
            return Ok(());
        }
        if !libc::WIFSTOPPED(st) {
            return Ok(());
        }
        let sig = libc::WSTOPSIG(st);
        let event = st >> 16;
        if sig == (libc::SIGTRAP | 0x80) {
            self.syscall_stop(tid)?;
            resume(tid, 0);
            return Ok(());
        }
        match event {
            libc::PTRACE_EVENT_FORK | libc::PTRACE_EVENT_VFORK | libc::PTRACE_EVENT_CLONE => {
                if let Some(new) = event_msg(tid) {
                    self.tasks.entry(new).or_insert(Task {
                        fresh: true,
                        entry: None,
                    });
                }
                resume(tid, 0);
            }
            libc::PTRACE_EVENT_EXEC => {
                self.exec_seen = true;
                if let Some(former) = event_msg(tid) {
                    if former != tid {
                        self.tasks.remove(&former);
                    }
                }
                if let Some(t) = self.tasks.get_mut(&tid) {
                    t.entry = None;
                }
                resume(tid, 0);
            }
            PTRACE_EVENT_STOP => resume(tid, 0),
            0 => {
                let t = self.tasks.entry(tid).or_default();
                if t.fresh && sig == libc::SIGSTOP {
                    t.fresh = false;
                    resume(tid, 0);
                } else if is_group_stop(tid) {
                    resume(tid, 0);
                } else {
                    resume(tid, sig);
                }
            }
            _ => resume(tid, 0),
        }
        Ok(())
    }

    fn syscall_stop(&mut self, tid: i32) -> Result<(), KernelError> {
        let Some(info) = syscall_info(tid) else {
            return Ok(());
        };
        let task = self.tasks.entry(tid).or_default();
        task.fresh = false;
        match info.op {
            SYSCALL_INFO_ENTRY => {
                task.entry = Some(Entry {
                    install: is_install(info.arch, info.nr, &info.args),
                });
            }
            SYSCALL_INFO_EXIT => {
                let entry = task.entry.take();
                if entry.is_some_and(|e| e.install) && !info.is_error && info.rval >= 0 {
                    let filters = match read_chain(tid) {
                        Ok(f) => f,
                        // No CAP_SYS_ADMIN, or we are confined ourselves: nothing can be read.
                        Err(e) if matches!(e.os_errno(), Some(libc::EACCES | libc::EPERM)) => {
                            return Err(e)
                        }
                        // The task is dying (its own filter killed it: Seccomp 3) or gone.
                        Err(_) => return Ok(()),
                    };
                    self.dump.installs += 1;
                    if !self.dump.tasks.iter().any(|t| t.filters == filters) {
                        self.dump.tasks.push(DumpedTask {
                            pid: tgid(tid),
                            tid,
                            comm: comm(tid),
                            exe: exe(tid),
                            filters,
                        });
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Kill every traced task and reap what we can (at most 2 s).
    fn kill_all(&mut self) {
        for &tid in self.tasks.keys() {
            // SAFETY: SIGKILL to the thread group of a task we trace; it cannot have been
            // reaped (we have not waited for its exit), so the id is still its own.
            unsafe { libc::kill(tgid(tid), libc::SIGKILL) };
        }
        let deadline = Instant::now() + Duration::from_secs(2);
        while !self.tasks.is_empty() {
            let tids: Vec<i32> = self.tasks.keys().copied().collect();
            let mut progressed = false;
            for tid in tids {
                match wait_tid(tid, Instant::now()) {
                    Ok(Some(st)) => {
                        progressed = true;
                        if libc::WIFEXITED(st) || libc::WIFSIGNALED(st) {
                            self.tasks.remove(&tid);
                        }
                    }
                    Ok(None) => {}
                    Err(_) => {
                        progressed = true;
                        self.tasks.remove(&tid);
                    }
                }
            }
            if Instant::now() >= deadline {
                break;
            }
            if !progressed {
                std::thread::sleep(Duration::from_millis(1));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn install_calls_are_recognised() {
        let a = |a0, a1| [a0, a1, 0, 0, 0, 0];
        assert!(is_install(AUDIT_ARCH_X86_64, 317, &a(1, 0)));
        assert!(is_install(
            AUDIT_ARCH_X86_64,
            317 | X32_SYSCALL_BIT,
            &a(1, 8)
        ));
        assert!(!is_install(AUDIT_ARCH_X86_64, 317, &a(0, 0)));
        assert!(is_install(AUDIT_ARCH_X86_64, 157, &a(22, 2)));
        assert!(!is_install(AUDIT_ARCH_X86_64, 157, &a(22, 1)));
        assert!(is_install(AUDIT_ARCH_I386, 354, &a(1, 0)));
        assert!(is_install(AUDIT_ARCH_I386, 172, &a(22, 2)));
        assert!(!is_install(AUDIT_ARCH_I386, 317, &a(1, 0)));
    }

    #[test]
    fn distinct_filters_keep_first_appearance() {
        let f = |k| vec![Insn::stmt(0x06, k)];
        let t = |filters| DumpedTask {
            pid: 1,
            tid: 1,
            comm: String::new(),
            exe: String::new(),
            filters,
        };
        let d = CommandDump {
            tasks: vec![t(vec![f(1)]), t(vec![f(1), f(2)]), t(vec![f(3), f(2)])],
            ..CommandDump::default()
        };
        assert_eq!(d.distinct_filters(), vec![f(1), f(2), f(3)]);
    }
}
