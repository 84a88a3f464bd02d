//! The 8-byte classic-BPF instruction, `struct sock_filter`, and its typed view.

use crate::consts::*;

/// One classic-BPF instruction, laid out exactly like the kernel's `struct sock_filter`
/// (include/uapi/linux/filter.h): a 16-bit opcode, two 8-bit jump offsets relative to
/// `pc + 1`, and a 32-bit operand.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Insn {
    /// Opcode: class | size/op | mode/src.
    pub code: u16,
    /// Jump offset if true (conditional jumps only), relative to `pc + 1`.
    pub jt: u8,
    /// Jump offset if false (conditional jumps only), relative to `pc + 1`.
    pub jf: u8,
    /// Operand ("generic multiuse field").
    pub k: u32,
}

/// Byte order of an encoded program or of a `struct seccomp_data`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Endian {
    /// Least significant byte first (x86, arm64, riscv, ppc64le, ...).
    Little,
    /// Most significant byte first (s390x, ppc64, mips, ...).
    Big,
}

impl Endian {
    /// The byte order of the machine secbpf runs on.
    pub const fn native() -> Endian {
        if cfg!(target_endian = "big") {
            Endian::Big
        } else {
            Endian::Little
        }
    }

    /// Lowercase name: `little` or `big`.
    pub const fn name(self) -> &'static str {
        match self {
            Endian::Little => "little",
            Endian::Big => "big",
        }
    }
}

impl Insn {
    /// Size of one encoded instruction in bytes.
    pub const SIZE: usize = 8;

    /// An instruction from its four fields.
    pub const fn new(code: u16, jt: u8, jf: u8, k: u32) -> Insn {
        Insn { code, jt, jf, k }
    }

    /// The kernel's `BPF_STMT(code, k)`.
    pub const fn stmt(code: u16, k: u32) -> Insn {
        Insn {
            code,
            jt: 0,
            jf: 0,
            k,
        }
    }

    /// The kernel's `BPF_JUMP(code, k, jt, jf)`.
    pub const fn jump(code: u16, k: u32, jt: u8, jf: u8) -> Insn {
        Insn { code, jt, jf, k }
    }

    /// Instruction class, `BPF_CLASS(code)`.
    pub const fn class(&self) -> u16 {
        self.code & 0x07
    }
    /// Load size, `BPF_SIZE(code)`.
    pub const fn size(&self) -> u16 {
        self.code & 0x18
    }
    /// Load mode, `BPF_MODE(code)`.
    pub const fn mode(&self) -> u16 {
        self.code & 0xe0
    }
    /// ALU or jump operation, `BPF_OP(code)`.
    pub const fn op(&self) -> u16 {
        self.code & 0xf0
    }
    /// Operand source, `BPF_SRC(code)`: `BPF_K` or `BPF_X`.
    pub const fn src(&self) -> u16 {
        self.code & 0x08
    }
    /// Return value source, `BPF_RVAL(code)`: `BPF_K`, `BPF_X` or `BPF_A`.
    pub const fn rval(&self) -> u16 {
        self.code & 0x18
    }
    /// Misc operation, `BPF_MISCOP(code)`: `BPF_TAX` or `BPF_TXA`.
    pub const fn miscop(&self) -> u16 {
        self.code & 0xf8
    }

    /// True for any `BPF_RET` instruction (whatever its other bits).
    pub const fn is_ret(&self) -> bool {
        self.class() == BPF_RET
    }

    /// True for a conditional jump (`BPF_JMP` class with an operation other than `BPF_JA`).
    pub const fn is_cond_jump(&self) -> bool {
        self.class() == BPF_JMP && self.op() != BPF_JA
    }

    /// Encode as 8 bytes in the given byte order.
    pub fn to_bytes(&self, endian: Endian) -> [u8; 8] {
        let mut b = [0u8; 8];
        let (c, k) = match endian {
            Endian::Little => (self.code.to_le_bytes(), self.k.to_le_bytes()),
            Endian::Big => (self.code.to_be_bytes(), self.k.to_be_bytes()),
        };
        b[0..2].copy_from_slice(&c);
        b[2] = self.jt;
        b[3] = self.jf;
        b[4..8].copy_from_slice(&k);
        b
    }

    /// Decode 8 bytes in the given byte order.
    pub fn from_bytes(b: [u8; 8], endian: Endian) -> Insn {
        let c = [b[0], b[1]];
        let k = [b[4], b[5], b[6], b[7]];
        match endian {
            Endian::Little => Insn::new(u16::from_le_bytes(c), b[2], b[3], u32::from_le_bytes(k)),
            Endian::Big => Insn::new(u16::from_be_bytes(c), b[2], b[3], u32::from_be_bytes(k)),
        }
    }
}

/// Encode a whole program as consecutive `struct sock_filter` records.
pub fn encode(prog: &[Insn], endian: Endian) -> Vec<u8> {
    let mut out = Vec::with_capacity(prog.len() * Insn::SIZE);
    for insn in prog {
        out.extend_from_slice(&insn.to_bytes(endian));
    }
    out
}
