//! Raw system calls, the bookkeeping gate, executable pages at chosen addresses, and
//! throwaway children that share the parent's memory.
//!
//! A child that has installed a filter must not make a syscall the filter could refuse,
//! so everything it does after installing is a plain memory write, a test syscall, a
//! `rt_sigreturn` through the gate (which the oracle's prologue lets through), or a
//! deliberate `ud2` to die. No libc call, no allocation, no thread-local (the child
//! shares the parent's memory and TLS).

use std::io;
use std::sync::OnceLock;
use std::time::Duration;

/// `syscall` with up to six arguments, issued right here (before any filter).
///
/// # Safety
/// The caller must pass arguments valid for syscall `nr`.
#[inline(always)]
pub unsafe fn syscall6(nr: i64, a: [u64; 6]) -> i64 {
    let ret: i64;
    // SAFETY: a plain `syscall` instruction; the kernel clobbers rcx and r11 only, and
    // the caller vouches for the arguments.
    unsafe {
        std::arch::asm!(
            "syscall",
            inlateout("rax") nr => ret,
            in("rdi") a[0], in("rsi") a[1], in("rdx") a[2],
            in("r10") a[3], in("r8") a[4], in("r9") a[5],
            lateout("rcx") _, lateout("r11") _,
            options(nostack),
        );
    }
    ret
}

/// Turn a raw syscall return into `io::Result`.
pub fn check(ret: i64) -> io::Result<i64> {
    if (-4095..0).contains(&ret) {
        Err(io::Error::from_raw_os_error((-ret) as i32))
    } else {
        Ok(ret)
    }
}

/// The gate: one executable page of our own holding `syscall; ret` at offset 0 and a
/// signal restorer (`mov eax, 15; jmp 0`) at offset 8. Bookkeeping syscalls made from
/// it have instruction_pointer = page + 2, which the oracle's prologue allows.
pub struct Gate {
    /// Address of the page.
    pub base: u64,
}

impl Gate {
    /// The instruction_pointer a syscall through the gate shows.
    pub fn ip(&self) -> u64 {
        self.base + 2
    }
    /// Address of the signal restorer.
    pub fn restorer(&self) -> u64 {
        self.base + 8
    }
}

/// The process's gate, mapped once.
pub fn gate() -> io::Result<&'static Gate> {
    static GATE: OnceLock<Result<Gate, i32>> = OnceLock::new();
    let g = GATE.get_or_init(|| {
        // SAFETY: an anonymous private mapping chosen by the kernel; nothing else uses it.
        let p = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                4096,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if p == libc::MAP_FAILED {
            return Err(io::Error::last_os_error()
                .raw_os_error()
                .unwrap_or(libc::ENOMEM));
        }
        // syscall; ret  at 0.   mov eax, 15; jmp rel8 -> 0  at 8 (jmp ends at 15: -15).
        let code: [u8; 10] = [0x0f, 0x05, 0xc3, 0x90, 0x90, 0x90, 0x90, 0x90, 0xb8, 0x0f];
        let code2: [u8; 5] = [0x00, 0x00, 0x00, 0xeb, 0xf1];
        // SAFETY: p is a fresh writable 4096-byte mapping; 15 bytes fit.
        unsafe {
            std::ptr::copy_nonoverlapping(code.as_ptr(), p.cast::<u8>(), code.len());
            std::ptr::copy_nonoverlapping(code2.as_ptr(), p.cast::<u8>().add(10), code2.len());
        }
        // SAFETY: p is our mapping; make it read+execute only.
        if unsafe { libc::mprotect(p, 4096, libc::PROT_READ | libc::PROT_EXEC) } != 0 {
            return Err(io::Error::last_os_error()
                .raw_os_error()
                .unwrap_or(libc::EINVAL));
        }
        Ok(Gate { base: p as u64 })
    });
    g.as_ref().map_err(|&e| io::Error::from_raw_os_error(e))
}

/// Marks a TRAP in a test call's result: `TRAPPED | si_errno`.
pub const TRAPPED: u64 = 1 << 32;

/// The SIGSYS handler of children. [`test_call`] keeps the address of its result slot
/// in r12 and a die flag in r13; the handler writes `TRAPPED | si_errno` to the slot,
/// then either dies (when the filters in force might refuse `rt_sigreturn`) or puts the
/// same value into the saved rax and returns through the gate's restorer. No syscall.
extern "C" fn on_sigsys(_sig: libc::c_int, info: *mut libc::siginfo_t, uctx: *mut libc::c_void) {
    // SAFETY: the kernel passes a valid siginfo and ucontext to an SA_SIGINFO handler;
    // r12 holds the slot test_call was given (a valid, aligned u64 in shared memory).
    unsafe {
        let v = TRAPPED | u64::from((*info).si_errno as u16);
        let uc = uctx.cast::<libc::ucontext_t>();
        let gregs = &mut (*uc).uc_mcontext.gregs;
        let slot = gregs[libc::REG_R12 as usize] as u64 as *mut u64;
        if !slot.is_null() {
            std::ptr::write_volatile(slot, v);
        }
        if gregs[libc::REG_R13 as usize] != 0 {
            die();
        }
        gregs[libc::REG_RAX as usize] = v as i64;
    }
}

/// The kernel's `struct sigaction` for rt_sigaction.
#[repr(C)]
struct KernelSigaction {
    handler: u64,
    flags: u64,
    restorer: u64,
    mask: u64,
}

const SA_RESTORER: u64 = 0x0400_0000;

/// In a child, before any filter: SIGSYS goes to [`on_sigsys`] with the gate's
/// restorer; SIGILL and SIGSEGV get their default action (so `ud2` kills).
///
/// # Safety
/// Only in a throwaway child (it changes process-wide signal dispositions).
pub unsafe fn child_signals(gate: &Gate) -> i64 {
    let handler = on_sigsys as *const () as u64;
    let act = KernelSigaction {
        handler,
        flags: (libc::SA_SIGINFO as u64) | SA_RESTORER,
        restorer: gate.restorer(),
        mask: 0,
    };
    let dfl = KernelSigaction {
        handler: 0,
        flags: 0,
        restorer: 0,
        mask: 0,
    };
    // SAFETY: valid pointers to kernel_sigaction structures of the right size (8-byte mask).
    unsafe {
        let r = syscall6(
            libc::SYS_rt_sigaction,
            [libc::SIGSYS as u64, &act as *const _ as u64, 0, 8, 0, 0],
        );
        if r < 0 {
            return r;
        }
        for sig in [libc::SIGILL, libc::SIGSEGV] {
            let r = syscall6(
                libc::SYS_rt_sigaction,
                [sig as u64, &dfl as *const _ as u64, 0, 8, 0, 0],
            );
            if r < 0 {
                return r;
            }
        }
        // Unblock SIGSYS/SIGILL/SIGSEGV in case the calling thread blocked them.
        let unblock: u64 =
            (1 << (libc::SIGSYS - 1)) | (1 << (libc::SIGILL - 1)) | (1 << (libc::SIGSEGV - 1));
        syscall6(
            libc::SYS_rt_sigprocmask,
            [
                libc::SIG_UNBLOCK as u64,
                &unblock as *const u64 as u64,
                0,
                8,
                0,
                0,
            ],
        )
    }
}

/// Die without a syscall (the filter may refuse every syscall): an invalid opcode,
/// whose SIGILL [`child_signals`] left at its default action.
pub fn die() -> ! {
    loop {
        // SAFETY: ud2 raises SIGILL; with the default disposition the child terminates.
        unsafe { std::arch::asm!("ud2", options(nomem, nostack)) };
    }
}

/// Make a test syscall from the syscall instruction that ends at `ip` (the two bytes
/// before `ip` are `syscall` or `int 0x80`, followed by `ret`). Returns rax: the
/// syscall's return, or `TRAPPED | data` after a TRAP.
///
/// `slot` receives `TRAPPED | data` if the syscall traps; with `die_on_trap` the SIGSYS
/// handler then kills the child instead of returning.
///
/// # Safety
/// `ip - 2` must hold `syscall; ret` (native) or `int 0x80; ret` (i386) in an
/// executable page; the syscall is made with the given number and arguments; `slot` must
/// be valid for writes.
#[inline(never)]
pub unsafe fn test_call(
    ip: u64,
    i386: bool,
    nr: u32,
    args: [u64; 6],
    slot: *mut u64,
    die_on_trap: bool,
) -> u64 {
    let die_flag = u64::from(die_on_trap);
    let target = ip - 2;
    let ret: u64;
    if i386 {
        // SAFETY: the caller placed `int 0x80; ret` at target. rbx and rbp cannot be
        // asm operands, so they are saved, loaded and restored around the call.
        unsafe {
            std::arch::asm!(
                "push rbx",
                "push rbp",
                "mov rbx, {a0}",
                "mov rbp, {a5}",
                "call {t}",
                "pop rbp",
                "pop rbx",
                a0 = in(reg) args[0],
                a5 = in(reg) args[5],
                t = in(reg) target,
                in("r12") slot,
                in("r13") die_flag,
                inlateout("rax") u64::from(nr) => ret,
                inlateout("rcx") args[1] => _,
                inlateout("rdx") args[2] => _,
                inlateout("rsi") args[3] => _,
                inlateout("rdi") args[4] => _,
                lateout("r8") _, lateout("r9") _, lateout("r10") _, lateout("r11") _,
            );
        }
    } else {
        // SAFETY: the caller placed `syscall; ret` at target.
        unsafe {
            std::arch::asm!(
                "call {t}",
                t = in(reg) target,
                in("r12") slot,
                in("r13") die_flag,
                inlateout("rax") u64::from(nr) => ret,
                inlateout("rdi") args[0] => _,
                inlateout("rsi") args[1] => _,
                inlateout("rdx") args[2] => _,
                inlateout("r10") args[3] => _,
                inlateout("r8") args[4] => _,
                inlateout("r9") args[5] => _,
                lateout("rcx") _, lateout("r11") _,
            );
        }
    }
    ret
}

/// A child sharing our memory (`CLONE_VM`), running `f(arg)` on its own stack.
pub struct Child {
    pid: libc::pid_t,
    pidfd: libc::c_int,
}

/// Stack size for children.
pub const CHILD_STACK: usize = 256 * 1024;

/// A stack for children, reused by one worker.
pub struct Stack {
    base: *mut libc::c_void,
}

// SAFETY: the stack is a plain anonymous mapping used by one child at a time.
unsafe impl Send for Stack {}

impl Stack {
    /// Map a fresh stack.
    pub fn new() -> io::Result<Stack> {
        // SAFETY: an anonymous private mapping chosen by the kernel.
        let p = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                CHILD_STACK,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_STACK,
                -1,
                0,
            )
        };
        if p == libc::MAP_FAILED {
            return Err(io::Error::last_os_error());
        }
        Ok(Stack { base: p })
    }
}

impl Drop for Stack {
    fn drop(&mut self) {
        // SAFETY: unmapping our own mapping; no child runs on it any more (spawn waits).
        unsafe { libc::munmap(self.base, CHILD_STACK) };
    }
}

/// How a child ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ended {
    /// Killed by this signal.
    Signal(i32),
    /// Exited with this status.
    Exit(i32),
    /// Still running at the timeout; it was killed.
    Timeout,
}

impl Child {
    /// Start `f(arg)` in a new process that shares our address space.
    ///
    /// # Safety
    /// `f` must only make raw syscalls, write memory reachable from `arg`, and end in
    /// [`die`]; `arg` and `stack` must stay valid until [`Child::wait`] returns.
    pub unsafe fn spawn(
        f: extern "C" fn(*mut libc::c_void) -> libc::c_int,
        arg: *mut libc::c_void,
        stack: &mut Stack,
    ) -> io::Result<Child> {
        let mut pidfd: libc::c_int = -1;
        // SAFETY: the stack top is 16-byte aligned inside our mapping; the caller
        // guarantees f and arg; CLONE_PIDFD stores the pidfd into `pidfd`.
        let pid = unsafe {
            let top = stack
                .base
                .cast::<u8>()
                .add(CHILD_STACK - 64)
                .cast::<libc::c_void>();
            libc::clone(
                f,
                top,
                libc::CLONE_VM | libc::CLONE_PIDFD | libc::SIGCHLD,
                arg,
                &mut pidfd as *mut libc::c_int,
            )
        };
        if pid < 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(Child { pid, pidfd })
    }

    /// Wait for the child to end, at most `timeout` (then kill it). Never blocks longer.
    pub fn wait(self, timeout: Duration) -> Ended {
        let mut pfd = libc::pollfd {
            fd: self.pidfd,
            events: libc::POLLIN,
            revents: 0,
        };
        let ms = timeout.as_millis().min(i32::MAX as u128) as i32;
        // SAFETY: one valid pollfd.
        let r = unsafe { libc::poll(&mut pfd, 1, ms) };
        let timed_out = r == 0;
        if timed_out {
            // SAFETY: pidfd names our child; SIGKILL cannot be refused.
            unsafe { libc::syscall(libc::SYS_pidfd_send_signal, self.pidfd, libc::SIGKILL, 0, 0) };
        }
        let mut status = 0;
        // SAFETY: reaping our own child.
        unsafe {
            libc::waitpid(self.pid, &mut status, libc::__WALL);
            libc::close(self.pidfd);
        }
        if timed_out {
            Ended::Timeout
        } else if libc::WIFSIGNALED(status) {
            Ended::Signal(libc::WTERMSIG(status))
        } else {
            Ended::Exit(libc::WEXITSTATUS(status))
        }
    }
}

/// Whether seccomp filters can be installed here at all: a child sets no_new_privs and
/// installs `ret #ALLOW`. `Ok(false)` with a reason when it cannot.
pub fn seccomp_available() -> Result<(), String> {
    match super::oracle::accept_raw(
        &[&[crate::Insn::stmt(0x06, 0x7fff_0000)]],
        0,
        true,
        false,
        false,
    ) {
        Ok(v) if v.iter().all(|&e| e == 0) => Ok(()),
        Ok(v) => Err(format!(
            "installing `ret #ALLOW` failed with errno {}",
            v[0]
        )),
        Err(e) => Err(e.to_string()),
    }
}
