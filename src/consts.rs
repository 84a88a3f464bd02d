//! Kernel constants under their kernel names.
//!
//! Values come from the Linux uapi headers `include/uapi/linux/bpf_common.h`,
//! `include/uapi/linux/filter.h`, `include/uapi/linux/seccomp.h` and
//! `include/uapi/linux/audit.h` (checked against 6.18 headers; see
//! kernel-facts §2, §5, §6).

// ---- instruction classes (bpf_common.h: BPF_CLASS) ----
/// Instruction class: load into A.
pub const BPF_LD: u16 = 0x00;
/// Instruction class: load into X.
pub const BPF_LDX: u16 = 0x01;
/// Instruction class: store A into a scratch cell.
pub const BPF_ST: u16 = 0x02;
/// Instruction class: store X into a scratch cell.
pub const BPF_STX: u16 = 0x03;
/// Instruction class: arithmetic and logic on A.
pub const BPF_ALU: u16 = 0x04;
/// Instruction class: jumps.
pub const BPF_JMP: u16 = 0x05;
/// Instruction class: return from the filter.
pub const BPF_RET: u16 = 0x06;
/// Instruction class: register transfers (`tax`, `txa`).
pub const BPF_MISC: u16 = 0x07;

// ---- load sizes (BPF_SIZE) ----
/// Load size: a 32-bit word.
pub const BPF_W: u16 = 0x00;
/// Load size: a 16-bit half word (refused by seccomp).
pub const BPF_H: u16 = 0x08;
/// Load size: a byte (refused by seccomp).
pub const BPF_B: u16 = 0x10;

// ---- load modes (BPF_MODE) ----
/// Load mode: the constant `k`.
pub const BPF_IMM: u16 = 0x00;
/// Load mode: the data at absolute offset `k`.
pub const BPF_ABS: u16 = 0x20;
/// Load mode: the data at offset X + `k` (refused by seccomp).
pub const BPF_IND: u16 = 0x40;
/// Load mode: scratch cell `M[k]`.
pub const BPF_MEM: u16 = 0x60;
/// Load mode: the length of the data (64 for seccomp).
pub const BPF_LEN: u16 = 0x80;
/// Load mode: the IP header length idiom (refused by seccomp).
pub const BPF_MSH: u16 = 0xa0;

// ---- ALU operations (BPF_OP) ----
/// ALU operation: A + operand.
pub const BPF_ADD: u16 = 0x00;
/// ALU operation: A - operand.
pub const BPF_SUB: u16 = 0x10;
/// ALU operation: A * operand.
pub const BPF_MUL: u16 = 0x20;
/// ALU operation: A / operand.
pub const BPF_DIV: u16 = 0x30;
/// ALU operation: A | operand.
pub const BPF_OR: u16 = 0x40;
/// ALU operation: A & operand.
pub const BPF_AND: u16 = 0x50;
/// ALU operation: A << operand.
pub const BPF_LSH: u16 = 0x60;
/// ALU operation: A >> operand.
pub const BPF_RSH: u16 = 0x70;
/// ALU operation: -A.
pub const BPF_NEG: u16 = 0x80;
/// ALU operation: A % operand.
pub const BPF_MOD: u16 = 0x90;
/// ALU operation: A ^ operand.
pub const BPF_XOR: u16 = 0xa0;

// ---- jump operations (BPF_OP) ----
/// Jump operation: always, by `k`.
pub const BPF_JA: u16 = 0x00;
/// Jump operation: if A == operand.
pub const BPF_JEQ: u16 = 0x10;
/// Jump operation: if A > operand (unsigned).
pub const BPF_JGT: u16 = 0x20;
/// Jump operation: if A >= operand (unsigned).
pub const BPF_JGE: u16 = 0x30;
/// Jump operation: if A & operand is not zero.
pub const BPF_JSET: u16 = 0x40;

// ---- operand source (BPF_SRC) ----
/// Operand source: the constant `k`.
pub const BPF_K: u16 = 0x00;
/// Operand source: register X.
pub const BPF_X: u16 = 0x08;

// ---- return value source (BPF_RVAL, filter.h) ----
/// Return value source: register A (`ret a`).
pub const BPF_A: u16 = 0x10;

// ---- misc operations (BPF_MISCOP, filter.h) ----
/// Misc operation: X = A.
pub const BPF_TAX: u16 = 0x00;
/// Misc operation: A = X.
pub const BPF_TXA: u16 = 0x80;

/// Largest program the kernel accepts (filter.h `BPF_MAXINSNS`).
pub const BPF_MAXINSNS: usize = 4096;
/// Number of scratch memory cells M[0..16] (filter.h `BPF_MEMWORDS`).
pub const BPF_MEMWORDS: u32 = 16;

/// Start of the ancillary-data load offsets (filter.h `SKF_AD_OFF`, i.e. -0x1000).
pub const SKF_AD_OFF: u32 = 0xffff_f000;
/// Ancillary load: packet protocol (refused by seccomp, like every ancillary load).
pub const SKF_AD_PROTOCOL: u32 = 0;
/// Ancillary load: packet type.
pub const SKF_AD_PKTTYPE: u32 = 4;
/// Ancillary load: interface index.
pub const SKF_AD_IFINDEX: u32 = 8;
/// Ancillary load: netlink attribute search.
pub const SKF_AD_NLATTR: u32 = 12;
/// Ancillary load: nested netlink attribute search.
pub const SKF_AD_NLATTR_NEST: u32 = 16;
/// Ancillary load: packet mark.
pub const SKF_AD_MARK: u32 = 20;
/// Ancillary load: queue mapping.
pub const SKF_AD_QUEUE: u32 = 24;
/// Ancillary load: hardware address type.
pub const SKF_AD_HATYPE: u32 = 28;
/// Ancillary load: receive hash.
pub const SKF_AD_RXHASH: u32 = 32;
/// Ancillary load: current CPU.
pub const SKF_AD_CPU: u32 = 36;
/// Ancillary load: A ^ X.
pub const SKF_AD_ALU_XOR_X: u32 = 40;
/// Ancillary load: VLAN tag.
pub const SKF_AD_VLAN_TAG: u32 = 44;
/// Ancillary load: whether a VLAN tag is present.
pub const SKF_AD_VLAN_TAG_PRESENT: u32 = 48;
/// Ancillary load: payload offset.
pub const SKF_AD_PAY_OFFSET: u32 = 52;
/// Ancillary load: a random number.
pub const SKF_AD_RANDOM: u32 = 56;
/// Ancillary load: VLAN protocol id.
pub const SKF_AD_VLAN_TPID: u32 = 60;
/// End of the ancillary load offsets.
pub const SKF_AD_MAX: u32 = 64;

// ---- seccomp return values (seccomp.h) ----
/// Action: kill the whole process.
pub const SECCOMP_RET_KILL_PROCESS: u32 = 0x8000_0000;
/// Action: kill the calling thread.
pub const SECCOMP_RET_KILL_THREAD: u32 = 0x0000_0000;
/// Old name of [`SECCOMP_RET_KILL_THREAD`].
pub const SECCOMP_RET_KILL: u32 = SECCOMP_RET_KILL_THREAD;
/// Action: send SIGSYS (the low 16 bits go to `si_errno`).
pub const SECCOMP_RET_TRAP: u32 = 0x0003_0000;
/// Action: fail the syscall with the errno in the low 16 bits (capped at [`MAX_ERRNO`]).
pub const SECCOMP_RET_ERRNO: u32 = 0x0005_0000;
/// Action: let the user-space listener decide.
pub const SECCOMP_RET_USER_NOTIF: u32 = 0x7fc0_0000;
/// Action: notify a ptrace tracer (the low 16 bits are its message).
pub const SECCOMP_RET_TRACE: u32 = 0x7ff0_0000;
/// Action: allow after logging.
pub const SECCOMP_RET_LOG: u32 = 0x7ffc_0000;
/// Action: allow.
pub const SECCOMP_RET_ALLOW: u32 = 0x7fff_0000;
/// Mask of the action bits of a return value, sign bit included.
pub const SECCOMP_RET_ACTION_FULL: u32 = 0xffff_0000;
/// Mask of the action bits of a return value without the sign bit.
pub const SECCOMP_RET_ACTION: u32 = 0x7fff_0000;
/// Mask of the data bits of a return value.
pub const SECCOMP_RET_DATA: u32 = 0x0000_ffff;

// ---- seccomp(2) filter flags (seccomp.h) ----
/// Filter flag: install on every thread of the process.
pub const SECCOMP_FILTER_FLAG_TSYNC: u32 = 1 << 0;
/// Filter flag: log every action but ALLOW.
pub const SECCOMP_FILTER_FLAG_LOG: u32 = 1 << 1;
/// Filter flag: do not force speculative-store-bypass mitigation.
pub const SECCOMP_FILTER_FLAG_SPEC_ALLOW: u32 = 1 << 2;
/// Filter flag: return a user-notification listener fd.
pub const SECCOMP_FILTER_FLAG_NEW_LISTENER: u32 = 1 << 3;
/// Filter flag: with TSYNC, fail with ESRCH instead of returning a thread id.
pub const SECCOMP_FILTER_FLAG_TSYNC_ESRCH: u32 = 1 << 4;
/// Filter flag: wait for a user-notification reply killably once received.
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
/// Audit arch bit: a 64-bit arch.
pub const __AUDIT_ARCH_64BIT: u32 = 0x8000_0000;
/// Audit arch bit: a little-endian arch.
pub const __AUDIT_ARCH_LE: u32 = 0x4000_0000;
/// Audit arch bit: the MIPS64 n32 convention.
pub const __AUDIT_ARCH_CONVENTION_MIPS64_N32: u32 = 0x2000_0000;
/// Audit arch of x86_64.
pub const AUDIT_ARCH_X86_64: u32 = 0xC000_003E;
/// Audit arch of i386.
pub const AUDIT_ARCH_I386: u32 = 0x4000_0003;
/// Audit arch of aarch64.
pub const AUDIT_ARCH_AARCH64: u32 = 0xC000_00B7;
/// Audit arch of arm (little-endian).
pub const AUDIT_ARCH_ARM: u32 = 0x4000_0028;
/// Audit arch of arm (big-endian).
pub const AUDIT_ARCH_ARMEB: u32 = 0x0000_0028;
/// Audit arch of riscv64.
pub const AUDIT_ARCH_RISCV64: u32 = 0xC000_00F3;
/// Audit arch of riscv32.
pub const AUDIT_ARCH_RISCV32: u32 = 0x4000_00F3;
/// Audit arch of s390x.
pub const AUDIT_ARCH_S390X: u32 = 0x8000_0016;
/// Audit arch of s390.
pub const AUDIT_ARCH_S390: u32 = 0x0000_0016;
/// Audit arch of ppc64le.
pub const AUDIT_ARCH_PPC64LE: u32 = 0xC000_0015;
/// Audit arch of ppc64 (big-endian).
pub const AUDIT_ARCH_PPC64: u32 = 0x8000_0015;
/// Audit arch of ppc.
pub const AUDIT_ARCH_PPC: u32 = 0x0000_0014;
/// Audit arch of loongarch64.
pub const AUDIT_ARCH_LOONGARCH64: u32 = 0xC000_0102;
/// Audit arch of mips (big-endian).
pub const AUDIT_ARCH_MIPS: u32 = 0x0000_0008;
/// Audit arch of mipsel.
pub const AUDIT_ARCH_MIPSEL: u32 = 0x4000_0008;
/// Audit arch of mips64 (big-endian).
pub const AUDIT_ARCH_MIPS64: u32 = 0x8000_0008;
/// Audit arch of mipsel64.
pub const AUDIT_ARCH_MIPSEL64: u32 = 0xC000_0008;
/// Audit arch of mips64 n32 (big-endian).
pub const AUDIT_ARCH_MIPS64N32: u32 = 0xA000_0008;
/// Audit arch of mipsel64 n32.
pub const AUDIT_ARCH_MIPSEL64N32: u32 = 0xE000_0008;
/// Audit arch of parisc.
pub const AUDIT_ARCH_PARISC: u32 = 0x0000_000F;
/// Audit arch of parisc64.
pub const AUDIT_ARCH_PARISC64: u32 = 0x8000_000F;

/// x32 syscalls carry this bit in nr under AUDIT_ARCH_X86_64 (`__X32_SYSCALL_BIT`).
pub const X32_SYSCALL_BIT: u32 = 0x4000_0000;
