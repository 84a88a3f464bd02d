//! libseccomp's `scmp_bpf_sim` (tools/scmp_bpf_sim.c, libseccomp 2.5.4), reproduced
//! observably: its command line (POSIX `getopt` with GNU permutation, `strtol` /
//! `strtoull` number parsing), its arch names, its reading of the filter file in the
//! chosen arch's byte order, its output strings and its exit codes. `secbpf
//! scmp-bpf-sim` and `secbpf` invoked as `scmp_bpf_sim` are thin wrappers over
//! [`run_tool`], so libseccomp's own regression suite (`./regression -T bpf-sim`) can run
//! against secbpf (`tests/conformance/libseccomp.sh`).
//!
//! # What the tool does, and how secbpf reproduces it
//!
//! - Options (`getopt` string `a:f:hs:v0:1:2:3:4:5:`), handled in order, the first
//!   problem ending the run: `-a ARCH` (exact libseccomp names from [`TOOL_ARCHES`]; an
//!   unknown one is a fault), `-f FILE` (a second `-f` is a fault), `-s NR` (`strtol`,
//!   base 0, truncated to 32 bits), `-0`..`-5 ARG` (`strtoull`, base 0), `-v` (verbose
//!   faults and errors), `-h` or any bad option (usage, exit `EINVAL`). No `-i`: the
//!   instruction pointer is always 0. The default arch is the build machine's.
//! - The file is read as whole 8-byte `struct sock_filter` records (a trailing partial
//!   record is ignored) in the byte order of the arch (`__AUDIT_ARCH_LE` in its
//!   AUDIT_ARCH value); 4,096 records or more is a fault (`E2BIG`). `seccomp_data` is laid
//!   out in the same byte order, each 64-bit field stored whole, so on big-endian arches
//!   the word at offset 16 is the high half of `args[0]`.
//! - Results: `ALLOW`, `KILL` (KILL_THREAD), `KILL_PROCESS`, `TRAP`, `ERRNO(n)`,
//!   `TRACE(n)` and `LOG` on stdout with exit 0 (`n` the 16-bit data, unsigned decimal).
//!   Any other action (USER_NOTIF included) is an error (`EDOM`): `ERROR` on stderr,
//!   exit `ENOEXEC`; so is running off the end of the program (`ERANGE`, also for an
//!   empty program) and a load at offset 64 or more (`ERANGE`). Executing an instruction
//!   outside its subset (`ld [k]`, `or #k`, `and #k`, `ja`, `jeq/jgt/jge #k`, `ret #k`) is
//!   a fault: `FAULT` on stderr, exit `EFAULT`. With `-v` those read
//!   `ERROR: errno = N, line = PC` and `FAULT: errno = N`.
//!
//! The tool does not check the program the way the kernel does: it runs whatever the
//! file holds. secbpf therefore runs a program on the kernel's path, [`verify::check_program`]
//! then [`vm::run`], whenever the checker accepts it and every instruction is in the
//! tool's subset; on such programs the tool and the kernel cannot disagree, so the
//! answer is the kernel's. Any other program (one the kernel refuses, or one holding an
//! instruction the tool does not implement, even where it is never reached) runs on a
//! small interpreter of the tool's subset here, with the tool's own rules for what the
//! kernel would have refused (jumps past the end, misaligned loads, `ja` wrapping
//! around). [`simulate`] says which path answered ([`Engine`]).
//!
//! # Deviations
//!
//! - A misaligned load at offsets 61..=63 makes the tool read past the end of its
//!   `seccomp_data` (undefined behaviour in C); secbpf reads zero bytes there.
//! - A `ja` whose offset wraps the 32-bit pc backwards makes the tool loop forever;
//!   secbpf detects the loop and reports an error (`ELOOP`) instead of hanging.
//! - The default arch (no `-a`) is the arch secbpf was built for, as the tool's is the
//!   arch it was built for; both are x86_64 on x86_64.

use crate::consts::*;
use crate::insn::{Endian, Insn};
use crate::seccomp::arch::{data_endian, Arch};
use crate::seccomp::data::SeccompData;
use crate::{codec, verify, vm};
use std::collections::HashSet;
use std::ffi::OsString;
use std::os::unix::ffi::OsStrExt;

/// Exit status of a run that printed an action (`ALLOW`, `ERRNO(1)`, ...).
pub const EXIT_OK: i32 = 0;
/// Exit status of a program error (`ERROR`): the tool's `ENOEXEC`.
pub const EXIT_ERROR: i32 = libc::ENOEXEC;
/// Exit status of a simulator fault (`FAULT`): the tool's `EFAULT`.
pub const EXIT_FAULT: i32 = libc::EFAULT;
/// Exit status of a usage error or `-h`: the tool's `EINVAL`.
pub const EXIT_USAGE: i32 = libc::EINVAL;

/// Most instructions the tool reads: reaching this count is a fault (`E2BIG`).
pub const TOOL_MAX_INSNS: usize = 4096;

/// The arch names the tool's `-a` accepts, exactly (case-sensitive, no aliases).
pub const TOOL_ARCHES: &[&str] = &[
    "x86",
    "x86_64",
    "x32",
    "arm",
    "aarch64",
    "mips",
    "mipsel",
    "mips64",
    "mipsel64",
    "mips64n32",
    "mipsel64n32",
    "parisc",
    "parisc64",
    "ppc",
    "ppc64",
    "ppc64le",
    "s390",
    "s390x",
    "riscv64",
];

/// The instructions the tool implements (exact 16-bit opcodes).
pub const TOOL_OPCODES: &[u16] = &[
    BPF_LD | BPF_W | BPF_ABS,
    BPF_ALU | BPF_OR | BPF_K,
    BPF_ALU | BPF_AND | BPF_K,
    BPF_JMP | BPF_JA,
    BPF_JMP | BPF_JEQ | BPF_K,
    BPF_JMP | BPF_JGT | BPF_K,
    BPF_JMP | BPF_JGE | BPF_K,
    BPF_RET | BPF_K,
];

/// AUDIT_ARCH value of a tool arch name (`x32` is AUDIT_ARCH_X86_64, as in the tool).
pub fn tool_arch(name: &str) -> Option<u32> {
    if !TOOL_ARCHES.contains(&name) {
        return None;
    }
    Arch::by_name(name).map(|a| a.audit)
}

/// The arch the tool uses without `-a`: the one it was built for.
pub fn native_arch() -> u32 {
    let name = if cfg!(target_arch = "x86") {
        "x86"
    } else if cfg!(target_arch = "aarch64") {
        "aarch64"
    } else if cfg!(target_arch = "arm") {
        "arm"
    } else if cfg!(target_arch = "riscv64") {
        "riscv64"
    } else if cfg!(target_arch = "s390x") {
        "s390x"
    } else if cfg!(all(target_arch = "powerpc64", target_endian = "little")) {
        "ppc64le"
    } else if cfg!(target_arch = "powerpc64") {
        "ppc64"
    } else if cfg!(target_arch = "powerpc") {
        "ppc"
    } else if cfg!(all(target_arch = "mips", target_endian = "little")) {
        "mipsel"
    } else if cfg!(target_arch = "mips") {
        "mips"
    } else if cfg!(all(target_arch = "mips64", target_endian = "little")) {
        "mipsel64"
    } else if cfg!(target_arch = "mips64") {
        "mips64"
    } else {
        "x86_64"
    };
    tool_arch(name).unwrap_or(AUDIT_ARCH_X86_64)
}

/// What the tool's command line asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// `-f`: the filter file.
    pub file: Option<OsString>,
    /// `-a`: AUDIT_ARCH value (default [`native_arch`]).
    pub arch: u32,
    /// `-s`: syscall number.
    pub nr: u32,
    /// `-0`..`-5`: syscall arguments.
    pub args: [u64; 6],
    /// `-v`: verbose errors and faults.
    pub verbose: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            file: None,
            arch: native_arch(),
            nr: 0,
            args: [0; 6],
            verbose: false,
        }
    }
}

impl Options {
    /// The `seccomp_data` the tool simulates (instruction pointer 0).
    pub fn data(&self) -> SeccompData {
        SeccompData {
            nr: self.nr,
            arch: self.arch,
            instruction_pointer: 0,
            args: self.args,
        }
    }
}

/// Everything a run of the tool writes and its exit status.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ToolOutput {
    /// Bytes written to standard output.
    pub stdout: Vec<u8>,
    /// Bytes written to standard error.
    pub stderr: Vec<u8>,
    /// Exit status.
    pub code: i32,
    /// Which path ran the program, if one ran.
    pub engine: Option<Engine>,
}

/// How a simulation ended, before it is printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SimResult {
    /// `ret #k` at `pc` returned `ret` (which may still be an action the tool rejects).
    Ret {
        /// The 32-bit return value.
        ret: u32,
        /// The pc of the return.
        pc: u32,
    },
    /// A program error: `ERROR`, exit [`EXIT_ERROR`]; `line` is the pc at fault.
    Error {
        /// The errno the tool reports with `-v`.
        errno: i32,
        /// The pc it reports with `-v`.
        line: u32,
    },
    /// A simulator fault: `FAULT`, exit [`EXIT_FAULT`].
    Fault {
        /// The errno the tool reports with `-v`.
        errno: i32,
    },
}

/// Which interpreter answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// The kernel's path: [`verify::check_program`] accepted the program, every
    /// instruction is in [`TOOL_OPCODES`], and [`vm::run`] ran it.
    Kernel,
    /// The tool's own rules: the kernel would refuse the program, or it holds an
    /// instruction the tool does not implement.
    Tool,
}

/// Emulation of glibc `strtoull(s, NULL, 0)`: leading white space, an optional sign
/// (`-` negates modulo 2^64), `0x` hex / `0` octal / decimal, digits up to the first
/// invalid character, saturation at `u64::MAX` on overflow; 0 if there are no digits.
pub fn strtoull(s: &[u8]) -> u64 {
    let (neg, mag) = parse_c_number(s);
    match mag {
        None => u64::MAX,
        Some(v) if neg => v.wrapping_neg(),
        Some(v) => v,
    }
}

/// Emulation of glibc `strtol(s, NULL, 0)` on a 64-bit `long`: as [`strtoull`] but
/// saturating at `i64::MIN` / `i64::MAX`.
pub fn strtol(s: &[u8]) -> i64 {
    let (neg, mag) = parse_c_number(s);
    match (neg, mag) {
        (false, Some(v)) if v <= i64::MAX as u64 => v as i64,
        (false, _) => i64::MAX,
        (true, Some(v)) if v <= 1u64 << 63 => (v as i64).wrapping_neg(),
        (true, _) => i64::MIN,
    }
}

/// Sign and magnitude of a C integer in base 0; `None` magnitude on overflow.
fn parse_c_number(s: &[u8]) -> (bool, Option<u64>) {
    let mut i = 0;
    while i < s.len() && matches!(s[i], b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r') {
        i += 1;
    }
    let mut neg = false;
    if i < s.len() && (s[i] == b'+' || s[i] == b'-') {
        neg = s[i] == b'-';
        i += 1;
    }
    let digit = |c: u8| (c as char).to_digit(16);
    let mut base = 10;
    if s.get(i) == Some(&b'0') {
        if matches!(s.get(i + 1), Some(b'x' | b'X'))
            && s.get(i + 2).and_then(|&c| digit(c)).is_some()
        {
            base = 16;
            i += 2;
        } else {
            base = 8;
        }
    }
    let mut v: Option<u64> = Some(0);
    while let Some(d) = s.get(i).and_then(|&c| (c as char).to_digit(base)) {
        v = v
            .and_then(|x| x.checked_mul(u64::from(base)))
            .and_then(|x| x.checked_add(u64::from(d)));
        i += 1;
    }
    (neg, v)
}

/// The result of parsing the command line: options to run with, or the run's end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Parsed {
    /// Go on and simulate.
    Run(Options),
    /// The tool stops here (usage, `-h`, a bad arch, a second `-f`).
    Exit(ToolOutput),
}

/// The tool's usage message for program name `prog`.
pub fn usage(prog: &[u8]) -> Vec<u8> {
    let mut m = b"usage: ".to_vec();
    m.extend_from_slice(prog);
    m.extend_from_slice(
        b" -f <bpf_file> [-v] [-h] -a <arch> -s <syscall_num> [-0 <a0>] ... [-5 <a5>]\n",
    );
    m
}

fn exit_usage(prog: &[u8], mut stderr: Vec<u8>) -> ToolOutput {
    stderr.extend_from_slice(&usage(prog));
    ToolOutput {
        stderr,
        code: EXIT_USAGE,
        ..ToolOutput::default()
    }
}

/// Parse the tool's arguments (`args` without the program name) as glibc `getopt`
/// does with the option string `a:f:hs:v0:1:2:3:4:5:`: options may be grouped
/// (`-vf FILE`) or glued to their value (`-s59`), operands are skipped (GNU
/// permutation) unless `posixly_correct`, in which case the first one ends the options,
/// and `--` ends them. `prog` is the name messages use (the tool's `argv[0]`).
pub fn parse_args(prog: &[u8], args: &[OsString], posixly_correct: bool) -> Parsed {
    let mut o = Options::default();
    let mut i = 0;
    while i < args.len() {
        let arg = args[i].as_bytes();
        i += 1;
        if arg == b"--" {
            break;
        }
        if arg.len() < 2 || arg[0] != b'-' {
            if posixly_correct {
                break;
            }
            continue;
        }
        let mut j = 1;
        while j < arg.len() {
            let c = arg[j];
            j += 1;
            let takes_value = matches!(c, b'a' | b'f' | b's' | b'0'..=b'5');
            if !takes_value && !matches!(c, b'h' | b'v') {
                let mut e = prog.to_vec();
                e.extend_from_slice(b": invalid option -- '");
                e.push(c);
                e.extend_from_slice(b"'\n");
                return Parsed::Exit(exit_usage(prog, e));
            }
            if !takes_value {
                if c == b'h' {
                    return Parsed::Exit(exit_usage(prog, Vec::new()));
                }
                o.verbose = true;
                continue;
            }
            let value: Vec<u8> = if j < arg.len() {
                let v = arg[j..].to_vec();
                j = arg.len();
                v
            } else if i < args.len() {
                i += 1;
                args[i - 1].as_bytes().to_vec()
            } else {
                let mut e = prog.to_vec();
                e.extend_from_slice(b": option requires an argument -- '");
                e.push(c);
                e.extend_from_slice(b"'\n");
                return Parsed::Exit(exit_usage(prog, e));
            };
            match c {
                b'a' => match std::str::from_utf8(&value).ok().and_then(tool_arch) {
                    Some(a) => o.arch = a,
                    None => return Parsed::Exit(fault(libc::EINVAL, o.verbose)),
                },
                b'f' => {
                    if o.file.is_some() {
                        return Parsed::Exit(fault(libc::EINVAL, o.verbose));
                    }
                    o.file = Some(std::ffi::OsStr::from_bytes(&value).to_os_string());
                }
                // `sys_data.nr = strtol(..)`: a long stored into an int32_t.
                b's' => o.nr = strtol(&value) as u32,
                d => o.args[usize::from(d - b'0')] = strtoull(&value),
            }
        }
    }
    Parsed::Run(o)
}

/// The output of a fault.
pub fn fault(errno: i32, verbose: bool) -> ToolOutput {
    render(SimResult::Fault { errno }, verbose)
}

/// The tool's stdout line for return value `ret`, or `None` for an action it rejects.
pub fn action_text(ret: u32) -> Option<String> {
    let data = ret & SECCOMP_RET_DATA;
    Some(match ret & SECCOMP_RET_ACTION_FULL {
        SECCOMP_RET_KILL_PROCESS => "KILL_PROCESS".to_string(),
        SECCOMP_RET_KILL_THREAD => "KILL".to_string(),
        SECCOMP_RET_TRAP => "TRAP".to_string(),
        SECCOMP_RET_ERRNO => format!("ERRNO({data})"),
        SECCOMP_RET_TRACE => format!("TRACE({data})"),
        SECCOMP_RET_LOG => "LOG".to_string(),
        SECCOMP_RET_ALLOW => "ALLOW".to_string(),
        _ => return None,
    })
}

/// Print a result as the tool does.
pub fn render(r: SimResult, verbose: bool) -> ToolOutput {
    let r = match r {
        SimResult::Ret { ret, pc } => match action_text(ret) {
            Some(t) => {
                return ToolOutput {
                    stdout: format!("{t}\n").into_bytes(),
                    code: EXIT_OK,
                    ..ToolOutput::default()
                }
            }
            None => SimResult::Error {
                errno: libc::EDOM,
                line: pc,
            },
        },
        other => other,
    };
    let (stderr, code) = match r {
        SimResult::Error { errno, line } if verbose => (
            format!("ERROR: errno = {errno}, line = {}\n", line as i32),
            EXIT_ERROR,
        ),
        SimResult::Error { .. } => ("ERROR\n".to_string(), EXIT_ERROR),
        SimResult::Fault { errno } if verbose => (format!("FAULT: errno = {errno}\n"), EXIT_FAULT),
        _ => ("FAULT\n".to_string(), EXIT_FAULT),
    };
    ToolOutput {
        stderr: stderr.into_bytes(),
        code,
        ..ToolOutput::default()
    }
}

/// Decode the file's bytes as the tool reads them for `arch`: whole records only, in
/// the arch's byte order; `Err(E2BIG)` from 4,096 records on.
///
/// # Errors
/// The errno of the tool's fault.
pub fn load_program(bytes: &[u8], arch: u32) -> Result<Vec<Insn>, i32> {
    let n = bytes.len() / Insn::SIZE;
    if n >= TOOL_MAX_INSNS {
        return Err(libc::E2BIG);
    }
    if n == 0 {
        return Ok(Vec::new());
    }
    codec::decode_raw(&bytes[..n * Insn::SIZE], data_endian(arch)).map_err(|_| libc::EFAULT)
}

/// Run `prog` over `data` as the tool does (see the module documentation for the two
/// paths).
pub fn simulate(prog: &[Insn], data: &SeccompData) -> (SimResult, Engine) {
    if prog.iter().all(|i| TOOL_OPCODES.contains(&i.code)) {
        if let Ok(v) = verify::check_program(prog) {
            let ret = vm::run(&v, data).ret.raw();
            let pc = if action_text(ret).is_some() {
                0
            } else {
                // Only shown by `-v` for an action the tool rejects: find the return.
                let mut m = vm::Machine::new(&v, data.words());
                let mut pc = 0;
                while let Some(step) = m.step() {
                    pc = step.pc as u32;
                }
                pc
            };
            return (SimResult::Ret { ret, pc }, Engine::Kernel);
        }
    }
    (simulate_tool(prog, data), Engine::Tool)
}

/// The tool's interpreter for programs the kernel path does not take.
pub fn simulate_tool(prog: &[Insn], data: &SeccompData) -> SimResult {
    let endian = data_endian(data.arch);
    let mut bytes = [0u8; 64 + 3];
    bytes[..64].copy_from_slice(&data.to_bytes(endian));
    let len = prog.len() as u32;
    let (mut ip, mut ip_c, mut acc) = (0u32, 0u32, 0u32);
    let mut back_jumps: HashSet<(u32, u32)> = HashSet::new();
    while ip < len {
        ip_c = ip;
        let insn = prog[ip as usize];
        ip += 1;
        let k = insn.k;
        let cond = |c: bool| u32::from(if c { insn.jt } else { insn.jf });
        match insn.code {
            c if c == BPF_LD | BPF_W | BPF_ABS => {
                if k >= SECCOMP_DATA_SIZE {
                    return SimResult::Error {
                        errno: libc::ERANGE,
                        line: ip_c,
                    };
                }
                let at = k as usize;
                let w = [bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]];
                acc = match endian {
                    Endian::Little => u32::from_le_bytes(w),
                    Endian::Big => u32::from_be_bytes(w),
                };
            }
            c if c == BPF_ALU | BPF_OR | BPF_K => acc |= k,
            c if c == BPF_ALU | BPF_AND | BPF_K => acc &= k,
            c if c == BPF_JMP | BPF_JA => {
                ip = ip.wrapping_add(k);
                if ip <= ip_c && !back_jumps.insert((ip_c, acc)) {
                    return SimResult::Error {
                        errno: libc::ELOOP,
                        line: ip_c,
                    };
                }
            }
            c if c == BPF_JMP | BPF_JEQ | BPF_K => ip += cond(acc == k),
            c if c == BPF_JMP | BPF_JGT | BPF_K => ip += cond(acc > k),
            c if c == BPF_JMP | BPF_JGE | BPF_K => ip += cond(acc >= k),
            c if c == BPF_RET | BPF_K => return SimResult::Ret { ret: k, pc: ip_c },
            _ => {
                return SimResult::Fault {
                    errno: libc::EOPNOTSUPP,
                }
            }
        }
    }
    SimResult::Error {
        errno: libc::ERANGE,
        line: ip_c,
    }
}

/// Where the program comes from, so the library stays free of I/O: `read(path)` gives
/// the file's bytes, or the errno of opening it (a read error after a successful open
/// ends the file where it happened, as `fread` does: give the bytes read so far).
pub type ReadFile<'a> = dyn FnMut(&std::ffi::OsStr) -> Result<Vec<u8>, i32> + 'a;

/// The whole tool: parse `args` (without the program name), read the filter with
/// `read`, simulate, and give what it prints and its exit status.
pub fn run_tool(
    prog: &[u8],
    args: &[OsString],
    posixly_correct: bool,
    read: &mut ReadFile<'_>,
) -> ToolOutput {
    let o = match parse_args(prog, args, posixly_correct) {
        Parsed::Run(o) => o,
        Parsed::Exit(out) => return out,
    };
    let Some(file) = o.file.as_deref() else {
        return exit_usage(prog, Vec::new());
    };
    let bytes = match read(file) {
        Ok(b) => b,
        Err(errno) => return fault(errno, o.verbose),
    };
    let insns = match load_program(&bytes, o.arch) {
        Ok(p) => p,
        Err(errno) => return fault(errno, o.verbose),
    };
    let (r, engine) = simulate(&insns, &o.data());
    ToolOutput {
        engine: Some(engine),
        ..render(r, o.verbose)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c_numbers() {
        assert_eq!(strtoull(b"0x10"), 16);
        assert_eq!(strtoull(b"010"), 8);
        assert_eq!(strtoull(b"  -1"), u64::MAX);
        assert_eq!(strtoull(b"99999999999999999999999"), u64::MAX);
        assert_eq!(strtoull(b"-99999999999999999999999"), u64::MAX);
        assert_eq!(strtoull(b"0x"), 0);
        assert_eq!(strtoull(b"12abc"), 12);
        assert_eq!(strtoull(b"08"), 0);
        assert_eq!(strtol(b"-1") as u32, u32::MAX);
        assert_eq!(strtol(b"99999999999999999999"), i64::MAX);
        assert_eq!(strtol(b"-9223372036854775808"), i64::MIN);
        assert_eq!(strtol(b"-99999999999999999999"), i64::MIN);
        assert_eq!(strtol(b"0x100000001") as u32, 1);
    }

    #[test]
    fn arches_resolve() {
        for name in TOOL_ARCHES {
            assert!(tool_arch(name).is_some(), "{name}");
        }
        assert_eq!(tool_arch("x32"), Some(AUDIT_ARCH_X86_64));
        assert_eq!(tool_arch("i386"), None);
        assert_eq!(tool_arch("X86_64"), None);
    }
}
