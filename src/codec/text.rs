//! The numeric text formats: bpf_asm's `N,...` line, `tcpdump -ddd`, and C lines out.

use super::{DecodeError, DecodeErrorKind};
use crate::insn::Insn;
use std::fmt::Write as _;

/// Finds 1-based (line, column) of byte offsets in a text, in linear time overall when
/// asked for increasing offsets.
pub(crate) struct Cursor<'a> {
    s: &'a str,
    at: usize,
    line: usize,
    col: usize,
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(s: &'a str) -> Cursor<'a> {
        Cursor {
            s,
            at: 0,
            line: 1,
            col: 1,
        }
    }

    /// Line and column (in characters) of byte offset `off`.
    pub(crate) fn pos(&mut self, off: usize) -> (usize, usize) {
        if off < self.at {
            *self = Cursor::new(self.s);
        }
        if let Some(between) = self.s.get(self.at..off) {
            for c in between.chars() {
                if c == '\n' {
                    self.line += 1;
                    self.col = 1;
                } else {
                    self.col += 1;
                }
            }
            self.at = off;
        }
        (self.line, self.col)
    }
}

fn num(field: &str, what: &str, max: u64) -> Result<u32, DecodeError> {
    let v = crate::num::parse_u64(field)
        .filter(|_| !field.trim_start().starts_with('-'))
        .ok_or_else(|| {
            DecodeError::new(
                DecodeErrorKind::BadNumber,
                format!("{what} '{field}' is not a number"),
            )
        })?;
    if v > max {
        return Err(DecodeError::new(
            DecodeErrorKind::BadNumber,
            format!("{what} {v} is larger than {max}"),
        ));
    }
    u32::try_from(v).map_err(|_| {
        DecodeError::new(
            DecodeErrorKind::BadNumber,
            format!("{what} {v} is too large"),
        )
    })
}

/// Four blank-separated numbers `code jt jf k`.
fn insn_fields(entry: &str) -> Result<Insn, DecodeError> {
    let f: Vec<&str> = entry.split_whitespace().collect();
    let [c, t, e, k] = f.as_slice() else {
        return Err(DecodeError::new(
            DecodeErrorKind::Syntax,
            format!(
                "expected 'code jt jf k', found {} fields in '{}'",
                f.len(),
                entry.trim()
            ),
        ));
    };
    let code = num(c, "code", 0xffff)?;
    let jt = num(t, "jt", 0xff)?;
    let jf = num(e, "jf", 0xff)?;
    let k = num(k, "k", u64::from(u32::MAX))?;
    match (u16::try_from(code), u8::try_from(jt), u8::try_from(jf)) {
        (Ok(code), Ok(jt), Ok(jf)) => Ok(Insn::new(code, jt, jf, k)),
        _ => Err(DecodeError::new(
            DecodeErrorKind::BadNumber,
            "field out of range",
        )),
    }
}

fn count(s: &str) -> Result<usize, DecodeError> {
    let v = num(s, "instruction count", u64::from(u32::MAX))?;
    usize::try_from(v)
        .map_err(|_| DecodeError::new(DecodeErrorKind::BadNumber, "instruction count too large"))
}

fn too_long(n: usize) -> DecodeError {
    DecodeError::new(
        DecodeErrorKind::TooLong,
        format!("{n} instructions, more than {}", super::MAX_PROGRAM_LEN),
    )
}

/// Decode bpf_asm's `N,code jt jf k,code jt jf k,...` (trailing comma optional).
pub(crate) fn decode_line(s: &str) -> Result<Vec<Insn>, DecodeError> {
    let mut off = 0usize;
    let mut out = Vec::new();
    let mut n: Option<usize> = None;
    let mut parts = s.split(',').peekable();
    let (mut n_line, mut n_col) = (1, 1);
    let mut cur = Cursor::new(s);
    while let Some(part) = parts.next() {
        let start = off + (part.len() - part.trim_start().len());
        off += part.len() + 1;
        let (line, col) = cur.pos(start);
        if part.trim().is_empty() {
            if parts.peek().is_none() && n.is_some() {
                break; // the trailing comma
            }
            return Err(
                DecodeError::new(DecodeErrorKind::Syntax, "empty field between commas")
                    .at(line, Some(col)),
            );
        }
        if n.is_none() {
            n = Some(count(part).map_err(|e| e.at(line, Some(col)))?);
            (n_line, n_col) = (line, col);
            continue;
        }
        if out.len() >= super::MAX_PROGRAM_LEN {
            return Err(too_long(out.len() + 1).at(line, Some(col)));
        }
        out.push(insn_fields(part).map_err(|e| e.at(line, Some(col)))?);
    }
    let Some(n) = n else {
        return Err(
            DecodeError::new(DecodeErrorKind::Empty, "no instruction count").at(1, Some(1)),
        );
    };
    if n != out.len() {
        return Err(DecodeError::new(
            DecodeErrorKind::CountMismatch,
            format!("the count says {n} instructions but {} follow", out.len()),
        )
        .at(n_line, Some(n_col)));
    }
    Ok(out)
}

/// True if `s` looks like `tcpdump -ddd` output.
pub(crate) fn looks_like_ddd(s: &str) -> bool {
    let mut lines = s.lines().filter(|l| !l.trim().is_empty());
    let Some(first) = lines.next() else {
        return false;
    };
    let all_digits = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
    let f: Vec<&str> = first.split_whitespace().collect();
    if f.len() != 1 || !f.iter().all(|t| all_digits(t)) {
        return false;
    }
    lines.all(|l| {
        let t: Vec<&str> = l.split_whitespace().collect();
        t.len() == 4 && t.iter().all(|x| all_digits(x))
    })
}

/// Decode `tcpdump -ddd` output: a count line, then `code jt jf k` per line.
pub(crate) fn decode_ddd(s: &str) -> Result<Vec<Insn>, DecodeError> {
    let mut n: Option<(usize, usize)> = None;
    let mut out = Vec::new();
    for (i, l) in s.lines().enumerate() {
        let line = i + 1;
        if l.trim().is_empty() {
            continue;
        }
        let col = l.len() - l.trim_start().len() + 1;
        match n {
            None => n = Some((count(l).map_err(|e| e.at(line, Some(col)))?, line)),
            Some(_) => {
                if out.len() >= super::MAX_PROGRAM_LEN {
                    return Err(too_long(out.len() + 1).at(line, Some(col)));
                }
                out.push(insn_fields(l).map_err(|e| e.at(line, Some(col)))?);
            }
        }
    }
    let Some((n, nl)) = n else {
        return Err(DecodeError::new(
            DecodeErrorKind::Empty,
            "no instruction count",
        ));
    };
    if n != out.len() {
        return Err(DecodeError::new(
            DecodeErrorKind::CountMismatch,
            format!("the count says {n} instructions but {} follow", out.len()),
        )
        .at(nl, None));
    }
    Ok(out)
}

/// bpf_asm's default output: `N,` then `code jt jf k,` per instruction, then a newline.
pub(crate) fn encode_line(prog: &[Insn]) -> String {
    let mut s = format!("{},", prog.len());
    for i in prog {
        let _ = write!(s, "{} {} {} {},", i.code, i.jt, i.jf, i.k);
    }
    s.push('\n');
    s
}

/// `tcpdump -ddd` output.
pub(crate) fn encode_ddd(prog: &[Insn]) -> String {
    let mut s = format!("{}\n", prog.len());
    for i in prog {
        let _ = writeln!(s, "{} {} {} {}", i.code, i.jt, i.jf, i.k);
    }
    s
}

/// printf's `%#0Nx`: `0x`-prefixed and zero-padded to `width` chars, but no prefix for 0.
fn c_hex(v: u32, width: usize) -> String {
    if v == 0 {
        "0".repeat(width)
    } else {
        format!("{v:#0width$x}")
    }
}

/// `bpf_asm -c` output: `{ %#04x, %2u, %2u, %#010x },` per instruction.
pub(crate) fn encode_c(prog: &[Insn]) -> String {
    let mut s = String::new();
    for i in prog {
        let _ = writeln!(
            s,
            "{{ {}, {:2}, {:2}, {} }},",
            c_hex(u32::from(i.code), 4),
            i.jt,
            i.jf,
            c_hex(i.k, 10)
        );
    }
    s
}
