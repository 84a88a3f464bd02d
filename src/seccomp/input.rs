//! Input sets for `run` and `bench`: JSON Lines cases or raw `struct seccomp_data` records.

use crate::insn::Endian;
use crate::seccomp::arch::{parse_arch, Arch};
use crate::seccomp::data::SeccompData;
use serde_json::Value;
use std::fmt;

/// Why an input set could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    line: Option<usize>,
    detail: String,
}

impl InputError {
    #[cold]
    fn at(line: usize, detail: String) -> InputError {
        InputError {
            line: Some(line),
            detail,
        }
    }
    /// 1-based line of a JSON Lines file, if the error is on one.
    pub fn line(&self) -> Option<usize> {
        self.line
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "bad input case: {} (at line {l})", self.detail),
            None => write!(f, "bad input file: {}", self.detail),
        }
    }
}

impl std::error::Error for InputError {}

fn num(v: &Value, what: &str, bits: u32) -> Result<u64, String> {
    let x = match v {
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                u
            } else if let Some(i) = n.as_i64() {
                if bits == 32 && i < -(1i64 << 31) {
                    return Err(format!("{what} {i} does not fit in 32 bits"));
                }
                i as u64
            } else {
                return Err(format!("{what} must be an integer, not {n}"));
            }
        }
        Value::String(s) => {
            crate::num::parse_u64(s).ok_or_else(|| format!("{what} '{s}' is not a number"))?
        }
        Value::Null => 0,
        other => return Err(format!("{what} must be a number, not {other}")),
    };
    if bits == 32 {
        let lo = x as u32;
        if x >> 32 != 0 && x >> 31 != (u64::MAX >> 31) {
            return Err(format!("{what} {x} does not fit in 32 bits"));
        }
        return Ok(u64::from(lo));
    }
    Ok(x)
}

/// Parse one JSON case: `{"arch": 3221225534 | "x86_64", "nr": 59 | "execve", "ip": 0,
/// "args": [0, 0, 0, 0, 0, 0]}`. Missing fields are 0, arch defaults to x86_64; `nr` may
/// be negative (taken as 32-bit two's complement) or a syscall name for the arch.
pub fn parse_case(v: &Value) -> Result<SeccompData, String> {
    let obj = v
        .as_object()
        .ok_or_else(|| "expected a JSON object like {\"nr\": 59}".to_string())?;
    for key in obj.keys() {
        if !matches!(
            key.as_str(),
            "arch" | "nr" | "ip" | "args" | "ret" | "syscall"
        ) {
            return Err(format!(
                "unknown field '{key}' (expected arch, nr, ip, args)"
            ));
        }
    }
    let (arch, known) = match obj.get("arch") {
        None | Some(Value::Null) => (Arch::x86_64().audit, Some(Arch::x86_64())),
        Some(Value::String(s)) => parse_arch(s).ok_or_else(|| format!("unknown arch '{s}'"))?,
        Some(v) => {
            let a = num(v, "arch", 32)? as u32;
            (a, Arch::by_audit(a))
        }
    };
    let name_nr = |s: &str| -> Result<u32, String> {
        let a = known.ok_or_else(|| format!("cannot resolve syscall '{s}' for arch {arch:#x}"))?;
        a.syscall_nr(s)
            .ok_or_else(|| format!("unknown syscall '{s}' for arch {}", a.name))
    };
    let nr = match (obj.get("nr"), obj.get("syscall")) {
        (Some(Value::String(s)), _) if crate::num::parse_u32(s).is_none() => name_nr(s)?,
        (Some(v), _) => num(v, "nr", 32)? as u32,
        (None, Some(Value::String(s))) => name_nr(s)?,
        (None, _) => 0,
    };
    let ip = obj.get("ip").map_or(Ok(0), |v| num(v, "ip", 64))?;
    let mut args = [0u64; 6];
    match obj.get("args") {
        None | Some(Value::Null) => {}
        Some(Value::Array(a)) => {
            if a.len() > 6 {
                return Err(format!(
                    "args has {} values; a syscall has at most 6",
                    a.len()
                ));
            }
            for (i, (slot, v)) in args.iter_mut().zip(a).enumerate() {
                *slot = num(v, &format!("args[{i}]"), 64)?;
            }
        }
        Some(other) => return Err(format!("args must be an array, not {other}")),
    }
    Ok(SeccompData {
        nr,
        arch,
        instruction_pointer: ip,
        args,
    })
}

/// Read an input set: JSON Lines (one case per line, blank lines and lines starting with
/// `#` skipped) when the bytes look like text, else raw 64-byte `struct seccomp_data`
/// records in `endian` byte order.
///
/// # Errors
/// The line and the reason for a malformed case; a raw size not a multiple of 64.
pub fn parse_inputs(bytes: &[u8], endian: Endian) -> Result<Vec<SeccompData>, InputError> {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    // JSON text never holds a NUL byte; raw records nearly always do (and a record that
    // happens to start with `{` may otherwise be valid UTF-8).
    let looks_json = matches!(first, Some(b'{') | Some(b'#') | None)
        && !bytes.contains(&0)
        && std::str::from_utf8(bytes).is_ok();
    if looks_json {
        let text = std::str::from_utf8(bytes).unwrap_or_default();
        let mut out = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let t = line.trim();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            let v: Value = serde_json::from_str(t)
                .map_err(|e| InputError::at(i + 1, format!("malformed JSON: {e}")))?;
            out.push(parse_case(&v).map_err(|e| InputError::at(i + 1, e))?);
        }
        return Ok(out);
    }
    if !bytes.len().is_multiple_of(64) {
        return Err(InputError {
            line: None,
            detail: format!(
                "{} bytes is neither JSON Lines nor a whole number of 64-byte struct seccomp_data records",
                bytes.len()
            ),
        });
    }
    Ok(bytes
        .chunks_exact(64)
        .map(|c| {
            let mut b = [0u8; 64];
            b.copy_from_slice(c);
            SeccompData::from_bytes(&b, endian)
        })
        .collect())
}
