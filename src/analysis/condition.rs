//! Typed conditions over `struct seccomp_data`: what explain and diff say about a region,
//! as data. The text (`args[2] > 3 && (args[0].lo & 0x4) == 0`) and the JSON are both
//! made from it, and [`Condition::holds`] evaluates it on an input, so a test can check
//! that what is written is what the filter does.

use crate::seccomp::data::SeccompData;
use std::fmt;

/// What a condition tests: a field of `struct seccomp_data`, whole or one 32-bit word of
/// a 64-bit field. Words are named by value (`.hi` is bits 32..64 of the 64-bit value),
/// whatever the arch's byte order puts at the lower offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Operand {
    /// The syscall number.
    Nr,
    /// The AUDIT_ARCH value.
    Arch,
    /// `instruction_pointer` as one 64-bit value.
    Ip,
    /// One word of `instruction_pointer`.
    IpWord {
        /// The high word (bits 32..64).
        high: bool,
    },
    /// `args[index]` as one 64-bit value.
    Arg(u8),
    /// One word of `args[index]`.
    ArgWord {
        /// The argument, 0..6.
        index: u8,
        /// The high word (bits 32..64).
        high: bool,
    },
}

impl Operand {
    /// The operand's value on `d` (0 for an argument index out of range).
    pub fn value(self, d: &SeccompData) -> u64 {
        let arg = |i: u8| d.args.get(usize::from(i)).copied().unwrap_or(0);
        let word = |v: u64, high: bool| if high { v >> 32 } else { v & 0xffff_ffff };
        match self {
            Operand::Nr => u64::from(d.nr),
            Operand::Arch => u64::from(d.arch),
            Operand::Ip => d.instruction_pointer,
            Operand::IpWord { high } => word(d.instruction_pointer, high),
            Operand::Arg(i) => arg(i),
            Operand::ArgWord { index, high } => word(arg(index), high),
        }
    }

    /// The operand's largest value.
    pub fn max(self) -> u64 {
        match self {
            Operand::Ip | Operand::Arg(_) => u64::MAX,
            _ => u64::from(u32::MAX),
        }
    }

    /// The same field, one word of it (`args[2]` → `args[2].hi`); `self` for nr, arch
    /// and words.
    pub fn word(self, high: bool) -> Operand {
        match self {
            Operand::Ip => Operand::IpWord { high },
            Operand::Arg(index) => Operand::ArgWord { index, high },
            other => other,
        }
    }
}

impl fmt::Display for Operand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hl = |high: bool| if high { "hi" } else { "lo" };
        match *self {
            Operand::Nr => f.write_str("nr"),
            Operand::Arch => f.write_str("arch"),
            Operand::Ip => f.write_str("ip"),
            Operand::IpWord { high } => write!(f, "ip.{}", hl(high)),
            Operand::Arg(i) => write!(f, "args[{i}]"),
            Operand::ArgWord { index, high } => write!(f, "args[{index}].{}", hl(high)),
        }
    }
}

/// A comparison of an operand with a constant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Cmp {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl Cmp {
    /// The operator as written: `==`, `!=`, `<`, `<=`, `>`, `>=`.
    pub fn symbol(self) -> &'static str {
        match self {
            Cmp::Eq => "==",
            Cmp::Ne => "!=",
            Cmp::Lt => "<",
            Cmp::Le => "<=",
            Cmp::Gt => ">",
            Cmp::Ge => ">=",
        }
    }

    fn test(self, a: u64, b: u64) -> bool {
        match self {
            Cmp::Eq => a == b,
            Cmp::Ne => a != b,
            Cmp::Lt => a < b,
            Cmp::Le => a <= b,
            Cmp::Gt => a > b,
            Cmp::Ge => a >= b,
        }
    }
}

/// A condition on `struct seccomp_data`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Condition {
    /// Every input.
    True,
    /// No input.
    False,
    /// `operand cmp value`.
    Compare {
        /// What is compared.
        operand: Operand,
        /// How.
        cmp: Cmp,
        /// With what.
        value: u64,
    },
    /// `(operand >= lo && operand <= hi)`, or with `inside` false its complement
    /// `(operand < lo || operand > hi)`.
    Range {
        /// What is compared.
        operand: Operand,
        /// The lowest value inside.
        lo: u64,
        /// The highest value inside.
        hi: u64,
        /// True for the values in `lo..=hi`, false for the others.
        inside: bool,
    },
    /// `(operand & mask) == value`, or with `equal` false `!=`.
    Masked {
        /// What is masked.
        operand: Operand,
        /// The bits tested.
        mask: u64,
        /// The value they must (or must not) have.
        value: u64,
        /// True for `==`.
        equal: bool,
    },
    /// Every one holds (`a && b`).
    All(Vec<Condition>),
    /// Some one holds (`(a || b)`).
    Any(Vec<Condition>),
    /// `operand - offset` is in one of `ranges` (inclusive): `nr in {337-423, 470}`, or
    /// with an offset `nr in 0x40000000 + {13, 15-16}`.
    InRanges {
        /// What is tested.
        operand: Operand,
        /// Subtracted first (the x32 bit for x32 numbers), 0 for none.
        offset: u64,
        /// Inclusive ranges, ascending.
        ranges: Vec<(u64, u64)>,
    },
    /// The operand is in a set too irregular to write: `patterns` masked patterns
    /// (`nr in a set of 163 masked patterns`). [`Condition::holds`] cannot evaluate it.
    InSet {
        /// What is tested.
        operand: Operand,
        /// How many `(mask, value)` patterns the set takes.
        patterns: usize,
    },
}

impl Condition {
    /// All of `parts` (`True` for none, the part itself for one; nested `All`s flattened,
    /// `True` parts dropped).
    pub fn all(parts: impl IntoIterator<Item = Condition>) -> Condition {
        let mut v = Vec::new();
        for p in parts {
            match p {
                Condition::True => {}
                Condition::All(inner) => v.extend(inner),
                other => v.push(other),
            }
        }
        match v.len() {
            0 => Condition::True,
            1 => v.pop().unwrap_or(Condition::True),
            _ => Condition::All(v),
        }
    }

    /// Any of `parts` (`False` for none, the part itself for one).
    pub fn any(parts: impl IntoIterator<Item = Condition>) -> Condition {
        let mut v: Vec<Condition> = parts.into_iter().collect();
        match v.len() {
            0 => Condition::False,
            1 => v.pop().unwrap_or(Condition::False),
            _ => Condition::Any(v),
        }
    }

    /// Does `d` satisfy the condition? `None` when it contains an [`Condition::InSet`]
    /// whose answer matters.
    pub fn holds(&self, d: &SeccompData) -> Option<bool> {
        Some(match self {
            Condition::True => true,
            Condition::False => false,
            Condition::Compare {
                operand,
                cmp,
                value,
            } => cmp.test(operand.value(d), *value),
            Condition::Range {
                operand,
                lo,
                hi,
                inside,
            } => {
                let v = operand.value(d);
                (*lo <= v && v <= *hi) == *inside
            }
            Condition::Masked {
                operand,
                mask,
                value,
                equal,
            } => (operand.value(d) & mask == *value) == *equal,
            Condition::All(v) => {
                let mut unknown = false;
                for c in v {
                    match c.holds(d) {
                        Some(false) => return Some(false),
                        None => unknown = true,
                        Some(true) => {}
                    }
                }
                if unknown {
                    return None;
                }
                true
            }
            Condition::Any(v) => {
                let mut unknown = false;
                for c in v {
                    match c.holds(d) {
                        Some(true) => return Some(true),
                        None => unknown = true,
                        Some(false) => {}
                    }
                }
                if unknown {
                    return None;
                }
                false
            }
            Condition::InRanges {
                operand,
                offset,
                ranges,
            } => operand
                .value(d)
                .checked_sub(*offset)
                .is_some_and(|v| ranges.iter().any(|&(a, b)| a <= v && v <= b)),
            Condition::InSet { .. } => return None,
        })
    }

    /// The condition as JSON: `{"all": [...]}`, `{"any": [...]}`, `{"field": "args[2]",
    /// "op": ">", "value": 3}`, `{"field", "range": [lo, hi], "inside"}`, `{"field",
    /// "mask", "value", "op": "==" | "!="}`, `{"field", "offset", "ranges": [[lo, hi],
    /// ...]}`, `{"field", "in_set_of_patterns": N}`,
    /// `true`, `false`.
    #[cfg(feature = "json")]
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::json;
        match self {
            Condition::True => json!(true),
            Condition::False => json!(false),
            Condition::Compare {
                operand,
                cmp,
                value,
            } => json!({"field": operand.to_string(), "op": cmp.symbol(), "value": value}),
            Condition::Range {
                operand,
                lo,
                hi,
                inside,
            } => json!({"field": operand.to_string(), "range": [lo, hi], "inside": inside}),
            Condition::Masked {
                operand,
                mask,
                value,
                equal,
            } => json!({
                "field": operand.to_string(),
                "mask": mask,
                "value": value,
                "op": if *equal { "==" } else { "!=" },
            }),
            Condition::All(v) => {
                json!({"all": v.iter().map(Condition::to_json).collect::<Vec<_>>()})
            }
            Condition::Any(v) => {
                json!({"any": v.iter().map(Condition::to_json).collect::<Vec<_>>()})
            }
            Condition::InRanges {
                operand,
                offset,
                ranges,
            } => json!({"field": operand.to_string(), "offset": offset, "ranges": ranges}),
            Condition::InSet { operand, patterns } => {
                json!({"field": operand.to_string(), "in_set_of_patterns": patterns})
            }
        }
    }
}

/// A value in decimal below 10, hex above.
fn hex(v: u64) -> String {
    if v < 10 {
        v.to_string()
    } else {
        format!("{v:#x}")
    }
}

/// A constant as conditions write it: syscall numbers in decimal (hex from the x32 bit
/// up, as [`crate::num::nr_text`]); other values as [`hex`].
fn constant(operand: Operand, v: u64) -> String {
    match (operand, u32::try_from(v)) {
        (Operand::Nr, Ok(nr)) => crate::num::nr_text(nr),
        _ => hex(v),
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Condition::True => f.write_str("true"),
            Condition::False => f.write_str("false"),
            Condition::Compare {
                operand,
                cmp,
                value,
            } => write!(
                f,
                "{operand} {} {}",
                cmp.symbol(),
                constant(*operand, *value)
            ),
            Condition::Range {
                operand: o,
                lo,
                hi,
                inside: true,
            } => write!(
                f,
                "({o} >= {} && {o} <= {})",
                constant(*o, *lo),
                constant(*o, *hi)
            ),
            Condition::Range {
                operand: o,
                lo,
                hi,
                inside: false,
            } => write!(
                f,
                "({o} < {} || {o} > {})",
                constant(*o, *lo),
                constant(*o, *hi)
            ),
            Condition::Masked {
                operand,
                mask,
                value,
                equal,
            } => {
                let op = if *equal { "==" } else { "!=" };
                write!(f, "({operand} & {}) {op} {}", hex(*mask), hex(*value))
            }
            Condition::All(v) => {
                for (i, c) in v.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" && ")?;
                    }
                    write!(f, "{c}")?;
                }
                Ok(())
            }
            Condition::Any(v) => {
                f.write_str("(")?;
                for (i, c) in v.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" || ")?;
                    }
                    match c {
                        Condition::All(_) => write!(f, "({c})")?,
                        _ => write!(f, "{c}")?,
                    }
                }
                f.write_str(")")
            }
            Condition::InRanges {
                operand,
                offset,
                ranges,
            } => {
                let list = ranges
                    .iter()
                    .map(|&(a, b)| {
                        if a == b {
                            a.to_string()
                        } else {
                            format!("{a}-{b}")
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                match offset {
                    0 => write!(f, "{operand} in {{{list}}}"),
                    o => write!(f, "{operand} in {o:#x} + {{{list}}}"),
                }
            }
            Condition::InSet { operand, patterns } => {
                write!(f, "{operand} in a set of {patterns} masked patterns")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_evaluation_agree() {
        let c = Condition::all([
            Condition::Compare {
                operand: Operand::Arg(2),
                cmp: Cmp::Gt,
                value: 3,
            },
            Condition::any([
                Condition::Masked {
                    operand: Operand::ArgWord {
                        index: 0,
                        high: false,
                    },
                    mask: 4,
                    value: 0,
                    equal: true,
                },
                Condition::Range {
                    operand: Operand::Nr,
                    lo: 337,
                    hi: 423,
                    inside: true,
                },
            ]),
        ]);
        assert_eq!(
            c.to_string(),
            "args[2] > 3 && ((args[0].lo & 4) == 0 || (nr >= 337 && nr <= 423))"
        );
        let mut d = SeccompData::new(0xc000_003e, 1);
        d.args[2] = 4;
        assert_eq!(c.holds(&d), Some(true));
        d.args[0] = 4;
        assert_eq!(c.holds(&d), Some(false));
        d.nr = 400;
        assert_eq!(c.holds(&d), Some(true));
        d.args[2] = 1 << 32;
        assert_eq!(c.holds(&d), Some(true));
        d.args[2] = 3;
        assert_eq!(c.holds(&d), Some(false));
    }
}
