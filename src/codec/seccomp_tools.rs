//! seccomp-tools' two syntaxes: its `disasm` listing (` line  CODE  JT   JF      K`, a
//! rule of `=`, then ` 0000: 0x20 0x00 0x00 0x00000004  A = arch`) and its `asm`
//! language (`A = arch`, `if (A != ARCH_X86_64) goto dead`, `return ALLOW`, labels).
//!
//! Written from seccomp-tools' documented and tested behaviour (its README and its
//! specs' expected outputs, version 1.7.1); no seccomp-tools code is used. The listing is
//! read from its hex columns (seccomp-tools itself never reads it); the text column we
//! write follows seccomp-tools' wording but names no syscall. See docs/formats.md.

use super::listing;
use super::{DecodeError, DecodeErrorKind, EncodeError};
use crate::insn::{Endian, Insn};
use crate::seccomp::Arch;
use std::collections::HashMap;
use std::fmt::Write as _;

const HEADER: &str = " line  CODE  JT   JF      K";
const RULE: &str = "=================================";

/// True if `t` (trimmed) is the listing's header.
pub(crate) fn is_header(t: &str) -> bool {
    t.split_whitespace().eq(["line", "CODE", "JT", "JF", "K"])
}

/// Read the disasm listing from its hex columns (rows numbered from 0000).
pub(crate) fn decode_listing(s: &str) -> Result<Vec<Insn>, DecodeError> {
    let rows = listing::rows(s, 0, "seccomp-tools", |t| {
        is_header(t) || (!t.is_empty() && t.bytes().all(|b| b == b'='))
    })?;
    Ok(rows.into_iter().map(|(_, r)| r.insn).collect())
}

/// The seccomp_data field at byte offset `k` in seccomp-tools' words: `sys_number`,
/// `arch`, `instruction_pointer [>> 32]`, `args[i] [>> 32]`, or `None` elsewhere.
fn field(k: u32, endian: Endian) -> Option<String> {
    let hi_first = endian == Endian::Big;
    let word = |base: u32| -> Option<bool> {
        match k.checked_sub(base)? {
            0 => Some(hi_first),
            4 => Some(!hi_first),
            _ => None,
        }
    };
    Some(match k {
        0 => "sys_number".into(),
        4 => "arch".into(),
        8 | 12 => {
            let hi = word(8)?;
            if hi {
                "instruction_pointer >> 32".into()
            } else {
                "instruction_pointer".into()
            }
        }
        16..=63 => {
            let i = (k - 16) / 8;
            let hi = word(16 + 8 * i)?;
            if hi {
                format!("args[{i}] >> 32")
            } else {
                format!("args[{i}]")
            }
        }
        _ => return None,
    })
}

/// `return` operand: `ALLOW`, `ERRNO(5)`, `TRAP`, ... or hex.
fn ret_text(k: u32) -> String {
    let data = k & 0xffff;
    let named = |n: &str| {
        if data == 0 {
            n.to_string()
        } else {
            format!("0x{k:x}")
        }
    };
    match k & 0xffff_0000 {
        0x8000_0000 => named("KILL_PROCESS"),
        0x0000_0000 => named("KILL"),
        0x0003_0000 if data == 0 => "TRAP".into(),
        0x0003_0000 => format!("TRAP({data})"),
        0x0005_0000 => format!("ERRNO({data})"),
        0x7fc0_0000 => named("USER_NOTIF"),
        0x7ff0_0000 if data == 0 => "TRACE".into(),
        0x7ff0_0000 => format!("TRACE({data})"),
        0x7ffc_0000 => named("LOG"),
        0x7fff_0000 => named("ALLOW"),
        _ => format!("0x{k:x}"),
    }
}

const ALU: [(u16, &str); 9] = [
    (0x00, "+"),
    (0x10, "-"),
    (0x20, "*"),
    (0x30, "/"),
    (0x40, "|"),
    (0x50, "&"),
    (0x60, "<<"),
    (0x70, ">>"),
    (0xa0, "^"),
];

fn alu_op(code: u16) -> Option<&'static str> {
    ALU.iter().find(|(c, _)| *c == code & 0xf0).map(|(_, s)| *s)
}

/// Comparison of a conditional jump: (`==`, its negation).
fn cmp_ops(code: u16) -> Option<(&'static str, &'static str)> {
    match code & 0xf0 {
        0x10 => Some(("==", "!=")),
        0x20 => Some((">", "<=")),
        0x30 => Some((">=", "<")),
        0x40 => Some(("&", "")),
        _ => None,
    }
}

/// The statement of one instruction without its jumps, or `None` if seccomp-tools'
/// syntax has none for it. Jumps and returns are handled by the callers.
fn plain(i: &Insn, endian: Endian) -> Option<String> {
    let k = i.k;
    Some(match i.code {
        0x20 => format!(
            "A = {}",
            field(k, endian)
                .or_else(|| (k.is_multiple_of(4) && k < 64).then(|| format!("data[{k}]")))?
        ),
        0x00 => format!("A = 0x{k:x}"),
        0x01 => format!("X = 0x{k:x}"),
        0x60 if k < 16 => format!("A = mem[{k}]"),
        0x61 if k < 16 => format!("X = mem[{k}]"),
        0x80 if k == 0 => "A = len".into(),
        0x02 if k < 16 => format!("mem[{k}] = A"),
        0x03 if k < 16 => format!("mem[{k}] = X"),
        0x84 if k == 0 => "A = -A".into(),
        0x07 if k == 0 => "X = A".into(),
        0x87 if k == 0 => "A = X".into(),
        c if c <= 0xff && c & 0x07 == 0x04 && c & 0x08 == 0 => format!("A {}= 0x{k:x}", alu_op(c)?),
        c if c <= 0xff && c & 0x07 == 0x04 && k == 0 => format!("A {}= X", alu_op(c)?),
        _ => return None,
    })
}

fn listing_text(i: &Insn, pc: usize, endian: Endian) -> String {
    let at = |off: u8| format!("{:04}", pc + 1 + usize::from(off));
    if let Some(s) = plain(i, endian) {
        return s;
    }
    match i.code {
        0x06 => format!("return {}", ret_text(i.k)),
        0x16 => "return A".into(),
        0x05 => format!("goto {:04}", (pc as u64) + 1 + u64::from(i.k)),
        c if c <= 0xff && c & 0x07 == 0x05 && (c & 0x08 == 0 || i.k == 0) => {
            let Some((op, neg)) = cmp_ops(c) else {
                return "(unknown)".into();
            };
            let rhs = if c & 0x08 != 0 {
                "X".to_string()
            } else {
                format!("0x{:x}", i.k)
            };
            if i.jt == 0 && i.jf == 0 {
                return "/* no-op */".into();
            }
            if i.jt == 0 {
                return if op == "&" {
                    format!("if (!(A & {rhs})) goto {}", at(i.jf))
                } else {
                    format!("if (A {neg} {rhs}) goto {}", at(i.jf))
                };
            }
            let mut s = format!("if (A {op} {rhs}) goto {}", at(i.jt));
            if i.jf != 0 {
                let _ = write!(s, " else goto {}", at(i.jf));
            }
            s
        }
        _ => "(unknown)".into(),
    }
}

/// The disasm listing, with seccomp-tools' header and rows.
pub(crate) fn encode_listing(prog: &[Insn], endian: Endian) -> String {
    let mut s = format!("{HEADER}\n{RULE}\n");
    for (pc, i) in prog.iter().enumerate() {
        let _ = writeln!(
            s,
            " {pc:04}: 0x{:02x} 0x{:02x} 0x{:02x} 0x{:08x}  {}",
            i.code,
            i.jt,
            i.jf,
            i.k,
            listing_text(i, pc, endian)
        );
    }
    s
}

/// The asm text: one statement per instruction, a label `L<pc>` before each jump target,
/// constants in hex (no syscall or arch names, so the text means the same on every arch).
pub(crate) fn encode_asm(prog: &[Insn], endian: Endian) -> Result<String, EncodeError> {
    let n = prog.len();
    // Targets inside the program get a label; past its end (bytes the checker refuses,
    // kept as they are), a relative count, which seccomp-tools reads as such.
    let mut targets = vec![false; n];
    for (pc, i) in prog.iter().enumerate() {
        let offs: Vec<u64> = if i.code == 0x05 {
            vec![u64::from(i.k)]
        } else if i.code & 0x07 == 0x05 {
            vec![u64::from(i.jt), u64::from(i.jf)]
        } else {
            Vec::new()
        };
        for off in offs.into_iter().filter(|&o| o != 0) {
            if let Some(t) = targets.get_mut(pc + 1 + off as usize) {
                *t = true;
            }
        }
    }
    let err = |pc: usize, why: String| EncodeError::new(pc, why);
    let label = |pc: usize, off: u64| {
        let t = pc as u64 + 1 + off;
        if off == 0 {
            "next".to_string()
        } else if t < n as u64 {
            format!("L{t:04}")
        } else {
            off.to_string()
        }
    };
    let goto = |pc: usize, off: u8| label(pc, u64::from(off));
    let mut s = String::from("# seccomp-tools asm, written by secbpf\n");
    for (pc, i) in prog.iter().enumerate() {
        if super::ceccomp::unused_fields_cleared(*i) != *i {
            return Err(err(pc, format!(
                "instruction {{ 0x{:02x}, {}, {}, 0x{:08x} }} sets jt, jf or k where it ignores them; seccomp-tools asm has no way to write those bytes (use --to seccomp-tools, the listing, which keeps them)",
                i.code, i.jt, i.jf, i.k
            )));
        }
        let stmt = if let Some(p) = plain(i, endian) {
            p
        } else {
            match i.code {
                0x06 => format!("return {}", ret_text(i.k)),
                0x16 => "return A".into(),
                0x05 => format!("goto {}", label(pc, u64::from(i.k))),
                c if c <= 0xff && c & 0x07 == 0x05 && (c & 0x08 == 0 || i.k == 0) && cmp_ops(c).is_some() => {
                    if i.jt == i.jf {
                        return Err(err(pc, format!(
                            "a conditional jump whose two branches go to the same place (jt = jf = {}) has no seccomp-tools asm form: seccomp-tools assembles it as `goto`, other bytes with the same effect",
                            i.jt
                        )));
                    }
                    let (op, _) = cmp_ops(c).unwrap_or(("==", "!="));
                    let rhs = if c & 0x08 != 0 { "X".to_string() } else { format!("0x{:x}", i.k) };
                    format!("if (A {op} {rhs}) goto {} else goto {}", goto(pc, i.jt), goto(pc, i.jf))
                }
                _ => {
                    return Err(err(pc, format!(
                        "instruction {{ 0x{:02x}, {}, {}, 0x{:08x} }} has no seccomp-tools asm form (seccomp-tools writes only what seccomp accepts: aligned 32-bit loads below 64, mem[0..15], the ALU, jumps and returns)",
                        i.code, i.jt, i.jf, i.k
                    )))
                }
            }
        };
        if targets[pc] {
            let _ = writeln!(s, "L{pc:04}: {stmt}");
        } else {
            let _ = writeln!(s, "{stmt}");
        }
    }
    Ok(s)
}

// ---- the asm reader ----

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Nl,
    Word(String),
    Num(u64),
    P(&'static str),
}

const PUNCT: [&str; 30] = [
    "<<=", ">>=", "==", "!=", ">=", "<=", "+=", "-=", "*=", "/=", "|=", "^=", "&=", "<<", ">>",
    "(", ")", "[", "]", "=", "!", "&", "?", ":", ">", "<", "+", "-", "*", "/",
];

fn syntax(line: usize, msg: String) -> DecodeError {
    DecodeError::new(DecodeErrorKind::Syntax, msg).at(line, None)
}

fn lex(s: &str) -> Result<Vec<(Tok, usize)>, DecodeError> {
    let mut out = Vec::new();
    for (ln, line) in s.lines().enumerate() {
        let ln = ln + 1;
        let line = line.split('#').next().unwrap_or_default();
        let b = line.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            if c.is_ascii_whitespace() {
                i += 1;
                continue;
            }
            if c.is_ascii_digit() {
                let start = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                    i += 1;
                }
                let t = &line[start..i];
                let v = if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
                    u64::from_str_radix(h, 16).ok()
                } else {
                    t.parse::<u64>().ok()
                };
                let v = v.filter(|&v| v <= u64::from(u32::MAX)).ok_or_else(|| {
                    DecodeError::new(
                        DecodeErrorKind::BadNumber,
                        format!("`{t}` is not a 32-bit number"),
                    )
                    .at(ln, Some(start + 1))
                })?;
                out.push((Tok::Num(v), ln));
                continue;
            }
            if c.is_ascii_alphabetic() || c == b'_' {
                let start = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'.')
                {
                    i += 1;
                }
                out.push((Tok::Word(line[start..i].to_string()), ln));
                continue;
            }
            let rest = &line[i..];
            match PUNCT.iter().find(|p| rest.starts_with(**p)) {
                Some(p) => {
                    out.push((Tok::P(p), ln));
                    i += p.len();
                }
                None => {
                    let ch = rest.chars().next().unwrap_or('?');
                    return Err(
                        syntax(ln, format!("unexpected character `{ch}`")).at(ln, Some(i + 1))
                    );
                }
            }
        }
        out.push((Tok::Nl, ln));
    }
    Ok(out)
}

enum Target {
    Rel(u64),
    Label(String, usize),
}

enum Stmt {
    Insn(Insn),
    Jump {
        code: u16,
        k: u32,
        jt: Target,
        jf: Target,
        line: usize,
    },
    Ja(Target, usize),
}

struct P<'a> {
    toks: Vec<(Tok, usize)>,
    pos: usize,
    arch: &'a Arch,
}

fn arch_value(name: &str) -> Option<u32> {
    let n = name.to_ascii_uppercase();
    let arch = n.strip_prefix("ARCH_")?;
    let a = match arch {
        "X86_64" => "x86_64",
        "I386" => "x86",
        other => return Arch::by_name(other).map(|a| a.audit),
    };
    Arch::by_name(a).map(|a| a.audit)
}

fn action_value(name: &str) -> Option<u32> {
    Some(match name {
        "KILL_PROCESS" => 0x8000_0000,
        "KILL_THREAD" | "KILL" => 0,
        "TRAP" => 0x0003_0000,
        "ERRNO" => 0x0005_0000,
        "USER_NOTIF" => 0x7fc0_0000,
        "LOG" => 0x7ffc_0000,
        "TRACE" => 0x7ff0_0000,
        "ALLOW" => 0x7fff_0000,
        _ => return None,
    })
}

impl P<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.0)
    }
    fn line(&self) -> usize {
        self.toks
            .get(self.pos)
            .or(self.toks.last())
            .map_or(1, |t| t.1)
    }
    fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.pos).map(|t| t.0.clone());
        self.pos += 1;
        t
    }
    fn skip_nl(&mut self) {
        while self.peek() == Some(&Tok::Nl) {
            self.pos += 1;
        }
    }
    fn err(&self, msg: impl Into<String>) -> DecodeError {
        syntax(self.line(), msg.into())
    }
    fn found(&self) -> String {
        match self.peek() {
            None => "the end of the text".into(),
            Some(Tok::Nl) => "the end of the line".into(),
            Some(Tok::Word(w)) => format!("`{w}`"),
            Some(Tok::Num(n)) => format!("`{n}`"),
            Some(Tok::P(p)) => format!("`{p}`"),
        }
    }
    fn expect(&mut self, p: &'static str) -> Result<(), DecodeError> {
        if self.peek() == Some(&Tok::P(p)) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.err(format!("expected `{p}`, found {}", self.found())))
        }
    }
    fn is_word(&self, w: &str) -> bool {
        matches!(self.peek(), Some(Tok::Word(x)) if x.eq_ignore_ascii_case(w))
    }
    fn constexpr(&mut self) -> Result<u32, DecodeError> {
        match self.next() {
            Some(Tok::P("(")) => {
                let v = self.constexpr()?;
                self.expect(")")?;
                Ok(v)
            }
            Some(Tok::P("-")) => match self.next() {
                Some(Tok::Num(n)) => Ok((n as u32).wrapping_neg()),
                _ => Err(self.err("expected a number after `-`")),
            },
            Some(Tok::Num(n)) => Ok(n as u32),
            Some(Tok::Word(w)) => {
                if let Some(v) = arch_value(&w) {
                    return Ok(v);
                }
                let (arch, name) = match w.split_once('.') {
                    Some((a, n)) => {
                        let a = match a.to_ascii_lowercase().as_str() {
                            "amd64" => Arch::by_name("x86_64"),
                            "i386" => Arch::by_name("x86"),
                            other => Arch::by_name(other),
                        };
                        (
                            a.ok_or_else(|| {
                                self.err(format!("`{w}`: unknown arch before the dot"))
                            })?,
                            n,
                        )
                    }
                    None => (self.arch, w.as_str()),
                };
                arch.syscall_nr(name).ok_or_else(|| {
                    DecodeError::new(
                        DecodeErrorKind::UnknownIdentifier,
                        format!("`{w}` is not a syscall of {} (nor an ARCH_ name); give the number, or the arch with --arch", arch.name),
                    )
                    .at(self.line(), None)
                })
            }
            _ => {
                self.pos -= 1;
                Err(self.err(format!("expected a number, found {}", self.found())))
            }
        }
    }
    fn index(&mut self, max: u32, what: &str) -> Result<u32, DecodeError> {
        self.expect("[")?;
        let v = self.constexpr()?;
        self.expect("]")?;
        if v > max {
            return Err(self.err(format!(
                "index of {what}[] must be between 0 and {max}, got {v}"
            )));
        }
        Ok(v)
    }
    fn target(&mut self) -> Result<Target, DecodeError> {
        let line = self.line();
        match self.next() {
            Some(Tok::Num(n)) => Ok(Target::Rel(n)),
            Some(Tok::Word(w)) if w == "next" => Ok(Target::Rel(0)),
            Some(Tok::Word(w)) => Ok(Target::Label(w, line)),
            _ => {
                self.pos -= 1;
                Err(self.err(format!(
                    "expected a label, `next` or a number after goto, found {}",
                    self.found()
                )))
            }
        }
    }
    fn goto_kw(&mut self) -> Result<(), DecodeError> {
        if self.is_word("goto") || self.is_word("jmp") || self.is_word("jump") {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.err(format!("expected `goto`, found {}", self.found())))
        }
    }
    /// `A <cmp> (X | constexpr)`, or `!(...)`: (jump code, k, negations).
    fn comparison(&mut self) -> Result<(u16, u32, bool), DecodeError> {
        self.skip_nl();
        if self.peek() == Some(&Tok::P("!")) {
            self.pos += 1;
            self.expect("(")?;
            let (c, k, neg) = self.comparison()?;
            self.skip_nl();
            self.expect(")")?;
            return Ok((c, k, !neg));
        }
        if !self.is_word("a") {
            return Err(self.err(format!(
                "a comparison starts with `A`, found {}",
                self.found()
            )));
        }
        self.pos += 1;
        self.skip_nl();
        let op = match self.next() {
            Some(Tok::P(p)) if matches!(p, "==" | "!=" | ">=" | "<=" | ">" | "<" | "&") => p,
            _ => {
                self.pos -= 1;
                return Err(self.err(format!(
                    "expected a comparison (== != > >= < <= &), found {}",
                    self.found()
                )));
            }
        };
        self.skip_nl();
        let (x, k) = if self.is_word("x") {
            self.pos += 1;
            (true, 0)
        } else {
            (false, self.constexpr()?)
        };
        let src = if x { 0x08 } else { 0 };
        let (base, neg) = match op {
            "==" => (0x15, false),
            "!=" => (0x15, true),
            ">=" => (0x35, false),
            "<=" => (0x25, true),
            ">" => (0x25, false),
            "<" => (0x35, true),
            _ => (0x45, false),
        };
        Ok((base | src, k, neg))
    }
    fn statement(&mut self) -> Result<Stmt, DecodeError> {
        let line = self.line();
        let ins = |c: u16, k: u32| Ok(Stmt::Insn(Insn::new(c, 0, 0, k)));
        if self.is_word("if") {
            self.pos += 1;
            self.skip_nl();
            self.expect("(")?;
            let (code, k, neg) = self.comparison()?;
            self.skip_nl();
            self.expect(")")?;
            self.skip_nl();
            self.goto_kw()?;
            let t = self.target()?;
            let save = self.pos;
            self.skip_nl();
            let f = if self.is_word("else") {
                self.pos += 1;
                self.skip_nl();
                self.goto_kw()?;
                self.target()?
            } else {
                self.pos = save;
                Target::Rel(0)
            };
            let (jt, jf) = if neg { (f, t) } else { (t, f) };
            return Ok(Stmt::Jump {
                code,
                k,
                jt,
                jf,
                line,
            });
        }
        if self.is_word("goto") || self.is_word("jmp") || self.is_word("jump") {
            self.pos += 1;
            return Ok(Stmt::Ja(self.target()?, line));
        }
        if self.is_word("return") {
            self.pos += 1;
            if self.is_word("a") {
                self.pos += 1;
                return ins(0x16, 0);
            }
            if let Some(Tok::Word(w)) = self.peek() {
                if let Some(v) = action_value(w) {
                    self.pos += 1;
                    if self.peek() == Some(&Tok::P("(")) {
                        self.pos += 1;
                        let d = self.constexpr()?;
                        self.expect(")")?;
                        return ins(0x06, v | (d & 0xffff));
                    }
                    return ins(0x06, v);
                }
            }
            return ins(0x06, self.constexpr()?);
        }
        if self.is_word("mem") {
            let i = {
                self.pos += 1;
                self.index(15, "mem")?
            };
            self.expect("=")?;
            if self.is_word("a") {
                self.pos += 1;
                return ins(0x02, i);
            }
            if self.is_word("x") {
                self.pos += 1;
                return ins(0x03, i);
            }
            return Err(self.err(format!("mem[{i}] takes A or X, found {}", self.found())));
        }
        if self.is_word("x") {
            self.pos += 1;
            self.expect("=")?;
            if self.is_word("a") {
                self.pos += 1;
                return ins(0x07, 0);
            }
            if self.is_word("mem") {
                self.pos += 1;
                let i = self.index(15, "mem")?;
                return ins(0x61, i);
            }
            return ins(0x01, self.constexpr()?);
        }
        if self.is_word("a") {
            self.pos += 1;
            let op = match self.next() {
                Some(Tok::P(p)) => p,
                _ => {
                    self.pos -= 1;
                    return Err(self.err(format!(
                        "expected `=`, an operator or a comparison after A, found {}",
                        self.found()
                    )));
                }
            };
            if op == "=" {
                return self.a_rval();
            }
            if let Some(base) = op
                .strip_suffix('=')
                .and_then(|o| ALU.iter().find(|(_, s)| *s == o))
                .map(|(c, _)| *c)
            {
                if op.len() >= 2 && !matches!(op, "==" | "!=" | ">=" | "<=") {
                    self.skip_nl();
                    if self.is_word("x") {
                        self.pos += 1;
                        return ins(0x04 | 0x08 | base, 0);
                    }
                    return ins(0x04 | base, self.constexpr()?);
                }
            }
            // `A == k ? jt : jf`
            self.pos -= 2;
            let (code, k, neg) = self.comparison()?;
            self.expect("?")?;
            let t = self.target()?;
            self.expect(":")?;
            let f = self.target()?;
            let (jt, jf) = if neg { (f, t) } else { (t, f) };
            return Ok(Stmt::Jump {
                code,
                k,
                jt,
                jf,
                line,
            });
        }
        Err(self.err(format!(
            "expected a statement (A = ..., X = ..., mem[i] = ..., if (...) goto ..., goto ..., return ...), found {}",
            self.found()
        )))
    }
    fn a_rval(&mut self) -> Result<Stmt, DecodeError> {
        let ins = |c: u16, k: u32| Ok(Stmt::Insn(Insn::new(c, 0, 0, k)));
        let le = self.arch.endian == Endian::Little;
        let word = |base: u32, hi: bool| base + if hi == le { 4 } else { 0 };
        if self.peek() == Some(&Tok::P("-"))
            && matches!(self.toks.get(self.pos + 1), Some((Tok::Word(w), _)) if w.eq_ignore_ascii_case("a"))
        {
            self.pos += 2;
            return ins(0x84, 0);
        }
        let Some(Tok::Word(w)) = self.peek().cloned() else {
            return ins(0x00, self.constexpr()?);
        };
        let lw = w.to_ascii_lowercase();
        let off = match lw.as_str() {
            "x" => {
                self.pos += 1;
                return ins(0x87, 0);
            }
            "len" => {
                self.pos += 1;
                return ins(0x80, 0);
            }
            "mem" => {
                self.pos += 1;
                let i = self.index(15, "mem")?;
                return ins(0x60, i);
            }
            "sys_number" => {
                self.pos += 1;
                return ins(0x20, 0);
            }
            "arch" => {
                self.pos += 1;
                return ins(0x20, 4);
            }
            "data" => {
                self.pos += 1;
                let i = self.index(63, "data")?;
                if !i.is_multiple_of(4) {
                    return Err(self.err(format!(
                        "index of data[] must be a multiple of 4 and less than 64, got {i}"
                    )));
                }
                return ins(0x20, i);
            }
            "instruction_pointer" => {
                self.pos += 1;
                word(8, false)
            }
            "args" | "args_h" => {
                self.pos += 1;
                let i = self.index(5, &lw)?;
                word(16 + 8 * i, lw == "args_h")
            }
            _ => return ins(0x00, self.constexpr()?),
        };
        // An optional `>> 32`: the other word of the same 64-bit field.
        if self.peek() == Some(&Tok::P(">>")) {
            self.pos += 1;
            if self.next() != Some(Tok::Num(32)) {
                self.pos -= 1;
                return Err(self.err("the only operator after an argument is `>> 32`"));
            }
            return ins(0x20, off ^ 4);
        }
        ins(0x20, off)
    }
}

/// Read seccomp-tools asm text; syscall names are those of `arch` unless prefixed
/// (`i386.read`), and `args[i]` words are placed by `arch`'s byte order.
pub(crate) fn decode_asm(s: &str, arch: &Arch) -> Result<Vec<Insn>, DecodeError> {
    let mut p = P {
        toks: lex(s)?,
        pos: 0,
        arch,
    };
    let mut stmts: Vec<Stmt> = Vec::new();
    let mut labels: HashMap<String, usize> = HashMap::new();
    loop {
        p.skip_nl();
        if p.peek().is_none() {
            break;
        }
        // labels: `name:`
        if let (Some(Tok::Word(w)), Some((Tok::P(":"), _))) =
            (p.peek().cloned(), p.toks.get(p.pos + 1))
        {
            if w == "next" {
                return Err(p.err("'next' is a reserved label"));
            }
            if labels.insert(w.clone(), stmts.len()).is_some() {
                return Err(p.err(format!("label `{w}` is defined twice")));
            }
            p.pos += 2;
            continue;
        }
        stmts.push(p.statement()?);
        match p.peek() {
            None | Some(Tok::Nl) => {}
            _ => {
                return Err(p.err(format!(
                    "expected the end of the statement, found {}",
                    p.found()
                )))
            }
        }
    }
    let resolve = |pc: usize, t: &Target, line: usize| -> Result<u64, DecodeError> {
        match t {
            Target::Rel(n) => Ok(*n),
            Target::Label(l, line) => {
                let at = *labels.get(l).ok_or_else(|| {
                    DecodeError::new(DecodeErrorKind::UnknownIdentifier, format!("undefined label `{l}`")).at(*line, None)
                })?;
                if at <= pc {
                    return Err(syntax(*line, format!("label `{l}` is not after this statement: classic BPF jumps only forward")));
                }
                Ok((at - pc - 1) as u64)
            }
        }
        .map_err(|e: DecodeError| if e.line().is_none() { e.at(line, None) } else { e })
    };
    let mut out = Vec::with_capacity(stmts.len());
    for (pc, st) in stmts.iter().enumerate() {
        out.push(match st {
            Stmt::Insn(i) => *i,
            Stmt::Ja(t, line) => {
                let d = resolve(pc, t, *line)?;
                Insn::new(0x05, 0, 0, u32::try_from(d).unwrap_or(u32::MAX))
            }
            Stmt::Jump { code, k, jt, jf, line } => {
                let (t, f) = (resolve(pc, jt, *line)?, resolve(pc, jf, *line)?);
                if t == f {
                    // seccomp-tools writes a comparison whose branches agree as `goto`.
                    Insn::new(0x05, 0, 0, u32::try_from(t).unwrap_or(u32::MAX))
                } else {
                    for d in [t, f] {
                        if d > 255 {
                            return Err(DecodeError::new(
                                DecodeErrorKind::Syntax,
                                format!("a conditional jump over {d} instructions: classic BPF's jt/jf hold at most 255 (older seccomp-tools versions silently kept the low 8 bits; this reader refuses)"),
                            )
                            .at(*line, None));
                        }
                    }
                    Insn::new(*code, t as u8, f as u8, *k)
                }
            }
        });
    }
    Ok(out)
}

/// Whether a code line (comments and labels removed) decides between bpf_asm and
/// seccomp-tools asm: `goto`, `jmp`, `jump` and `else` lines do not (bpf_asm has `jmp`
/// too).
pub(crate) fn is_decisive(line: &str) -> bool {
    let w: String = line
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    !matches!(
        w.to_ascii_lowercase().as_str(),
        "goto" | "jmp" | "jump" | "else"
    )
}

/// True if the first decisive code line of `code` (comments removed) is a seccomp-tools
/// asm statement: it starts (after `label:`s) with `A`, `X`, `mem[`, `if` or `return`.
pub(crate) fn first_token_is_asm(first: &str) -> bool {
    let w: String = first
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let rest = first[w.len()..].trim_start();
    match w.to_ascii_lowercase().as_str() {
        "a" | "x" => rest.starts_with('=') || rest.starts_with(|c: char| "+-*/|&^<>!?".contains(c)),
        "mem" => rest.starts_with('['),
        "if" => rest.starts_with('('),
        "return" => true,
        _ => false,
    }
}
