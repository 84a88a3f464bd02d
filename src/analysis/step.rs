//! The interactive stepper behind `secbpf step`: a session that takes command lines and
//! returns the text to show, so the CLI only moves lines between it and the terminal.
//!
//! Commands: `s`/`step [n]`, `b`/`back [n]`, `break PC` (again to remove),
//! `c`/`continue` (to the next breakpoint or the end), `input nr=.. syscall=.. args=..
//! ip=.. arch=..` (switch input and restart), `l`/`list`, `r`/`restart`, `h`/`help`,
//! `q`/`quit`. A stack of filters runs as the kernel runs it: newest first.

use super::graph::{branch_conditions, field_name, pc_states, PcState};
use crate::consts::*;
use crate::disasm::{annotations, disasm_line, DisasmOptions};
use crate::program::VerifiedProgram;
use crate::seccomp::arch::parse_arch;
use crate::seccomp::stack::run_stack;
use crate::seccomp::{Arch, RetValue, SeccompData};
use crate::vm::Machine;
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// Lines shown before and after the current instruction.
const WINDOW: usize = 4;

/// Help text for `h`.
pub const HELP: &str = "\
commands:
  s, step [n]       run n instructions (default 1)
  b, back [n]       undo n instructions (default 1)
  break PC          set (or clear) a breakpoint at PC
  c, continue       run to the next breakpoint or the end
  input K=V ...     switch input and restart: nr=N syscall=NAME arch=A args=A0,A1,.. ip=ADDR
  r, restart        restart with the same input
  l, list           the whole listing
  q, quit           leave
";

/// What [`Session::command`] gives back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reply {
    /// Text to print (ends with a newline when not empty).
    pub text: String,
    /// True once the user asked to quit.
    pub quit: bool,
}

/// One state of a [`Session`] as data, for views other than text.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct StepState {
    /// Index (oldest first) of the filter being stepped.
    pub filter: usize,
    /// The pc about to run (the returning pc once the filter has returned).
    pub pc: usize,
    /// Instructions executed so far in this filter.
    pub executed: usize,
    /// Register A.
    pub a: u32,
    /// Register X.
    pub x: u32,
    /// The scratch cells written so far, `(i, M[i])`, ascending.
    pub mem: Vec<(usize, u32)>,
    /// What the instruction about to run does with the current values, in words (or
    /// what the filter returned), as `step` prints it.
    pub meaning: String,
    /// The value this filter returned, once it has.
    pub ret: Option<u32>,
    /// Once every filter has returned: the result of the stack as `step` prints it
    /// (`ALLOW [filter 0]; the syscall runs`).
    pub result: Option<String>,
}

/// A stepping session over one filter or a stack (oldest first).
pub struct Session<'p> {
    progs: &'p [VerifiedProgram],
    names: Vec<String>,
    states: Vec<Vec<Option<PcState>>>,
    /// [`crate::disasm::annotations`] of each filter for the current input's arch.
    notes: Vec<Vec<Option<String>>>,
    data: SeccompData,
    /// Machines in run order (newest filter first).
    machines: Vec<Machine<'p>>,
    cur: usize,
    breaks: BTreeSet<usize>,
}

/// [`Session::new`] was given no filter: an empty stack runs no filter (every syscall
/// runs), so there is nothing to step through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EmptyStack;

impl std::fmt::Display for EmptyStack {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("no filter to step through: with no filter every syscall runs")
    }
}

impl std::error::Error for EmptyStack {}

impl<'p> Session<'p> {
    /// A session at pc 0 of the newest filter. `names` label the filters (oldest first).
    ///
    /// # Errors
    /// [`EmptyStack`] when `progs` is empty.
    pub fn new(
        progs: &'p [VerifiedProgram],
        names: Vec<String>,
        data: SeccompData,
    ) -> Result<Session<'p>, EmptyStack> {
        if progs.is_empty() {
            return Err(EmptyStack);
        }
        let states = progs.iter().map(|p| pc_states(p.insns())).collect();
        let mut s = Session {
            progs,
            names,
            states,
            notes: Vec::new(),
            data,
            machines: Vec::new(),
            cur: 0,
            breaks: BTreeSet::new(),
        };
        s.restart();
        Ok(s)
    }

    /// The input being run.
    pub fn data(&self) -> &SeccompData {
        &self.data
    }

    fn restart(&mut self) {
        let opts = DisasmOptions {
            arch: self.arch(),
            ..DisasmOptions::default()
        };
        self.notes = self
            .progs
            .iter()
            .map(|p| annotations(p.insns(), &opts))
            .collect();
        let words = self.data.words();
        self.machines = (0..self.progs.len())
            .rev()
            .map(|i| Machine::new(&self.progs[i], words))
            .collect();
        self.cur = 0;
    }

    /// Index (oldest first) of the filter being stepped.
    pub fn filter(&self) -> usize {
        self.progs.len() - 1 - self.cur
    }

    /// The pc about to run in the current filter.
    pub fn pc(&self) -> usize {
        self.machines[self.cur].pc()
    }

    /// True when every filter has returned.
    pub fn done(&self) -> bool {
        self.machines.iter().all(|m| m.finished().is_some())
    }

    fn step_one(&mut self) -> bool {
        if self.machines[self.cur].finished().is_some() {
            if self.cur + 1 < self.machines.len() {
                self.cur += 1;
            } else {
                return false;
            }
        }
        self.machines[self.cur].step().is_some()
    }

    fn back_one(&mut self) -> bool {
        if self.machines[self.cur].executed() == 0 {
            if self.cur == 0 {
                return false;
            }
            self.cur -= 1;
        }
        self.machines[self.cur].step_back()
    }

    fn arch(&self) -> Option<&'static Arch> {
        Arch::by_audit(self.data.arch)
    }

    fn input_text(&self) -> String {
        let d = &self.data;
        let arch = self
            .arch()
            .map_or(format!("{:#x}", d.arch), |a| a.name.to_string());
        let name = self
            .arch()
            .and_then(|a| a.syscall_name(d.nr))
            .map_or(String::new(), |n| format!(" ({n})"));
        let args: Vec<String> = d.args.iter().map(|a| format!("{a:#x}")).collect();
        format!(
            "input: arch={arch} nr={}{name} args={} ip={:#x}",
            d.nr,
            args.join(","),
            d.instruction_pointer
        )
    }

    /// The arch whose names apply at `pc` of filter `f`: the one the filter's own arch
    /// checks established on the paths there (as `disasm` and `graph` name it), else
    /// the input's arch (a filter that never checks arch).
    fn arch_at(&self, f: usize, pc: usize) -> u32 {
        self.states[f]
            .get(pc)
            .copied()
            .flatten()
            .and_then(|s| s.arch)
            .unwrap_or(self.data.arch)
    }

    /// The listing of filter `f` (oldest first) as the stepper shows it: per pc, the
    /// instruction (`jeq #0x101, L5, L7`) and its comment (the field a load reads, the
    /// condition of each branch of a jump, the action of a return; empty when none).
    /// Empty for an `f` out of range.
    pub fn rows(&self, f: usize) -> Vec<(String, String)> {
        let Some(p) = self.progs.get(f) else {
            return Vec::new();
        };
        (0..p.len()).map(|pc| self.row(f, pc)).collect()
    }

    fn row(&self, f: usize, pc: usize) -> (String, String) {
        let insns = self.progs[f].insns();
        let st = self.states[f][pc];
        let i = insns[pc];
        let mut comment = String::new();
        if i.class() == BPF_JMP && i.op() != BPF_JA {
            if let Some(st) = st {
                let st = PcState {
                    arch: Some(self.arch_at(f, pc)),
                    ..st
                };
                comment = branch_conditions(&i, &st).0;
            }
        } else if let Some(note) = self.notes[f].get(pc).and_then(Option::as_ref) {
            comment = note.clone();
        }
        (disasm_line(insns, pc), comment)
    }

    fn line(&self, f: usize, pc: usize, mark: bool) -> String {
        let (text, comment) = self.row(f, pc);
        let brk = if self.breaks.contains(&pc) { '*' } else { ' ' };
        let m = if mark { "=>" } else { "  " };
        if comment.is_empty() {
            format!("{m}{brk}{pc:>4}  {text}")
        } else {
            format!("{m}{brk}{pc:>4}  {text:<28} ; {comment}")
        }
    }

    /// What the instruction about to run does with the current values.
    fn meaning(&self) -> String {
        let f = self.filter();
        let m = &self.machines[self.cur];
        let insns = self.progs[f].insns();
        if let Some(ret) = m.finished() {
            return format!("returned {ret} ({ret:#010x})");
        }
        let pc = m.pc();
        let i = insns[pc];
        let r = m.regs();
        let words = self.data.words();
        match i.class() {
            BPF_LD if i.code == (BPF_LD | BPF_W | BPF_ABS) => {
                let v = words.get((i.k / 4) as usize).copied().unwrap_or(0);
                let what = field_name(i.k, Some(self.arch_at(f, pc)))
                    .map_or(format!("[{}]", i.k), |f| f.to_string());
                let extra = match i.k {
                    0 => self
                        .arch()
                        .and_then(|a| a.syscall_name(v))
                        .map_or(String::new(), |n| format!(" ({n})")),
                    4 => Arch::by_audit(v).map_or(String::new(), |a| format!(" ({})", a.name)),
                    _ => String::new(),
                };
                format!("loads {what} into A: {v:#x}{extra}")
            }
            BPF_JMP if i.op() == BPF_JA => {
                format!("jumps to pc {}", pc + 1 + i.k as usize)
            }
            BPF_JMP => {
                let st = self.states[f][pc].unwrap_or_default();
                let st = PcState {
                    arch: Some(self.arch_at(f, pc)),
                    ..st
                };
                let (t, fl) = branch_conditions(&i, &st);
                let rhs = if i.src() == BPF_X { r.x } else { i.k };
                let taken = match i.op() {
                    BPF_JEQ => r.a == rhs,
                    BPF_JGT => r.a > rhs,
                    BPF_JGE => r.a >= rhs,
                    _ => r.a & rhs != 0,
                };
                let (cond, off) = if taken { (t, i.jt) } else { (fl, i.jf) };
                format!(
                    "compares A={:#x}: {cond}, so it goes to pc {}",
                    r.a,
                    pc + 1 + usize::from(off)
                )
            }
            BPF_RET => {
                let v = if i.rval() == BPF_A { r.a } else { i.k };
                format!("returns {} ({v:#010x})", RetValue(v))
            }
            _ => format!("runs {}", disasm_line(insns, pc)),
        }
    }

    /// The current state: where we are, the listing window, registers, scratch cells and
    /// the meaning of the next instruction.
    pub fn view(&self) -> String {
        let f = self.filter();
        let m = &self.machines[self.cur];
        let n = self.progs[f].len();
        let pc = m.pc();
        let mut o = String::new();
        let _ = writeln!(
            o,
            "filter {f} ({}), pc {pc}, {} executed",
            self.names.get(f).map_or("-", String::as_str),
            m.executed()
        );
        let lo = pc.saturating_sub(WINDOW);
        let hi = (pc + WINDOW + 1).min(n);
        for p in lo..hi {
            o.push_str(&self.line(f, p, p == pc));
            o.push('\n');
        }
        let r = m.regs();
        let _ = writeln!(
            o,
            "A = {:#010x} ({})  X = {:#010x} ({})",
            r.a, r.a, r.x, r.x
        );
        let written = m.mem_written();
        if written != 0 {
            let cells: Vec<String> = (0..16)
                .filter(|i| written & (1 << i) != 0)
                .map(|i| format!("M[{i}] = {:#x}", r.mem[i]))
                .collect();
            let _ = writeln!(o, "{}", cells.join("  "));
        }
        let _ = writeln!(o, "{}", self.meaning());
        if self.done() {
            {
                let res = run_stack(self.progs, &self.data);
                let outcome = res.outcome();
                let _ = writeln!(o, "result: {} [filter {}]; {outcome}", res.ret, res.filter);
            }
        }
        o
    }

    /// The current state as data (what [`Session::view`] shows as text).
    pub fn state(&self) -> StepState {
        let m = &self.machines[self.cur];
        let r = m.regs();
        let written = m.mem_written();
        let result = self.done().then(|| {
            let res = run_stack(self.progs, &self.data);
            format!("{} [filter {}]; {}", res.ret, res.filter, res.outcome())
        });
        StepState {
            filter: self.filter(),
            pc: m.pc(),
            executed: m.executed(),
            a: r.a,
            x: r.x,
            mem: (0..16)
                .filter(|i| written & (1 << i) != 0)
                .map(|i| (i, r.mem[i]))
                .collect(),
            meaning: self.meaning(),
            ret: m.finished().map(|v| v.raw()),
            result,
        }
    }

    /// Run one instruction (moving on to the next filter of a stack when the current one
    /// has returned). False when every filter has returned.
    pub fn step(&mut self) -> bool {
        self.step_one()
    }

    /// Undo one instruction. False at the start.
    pub fn back(&mut self) -> bool {
        self.back_one()
    }

    /// Every state from the start to the end for `input`: the state before the first
    /// instruction, then one after each instruction run (so `trace()[k]` is the state
    /// after `k` steps, as `step k` shows it). The session is left at the end.
    pub fn trace(&mut self, input: SeccompData) -> Vec<StepState> {
        self.data = input;
        self.restart();
        let mut out = vec![self.state()];
        while self.step_one() {
            out.push(self.state());
        }
        out
    }

    fn list(&self) -> String {
        let f = self.filter();
        let pc = self.pc();
        let mut o = String::new();
        for p in 0..self.progs[f].len() {
            o.push_str(&self.line(f, p, p == pc));
            o.push('\n');
        }
        o
    }

    fn set_input(&mut self, words: &[&str]) -> Result<(), String> {
        self.data = parse_input(self.data, words)?;
        self.restart();
        Ok(())
    }

    /// Run one command line; gives the text to print.
    pub fn command(&mut self, line: &str) -> Reply {
        let words: Vec<&str> = line.split_whitespace().collect();
        let reply = |text: String| Reply { text, quit: false };
        let Some((&cmd, rest)) = words.split_first() else {
            return reply(String::new());
        };
        let count = |rest: &[&str]| -> Result<usize, String> {
            match rest.first() {
                None => Ok(1),
                Some(n) => n.parse().map_err(|_| format!("'{n}' is not a count")),
            }
        };
        match cmd {
            "s" | "step" => match count(rest) {
                Ok(n) => {
                    let mut ran = 0;
                    while ran < n && self.step_one() {
                        ran += 1;
                    }
                    let mut t = String::new();
                    if ran < n {
                        t.push_str("(the filter has returned)\n");
                    }
                    t.push_str(&self.view());
                    reply(t)
                }
                Err(e) => reply(format!("error: {e}\n")),
            },
            "b" | "back" => match count(rest) {
                Ok(n) => {
                    let mut undone = 0;
                    while undone < n && self.back_one() {
                        undone += 1;
                    }
                    let mut t = String::new();
                    if undone < n {
                        t.push_str("(at the start)\n");
                    }
                    t.push_str(&self.view());
                    reply(t)
                }
                Err(e) => reply(format!("error: {e}\n")),
            },
            "break" | "br" => match rest.first().map(|p| crate::num::parse_u32(p)) {
                Some(Some(pc)) if (pc as usize) < self.progs[self.filter()].len() => {
                    let pc = pc as usize;
                    if self.breaks.remove(&pc) {
                        reply(format!("breakpoint at pc {pc} removed\n"))
                    } else {
                        self.breaks.insert(pc);
                        reply(format!("breakpoint at pc {pc}\n"))
                    }
                }
                Some(Some(pc)) => reply(format!(
                    "error: pc {pc} is past the end of filter {}\n",
                    self.filter()
                )),
                _ => reply("error: usage: break PC\n".into()),
            },
            "c" | "continue" => {
                let mut hit = None;
                while self.step_one() {
                    let m = &self.machines[self.cur];
                    if m.finished().is_none() && self.breaks.contains(&m.pc()) {
                        hit = Some(m.pc());
                        break;
                    }
                }
                let mut t = String::new();
                if let Some(pc) = hit {
                    let _ = writeln!(t, "breakpoint at pc {pc}");
                }
                t.push_str(&self.view());
                reply(t)
            }
            "input" | "i" => match self.set_input(rest) {
                Ok(()) => reply(format!("{}\n{}", self.input_text(), self.view())),
                Err(e) => reply(format!("error: {e}\n")),
            },
            "r" | "restart" => {
                self.restart();
                reply(self.view())
            }
            "l" | "list" => reply(self.list()),
            "h" | "help" | "?" => reply(HELP.to_string()),
            "q" | "quit" | "exit" => Reply {
                text: String::new(),
                quit: true,
            },
            other => reply(format!("error: unknown command '{other}' (h for help)\n")),
        }
    }

    /// The first screen: the input and the view at pc 0.
    pub fn start(&self) -> String {
        format!("{}\n{}", self.input_text(), self.view())
    }
}

/// Apply `KEY=VALUE` words (`nr=N`, `syscall=NAME`, `arch=A`, `args=A0,A1,..`, `ip=ADDR`)
/// to `base`; a syscall name is resolved for the resulting arch.
pub fn parse_input(base: SeccompData, words: &[&str]) -> Result<SeccompData, String> {
    let mut d = base;
    let mut syscall = None;
    for w in words {
        let (k, v) = w
            .split_once('=')
            .ok_or_else(|| format!("'{w}': expected KEY=VALUE"))?;
        let num =
            |v: &str| crate::num::parse_u64(v).ok_or_else(|| format!("{k}: '{v}' is not a number"));
        match k {
            "arch" => {
                d.arch = parse_arch(v)
                    .ok_or_else(|| format!("unknown arch '{v}'"))?
                    .0
            }
            "nr" => match crate::num::parse_u32(v) {
                Some(n) => d.nr = n,
                None => syscall = Some(v.to_string()),
            },
            "syscall" => syscall = Some(v.to_string()),
            "ip" => d.instruction_pointer = num(v)?,
            "args" => {
                let parts: Vec<&str> = v.split(',').collect();
                if parts.len() > 6 {
                    return Err("args: at most 6 values".into());
                }
                d.args = [0; 6];
                for (slot, p) in d.args.iter_mut().zip(parts) {
                    *slot = num(p)?;
                }
            }
            _ => {
                return Err(format!(
                    "unknown input field '{k}' (nr, syscall, arch, args, ip)"
                ))
            }
        }
    }
    if let Some(name) = syscall {
        let a = Arch::by_audit(d.arch).ok_or("no syscall table for this arch; use nr=N")?;
        d.nr = a
            .syscall_nr(&name)
            .ok_or_else(|| format!("unknown syscall '{name}' for arch {}", a.name))?;
    }
    Ok(d)
}
