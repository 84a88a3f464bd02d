//! Programs as JSON: `[[code, jt, jf, k], ...]`, the shape of the kernel-labelled vectors,
//! `asm --json`, `disasm --json` and the kernel-regression reproducers.

use crate::insn::Insn;
use serde_json::Value;

/// One instruction as `[code, jt, jf, k]`.
pub fn insn_fields(i: &Insn) -> [u32; 4] {
    [u32::from(i.code), u32::from(i.jt), u32::from(i.jf), i.k]
}

/// A program as a JSON array of `[code, jt, jf, k]`.
pub fn to_json(prog: &[Insn]) -> Value {
    Value::Array(
        prog.iter()
            .map(|i| serde_json::json!(insn_fields(i)))
            .collect(),
    )
}

/// Read a JSON array of `[code, jt, jf, k]`.
///
/// # Errors
/// Which element is not four numbers in range.
pub fn from_json(v: &Value) -> Result<Vec<Insn>, String> {
    let arr = v
        .as_array()
        .ok_or("a program must be a JSON array of [code, jt, jf, k]")?;
    arr.iter()
        .enumerate()
        .map(|(pc, i)| {
            let f = i
                .as_array()
                .filter(|a| a.len() == 4)
                .ok_or_else(|| format!("instruction {pc} is not [code, jt, jf, k]"))?;
            let n = |j: usize, max: u64| {
                f[j].as_u64().filter(|&x| x <= max).ok_or_else(|| {
                    format!("instruction {pc}: field {j} is not a number up to {max}")
                })
            };
            Ok(Insn::new(
                n(0, 0xffff)? as u16,
                n(1, 0xff)? as u8,
                n(2, 0xff)? as u8,
                n(3, 0xffff_ffff)? as u32,
            ))
        })
        .collect()
}
