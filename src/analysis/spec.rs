//! Policy unit tests (`secbpf test SPEC.toml`): a TOML file naming the filter under test
//! and `[[case]]` tables, each an input and the action the filter must return.
//!
//! ```toml
//! filter = "libseccomp-small.bpf"          # or: filters = ["oldest.bpf", "newest.bpf"]
//!
//! [[case]]
//! name = "openat is refused with EACCES"   # optional
//! syscall = "openat"                       # or: nr = 257
//! arch = "x86_64"                          # optional, the default
//! args = [0, 0, 0]                         # optional, up to 6 (integers or "0x..." strings)
//! ip = 0                                   # optional
//! expect = "ERRNO(13)"                     # as secbpf prints actions, case-insensitive
//!
//! [lint]                                   # optional: what `secbpf lint --allow-file` accepts
//! allow = ["deny-list", "dangerous-allowed:ptrace"]
//! ```
//!
//! Matching: `ERRNO(n)` (or `ERRNO(EACCES)`), `TRAP(n)` and `TRACE(n)` (and any
//! expectation written with data or as a number) must match the full 32-bit value; a
//! bare action (`ALLOW`, `KILL_PROCESS`, `LOG`, `USER_NOTIF`, ...) and `ERRNO(*)`,
//! `TRAP(*)`, `TRACE(*)` match that action with any data. A bare `ERRNO`, `TRAP` or
//! `TRACE` is a parse error (it would be ambiguous).

use crate::program::VerifiedProgram;
use crate::seccomp::action::{parse_ret, Action, RetValue};
use crate::seccomp::arch::parse_arch;
use crate::seccomp::data::SeccompData;
use crate::seccomp::profile::KernelProfile;
use crate::seccomp::stack::run_stack_in;
use serde::Deserialize;
use std::fmt;

/// A parse error in a spec file, with its 1-based line when known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecError {
    /// 1-based line of the offending item.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "line {l}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for SpecError {}

/// A parsed spec file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spec {
    /// Filter paths as written (relative to the spec file), oldest first.
    pub filters: Vec<String>,
    /// The cases, in file order.
    pub cases: Vec<Case>,
}

/// One `[[case]]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Case {
    /// `name`, if given.
    pub name: Option<String>,
    /// 1-based line of the `[[case]]` header.
    pub line: usize,
    /// The input.
    pub data: SeccompData,
    /// The syscall as written (`openat`, or the number).
    pub syscall: String,
    /// The arch as written (`x86_64` by default).
    pub arch: String,
    /// The expected return value, or action with any data.
    pub expect: Expect,
    /// The expectation as written.
    pub expect_text: String,
}

impl Case {
    /// `name` or `case N` (1-based).
    pub fn label(&self, index: usize) -> String {
        match &self.name {
            Some(n) => n.clone(),
            None => format!("case {}", index + 1),
        }
    }

    /// The input in one line: `openat (nr 257) arch x86_64 args [0, 0x10] ip 0x0`.
    pub fn input_text(&self) -> String {
        let mut s = if self.syscall == self.data.nr.to_string() {
            format!("nr {}", self.data.nr)
        } else {
            format!("{} (nr {})", self.syscall, self.data.nr)
        };
        s.push_str(&format!(" arch {}", self.arch));
        let last = self.data.args.iter().rposition(|&a| a != 0);
        if let Some(last) = last {
            let a: Vec<String> = self.data.args[..=last]
                .iter()
                .map(|v| format!("{v:#x}"))
                .collect();
            s.push_str(&format!(" args [{}]", a.join(", ")));
        }
        if self.data.instruction_pointer != 0 {
            s.push_str(&format!(" ip {:#x}", self.data.instruction_pointer));
        }
        s
    }

    /// True if return value `got` meets the expectation.
    pub fn matches(&self, got: RetValue) -> bool {
        self.expect.matches(got)
    }
}

/// What a case expects: a whole return value, or an action with any data. Prints as it
/// is written in a spec (`ERRNO(13)`, `ERRNO(*)`, `ALLOW`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Expect {
    /// Exactly this 32-bit value (`ERRNO(13)`, `TRAP(1)`, `ALLOW(5)`, a number).
    Value(RetValue),
    /// This action, whatever its data (`ALLOW`, `KILL_PROCESS`, `ERRNO(*)`); never
    /// [`Action::Unknown`].
    Action(Action),
}

impl Expect {
    /// True if return value `got` meets the expectation.
    pub fn matches(self, got: RetValue) -> bool {
        match self {
            Expect::Value(v) => got == v,
            Expect::Action(a) => got.action() == a,
        }
    }

    /// [`Expect::matches`] as kernel release `kernel` reads `got`
    /// ([`KernelProfile::effective`], [`KernelProfile::action_of`]): on 4.9 a
    /// `KILL_PROCESS` result meets `KILL_THREAD`, and a `LOG` result meets no action
    /// (LOG is new in 4.14).
    pub fn matches_in(self, got: RetValue, kernel: &KernelProfile) -> bool {
        match self {
            Expect::Value(v) => kernel.effective(got) == v,
            Expect::Action(a) => kernel.action_of(got) == a,
        }
    }
}

impl fmt::Display for Expect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Expect::Value(v) => v.fmt(f),
            Expect::Action(a @ (Action::Errno | Action::Trap | Action::Trace)) => {
                write!(f, "{}(*)", a.name())
            }
            Expect::Action(a) => f.write_str(a.name()),
        }
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Num {
    Int(i64),
    Str(String),
}

impl Num {
    fn u64(&self, what: &str) -> Result<u64, String> {
        match self {
            Num::Int(i) => Ok(*i as u64),
            Num::Str(s) => {
                crate::num::parse_u64(s).ok_or_else(|| format!("{what}: '{s}' is not a number"))
            }
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSpec {
    filter: Option<String>,
    filters: Option<Vec<String>>,
    #[serde(default)]
    case: Vec<toml::Spanned<RawCase>>,
    /// `[lint] allow = [...]`: findings `secbpf lint --allow-file` accepts (see
    /// [`crate::analysis::lint::parse_allow_file`]); `test` checks it but does not use it.
    lint: Option<toml::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCase {
    name: Option<String>,
    syscall: Option<String>,
    nr: Option<Num>,
    arch: Option<String>,
    args: Option<Vec<Num>>,
    ip: Option<Num>,
    expect: Option<String>,
}

/// 1-based line numbers of byte offsets, by binary search over the line starts (one
/// pass over the text, then O(log n) per lookup: a spec with tens of thousands of cases
/// used to rescan the text from the start for each).
struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { starts }
    }

    fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset)
    }
}

/// Parse a spec file's text. Syscall names are resolved for each case's arch; every
/// problem is reported with the line of the case (or of the TOML error).
pub fn parse_spec(text: &str) -> Result<Spec, SpecError> {
    let raw: RawSpec = toml::from_str(text).map_err(|e| SpecError {
        line: e.span().map(|s| Lines::new(text).line_of(s.start)),
        message: e.message().trim().to_string(),
    })?;
    let filters = match (raw.filter, raw.filters) {
        (Some(f), None) => vec![f],
        (None, Some(fs)) if !fs.is_empty() => fs,
        (None, Some(_)) => return Err(err(None, "`filters` is empty")),
        (Some(_), Some(_)) => return Err(err(None, "give either `filter` or `filters`, not both")),
        (None, None) => {
            return Err(err(
                None,
                "no filter named: add `filter = \"path\"` or `filters = [...]`",
            ))
        }
    };
    if raw.lint.is_some() {
        // A typo in the allow list fails here too, not only when lint reads it.
        crate::analysis::lint::parse_allow_file(text).map_err(|m| err(None, m))?;
    }
    let lines = Lines::new(text);
    let mut cases = Vec::with_capacity(raw.case.len());
    for sc in raw.case {
        let line = lines.line_of(sc.span().start);
        let c = sc.into_inner();
        cases.push(parse_case(c, line)?);
    }
    Ok(Spec { filters, cases })
}

fn err(line: Option<usize>, msg: impl Into<String>) -> SpecError {
    SpecError {
        line,
        message: msg.into(),
    }
}

fn parse_case(c: RawCase, line: usize) -> Result<Case, SpecError> {
    let e = |m: String| err(Some(line), m);
    let arch_text = c.arch.unwrap_or_else(|| "x86_64".to_string());
    let (audit, known) =
        parse_arch(&arch_text).ok_or_else(|| e(format!("unknown arch '{arch_text}'")))?;
    let (nr, syscall) = match (c.nr, c.syscall) {
        (Some(_), Some(_)) => return Err(e("give either `syscall` or `nr`, not both".into())),
        (None, None) => return Err(e("a case needs `syscall = \"name\"` or `nr = N`".into())),
        (Some(n), None) => {
            let v = n.u64("nr").map_err(e)?;
            let v = u32::try_from(v)
                .or_else(|_| i32::try_from(v as i64).map(|i| i as u32))
                .map_err(|_| e(format!("nr: {v} does not fit in 32 bits")))?;
            (v, v.to_string())
        }
        (None, Some(name)) => {
            let a = known.ok_or_else(|| {
                e(format!(
                    "no syscall table for arch {arch_text}; use `nr = N`"
                ))
            })?;
            let nr = a
                .syscall_nr(&name)
                .ok_or_else(|| e(format!("unknown syscall '{name}' for arch {}", a.name)))?;
            (nr, name)
        }
    };
    let mut args = [0u64; 6];
    if let Some(list) = c.args {
        if list.len() > 6 {
            return Err(e(format!(
                "args: {} values given; a syscall has at most 6",
                list.len()
            )));
        }
        for (slot, v) in args.iter_mut().zip(&list) {
            *slot = v.u64("args").map_err(e)?;
        }
    }
    let ip = match c.ip {
        Some(v) => v.u64("ip").map_err(e)?,
        None => 0,
    };
    let expect_text = c
        .expect
        .ok_or_else(|| e("a case needs `expect = \"ACTION\"`".into()))?;
    let expect = parse_expect(&expect_text).map_err(e)?;
    Ok(Case {
        name: c.name,
        line,
        data: SeccompData {
            nr,
            arch: audit,
            instruction_pointer: ip,
            args,
        },
        syscall,
        arch: arch_text,
        expect,
        expect_text,
    })
}

/// Parse an expectation: `ALLOW`, `KILL_PROCESS`, `LOG`, `USER_NOTIF` (that action,
/// any data), `ERRNO(13)`, `ERRNO(EACCES)`, `TRAP(1)`, `TRACE(7)` or a number (the full
/// 32-bit value), or `ERRNO(*)`, `TRAP(*)`, `TRACE(*)` (that action, any data). A bare
/// `ERRNO`, `TRAP` or `TRACE` is refused: it could mean "data 0" or "any data", and a
/// test that silently picked one would pass or fail for the wrong reason.
fn parse_expect(text: &str) -> Result<Expect, String> {
    let t = text.trim();
    let upper = t.to_ascii_uppercase();
    let name = upper.strip_prefix("SECCOMP_RET_").unwrap_or(&upper);
    if let Some(base) = name
        .strip_suffix(')')
        .and_then(|n| n.strip_suffix('*'))
        .and_then(|n| n.trim_end().strip_suffix('('))
    {
        let v = parse_ret(base.trim())
            .map(RetValue)
            .filter(|v| v.data() == 0 && v.action() != Action::Unknown)
            .ok_or_else(|| format!("expect: '{t}': '{}' is not an action", base.trim()))?;
        return Ok(Expect::Action(v.action()));
    }
    if matches!(name, "ERRNO" | "TRAP" | "TRACE") {
        return Err(format!(
            "expect: '{t}' is ambiguous: write `{name}(*)` for any data, or `{name}(n)` for data n (e.g. `ERRNO(1)` or `ERRNO(EPERM)`)"
        ));
    }
    let v = parse_ret(t).ok_or_else(|| {
        format!("expect: '{t}' is not an action (ALLOW, ERRNO(13), ERRNO(EACCES), ERRNO(*), KILL_PROCESS, TRAP(1), ...)")
    })?;
    let v = RetValue(v);
    let has_data = matches!(
        v.action(),
        Action::Errno | Action::Trap | Action::Trace | Action::Unknown
    );
    Ok(
        if has_data || t.contains('(') || crate::num::parse_u32(t).is_some() {
            Expect::Value(v)
        } else {
            Expect::Action(v.action())
        },
    )
}

/// The result of one case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseResult {
    /// Index of the case in [`Spec::cases`].
    pub index: usize,
    /// The value the stack returned, as the kernel reads it (ALLOW for inputs the kernel
    /// lets through before any filter runs, x86_64 nr 335/336; bit 31 cleared before
    /// 4.14, see [`KernelProfile::effective`]).
    pub got: RetValue,
    /// Whether it met the expectation.
    pub passed: bool,
}

/// Run every case over the stack `filters` (oldest first; an empty stack allows all).
pub fn run_spec(spec: &Spec, filters: &[VerifiedProgram]) -> Vec<CaseResult> {
    run_spec_in(spec, filters, &KernelProfile::NEWEST)
}

/// [`run_spec`] as kernel release `kernel` runs the stack: which inputs never reach the
/// filters, how results combine, and how it reads the deciding value
/// ([`Expect::matches_in`]).
pub fn run_spec_in(
    spec: &Spec,
    filters: &[VerifiedProgram],
    kernel: &KernelProfile,
) -> Vec<CaseResult> {
    spec.cases
        .iter()
        .enumerate()
        .map(|(index, c)| {
            let r = run_stack_in(filters, &c.data, kernel);
            let got = if r.bypassed {
                RetValue::ALLOW
            } else {
                kernel.effective(r.ret)
            };
            CaseResult {
                index,
                got,
                passed: c.expect.matches_in(got, kernel),
            }
        })
        .collect()
}

/// The failure line of a case, ending with the command that reproduces it (see
/// [`run_command`]; `files` are the filter paths as the caller can open them):
/// `FAIL case 3 (line 12): openat (nr 257) arch x86_64: expected ALLOW, got ERRNO(13);
/// reproduce: secbpf run small.s --arch x86_64 --syscall openat`.
pub fn failure_line(spec: &Spec, r: &CaseResult, files: &[String]) -> String {
    let c = &spec.cases[r.index];
    format!(
        "FAIL {} (line {}): {}: expected {}, got {}; reproduce: {}",
        c.label(r.index),
        c.line,
        c.input_text(),
        c.expect,
        r.got,
        run_command(spec, r.index, files)
    )
}

/// A `secbpf run` command that reproduces case `index` over `files` (the filter paths
/// as the caller can open them, oldest first): `secbpf run small.s --arch x86_64
/// --syscall openat`. Paths and values with characters a POSIX shell treats specially
/// are single-quoted.
pub fn run_command(spec: &Spec, index: usize, files: &[String]) -> String {
    let c = &spec.cases[index];
    let mut w: Vec<String> = vec!["secbpf".into(), "run".into()];
    w.extend(files.iter().cloned());
    w.push("--arch".into());
    w.push(c.arch.clone());
    if c.syscall == c.data.nr.to_string() {
        w.push("--nr".into());
        w.push(c.data.nr.to_string());
    } else {
        w.push("--syscall".into());
        w.push(c.syscall.clone());
    }
    if let Some(last) = c.data.args.iter().rposition(|&a| a != 0) {
        let a: Vec<String> = c.data.args[..=last]
            .iter()
            .map(|v| format!("{v:#x}"))
            .collect();
        w.push("--args".into());
        w.push(a.join(","));
    }
    if c.data.instruction_pointer != 0 {
        w.push("--ip".into());
        w.push(format!("{:#x}", c.data.instruction_pointer));
    }
    w.iter()
        .map(|x| shell_quote(x))
        .collect::<Vec<_>>()
        .join(" ")
}

fn shell_quote(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./,:=+@%".contains(c));
    if plain {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// The summary line: `N passed, M failed`.
pub fn summary(results: &[CaseResult]) -> String {
    let failed = results.iter().filter(|r| !r.passed).count();
    format!("{} passed, {} failed", results.len() - failed, failed)
}

/// Text for an XML 1.0 attribute or element: markup characters as entities; tab, line
/// feed and carriage return as character references (so attribute values keep them);
/// characters XML 1.0 forbids in any form (the other C0 controls, U+FFFE, U+FFFF) as
/// the visible text `\u{N}`, so the document stays well-formed and the name readable.
fn xml_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            '\t' | '\n' | '\r' => o.push_str(&format!("&#{};", u32::from(ch))),
            c if c < ' ' || c == '\u{fffe}' || c == '\u{ffff}' => {
                o.push_str(&format!("\\u{{{:x}}}", u32::from(c)))
            }
            c => o.push(c),
        }
    }
    o
}

/// JUnit XML for CI systems: one `<testsuite>` named `suite`, one `<testcase>` per
/// case, a `<failure>` for each failing one.
pub fn junit(suite: &str, spec: &Spec, results: &[CaseResult], files: &[String]) -> String {
    let failed = results.iter().filter(|r| !r.passed).count();
    let mut o = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    o.push_str(&format!(
        "<testsuites tests=\"{}\" failures=\"{failed}\">\n  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failed}\" errors=\"0\">\n",
        results.len(),
        xml_escape(suite),
        results.len()
    ));
    for r in results {
        let c = &spec.cases[r.index];
        let name = format!("{}: {}", c.label(r.index), c.input_text());
        o.push_str(&format!(
            "    <testcase classname=\"{}\" name=\"{}\"",
            xml_escape(suite),
            xml_escape(&name)
        ));
        if r.passed {
            o.push_str("/>\n");
        } else {
            let msg = format!("expected {}, got {}", c.expect, r.got);
            o.push_str(&format!(
                ">\n      <failure message=\"{}\">{}</failure>\n    </testcase>\n",
                xml_escape(&msg),
                xml_escape(&failure_line(spec, r, files))
            ));
        }
    }
    o.push_str("  </testsuite>\n</testsuites>\n");
    o
}

/// One JSON object for `--json`: every case with its input, expectation and result.
pub fn json(spec: &Spec, results: &[CaseResult]) -> serde_json::Value {
    let cases: Vec<serde_json::Value> = results
        .iter()
        .map(|r| {
            let c = &spec.cases[r.index];
            serde_json::json!({
                "name": c.label(r.index),
                "line": c.line,
                "input": {"arch": c.data.arch, "nr": c.data.nr, "ip": c.data.instruction_pointer, "args": c.data.args},
                "expect": c.expect.to_string(),
                "got": r.got.to_string(),
                "ret": r.got.raw(),
                "passed": r.passed,
            })
        })
        .collect();
    let failed = results.iter().filter(|r| !r.passed).count();
    serde_json::json!({"passed": results.len() - failed, "failed": failed, "cases": cases})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_numbers_by_offset() {
        let l = Lines::new("a\nbc\n\nd");
        // Offsets 0..=1 are line 1 (the '\n' ends it), 2..=4 line 2, 5 line 3, 6 line 4.
        let got: Vec<usize> = (0..7).map(|o| l.line_of(o)).collect();
        assert_eq!(got, [1, 1, 2, 2, 2, 3, 4]);
    }

    /// Issue 14 item 7: 40,000 cases parse (this was quadratic) with the right lines.
    #[test]
    fn forty_thousand_cases_parse_with_their_lines() {
        let mut text = String::from("filter = \"f.bpf\"\n");
        for i in 0..40_000 {
            text += &format!("[[case]]\nnr = {i}\nexpect = \"ALLOW\"\n");
        }
        let sp = parse_spec(&text).unwrap();
        assert_eq!(sp.cases.len(), 40_000);
        // Case i's header is on line 2 + 3i.
        assert_eq!(sp.cases[0].line, 2);
        assert_eq!(sp.cases[39_999].line, 2 + 3 * 39_999);
    }

    /// Issue 14 item 11: XML 1.0 forbids C0 controls other than tab, LF and CR (and
    /// U+FFFE, U+FFFF) even as character references; they become visible `\u{N}` text.
    #[test]
    fn xml_escape_keeps_the_document_well_formed() {
        assert_eq!(
            xml_escape("a\u{1}b\u{1b}[0m\t\n\r<&>\"'\u{fffe}é"),
            "a\\u{1}b\\u{1b}[0m&#9;&#10;&#13;&lt;&amp;&gt;&quot;&apos;\\u{fffe}é"
        );
    }
}
