//! The hex table the peers' listings share: one row per instruction,
//! ` 0005: 0x15 0x00 0x01 0x00000101  text` (seccomp-tools `disasm`, ceccomp `disasm`,
//! libseccomp `scmp_bpf_disasm`). The row's four numbers are the instruction's bytes.

use super::{DecodeError, DecodeErrorKind};
use crate::insn::Insn;

/// One row: the label before the `:` (`0005`, or ceccomp 4's `L0005`), the
/// instruction of the four hex columns, and the text after them (trimmed).
pub(crate) struct Row<'a> {
    pub label: &'a str,
    pub insn: Insn,
    pub text: &'a str,
}

fn hex(tok: &str, max: u64) -> Option<u64> {
    let h = tok.strip_prefix("0x").or_else(|| tok.strip_prefix("0X"))?;
    if h.is_empty() || h.len() > 8 || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u64::from_str_radix(h, 16).ok().filter(|&v| v <= max)
}

/// `s` as a row, or `None` if it is not one (a header, a rule, a statement).
pub(crate) fn row(s: &str) -> Option<Row<'_>> {
    let t = s.trim_start();
    let colon = t.find(':')?;
    let label = t.get(..colon)?;
    if label.is_empty()
        || !label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_')
    {
        return None;
    }
    let mut rest = t.get(colon + 1..)?;
    let mut vals = [0u64; 4];
    for (i, max) in [0xffff, 0xff, 0xff, 0xffff_ffff].into_iter().enumerate() {
        rest = rest.trim_start();
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        vals[i] = hex(rest.get(..end)?, max)?;
        rest = rest.get(end..)?;
    }
    let [code, jt, jf, k] = vals;
    Some(Row {
        label,
        insn: Insn::new(code as u16, jt as u8, jf as u8, k as u32),
        text: rest.trim(),
    })
}

/// The rows of a listing whose lines are numbered from `first` (0 or 1). Blank lines and
/// the lines `skip` accepts (headers, rules) are skipped; any other line is an error.
pub(crate) fn rows<'a>(
    s: &'a str,
    first: usize,
    what: &str,
    skip: impl Fn(&str) -> bool,
) -> Result<Vec<(usize, Row<'a>)>, DecodeError> {
    let mut out = Vec::new();
    for (i, line) in s.lines().enumerate() {
        let t = line.trim();
        if t.is_empty() || skip(t) {
            continue;
        }
        let Some(r) = row(line) else {
            return Err(DecodeError::new(
                DecodeErrorKind::Syntax,
                format!("expected a row of the {what} listing (`NNNN: 0xCC 0xJT 0xJF 0xKKKKKKKK ...`), found `{t}`"),
            )
            .at(i + 1, None));
        };
        let want = out.len() + first;
        if r.label.parse::<usize>().ok() != Some(want) {
            return Err(DecodeError::new(
                DecodeErrorKind::CountMismatch,
                format!(
                    "row `{}` is out of order: the {what} listing numbers its rows from {first:04}, so this one should be {want:04}",
                    r.label
                ),
            )
            .at(i + 1, None));
        }
        out.push((i + 1, r));
    }
    Ok(out)
}
