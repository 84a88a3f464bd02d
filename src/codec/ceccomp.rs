//! ceccomp's text: its `disasm` listing (` Line  CODE  JT   JF      K`, a rule of `-`,
//! then ` 0001: 0x20 0x00 0x00 0x00000004 $A = $arch`, lines counted from 1) and the
//! statements its `asm` reads (`$A = $arch`, `if ($A != x86_64) goto 0005`,
//! `return ERRNO(1)`), bare or in such a listing, with ceccomp 4's labels (`L0005:`,
//! `goto L0005`) and `#` comments.
//!
//! Written from ceccomp 3.5's observed behaviour (the PyPI wheel) and ceccomp 4's
//! manual; no ceccomp code is used. Like `ceccomp asm`, the reader reads the statement,
//! not the hex columns; where a listing's columns disagree with its statement it warns.
//! The writer prints the listing `ceccomp disasm` 3.5 prints, with constants in hex. See
//! docs/formats.md for what ceccomp's text cannot carry.

use super::listing;
use super::{DecodeError, DecodeErrorKind, EncodeError};
use crate::insn::{Endian, Insn};
use crate::seccomp::Arch;
use std::collections::HashMap;
use std::fmt::Write as _;

const HEADER: &str = " Line  CODE  JT   JF      K";
const RULE: &str = "---------------------------------";

/// Names libseccomp (hence ceccomp asm) resolves to a negative pseudo-number on arches
/// that multiplex them through socketcall(2)/ipc(2), observed with ceccomp 3.5.
const MULTIPLEXED: &[&str] = &[
    "socket",
    "bind",
    "connect",
    "listen",
    "accept",
    "getsockname",
    "getpeername",
    "socketpair",
    "send",
    "recv",
    "sendto",
    "recvfrom",
    "shutdown",
    "setsockopt",
    "getsockopt",
    "sendmsg",
    "recvmsg",
    "accept4",
    "recvmmsg",
    "sendmmsg",
    "semop",
    "semget",
    "semctl",
    "semtimedop",
    "msgsnd",
    "msgrcv",
    "msgget",
    "msgctl",
    "shmat",
    "shmdt",
    "shmget",
    "shmctl",
];
const MULTIPLEXING_ARCHES: &[&str] = &[
    "x86", "s390", "s390x", "ppc", "ppc64", "ppc64le", "mips", "mipsel",
];

pub(crate) fn is_header(t: &str) -> bool {
    t.split_whitespace().eq(["Line", "CODE", "JT", "JF", "K"])
}

fn is_rule(t: &str) -> bool {
    !t.is_empty() && t.bytes().all(|b| b == b'-')
}

fn num(s: &str) -> Option<u32> {
    let (neg, s) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s),
    };
    let v = if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        u64::from_str_radix(h, 16).ok()?
    } else if let Some(b) = s.strip_prefix("0b").or_else(|| s.strip_prefix("0B")) {
        u64::from_str_radix(b, 2).ok()?
    } else if s.len() > 1 && s.starts_with('0') {
        u64::from_str_radix(&s[1..], 8).ok()?
    } else {
        s.parse::<u64>().ok()?
    };
    let v = u32::try_from(v).ok()?;
    Some(if neg { v.wrapping_neg() } else { v })
}

enum Target {
    Line(usize),
    Label(String),
}

struct Stmt {
    line: usize,
    code: u16,
    k: u32,
    jt: Option<Target>,
    jf: Option<Target>,
    column: Option<Insn>,
    /// Read from the columns (the statement names something unknown here).
    fixed: bool,
}

struct Ctx<'a> {
    arch: &'a Arch,
    warnings: Vec<String>,
    line: usize,
    warned_lt: bool,
}

impl Ctx<'_> {
    fn err(&self, msg: String) -> DecodeError {
        DecodeError::new(DecodeErrorKind::Syntax, msg).at(self.line, None)
    }
    /// A comparison operand: number, `$X` (None), arch name, syscall name.
    fn operand(&mut self, s: &str) -> Result<Option<u32>, DecodeError> {
        if s == "$X" {
            return Ok(None);
        }
        if let Some(v) = num(s) {
            return Ok(Some(v));
        }
        if let Some(a) = Arch::by_name(s) {
            return Ok(Some(a.audit));
        }
        let (arch, name) = match s.split_once('.') {
            Some((a, n)) => (
                Arch::by_name(a)
                    .ok_or_else(|| self.err(format!("`{s}`: unknown arch `{a}` before the dot")))?,
                n,
            ),
            None => (self.arch, s),
        };
        let nr = arch.syscall_nr(name).ok_or_else(|| {
            DecodeError::new(
                DecodeErrorKind::UnknownIdentifier,
                format!("`{s}` is not a number, an arch or a syscall of {}; give the number, or the arch with --arch", arch.name),
            )
            .at(self.line, None)
        })?;
        if MULTIPLEXED.contains(&name) && MULTIPLEXING_ARCHES.contains(&arch.name) {
            self.warnings.push(format!(
                "line {}: `{s}` read as {} ({nr:#x}), the kernel's number; ceccomp asm itself assembles it to a libseccomp pseudo-number (negative, e.g. 0xffffff9b for i386.socket) that no syscall has",
                self.line, arch.name
            ));
        }
        Ok(Some(nr))
    }
    fn target(&self, s: &str) -> Result<Target, DecodeError> {
        if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
            return s
                .parse()
                .map(Target::Line)
                .map_err(|_| self.err(format!("bad line number `{s}`")));
        }
        if s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        {
            return Ok(Target::Label(s.to_string()));
        }
        Err(self.err(format!(
            "expected a line number or a label after goto, found `{s}`"
        )))
    }
    fn field(&self, s: &str) -> Option<u32> {
        let be = self.arch.endian == Endian::Big;
        let word = |base: u32, hi: bool| base + if hi != be { 4 } else { 0 };
        Some(match s {
            "$arch" => 4,
            "$syscall_nr" => 0,
            "$low_pc" => word(8, false),
            "$high_pc" => word(8, true),
            _ => {
                let (hi, rest) = if let Some(r) = s.strip_prefix("$low_args[") {
                    (false, r)
                } else {
                    (true, s.strip_prefix("$high_args[")?)
                };
                let i = num(rest.strip_suffix(']')?)?;
                if i > 5 {
                    return None;
                }
                word(16 + 8 * i, hi)
            }
        })
    }
    fn mem(&self, s: &str) -> Result<Option<u32>, DecodeError> {
        let Some(r) = s.strip_prefix("$mem[").and_then(|r| r.strip_suffix(']')) else {
            return Ok(None);
        };
        match num(r) {
            Some(i) if i < 16 => Ok(Some(i)),
            _ => Err(self.err(format!("`{s}`: the scratch cells are $mem[0] to $mem[15]"))),
        }
    }
    /// One statement, all blanks removed.
    fn statement(
        &mut self,
        c: &str,
    ) -> Result<(u16, u32, Option<Target>, Option<Target>), DecodeError> {
        let plain = |code: u16, k: u32| Ok((code, k, None, None));
        if let Some(r) = c.strip_prefix("return") {
            if r == "$A" {
                return plain(0x16, 0);
            }
            if let Some(v) = num(r) {
                return plain(0x06, v);
            }
            let (name, data) = match r.split_once('(') {
                Some((n, d)) => {
                    let d = d
                        .strip_suffix(')')
                        .and_then(num)
                        .ok_or_else(|| self.err(format!("bad action data in `return {r}`")))?;
                    if d > 0xffff {
                        return Err(self.err(format!("action data {d} does not fit in 16 bits")));
                    }
                    (n, d)
                }
                None => (r, 0),
            };
            let base = match name {
                "KILL" | "KILL_THREAD" => 0,
                "KILL_PROCESS" => 0x8000_0000,
                "TRAP" => 0x0003_0000,
                "ERRNO" => 0x0005_0000,
                "NOTIFY" | "USER_NOTIF" => 0x7fc0_0000,
                "TRACE" => 0x7ff0_0000,
                "LOG" => 0x7ffc_0000,
                "ALLOW" => 0x7fff_0000,
                _ => return Err(self.err(format!("unknown return value `{r}` (ALLOW, KILL, KILL_PROCESS, TRAP(n), ERRNO(n), TRACE(n), LOG, NOTIFY, $A or a number)"))),
            };
            return plain(0x06, base | data);
        }
        if let Some(r) = c.strip_prefix("goto") {
            return Ok((0x05, 0, Some(self.target(r)?), None));
        }
        if let Some(r) = c.strip_prefix("if") {
            let (neg_jset, r) = match r.strip_prefix('!') {
                Some(r) => (true, r),
                None => (false, r),
            };
            let r = r
                .strip_prefix("($A")
                .ok_or_else(|| self.err(format!("expected `if ($A ...)`, found `{c}`")))?;
            let close = r.find(')').ok_or_else(|| self.err("missing `)`".into()))?;
            let (cond, rest) = (&r[..close], &r[close + 1..]);
            let ops: [(&str, u16, bool); 7] = [
                ("==", 0x15, false),
                ("!=", 0x15, true),
                (">=", 0x35, false),
                // As ceccomp 3.5 reads (and prints) them: `<=` is a jge and `<` a jgt
                // whose true branch falls through (see docs/formats.md).
                ("<=", 0x35, true),
                (">", 0x25, false),
                ("<", 0x25, true),
                ("&", 0x45, false),
            ];
            let (op, base, neg) = ops
                .iter()
                .find(|(o, _, _)| cond.starts_with(o))
                .copied()
                .ok_or_else(|| self.err(format!("unknown comparison in `{c}`")))?;
            if matches!(op, "<" | "<=") && !self.warned_lt {
                self.warned_lt = true;
                self.warnings.push(format!(
                    "line {}: `$A {op} ...` read as ceccomp 3.5 reads it: `<=` as \"not >=\" and `<` as \"not >\", the reverse of their meaning (ceccomp 3.5 prints the same way, so its listings round-trip)",
                    self.line
                ));
            }
            if neg_jset && op != "&" {
                return Err(self.err(format!("`if !(...)` takes `$A & ...`, found `{c}`")));
            }
            let neg = neg || neg_jset;
            let (code, k) = match self.operand(&cond[op.len()..])? {
                None => (base | 0x08, 0),
                Some(k) => (base, k),
            };
            let rest = rest
                .strip_prefix("goto")
                .ok_or_else(|| self.err(format!("expected `goto` after the condition in `{c}`")))?;
            let (t, f) = match rest.split_once(",elsegoto") {
                Some((t, f)) => (self.target(t)?, Some(self.target(f)?)),
                None => (self.target(rest)?, None),
            };
            return Ok(match (neg, f) {
                (false, f) => (code, k, Some(t), f),
                (true, None) => (code, k, None, Some(t)),
                (true, Some(f)) => (code, k, Some(f), Some(t)),
            });
        }
        if let Some(r) = c.strip_prefix("$A=") {
            if r == "-$A" {
                return plain(0x84, 0);
            }
            if r == "$X" {
                return plain(0x87, 0);
            }
            if r == "$scmp_data_len" {
                return plain(0x80, 0x40);
            }
            if let Some(i) = self.mem(r)? {
                return plain(0x60, i);
            }
            if let Some(off) = self.field(r) {
                return plain(0x20, off);
            }
            if let Some(v) = num(r) {
                return plain(0x00, v);
            }
            return Err(self.err(format!("unknown value `{r}` for $A")));
        }
        if let Some(r) = c.strip_prefix("$X=") {
            if r == "$A" {
                return plain(0x07, 0);
            }
            if r == "$scmp_data_len" {
                return plain(0x81, 0x40);
            }
            if let Some(i) = self.mem(r)? {
                return plain(0x61, i);
            }
            if let Some(v) = num(r) {
                return plain(0x01, v);
            }
            return Err(self.err(format!("unknown value `{r}` for $X")));
        }
        if c.starts_with("$mem[") {
            let (lhs, rhs) = c
                .split_once('=')
                .ok_or_else(|| self.err(format!("expected `$mem[i] = $A` or `$X`, found `{c}`")))?;
            let i = self
                .mem(lhs)?
                .ok_or_else(|| self.err(format!("bad cell `{lhs}`")))?;
            return match rhs {
                "$A" => plain(0x02, i),
                "$X" => plain(0x03, i),
                _ => Err(self.err(format!("a scratch cell takes $A or $X, found `{rhs}`"))),
            };
        }
        if let Some(r) = c.strip_prefix("$A") {
            let ops: [(&str, u16); 9] = [
                ("<<=", 0x64),
                (">>=", 0x74),
                ("+=", 0x04),
                ("-=", 0x14),
                ("*=", 0x24),
                ("/=", 0x34),
                ("|=", 0x44),
                ("&=", 0x54),
                ("^=", 0xa4),
            ];
            if let Some((op, code)) = ops.iter().find(|(o, _)| r.starts_with(o)) {
                return match self.operand_num(&r[op.len()..])? {
                    None => plain(code | 0x08, 0),
                    Some(k) => plain(*code, k),
                };
            }
        }
        Err(self.err(format!("not a ceccomp statement: `{c}`")))
    }
    fn operand_num(&self, s: &str) -> Result<Option<u32>, DecodeError> {
        if s == "$X" {
            return Ok(None);
        }
        num(s)
            .map(Some)
            .ok_or_else(|| self.err(format!("expected a number or $X, found `{s}`")))
    }
}

/// Read ceccomp text (a `disasm` listing or bare statements). Warnings go to `warnings`.
pub(crate) fn decode(
    s: &str,
    arch: &Arch,
    warnings: &mut Vec<String>,
) -> Result<Vec<Insn>, DecodeError> {
    let mut cx = Ctx {
        arch,
        warnings: Vec::new(),
        line: 0,
        warned_lt: false,
    };
    let mut stmts: Vec<Stmt> = Vec::new();
    let mut labels: HashMap<String, usize> = HashMap::new();
    for (i, raw) in s.lines().enumerate() {
        cx.line = i + 1;
        let text = raw.split('#').next().unwrap_or_default();
        let t = text.trim();
        if t.is_empty() || is_header(t) || is_rule(t) {
            continue;
        }
        let (body, column) = match listing::row(text) {
            Some(r) => {
                if !r.label.bytes().all(|b| b.is_ascii_digit()) {
                    labels.insert(r.label.to_string(), stmts.len());
                } else if r.label.parse::<usize>().ok() != Some(stmts.len() + 1) {
                    return Err(DecodeError::new(
                        DecodeErrorKind::CountMismatch,
                        format!("row `{}` is out of order: ceccomp numbers its lines from 0001, so this one should be {:04}", r.label, stmts.len() + 1),
                    )
                    .at(cx.line, None));
                }
                (r.text, Some(r.insn))
            }
            None => {
                let mut body = t;
                // 4.x labels: `name:` before a statement or alone.
                while let Some((l, rest)) = body.split_once(':') {
                    if !l.is_empty()
                        && l.starts_with(|c: char| c.is_ascii_alphabetic())
                        && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                    {
                        if labels.insert(l.to_string(), stmts.len()).is_some() {
                            return Err(cx.err(format!("label `{l}` is defined twice")));
                        }
                        body = rest.trim();
                    } else {
                        break;
                    }
                }
                (body, None)
            }
        };
        if body.is_empty() {
            continue;
        }
        let compact: String = body.chars().filter(|c| !c.is_whitespace()).collect();
        let parsed = match (cx.statement(&compact), column) {
            (Err(e), Some(col)) if e.kind() == DecodeErrorKind::UnknownIdentifier => {
                cx.warnings.push(format!(
                    "line {}: {} ; read from the CODE/JT/JF/K columns instead",
                    cx.line,
                    e.detail()
                ));
                stmts.push(Stmt {
                    line: cx.line,
                    code: col.code,
                    k: col.k,
                    jt: None,
                    jf: None,
                    column: Some(col),
                    fixed: true,
                });
                continue;
            }
            (r, _) => r?,
        };
        let (code, k, jt, jf) = parsed;
        stmts.push(Stmt {
            line: cx.line,
            code,
            k,
            jt,
            jf,
            column,
            fixed: false,
        });
    }
    let n = stmts.len();
    let mut out = Vec::with_capacity(n);
    for (pc, st) in stmts.iter().enumerate() {
        if let (true, Some(col)) = (st.fixed, st.column) {
            out.push(col);
            continue;
        }
        let off = |t: &Option<Target>| -> Result<u64, DecodeError> {
            let at = match t {
                None => return Ok(0),
                Some(Target::Line(l)) => l.checked_sub(1).ok_or_else(|| {
                    DecodeError::new(
                        DecodeErrorKind::Syntax,
                        "line numbers start at 1".to_string(),
                    )
                    .at(st.line, None)
                })?,
                Some(Target::Label(l)) => *labels.get(l).ok_or_else(|| {
                    DecodeError::new(
                        DecodeErrorKind::UnknownIdentifier,
                        format!("undefined label `{l}`"),
                    )
                    .at(st.line, None)
                })?,
            };
            if at <= pc {
                return Err(DecodeError::new(
                    DecodeErrorKind::Syntax,
                    format!("jump to statement {} from statement {}: classic BPF jumps only forward, inside the program", at + 1, pc + 1),
                )
                .at(st.line, None));
            }
            Ok((at - pc - 1) as u64)
        };
        let (t, f) = (off(&st.jt)?, off(&st.jf)?);
        let insn = if st.code == 0x05 {
            Insn::new(0x05, 0, 0, u32::try_from(t).unwrap_or(u32::MAX))
        } else {
            if t > 255 || f > 255 {
                return Err(DecodeError::new(
                    DecodeErrorKind::Syntax,
                    format!(
                        "a conditional jump over {} instructions: jt/jf hold at most 255",
                        t.max(f)
                    ),
                )
                .at(st.line, None));
            }
            Insn::new(st.code, t as u8, f as u8, st.k)
        };
        if let Some(col) = st.column {
            // The columns carry fields no statement can (jt/jf of a non-jump, k where the
            // instruction ignores it): when they agree on the rest, they are the bytes.
            if col != insn && unused_fields_cleared(col) == unused_fields_cleared(insn) {
                out.push(col);
                continue;
            }
            if col != insn {
                cx.warnings.push(format!(
                    "line {}: the statement reads as {{ 0x{:02x}, {}, {}, 0x{:08x} }} but the CODE/JT/JF/K columns say {{ 0x{:02x}, {}, {}, 0x{:08x} }}; the statement wins, as in ceccomp asm",
                    st.line, insn.code, insn.jt, insn.jf, insn.k, col.code, col.jt, col.jf, col.k
                ));
            }
        }
        out.push(insn);
    }
    warnings.append(&mut cx.warnings);
    Ok(out)
}

/// `i` with the fields its opcode does not use set to 0.
pub(crate) fn unused_fields_cleared(i: Insn) -> Insn {
    let jump = i.code & 0x07 == 0x05 && i.code != 0x05;
    let (jt, jf) = if jump { (i.jt, i.jf) } else { (0, 0) };
    let k_unused = matches!(i.code, 0x07 | 0x87 | 0x84 | 0x16 | 0x80 | 0x81)
        || (i.code & 0x07 == 0x04 || jump) && i.code & 0x08 != 0;
    Insn::new(i.code, jt, jf, if k_unused { 0 } else { i.k })
}

/// Whether `code` (comments removed) is ceccomp text: a header or a statement with `$`.
pub(crate) fn looks_like(code: &str) -> bool {
    code.lines().any(|l| is_header(l.trim()))
        || code.lines().any(|l| {
            let t = l.trim_start();
            t.starts_with("$A")
                || t.starts_with("$X")
                || t.starts_with("$mem")
                || t.contains("($A")
                || t.contains(": $A")
                || t.contains(" $A =")
        })
}

fn ret_text(k: u32) -> Option<String> {
    let data = k & 0xffff;
    let bare = |n: &str| (data == 0).then(|| n.to_string());
    // ceccomp 3.5 reads data above 32767 sign-extended: such values get the number form.
    let with = |n: &str| (data <= 32767).then(|| format!("{n}({data})"));
    match k & 0xffff_0000 {
        0x8000_0000 => bare("KILL_PROCESS"),
        0x0000_0000 => bare("KILL"),
        0x0003_0000 => with("TRAP"),
        0x0005_0000 => with("ERRNO"),
        0x7fc0_0000 => bare("NOTIFY"),
        0x7ff0_0000 => with("TRACE"),
        0x7ffc_0000 => bare("LOG"),
        0x7fff_0000 => bare("ALLOW"),
        _ => None,
    }
}

/// The listing `ceccomp disasm` 3.5 prints, constants in hex. Warnings name what
/// ceccomp 3.5's asm would not read back as the same bytes.
pub(crate) fn encode(prog: &[Insn], endian: Endian) -> Result<(String, Vec<String>), EncodeError> {
    let mut warnings = Vec::new();
    let mut s = format!("{HEADER}\n{RULE}\n");
    let be = endian == Endian::Big;
    for (pc, i) in prog.iter().enumerate() {
        let at = |off: u64| format!("{:04}", pc as u64 + 2 + off);
        let k = i.k;
        let field = |k: u32| -> Option<String> {
            let hi = |base: u32| (k - base == 4) != be;
            Some(match k {
                0 => "$syscall_nr".into(),
                4 => "$arch".into(),
                8 | 12 => {
                    if hi(8) {
                        "$high_pc".into()
                    } else {
                        "$low_pc".into()
                    }
                }
                16..=63 if k.is_multiple_of(4) => {
                    let n = (k - 16) / 8;
                    let p = if hi(16 + 8 * n) { "high" } else { "low" };
                    format!("${p}_args[{n}]")
                }
                _ => return None,
            })
        };
        let alu = |c: u16| -> Option<&'static str> {
            Some(match c & 0xf0 {
                0x00 => "+=",
                0x10 => "-=",
                0x20 => "*=",
                0x30 => "/=",
                0x40 => "|=",
                0x50 => "&=",
                0x60 => "<<=",
                0x70 => ">>=",
                0xa0 => "^=",
                _ => return None,
            })
        };
        let text: Option<String> = match i.code {
            0x20 => field(k).map(|f| format!("$A = {f}")),
            0x00 => Some(format!("$A = 0x{k:x}")),
            0x01 => Some(format!("$X = 0x{k:x}")),
            0x60 if k < 16 => Some(format!("$A = $mem[0x{k:x}]")),
            0x61 if k < 16 => Some(format!("$X = $mem[0x{k:x}]")),
            0x02 if k < 16 => Some(format!("$mem[0x{k:x}] = $A")),
            0x03 if k < 16 => Some(format!("$mem[0x{k:x}] = $X")),
            0x80 | 0x81 => {
                warnings.push(format!("pc {pc}: ceccomp writes `ld len` as $scmp_data_len, which its asm reads back with k = 0x40 (this one has k = {k:#x}): other bytes, same effect"));
                Some(format!(
                    "{} = $scmp_data_len",
                    if i.code == 0x80 { "$A" } else { "$X" }
                ))
            }
            0x84 => Some("$A = -$A".into()),
            0x07 => Some("$X = $A".into()),
            0x87 => Some("$A = $X".into()),
            0x16 => Some("return $A".into()),
            0x06 => Some(match ret_text(k) {
                Some(t) => format!("return {t}"),
                None => {
                    warnings.push(format!("pc {pc}: return value {k:#010x} has no ceccomp 3.5 form; written as `return {k:#x}` (ceccomp 4 syntax, which 3.5's asm refuses)"));
                    format!("return 0x{k:x}")
                }
            }),
            0x05 => Some(format!("goto {}", at(u64::from(k)))),
            c if c <= 0xff && c & 0x07 == 0x04 && c & 0x08 == 0 => {
                alu(c).map(|o| format!("$A {o} 0x{k:x}"))
            }
            c if c <= 0xff && c & 0x07 == 0x04 => alu(c).map(|o| format!("$A {o} $X")),
            c if c <= 0xff && c & 0x07 == 0x05 && matches!(c & 0xf0, 0x10..=0x40) => {
                let rhs = if c & 0x08 != 0 {
                    "$X".to_string()
                } else {
                    format!("0x{k:x}")
                };
                let (op, neg) = match c & 0xf0 {
                    0x10 => ("==", "!="),
                    0x20 => (">", "<"),
                    0x30 => (">=", "<="),
                    _ => ("&", ""),
                };
                let (jt, jf) = (u64::from(i.jt), u64::from(i.jf));
                Some(if jt == 0 {
                    if op == "&" {
                        format!("if !($A & {rhs}) goto {}", at(jf))
                    } else {
                        format!("if ($A {neg} {rhs}) goto {}", at(jf))
                    }
                } else if jf == 0 {
                    format!("if ($A {op} {rhs}) goto {}", at(jt))
                } else {
                    format!("if ($A {op} {rhs}) goto {}, else goto {}", at(jt), at(jf))
                })
            }
            _ => None,
        };
        let Some(text) = text else {
            return Err(EncodeError::new(
                pc,
                format!(
                    "instruction {{ 0x{:02x}, {}, {}, 0x{:08x} }} has no ceccomp form (ceccomp writes only what seccomp accepts)",
                    i.code, i.jt, i.jf, i.k
                ),
            ));
        };
        if unused_fields_cleared(*i) != *i && !matches!(i.code, 0x80 | 0x81) {
            warnings.push(format!("pc {pc}: jt, jf or k set where the instruction ignores them: secbpf reads them back from the columns, but ceccomp asm writes 0 there (other bytes, same effect)"));
        }
        let _ = writeln!(
            s,
            " {:04}: 0x{:02x} 0x{:02x} 0x{:02x} 0x{:08x} {text}",
            pc + 1,
            i.code,
            i.jt,
            i.jf,
            i.k
        );
    }
    s.push_str(RULE);
    s.push('\n');
    Ok((s, warnings))
}
