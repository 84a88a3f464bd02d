//! Architectures: AUDIT_ARCH values, byte order, and syscall names.
//!
//! Names are spelled as libseccomp spells them. Syscall tables come from the
//! `syscalls` crate; arches it has no table for still work, just without names.

use crate::consts::*;
use crate::insn::Endian;

#[path = "tables/scmp.rs"]
mod tables;

/// Which syscall table of the `syscalls` crate names an arch's numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Table {
    X86,
    X86_64,
    Arm,
    Aarch64,
    Loongarch64,
    Mips,
    Mips64,
    Powerpc,
    Powerpc64,
    Riscv64,
    S390x,
    /// A table generated from libseccomp (src/seccomp/tables/gen.sh), numbers as the
    /// filter sees them (x32 numbers carry the x32 bit).
    Scmp(&'static [(u32, &'static str)]),
    None,
}

/// One architecture seccomp filters can see.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Arch {
    /// Name as libseccomp spells it (`x86_64`, `aarch64`, `s390x`, ...).
    pub name: &'static str,
    /// The `AUDIT_ARCH_*` value the kernel puts in `seccomp_data.arch`.
    pub audit: u32,
    /// Byte order of the arch: of its encoded programs and of `seccomp_data`.
    pub endian: Endian,
    /// Bits the ABI sets in nr (x32: `__X32_SYSCALL_BIT`), 0 otherwise.
    pub nr_bias: u32,
    table: Table,
}

const fn arch(name: &'static str, audit: u32, nr_bias: u32, table: Table) -> Arch {
    let endian = if audit & __AUDIT_ARCH_LE != 0 {
        Endian::Little
    } else {
        Endian::Big
    };
    Arch {
        name,
        audit,
        endian,
        nr_bias,
        table,
    }
}

/// Every arch secbpf knows, the first entry for each AUDIT_ARCH value being the
/// one that value resolves to.
pub const ARCHES: &[Arch] = &[
    arch("x86_64", AUDIT_ARCH_X86_64, 0, Table::X86_64),
    arch("x86", AUDIT_ARCH_I386, 0, Table::X86),
    arch(
        "x32",
        AUDIT_ARCH_X86_64,
        X32_SYSCALL_BIT,
        Table::Scmp(tables::X32),
    ),
    arch("aarch64", AUDIT_ARCH_AARCH64, 0, Table::Aarch64),
    arch("arm", AUDIT_ARCH_ARM, 0, Table::Arm),
    arch("loongarch64", AUDIT_ARCH_LOONGARCH64, 0, Table::Loongarch64),
    arch("mips", AUDIT_ARCH_MIPS, 0, Table::Mips),
    arch("mipsel", AUDIT_ARCH_MIPSEL, 0, Table::Mips),
    arch("mips64", AUDIT_ARCH_MIPS64, 0, Table::Mips64),
    arch("mipsel64", AUDIT_ARCH_MIPSEL64, 0, Table::Mips64),
    arch(
        "mips64n32",
        AUDIT_ARCH_MIPS64N32,
        0,
        Table::Scmp(tables::MIPS64N32),
    ),
    arch(
        "mipsel64n32",
        AUDIT_ARCH_MIPSEL64N32,
        0,
        Table::Scmp(tables::MIPS64N32),
    ),
    arch("parisc", AUDIT_ARCH_PARISC, 0, Table::Scmp(tables::PARISC)),
    arch(
        "parisc64",
        AUDIT_ARCH_PARISC64,
        0,
        Table::Scmp(tables::PARISC64),
    ),
    arch("ppc", AUDIT_ARCH_PPC, 0, Table::Powerpc),
    arch("ppc64", AUDIT_ARCH_PPC64, 0, Table::Powerpc64),
    arch("ppc64le", AUDIT_ARCH_PPC64LE, 0, Table::Powerpc64),
    arch("riscv64", AUDIT_ARCH_RISCV64, 0, Table::Riscv64),
    arch("riscv32", AUDIT_ARCH_RISCV32, 0, Table::None),
    arch("s390", AUDIT_ARCH_S390, 0, Table::Scmp(tables::S390)),
    arch("s390x", AUDIT_ARCH_S390X, 0, Table::S390x),
    arch("armeb", AUDIT_ARCH_ARMEB, 0, Table::Arm),
];

/// Other spellings people use for an arch.
const ALIASES: &[(&str, &str)] = &[
    ("i386", "x86"),
    ("i686", "x86"),
    ("amd64", "x86_64"),
    ("x86-64", "x86_64"),
    ("arm64", "aarch64"),
    ("ppc64el", "ppc64le"),
    ("powerpc", "ppc"),
    ("powerpc64", "ppc64"),
    ("powerpc64le", "ppc64le"),
];

impl Arch {
    /// The x86_64 arch (the default input arch).
    pub fn x86_64() -> &'static Arch {
        &ARCHES[0]
    }

    /// Look an arch up by its libseccomp name or a common alias (case-insensitive).
    pub fn by_name(name: &str) -> Option<&'static Arch> {
        let lower = name.to_ascii_lowercase();
        let lower = ALIASES
            .iter()
            .find(|(alias, _)| *alias == lower)
            .map_or(lower.as_str(), |(_, real)| real);
        ARCHES.iter().find(|a| a.name == lower)
    }

    /// The arch whose `AUDIT_ARCH_*` value is `audit` (x86_64 rather than x32 for 0xc000003e).
    pub fn by_audit(audit: u32) -> Option<&'static Arch> {
        ARCHES.iter().find(|a| a.audit == audit)
    }

    /// The arch whose table names syscall `nr` under the AUDIT_ARCH value `audit`: the
    /// arch's own, or x32 for numbers with `__X32_SYSCALL_BIT` under AUDIT_ARCH_X86_64
    /// (both ABIs report AUDIT_ARCH_X86_64).
    pub fn for_syscall(audit: u32, nr: u32) -> Option<&'static Arch> {
        if audit == crate::consts::AUDIT_ARCH_X86_64 && nr & crate::consts::X32_SYSCALL_BIT != 0 {
            return Arch::by_name("x32");
        }
        Arch::by_audit(audit)
    }

    /// Name of syscall `nr` on this arch, if the table knows it.
    ///
    /// For x32 the number must carry the x32 bit, and is looked up without it.
    pub fn syscall_name(&self, nr: u32) -> Option<&'static str> {
        if let Table::Scmp(t) = self.table {
            return t.binary_search_by_key(&nr, |e| e.0).ok().map(|i| t[i].1);
        }
        if nr & self.nr_bias != self.nr_bias {
            return None;
        }
        let nr = nr & !self.nr_bias;
        crate_table::name(self.table, usize::try_from(nr).ok()?)
    }

    /// Number of syscall `name` on this arch (with `nr_bias` applied), if the table knows it.
    pub fn syscall_nr(&self, name: &str) -> Option<u32> {
        if let Table::Scmp(t) = self.table {
            return t.iter().find(|e| e.1 == name).map(|e| e.0);
        }
        let nr = crate_table::nr(self.table, name)?;
        Some(nr | self.nr_bias)
    }

    /// Every syscall name of this arch's table (empty when it has none), in number order.
    pub fn syscall_names(&self) -> Vec<&'static str> {
        if let Table::Scmp(t) = self.table {
            return t.iter().map(|e| e.1).collect();
        }
        if self.table == Table::None {
            return Vec::new();
        }
        // Every table's numbers are below 8192 (mips n32 starts at 6000).
        (0..8192u32)
            .filter_map(|n| self.syscall_name(n | self.nr_bias))
            .collect()
    }

    /// The names of this arch's table nearest to `name`, for a "did you mean": those at
    /// the smallest edit distance (Levenshtein, case-insensitive), if it is at most a third
    /// of the name's length (at least 1, at most 3), else the names that begin with it (for
    /// a name of 3 or more characters); at most 3 names, in table order.
    pub fn similar_syscalls(&self, name: &str) -> Vec<&'static str> {
        let name = name.to_ascii_lowercase();
        let limit = (name.chars().count() / 3).clamp(1, 3);
        let scored: Vec<(usize, &'static str)> = self
            .syscall_names()
            .into_iter()
            .map(|n| (edit_distance(&name, n), n))
            .filter(|(d, _)| *d <= limit)
            .collect();
        let Some(best) = scored.iter().map(|(d, _)| *d).min() else {
            // No near spelling: the names it begins (`exec`: execve, execveat).
            if name.len() < 3 {
                return Vec::new();
            }
            let mut out: Vec<&'static str> = self
                .syscall_names()
                .into_iter()
                .filter(|n| n.starts_with(name.as_str()))
                .collect();
            out.dedup();
            out.truncate(3);
            return out;
        };
        let mut out: Vec<&'static str> = scored
            .into_iter()
            .filter(|(d, _)| *d == best)
            .map(|(_, n)| n)
            .collect();
        out.dedup();
        out.truncate(3);
        out
    }

    /// True if this arch's syscall table is known (names can be resolved).
    pub fn has_syscall_names(&self) -> bool {
        self.table != Table::None
    }
}

/// Levenshtein distance between two strings, counted in chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Parse an arch given as a libseccomp name or as a number (`0xc000003e`, decimal).
///
/// Returns the AUDIT_ARCH value and the arch, if it is a known one.
pub fn parse_arch(s: &str) -> Option<(u32, Option<&'static Arch>)> {
    if let Some(a) = Arch::by_name(s) {
        return Some((a.audit, Some(a)));
    }
    let v = crate::num::parse_u32(s)?;
    Some((v, Arch::by_audit(v)))
}

/// Byte order in which the kernel of an arch lays out `seccomp_data`: the arch's own,
/// which its AUDIT_ARCH value states in the `__AUDIT_ARCH_LE` bit (for every arch in
/// [`ARCHES`] too, whose `endian` is derived from that bit).
#[inline]
pub fn data_endian(audit: u32) -> Endian {
    if audit & __AUDIT_ARCH_LE != 0 {
        Endian::Little
    } else {
        Endian::Big
    }
}

/// Names and numbers of the arches whose tables come from the `syscalls` crate (feature
/// `names`).
#[cfg(feature = "names")]
mod crate_table {
    use super::Table;

    macro_rules! each_table {
        ($table:expr, $look:ident) => {
            match $table {
                Table::X86 => $look!(x86),
                Table::X86_64 => $look!(x86_64),
                Table::Arm => $look!(arm),
                Table::Aarch64 => $look!(aarch64),
                Table::Loongarch64 => $look!(loongarch64),
                Table::Mips => $look!(mips),
                Table::Mips64 => $look!(mips64),
                Table::Powerpc => $look!(powerpc),
                Table::Powerpc64 => $look!(powerpc64),
                Table::Riscv64 => $look!(riscv64),
                Table::S390x => $look!(s390x),
                Table::Scmp(_) | Table::None => None,
            }
        };
    }

    pub(super) fn name(table: Table, id: usize) -> Option<&'static str> {
        macro_rules! look {
            ($m:ident) => {
                syscalls::$m::Sysno::new(id).map(|s| s.name())
            };
        }
        each_table!(table, look)
    }

    pub(super) fn nr(table: Table, name: &str) -> Option<u32> {
        macro_rules! look {
            ($m:ident) => {
                name.parse::<syscalls::$m::Sysno>()
                    .ok()
                    .and_then(|s| u32::try_from(s.id()).ok())
            };
        }
        each_table!(table, look)
    }
}

/// Without the `names` feature, the arches whose tables come from the `syscalls` crate
/// know the few syscalls secbpf itself needs by name: `seccomp` and `prctl` (the call
/// that installs a filter, [`crate::verify::install_call`]) and the ones the `lint` rule
/// `dangerous-allowed` looks for. Every other number is shown as `nr N`.
#[cfg(not(feature = "names"))]
mod crate_table {
    use super::Table;

    pub(super) fn name(table: Table, id: usize) -> Option<&'static str> {
        let id = u32::try_from(id).ok()?;
        super::core::of(table)
            .iter()
            .find(|e| e.0 == id)
            .map(|e| e.1)
    }

    pub(super) fn nr(table: Table, name: &str) -> Option<u32> {
        super::core::of(table)
            .iter()
            .find(|e| e.1 == name)
            .map(|e| e.0)
    }
}

#[cfg(any(test, not(feature = "names")))]
#[path = "tables/core.rs"]
mod core;

#[cfg(all(test, feature = "names"))]
mod tests {
    use super::{core, crate_table, Table};

    /// tables/core.rs holds, for each `syscalls` crate table, the numbers that crate gives
    /// `seccomp`, `prctl` and the dangerous-allowed syscalls. On a mismatch the message is
    /// the file to write.
    #[test]
    fn core_tables_are_the_syscalls_crate_numbers() {
        let tables = [
            ("X86", Table::X86),
            ("X86_64", Table::X86_64),
            ("ARM", Table::Arm),
            ("AARCH64", Table::Aarch64),
            ("LOONGARCH64", Table::Loongarch64),
            ("MIPS", Table::Mips),
            ("MIPS64", Table::Mips64),
            ("POWERPC", Table::Powerpc),
            ("POWERPC64", Table::Powerpc64),
            ("RISCV64", Table::Riscv64),
            ("S390X", Table::S390x),
        ];
        let mut names = vec!["seccomp", "prctl"];
        names.extend(crate::analysis::lint::DANGEROUS);
        let mut want = String::from(
            "//! The syscalls secbpf needs by name when the `syscalls` crate is left out (feature\n\
             //! `names` off), with that crate's numbers. Checked against it by\n\
             //! `core_tables_are_the_syscalls_crate_numbers` (src/seccomp/arch.rs), whose failure\n\
             //! message is this file.\n\nuse super::Table;\n\n",
        );
        let mut same = true;
        for (konst, t) in tables {
            let mut rows: Vec<(u32, &str)> = names
                .iter()
                .filter_map(|n| crate_table::nr(t, n).map(|nr| (nr, *n)))
                .collect();
            rows.sort_unstable();
            same &= core::of(t) == rows.as_slice();
            want.push_str(&format!("const {konst}: &[(u32, &str)] = &[\n"));
            for (nr, n) in rows {
                want.push_str(&format!("    ({nr}, \"{n}\"),\n"));
            }
            want.push_str("];\n\n");
        }
        want.push_str("/// The table for `t` (empty for the arches with a table of their own or none).\npub(super) fn of(t: Table) -> &'static [(u32, &'static str)] {\n    match t {\n");
        for (konst, t) in tables {
            want.push_str(&format!("        Table::{t:?} => {konst},\n"));
        }
        want.push_str("        Table::Scmp(_) | Table::None => &[],\n    }\n}\n");
        assert!(same, "src/seccomp/tables/core.rs should be:\n{want}");
    }
}
