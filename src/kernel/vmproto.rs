//! The framed protocol between `secbpf` on the host and its agent in a VM guest.
//!
//! A frame is `SBPF`, the payload's length (u32, little-endian), the payload (one JSON
//! value, UTF-8) and its FNV-1a hash (u32, little-endian). A reader skips bytes until
//! it sees the magic, so noise on the line before a frame (a guest's boot messages) is
//! harmless, and a frame whose hash does not match is an error, never a wrong answer.
//! Programs travel as hex of `code` (u16), `jt`, `jf`, `k` (u32), each little-endian,
//! whatever the guest's byte order; numbers as JSON integers (u64 exactly).

use super::oracle::{KernelRet, Observed};
use crate::insn::Insn;
use crate::seccomp::data::SeccompData;
use serde_json::{json, Value};
use std::io::{self, Read, Write};

/// The frame magic.
pub const MAGIC: &[u8; 4] = b"SBPF";
/// Protocol version, in the agent's hello; host and agent must agree.
pub const VERSION: u64 = 1;
/// The largest payload either side accepts (64 MiB).
pub const MAX_FRAME: usize = 64 << 20;

fn fnv1a(b: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &x in b {
        h ^= u32::from(x);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// Write one frame holding `v`.
///
/// # Errors
/// The underlying write.
pub fn write_frame(w: &mut dyn Write, v: &Value) -> io::Result<()> {
    write_raw_frame(w, v.to_string().as_bytes())
}

/// Write one frame holding `body` as it is (the C agent's binary requests,
/// [`super::cagent`]).
///
/// # Errors
/// The underlying write.
pub fn write_raw_frame(w: &mut dyn Write, body: &[u8]) -> io::Result<()> {
    let mut buf = Vec::with_capacity(body.len() + 12);
    buf.extend_from_slice(MAGIC);
    buf.extend_from_slice(&(body.len() as u32).to_le_bytes());
    buf.extend_from_slice(body);
    buf.extend_from_slice(&fnv1a(body).to_le_bytes());
    w.write_all(&buf)?;
    w.flush()
}

/// Read one frame, skipping anything before the magic.
///
/// # Errors
/// End of stream, a timeout of the underlying reader, a frame too long, a hash that does
/// not match, or a payload that is not JSON.
pub fn read_frame(r: &mut dyn Read) -> io::Result<Value> {
    let mut seen = [0u8; 4];
    let mut byte = [0u8; 1];
    loop {
        r.read_exact(&mut byte)?;
        seen.rotate_left(1);
        seen[3] = byte[0];
        if &seen == MAGIC {
            break;
        }
    }
    let mut len = [0u8; 4];
    r.read_exact(&mut len)?;
    let len = u32::from_le_bytes(len) as usize;
    if len > MAX_FRAME {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("a frame of {len} bytes is longer than the limit of {MAX_FRAME}"),
        ));
    }
    let mut body = vec![0u8; len];
    r.read_exact(&mut body)?;
    let mut sum = [0u8; 4];
    r.read_exact(&mut sum)?;
    if u32::from_le_bytes(sum) != fnv1a(&body) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "a frame's checksum does not match its payload (the line corrupted it)",
        ));
    }
    serde_json::from_slice(&body).map_err(|e| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("a frame is not JSON: {e}"),
        )
    })
}

/// A program as hex (8 bytes per instruction, fields little-endian).
pub fn prog_hex(prog: &[Insn]) -> String {
    let mut s = String::with_capacity(prog.len() * 16);
    for i in prog {
        let mut b = [0u8; 8];
        b[..2].copy_from_slice(&i.code.to_le_bytes());
        b[2] = i.jt;
        b[3] = i.jf;
        b[4..].copy_from_slice(&i.k.to_le_bytes());
        for x in b {
            s.push_str(&format!("{x:02x}"));
        }
    }
    s
}

/// Read a program written by [`prog_hex`].
///
/// # Errors
/// Not hex, or not a whole number of instructions.
pub fn prog_from(v: &Value) -> Result<Vec<Insn>, String> {
    let s = v.as_str().ok_or("a program must be a hex string")?;
    if !s.len().is_multiple_of(16) {
        return Err(format!(
            "a program of {} hex digits is not whole instructions",
            s.len()
        ));
    }
    let bytes: Vec<u8> = (0..s.len() / 2)
        .map(|i| u8::from_str_radix(s.get(2 * i..2 * i + 2).unwrap_or("zz"), 16))
        .collect::<Result<_, _>>()
        .map_err(|_| "a program is not hex".to_string())?;
    Ok(bytes
        .chunks_exact(8)
        .map(|b| {
            Insn::new(
                u16::from_le_bytes([b[0], b[1]]),
                b[2],
                b[3],
                u32::from_le_bytes([b[4], b[5], b[6], b[7]]),
            )
        })
        .collect())
}

/// Several programs.
pub fn progs_from(v: &Value) -> Result<Vec<Vec<Insn>>, String> {
    v.as_array()
        .ok_or("expected an array of programs")?
        .iter()
        .map(prog_from)
        .collect()
}

/// An input as `[arch, nr, ip, a0, ..., a5]`.
pub fn input_json(d: &SeccompData) -> Value {
    let mut v = vec![json!(d.arch), json!(d.nr), json!(d.instruction_pointer)];
    v.extend(d.args.iter().map(|a| json!(a)));
    Value::Array(v)
}

/// Read an input written by [`input_json`].
///
/// # Errors
/// Not nine numbers in range.
pub fn input_from(v: &Value) -> Result<SeccompData, String> {
    let a = v
        .as_array()
        .filter(|a| a.len() == 9)
        .ok_or("an input must be [arch, nr, ip, a0..a5]")?;
    let n = |i: usize| a[i].as_u64().ok_or(format!("input field {i} is not a u64"));
    let w = |i: usize| {
        n(i).and_then(|x| u32::try_from(x).map_err(|_| format!("input field {i} is over 32 bits")))
    };
    let mut d = SeccompData {
        arch: w(0)?,
        nr: w(1)?,
        instruction_pointer: n(2)?,
        args: [0; 6],
    };
    for j in 0..6 {
        d.args[j] = n(3 + j)?;
    }
    Ok(d)
}

/// Several inputs.
pub fn inputs_from(v: &Value) -> Result<Vec<SeccompData>, String> {
    v.as_array()
        .ok_or("expected an array of inputs")?
        .iter()
        .map(input_from)
        .collect()
}

/// A kernel answer: a number, `"bypassed"`, or `{"unaskable": why}`.
pub fn ret_json(r: &KernelRet) -> Value {
    match r {
        KernelRet::Ret(v) => json!(v),
        KernelRet::Bypassed => json!("bypassed"),
        KernelRet::Unaskable(w) => json!({ "unaskable": w }),
    }
}

/// Read a kernel answer written by [`ret_json`].
pub fn ret_from(v: &Value) -> Result<KernelRet, String> {
    if let Some(x) = v.as_u64() {
        return u32::try_from(x)
            .map(KernelRet::Ret)
            .map_err(|_| "a return value is over 32 bits".into());
    }
    if v.as_str() == Some("bypassed") {
        return Ok(KernelRet::Bypassed);
    }
    v["unaskable"]
        .as_str()
        .map(|w| KernelRet::Unaskable(w.to_string()))
        .ok_or_else(|| format!("not a kernel answer: {v}"))
}

/// What a process observed, as JSON.
pub fn observed_json(o: &Observed) -> Value {
    match *o {
        Observed::Returned(r) => json!({ "returned": r }),
        Observed::Trapped(d) => json!({ "trapped": d }),
        Observed::Killed(s) => json!({ "killed": s }),
    }
}

/// Read what [`observed_json`] wrote.
pub fn observed_from(v: &Value) -> Result<Observed, String> {
    if let Some(r) = v["returned"].as_i64() {
        Ok(Observed::Returned(r))
    } else if let Some(t) = v["trapped"].as_u64() {
        Ok(Observed::Trapped(t as u16))
    } else if let Some(s) = v["killed"].as_i64() {
        Ok(Observed::Killed(s as i32))
    } else {
        Err(format!("not an outcome: {v}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip_after_noise_and_refuse_corruption() {
        let v = json!({"op": "accept", "filters": [prog_hex(&[Insn::new(6, 1, 2, 0x7fff_0000)])]});
        let mut buf = b"[    1.23] boot noise SBP".to_vec();
        write_frame(&mut buf, &v).unwrap();
        let mut r = &buf[..];
        assert_eq!(read_frame(&mut r).unwrap(), v);
        let n = buf.len();
        buf[n - 6] ^= 1;
        let mut r = &buf[..];
        assert!(read_frame(&mut r).is_err());
    }

    #[test]
    fn programs_inputs_and_answers_round_trip() {
        let p = vec![
            Insn::new(0x20, 0, 0, 4),
            Insn::new(0x15, 3, 250, 0xc000_003e),
        ];
        assert_eq!(prog_from(&json!(prog_hex(&p))).unwrap(), p);
        assert_eq!(prog_hex(&p[..1]), "2000000004000000");
        let d = SeccompData {
            arch: 0xc000_003e,
            nr: 0xffff_ffff,
            instruction_pointer: u64::MAX,
            args: [1, 2, 3, u64::MAX, 5, 6],
        };
        assert_eq!(input_from(&input_json(&d)).unwrap(), d);
        for r in [
            KernelRet::Ret(0x7fff_0000),
            KernelRet::Bypassed,
            KernelRet::Unaskable("why".into()),
        ] {
            assert_eq!(ret_from(&ret_json(&r)).unwrap(), r);
        }
        for o in [
            Observed::Returned(-13),
            Observed::Trapped(7),
            Observed::Killed(31),
        ] {
            assert_eq!(observed_from(&observed_json(&o)).unwrap(), o);
        }
        assert!(prog_from(&json!("2000")).is_err());
        assert!(input_from(&json!([1, 2])).is_err());
    }
}
