//! Disassembler: programs as bpf_asm text that [`crate::asm::assemble`] turns back into
//! the same instructions, with seccomp-aware comments.
//!
//! # Listing format
//!
//! One instruction per line. Jump targets get labels `L<pc>` (the pc they name), written
//! in a left column wide enough for the longest label; lines without a label are
//! indented to the same column. Comments start at character offset 30 (or one blank after a longer
//! instruction) with `; `. Example:
//!
//! ```text
//!     ld [4]                    ; arch
//!     jeq #0xc000003e, L3       ; x86_64
//!     ret #0x0                  ; KILL_THREAD
//! L3: ld [0]                    ; nr
//!     jne #0x3b, L6             ; execve
//!     ret #0x50001              ; ERRNO(1)
//! L6: ret #0x7fff0000           ; ALLOW
//! ```
//!
//! Spelling rules (stable; golden tests depend on them):
//! - `#k` immediates of `ld`/`ldx`/jumps/`ret`/`and`/`or`/`xor` in hex (`#0x0`), of
//!   `add`/`sub`/`mul`/`div`/`mod`/`lsh`/`rsh` in decimal; offsets of `[k]`, `[x + k]`,
//!   `M[k]` and `4*([k]&0xf)` in decimal below 0x10000, in hex above; ancillary loads by
//!   their bpf_asm extension name (`ld proto`).
//! - Conditional jumps: `jeq #k, Lt` when jf is 0; when only jt is 0, the one-label pseudo
//!   op through the false branch (`jne` for jeq, `jlt` for jge, `jle` for jgt); otherwise
//!   the two-label form (`jset` always uses it when jt is 0 and jf is not).
//! - `.insn 0xCODE, jt, jf, 0xK` for anything bpf_asm syntax cannot express exactly:
//!   unknown opcodes, non-zero fields the opcode ignores, jumps whose target is not an
//!   instruction of the program.
//!
//! Comments (when [`DisasmOptions::comments`] is set): the `seccomp_data` field a 32-bit
//! absolute load reads (`nr`, `arch`, `args[1] (low word)`, ...), the arch name for
//! `jeq` against `arch`, the syscall name for `jeq`/`jgt`/`jge` against `nr` (the arch
//! being the one the filter's own `jeq` on `arch` established on that path, else
//! [`DisasmOptions::arch`]), the action of `ret #k` (`ERRNO(13)`, `ALLOW`), and why an
//! instruction is written as `.insn`. The words of 64-bit fields follow the byte order
//! of that arch (little-endian when no arch is known).

use crate::asm::extension_name;
use crate::consts::*;
use crate::insn::Insn;
use crate::seccomp::{Arch, Field, RetValue};
use std::fmt::Write as _;

/// Options of [`disassemble`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DisasmOptions {
    /// The arch to name syscalls for until the filter's own arch check says otherwise.
    pub arch: Option<&'static Arch>,
    /// Write `; ...` comments (default true).
    pub comments: bool,
}

impl Default for DisasmOptions {
    fn default() -> Self {
        DisasmOptions {
            arch: None,
            comments: true,
        }
    }
}

/// Column (0-based) where comments start.
const COMMENT_COL: usize = 30;

/// An instruction as bpf_asm can spell it, before jump targets are placed.
enum Op {
    /// Complete text.
    Plain(String),
    /// `jmp` with offset k.
    Ja(u32),
    /// Conditional jump: mnemonic and operand (`#0x3b` or `x`).
    Cond(&'static str, String),
}

/// Offsets of loads: decimal when small, hex otherwise.
fn off(k: u32) -> String {
    if k < 0x10000 {
        k.to_string()
    } else {
        format!("{k:#x}")
    }
}

/// The bpf_asm spelling of `i`. With `strict`, fields the opcode ignores must be zero.
fn op_of(i: &Insn, strict: bool) -> Option<Op> {
    let code = i.code;
    if code > 0xff {
        return None;
    }
    let k = i.k;
    let no_jumps = !strict || (i.jt == 0 && i.jf == 0);
    let no_k = !strict || k == 0;
    let plain = |s: String| Some(Op::Plain(s));
    match i.class() {
        BPF_LD | BPF_LDX | BPF_ST | BPF_STX | BPF_ALU | BPF_RET | BPF_MISC if !no_jumps => None,
        BPF_LD => {
            let m = match i.size() {
                BPF_W => "ld",
                BPF_H => "ldh",
                BPF_B => "ldb",
                _ => return None,
            };
            match (i.mode(), i.size()) {
                (BPF_IMM, BPF_W) => plain(format!("ld #{k:#x}")),
                (BPF_ABS, _) => match extension_name(k) {
                    Some(e) => plain(format!("{m} {e}")),
                    None => plain(format!("{m} [{}]", off(k))),
                },
                (BPF_IND, _) => plain(format!("{m} [x + {}]", off(k))),
                (BPF_MEM, BPF_W) => plain(format!("ld M[{}]", off(k))),
                (BPF_LEN, BPF_W) if no_k => plain("ld len".into()),
                _ => None,
            }
        }
        BPF_LDX => match code {
            0x01 => plain(format!("ldx #{k:#x}")),
            0x61 => plain(format!("ldx M[{}]", off(k))),
            0x81 if no_k => plain("ldx len".into()),
            0xb1 => plain(format!("ldxb 4*([{}]&0xf)", off(k))),
            _ => None,
        },
        BPF_ST if code == BPF_ST => plain(format!("st M[{}]", off(k))),
        BPF_STX if code == BPF_STX => plain(format!("stx M[{}]", off(k))),
        BPF_ALU => {
            let (m, hex) = match i.op() {
                BPF_ADD => ("add", false),
                BPF_SUB => ("sub", false),
                BPF_MUL => ("mul", false),
                BPF_DIV => ("div", false),
                BPF_MOD => ("mod", false),
                BPF_LSH => ("lsh", false),
                BPF_RSH => ("rsh", false),
                BPF_AND => ("and", true),
                BPF_OR => ("or", true),
                BPF_XOR => ("xor", true),
                BPF_NEG if i.src() == BPF_K && no_k => return plain("neg".into()),
                _ => return None,
            };
            match (i.src(), hex) {
                (BPF_X, _) if no_k => plain(format!("{m} x")),
                (BPF_K, true) => plain(format!("{m} #{k:#x}")),
                (BPF_K, false) => plain(format!("{m} #{k}")),
                _ => None,
            }
        }
        BPF_JMP => {
            let m = match i.op() {
                BPF_JA if i.src() == BPF_K && no_jumps => return Some(Op::Ja(k)),
                BPF_JEQ => "jeq",
                BPF_JGT => "jgt",
                BPF_JGE => "jge",
                BPF_JSET => "jset",
                _ => return None,
            };
            match i.src() {
                BPF_K => Some(Op::Cond(m, format!("#{k:#x}"))),
                _ if no_k => Some(Op::Cond(m, "x".into())),
                _ => None,
            }
        }
        BPF_RET => match code {
            0x06 => plain(format!("ret #{k:#x}")),
            0x16 if no_k => plain("ret a".into()),
            0x0e if no_k => plain("ret x".into()),
            _ => None,
        },
        _ => match code {
            0x07 if no_k => plain("tax".into()),
            0x87 if no_k => plain("txa".into()),
            _ => None,
        },
    }
}

fn raw(i: &Insn) -> String {
    format!(".insn {:#04x}, {}, {}, {:#x}", i.code, i.jt, i.jf, i.k)
}

/// Absolute target `pc + 1 + off`.
fn target(pc: usize, off: u32) -> u64 {
    (pc as u64).saturating_add(1).saturating_add(u64::from(off))
}

/// One instruction's text with absolute targets (`jeq #0x3b, L5, L7`, `jmp L9`), for
/// diagnostics and traces. Works for any instruction: jumps are shown with their
/// targets even if those are outside the program; opcodes bpf_asm cannot spell are shown
/// as `.insn`. A `pc` past the end gives `<no instruction at pc N>`.
pub fn disasm_line(prog: &[Insn], pc: usize) -> String {
    let Some(i) = prog.get(pc) else {
        return format!("<no instruction at pc {pc}>");
    };
    match op_of(i, false) {
        Some(Op::Plain(s)) => s,
        Some(Op::Ja(k)) => format!("jmp L{}", target(pc, k)),
        Some(Op::Cond(m, o)) => format!(
            "{m} {o}, L{}, L{}",
            target(pc, u32::from(i.jt)),
            target(pc, u32::from(i.jf))
        ),
        None => raw(i),
    }
}

/// What is known about A and the arch at a pc.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct State {
    /// What A holds: None unknown, Some(0) nr, Some(4) arch.
    a: Option<u32>,
    /// AUDIT_ARCH value established by a `jeq` on arch along every path here.
    arch: Option<u32>,
}

fn merge(slot: &mut Option<State>, s: State) {
    *slot = Some(match *slot {
        None => s,
        Some(o) => State {
            a: if o.a == s.a { o.a } else { None },
            arch: if o.arch == s.arch { o.arch } else { None },
        },
    });
}

/// Forward dataflow (cBPF jumps only go forward): the state on entry to each pc.
fn states(prog: &[Insn]) -> Vec<State> {
    let n = prog.len();
    let mut ins: Vec<Option<State>> = vec![None; n];
    if let Some(first) = ins.first_mut() {
        *first = Some(State {
            a: None,
            arch: None,
        });
    }
    let mut out = Vec::with_capacity(n);
    for (pc, i) in prog.iter().enumerate() {
        let s = ins.get(pc).copied().flatten().unwrap_or(State {
            a: None,
            arch: None,
        });
        out.push(s);
        let mut next = s;
        let send = |to: u64, st: State, ins: &mut Vec<Option<State>>| {
            if let Some(slot) = usize::try_from(to).ok().and_then(|t| ins.get_mut(t)) {
                merge(slot, st);
            }
        };
        match i.class() {
            BPF_RET => continue,
            BPF_LD => {
                next.a = match (i.code, i.k) {
                    (0x20, 0) => Some(0),
                    (0x20, 4) => Some(4),
                    _ => None,
                };
            }
            BPF_ALU => next.a = None,
            BPF_MISC if i.code != (BPF_MISC | BPF_TAX) => next.a = None,
            BPF_JMP if i.op() == BPF_JA => {
                send(target(pc, i.k), s, &mut ins);
                continue;
            }
            BPF_JMP => {
                let mut t = s;
                if i.code == (BPF_JMP | BPF_JEQ | BPF_K) && s.a == Some(4) {
                    t.arch = Some(i.k);
                }
                send(target(pc, u32::from(i.jt)), t, &mut ins);
                send(target(pc, u32::from(i.jf)), s, &mut ins);
                continue;
            }
            _ => {}
        }
        send(target(pc, 0), next, &mut ins);
    }
    out
}

/// The seccomp-aware annotation of every instruction (index = pc), as the listing's
/// comments show it: the field a load reads, the arch or syscall a jump compares with
/// (syscalls named for the arch the path to that pc has established, else
/// `opts.arch`), the action of `ret #k`. `None` where there is nothing to say. This is
/// the one annotation function: `disasm`, `run --trace` and the stepper's loads and
/// returns all use it, so the views name things alike.
pub fn annotations(prog: &[Insn], opts: &DisasmOptions) -> Vec<Option<String>> {
    let st = states(prog);
    prog.iter()
        .zip(st)
        .map(|(i, s)| comment(i, Some(s), opts))
        .collect()
}

/// The listing of a whole program (see the module docs for the format). Every program
/// round-trips through [`crate::asm::assemble`], whatever the kernel would say of it.
pub fn disassemble(prog: &[Insn], opts: &DisasmOptions) -> String {
    render(prog, opts, false)
}

/// [`disassemble`] with each line's pc at the start of its comment (`; pc 53: nr`), so
/// that a pc named by a trace, a diagnostic or `secbpf step` can be found by searching
/// for `pc 53:`. The pcs are comments: the listing still re-assembles to the same
/// instructions.
pub fn disassemble_with_pcs(prog: &[Insn], opts: &DisasmOptions) -> String {
    render(prog, opts, true)
}

fn render(prog: &[Insn], opts: &DisasmOptions, pcs: bool) -> String {
    let n = prog.len() as u64;
    let in_range = |t: u64| t < n;
    // First pass: the text of each line (targets as pcs) and which pcs need labels.
    enum Line {
        Text(String),
        Ja(u64),
        Cond(String, Vec<u64>),
        Raw(&'static str),
    }
    let mut labels = vec![false; prog.len()];
    let mark = |t: u64, labels: &mut Vec<bool>| {
        if let Some(l) = usize::try_from(t).ok().and_then(|t| labels.get_mut(t)) {
            *l = true;
        }
    };
    let mut lines = Vec::with_capacity(prog.len());
    for (pc, i) in prog.iter().enumerate() {
        let line = match op_of(i, true) {
            Some(Op::Plain(s)) => Line::Text(s),
            Some(Op::Ja(k)) if in_range(target(pc, k)) => {
                mark(target(pc, k), &mut labels);
                Line::Ja(target(pc, k))
            }
            Some(Op::Ja(_)) => Line::Raw("jump target outside the program"),
            Some(Op::Cond(m, o)) => {
                let (t, f) = (target(pc, u32::from(i.jt)), target(pc, u32::from(i.jf)));
                if !in_range(t) || !in_range(f) {
                    Line::Raw("jump target outside the program")
                } else {
                    let pseudo = match m {
                        "jeq" => Some("jne"),
                        "jge" => Some("jlt"),
                        "jgt" => Some("jle"),
                        _ => None,
                    };
                    let (m, targets) = if i.jf == 0 {
                        (m, vec![t])
                    } else if i.jt == 0 && pseudo.is_some() {
                        (pseudo.unwrap_or(m), vec![f])
                    } else {
                        (m, vec![t, f])
                    };
                    for &x in &targets {
                        mark(x, &mut labels);
                    }
                    Line::Cond(format!("{m} {o}"), targets)
                }
            }
            None if op_of(i, false).is_some() => Line::Raw("an unused field is not zero"),
            None => Line::Raw("unknown opcode"),
        };
        lines.push(line);
    }
    let width = labels
        .iter()
        .enumerate()
        .filter(|(_, l)| **l)
        .map(|(pc, _)| format!("L{pc}:").len() + 1)
        .max()
        .unwrap_or(0)
        .max(4);
    let st = if opts.comments {
        states(prog)
    } else {
        Vec::new()
    };
    // `pc 7:` padded to the widest `pc N:`, so annotations line up.
    let pc_width = format!("{}:", prog.len().saturating_sub(1)).len();
    let mut out = String::new();
    for (pc, (i, line)) in prog.iter().zip(&lines).enumerate() {
        let label = if labels.get(pc).copied().unwrap_or(false) {
            format!("L{pc}:")
        } else {
            String::new()
        };
        let (text, why) = match line {
            Line::Text(s) => (s.clone(), None),
            Line::Ja(t) => (format!("jmp L{t}"), None),
            Line::Cond(s, ts) => {
                let mut s = s.clone();
                for t in ts {
                    let _ = write!(s, ", L{t}");
                }
                (s, None)
            }
            Line::Raw(why) => (raw(i), Some(*why)),
        };
        let mut l = format!("{label:<width$}{text}");
        let comment = if opts.comments {
            why.map(str::to_string)
                .or_else(|| comment(i, st.get(pc).copied(), opts))
        } else {
            None
        };
        let comment = if pcs {
            Some(match comment {
                Some(c) => format!("pc {pc:<pc_width$} {c}", pc = format!("{pc}:")),
                None => format!("pc {pc}:"),
            })
        } else {
            comment
        };
        if let Some(c) = comment {
            let pad = COMMENT_COL.saturating_sub(l.len()).max(1);
            let _ = write!(l, "{:pad$}; {c}", "");
        }
        out.push_str(l.trim_end());
        out.push('\n');
    }
    out
}

/// The seccomp-aware comment for one instruction.
fn comment(i: &Insn, st: Option<State>, opts: &DisasmOptions) -> Option<String> {
    let st = st.unwrap_or(State {
        a: None,
        arch: None,
    });
    let arch = st.arch.and_then(Arch::by_audit).or(opts.arch);
    let audit = st.arch.or(opts.arch.map(|a| a.audit));
    match i.code {
        0x20 if extension_name(i.k).is_none() => Field::for_arch(i.k, audit).map(|f| f.to_string()),
        0x06 => Some(RetValue(i.k).to_string()),
        0x15 if st.a == Some(4) => Arch::by_audit(i.k).map(|a| a.name.to_string()),
        0x15 | 0x25 | 0x35 if st.a == Some(0) => {
            arch.and_then(|a| a.syscall_name(i.k)).map(str::to_string)
        }
        _ => None,
    }
}
