//! Kernel constants under their kernel names.
//!
//! Values come from the Linux uapi headers `include/uapi/linux/bpf_common.h`,
//! `include/uapi/linux/filter.h`, `include/uapi/linux/seccomp.h` and
//! `include/uapi/linux/audit.h` (checked against 6.18 headers; see
//! kernel-facts §2, §5, §6).
#![allow(missing_docs)]

// ---- instruction classes (bpf_common.h: BPF_CLASS) ----
pub const BPF_LD: u16 = 0x00;
pub const BPF_LDX: u16 = 0x01;
pub const BPF_ST: u16 = 0x02;
pub const BPF_STX: u16 = 0x03;
pub const BPF_ALU: u16 = 0x04;
pub const BPF_JMP: u16 = 0x05;
pub const BPF_RET: u16 = 0x06;
pub const BPF_MISC: u16 = 0x07;

// ---- load sizes (BPF_SIZE) ----
pub const BPF_W: u16 = 0x00;
pub const BPF_H: u16 = 0x08;
pub const BPF_B: u16 = 0x10;

// ---- load modes (BPF_MODE) ----
pub const BPF_IMM: u16 = 0x00;
pub const BPF_ABS: u16 = 0x20;
pub const BPF_IND: u16 = 0x40;
pub const BPF_MEM: u16 = 0x60;
pub const BPF_LEN: u16 = 0x80;
pub const BPF_MSH: u16 = 0xa0;

// ---- ALU operations (BPF_OP) ----
pub const BPF_ADD: u16 = 0x00;
pub const BPF_SUB: u16 = 0x10;
pub const BPF_MUL: u16 = 0x20;
pub const BPF_DIV: u16 = 0x30;
pub const BPF_OR: u16 = 0x40;
pub const BPF_AND: u16 = 0x50;
pub const BPF_LSH: u16 = 0x60;
pub const BPF_RSH: u16 = 0x70;
pub const BPF_NEG: u16 = 0x80;
pub const BPF_MOD: u16 = 0x90;
pub const BPF_XOR: u16 = 0xa0;

// ---- jump operations (BPF_OP) ----
pub const BPF_JA: u16 = 0x00;
pub const BPF_JEQ: u16 = 0x10;
pub const BPF_JGT: u16 = 0x20;
pub const BPF_JGE: u16 = 0x30;
pub const BPF_JSET: u16 = 0x40;

// ---- operand source (BPF_SRC) ----
pub const BPF_K: u16 = 0x00;
pub const BPF_X: u16 = 0x08;

// ---- return value source (BPF_RVAL, filter.h) ----
pub const BPF_A: u16 = 0x10;

// ---- misc operations (BPF_MISCOP, filter.h) ----
pub const BPF_TAX: u16 = 0x00;
pub const BPF_TXA: u16 = 0x80;

/// Largest program the kernel accepts (filter.h `BPF_MAXINSNS`).
pub const BPF_MAXINSNS: usize = 4096;
/// Number of scratch memory cells M[0..16] (filter.h `BPF_MEMWORDS`).
pub const BPF_MEMWORDS: u32 = 16;

/// Start of the ancillary-data load offsets (filter.h `SKF_AD_OFF`, i.e. -0x1000).
pub const SKF_AD_OFF: u32 = 0xffff_f000;
pub const SKF_AD_PROTOCOL: u32 = 0;
pub const SKF_AD_PKTTYPE: u32 = 4;
pub const SKF_AD_IFINDEX: u32 = 8;
pub const SKF_AD_NLATTR: u32 = 12;
pub const SKF_AD_NLATTR_NEST: u32 = 16;
pub const SKF_AD_MARK: u32 = 20;
pub const SKF_AD_QUEUE: u32 = 24;
pub const SKF_AD_HATYPE: u32 = 28;
pub const SKF_AD_RXHASH: u32 = 32;
pub const SKF_AD_CPU: u32 = 36;
pub const SKF_AD_ALU_XOR_X: u32 = 40;
pub const SKF_AD_VLAN_TAG: u32 = 44;
pub const SKF_AD_VLAN_TAG_PRESENT: u32 = 48;
pub const SKF_AD_PAY_OFFSET: u32 = 52;
pub const SKF_AD_RANDOM: u32 = 56;
pub const SKF_AD_VLAN_TPID: u32 = 60;
pub const SKF_AD_MAX: u32 = 64;

// ---- seccomp return values (seccomp.h) ----
pub const SECCOMP_RET_KILL_PROCESS: u32 = 0x8000_0000;
pub const SECCOMP_RET_KILL_THREAD: u32 = 0x0000_0000;
pub const SECCOMP_RET_KILL: u32 = SECCOMP_RET_KILL_THREAD;
pub const SECCOMP_RET_TRAP: u32 = 0x0003_0000;
pub const SECCOMP_RET_ERRNO: u32 = 0x0005_0000;
pub const SECCOMP_RET_USER_NOTIF: u32 = 0x7fc0_0000;
pub const SECCOMP_RET_TRACE: u32 = 0x7ff0_0000;
pub const SECCOMP_RET_LOG: u32 = 0x7ffc_0000;
pub const SECCOMP_RET_ALLOW: u32 = 0x7fff_0000;
pub const SECCOMP_RET_ACTION_FULL: u32 = 0xffff_0000;
pub const SECCOMP_RET_ACTION: u32 = 0x7fff_0000;
pub const SECCOMP_RET_DATA: u32 = 0x0000_ffff;

// ---- seccomp(2) filter flags (seccomp.h) ----
pub const SECCOMP_FILTER_FLAG_TSYNC: u32 = 1 << 0;
pub const SECCOMP_FILTER_FLAG_LOG: u32 = 1 << 1;
pub const SECCOMP_FILTER_FLAG_SPEC_ALLOW: u32 = 1 << 2;
pub const SECCOMP_FILTER_FLAG_NEW_LISTENER: u32 = 1 << 3;
pub const SECCOMP_FILTER_FLAG_TSYNC_ESRCH: u32 = 1 << 4;
pub const SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV: u32 = 1 << 5;
/// OR of every flag mainline knows (include/linux/seccomp.h `SECCOMP_FILTER_FLAG_MASK`).
pub const SECCOMP_FILTER_FLAG_MASK: u32 = 0x3f;

/// Per-thread limit on the summed eBPF length of a filter chain
/// (kernel/seccomp.c `MAX_INSNS_PER_PATH` = 2^18 / sizeof(struct sock_filter)).
pub const MAX_INSNS_PER_PATH: usize = 32768;

/// Size of `struct seccomp_data` in bytes.
pub const SECCOMP_DATA_SIZE: u32 = 64;

/// Largest errno the kernel passes back for SECCOMP_RET_ERRNO (`MAX_ERRNO`).
pub const MAX_ERRNO: u32 = 4095;

// ---- audit.h ----
pub const __AUDIT_ARCH_64BIT: u32 = 0x8000_0000;
pub const __AUDIT_ARCH_LE: u32 = 0x4000_0000;
pub const __AUDIT_ARCH_CONVENTION_MIPS64_N32: u32 = 0x2000_0000;
pub const AUDIT_ARCH_X86_64: u32 = 0xC000_003E;
pub const AUDIT_ARCH_I386: u32 = 0x4000_0003;
pub const AUDIT_ARCH_AARCH64: u32 = 0xC000_00B7;
pub const AUDIT_ARCH_ARM: u32 = 0x4000_0028;
pub const AUDIT_ARCH_ARMEB: u32 = 0x0000_0028;
pub const AUDIT_ARCH_RISCV64: u32 = 0xC000_00F3;
pub const AUDIT_ARCH_RISCV32: u32 = 0x4000_00F3;
pub const AUDIT_ARCH_S390X: u32 = 0x8000_0016;
pub const AUDIT_ARCH_S390: u32 = 0x0000_0016;
pub const AUDIT_ARCH_PPC64LE: u32 = 0xC000_0015;
pub const AUDIT_ARCH_PPC64: u32 = 0x8000_0015;
pub const AUDIT_ARCH_PPC: u32 = 0x0000_0014;
pub const AUDIT_ARCH_LOONGARCH64: u32 = 0xC000_0102;
pub const AUDIT_ARCH_MIPS: u32 = 0x0000_0008;
pub const AUDIT_ARCH_MIPSEL: u32 = 0x4000_0008;
pub const AUDIT_ARCH_MIPS64: u32 = 0x8000_0008;
pub const AUDIT_ARCH_MIPSEL64: u32 = 0xC000_0008;
pub const AUDIT_ARCH_MIPS64N32: u32 = 0xA000_0008;
pub const AUDIT_ARCH_MIPSEL64N32: u32 = 0xE000_0008;
pub const AUDIT_ARCH_PARISC: u32 = 0x0000_000F;
pub const AUDIT_ARCH_PARISC64: u32 = 0x8000_000F;

/// x32 syscalls carry this bit in nr under AUDIT_ARCH_X86_64 (`__X32_SYSCALL_BIT`).
pub const X32_SYSCALL_BIT: u32 = 0x4000_0000;
