//! Assembler for the kernel's `bpf_asm` syntax (tools/bpf; kernel-facts §8.1).
//!
//! Everything bpf_asm accepts is accepted with the same encoding: the mnemonics `ldb ldh
//! ld ldi ldx ldxi ldxb st stx jmp ja jeq jneq jne jlt jle jgt jge jset add sub mul div mod
//! neg and or xor lsh rsh ret tax txa` (case-insensitive), the operands `#k`, `M[k]`,
//! `[k]`, `[x + k]`, `x`/`%x`, `a`/`%a`, `len`/`#len`, `4*([k]&0xf)` and the extensions
//! (`proto`, `rand`, ... with or without `#`, giving `SKF_AD_OFF + SKF_AD_*`), labels
//! `name:` on the instruction's line or on a line of their own before it, the two- and
//! one-label conditional forms, the one-label pseudo ops `jneq`/`jne` (JEQ), `jlt` (JGE)
//! and `jle` (JGT) encoded through the *false* branch with `jt = 0`, comments (`;` and
//! `//` to the end of the line, `/* ... */`, lines starting with `#`), and numbers in
//! hex (`0x`), binary (`0b`), octal (leading `0`) and decimal, negative decimals being
//! taken modulo 2^32 (`#-1` is `0xffffffff`).
//!
//! Where bpf_asm would silently produce something else, this assembler refuses with an
//! error: backward jumps and conditional jumps further than 255 instructions (the error
//! names the label and the distance), undefined and duplicate labels, a label not
//! followed by an instruction, numbers wider than 32 bits, more than 65535 instructions.
//! It does not limit programs to 4096 instructions (the checker reports that).
//!
//! Accepted beyond bpf_asm (never required):
//! - `.insn code, jt, jf, k`: one raw instruction, any values (what the disassembler
//!   writes for instructions bpf_asm syntax cannot express exactly);
//! - one-character labels, and `[x+5]` without blanks;
//! - symbolic immediates: `#AUDIT_ARCH_X86_64`, `#__NR_read` / `#SYS_read` (for
//!   [`AsmOptions::arch`]), `#EPERM`, `#SECCOMP_RET_ALLOW`, any `BPF_*` constant;
//! - seccomp actions in `ret`: `ret #ALLOW`, `ret #ERRNO(13)`, `ret #ERRNO(EACCES)`, `ret #KILL_PROCESS`,
//!   `ret #TRAP(1)`, ... (as [`crate::seccomp::action::parse_ret`] reads them);
//! - `struct seccomp_data` fields in absolute loads: `ld [nr]`, `ld [arch]`, `ld [ip]`,
//!   `ld [ip_hi]`, `ld [args[N]]` (low word), `ld [args_hi[N]]` (high word), the word
//!   offsets following [`AsmOptions::endian`].

mod lex;

use crate::consts::*;
use crate::insn::{Endian, Insn};
use crate::seccomp::{Arch, Field};
use lex::{Tok, Token};
use std::collections::HashMap;
use std::fmt;

/// Most instructions a program may have: the kernel's `sock_fprog.len` is 16 bits.
pub const MAX_PROGRAM_LEN: usize = 65535;

/// Options of [`assemble_with`].
#[derive(Clone, Copy, Debug)]
pub struct AsmOptions {
    /// Arch whose syscall table resolves `#__NR_name` / `#SYS_name` (default x86_64).
    pub arch: &'static Arch,
    /// Byte order of `seccomp_data` for the `[args[N]]`-style field loads (default little).
    pub endian: Endian,
}

impl Default for AsmOptions {
    fn default() -> Self {
        AsmOptions {
            arch: Arch::x86_64(),
            endian: Endian::Little,
        }
    }
}

/// What went wrong in an [`AsmError`].
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AsmErrorKind {
    /// Malformed text: unexpected character or token, missing punctuation.
    Syntax,
    /// A name where a mnemonic was expected that is none.
    UnknownMnemonic,
    /// An operand the mnemonic does not take.
    BadOperand,
    /// A malformed number, or one that does not fit its field.
    BadNumber,
    /// An unknown symbolic constant (`#FOO`).
    UnknownSymbol,
    /// A jump to a label that is never defined.
    UndefinedLabel,
    /// A label defined twice.
    DuplicateLabel,
    /// A label at the end of the text, with no instruction after it.
    DanglingLabel,
    /// A jump backwards, or a conditional jump further than 255 instructions.
    JumpOutOfRange,
    /// More than 65535 instructions.
    TooLong,
    /// A bpf_asm form bpf_asm itself does not support (`ldxb` other than `4*([k]&0xf)`).
    Unsupported,
}

impl AsmErrorKind {
    /// Lowercase category name used in messages.
    pub fn name(self) -> &'static str {
        match self {
            AsmErrorKind::Syntax => "syntax error",
            AsmErrorKind::UnknownMnemonic => "unknown mnemonic",
            AsmErrorKind::BadOperand => "bad operand",
            AsmErrorKind::BadNumber => "bad number",
            AsmErrorKind::UnknownSymbol => "unknown symbol",
            AsmErrorKind::UndefinedLabel => "undefined label",
            AsmErrorKind::DuplicateLabel => "duplicate label",
            AsmErrorKind::DanglingLabel => "dangling label",
            AsmErrorKind::JumpOutOfRange => "jump out of range",
            AsmErrorKind::TooLong => "program too long",
            AsmErrorKind::Unsupported => "unsupported",
        }
    }
}

/// An assembly error with its position. Display: `category: detail (at line L, column C)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AsmError {
    kind: AsmErrorKind,
    line: usize,
    col: usize,
    msg: String,
}

impl AsmError {
    pub(crate) fn new(kind: AsmErrorKind, line: usize, col: usize, msg: String) -> AsmError {
        AsmError {
            kind,
            line,
            col,
            msg,
        }
    }
    /// What went wrong.
    pub fn kind(&self) -> AsmErrorKind {
        self.kind
    }
    /// 1-based line of the offending text.
    pub fn line(&self) -> usize {
        self.line
    }
    /// 1-based column (in characters) of the offending text.
    pub fn col(&self) -> usize {
        self.col
    }
    /// The detail, without category and position.
    pub fn detail(&self) -> &str {
        &self.msg
    }
}

impl fmt::Display for AsmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} (at line {}, column {})",
            self.kind.name(),
            self.msg,
            self.line,
            self.col
        )
    }
}

impl std::error::Error for AsmError {}

/// Assemble bpf_asm source with default options (x86_64 names, little-endian fields).
///
/// ```
/// use secbpf::{asm, Insn};
///
/// let prog = asm::assemble(
///     "ld [nr]\njeq #__NR_openat, no\nret #ALLOW\nno: ret #ERRNO(EACCES)\n",
/// )?;
/// assert_eq!(prog[0], Insn::new(0x20, 0, 0, 0)); // ld [0]
/// assert_eq!(prog[1], Insn::new(0x15, 1, 0, 257)); // jeq #257, +1
/// assert_eq!(prog[3].k, 0x0005_000d); // SECCOMP_RET_ERRNO | 13
///
/// let err = asm::assemble("ld [nr]\njmp nowhere\n").unwrap_err();
/// assert_eq!((err.kind(), err.line()), (asm::AsmErrorKind::UndefinedLabel, 2));
/// # Ok::<(), asm::AsmError>(())
/// ```
///
/// # Errors
/// The first line that is not valid bpf_asm (or that bpf_asm would encode as something
/// else), with its line and column.
pub fn assemble(src: &str) -> Result<Vec<Insn>, AsmError> {
    assemble_with(src, &AsmOptions::default())
}

/// Assemble bpf_asm source.
pub fn assemble_with(src: &str, opts: &AsmOptions) -> Result<Vec<Insn>, AsmError> {
    let toks = lex::tokenize(src)?;
    let mut p = Parser {
        toks,
        pos: 0,
        opts,
        stmts: Vec::new(),
        labels: HashMap::new(),
    };
    p.program()?;
    p.resolve()
}

/// A label used by an instruction, with where it was written.
#[derive(Clone, Debug)]
struct LabelRef {
    name: String,
    line: usize,
    col: usize,
}

/// A jump offset field before label resolution.
#[derive(Clone, Debug)]
enum Off {
    Fixed(u32),
    Label(LabelRef),
}

#[derive(Clone, Debug)]
struct Stmt {
    code: u16,
    jt: Off,
    jf: Off,
    k: Off,
}

const EXTENSIONS: &[(&str, u32)] = &[
    ("proto", SKF_AD_PROTOCOL),
    ("type", SKF_AD_PKTTYPE),
    ("poff", SKF_AD_PAY_OFFSET),
    ("ifidx", SKF_AD_IFINDEX),
    ("nla", SKF_AD_NLATTR),
    ("nlan", SKF_AD_NLATTR_NEST),
    ("mark", SKF_AD_MARK),
    ("queue", SKF_AD_QUEUE),
    ("hatype", SKF_AD_HATYPE),
    ("rxhash", SKF_AD_RXHASH),
    ("cpu", SKF_AD_CPU),
    ("vlan_tci", SKF_AD_VLAN_TAG),
    ("vlan_pr", SKF_AD_VLAN_TAG_PRESENT),
    ("vlan_avail", SKF_AD_VLAN_TAG_PRESENT),
    ("vlan_tpid", SKF_AD_VLAN_TPID),
    ("rand", SKF_AD_RANDOM),
];

/// The extension keyword bpf_asm spells for ancillary offset `k - SKF_AD_OFF`, if any
/// (first spelling for values with two).
pub(crate) fn extension_name(k: u32) -> Option<&'static str> {
    let off = k.checked_sub(SKF_AD_OFF)?;
    EXTENSIONS.iter().find(|(_, v)| *v == off).map(|(n, _)| *n)
}

fn extension(name: &str) -> Option<u32> {
    let lower = name.to_ascii_lowercase();
    EXTENSIONS
        .iter()
        .find(|(n, _)| *n == lower)
        .map(|(_, v)| SKF_AD_OFF.wrapping_add(*v))
}

const ALU_OPS: &[(&str, u16)] = &[
    ("add", BPF_ADD),
    ("sub", BPF_SUB),
    ("mul", BPF_MUL),
    ("div", BPF_DIV),
    ("mod", BPF_MOD),
    ("and", BPF_AND),
    ("or", BPF_OR),
    ("xor", BPF_XOR),
    ("lsh", BPF_LSH),
    ("rsh", BPF_RSH),
];

struct Parser<'o> {
    toks: Vec<Token>,
    pos: usize,
    opts: &'o AsmOptions,
    stmts: Vec<Stmt>,
    labels: HashMap<String, usize>,
}

type R<T> = Result<T, AsmError>;

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.toks.get(self.pos)
    }
    fn peek_at(&self, n: usize) -> Option<&Token> {
        self.toks.get(self.pos + n)
    }
    /// Position of the current token, or the end of the last one.
    fn here(&self) -> (usize, usize) {
        match self.peek().or_else(|| self.toks.last()) {
            Some(t) => (t.line, t.col),
            None => (1, 1),
        }
    }
    fn err<T>(&self, kind: AsmErrorKind, msg: impl Into<String>) -> R<T> {
        let (l, c) = self.here();
        Err(AsmError::new(kind, l, c, msg.into()))
    }
    fn describe(&self) -> String {
        match self.peek().map(|t| &t.tok) {
            None => "end of input".into(),
            Some(Tok::Ident(s)) => format!("'{s}'"),
            Some(Tok::Num(n)) => format!("number {n}"),
            Some(Tok::Punct(c)) => format!("'{c}'"),
        }
    }
    fn is_punct(&self, c: char) -> bool {
        matches!(self.peek(), Some(Token { tok: Tok::Punct(p), .. }) if *p == c)
    }
    fn eat_punct(&mut self, c: char) -> bool {
        if self.is_punct(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }
    fn expect_punct(&mut self, c: char) -> R<()> {
        if self.eat_punct(c) {
            Ok(())
        } else {
            self.err(
                AsmErrorKind::Syntax,
                format!("expected '{c}', found {}", self.describe()),
            )
        }
    }
    /// The current token if it is a name, lowercased.
    fn ident_lower(&self) -> Option<String> {
        match self.peek() {
            Some(Token {
                tok: Tok::Ident(s), ..
            }) => Some(s.to_ascii_lowercase()),
            _ => None,
        }
    }
    fn is_kw(&self, kw: &str) -> bool {
        self.ident_lower().as_deref() == Some(kw)
    }
    fn eat_kw(&mut self, kw: &str) -> bool {
        if self.is_kw(kw) {
            self.pos += 1;
            true
        } else {
            false
        }
    }
    /// `x` or `%x`.
    fn eat_reg(&mut self, r: &str) -> bool {
        if self.eat_kw(r) {
            return true;
        }
        if self.is_punct('%') {
            if let Some(Token {
                tok: Tok::Ident(s), ..
            }) = self.peek_at(1)
            {
                if s.eq_ignore_ascii_case(r) {
                    self.pos += 2;
                    return true;
                }
            }
        }
        false
    }
    /// A number with an optional sign; negatives are taken modulo 2^32.
    fn number(&mut self) -> R<u32> {
        let neg = if self.eat_punct('-') {
            true
        } else {
            self.eat_punct('+');
            false
        };
        match self.peek() {
            Some(Token {
                tok: Tok::Num(n), ..
            }) => {
                let n = *n;
                self.pos += 1;
                Ok(if neg { n.wrapping_neg() } else { n })
            }
            _ => self.err(
                AsmErrorKind::Syntax,
                format!("expected a number, found {}", self.describe()),
            ),
        }
    }
    /// A number that must fit in `bits` bits (for `.insn` fields).
    fn number_bits(&mut self, bits: u32, what: &str) -> R<u32> {
        let (l, c) = self.here();
        let v = self.number()?;
        if bits < 32 && v >> bits != 0 {
            return Err(AsmError::new(
                AsmErrorKind::BadNumber,
                l,
                c,
                format!("{what} {v} does not fit in {bits} bits"),
            ));
        }
        Ok(v)
    }
    fn label_ref(&mut self) -> R<LabelRef> {
        match self.peek() {
            Some(Token {
                tok: Tok::Ident(s),
                line,
                col,
            }) => {
                let r = LabelRef {
                    name: s.clone(),
                    line: *line,
                    col: *col,
                };
                self.pos += 1;
                Ok(r)
            }
            _ => self.err(
                AsmErrorKind::Syntax,
                format!("expected a label, found {}", self.describe()),
            ),
        }
    }

    fn program(&mut self) -> R<()> {
        let mut pending: Option<(String, usize, usize)> = None;
        while let Some(t) = self.peek().cloned() {
            let Tok::Ident(name) = &t.tok else {
                return self.err(
                    AsmErrorKind::Syntax,
                    format!(
                        "expected an instruction or a label, found {}",
                        self.describe()
                    ),
                );
            };
            let colon = matches!(
                self.peek_at(1),
                Some(Token {
                    tok: Tok::Punct(':'),
                    ..
                })
            );
            if colon {
                if self.labels.contains_key(name) {
                    return Err(AsmError::new(
                        AsmErrorKind::DuplicateLabel,
                        t.line,
                        t.col,
                        format!("label '{name}' is already defined"),
                    ));
                }
                self.labels.insert(name.clone(), self.stmts.len());
                pending = Some((name.clone(), t.line, t.col));
                self.pos += 2;
                continue;
            }
            if self.stmts.len() >= MAX_PROGRAM_LEN {
                return self.err(
                    AsmErrorKind::TooLong,
                    format!("more than {MAX_PROGRAM_LEN} instructions"),
                );
            }
            pending = None;
            self.pos += 1;
            let stmt = self.instruction(&name.to_ascii_lowercase(), &t)?;
            self.stmts.push(stmt);
        }
        if let Some((name, l, c)) = pending {
            return Err(AsmError::new(
                AsmErrorKind::DanglingLabel,
                l,
                c,
                format!("label '{name}' is not followed by an instruction"),
            ));
        }
        Ok(())
    }

    fn instruction(&mut self, m: &str, t: &Token) -> R<Stmt> {
        let fixed = |code: u16, k: u32| Stmt {
            code,
            jt: Off::Fixed(0),
            jf: Off::Fixed(0),
            k: Off::Fixed(k),
        };
        Ok(match m {
            "ld" => {
                let (code, k) = self.ld_operand(BPF_W, true)?;
                fixed(BPF_LD | code, k)
            }
            "ldh" => {
                let (code, k) = self.ld_operand(BPF_H, false)?;
                fixed(BPF_LD | code, k)
            }
            "ldb" => {
                let (code, k) = self.ld_operand(BPF_B, false)?;
                fixed(BPF_LD | code, k)
            }
            "ldi" => {
                self.eat_punct('#');
                let k = self.immediate(false)?;
                fixed(BPF_LD | BPF_W | BPF_IMM, k)
            }
            "ldx" => {
                if self.eat_punct('#') {
                    if self.eat_kw("len") {
                        fixed(BPF_LDX | BPF_W | BPF_LEN, 0)
                    } else {
                        fixed(BPF_LDX | BPF_W | BPF_IMM, self.immediate(false)?)
                    }
                } else if self.eat_kw("len") {
                    fixed(BPF_LDX | BPF_W | BPF_LEN, 0)
                } else if self.is_kw("m") {
                    fixed(BPF_LDX | BPF_W | BPF_MEM, self.mem()?)
                } else if matches!(
                    self.peek(),
                    Some(Token {
                        tok: Tok::Num(_),
                        ..
                    })
                ) {
                    fixed(BPF_LDX | BPF_B | BPF_MSH, self.msh()?)
                } else {
                    return self.err(
                        AsmErrorKind::BadOperand,
                        format!("ldx does not take {}", self.describe()),
                    );
                }
            }
            "ldxi" => {
                self.eat_punct('#');
                fixed(BPF_LDX | BPF_W | BPF_IMM, self.immediate(false)?)
            }
            "ldxb" => fixed(BPF_LDX | BPF_B | BPF_MSH, self.msh()?),
            "st" => fixed(BPF_ST, self.mem()?),
            "stx" => fixed(BPF_STX, self.mem()?),
            "jmp" | "ja" => Stmt {
                code: BPF_JMP | BPF_JA,
                jt: Off::Fixed(0),
                jf: Off::Fixed(0),
                k: Off::Label(self.label_ref()?),
            },
            "jeq" | "jgt" | "jge" | "jset" => {
                let op = match m {
                    "jeq" => BPF_JEQ,
                    "jgt" => BPF_JGT,
                    "jge" => BPF_JGE,
                    _ => BPF_JSET,
                };
                let (src, k) = self.jump_src()?;
                self.expect_punct(',')?;
                let lt = self.label_ref()?;
                let jf = if self.eat_punct(',') {
                    Off::Label(self.label_ref()?)
                } else {
                    Off::Fixed(0)
                };
                Stmt {
                    code: BPF_JMP | op | src,
                    jt: Off::Label(lt),
                    jf,
                    k: Off::Fixed(k),
                }
            }
            "jneq" | "jne" | "jlt" | "jle" => {
                let op = match m {
                    "jlt" => BPF_JGE,
                    "jle" => BPF_JGT,
                    _ => BPF_JEQ,
                };
                let (src, k) = self.jump_src()?;
                self.expect_punct(',')?;
                let lf = self.label_ref()?;
                if self.is_punct(',') {
                    return self.err(
                        AsmErrorKind::BadOperand,
                        format!("{m} takes a single label"),
                    );
                }
                Stmt {
                    code: BPF_JMP | op | src,
                    jt: Off::Fixed(0),
                    jf: Off::Label(lf),
                    k: Off::Fixed(k),
                }
            }
            "neg" => fixed(BPF_ALU | BPF_NEG, 0),
            "tax" => fixed(BPF_MISC | BPF_TAX, 0),
            "txa" => fixed(BPF_MISC | BPF_TXA, 0),
            "ret" => {
                if self.eat_reg("a") {
                    fixed(BPF_RET | BPF_A, 0)
                } else if self.eat_reg("x") {
                    fixed(BPF_RET | BPF_X, 0)
                } else {
                    self.eat_punct('#');
                    fixed(BPF_RET | BPF_K, self.immediate(true)?)
                }
            }
            ".insn" => {
                let code = self.number_bits(16, "code")?;
                self.expect_punct(',')?;
                let jt = self.number_bits(8, "jt")?;
                self.expect_punct(',')?;
                let jf = self.number_bits(8, "jf")?;
                self.expect_punct(',')?;
                let k = self.number()?;
                // number_bits guarantees the ranges; fall back to an error, never a panic.
                let (Ok(code), true, true) = (u16::try_from(code), jt <= 255, jf <= 255) else {
                    return self.err(AsmErrorKind::BadNumber, "field out of range");
                };
                Stmt {
                    code,
                    jt: Off::Fixed(jt),
                    jf: Off::Fixed(jf),
                    k: Off::Fixed(k),
                }
            }
            _ => {
                if let Some((_, op)) = ALU_OPS.iter().find(|(n, _)| *n == m) {
                    let (src, k) = self.jump_src()?;
                    fixed(BPF_ALU | op | src, k)
                } else {
                    let Tok::Ident(orig) = &t.tok else {
                        return self.err(AsmErrorKind::Syntax, "expected a mnemonic");
                    };
                    return Err(AsmError::new(
                        AsmErrorKind::UnknownMnemonic,
                        t.line,
                        t.col,
                        format!("'{orig}' is not an instruction"),
                    ));
                }
            }
        })
    }

    /// Operand of `ld`/`ldh`/`ldb`: returns (size | mode, k).
    fn ld_operand(&mut self, size: u16, is_word: bool) -> R<(u16, u32)> {
        let hash = self.eat_punct('#');
        if let Some(name) = self.ident_lower() {
            if is_word && name == "len" {
                self.pos += 1;
                return Ok((BPF_W | BPF_LEN, 0));
            }
            if let Some(k) = extension(&name) {
                self.pos += 1;
                return Ok((size | BPF_ABS, k));
            }
            if !hash && name == "m" && is_word {
                return Ok((BPF_MEM, self.mem()?));
            }
        }
        if hash {
            if !is_word {
                return self.err(
                    AsmErrorKind::BadOperand,
                    "immediate loads are word-sized: use ld #k",
                );
            }
            return Ok((BPF_W | BPF_IMM, self.immediate(false)?));
        }
        if self.eat_punct('[') {
            if self.eat_reg("x") {
                let k = if self.eat_punct('+') {
                    self.number()?
                } else {
                    0
                };
                self.expect_punct(']')?;
                return Ok((size | BPF_IND, k));
            }
            let k = if self.ident_lower().is_some() {
                self.field()?
            } else {
                self.number()?
            };
            self.expect_punct(']')?;
            return Ok((size | BPF_ABS, k));
        }
        self.err(
            AsmErrorKind::BadOperand,
            format!("cannot load {}", self.describe()),
        )
    }

    /// A `seccomp_data` field name inside `[...]`.
    fn field(&mut self) -> R<u32> {
        let (l, c) = self.here();
        let name = self.ident_lower().unwrap_or_default();
        self.pos += 1;
        let e = self.opts.endian;
        let field = match name.as_str() {
            "nr" => Field::Nr,
            "arch" => Field::Arch,
            "ip" | "instruction_pointer" => Field::InstructionPointer { high: false },
            "ip_hi" => Field::InstructionPointer { high: true },
            "args" | "args_hi" => {
                self.expect_punct('[')?;
                let (il, ic) = self.here();
                let i = self.number()?;
                self.expect_punct(']')?;
                let index = u8::try_from(i).ok().filter(|i| *i < 6).ok_or_else(|| {
                    AsmError::new(AsmErrorKind::BadOperand, il, ic, format!("args index {i} is not 0..5"))
                })?;
                Field::Arg {
                    index,
                    high: name == "args_hi",
                }
            }
            _ => {
                return Err(AsmError::new(
                    AsmErrorKind::BadOperand,
                    l,
                    c,
                    format!("'{name}' is not a seccomp_data field (nr, arch, ip, ip_hi, args[N], args_hi[N])"),
                ))
            }
        };
        Ok(field.offset(e))
    }

    /// `M[k]`.
    fn mem(&mut self) -> R<u32> {
        if !self.eat_kw("m") {
            return self.err(
                AsmErrorKind::BadOperand,
                format!("expected M[k], found {}", self.describe()),
            );
        }
        self.expect_punct('[')?;
        let k = self.number()?;
        self.expect_punct(']')?;
        Ok(k)
    }

    /// `4*([k]&0xf)`, returning k.
    fn msh(&mut self) -> R<u32> {
        let (l, c) = self.here();
        let mul = self.number()?;
        self.expect_punct('*')?;
        self.expect_punct('(')?;
        self.expect_punct('[')?;
        let k = self.number()?;
        self.expect_punct(']')?;
        self.expect_punct('&')?;
        let mask = self.number()?;
        self.expect_punct(')')?;
        if mul != 4 || mask != 0xf {
            return Err(AsmError::new(
                AsmErrorKind::Unsupported,
                l,
                c,
                "ldxb offset not supported: only 4*([k]&0xf)".into(),
            ));
        }
        Ok(k)
    }

    /// Operand of a jump or ALU op: `#k`, `x` or `%x` → (BPF_K/BPF_X, k).
    fn jump_src(&mut self) -> R<(u16, u32)> {
        if self.eat_reg("x") {
            return Ok((BPF_X, 0));
        }
        if !self.eat_punct('#') {
            return self.err(
                AsmErrorKind::BadOperand,
                format!("expected #k or x, found {}", self.describe()),
            );
        }
        Ok((BPF_K, self.immediate(false)?))
    }

    /// The value after `#`: a number, or a symbol (an action for `ret`).
    fn immediate(&mut self, ret: bool) -> R<u32> {
        let Some(Token {
            tok: Tok::Ident(name),
            line,
            col,
        }) = self.peek().cloned()
        else {
            return self.number();
        };
        self.pos += 1;
        if ret {
            let mut text = name.clone();
            if self.eat_punct('(') {
                let (nl, nc) = self.peek().map_or((line, col), |t| (t.line, t.col));
                // `ret #ERRNO(EPERM)`: an errno name where ERRNO's number goes.
                let errno_name = match self.peek() {
                    Some(Token {
                        tok: Tok::Ident(e), ..
                    }) if name.eq_ignore_ascii_case("ERRNO") => Some(e.clone()),
                    _ => None,
                };
                let n = match errno_name {
                    Some(e) => {
                        self.pos += 1;
                        crate::errno::value(&e).ok_or_else(|| {
                            AsmError::new(
                                AsmErrorKind::UnknownSymbol,
                                nl,
                                nc,
                                format!("unknown errno name '{e}' in {name}({e}) (use a number, or a name such as EPERM, EACCES, ENOSYS)"),
                            )
                        })?
                    }
                    None => self.number()?,
                };
                self.expect_punct(')')?;
                // An action's data is the low 16 bits of the return value
                // (SECCOMP_RET_DATA); a larger number would change the action.
                if n > crate::consts::SECCOMP_RET_DATA
                    && crate::seccomp::action::parse_ret(&name).is_some()
                {
                    return Err(AsmError::new(
                        AsmErrorKind::BadNumber,
                        nl,
                        nc,
                        format!(
                            "{name}({n}): the action data {n} ({n:#x}) is over 16 bits (at most {} (0xffff) fits in SECCOMP_RET_DATA)",
                            crate::consts::SECCOMP_RET_DATA
                        ),
                    ));
                }
                text = format!("{name}({n})");
            }
            if let Some(v) = crate::seccomp::action::parse_ret(&text) {
                return Ok(v);
            }
        }
        crate::codec::symbols::lookup(&name, self.opts.arch).ok_or_else(|| {
            AsmError::new(
                AsmErrorKind::UnknownSymbol,
                line,
                col,
                format!("unknown symbol '{name}'"),
            )
        })
    }

    /// Turn statements into instructions, resolving labels.
    fn resolve(self) -> R<Vec<Insn>> {
        let mut out = Vec::with_capacity(self.stmts.len());
        for (pc, s) in self.stmts.iter().enumerate() {
            let target = |off: &Off, limit: u32| -> R<u32> {
                match off {
                    Off::Fixed(v) => Ok(*v),
                    Off::Label(r) => {
                        let Some(&t) = self.labels.get(&r.name) else {
                            return Err(AsmError::new(
                                AsmErrorKind::UndefinedLabel,
                                r.line,
                                r.col,
                                format!("no such label '{}'", r.name),
                            ));
                        };
                        if t <= pc {
                            return Err(AsmError::new(
                                AsmErrorKind::JumpOutOfRange,
                                r.line,
                                r.col,
                                format!(
                                    "jump to label '{}' goes backwards by {} instructions (from pc {pc} to pc {t}); jumps only go forward",
                                    r.name,
                                    pc + 1 - t
                                ),
                            ));
                        }
                        let dist = t - pc - 1;
                        match u32::try_from(dist) {
                            Ok(d) if d <= limit => Ok(d),
                            _ => Err(AsmError::new(
                                AsmErrorKind::JumpOutOfRange,
                                r.line,
                                r.col,
                                format!(
                                    "jump to label '{}' skips {dist} instructions (from pc {pc} to pc {t}); at most {limit} fit",
                                    r.name
                                ),
                            )),
                        }
                    }
                }
            };
            let jt = target(&s.jt, 255)?;
            let jf = target(&s.jf, 255)?;
            let k = target(&s.k, u32::MAX)?;
            let (Ok(jt), Ok(jf)) = (u8::try_from(jt), u8::try_from(jf)) else {
                return Err(AsmError::new(
                    AsmErrorKind::BadNumber,
                    1,
                    1,
                    "jump offset out of range".into(),
                ));
            };
            out.push(Insn::new(s.code, jt, jf, k));
        }
        Ok(out)
    }
}
