//! `struct seccomp_data`: the input every filter reads.

use crate::consts::*;
use crate::insn::Endian;
use crate::seccomp::arch::{data_endian, Arch};
use std::fmt;

/// The kernel's `struct seccomp_data` (include/uapi/linux/seccomp.h), 64 bytes:
/// `nr` at 0, `arch` at 4, `instruction_pointer` at 8, `args[i]` at 16 + 8i.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SeccompData {
    /// The syscall number, as the low 32 bits of the number register (any 32-bit value).
    pub nr: u32,
    /// `AUDIT_ARCH_*` of the calling convention.
    pub arch: u32,
    /// Address after the syscall instruction.
    pub instruction_pointer: u64,
    /// The six syscall arguments, widened to 64 bits.
    pub args: [u64; 6],
}

/// Number of 32-bit words in `struct seccomp_data`.
pub const DATA_WORDS: usize = (SECCOMP_DATA_SIZE / 4) as usize;

/// What went wrong building a [`SeccompData`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DataErrorKind {
    /// The arch's syscall table has no such name.
    UnknownSyscall,
    /// secbpf has no syscall table for the arch (names cannot be resolved).
    NoSyscallTable,
    /// An argument index of 6 or more.
    ArgIndex,
}

/// Why a [`SeccompData`] could not be built: a kind, the detail and, for an unknown
/// syscall name, the nearest names of the arch's table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataError {
    kind: DataErrorKind,
    detail: String,
    suggestions: Vec<&'static str>,
}

impl DataError {
    /// What went wrong.
    pub fn kind(&self) -> DataErrorKind {
        self.kind
    }

    /// For [`DataErrorKind::UnknownSyscall`]: the names nearest to the one given (at most
    /// 3, possibly none).
    pub fn suggestions(&self) -> &[&'static str] {
        &self.suggestions
    }
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.detail)
    }
}

impl std::error::Error for DataError {}

/// Which part of `struct seccomp_data` a 32-bit load at a byte offset reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// `nr` (offset 0).
    Nr,
    /// `arch` (offset 4).
    Arch,
    /// Low (`high == false`) or high 32 bits of `instruction_pointer`.
    InstructionPointer {
        /// True for the most significant word.
        high: bool,
    },
    /// Low or high 32 bits of `args[index]`.
    Arg {
        /// Argument index 0..=5.
        index: u8,
        /// True for the most significant word.
        high: bool,
    },
}

impl Field {
    /// The field a 32-bit load at byte `offset` reads, for data laid out in `endian`
    /// (on big-endian the high word of a u64 comes first). `None` for offsets that are
    /// misaligned or past the end.
    pub fn at(offset: u32, endian: Endian) -> Option<Field> {
        if !offset.is_multiple_of(4) || offset >= SECCOMP_DATA_SIZE {
            return None;
        }
        let word = offset / 4;
        let first = endian == Endian::Big; // the word at the lower address is the high one on BE
        Some(match word {
            0 => Field::Nr,
            1 => Field::Arch,
            2 | 3 => Field::InstructionPointer {
                high: (word == 2) == first,
            },
            _ => Field::Arg {
                index: ((word - 4) / 2) as u8,
                high: word.is_multiple_of(2) == first,
            },
        })
    }

    /// The field a 32-bit load at byte `offset` reads when the arch in force is `arch`
    /// (an `AUDIT_ARCH_*` value): its byte order is [`data_endian`]`(arch)`; with no arch
    /// known, little-endian is assumed (x86_64, aarch64, riscv64, ...). Every analysis
    /// names `seccomp_data` words through this; explain and diff, whose regions can span
    /// arches of both orders, split such regions by byte order instead of assuming one.
    pub fn for_arch(offset: u32, arch: Option<u32>) -> Option<Field> {
        Field::at(offset, Field::byte_order(arch))
    }

    /// The byte order [`Field::for_arch`] uses for `arch`.
    pub fn byte_order(arch: Option<u32>) -> Endian {
        arch.map_or(Endian::Little, data_endian)
    }

    /// Byte offset of this field's word for data laid out in `endian`.
    pub fn offset(self, endian: Endian) -> u32 {
        let lower_is_high = endian == Endian::Big;
        let pair = |base: u32, high: bool| {
            if high == lower_is_high {
                base
            } else {
                base + 4
            }
        };
        match self {
            Field::Nr => 0,
            Field::Arch => 4,
            Field::InstructionPointer { high } => pair(8, high),
            Field::Arg { index, high } => pair(16 + 8 * u32::from(index), high),
        }
    }
}

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let half = |h: bool| if h { "high" } else { "low" };
        match *self {
            Field::Nr => f.write_str("nr"),
            Field::Arch => f.write_str("arch"),
            Field::InstructionPointer { high } => {
                write!(f, "instruction_pointer ({} word)", half(high))
            }
            Field::Arg { index, high } => write!(f, "args[{index}] ({} word)", half(high)),
        }
    }
}

impl SeccompData {
    /// Data for syscall `nr` on `arch` (an `AUDIT_ARCH_*` value) with everything else zero.
    /// [`SeccompData::for_arch`] and [`SeccompData::syscall`] take a typed [`Arch`] instead,
    /// so the two numbers cannot be swapped.
    pub fn new(arch: u32, nr: u32) -> SeccompData {
        SeccompData {
            nr,
            arch,
            ..SeccompData::default()
        }
    }

    /// Data for syscall number `nr` on `arch`, everything else zero. `nr` is the number as
    /// the filter sees it (for x32, with `__X32_SYSCALL_BIT`).
    ///
    /// ```
    /// use secbpf::seccomp::{Arch, SeccompData};
    /// let d = SeccompData::for_arch(Arch::x86_64(), 257).arg(2, 0o101)?.ip(0x401000);
    /// assert_eq!((d.arch, d.nr, d.args[2], d.instruction_pointer), (0xc000_003e, 257, 0o101, 0x401000));
    /// # Ok::<(), secbpf::seccomp::data::DataError>(())
    /// ```
    pub fn for_arch(arch: &Arch, nr: u32) -> SeccompData {
        SeccompData::new(arch.audit, nr)
    }

    /// Data for the syscall named `name` (as libseccomp spells it) on `arch`, everything
    /// else zero.
    ///
    /// ```
    /// use secbpf::seccomp::{Arch, SeccompData};
    /// let d = SeccompData::syscall(Arch::x86_64(), "openat")?.arg(2, 0o100)?;
    /// assert_eq!((d.nr, d.args[2]), (257, 0o100));
    /// let e = SeccompData::syscall(Arch::x86_64(), "opnat").unwrap_err();
    /// assert_eq!(e.to_string(), "unknown syscall 'opnat' for arch x86_64 (did you mean openat?)");
    /// # Ok::<(), secbpf::seccomp::data::DataError>(())
    /// ```
    ///
    /// # Errors
    /// The arch's table has no such name ([`DataErrorKind::UnknownSyscall`], with the
    /// nearest names in [`DataError::suggestions`]), or secbpf has no table for the arch
    /// ([`DataErrorKind::NoSyscallTable`]; use [`SeccompData::for_arch`]).
    pub fn syscall(arch: &Arch, name: &str) -> Result<SeccompData, DataError> {
        if !arch.has_syscall_names() {
            return Err(DataError {
                kind: DataErrorKind::NoSyscallTable,
                detail: format!(
                    "no syscall table for arch {}: cannot resolve '{name}' (give the number to SeccompData::for_arch)",
                    arch.name
                ),
                suggestions: Vec::new(),
            });
        }
        match arch.syscall_nr(name) {
            Some(nr) => Ok(SeccompData::for_arch(arch, nr)),
            None => {
                let near = arch.similar_syscalls(name);
                let hint = if near.is_empty() {
                    String::new()
                } else {
                    format!(" (did you mean {}?)", near.join(" or "))
                };
                Err(DataError {
                    kind: DataErrorKind::UnknownSyscall,
                    detail: format!("unknown syscall '{name}' for arch {}{hint}", arch.name),
                    suggestions: near,
                })
            }
        }
    }

    /// This data with `args[index]` set to `value`.
    ///
    /// # Errors
    /// `index` is 6 or more ([`DataErrorKind::ArgIndex`]): a syscall has six arguments.
    pub fn arg(mut self, index: usize, value: u64) -> Result<SeccompData, DataError> {
        match self.args.get_mut(index) {
            Some(slot) => {
                *slot = value;
                Ok(self)
            }
            None => Err(DataError {
                kind: DataErrorKind::ArgIndex,
                detail: format!(
                    "argument index {index} is out of range: a syscall has args[0] to args[5]"
                ),
                suggestions: Vec::new(),
            }),
        }
    }

    /// This data with `instruction_pointer` set to `ip`.
    pub fn ip(mut self, ip: u64) -> SeccompData {
        self.instruction_pointer = ip;
        self
    }

    /// The 16 words a filter can load, in the byte order the kernel of this data's arch
    /// lays the structure out in (see [`data_endian`]).
    pub fn words(&self) -> [u32; DATA_WORDS] {
        self.words_in(data_endian(self.arch))
    }

    /// The 16 words a filter can load, for a structure laid out in `endian`.
    pub fn words_in(&self, endian: Endian) -> [u32; DATA_WORDS] {
        let a = &self.args;
        let v = [self.instruction_pointer, a[0], a[1], a[2], a[3], a[4], a[5]];
        // The word at the lower offset of each u64 is its low half on little-endian.
        let (first, second) = match endian {
            Endian::Little => (0, 32),
            Endian::Big => (32, 0),
        };
        let mut w = [0u32; DATA_WORDS];
        w[0] = self.nr;
        w[1] = self.arch;
        for i in 0..7 {
            w[2 + 2 * i] = (v[i] >> first) as u32;
            w[3 + 2 * i] = (v[i] >> second) as u32;
        }
        w
    }

    /// Encode as the 64-byte structure in `endian`.
    pub fn to_bytes(&self, endian: Endian) -> [u8; 64] {
        let mut out = [0u8; 64];
        for (i, w) in self.words_in(endian).iter().enumerate() {
            let b = match endian {
                Endian::Little => w.to_le_bytes(),
                Endian::Big => w.to_be_bytes(),
            };
            out[4 * i..4 * i + 4].copy_from_slice(&b);
        }
        out
    }

    /// Decode the 64-byte structure laid out in `endian`.
    pub fn from_bytes(b: &[u8; 64], endian: Endian) -> SeccompData {
        let word = |i: usize| {
            let x = [b[4 * i], b[4 * i + 1], b[4 * i + 2], b[4 * i + 3]];
            match endian {
                Endian::Little => u32::from_le_bytes(x),
                Endian::Big => u32::from_be_bytes(x),
            }
        };
        let join = |i: usize| {
            let (first, second) = (u64::from(word(i)), u64::from(word(i + 1)));
            match endian {
                Endian::Little => second << 32 | first,
                Endian::Big => first << 32 | second,
            }
        };
        let mut args = [0u64; 6];
        for (i, a) in args.iter_mut().enumerate() {
            *a = join(4 + 2 * i);
        }
        SeccompData {
            nr: word(0),
            arch: word(1),
            instruction_pointer: join(2),
            args,
        }
    }
}
