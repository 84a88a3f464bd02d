//! The differential campaign: generated programs, checked and run by secbpf and by the
//! live kernel, every answer compared.
//!
//! For each case ([`crate::synth`]): the kernel's verdict on installing its filters (a
//! stack installs older filters behind [`super::guard_install`], on both sides) against
//! [`crate::verify::check_stack`]; for every filter the kernel accepts, the kernel's
//! exact 32-bit return for every input against [`crate::vm::run`]; and for stacks, what
//! a process observes after a harmless syscall (getpid) under the real stack against
//! [`crate::seccomp::stack::run_stack`]'s outcome.

use super::oracle::{self, KernelRet, Observed};
use super::KernelError;
use crate::insn::Insn;
use crate::seccomp::action::Outcome;
use crate::seccomp::data::SeccompData;
use crate::seccomp::stack::{bypasses_filters, run_stack, run_stack_once};
use crate::synth::{self, Case, GenConfig};
use crate::verify::{self, InstallOptions};
use crate::vm;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Instruction pointers the campaign's inputs use: user addresses the oracle can map a
/// syscall instruction at, with low words on both sides of bit 31 and high words 0, 1
/// and large.
pub const IPS: &[u64] = &[
    0x0c0d_e002,
    0x0001_0002,
    0x8000_0002,
    0xffff_f002,
    0x0001_0000_0002,
    0x7000_dead_b002,
];

/// What differed.
#[derive(Clone, Debug, PartialEq)]
pub enum Difference {
    /// seccomp(2)'s answer for a filter of the stack: kernel vs secbpf (`None` = accepted).
    Verdict {
        /// Index of the filter in the stack.
        filter: usize,
        /// The kernel's errno, if it refused.
        kernel: Option<i32>,
        /// secbpf's errno, if it refused.
        secbpf: Option<i32>,
    },
    /// A filter's return value for an input.
    Result {
        /// Index of the filter.
        filter: usize,
        /// Index of the input.
        input: usize,
        /// The kernel's answer.
        kernel: KernelRet,
        /// secbpf's value (`None`: secbpf says the filter never runs).
        secbpf: Option<u32>,
    },
    /// What a process observed under the whole stack.
    Outcome {
        /// The input (nr replaced by getpid).
        input: SeccompData,
        /// What the kernel did.
        kernel: Observed,
        /// What secbpf predicted.
        secbpf: Outcome,
    },
}

/// Counters of one comparison.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Inputs whose exact results were compared.
    pub inputs: u64,
    /// Inputs the kernel could not be asked (reported, not compared).
    pub skipped: u64,
}

/// getpid's number for `arch` (i386, s390x and arm 20, aarch64 172, else x86_64's 39):
/// a harmless syscall for outcomes.
pub fn getpid_nr(arch: u32) -> u32 {
    use crate::consts::*;
    match arch {
        AUDIT_ARCH_I386 | AUDIT_ARCH_S390X | AUDIT_ARCH_ARM => 20,
        AUDIT_ARCH_AARCH64 => 172,
        _ => 39,
    }
}

/// seccomp(2)'s number for a process whose inputs are of `arch`: aarch64 277, s390x 348,
/// arm 383 (the arm64 guest's compat agent), else x86_64's 317 (i386 inputs come from an
/// x86_64 process, which installs natively).
pub fn seccomp_nr(arch: u32) -> u32 {
    use crate::consts::*;
    match arch {
        AUDIT_ARCH_AARCH64 => 277,
        AUDIT_ARCH_S390X => 348,
        AUDIT_ARCH_ARM => 383,
        _ => 317,
    }
}

fn errno_of(r: &Result<(), i32>) -> Option<i32> {
    r.err()
}

/// The stack as installed on x86_64: older filters behind the install guard.
pub fn installed_stack(case: &Case) -> Vec<Vec<Insn>> {
    installed_stack_for(case, crate::consts::AUDIT_ARCH_X86_64)
}

/// The stack as installed by a process of arch `native`: older filters behind the
/// install guard, which lets that arch's seccomp(2) through ([`seccomp_nr`]).
pub fn installed_stack_for(case: &Case, native: u32) -> Vec<Vec<Insn>> {
    let n = case.filters.len();
    let nr = seccomp_nr(native);
    case.filters
        .iter()
        .enumerate()
        .map(|(i, f)| {
            if i + 1 < n {
                oracle::guard_install_nr(f, nr)
            } else {
                f.clone()
            }
        })
        .collect()
}

/// Whether what a process observed (`kernel::outcome`) is what secbpf predicts: the
/// syscall ran (a positive getpid), failed with that errno, trapped with that data, or
/// the process was killed by SIGSYS.
pub fn observed_matches(o: Observed, p: Outcome) -> bool {
    match (o, p) {
        (Observed::Returned(r), Outcome::Runs) => r > 0,
        (Observed::Returned(r), Outcome::FailsWith(e)) => r == -i64::from(e),
        (Observed::Trapped(d), Outcome::Sigsys(e)) => d == e,
        (Observed::Killed(s), Outcome::KillThread | Outcome::KillProcess) => s == libc::SIGSYS,
        _ => false,
    }
}

/// Who answers for the kernel in a comparison: the running kernel ([`Live`], the
/// default) or another one, such as a VM guest's (`kernel::vmhost`).
pub trait Asker: Sync {
    /// [`oracle::accept`] with default options.
    ///
    /// # Errors
    /// The kernel cannot be asked.
    fn accept(&self, filters: &[&[Insn]]) -> Result<Vec<Result<(), i32>>, KernelError>;
    /// [`oracle::run_accepted`].
    ///
    /// # Errors
    /// The kernel cannot be asked.
    fn run_accepted(
        &self,
        prog: &[Insn],
        inputs: &[SeccompData],
    ) -> Result<Vec<KernelRet>, KernelError>;
    /// [`oracle::outcome`].
    ///
    /// # Errors
    /// The kernel cannot be asked.
    fn outcome(&self, stack: &[&[Insn]], data: &SeccompData) -> Result<Observed, KernelError>;
    /// Cases a worker is about to compare, to ask them ahead in one go.
    fn prefetch(&self, _cases: &[Case]) {}
    /// How many cases a worker takes at a time (given to [`Asker::prefetch`]).
    fn batch(&self) -> usize {
        1
    }
    /// The kernel's release (`uname -r`), for reproducers.
    fn release(&self) -> String {
        kernel_release()
    }
    /// What the generator may produce for this kernel: its arches (AUDIT_ARCH, native
    /// first), the instruction pointers it can place, the syscall numbers it can pass.
    /// Default: x86_64 and i386 at [`IPS`].
    fn gen_config(&self, inputs_per_program: usize) -> GenConfig {
        GenConfig::new(inputs_per_program, IPS.to_vec())
    }
    /// The AUDIT_ARCH of the processes that install filters (default x86_64): the arch
    /// of the install guard's seccomp(2) and of secbpf's model of installing calls.
    fn native_arch(&self) -> u32 {
        crate::consts::AUDIT_ARCH_X86_64
    }
}

/// The running kernel.
pub struct Live;

impl Asker for Live {
    fn accept(&self, filters: &[&[Insn]]) -> Result<Vec<Result<(), i32>>, KernelError> {
        oracle::accept(filters, &InstallOptions::default())
    }
    fn run_accepted(
        &self,
        prog: &[Insn],
        inputs: &[SeccompData],
    ) -> Result<Vec<KernelRet>, KernelError> {
        oracle::run_accepted(prog, inputs)
    }
    fn outcome(&self, stack: &[&[Insn]], data: &SeccompData) -> Result<Observed, KernelError> {
        oracle::outcome(stack, data)
    }
}

/// Inputs asked of the kernel in one go by [`compare_until`]; `stop` is checked between
/// such batches, so a time limit or an interrupt is honoured within one program.
pub const INPUT_BATCH: usize = 1024;

/// Compare secbpf with the kernel on one case. `Ok(None)` when they agree.
///
/// # Errors
/// When the kernel cannot be asked (no seccomp, a child that cannot start).
pub fn compare(case: &Case, counts: &mut Counts) -> Result<Option<Difference>, KernelError> {
    compare_until(case, counts, &|| false)
}

/// [`compare`], giving up (with `Ok(None)`, the inputs compared so far counted) as soon
/// as `stop()` says so between batches of [`INPUT_BATCH`] inputs.
///
/// # Errors
/// See [`compare`].
pub fn compare_until(
    case: &Case,
    counts: &mut Counts,
    stop: &dyn Fn() -> bool,
) -> Result<Option<Difference>, KernelError> {
    compare_until_with(case, counts, stop, &Live)
}

/// [`compare_until`] with `asker` answering for the kernel.
///
/// # Errors
/// See [`compare`].
pub fn compare_until_with(
    case: &Case,
    counts: &mut Counts,
    stop: &dyn Fn() -> bool,
    asker: &dyn Asker,
) -> Result<Option<Difference>, KernelError> {
    let native = asker.native_arch();
    let stack = installed_stack_for(case, native);
    let refs: Vec<&[Insn]> = stack.iter().map(Vec::as_slice).collect();
    if refs.is_empty() {
        return Ok(None);
    }
    let kernel = asker.accept(&refs)?;
    let ours = verify::check_stack(&refs, &InstallOptions::default().arch(native));
    for (i, (k, s)) in kernel.iter().zip(&ours).enumerate() {
        let s = s.as_ref().map(|_| ()).map_err(|e| e.errno());
        if errno_of(k) != errno_of(&s) {
            return Ok(Some(Difference::Verdict {
                filter: i,
                kernel: errno_of(k),
                secbpf: errno_of(&s),
            }));
        }
    }
    let accepted: Vec<(usize, &crate::VerifiedProgram)> = ours
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.as_ref().ok().map(|v| (i, v)))
        .collect();
    if case.inputs.is_empty() {
        return Ok(None);
    }
    for &(fi, v) in &accepted {
        let prog = &stack[fi];
        if !super::rewrite::rewritable(prog) {
            counts.skipped += case.inputs.len() as u64;
            continue;
        }
        for (bi, batch) in case.inputs.chunks(INPUT_BATCH).enumerate() {
            if stop() {
                return Ok(None);
            }
            let k = asker.run_accepted(prog, batch)?;
            if let Some(d) = compare_batch(v, fi, bi * INPUT_BATCH, batch, k, counts) {
                return Ok(Some(d));
            }
        }
    }
    if stop() {
        return Ok(None);
    }
    if stack.len() > 1 && accepted.len() == stack.len() {
        let mut d = case.inputs[0];
        d.nr = getpid_nr(d.arch);
        let verified: Vec<_> = accepted.iter().map(|(_, v)| (*v).clone()).collect();
        if !verified.is_empty() {
            // Each filter runs on this one input: no evaluation plans.
            let r = run_stack_once(&verified, &d);
            // outcome() installs older filters behind the guard itself.
            let o = asker.outcome(
                &case.filters.iter().map(Vec::as_slice).collect::<Vec<_>>(),
                &d,
            )?;
            if !observed_matches(o, r.outcome()) {
                return Ok(Some(Difference::Outcome {
                    input: d,
                    kernel: o,
                    secbpf: r.outcome(),
                }));
            }
        }
    }
    Ok(None)
}

/// The kernel's side of [`compare_until`] alone: the same children and syscalls (the
/// verdicts, every input of every filter the kernel accepts, a stack's outcome), with
/// nothing of secbpf's side (no verification, no evaluation, no comparison). Inputs the
/// kernel answered are counted in `counts` as `compare_until` counts them. This is the
/// floor a campaign's rate is measured against (`fuzz-kernel --oracle-only`).
///
/// # Errors
/// See [`compare`].
pub fn ask_kernel_until(
    case: &Case,
    counts: &mut Counts,
    stop: &dyn Fn() -> bool,
) -> Result<(), KernelError> {
    let stack = installed_stack(case);
    let refs: Vec<&[Insn]> = stack.iter().map(Vec::as_slice).collect();
    if refs.is_empty() {
        return Ok(());
    }
    let kernel = oracle::accept(&refs, &crate::verify::InstallOptions::default())?;
    if case.inputs.is_empty() {
        return Ok(());
    }
    for (prog, _) in stack.iter().zip(&kernel).filter(|(_, k)| k.is_ok()) {
        if !super::rewrite::rewritable(prog) {
            counts.skipped += case.inputs.len() as u64;
            continue;
        }
        for batch in case.inputs.chunks(INPUT_BATCH) {
            if stop() {
                return Ok(());
            }
            for k in oracle::run_accepted(prog, batch)? {
                match k {
                    KernelRet::Unaskable(_) => counts.skipped += 1,
                    _ => counts.inputs += 1,
                }
            }
        }
    }
    if stop() {
        return Ok(());
    }
    if stack.len() > 1 && kernel.iter().all(Result::is_ok) {
        let mut d = case.inputs[0];
        d.nr = if d.arch == crate::consts::AUDIT_ARCH_I386 {
            20
        } else {
            39
        };
        oracle::outcome(
            &case.filters.iter().map(Vec::as_slice).collect::<Vec<_>>(),
            &d,
        )?;
    }
    Ok(())
}

/// Compare the kernel's answers `k` for `batch` (inputs `first..` of the case) with
/// secbpf's for filter `fi`; the first difference, if any.
fn compare_batch(
    v: &crate::VerifiedProgram,
    fi: usize,
    first: usize,
    batch: &[SeccompData],
    k: Vec<KernelRet>,
    counts: &mut Counts,
) -> Option<Difference> {
    for (ii, (d, kr)) in batch.iter().zip(k).enumerate() {
        let ours = if bypasses_filters(d) {
            None
        } else {
            Some(vm::run_words_once(v, &d.words()).ret.raw())
        };
        let same = match (&kr, ours) {
            (KernelRet::Ret(a), Some(b)) => *a == b,
            (KernelRet::Bypassed, None) => true,
            (KernelRet::Unaskable(_), _) => {
                counts.skipped += 1;
                continue;
            }
            _ => false,
        };
        counts.inputs += 1;
        if !same {
            return Some(Difference::Result {
                filter: fi,
                input: first + ii,
                kernel: kr,
                secbpf: ours,
            });
        }
    }
    None
}

/// Options of a campaign.
#[derive(Clone, Debug)]
pub struct Config {
    /// Programs (cases) to generate.
    pub programs: u64,
    /// Inputs per program.
    pub inputs_per_program: usize,
    /// Seed of the generator.
    pub seed: u64,
    /// Stop after this long even if fewer programs were run.
    pub time: Option<Duration>,
    /// Worker threads.
    pub jobs: usize,
    /// Where to write reproducers of disagreements (none if `None`).
    pub regressions: Option<std::path::PathBuf>,
    /// Ask the kernel only ([`ask_kernel_until`]): the floor a campaign is measured
    /// against; nothing is compared, so nothing can disagree.
    pub oracle_only: bool,
}

/// CPU time used during a campaign, from `getrusage(2)`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CpuTimes {
    /// User time of this process (every thread: generation, secbpf's side, and the
    /// parent's side of asking the kernel).
    pub user: Duration,
    /// System time of this process (creating, waiting for and reaping children).
    pub system: Duration,
    /// User time of the oracle's children, reaped during the campaign.
    pub children_user: Duration,
    /// System time of the oracle's children (the kernel checking, converting and
    /// running the filters, and the children's own start and exit).
    pub children_system: Duration,
}

impl CpuTimes {
    /// Now, since the process started.
    pub fn now() -> CpuTimes {
        let get = |who: i32| {
            // SAFETY: getrusage writes one struct rusage into the zeroed value we own.
            let mut u: libc::rusage = unsafe { std::mem::zeroed() };
            // SAFETY: as above; `who` is RUSAGE_SELF or RUSAGE_CHILDREN.
            let r = unsafe { libc::getrusage(who, &mut u) };
            let t = |tv: libc::timeval| {
                Duration::from_secs(tv.tv_sec.max(0) as u64)
                    + Duration::from_micros(tv.tv_usec.max(0) as u64)
            };
            if r == 0 {
                (t(u.ru_utime), t(u.ru_stime))
            } else {
                (Duration::ZERO, Duration::ZERO)
            }
        };
        let (user, system) = get(libc::RUSAGE_SELF);
        let (children_user, children_system) = get(libc::RUSAGE_CHILDREN);
        CpuTimes {
            user,
            system,
            children_user,
            children_system,
        }
    }

    /// The time used between `earlier` and `self`.
    pub fn since(self, earlier: CpuTimes) -> CpuTimes {
        CpuTimes {
            user: self.user.saturating_sub(earlier.user),
            system: self.system.saturating_sub(earlier.system),
            children_user: self.children_user.saturating_sub(earlier.children_user),
            children_system: self.children_system.saturating_sub(earlier.children_system),
        }
    }

    /// This process's time, user and system.
    pub fn ours(&self) -> Duration {
        self.user + self.system
    }

    /// Everything: this process and its children.
    pub fn total(&self) -> Duration {
        self.ours() + self.children_user + self.children_system
    }
}

/// The result of a campaign.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    /// Programs compared.
    pub programs: u64,
    /// Inputs whose exact results were compared.
    pub inputs: u64,
    /// Inputs that could not be asked.
    pub skipped: u64,
    /// Disagreements found (each shrunk and written).
    pub disagreements: Vec<Value>,
    /// Wall time.
    pub elapsed: Duration,
    /// Stopped early by a signal (SIGINT, SIGTERM): its number.
    pub interrupted: Option<i32>,
    /// Stopped early because the time limit passed (possibly within a program).
    pub timed_out: bool,
    /// CPU time the campaign used, this process and its children.
    pub cpu: CpuTimes,
}

impl Summary {
    /// Programs per second.
    pub fn rate(&self) -> f64 {
        self.programs as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

fn observed_json(o: &Observed) -> Value {
    match *o {
        Observed::Returned(r) => json!({"returned": r}),
        Observed::Trapped(d) => json!({"trapped": d}),
        Observed::Killed(s) => json!({"killed": s}),
    }
}

/// The difference as JSON: what the kernel answered and what secbpf answered.
pub fn difference_json(diff: &Difference) -> Value {
    let errno = |e: Option<i32>| {
        e.map(|e| crate::errno::name(e as u32).map_or(e.to_string(), str::to_string))
    };
    match diff {
        Difference::Verdict {
            filter,
            kernel,
            secbpf,
        } => json!({
            "kind": "verdict", "filter": filter, "kernel": errno(*kernel), "secbpf": errno(*secbpf),
        }),
        Difference::Result {
            filter,
            input,
            kernel,
            secbpf,
        } => json!({
            "kind": "result", "filter": filter, "input": input,
            "kernel": match kernel {
                KernelRet::Ret(v) => json!(v),
                KernelRet::Bypassed => json!("bypassed"),
                KernelRet::Unaskable(w) => json!({"unaskable": w}),
            },
            "secbpf": secbpf.map_or(json!("bypassed"), |v| json!(v)),
        }),
        Difference::Outcome {
            input,
            kernel,
            secbpf,
        } => json!({
            "kind": "outcome",
            "input": {"arch": input.arch, "nr": input.nr, "ip": input.instruction_pointer, "args": input.args},
            "kernel": observed_json(kernel),
            "secbpf": secbpf.to_string(),
        }),
    }
}

/// Check secbpf against a reproducer's recorded kernel answer (no kernel needed): `Ok`
/// when secbpf now gives the kernel's answer.
///
/// # Errors
/// A malformed reproducer, or secbpf still disagreeing with the recorded kernel answer.
pub fn replay(rep: &Value) -> Result<(), String> {
    let filters: Vec<Vec<Insn>> = rep["filters"]
        .as_array()
        .ok_or("no filters")?
        .iter()
        .map(crate::codec::json::from_json)
        .collect::<Result<_, _>>()?;
    let inputs: Vec<SeccompData> = rep["inputs"]
        .as_array()
        .ok_or("no inputs")?
        .iter()
        .map(crate::seccomp::input::parse_case)
        .collect::<Result<_, _>>()?;
    let case = Case { filters, inputs };
    // Reproducers from other arches' kernels name the installing arch.
    let native = rep["native_arch"]
        .as_u64()
        .map_or(crate::consts::AUDIT_ARCH_X86_64, |a| a as u32);
    let stack = installed_stack_for(&case, native);
    let refs: Vec<&[Insn]> = stack.iter().map(Vec::as_slice).collect();
    let ours = verify::check_stack(&refs, &InstallOptions::default().arch(native));
    let d = &rep["difference"];
    let filter = d["filter"].as_u64().unwrap_or(0) as usize;
    match d["kind"].as_str() {
        Some("verdict") => {
            let got = ours
                .get(filter)
                .ok_or("no such filter")?
                .as_ref()
                .err()
                .map(|e| e.errno_name());
            if got == d["kernel"].as_str() {
                Ok(())
            } else {
                Err(format!("kernel {}, secbpf {got:?}", d["kernel"]))
            }
        }
        Some("result") => {
            let v = ours
                .get(filter)
                .ok_or("no such filter")?
                .as_ref()
                .map_err(|e| e.to_string())?;
            let input = case
                .inputs
                .get(d["input"].as_u64().unwrap_or(0) as usize)
                .ok_or("no such input")?;
            let got = if bypasses_filters(input) {
                json!("bypassed")
            } else {
                json!(vm::run_words_once(v, &input.words()).ret.raw())
            };
            if got == d["kernel"] {
                Ok(())
            } else {
                Err(format!("kernel {}, secbpf {got}", d["kernel"]))
            }
        }
        Some("outcome") => {
            let input = crate::seccomp::input::parse_case(&d["input"])?;
            let verified: Vec<_> = ours
                .into_iter()
                .collect::<Result<_, _>>()
                .map_err(|e| e.to_string())?;
            let p = run_stack(&verified, &input).outcome();
            let k = &d["kernel"];
            let o = if let Some(r) = k["returned"].as_i64() {
                Observed::Returned(r)
            } else if let Some(t) = k["trapped"].as_u64() {
                Observed::Trapped(t as u16)
            } else {
                Observed::Killed(k["killed"].as_i64().ok_or("bad kernel outcome")? as i32)
            };
            if observed_matches(o, p) {
                Ok(())
            } else {
                Err(format!("kernel {o:?}, secbpf {p}"))
            }
        }
        _ => Err("unknown difference kind".into()),
    }
}

/// A reproducer: the shrunk case, what differed, and the kernel's answers.
pub fn reproducer(case: &Case, diff: &Difference, seed: u64, index: u64) -> Value {
    let filters: Vec<Value> = case
        .filters
        .iter()
        .map(|f| crate::codec::json::to_json(f))
        .collect();
    let inputs: Vec<Value> = case
        .inputs
        .iter()
        .map(|d| json!({"arch": d.arch, "nr": d.nr, "ip": d.instruction_pointer, "args": d.args}))
        .collect();
    json!({
        "seed": seed,
        "index": index,
        "kernel_release": kernel_release(),
        "filters": filters,
        "inputs": inputs,
        "difference": difference_json(diff),
    })
}

/// `uname -r` of the running kernel.
pub fn kernel_release() -> String {
    std::fs::read_to_string("/proc/sys/kernel/osrelease")
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|_| "unknown".into())
}

/// Run a campaign; `progress(done, disagreements)` is called now and then.
///
/// # Errors
/// The kernel cannot be asked.
pub fn run(cfg: &Config, progress: &(dyn Fn(u64, u64) + Sync)) -> Result<Summary, KernelError> {
    run_until(cfg, progress, &|| None)
}

/// [`run`], stopping early (between programs, or between batches of inputs within one)
/// when the time limit passes or `interrupt()` returns a signal number; every worker
/// reaps its children before the summary of what was done is returned. A program cut
/// short is not counted in `programs` (its inputs compared so far are in `inputs`).
/// Workers block SIGINT and SIGTERM ([`super::signals::block_interrupts`]), so the
/// oracle's children never see them and the caller's thread takes them.
///
/// # Errors
/// The kernel cannot be asked (not reported after an interrupt: a child killed by
/// the signal is then expected).
pub fn run_until(
    cfg: &Config,
    progress: &(dyn Fn(u64, u64) + Sync),
    interrupt: &(dyn Fn() -> Option<i32> + Sync),
) -> Result<Summary, KernelError> {
    run_until_with(cfg, progress, interrupt, &Live)
}

/// [`run_until`] with `asker` answering for the kernel: each worker takes
/// [`Asker::batch`] cases at a time and gives them to [`Asker::prefetch`] first.
///
/// # Errors
/// See [`run_until`].
pub fn run_until_with(
    cfg: &Config,
    progress: &(dyn Fn(u64, u64) + Sync),
    interrupt: &(dyn Fn() -> Option<i32> + Sync),
    asker: &dyn Asker,
) -> Result<Summary, KernelError> {
    let gcfg = asker.gen_config(cfg.inputs_per_program);
    let next = AtomicU64::new(0);
    let stop = AtomicBool::new(false);
    let summary = Mutex::new(Summary::default());
    let failure: Mutex<Option<KernelError>> = Mutex::new(None);
    let start = Instant::now();
    let cpu_start = CpuTimes::now();
    std::thread::scope(|s| {
        for _ in 0..cfg.jobs.max(1) {
            s.spawn(|| {
                super::signals::block_interrupts();
                let mut local = Counts::default();
                let mut done = 0u64;
                let mut queue: Vec<(u64, Case)> = Vec::new();
                let must_stop = || {
                    stop.load(Ordering::Relaxed)
                        || interrupt().is_some()
                        || cfg.time.is_some_and(|t| start.elapsed() >= t)
                };
                loop {
                    if must_stop() {
                        break;
                    }
                    if queue.is_empty() {
                        let b = asker.batch().max(1) as u64;
                        let i0 = next.fetch_add(b, Ordering::Relaxed);
                        if i0 >= cfg.programs {
                            break;
                        }
                        queue = (i0..(i0 + b).min(cfg.programs))
                            .map(|i| (i, synth::case_from_seed(cfg.seed, i, &gcfg)))
                            .collect();
                        if b > 1 {
                            let cases: Vec<Case> = queue.iter().map(|(_, c)| c.clone()).collect();
                            asker.prefetch(&cases);
                        }
                    }
                    let (i, case) = queue.remove(0);
                    // The floor (--oracle-only) asks the kernel alone; it shares the
                    // accounting below.
                    let result = if cfg.oracle_only {
                        ask_kernel_until(&case, &mut local, &must_stop).map(|()| None)
                    } else {
                        compare_until_with(&case, &mut local, &must_stop, asker)
                    };
                    match result {
                        Ok(None) if must_stop() => break,
                        Ok(None) => {}
                        Ok(Some(diff)) => {
                            // Interruptible too: once stopped, no candidate reproduces and
                            // the case shrunk so far is kept.
                            let small = synth::shrink(&case, |c| {
                                matches!(
                                    compare_until_with(
                                        c,
                                        &mut Counts::default(),
                                        &must_stop,
                                        asker
                                    ),
                                    Ok(Some(_))
                                )
                            });
                            let diff2 = compare_until_with(
                                &small,
                                &mut Counts::default(),
                                &|| false,
                                asker,
                            )
                            .ok()
                            .flatten()
                            .unwrap_or(diff);
                            let mut rep = reproducer(&small, &diff2, cfg.seed, i);
                            rep["kernel_release"] = json!(asker.release());
                            if asker.native_arch() != crate::consts::AUDIT_ARCH_X86_64 {
                                rep["native_arch"] = json!(asker.native_arch());
                            }
                            if let Some(dir) = &cfg.regressions {
                                let _ = std::fs::create_dir_all(dir);
                                let path = dir.join(format!("seed{}-{}.json", cfg.seed, i));
                                let _ = std::fs::write(path, format!("{rep}\n"));
                            }
                            summary
                                .lock()
                                .unwrap_or_else(|e| e.into_inner())
                                .disagreements
                                .push(rep);
                        }
                        Err(_) if interrupt().is_some() => break,
                        Err(e) => {
                            // Name the program, so that one that broke the kernel (a
                            // guest that hung or died on it) can be generated again.
                            let e = KernelError {
                                errno: e.errno,
                                detail: format!("program {i} of seed {}: {}", cfg.seed, e.detail),
                            };
                            *failure.lock().unwrap_or_else(|e| e.into_inner()) = Some(e);
                            stop.store(true, Ordering::Relaxed);
                            break;
                        }
                    }
                    done += 1;
                    if done.is_multiple_of(64) {
                        let mut sm = summary.lock().unwrap_or_else(|e| e.into_inner());
                        sm.programs += 64;
                        let (p, d) = (sm.programs, sm.disagreements.len() as u64);
                        drop(sm);
                        progress(p, d);
                    }
                }
                let mut sm = summary.lock().unwrap_or_else(|e| e.into_inner());
                sm.programs += done % 64;
                sm.inputs += local.inputs;
                sm.skipped += local.skipped;
            });
        }
    });
    if let Some(e) = failure.into_inner().unwrap_or_else(|e| e.into_inner()) {
        if interrupt().is_none() {
            return Err(e);
        }
    }
    let mut sm = summary.into_inner().unwrap_or_else(|e| e.into_inner());
    sm.elapsed = start.elapsed();
    sm.cpu = CpuTimes::now().since(cpu_start);
    sm.interrupted = interrupt();
    sm.timed_out = sm.interrupted.is_none()
        && cfg.time.is_some_and(|t| sm.elapsed >= t)
        && next.load(Ordering::Relaxed) < cfg.programs;
    Ok(sm)
}
