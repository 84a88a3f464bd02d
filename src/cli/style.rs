//! Colour for terminal output, in one place (issue 9 item 10).
//!
//! The library renders plain text; the CLI paints it here, line by line, just before it
//! is written to standard output. Painting only inserts ANSI escapes: removing them gives
//! back the plain text byte for byte, so golden files and pipes see exactly what they saw
//! before. Whether to paint is decided once, by [`init`]: `--color always` paints,
//! `--color never` does not, and `auto` (the default) paints only when standard output
//! is a terminal and `NO_COLOR` is unset or empty (<https://no-color.org>).

use anstyle::{AnsiColor, Style};
use secbpf::seccomp::action::{parse_ret, precedence};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};

/// `--color WHEN`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when standard output is a terminal and NO_COLOR is unset or empty.
    Auto,
    /// Always colour standard output (even into a pipe or file, even with NO_COLOR).
    Always,
    /// Never colour.
    Never,
}

static ENABLED: AtomicBool = AtomicBool::new(false);

/// Decide once whether standard output is painted.
pub fn init(choice: ColorChoice) {
    let on = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    };
    ENABLED.store(on, Ordering::Relaxed);
}

/// Whether output is painted.
pub fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

/// What a text is, which decides how its lines are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A `disasm` listing: labels, instructions, `; comments`.
    Listing,
    /// `run --trace`: `filter N (...):` headings, pc, instruction, registers, comment.
    Trace,
    /// `step` replies: the listing with `=>`, registers, echoed `> commands`.
    Step,
    /// `explain`: arch headings, syscalls and their actions and conditions.
    Explain,
    /// `diff`: a verdict line, region lines `A -> B  if ...`, witness lines.
    Diff,
}

// The semantic styles.
const HEADING: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const LABEL: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Cyan)));
const PC: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Cyan)));
const CURRENT: Style = Style::new().bold().invert();
const ALLOW: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Green)));
const LOG: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Cyan)));
const ERRNO: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Yellow)));
const TRAP: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Magenta)));
const TRACE: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Blue)));
const KILL: Style = Style::new()
    .bold()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Red)));

/// Action names as the library prints them, longest first where one is a prefix of
/// another, with their style. `ERRNO` and `TRACE` take their `(data)` along.
const ACTIONS: [(&str, Style); 9] = [
    ("KILL_PROCESS", KILL),
    ("KILL_THREAD", KILL),
    ("KILL", KILL),
    ("TRAP", TRAP),
    ("ERRNO", ERRNO),
    ("USER_NOTIF", TRACE),
    ("TRACE", TRACE),
    ("LOG", LOG),
    ("ALLOW", ALLOW),
];

/// `text` painted as a `kind`, or `text` itself (not copied) when colour is off.
pub fn paint(text: &str, kind: Kind) -> std::borrow::Cow<'_, str> {
    if !enabled() {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(paint_always(text, kind))
}

/// `text` painted as a `kind`, whatever [`enabled`] says.
fn paint_always(text: &str, kind: Kind) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for line in text.split_inclusive('\n') {
        let body = line.strip_suffix('\n').unwrap_or(line);
        paint_line(body, kind, &mut out);
        if body.len() < line.len() {
            out.push('\n');
        }
    }
    out
}

fn styled(out: &mut String, s: &str, style: Style) {
    if s.is_empty() {
        return;
    }
    out.push_str(&style.render().to_string());
    out.push_str(s);
    out.push_str(&style.render_reset().to_string());
}

fn paint_line(line: &str, kind: Kind, out: &mut String) {
    let indented = line.starts_with(' ');
    // Whole lines by their kind.
    match kind {
        Kind::Diff if line.trim_start().starts_with("witness:") => {
            return styled(out, line, DIM);
        }
        Kind::Step if line.starts_with("> ") => return styled(out, line, DIM),
        Kind::Step if line.starts_with("filter ") => return styled(out, line, HEADING),
        Kind::Trace | Kind::Explain if !indented && line.ends_with(':') => {
            return styled(out, line, HEADING);
        }
        Kind::Diff if line.contains(" -> ") => {
            // A change `A -> B`: a widening (B more permissive, kernel precedence) is
            // bold around its coloured actions.
            let base = if widens(line) { HEADING } else { Style::new() };
            return actions_on(line, base, out);
        }
        Kind::Diff if !indented => return styled(out, line, HEADING),
        _ => {}
    }
    // Instruction lines: code, then `; comment`.
    let (code, comment) = match kind {
        Kind::Listing | Kind::Trace | Kind::Step => match line.find(" ; ") {
            Some(i) => line.split_at(i + 1),
            None => (line, ""),
        },
        Kind::Explain | Kind::Diff => (line, ""),
    };
    let mut rest = code;
    if kind == Kind::Step && rest.starts_with("=>") {
        // The current instruction: the whole code part stands out.
        styled(out, rest, CURRENT);
        rest = "";
    }
    if matches!(kind, Kind::Trace | Kind::Step) {
        // The pc column.
        let lead = rest.len() - rest.trim_start().len();
        let digits = rest[lead..]
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len() - lead);
        if digits > 0 {
            out.push_str(&rest[..lead]);
            styled(out, &rest[lead..lead + digits], PC);
            rest = &rest[lead + digits..];
        }
    }
    if kind == Kind::Listing {
        // A label `L5:` at the start of the line.
        if let Some(colon) = rest.find(':') {
            let name = &rest[..colon];
            if name.len() > 1
                && name.starts_with('L')
                && name[1..].bytes().all(|b| b.is_ascii_digit())
            {
                styled(out, &rest[..=colon], LABEL);
                rest = &rest[colon + 1..];
            }
        }
    }
    actions(rest, out);
    if !comment.is_empty() {
        if find_action(comment).is_some() {
            actions(comment, out);
        } else {
            styled(out, comment, DIM);
        }
    }
}

/// The first action name in `s` as a whole word: (start, end) including `(data)`.
fn find_action(s: &str) -> Option<(usize, usize, Style)> {
    let b = s.as_bytes();
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut i = 0;
    while i < b.len() {
        if (i == 0 || !word(b[i - 1])) && b[i].is_ascii_uppercase() {
            for (name, style) in ACTIONS {
                if !s[i..].starts_with(name) {
                    continue;
                }
                let mut end = i + name.len();
                if end < b.len() && word(b[end]) {
                    continue;
                }
                if b.get(end) == Some(&b'(') {
                    if let Some(close) = s[end..].find(')') {
                        end += close + 1;
                    }
                }
                return Some((i, end, style));
            }
        }
        i += 1;
    }
    None
}

/// `s` with every action name in its colour.
fn actions(s: &str, out: &mut String) {
    actions_on(s, Style::new(), out);
}

/// `s` with every action name in its colour and the text between them in `base`.
fn actions_on(mut s: &str, base: Style, out: &mut String) {
    while let Some((start, end, style)) = find_action(s) {
        styled(out, &s[..start], base);
        styled(out, &s[start..end], style);
        s = &s[end..];
    }
    styled(out, s, base);
}

/// Whether a diff line's first `A -> B` gives B a more permissive action than A (it
/// comes later in the kernel's precedence, `secbpf::seccomp::action::precedence`).
fn widens(line: &str) -> bool {
    let Some(arrow) = line.find(" -> ") else {
        return false;
    };
    let (before, after) = (&line[..arrow], &line[arrow + 4..]);
    let mut last = None;
    let mut rest = before;
    while let Some((start, end, _)) = find_action(rest) {
        last = Some(&rest[start..end]);
        rest = &rest[end..];
    }
    let first = find_action(after).map(|(start, end, _)| &after[start..end]);
    match (last.and_then(parse_ret), first.and_then(parse_ret)) {
        (Some(a), Some(b)) => precedence(b) > precedence(a),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Painting only inserts escapes: stripped, the plain text comes back.
    fn strip(s: &str) -> String {
        let mut out = String::new();
        let mut it = s.chars();
        while let Some(c) = it.next() {
            if c == '\x1b' {
                for d in it.by_ref() {
                    if d == 'm' {
                        break;
                    }
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn painting_keeps_the_text() {
        let samples = [
            (
                "L28: ret #0x7fff0000          ; ALLOW\n     ld [4]  ; arch\n",
                Kind::Listing,
            ),
            (
                "filter 0 (x.bpf):\n    20  ret #0x5000d   A=0x1  -> 0x0005000d ERRNO(13)\n",
                Kind::Trace,
            ),
            (
                "=>    0  ld [4]   ; arch\n> s\nfilter 0, pc 1\n",
                Kind::Step,
            ),
            (
                "arch x86_64 (0xc000003e):\n  open: ERRNO(13)\n  all: KILL_PROCESS",
                Kind::Explain,
            ),
            (
                "1 region(s) differ:\n  ERRNO(13) -> ALLOW  if nr == 2\n    witness: --nr 2\n",
                Kind::Diff,
            ),
        ];
        for (text, kind) in samples {
            let p = paint_always(text, kind);
            assert!(p.contains('\x1b'), "{kind:?}: nothing painted");
            assert_eq!(strip(&p), text, "{kind:?}");
        }
    }

    /// Precedence from the spec (kernel-facts §6.1, s32 order: KILL_PROCESS < KILL_THREAD < TRAP <
    /// ERRNO < USER_NOTIF < TRACE < LOG < ALLOW): only a move to a later action widens.
    #[test]
    fn a_widening_is_a_move_to_a_more_permissive_action() {
        assert!(widens("  KILL_PROCESS -> ALLOW  if nr == 2"));
        assert!(widens("x86_64 ptrace: ERRNO(1) -> ALLOW"));
        assert!(widens("  TRAP(0) -> ERRNO(1)  if nr == 2"));
        assert!(!widens("  ALLOW -> KILL_PROCESS  if nr == 1"));
        assert!(!widens("  ERRNO(13) -> ERRNO(1)  if nr == 0x101"));
        assert!(!widens("  LOG -> TRACE(0)  if nr == 1"));
        assert!(!widens("no arrow: ALLOW"));
    }

    #[test]
    fn actions_are_whole_words() {
        let mut out = String::new();
        actions("ALLOWED KILL_PROCESS LOGS ERRNO(1)", &mut out);
        assert_eq!(
            strip(&out),
            "ALLOWED KILL_PROCESS LOGS ERRNO(1)",
            "stripping gives the text back"
        );
        // Two actions painted (KILL_PROCESS, ERRNO(1)), not ALLOWED or LOGS.
        assert_eq!(out.matches("\x1b[0m").count(), 2, "{out:?}");
        assert!(out.contains("ERRNO(1)\x1b[0m"), "{out:?}");
    }
}
