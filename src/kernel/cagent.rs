//! The host's half of the C agent (`agent/secbpf-agent.c`), the guest oracle for arches
//! the Rust agent cannot be built for here (arm64, s390x).
//!
//! The C agent knows nothing of BPF: it installs the programs it is sent in throwaway
//! children (`fork`, no_new_privs, uid/gid 65534, no core, death with the agent) and
//! makes the syscalls it is asked for from a `svc`/`syscall` instruction it places so
//! that it ends at the input's instruction pointer, reporting raw return values. This
//! side does what `src/kernel/oracle.rs` does around its children: the RET rewrite
//! ([`super::rewrite`]) with the agent's gate address (its `rt_sigreturn` after a SIGSYS,
//! let through by the rewrite's prologue) and the decoding of the values, so the method
//! is the oracle's.
//!
//! Requests travel in the frames of [`super::vmproto`] with a binary payload (answers
//! are JSON). All integers are little-endian, whatever the guest's byte order:
//! - `'a'` accept: u32 flags, u8 no_new_privs, u8 cap_sys_admin (keep root), u8 via
//!   prctl, u32 n, n programs. A program is u32 count, then per instruction code u16,
//!   jt u8, jf u8, k u32. Answer `{"ok": [ret...]}`, each seccomp(2) return (0, an fd
//!   or -errno), or `{"error": why}`.
//! - `'x'` exec: u8 die_on_trap, u32 npre, npre programs (installed first), program
//!   low, program high (0 instructions: none), u32 ntests, per test u32 nr, u64 ip,
//!   u64 args\[6\]. Every test runs under low (a new child after one that dies); tests
//!   whose value is `TRAPPED | 16 bits` run again under high. Answer `{"ok": {"low":
//!   [r...], "high": [r|null...]}}`, r a value, `{"sig": s, "slot": v}` for a child
//!   killed on that test (v what it had written), or `{"unaskable": why}` (the ip's page
//!   cannot be mapped).
//! - `'m'` many: u32 n, then n times u32 length and a request. Answer `{"ok": [...]}`.
//! - `'c'` compat: a request (the rest of the payload) for the agent's compat agent (the
//!   same program built for 32-bit ARM, started with `--compat PATH` on an arm64 guest),
//!   whose answer is the answer. Its hello is the native hello's `"compat"`.
//! - `'h'` hello, `'s'` sleep u32 seconds, `'e'` exit u32 status, `'b'` bye.
//!
//! Binary rather than JSON requests: a JSON reader would have been the largest part of
//! the C agent, and the host writes these bytes in a few lines.

use super::oracle::{guard_install_nr, KernelRet, Observed};
use super::rewrite::{self, Half, Seen};
use super::KernelError;
use crate::consts::*;
use crate::insn::{Endian, Insn};
use crate::seccomp::data::SeccompData;
use serde_json::Value;

/// Marks a TRAP in a test's value: `TRAPPED | si_errno` (as in the host oracle).
pub const TRAPPED: u64 = 1 << 32;

/// What the host needs to know of the guest to ask it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// The native AUDIT_ARCH (the only arch the C agent produces).
    pub arch: u32,
    /// Byte order of `seccomp_data` there.
    pub endian: Endian,
    /// The instruction_pointer of the agent's `rt_sigreturn` (from its hello).
    pub gate_ip: u64,
    /// Instruction alignment: an ip not a multiple of it cannot be produced.
    pub align: u64,
    /// The syscall numbers the arch passes (s390x: 16 bits).
    pub nr_mask: u32,
    /// seccomp(2)'s number, for the install guard of stacks.
    pub seccomp_nr: u32,
    /// The compat arch the agent's compat agent makes syscalls of (AUDIT_ARCH_ARM on an
    /// arm64 guest with `CACHE/agents/secbpf-arm`), asked through `'c'` requests.
    pub compat: Option<u32>,
}

impl Target {
    /// The target for a guest machine (`uname -m`) whose agent's gate is `gate_ip`.
    ///
    /// # Errors
    /// A machine the C agent is not built for.
    pub fn for_machine(machine: &str, gate_ip: u64) -> Result<Target, String> {
        let (arch, align, nr_mask) = match machine {
            "aarch64" => (AUDIT_ARCH_AARCH64, 4, u32::MAX),
            "s390x" => (AUDIT_ARCH_S390X, 2, 0xffff),
            "x86_64" => (AUDIT_ARCH_X86_64, 1, u32::MAX),
            m => return Err(format!("the C agent does not support machine {m:?}")),
        };
        Ok(Target {
            arch,
            endian: crate::seccomp::arch::data_endian(arch),
            gate_ip,
            align,
            nr_mask,
            seccomp_nr: super::campaign::seccomp_nr(arch),
            compat: None,
        })
    }

    /// The target for an agent's hello: [`Target::for_machine`], with its compat agent
    /// when the hello has one (`"compat"`: machine `arm`, the same gate address, seccomp
    /// usable), so that one rewritten program serves both.
    ///
    /// # Errors
    /// A machine the C agent is not built for.
    pub fn for_hello(h: &Value) -> Result<Target, String> {
        let gate = h["gate"].as_u64().unwrap_or(0);
        let mut t = Target::for_machine(h["machine"].as_str().unwrap_or("?"), gate)?;
        let c = &h["compat"];
        if c["machine"].as_str() == Some("arm")
            && c["gate"].as_u64() == Some(gate)
            && c["seccomp"].is_null()
        {
            t.compat = Some(AUDIT_ARCH_ARM);
        }
        Ok(t)
    }

    /// The gate address as the rewrite's prologue compares it: `ld [8]` then `ld [12]`,
    /// which on big-endian read the high half first.
    fn gate_words(&self) -> u64 {
        match self.endian {
            Endian::Little => self.gate_ip,
            Endian::Big => self.gate_ip.rotate_left(32),
        }
    }

    /// Why `d` cannot be asked of this guest, if it cannot; `Ok(true)` if it never
    /// reaches a filter (native x86_64 nr 335/336, as the host oracle assumes).
    fn classify(&self, d: &SeccompData) -> Result<bool, String> {
        if Some(d.arch) == self.compat {
            return self.classify_compat(d).map(|()| false);
        }
        if d.arch != self.arch {
            return Err(format!(
                "the guest agent makes native syscalls only (arch {:#x}), not arch {:#x}",
                self.arch, d.arch
            ));
        }
        if self.arch == AUDIT_ARCH_X86_64 && (d.nr == 335 || d.nr == 336) {
            return Ok(true);
        }
        if d.nr & !self.nr_mask != 0 {
            return Err(format!(
                "nr {:#x} cannot be passed: this arch's syscall instruction passes {} bits",
                d.nr,
                self.nr_mask.count_ones()
            ));
        }
        let ip = d.instruction_pointer;
        if !ip.is_multiple_of(self.align) || ip < 0x1_0000 {
            return Err(format!(
                "no syscall instruction can end at ip {ip:#x} (instructions are {}-byte aligned; \
                 user addresses from 0x10000)",
                self.align
            ));
        }
        if ip == self.gate_ip {
            return Err(format!("ip {ip:#x} is the agent's own gate"));
        }
        Ok(false)
    }

    /// Why a compat (32-bit ARM) input cannot be asked: its registers are 32 bits, and
    /// the kernel zero-extends them into `seccomp_data` (seen on Debian 6.1 arm64: args
    /// 0x80000001 and 0xfffffffe gave high words 0), so no task produces a high half.
    fn classify_compat(&self, d: &SeccompData) -> Result<(), String> {
        let ip = d.instruction_pointer;
        if !ip.is_multiple_of(2) || !(0x1_0000..0xffff_0000).contains(&ip) {
            return Err(format!(
                "no arm32 svc can end at ip {ip:#x} (a 4-byte ARM or 2-byte Thumb svc ends at \
                 an even address; user addresses from 0x10000 below the vector page 0xffff0000)"
            ));
        }
        if ip == self.gate_ip {
            return Err(format!("ip {ip:#x} is the agent's own gate"));
        }
        if let Some(i) = d.args.iter().position(|a| a >> 32 != 0) {
            return Err(format!(
                "args[{i}] {:#x} cannot be passed: arm32 registers are 32 bits (the kernel \
                 zero-extends them)",
                d.args[i]
            ));
        }
        Ok(())
    }
}

/// A request for the agent's compat agent.
fn compat_req(req: Vec<u8>) -> Vec<u8> {
    let mut b = vec![b'c'];
    b.extend(req);
    b
}

fn put_prog(out: &mut Vec<u8>, p: &[Insn]) {
    out.extend_from_slice(&(p.len() as u32).to_le_bytes());
    for i in p {
        out.extend_from_slice(&i.code.to_le_bytes());
        out.push(i.jt);
        out.push(i.jf);
        out.extend_from_slice(&i.k.to_le_bytes());
    }
}

/// An accept request.
pub fn accept_req(
    filters: &[&[Insn]],
    flags: u32,
    no_new_privs: bool,
    cap_sys_admin: bool,
    via_prctl: bool,
) -> Vec<u8> {
    let mut b = vec![b'a'];
    b.extend_from_slice(&flags.to_le_bytes());
    b.extend_from_slice(&[
        u8::from(no_new_privs),
        u8::from(cap_sys_admin),
        u8::from(via_prctl),
    ]);
    b.extend_from_slice(&(filters.len() as u32).to_le_bytes());
    for f in filters {
        put_prog(&mut b, f);
    }
    b
}

/// The raw return values of an accept answer's `ok` payload.
///
/// # Errors
/// Not an array of integers.
pub fn accept_answer(v: &Value) -> Result<Vec<i64>, String> {
    v.as_array()
        .ok_or_else(|| format!("not a list of return values: {v}"))?
        .iter()
        .map(|x| x.as_i64().ok_or_else(|| format!("not a return value: {x}")))
        .collect()
}

/// Verdicts from raw return values: `Err(errno)` for a negative one.
pub fn verdicts(raw: &[i64]) -> Vec<Result<(), i32>> {
    raw.iter()
        .map(|&r| if r < 0 { Err((-r) as i32) } else { Ok(()) })
        .collect()
}

fn exec_req(
    die_on_trap: bool,
    pre: &[Vec<Insn>],
    low: &[Insn],
    high: Option<&[Insn]>,
    tests: &[&SeccompData],
) -> Vec<u8> {
    let mut b = vec![b'x', u8::from(die_on_trap)];
    b.extend_from_slice(&(pre.len() as u32).to_le_bytes());
    for p in pre {
        put_prog(&mut b, p);
    }
    put_prog(&mut b, low);
    put_prog(&mut b, high.unwrap_or(&[]));
    b.extend_from_slice(&(tests.len() as u32).to_le_bytes());
    for d in tests {
        b.extend_from_slice(&d.nr.to_le_bytes());
        b.extend_from_slice(&d.instruction_pointer.to_le_bytes());
        for a in d.args {
            b.extend_from_slice(&a.to_le_bytes());
        }
    }
    b
}

/// Several requests in one.
pub fn many_req(reqs: &[Vec<u8>]) -> Vec<u8> {
    let mut b = vec![b'm'];
    b.extend_from_slice(&(reqs.len() as u32).to_le_bytes());
    for r in reqs {
        b.extend_from_slice(&(r.len() as u32).to_le_bytes());
        b.extend_from_slice(r);
    }
    b
}

/// A request to sleep (a hung agent, for tests).
pub fn sleep_req(secs: u32) -> Vec<u8> {
    let mut b = vec![b's'];
    b.extend_from_slice(&secs.to_le_bytes());
    b
}

/// A request to exit (a dead agent, for tests).
pub fn exit_req(status: u32) -> Vec<u8> {
    let mut b = vec![b'e'];
    b.extend_from_slice(&status.to_le_bytes());
    b
}

/// Exact results asked of the guest: the request (none when no input can be asked) and
/// what [`RunPlan::finish`] needs to decode its answer.
#[derive(Clone, Debug)]
pub struct RunPlan {
    prog: Vec<Insn>,
    out: Vec<Option<KernelRet>>,
    /// The inputs asked of the native agent, then of the compat agent.
    asked: Vec<usize>,
    asked_c: Vec<usize>,
    /// The exec request, if any input is asked.
    pub request: Option<Vec<u8>>,
}

/// Plan [`super::oracle::run_accepted`]'s question for the C agent.
///
/// # Errors
/// The program is too long to rewrite.
pub fn plan_run(t: &Target, prog: &[Insn], inputs: &[SeccompData]) -> Result<RunPlan, KernelError> {
    let has_ret_a = prog.iter().any(|i| i.code == BPF_RET | BPF_A);
    let too_long = || {
        KernelError::new(format!(
            "the program has {} instructions; at most {} can be rewritten to reveal exact results",
            prog.len(),
            rewrite::max_len(has_ret_a)
        ))
    };
    let low = rewrite::rewrite(prog, t.gate_words(), Half::Low).ok_or_else(too_long)?;
    let high = if has_ret_a {
        Some(rewrite::rewrite(prog, t.gate_words(), Half::High).ok_or_else(too_long)?)
    } else {
        None
    };
    let mut out = vec![None; inputs.len()];
    let (mut asked, mut asked_c) = (Vec::new(), Vec::new());
    for (i, d) in inputs.iter().enumerate() {
        match t.classify(d) {
            Err(why) => out[i] = Some(KernelRet::Unaskable(why)),
            Ok(true) => out[i] = Some(KernelRet::Bypassed),
            Ok(false) if Some(d.arch) == t.compat => asked_c.push(i),
            Ok(false) => asked.push(i),
        }
    }
    let exec = |ix: &[usize]| {
        let tests: Vec<&SeccompData> = ix.iter().map(|&i| &inputs[i]).collect();
        exec_req(false, &[], &low, high.as_deref(), &tests)
    };
    // Native inputs alone: an exec; compat ones alone: a 'c' exec; both: a many of the two.
    let request = match (asked.is_empty(), asked_c.is_empty()) {
        (true, true) => None,
        (false, true) => Some(exec(&asked)),
        (true, false) => Some(compat_req(exec(&asked_c))),
        (false, false) => Some(many_req(&[exec(&asked), compat_req(exec(&asked_c))])),
    };
    Ok(RunPlan {
        prog: prog.to_vec(),
        out,
        asked,
        asked_c,
        request,
    })
}

/// One test's value as the agent reported it.
enum Got {
    Value(u64),
    Died { sig: i32, slot: u64 },
    Unaskable(String),
}

fn got(v: &Value) -> Result<Got, String> {
    if let Some(x) = v.as_u64() {
        return Ok(Got::Value(x));
    }
    if let Some(s) = v["sig"].as_i64() {
        return Ok(Got::Died {
            sig: s as i32,
            slot: v["slot"].as_u64().unwrap_or(u64::MAX),
        });
    }
    if let Some(w) = v["unaskable"].as_str() {
        return Ok(Got::Unaskable(w.to_string()));
    }
    Err(format!("not a test result: {v}"))
}

impl RunPlan {
    /// Decode the exec answer's `ok` payload (`None` when nothing was asked).
    ///
    /// # Errors
    /// A malformed answer, or a value the rewritten filter cannot give.
    pub fn finish(mut self, v: Option<&Value>) -> Result<Vec<KernelRet>, String> {
        if let Some(v) = v {
            let asked = std::mem::take(&mut self.asked);
            let asked_c = std::mem::take(&mut self.asked_c);
            match (asked.is_empty(), asked_c.is_empty()) {
                (_, true) => self.decode(v, &asked)?,
                (true, false) => self.decode(v, &asked_c)?,
                (false, false) => {
                    let both = v.as_array().filter(|a| a.len() == 2).ok_or_else(|| {
                        format!("not the two answers of native and compat inputs: {v}")
                    })?;
                    for (a, ix) in both.iter().zip([&asked, &asked_c]) {
                        match a.get("ok") {
                            Some(x) => self.decode(x, ix)?,
                            None => {
                                return Err(a["error"]
                                    .as_str()
                                    .unwrap_or("a malformed answer")
                                    .to_string())
                            }
                        }
                    }
                }
            }
        }
        Ok(self
            .out
            .into_iter()
            .map(|o| o.unwrap_or_else(|| KernelRet::Unaskable("not asked".into())))
            .collect())
    }

    /// Decode one exec answer's `ok` payload for the inputs `asked`.
    fn decode(&mut self, v: &Value, asked: &[usize]) -> Result<(), String> {
        {
            let low = v["low"].as_array().ok_or("no \"low\" results")?;
            let high = v["high"].as_array().ok_or("no \"high\" results")?;
            if low.len() != asked.len() || high.len() != asked.len() {
                return Err(format!("{} results for {} tests", low.len(), asked.len()));
            }
            for (j, &i) in asked.iter().enumerate() {
                let r = match got(&low[j])? {
                    Got::Unaskable(w) => KernelRet::Unaskable(w),
                    // The kernel killed the thread: only `div x` by zero ends a rewritten
                    // filter without going through a rewritten return: the value is 0.
                    Got::Died { sig, .. } if sig == libc::SIGSYS => KernelRet::Ret(0),
                    Got::Died { sig, .. } => {
                        return Err(format!("the child died of signal {sig} on input {i}"))
                    }
                    Got::Value(x) => match rewrite::decode(x, self.prog.len()) {
                        Seen::RetK(pc) => KernelRet::Ret(self.prog[pc].k),
                        Seen::RetA(lo) => match got(&high[j])? {
                            Got::Value(y) => match rewrite::decode(y, self.prog.len()) {
                                Seen::RetA(hi) => KernelRet::Ret(u32::from(hi) << 16 | u32::from(lo)),
                                other => {
                                    return Err(format!(
                                        "input {i}: the high-half run disagrees with the low-half run ({other:?})"
                                    ))
                                }
                            },
                            _ => {
                                return Err(format!(
                                    "input {i}: no high-half result for a ret a ({})",
                                    high[j]
                                ))
                            }
                        },
                        Seen::Other(x) => {
                            return Err(format!(
                                "input {i}: unexpected result {x:#x} from the rewritten filter"
                            ))
                        }
                    },
                };
                self.out[i] = Some(r);
            }
        }
        Ok(())
    }
}

/// The exec request of [`super::oracle::outcome`]: `stack` (older filters behind the
/// install guard, the newest as given) and one syscall with `d`.
///
/// # Errors
/// `d` cannot be asked, or no filter was given.
pub fn outcome_req(t: &Target, stack: &[&[Insn]], d: &SeccompData) -> Result<Vec<u8>, KernelError> {
    match t.classify(d) {
        Err(why) => return Err(KernelError::new(why)),
        Ok(true) => return Err(KernelError::new("nr 335/336 never reach a filter".into())),
        Ok(false) => {}
    }
    let Some((last, pre)) = stack.split_last() else {
        return Err(KernelError::new("no filter given".into()));
    };
    // The compat agent installs with its own seccomp(2) number.
    let compat = Some(d.arch) == t.compat;
    let nr = if compat {
        super::campaign::seccomp_nr(d.arch)
    } else {
        t.seccomp_nr
    };
    let guarded: Vec<Vec<Insn>> = pre.iter().map(|p| guard_install_nr(p, nr)).collect();
    let req = exec_req(true, &guarded, last, None, &[d]);
    Ok(if compat { compat_req(req) } else { req })
}

/// What a process observed, from an outcome exec answer's `ok` payload.
///
/// # Errors
/// A malformed answer, or an input the agent could not place.
pub fn outcome_answer(v: &Value) -> Result<Observed, String> {
    let r = v["low"]
        .as_array()
        .and_then(|a| a.first())
        .ok_or("no outcome result")?;
    Ok(match got(r)? {
        Got::Value(x) if x & TRAPPED != 0 && x >> 33 == 0 => Observed::Trapped(x as u16),
        Got::Value(x) => Observed::Returned(x as i64),
        // A TRAP writes its slot and then dies on purpose.
        Got::Died { slot, .. } if slot != u64::MAX && slot & TRAPPED != 0 => {
            Observed::Trapped(slot as u16)
        }
        Got::Died { sig, .. } => Observed::Killed(sig),
        Got::Unaskable(w) => return Err(w),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// An arm64 agent whose hello names a compat agent with the same gate: arm inputs go
    /// to it in a `'c'` request, beside the native ones in one `many`; arm inputs no 32-bit
    /// task can produce (wide args or ip) are not asked.
    #[test]
    fn arm_inputs_go_to_the_compat_agent() {
        let h = json!({"machine": "aarch64", "gate": 0x5ecc_0008u64,
            "compat": {"machine": "arm", "gate": 0x5ecc_0008u64, "seccomp": null}});
        let t = Target::for_hello(&h).unwrap();
        assert_eq!(t.compat, Some(AUDIT_ARCH_ARM));
        let other_gate =
            json!({"machine": "aarch64", "gate": 8, "compat": {"machine": "arm", "gate": 16}});
        assert_eq!(Target::for_hello(&other_gate).unwrap().compat, None);
        let prog = [Insn::stmt(BPF_RET | BPF_K, 5)];
        let arm = SeccompData {
            nr: 20,
            arch: AUDIT_ARCH_ARM,
            instruction_pointer: 0x0c0d_e004,
            args: [0xffff_ffff, 0, 0, 0, 0, 0],
        };
        let native = SeccompData {
            arch: AUDIT_ARCH_AARCH64,
            ..arm
        };
        let wide = SeccompData {
            args: [1 << 32, 0, 0, 0, 0, 0],
            ..arm
        };
        let high_ip = SeccompData {
            instruction_pointer: 0xffff_0004,
            ..arm
        };
        let plan = plan_run(&t, &prog, &[arm, native, wide, high_ip]).unwrap();
        let req = plan.request.clone().unwrap();
        assert_eq!(req[0], b'm');
        assert!(req.windows(2).any(|w| w == [b'c', b'x']));
        let ok = json!({"low": [0], "high": [null]});
        let got = plan.finish(Some(&json!([{"ok": ok}, {"ok": ok}]))).unwrap();
        assert_eq!(got[0], KernelRet::Ret(5));
        assert_eq!(got[1], KernelRet::Ret(5));
        assert!(matches!(got[2], KernelRet::Unaskable(_)));
        assert!(matches!(got[3], KernelRet::Unaskable(_)));
        // Without a compat agent, arm inputs are not asked.
        let plain = Target::for_machine("aarch64", 0x5ecc_0008).unwrap();
        let p = plan_run(&plain, &prog, &[arm]).unwrap();
        assert!(p.request.is_none());
    }

    fn s390x() -> Target {
        Target::for_machine("s390x", 0x5ecc_0002).unwrap()
    }

    #[test]
    fn requests_are_little_endian_whatever_the_guest() {
        let p = [Insn::new(0x20, 1, 2, 0x1122_3344)];
        let r = accept_req(&[&p], 0x10, true, false, false);
        assert_eq!(
            r,
            [
                b'a', 0x10, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0x20, 0, 1, 2, 0x44, 0x33,
                0x22, 0x11
            ]
        );
        let m = many_req(&[vec![b'h']]);
        assert_eq!(m, [b'm', 1, 0, 0, 0, 1, 0, 0, 0, b'h']);
    }

    #[test]
    fn big_endian_gate_words_are_swapped_for_the_prologue() {
        let t = s390x();
        let prog = [Insn::stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)];
        let d = SeccompData {
            arch: AUDIT_ARCH_S390X,
            nr: 20,
            instruction_pointer: 0x0c0d_e002,
            args: [0; 6],
        };
        let plan = plan_run(&t, &prog, &[d]).unwrap();
        let req = plan.request.clone().unwrap();
        // 'x', die_on_trap, npre = 0, then the low program: its second instruction
        // compares `ld [8]` (the high half of ip on s390x) with the gate's high half.
        let second_k = u32::from_le_bytes(req[1 + 1 + 4 + 4 + 8 + 4..][..4].try_into().unwrap());
        assert_eq!(second_k, 0);
        let fourth_k = u32::from_le_bytes(req[1 + 1 + 4 + 4 + 24 + 4..][..4].try_into().unwrap());
        assert_eq!(fourth_k, 0x5ecc_0002);
        // The ERRNO rewrite of `ret #ALLOW` at pc 0 answers -0: the ALLOW is decoded.
        let rets = plan
            .finish(Some(&json!({"low": [0], "high": [null]})))
            .unwrap();
        assert_eq!(rets, [KernelRet::Ret(SECCOMP_RET_ALLOW)]);
    }

    #[test]
    fn inputs_the_guest_cannot_produce_are_unaskable_not_guessed() {
        let t = s390x();
        let prog = [Insn::stmt(BPF_RET | BPF_A, 0)];
        let base = SeccompData {
            arch: AUDIT_ARCH_S390X,
            nr: 1,
            instruction_pointer: 0x0c0d_e002,
            args: [0; 6],
        };
        let wide = SeccompData {
            nr: 0x1_0000,
            ..base
        };
        let odd = SeccompData {
            instruction_pointer: 0x0c0d_e003,
            ..base
        };
        let other = SeccompData {
            arch: AUDIT_ARCH_X86_64,
            ..base
        };
        let plan = plan_run(&t, &prog, &[base, wide, odd, other]).unwrap();
        let rets = plan
            .finish(Some(
                &json!({"low": [TRAPPED | 0x5678], "high": [TRAPPED | 0x1234]}),
            ))
            .unwrap();
        assert_eq!(rets[0], KernelRet::Ret(0x1234_5678));
        for r in &rets[1..] {
            assert!(matches!(r, KernelRet::Unaskable(_)), "{r:?}");
        }
    }

    #[test]
    fn outcomes_decode_traps_kills_and_returns() {
        let o = |v: Value| outcome_answer(&json!({"low": [v], "high": [null]})).unwrap();
        assert_eq!(o(json!(TRAPPED | 7)), Observed::Trapped(7));
        assert_eq!(o(json!(-13i64 as u64)), Observed::Returned(-13));
        assert_eq!(
            o(json!({"sig": 4, "slot": TRAPPED | 9})),
            Observed::Trapped(9)
        );
        assert_eq!(
            o(json!({"sig": 31, "slot": u64::MAX})),
            Observed::Killed(31)
        );
    }
}
