//! What the kernel-profile pins ask a kernel (the host's in tests/kernel.rs, a VM's in
//! tests/vm.rs), kept in one place so that both ask the same.

/// Filter flags: each one alone, WAIT_KILLABLE_RECV with and without NEW_LISTENER, TSYNC
/// with NEW_LISTENER (with and without TSYNC_ESRCH), and two unknown bits.
pub const FLAGS: [u32; 11] = [0x1, 0x2, 0x4, 0x8, 0x10, 0x20, 0x28, 0x9, 0x19, 0x40, 0x80];

/// Return values whose effect on getpid is asked: every action, KILL_PROCESS with data,
/// and unknown actions.
pub const RETS: [u32; 11] = [
    0x8000_0000,
    0,
    0x0003_0007,
    0x0005_0005,
    0x7fc0_0000,
    0x7ff0_0001,
    0x7ffc_0000,
    0x7fff_0000,
    0x1000_0000,
    0x7ffe_0000,
    0x8005_0005,
];
