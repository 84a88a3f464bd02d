//! Reading filters out of C: `{ code, jt, jf, k }` entries and `BPF_STMT`/`BPF_JUMP`
//! macros, alone or inside a whole C source file.
//!
//! A small preprocessor runs first: `#define` (object- and function-like, with `##`),
//! `#undef`, and `#if`/`#ifdef`/`#ifndef`/`#elif`/`#else`/`#endif` with `defined`,
//! evaluated for the arch of the decode options (`__x86_64__`, `__aarch64__`, ...,
//! `__BYTE_ORDER`). `#include` and other directives are ignored. If the file declares a
//! `struct sock_filter NAME[] = { ... }`, only the first such initializer is read;
//! otherwise every entry in the file is.

use super::text::Cursor;
use super::{DecodeError, DecodeErrorKind};
use crate::insn::{Endian, Insn};
use crate::seccomp::Arch;
use std::collections::HashMap;

#[derive(Clone, Debug, PartialEq, Eq)]
enum K {
    Ident(String),
    Num(String),
    Punct(&'static str),
    /// String or character literal (content ignored).
    Lit,
}

#[derive(Clone, Debug)]
struct T {
    k: K,
    line: usize,
    col: usize,
    /// Logical line: does not advance on backslash-newline.
    lline: usize,
    /// First token of its logical line.
    bol: bool,
}

const PUNCTS: &[&str] = &[
    "<<", ">>", "##", "&&", "||", "==", "!=", "<=", ">=", "->", "(", ")", "{", "}", "[", "]", ",",
    ";", "|", "&", "+", "-", "~", "!", "<", ">", "*", "/", "%", "^", "?", ":", "=", ".", "#",
];

fn err(kind: DecodeErrorKind, msg: impl Into<String>, t: Option<&T>) -> DecodeError {
    let e = DecodeError::new(kind, msg);
    match t {
        Some(t) => e.at(t.line, Some(t.col)),
        None => e,
    }
}

/// The most tokens read from a C file (1,572,864): a program of 65,535 `BPF_STMT(...)`
/// lines with `offsetof(struct seccomp_data, args[N])` takes about 24 per instruction,
/// and this bounds the reader's memory for any input.
const MAX_TOKENS: usize = 3 << 19;

fn tokenize(s: &str) -> Result<Vec<T>, DecodeError> {
    let b = s.as_bytes();
    let mut cur = Cursor::new(s);
    let mut out = Vec::new();
    let mut i = 0usize;
    let mut lline = 1usize;
    let mut bol = true;
    while i < b.len() {
        let c = b.get(i).copied().unwrap_or(b' ');
        let next = b.get(i + 1).copied();
        if c == b'\n' {
            lline += 1;
            bol = true;
            i += 1;
            continue;
        }
        if c == b'\\'
            && (next == Some(b'\n') || (next == Some(b'\r') && b.get(i + 2) == Some(&b'\n')))
        {
            i += if next == Some(b'\n') { 2 } else { 3 };
            continue;
        }
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if c == b'/' && next == Some(b'/') {
            while i < b.len() && b.get(i) != Some(&b'\n') {
                i += 1;
            }
            continue;
        }
        if c == b'/' && next == Some(b'*') {
            let start = i;
            i += 2;
            loop {
                match b.get(i) {
                    None => {
                        let (l, col) = cur.pos(start);
                        return Err(DecodeError::new(
                            DecodeErrorKind::Syntax,
                            "unterminated comment '/*'",
                        )
                        .at(l, Some(col)));
                    }
                    Some(b'*') if b.get(i + 1) == Some(&b'/') => {
                        i += 2;
                        break;
                    }
                    Some(b'\n') => {
                        lline += 1;
                        i += 1;
                    }
                    Some(_) => i += 1,
                }
            }
            continue;
        }
        let start = i;
        let (line, col) = cur.pos(start);
        if out.len() >= MAX_TOKENS {
            return Err(DecodeError::new(
                DecodeErrorKind::TooLong,
                format!(
                    "more than {MAX_TOKENS} tokens, more than a C filter of {} instructions needs",
                    super::MAX_PROGRAM_LEN
                ),
            )
            .at(line, Some(col)));
        }
        let k = if c.is_ascii_alphabetic() || c == b'_' {
            while b
                .get(i)
                .is_some_and(|d| d.is_ascii_alphanumeric() || *d == b'_')
            {
                i += 1;
            }
            K::Ident(s.get(start..i).unwrap_or_default().to_string())
        } else if c.is_ascii_digit() {
            while b
                .get(i)
                .is_some_and(|d| d.is_ascii_alphanumeric() || *d == b'_')
            {
                i += 1;
            }
            K::Num(s.get(start..i).unwrap_or_default().to_string())
        } else if c == b'"' || c == b'\'' {
            i += 1;
            while let Some(&d) = b.get(i) {
                i += 1;
                if d == b'\\' {
                    i += 1;
                } else if d == c || d == b'\n' {
                    break;
                }
            }
            K::Lit
        } else if let Some(p) = PUNCTS
            .iter()
            .find(|p| b.get(i..i + p.len()) == Some(p.as_bytes()))
        {
            i += p.len();
            K::Punct(p)
        } else {
            // Any other character (non-ASCII, `@`, `$`...): skip it, like an unknown byte
            // in code we do not read. It only matters if it sits inside an entry.
            let ch = s
                .get(start..)
                .and_then(|r| r.chars().next())
                .map_or(1, char::len_utf8);
            i += ch;
            K::Lit
        };
        out.push(T {
            k,
            line,
            col,
            lline,
            bol,
        });
        bol = false;
    }
    Ok(out)
}

#[derive(Clone, Debug)]
struct Macro {
    params: Option<Vec<String>>,
    body: Vec<T>,
}

/// Predefined macros for `arch`.
fn predefined(arch: &Arch) -> HashMap<String, Macro> {
    let mut names: Vec<&str> = vec!["__linux__", "__linux", "linux", "__unix__"];
    names.extend(match arch.name {
        "x86_64" => &["__x86_64__", "__x86_64", "__amd64__", "__amd64", "__LP64__"][..],
        "x32" => &["__x86_64__", "__x86_64", "__ILP32__"][..],
        "x86" => &["__i386__", "__i386", "i386"][..],
        "aarch64" => &["__aarch64__", "__LP64__"][..],
        "arm" | "armeb" => &["__arm__"][..],
        "riscv64" => &["__riscv", "__LP64__"][..],
        "riscv32" => &["__riscv"][..],
        "s390x" => &["__s390x__", "__s390__", "__LP64__"][..],
        "s390" => &["__s390__"][..],
        "ppc64" | "ppc64le" => &["__powerpc64__", "__PPC64__", "__powerpc__", "__LP64__"][..],
        "ppc" => &["__powerpc__", "__PPC__"][..],
        "loongarch64" => &["__loongarch64", "__loongarch__"][..],
        "mips" | "mipsel" | "mips64" | "mipsel64" | "mips64n32" | "mipsel64n32" => {
            &["__mips__", "mips"][..]
        }
        "parisc" | "parisc64" => &["__hppa__"][..],
        _ => &[][..],
    });
    let mk = |v: &str| Macro {
        params: None,
        body: vec![T {
            k: K::Num(v.to_string()),
            line: 0,
            col: 0,
            lline: 0,
            bol: false,
        }],
    };
    let mut m: HashMap<String, Macro> = names
        .into_iter()
        .map(|n| (n.to_string(), mk("1")))
        .collect();
    let order = if arch.endian == Endian::Little {
        "1234"
    } else {
        "4321"
    };
    for (n, v) in [
        ("__LITTLE_ENDIAN", "1234"),
        ("__BIG_ENDIAN", "4321"),
        ("__ORDER_LITTLE_ENDIAN__", "1234"),
        ("__ORDER_BIG_ENDIAN__", "4321"),
        ("__BYTE_ORDER", order),
        ("__BYTE_ORDER__", order),
    ] {
        m.insert(n.to_string(), mk(v));
    }
    m
}

struct Pre {
    defs: HashMap<String, Macro>,
    budget: usize,
}

const EXPANSION_BUDGET: usize = 2_000_000;
const MAX_DEPTH: usize = 64;

/// Preprocess: run directives, return the remaining (not yet macro-expanded) tokens.
fn preprocess(toks: Vec<T>, arch: &Arch) -> Result<(Vec<T>, Pre), DecodeError> {
    let mut pre = Pre {
        defs: predefined(arch),
        budget: EXPANSION_BUDGET,
    };
    let mut out = Vec::new();
    // Conditional stack: (parent active, some branch taken, this branch active).
    let mut cond: Vec<(bool, bool, bool)> = Vec::new();
    let mut i = 0;
    while let Some(t) = toks.get(i) {
        let active = cond.last().is_none_or(|c| c.2);
        if !(t.bol && t.k == K::Punct("#")) {
            if active && t.k == K::Punct("#") {
                // Only a directive may hold a '#' outside a macro body; bpf_asm's
                // immediates (`ret #0`) read as C land here.
                return Err(err(
                    DecodeErrorKind::Syntax,
                    "'#' outside a preprocessor directive is not C (bpf_asm text, such as `ret #0`, is not C)",
                    Some(t),
                ));
            }
            if active {
                out.push(t.clone());
            }
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while toks.get(j).is_some_and(|u| u.lline == t.lline) {
            j += 1;
        }
        let line = toks.get(i + 1..j).unwrap_or_default();
        i = j;
        let Some(T {
            k: K::Ident(dir), ..
        }) = line.first()
        else {
            continue;
        };
        let rest = line.get(1..).unwrap_or_default();
        match dir.as_str() {
            "ifdef" | "ifndef" => {
                let defined = matches!(rest.first(), Some(T { k: K::Ident(n), .. }) if pre.defs.contains_key(n));
                let v = active && (defined == (dir == "ifdef"));
                cond.push((active, v, v));
            }
            "if" => {
                let v = active && pre.condition(rest)?;
                cond.push((active, v, v));
            }
            "elif" => {
                let Some(&(parent, taken, _)) = cond.last() else {
                    return Err(err(DecodeErrorKind::Syntax, "#elif without #if", Some(t)));
                };
                let v = parent && !taken && pre.condition(rest)?;
                if let Some(c) = cond.last_mut() {
                    *c = (parent, taken || v, v);
                }
            }
            "else" => {
                let Some(c) = cond.last_mut() else {
                    return Err(err(DecodeErrorKind::Syntax, "#else without #if", Some(t)));
                };
                *c = (c.0, true, c.0 && !c.1);
            }
            "endif" => {
                cond.pop()
                    .ok_or_else(|| err(DecodeErrorKind::Syntax, "#endif without #if", Some(t)))?;
            }
            "define" if active => {
                let Some(T {
                    k: K::Ident(name),
                    col,
                    line: nl,
                    ..
                }) = rest.first()
                else {
                    continue;
                };
                let name_end = col + name.chars().count();
                let body_start = rest.get(1);
                let function_like = matches!(body_start, Some(p) if p.k == K::Punct("(") && p.col == name_end && p.line == *nl);
                let (params, body) = if function_like {
                    let mut params = Vec::new();
                    let mut k = 2;
                    loop {
                        match rest.get(k) {
                            Some(T { k: K::Ident(p), .. }) => params.push(p.clone()),
                            Some(T {
                                k: K::Punct(")"), ..
                            }) => break,
                            Some(T {
                                k: K::Punct(","), ..
                            }) => {}
                            Some(T {
                                k: K::Punct("."), ..
                            }) => params.push("__VA_ARGS__".into()),
                            _ => break,
                        }
                        k += 1;
                    }
                    (Some(params), rest.get(k + 1..).unwrap_or_default().to_vec())
                } else {
                    (None, rest.get(1..).unwrap_or_default().to_vec())
                };
                pre.defs.insert(name.clone(), Macro { params, body });
            }
            "undef" if active => {
                if let Some(T {
                    k: K::Ident(name), ..
                }) = rest.first()
                {
                    pre.defs.remove(name);
                }
            }
            _ => {}
        }
    }
    Ok((out, pre))
}

impl Pre {
    /// Value of an `#if` expression: `defined` resolved, macros expanded, other names 0.
    fn condition(&mut self, toks: &[T]) -> Result<bool, DecodeError> {
        let mut resolved = Vec::new();
        let mut i = 0;
        while let Some(t) = toks.get(i) {
            if t.k == K::Ident("defined".into()) {
                let (name, skip) = match (toks.get(i + 1), toks.get(i + 2)) {
                    (
                        Some(T {
                            k: K::Punct("("), ..
                        }),
                        Some(T { k: K::Ident(n), .. }),
                    ) => (n.clone(), 4),
                    (Some(T { k: K::Ident(n), .. }), _) => (n.clone(), 2),
                    _ => return Err(err(DecodeErrorKind::Syntax, "bad 'defined'", Some(t))),
                };
                let mut one = t.clone();
                one.k = K::Num(
                    if self.defs.contains_key(&name) {
                        "1"
                    } else {
                        "0"
                    }
                    .into(),
                );
                resolved.push(one);
                i += skip;
                continue;
            }
            resolved.push(t.clone());
            i += 1;
        }
        let expanded = self.expand(&resolved, &mut Vec::new(), 0)?;
        let mut ev = Eval {
            toks: &expanded,
            pos: 0,
            arch: Arch::x86_64(),
            pp: true,
            depth: 0,
        };
        let v = ev.expr()?;
        Ok(v != 0)
    }

    /// Expand macros in `toks`; `active` holds the macros being expanded.
    fn expand(
        &mut self,
        toks: &[T],
        active: &mut Vec<String>,
        depth: usize,
    ) -> Result<Vec<T>, DecodeError> {
        if depth > MAX_DEPTH {
            return Err(err(
                DecodeErrorKind::Syntax,
                "macros nest too deeply",
                toks.first(),
            ));
        }
        let mut out = Vec::with_capacity(toks.len());
        let mut i = 0;
        while let Some(t) = toks.get(i) {
            i += 1;
            let K::Ident(name) = &t.k else {
                out.push(t.clone());
                continue;
            };
            let Some(m) = self
                .defs
                .get(name)
                .filter(|_| !active.contains(name))
                .cloned()
            else {
                out.push(t.clone());
                continue;
            };
            let body = match &m.params {
                None => m.body.clone(),
                Some(params) => {
                    if toks.get(i).map(|u| &u.k) != Some(&K::Punct("(")) {
                        out.push(t.clone());
                        continue;
                    }
                    let (args, end) = split_args(toks, i).map_err(|e| {
                        let (l, c) = (e.line(), e.col());
                        let e = DecodeError::new(
                            e.kind(),
                            format!("in use of macro '{name}': {}", e.detail()),
                        );
                        match l {
                            Some(l) => e.at(l, c),
                            None => e,
                        }
                    })?;
                    i = end;
                    substitute(&m.body, params, &args)
                }
            };
            // Tokens from an expansion are reported at the macro's use.
            let body: Vec<T> = body
                .into_iter()
                .map(|mut b| {
                    b.line = t.line;
                    b.col = t.col;
                    b
                })
                .collect();
            self.budget = self.budget.checked_sub(body.len() + 1).ok_or_else(|| {
                err(
                    DecodeErrorKind::Syntax,
                    "macro expansion is too large",
                    Some(t),
                )
            })?;
            active.push(name.clone());
            let expanded = self.expand(&body, active, depth + 1);
            active.pop();
            out.extend(expanded?);
        }
        Ok(out)
    }
}

fn closer(open: &str) -> &'static str {
    match open {
        "(" => ")",
        "[" => "]",
        _ => "}",
    }
}

/// Split the bracketed, comma-separated arguments starting at `toks[open]` (`(` or `{`).
/// Returns the arguments and the index after the matching closer. Brackets must nest:
/// `BPF_STMT(BPF_RET|BPF_K, 2 ]` is an error naming the `]`, as a C compiler's would be.
fn split_args(toks: &[T], open: usize) -> Result<(Vec<Vec<T>>, usize), DecodeError> {
    let mut args = vec![Vec::new()];
    let mut stack: Vec<&T> = Vec::new();
    let mut i = open;
    loop {
        let Some(t) = toks.get(i) else {
            let o = stack.last().copied().or(toks.get(open));
            let what = o.map_or(String::new(), |o| text(&o.k));
            return Err(err(
                DecodeErrorKind::Syntax,
                format!("unclosed '{what}': no matching '{}'", closer(&what)),
                o,
            ));
        };
        i += 1;
        match &t.k {
            K::Punct("(" | "[" | "{") => {
                stack.push(t);
                if stack.len() == 1 {
                    continue;
                }
            }
            K::Punct(p @ (")" | "]" | "}")) => {
                let Some(o) = stack.pop() else {
                    return Err(err(
                        DecodeErrorKind::Syntax,
                        format!("unbalanced '{p}'"),
                        Some(t),
                    ));
                };
                let want = closer(&text(&o.k));
                if want != *p {
                    return Err(err(
                        DecodeErrorKind::Syntax,
                        format!(
                            "unbalanced brackets: '{p}' closes the '{}' of line {}, column {} (expected '{want}')",
                            text(&o.k),
                            o.line,
                            o.col
                        ),
                        Some(t),
                    ));
                }
                if stack.is_empty() {
                    return Ok((args, i));
                }
            }
            K::Punct(",") if stack.len() == 1 => {
                args.push(Vec::new());
                continue;
            }
            _ => {}
        }
        if let Some(a) = args.last_mut() {
            a.push(t.clone());
        }
    }
}

/// Split the tokens of a `{ ... }` entry at top-level commas; `None` if `(`/`[` do not
/// balance.
fn split_fields(toks: &[T]) -> Option<Vec<Vec<T>>> {
    let mut args = vec![Vec::new()];
    let mut stack: Vec<&'static str> = Vec::new();
    for t in toks {
        match &t.k {
            K::Punct(p @ ("(" | "[")) => stack.push(closer(p)),
            K::Punct(p @ (")" | "]")) if stack.pop()? != *p => return None,
            K::Punct(")" | "]") => {}
            K::Punct(",") if stack.is_empty() => {
                args.push(Vec::new());
                continue;
            }
            _ => {}
        }
        args.last_mut()?.push(t.clone());
    }
    stack.is_empty().then_some(args)
}

/// Replace parameters by arguments in a macro body, then paste `##`.
fn substitute(body: &[T], params: &[String], args: &[Vec<T>]) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    let mut paste_next = false;
    for t in body {
        if t.k == K::Punct("##") {
            paste_next = true;
            continue;
        }
        let piece: Vec<T> = match &t.k {
            K::Ident(n) => match params.iter().position(|p| p == n) {
                Some(ix) => args.get(ix).cloned().unwrap_or_default(),
                None => vec![t.clone()],
            },
            _ => vec![t.clone()],
        };
        let mut piece = piece.into_iter();
        if paste_next {
            paste_next = false;
            if let (Some(last), Some(first)) = (out.last_mut(), piece.next()) {
                let joined = format!("{}{}", text(&last.k), text(&first.k));
                last.k = if joined.starts_with(|c: char| c.is_ascii_digit()) {
                    K::Num(joined)
                } else {
                    K::Ident(joined)
                };
            }
        }
        out.extend(piece);
    }
    out
}

fn text(k: &K) -> String {
    match k {
        K::Ident(s) | K::Num(s) => s.clone(),
        K::Punct(p) => (*p).to_string(),
        K::Lit => String::new(),
    }
}

/// True if `code` (comments already removed) looks like C filter code: the identifier
/// `BPF_STMT` or `BPF_JUMP` followed by `(`, the identifier `sock_filter`, or a `{`
/// directly followed by a number, like `{ 0x20, 0, 0, 4 }`.
pub(crate) fn has_c_signal(code: &str) -> bool {
    let b = code.as_bytes();
    let is_id = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut i = 0;
    while i < b.len() {
        let c = b.get(i).copied().unwrap_or(0);
        if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while b.get(i).is_some_and(|&d| is_id(d)) {
                i += 1;
            }
            let word = code.get(start..i).unwrap_or_default();
            let rest = code.get(i..).unwrap_or_default().trim_start();
            match word {
                "sock_filter" => return true,
                "BPF_STMT" | "BPF_JUMP" if rest.starts_with('(') => return true,
                _ => {}
            }
            continue;
        }
        if c.is_ascii_digit() {
            while b.get(i).is_some_and(|&d| is_id(d)) {
                i += 1;
            }
            continue;
        }
        if c == b'{'
            && code
                .get(i + 1..)
                .unwrap_or_default()
                .trim_start()
                .starts_with(|d: char| d.is_ascii_digit())
        {
            return true;
        }
        i += 1;
    }
    false
}

/// Decode the C entries in `s`.
pub(crate) fn decode_c(s: &str, arch: &'static Arch) -> Result<Vec<Insn>, DecodeError> {
    let toks = tokenize(s)?;
    let (toks, mut pre) = preprocess(toks, arch)?;
    // Region: the first `sock_filter NAME[...] = { ... }` initializer, else everything.
    let mut region: Option<&[T]> = None;
    for (i, t) in toks.iter().enumerate() {
        if t.k != K::Ident("sock_filter".into()) {
            continue;
        }
        let mut j = i + 1;
        while let Some(u) = toks.get(j) {
            if matches!(u.k, K::Punct(";") | K::Punct("{") | K::Punct("=")) {
                break;
            }
            j += 1;
        }
        if toks.get(j).map(|u| &u.k) == Some(&K::Punct("="))
            && toks.get(j + 1).map(|u| &u.k) == Some(&K::Punct("{"))
        {
            if let Ok((_, end)) = split_args(&toks, j + 1) {
                region = toks.get(j + 2..end.saturating_sub(1));
                break;
            }
        }
    }
    let strict = region.is_some();
    let region = region.unwrap_or(&toks);
    let toks = pre.expand(region, &mut Vec::new(), 0)?;
    let braces = innermost_braces(&toks);
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(t) = toks.get(i) {
        let is_macro = matches!(&t.k, K::Ident(n) if n == "BPF_STMT" || n == "BPF_JUMP");
        if is_macro && toks.get(i + 1).map(|u| &u.k) == Some(&K::Punct("(")) {
            let (args, end) = split_args(&toks, i + 1)?;
            let stmt = t.k == K::Ident("BPF_STMT".into());
            let want = if stmt { 2 } else { 4 };
            if args.len() != want {
                return Err(err(
                    DecodeErrorKind::Syntax,
                    format!(
                        "{} takes {want} arguments, found {}",
                        text(&t.k),
                        args.len()
                    ),
                    Some(t),
                ));
            }
            let v: Vec<u64> = args
                .iter()
                .map(|a| value(a, arch, t))
                .collect::<Result<_, _>>()?;
            let insn = if stmt {
                fields(&[v.first(), Some(&0), Some(&0), v.get(1)], t)?
            } else {
                fields(&[v.first(), v.get(2), v.get(3), v.get(1)], t)?
            };
            push(&mut out, insn, t)?;
            if !strict {
                entry_ends(&toks, end, t)?;
            }
            i = end;
            continue;
        }
        if t.k == K::Punct("{") {
            let Some(close) = braces.get(i).copied().flatten() else {
                i += 1;
                continue;
            };
            let inner = toks.get(i + 1..close).unwrap_or_default();
            let looks_like_entry = strict || matches!(inner.first(), Some(T { k: K::Num(_), .. }));
            let end = close + 1;
            let Some(args) = split_fields(inner) else {
                if looks_like_entry {
                    return Err(err(
                        DecodeErrorKind::Syntax,
                        "unbalanced parentheses in '{ ... }' entry",
                        Some(t),
                    ));
                }
                i = end;
                continue;
            };
            let mut args = args;
            if args.last().is_some_and(|a| a.is_empty()) && args.len() > 1 {
                args.pop();
            }
            if args.len() == 4 {
                let v: Vec<u64> = args
                    .iter()
                    .map(|a| value(a, arch, t))
                    .collect::<Result<_, _>>()?;
                push(
                    &mut out,
                    fields(&[v.first(), v.get(1), v.get(2), v.get(3)], t)?,
                    t,
                )?;
            } else if strict && args.len() > 1 {
                return Err(err(
                    DecodeErrorKind::Syntax,
                    format!(
                        "expected {{ code, jt, jf, k }}, found {} fields",
                        args.len()
                    ),
                    Some(t),
                ));
            }
            i = end;
            continue;
        }
        i += 1;
    }
    Ok(out)
}

/// Outside a `sock_filter` initializer, an entry must end a list item: be followed by
/// `,`, `}`, `)`, `;` or the end. Anything else means the text is not a C list of
/// entries (bpf_asm read as C, say), and is refused rather than half-read.
fn entry_ends(toks: &[T], end: usize, entry: &T) -> Result<(), DecodeError> {
    match toks.get(end) {
        None => Ok(()),
        Some(T {
            k: K::Punct(",") | K::Punct("}") | K::Punct(")") | K::Punct(";"),
            ..
        }) => Ok(()),
        Some(u) => Err(err(
            DecodeErrorKind::Syntax,
            format!(
                "expected ',' after the {} at line {}, column {}, found '{}' (entries of a C filter are separated by commas)",
                text(&entry.k),
                entry.line,
                entry.col,
                text(&u.k)
            ),
            Some(u),
        )),
    }
}

/// For each `{` that closes and holds no other `{`, no `;` and no `BPF_STMT`/`BPF_JUMP`
/// (a candidate `{ code, jt, jf, k }` entry): `Some(index of its '}')`. Linear time.
fn innermost_braces(toks: &[T]) -> Vec<Option<usize>> {
    let mut res = vec![None; toks.len()];
    // Open braces: (index, still a candidate).
    let mut stack: Vec<(usize, bool)> = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        match &t.k {
            K::Punct("{") => {
                if let Some(top) = stack.last_mut() {
                    top.1 = false;
                }
                stack.push((i, true));
            }
            K::Punct("}") => {
                if let Some((open, true)) = stack.pop() {
                    if let Some(r) = res.get_mut(open) {
                        *r = Some(i);
                    }
                }
            }
            K::Punct(";") => {
                if let Some(top) = stack.last_mut() {
                    top.1 = false;
                }
            }
            K::Ident(n) if n == "BPF_STMT" || n == "BPF_JUMP" => {
                if let Some(top) = stack.last_mut() {
                    top.1 = false;
                }
            }
            _ => {}
        }
    }
    res
}

fn push(out: &mut Vec<Insn>, insn: Insn, t: &T) -> Result<(), DecodeError> {
    if out.len() >= super::MAX_PROGRAM_LEN {
        return Err(err(
            DecodeErrorKind::TooLong,
            format!("more than {} instructions", super::MAX_PROGRAM_LEN),
            Some(t),
        ));
    }
    out.push(insn);
    Ok(())
}

/// Check the four field values (code, jt, jf, k) fit and build the instruction.
fn fields(v: &[Option<&u64>; 4], t: &T) -> Result<Insn, DecodeError> {
    let get = |i: usize| v.get(i).copied().flatten().copied().unwrap_or(0);
    let range = |what: &str, val: u64, max: u64| -> Result<(), DecodeError> {
        if val > max {
            Err(err(
                DecodeErrorKind::BadNumber,
                format!("{what} {val:#x} does not fit (max {max:#x})"),
                Some(t),
            ))
        } else {
            Ok(())
        }
    };
    let (code, jt, jf, k) = (get(0), get(1), get(2), get(3));
    range("code", code, 0xffff)?;
    range("jt", jt, 0xff)?;
    range("jf", jf, 0xff)?;
    range("k", k, u64::from(u32::MAX))?;
    match (
        u16::try_from(code),
        u8::try_from(jt),
        u8::try_from(jf),
        u32::try_from(k),
    ) {
        (Ok(c), Ok(a), Ok(b), Ok(k)) => Ok(Insn::new(c, a, b, k)),
        _ => Err(err(
            DecodeErrorKind::BadNumber,
            "field out of range",
            Some(t),
        )),
    }
}

/// Evaluate one field expression to an unsigned value (negatives wrap to 32 bits).
fn value(toks: &[T], arch: &'static Arch, at: &T) -> Result<u64, DecodeError> {
    if toks.is_empty() {
        return Err(err(DecodeErrorKind::Syntax, "empty field", Some(at)));
    }
    let mut ev = Eval {
        toks,
        pos: 0,
        arch,
        pp: false,
        depth: 0,
    };
    let v = ev.expr()?;
    if let Some(t) = toks.get(ev.pos) {
        return Err(err(
            DecodeErrorKind::Syntax,
            format!("unexpected '{}' in expression", text(&t.k)),
            Some(t),
        ));
    }
    if let Ok(u) = u64::try_from(v) {
        return Ok(u);
    }
    match i32::try_from(v) {
        Ok(n) => Ok(u64::from(n as u32)),
        Err(_) => match i64::try_from(v) {
            // A negative 64-bit value such as ~0UL: keep its low 32 bits when the rest is sign.
            Ok(n) if n >= -(1i64 << 32) => Ok(u64::from((n & 0xffff_ffff) as u32)),
            _ => Err(err(
                DecodeErrorKind::BadNumber,
                format!("value {v} is out of range"),
                Some(at),
            )),
        },
    }
}

/// Type names a cast may use, with their width in bits (0: takes the others' width).
const TYPE_WORDS: &[(&str, u32)] = &[
    ("unsigned", 32),
    ("signed", 32),
    ("const", 0),
    ("int", 32),
    ("long", 64),
    ("short", 16),
    ("char", 8),
    ("u8", 8),
    ("__u8", 8),
    ("uint8_t", 8),
    ("s8", 8),
    ("__s8", 8),
    ("int8_t", 8),
    ("u16", 16),
    ("__u16", 16),
    ("uint16_t", 16),
    ("s16", 16),
    ("__s16", 16),
    ("int16_t", 16),
    ("u32", 32),
    ("__u32", 32),
    ("uint32_t", 32),
    ("s32", 32),
    ("__s32", 32),
    ("int32_t", 32),
    ("u64", 64),
    ("__u64", 64),
    ("uint64_t", 64),
    ("s64", 64),
    ("__s64", 64),
    ("int64_t", 64),
    ("size_t", 64),
];

struct Eval<'a> {
    toks: &'a [T],
    pos: usize,
    arch: &'static Arch,
    /// Preprocessor mode: unknown names are 0.
    pp: bool,
    /// Current nesting of parentheses and unary operators.
    depth: usize,
}

/// Deepest expression nesting evaluated (deeper input is an error, not a stack overflow).
const MAX_EXPR_DEPTH: usize = 256;

type V = i128;

impl Eval<'_> {
    fn peek(&self) -> Option<&T> {
        self.toks.get(self.pos)
    }
    fn is(&self, p: &str) -> bool {
        matches!(self.peek(), Some(T { k: K::Punct(q), .. }) if *q == p)
    }
    fn eat(&mut self, p: &str) -> bool {
        if self.is(p) {
            self.pos += 1;
            true
        } else {
            false
        }
    }
    fn fail<X>(&self, msg: impl Into<String>) -> Result<X, DecodeError> {
        Err(err(
            DecodeErrorKind::Syntax,
            msg,
            self.peek().or(self.toks.last()),
        ))
    }
    fn expect(&mut self, p: &str) -> Result<(), DecodeError> {
        if self.eat(p) {
            Ok(())
        } else {
            let found = self.peek().map_or("end of expression".to_string(), |t| {
                format!("'{}'", text(&t.k))
            });
            self.fail(format!("expected '{p}', found {found}"))
        }
    }

    fn expr(&mut self) -> Result<V, DecodeError> {
        self.depth += 1;
        let v = self.expr_inner();
        self.depth -= 1;
        v
    }

    fn expr_inner(&mut self) -> Result<V, DecodeError> {
        if self.depth > MAX_EXPR_DEPTH {
            return self.fail("expression nests too deeply");
        }
        let c = self.binary(0)?;
        if self.eat("?") {
            let a = self.expr()?;
            self.expect(":")?;
            let b = self.expr()?;
            return Ok(if c != 0 { a } else { b });
        }
        Ok(c)
    }

    fn binary(&mut self, level: usize) -> Result<V, DecodeError> {
        const LEVELS: &[&[&str]] = &[
            &["||"],
            &["&&"],
            &["|"],
            &["^"],
            &["&"],
            &["==", "!="],
            &["<", ">", "<=", ">="],
            &["<<", ">>"],
            &["+", "-"],
            &["*", "/", "%"],
        ];
        let Some(ops) = LEVELS.get(level) else {
            return self.unary();
        };
        let mut v = self.binary(level + 1)?;
        loop {
            let Some(op) = ops.iter().find(|o| self.is(o)).copied() else {
                return Ok(v);
            };
            self.pos += 1;
            let at = self.pos;
            let r = self.binary(level + 1)?;
            v = match op {
                "||" => V::from(v != 0 || r != 0),
                "&&" => V::from(v != 0 && r != 0),
                "|" => v | r,
                "^" => v ^ r,
                "&" => v & r,
                "==" => V::from(v == r),
                "!=" => V::from(v != r),
                "<" => V::from(v < r),
                ">" => V::from(v > r),
                "<=" => V::from(v <= r),
                ">=" => V::from(v >= r),
                "<<" | ">>" => {
                    let Ok(sh) = u32::try_from(r).map_err(|_| ()).and_then(|s| {
                        if s < 64 {
                            Ok(s)
                        } else {
                            Err(())
                        }
                    }) else {
                        self.pos = at;
                        return self.fail(format!("shift by {r} is out of range"));
                    };
                    if op == "<<" {
                        wrap64(v.checked_shl(sh).unwrap_or(0))
                    } else {
                        v >> sh
                    }
                }
                "+" => wrap64(v.saturating_add(r)),
                "-" => wrap64(v.saturating_sub(r)),
                "*" => wrap64(v.saturating_mul(r)),
                _ => {
                    if r == 0 {
                        self.pos = at;
                        return self.fail("division by zero");
                    }
                    if op == "/" {
                        v / r
                    } else {
                        v % r
                    }
                }
            };
        }
    }

    fn unary(&mut self) -> Result<V, DecodeError> {
        self.depth += 1;
        let v = self.unary_inner();
        self.depth -= 1;
        v
    }

    fn unary_inner(&mut self) -> Result<V, DecodeError> {
        if self.depth > MAX_EXPR_DEPTH {
            return self.fail("expression nests too deeply");
        }
        if self.eat("~") {
            return Ok(!self.unary()?);
        }
        if self.eat("-") {
            return Ok(wrap64(-self.unary()?));
        }
        if self.eat("+") {
            return self.unary();
        }
        if self.eat("!") {
            return Ok(V::from(self.unary()? == 0));
        }
        if self.is("(") {
            if let Some((bits, len)) = self.cast_at(self.pos + 1) {
                self.pos += 1 + len + 1;
                let v = self.unary()?;
                return Ok(if bits >= 64 {
                    v
                } else {
                    v & ((1i128 << bits) - 1)
                });
            }
            self.pos += 1;
            let v = self.expr()?;
            self.expect(")")?;
            return Ok(v);
        }
        self.primary()
    }

    /// If a type name followed by `)` starts at `at`, its width and token count.
    fn cast_at(&self, at: usize) -> Option<(u32, usize)> {
        let mut words: Vec<&str> = Vec::new();
        loop {
            match self.toks.get(at + words.len()).map(|t| &t.k) {
                Some(K::Ident(w)) if TYPE_WORDS.iter().any(|(n, _)| n == w) => words.push(w),
                Some(K::Punct(")")) if !words.is_empty() => break,
                _ => return None,
            }
        }
        let width = |w: &str| {
            TYPE_WORDS
                .iter()
                .find(|(n, _)| *n == w)
                .map_or(0, |(_, b)| *b)
        };
        let bits = if words.contains(&"char") {
            8
        } else if words.contains(&"short") {
            16
        } else if words.contains(&"long") {
            64
        } else {
            words.iter().map(|w| width(w)).max().unwrap_or(32)
        };
        Some((bits, words.len()))
    }

    fn primary(&mut self) -> Result<V, DecodeError> {
        let Some(t) = self.peek().cloned() else {
            return self.fail("expected a value, found end of expression");
        };
        self.pos += 1;
        match &t.k {
            K::Num(s) => parse_c_number(s).map(V::from).ok_or_else(|| {
                err(
                    DecodeErrorKind::BadNumber,
                    format!("'{s}' is not a number"),
                    Some(&t),
                )
            }),
            K::Ident(name) => self.ident(name, &t),
            K::Punct(p) => Err(err(
                DecodeErrorKind::Syntax,
                format!("unexpected '{p}' in expression"),
                Some(&t),
            )),
            K::Lit => Err(err(
                DecodeErrorKind::Syntax,
                "unexpected literal in expression",
                Some(&t),
            )),
        }
    }

    /// A parenthesized single argument: `( expr )`.
    fn arg(&mut self) -> Result<V, DecodeError> {
        self.expect("(")?;
        let v = self.expr()?;
        self.expect(")")?;
        Ok(v)
    }

    fn ident(&mut self, name: &str, t: &T) -> Result<V, DecodeError> {
        let le = self.arch.endian == Endian::Little;
        match name {
            "offsetof" => {
                self.expect("(")?;
                self.eat_ident("struct");
                if !self.eat_ident("seccomp_data") {
                    return self.fail("offsetof is only known for struct seccomp_data");
                }
                self.expect(",")?;
                let v = self.field()?;
                self.expect(")")?;
                return Ok(v);
            }
            "sizeof" => {
                self.expect("(")?;
                self.eat_ident("struct");
                if self.eat_ident("seccomp_data") {
                    self.expect(")")?;
                    return Ok(64);
                }
                if self.eat_ident("sock_filter") {
                    self.expect(")")?;
                    return Ok(8);
                }
                return self
                    .fail("sizeof is only known for struct seccomp_data and struct sock_filter");
            }
            "syscall_arg" | "SYSCALL_ARG" => return Ok(16 + 8 * self.arg_index()?),
            "LO_ARG" => return Ok(16 + 8 * self.arg_index()? + if le { 0 } else { 4 }),
            "HI_ARG" => return Ok(16 + 8 * self.arg_index()? + if le { 4 } else { 0 }),
            "syscall_nr" => return Ok(0),
            "arch_nr" => return Ok(4),
            _ => {}
        }
        if let Some(v) = super::symbols::lookup(name, self.arch) {
            return Ok(V::from(v));
        }
        if self.pp {
            return Ok(0);
        }
        Err(err(
            DecodeErrorKind::UnknownIdentifier,
            format!("unknown identifier '{name}'"),
            Some(t),
        ))
    }

    fn eat_ident(&mut self, w: &str) -> bool {
        if matches!(self.peek(), Some(T { k: K::Ident(n), .. }) if n == w) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn arg_index(&mut self) -> Result<V, DecodeError> {
        let at = self.pos;
        let n = self.arg()?;
        if !(0..6).contains(&n) {
            self.pos = at;
            return self.fail(format!("argument index {n} is not 0..5"));
        }
        Ok(n)
    }

    /// A `struct seccomp_data` member designator.
    fn field(&mut self) -> Result<V, DecodeError> {
        if self.eat_ident("nr") {
            return Ok(0);
        }
        if self.eat_ident("arch") {
            return Ok(4);
        }
        if self.eat_ident("instruction_pointer") {
            return Ok(8);
        }
        if self.eat_ident("args") {
            if !self.is("[") {
                return Ok(16);
            }
            self.pos += 1;
            let at = self.pos;
            let n = self.expr()?;
            self.expect("]")?;
            if !(0..6).contains(&n) {
                self.pos = at;
                return self.fail(format!("args index {n} is not 0..5"));
            }
            return Ok(16 + 8 * n);
        }
        self.fail("expected a seccomp_data member: nr, arch, instruction_pointer or args[N]")
    }
}

/// Keep a value in the 64-bit two's-complement range, as C arithmetic would.
fn wrap64(v: V) -> V {
    let low = (v & 0xffff_ffff_ffff_ffff) as u64;
    V::from(low as i64)
}

/// A C integer literal: hex, binary, octal or decimal, with `u`/`l` suffixes.
fn parse_c_number(s: &str) -> Option<u64> {
    crate::num::parse_literal(s.trim_end_matches(['u', 'U', 'l', 'L']))
}
