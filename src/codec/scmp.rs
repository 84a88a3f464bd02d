//! libseccomp's `scmp_bpf_disasm` listing: a ` line  OP   JT   JF   K` header, a rule of
//! `=`, then ` 0000: 0x20 0x00 0x00 0x00000004   ld  $data[4]` per instruction.
//!
//! Read from the hex columns (the tool's text is lossy: it prints `jeq 0` for a
//! comparison with X); written as scmp_bpf_disasm 2.5 prints it, quirks included, so
//! its output and ours can be compared line for line. See docs/formats.md.

use super::listing;
use super::DecodeError;
use crate::insn::Insn;
use std::fmt::Write as _;

const HEADER: &str = " line  OP   JT   JF   K";
const RULE: &str = "=================================";

/// True if `s` (code without comments) looks like this listing.
pub(crate) fn looks_like(first_row_text: &str, header: bool) -> bool {
    header
        || matches!(
            first_row_text.split_whitespace().next(),
            Some(
                "ld" | "ldh"
                    | "ldb"
                    | "ldx"
                    | "st"
                    | "stx"
                    | "add"
                    | "sub"
                    | "mul"
                    | "div"
                    | "or"
                    | "and"
                    | "lsh"
                    | "rsh"
                    | "neg"
                    | "mod"
                    | "xor"
                    | "jmp"
                    | "jeq"
                    | "jgt"
                    | "jge"
                    | "jset"
                    | "ret"
                    | "tax"
                    | "txa"
                    | "???"
            )
        )
}

/// True if `line` (trimmed) is this listing's header.
pub(crate) fn is_header(t: &str) -> bool {
    t.split_whitespace().eq(["line", "OP", "JT", "JF", "K"])
}

pub(crate) fn decode(s: &str) -> Result<Vec<Insn>, DecodeError> {
    let rows = listing::rows(s, 0, "scmp_bpf_disasm", |t| {
        is_header(t) || (!t.is_empty() && t.bytes().all(|b| b == b'='))
    })?;
    Ok(rows.into_iter().map(|(_, r)| r.insn).collect())
}

fn op(code: u16) -> &'static str {
    let class = code & 0x07;
    let mode = code & 0xe0;
    match class {
        0x00 if code <= 0xff && mode <= 0xa0 => match code & 0x18 {
            0x00 => "ld",
            0x08 => "ldh",
            0x10 => "ldb",
            _ => "???",
        },
        0x01 if code <= 0xff && mode <= 0xa0 && code & 0x18 != 0x18 => "ldx",
        _ => match code {
            0x02 => "st",
            0x03 => "stx",
            0x04 | 0x0c => "add",
            0x14 | 0x1c => "sub",
            0x24 | 0x2c => "mul",
            0x34 | 0x3c => "div",
            0x44 | 0x4c => "or",
            0x54 | 0x5c => "and",
            0x64 | 0x6c => "lsh",
            0x74 | 0x7c => "rsh",
            0x84 | 0x8c => "neg",
            0x94 | 0x9c => "mod",
            0xa4 | 0xac => "xor",
            0x05 => "jmp",
            0x15 | 0x1d => "jeq",
            0x25 | 0x2d => "jgt",
            0x35 | 0x3d => "jge",
            0x45 | 0x4d => "jset",
            0x06 | 0x0e | 0x16 => "ret",
            0x07 => "tax",
            0x87 => "txa",
            _ => "???",
        },
    }
}

fn action(k: u32) -> String {
    let data = k & 0xffff;
    match k & 0xffff_0000 {
        0x8000_0000 => "KILL_PROCESS".into(),
        0x0000_0000 => "KILL".into(),
        0x0003_0000 => "TRAP".into(),
        0x0005_0000 => format!("ERRNO({data})"),
        0x7ff0_0000 => format!("TRACE({data})"),
        0x7ffc_0000 => "LOG".into(),
        0x7fff_0000 => "ALLOW".into(),
        _ => format!("0x{k:08x}"),
    }
}

fn args(i: &Insn, line: usize) -> String {
    let k = i.k;
    match i.code & 0x07 {
        0x00 | 0x01 => match i.code & 0xe0 {
            0x20 => format!("$data[{k}]"),
            0x60 => format!("$temp[{k}]"),
            0x00 => format!("{k}"),
            0x40 => format!("$data[X + {k}]"),
            0x80 => "len($data)".into(),
            0xa0 => format!("4 * $data[{k}] & 0x0f"),
            _ => String::new(),
        },
        0x02 | 0x03 => format!("$temp[{k}]"),
        0x04 if i.code & 0x08 == 0 && matches!(i.code & 0xf0, 0x40 | 0x50) => format!("0x{k:08x}"),
        0x04 => format!("{k}"),
        0x05 if i.code & 0xf0 == 0 => format!("{:04}", (line + 1) as u64 + u64::from(k)),
        0x05 => format!(
            "{k:<4} true:{:04} false:{:04}",
            line + 1 + usize::from(i.jt),
            line + 1 + usize::from(i.jf)
        ),
        0x06 => match i.code & 0x18 {
            0x10 => "$acc".into(),
            0x00 => action(k),
            _ => "???".into(),
        },
        0x07 => String::new(),
        _ => "???".into(),
    }
}

/// The listing as scmp_bpf_disasm prints it.
pub(crate) fn encode(prog: &[Insn]) -> String {
    let mut s = format!("{HEADER}\n{RULE}\n");
    for (line, i) in prog.iter().enumerate() {
        let _ = writeln!(
            s,
            " {line:04}: 0x{:02x} 0x{:02x} 0x{:02x} 0x{:08x}   {:<3} {}",
            i.code,
            i.jt,
            i.jf,
            i.k,
            op(i.code),
            args(i, line)
        );
    }
    s
}
