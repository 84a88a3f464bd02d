//! SIGINT and SIGTERM for long-running commands (`fuzz-kernel`, `oracle`): the first
//! one only raises a flag, so the command stops at the next safe point, reaps its
//! children and prints what it did so far; the handler is reset on delivery, so a second
//! signal ends the process at once (the default action).
//!
//! Children the oracle starts must not see these signals (a terminal's Ctrl-C goes to
//! the whole process group): a thread that starts children runs with them blocked
//! ([`block_interrupts`], [`with_interrupts_blocked`]), and children inherit that mask.
//! Blocked signals stay pending until the thread unblocks them, or are taken by a
//! thread that does not block them (the main thread of a campaign).

use std::sync::atomic::{AtomicI32, Ordering};

/// The signal received (0: none yet).
static RECEIVED: AtomicI32 = AtomicI32::new(0);

extern "C" fn on_signal(sig: libc::c_int) {
    // Only an atomic store: async-signal-safe.
    RECEIVED.store(sig, Ordering::SeqCst);
}

fn interrupt_set() -> libc::sigset_t {
    // SAFETY: sigset_t is plain data; sigemptyset/sigaddset initialise it fully.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGINT);
        libc::sigaddset(&mut set, libc::SIGTERM);
        set
    }
}

/// Catch the next SIGINT or SIGTERM: it sets the flag [`interrupted`] reads instead of
/// ending the process. SA_RESTART keeps interrupted system calls (waitpid, read) going;
/// SA_RESETHAND makes a second signal act as if never caught.
///
/// # Errors
/// sigaction's errno (not expected for these signals).
pub fn catch_interrupts() -> std::io::Result<()> {
    for sig in [libc::SIGINT, libc::SIGTERM] {
        // SAFETY: a zeroed sigaction is valid; the handler only stores to an atomic,
        // which is async-signal-safe; the old action is not needed.
        let r = unsafe {
            let mut sa: libc::sigaction = std::mem::zeroed();
            sa.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
            sa.sa_flags = libc::SA_RESTART | libc::SA_RESETHAND;
            libc::sigemptyset(&mut sa.sa_mask);
            libc::sigaction(sig, &sa, std::ptr::null_mut())
        };
        if r != 0 {
            return Err(std::io::Error::last_os_error());
        }
    }
    Ok(())
}

/// The SIGINT or SIGTERM received since [`catch_interrupts`], if any.
pub fn interrupted() -> Option<i32> {
    match RECEIVED.load(Ordering::SeqCst) {
        0 => None,
        s => Some(s),
    }
}

/// The conventional name of an interrupting signal.
pub fn signal_name(sig: i32) -> &'static str {
    match sig {
        libc::SIGINT => "SIGINT",
        libc::SIGTERM => "SIGTERM",
        _ => "a signal",
    }
}

fn set_mask(how: libc::c_int, set: &libc::sigset_t) -> libc::sigset_t {
    // SAFETY: valid sigset pointers; pthread_sigmask only changes this thread's mask.
    unsafe {
        let mut old: libc::sigset_t = std::mem::zeroed();
        libc::pthread_sigmask(how, set, &mut old);
        old
    }
}

/// Block SIGINT and SIGTERM on the calling thread for the rest of its life (campaign
/// workers: the main thread takes the signal, and the workers' children never see it).
pub fn block_interrupts() {
    set_mask(libc::SIG_BLOCK, &interrupt_set());
}

/// Run `f` with SIGINT and SIGTERM blocked on this thread (children it starts inherit
/// the mask), then restore the mask; a signal that arrived meanwhile is handled then.
pub fn with_interrupts_blocked<T>(f: impl FnOnce() -> T) -> T {
    let old = set_mask(libc::SIG_BLOCK, &interrupt_set());
    let r = f();
    set_mask(libc::SIG_SETMASK, &old);
    r
}
