//! Reading filters out of C: `{ code, jt, jf, k }` entries and `BPF_STMT`/`BPF_JUMP`
//! macros, alone or inside a whole C source file.
//!
//! A small preprocessor runs first: `#define` (object- and function-like, with `##`),
//! `#undef`, and `#if`/`#ifdef`/`#ifndef`/`#elif`/`#else`/`#endif` with `defined`,
//! evaluated for the arch of the decode options (`__x86_64__`, `__aarch64__`, ...,
//! `__BYTE_ORDER`). `#include` and other directives are ignored. If the file declares a
//! `struct sock_filter NAME[] = { ... }`, only the first such initializer is read;
//! otherwise every entry in the file is, and each must end a list item (`,`, `}`, `)`,
//! `;` or the end), so text that is not C is refused rather than half-read.
//!
//! Macro arguments are expanded before substitution (`P(P(1))`), `...`/`__VA_ARGS__`
//! follow named parameters; GNU `args...` and the `#` operator are refused. Brackets
//! must nest. Field expressions are evaluated with C's types and conversions, as gcc
//! does for the arch ([`eval_c_expr`]); the values are converted to the `sock_filter`
//! field types as an initializer does, refusing what gcc warns about (`-Woverflow`).

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
    /// Takes `...` (its last parameter is `__VA_ARGS__`).
    variadic: bool,
    /// Why a use of this macro is refused (a form the reader does not expand).
    unsupported: Option<String>,
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
        variadic: false,
        unsupported: None,
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
                let mut variadic = false;
                let mut unsupported = None;
                let (params, body) = if function_like {
                    let mut params = Vec::new();
                    let mut k = 2;
                    let is_dots = |k: usize| {
                        (k..k + 3).all(|x| {
                            matches!(
                                rest.get(x),
                                Some(T {
                                    k: K::Punct("."),
                                    ..
                                })
                            )
                        })
                    };
                    loop {
                        match rest.get(k) {
                            Some(T { k: K::Ident(p), .. }) => {
                                if is_dots(k + 1) {
                                    unsupported = Some(format!(
                                        "its named variadic parameter '{p}...' is a GNU extension the reader does not expand (write '...' and __VA_ARGS__)"
                                    ));
                                    k += 3;
                                }
                                params.push(p.clone());
                            }
                            Some(T {
                                k: K::Punct(")"), ..
                            }) => break,
                            Some(T {
                                k: K::Punct(","), ..
                            }) => {}
                            Some(T {
                                k: K::Punct("."), ..
                            }) if is_dots(k) => {
                                params.push("__VA_ARGS__".into());
                                variadic = true;
                                k += 2;
                            }
                            _ => {
                                unsupported = Some("its parameter list is malformed".into());
                                break;
                            }
                        }
                        k += 1;
                    }
                    let body = rest.get(k + 1..).unwrap_or_default().to_vec();
                    if body.iter().any(|b| b.k == K::Punct("#")) {
                        unsupported = Some(
                            "it uses the '#' (stringizing) operator, which makes a string, not a number"
                                .into(),
                        );
                    }
                    (Some(params), body)
                } else {
                    (None, rest.get(1..).unwrap_or_default().to_vec())
                };
                pre.defs.insert(
                    name.clone(),
                    Macro {
                        params,
                        body,
                        variadic,
                        unsupported,
                    },
                );
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
        let mut ev = Eval::new(&expanded, Arch::x86_64(), true);
        let v = ev.expr()?;
        Ok(!v.is_zero())
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
            if let Some(why) = &m.unsupported {
                return Err(err(
                    DecodeErrorKind::Unsupported,
                    format!("macro '{name}' is refused: {why}"),
                    Some(t),
                ));
            }
            let body = match &m.params {
                None => m.body.clone(),
                Some(params) => {
                    if toks.get(i).map(|u| &u.k) != Some(&K::Punct("(")) {
                        out.push(t.clone());
                        continue;
                    }
                    let (mut args, end) = split_args(toks, i).map_err(|e| {
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
                    let named = params.len() - usize::from(m.variadic);
                    if params.is_empty() && args.len() == 1 && args.iter().all(Vec::is_empty) {
                        args.clear();
                    }
                    if m.variadic {
                        // `__VA_ARGS__`: the rest of the arguments, commas included.
                        if args.len() < named {
                            return Err(err(
                                DecodeErrorKind::Syntax,
                                format!(
                                    "macro '{name}' takes at least {named} arguments, found {}",
                                    args.len()
                                ),
                                Some(t),
                            ));
                        }
                        let rest: Vec<Vec<T>> = args.split_off(named);
                        let mut va = Vec::new();
                        for (j, a) in rest.into_iter().enumerate() {
                            if j > 0 {
                                let mut comma = t.clone();
                                comma.k = K::Punct(",");
                                va.push(comma);
                            }
                            va.extend(a);
                        }
                        args.push(va);
                    } else if args.len() != params.len() {
                        return Err(err(
                            DecodeErrorKind::Syntax,
                            format!(
                                "macro '{name}' takes {} arguments, found {}",
                                params.len(),
                                args.len()
                            ),
                            Some(t),
                        ));
                    }
                    // Arguments are macro-expanded before they replace their parameter
                    // (C11 6.10.3.1), except next to '##': so P(P(1)) works.
                    let mut expanded = Vec::with_capacity(args.len());
                    for a in &args {
                        expanded.push(self.expand(a, active, depth + 1)?);
                    }
                    substitute(&m.body, params, &args, &expanded)
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

/// Replace parameters by arguments in a macro body (the expanded argument, or the raw
/// one next to `##`), then paste `##`.
fn substitute(body: &[T], params: &[String], raw: &[Vec<T>], expanded: &[Vec<T>]) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    let mut paste_next = false;
    let is_paste = |j: usize| body.get(j).is_some_and(|b| b.k == K::Punct("##"));
    for (j, t) in body.iter().enumerate() {
        if t.k == K::Punct("##") {
            paste_next = true;
            continue;
        }
        let near_paste = (j > 0 && is_paste(j - 1)) || is_paste(j + 1);
        let piece: Vec<T> = match &t.k {
            K::Ident(n) => match params.iter().position(|p| p == n) {
                Some(ix) if near_paste => raw.get(ix).cloned().unwrap_or_default(),
                Some(ix) => expanded.get(ix).cloned().unwrap_or_default(),
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
            let v: Vec<CV> = args
                .iter()
                .map(|a| value(a, arch, t))
                .collect::<Result<_, _>>()?;
            let zero = CV::int(false);
            let f = |i: usize| v.get(i).copied().unwrap_or(zero);
            let insn = if stmt {
                fields([f(0), zero, zero, f(1)], t)?
            } else {
                fields([f(0), f(2), f(3), f(1)], t)?
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
                let v: Vec<CV> = args
                    .iter()
                    .map(|a| value(a, arch, t))
                    .collect::<Result<_, _>>()?;
                let f = |i: usize| v.get(i).copied().unwrap_or(CV::int(false));
                push(&mut out, fields([f(0), f(1), f(2), f(3)], t)?, t)?;
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

/// Convert the four field values (code, jt, jf, k) as a C initializer of `struct
/// sock_filter` does (`__u16`, `__u8`, `__u8`, `__u32`: modulo 2^N), and build the
/// instruction. A conversion gcc warns about (`-Woverflow`: an unsigned value above the
/// field's maximum, or a signed one outside [-2^(N-1), 2^N - 1]) is refused instead of
/// silently truncated.
fn fields(v: [CV; 4], t: &T) -> Result<Insn, DecodeError> {
    let conv = |what: &str, val: CV, bits: u32| -> Result<u64, DecodeError> {
        let n = val.as_i128();
        let max = (1i128 << bits) - 1;
        let min = if val.ty.signed {
            -(1i128 << (bits - 1))
        } else {
            0
        };
        if n > max || n < min {
            let target = match bits {
                8 => "__u8",
                16 => "__u16",
                _ => "__u32",
            };
            return Err(err(
                DecodeErrorKind::BadNumber,
                format!(
                    "{what}: converting {n} ({}) to {target} changes its value to {} (gcc warns: -Woverflow); write a value that fits",
                    val.ty.name(),
                    n.rem_euclid(max + 1)
                ),
                Some(t),
            ));
        }
        Ok(val.convert(Ty::new(bits, false)).bits)
    };
    let code = conv("code", v[0], 16)?;
    let jt = conv("jt", v[1], 8)?;
    let jf = conv("jf", v[2], 8)?;
    let k = conv("k", v[3], 32)?;
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

/// Evaluate one field expression, with its C type.
fn value(toks: &[T], arch: &'static Arch, at: &T) -> Result<CV, DecodeError> {
    if toks.is_empty() {
        return Err(err(DecodeErrorKind::Syntax, "empty field", Some(at)));
    }
    let mut ev = Eval::new(toks, arch, false);
    let v = ev.expr()?;
    if let Some(t) = toks.get(ev.pos) {
        return Err(err(
            DecodeErrorKind::Syntax,
            format!("unexpected '{}' in expression", text(&t.k)),
            Some(t),
        ));
    }
    Ok(v)
}

/// The value of a C integer constant expression, as [`eval_c_expr`] gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CValue {
    /// The value as `(unsigned long long)` of it: two's complement, sign-extended for a
    /// signed type.
    pub value: u64,
    /// Width of its type in bits (32 or 64: every expression has at least `int`'s).
    pub bits: u32,
    /// True for a signed type.
    pub signed: bool,
}

/// Evaluate a C integer constant expression as gcc does for `arch` (x86_64 is LP64:
/// `int` 32 bits, `long` 64): literal types from value and suffix, integer promotions,
/// the usual arithmetic conversions, unsigned wrap-around (signed overflow wraps too, as
/// gcc folds it), precedence and associativity, casts to integer types, and the names
/// the C reader knows (`BPF_*`, `SECCOMP_RET_*`, `__NR_*`, `offsetof(struct
/// seccomp_data, ...)`, ...). Division by zero and shifts by a negative count or by the
/// width or more (undefined in C; gcc warns) are errors.
///
/// # Errors
/// A syntax error, an unknown identifier, or one of the undefined operations above.
pub fn eval_c_expr(expr: &str, arch: &'static Arch) -> Result<CValue, DecodeError> {
    let toks = tokenize(expr)?;
    let (toks, mut pre) = preprocess(toks, arch)?;
    let toks = pre.expand(&toks, &mut Vec::new(), 0)?;
    let Some(first) = toks.first() else {
        return Err(DecodeError::new(
            DecodeErrorKind::Syntax,
            "empty expression",
        ));
    };
    let v = value(&toks, arch, first)?;
    Ok(CValue {
        value: v.convert(Ty::new(64, false)).bits,
        bits: v.ty.bits,
        signed: v.ty.signed,
    })
}

/// A C integer type: width and signedness (8 and 16 only inside a cast, before the
/// integer promotions make them `int`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Ty {
    bits: u32,
    signed: bool,
}

impl Ty {
    const fn new(bits: u32, signed: bool) -> Ty {
        Ty { bits, signed }
    }
    const INT: Ty = Ty::new(32, true);
    fn name(self) -> &'static str {
        match (self.bits, self.signed) {
            (32, true) => "int",
            (32, false) => "unsigned int",
            (64, true) => "long",
            (64, false) => "unsigned long",
            (16, true) => "short",
            (16, false) => "unsigned short",
            (8, true) => "signed char",
            _ => "unsigned char",
        }
    }
}

/// The usual arithmetic conversions of two promoted types (C11 6.3.1.8), for LP64 and
/// ILP32 alike: same signedness, the wider; else the unsigned one if at least as wide,
/// else the (wider) signed one, which holds every value of the other.
fn common(a: Ty, b: Ty) -> Ty {
    if a == b {
        return a;
    }
    if a.signed == b.signed {
        return if a.bits >= b.bits { a } else { b };
    }
    let (s, u) = if a.signed { (a, b) } else { (b, a) };
    if u.bits >= s.bits {
        u
    } else {
        s
    }
}

/// A typed C value: its bit pattern (the low `ty.bits` bits) and its type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct CV {
    bits: u64,
    ty: Ty,
}

impl CV {
    fn new(v: u64, ty: Ty) -> CV {
        let bits = if ty.bits >= 64 {
            v
        } else {
            v & ((1u64 << ty.bits) - 1)
        };
        CV { bits, ty }
    }
    fn of(v: i128, ty: Ty) -> CV {
        // Two's complement: the low 64 bits, then the type's width.
        CV::new(v as u64, ty)
    }
    fn int(b: bool) -> CV {
        CV::new(u64::from(b), Ty::INT)
    }
    fn as_i128(self) -> i128 {
        let w = self.ty.bits;
        if self.ty.signed && w < 128 && (self.bits >> (w - 1)) & 1 == 1 {
            i128::from(self.bits) - (1i128 << w)
        } else {
            i128::from(self.bits)
        }
    }
    fn is_zero(self) -> bool {
        self.bits == 0
    }
    /// Conversion to `ty` (C11 6.3.1.3, modulo 2^N as gcc does for signed targets too).
    fn convert(self, ty: Ty) -> CV {
        CV::of(self.as_i128(), ty)
    }
    /// The integer promotions: types narrower than `int` become `int`.
    fn promote(self) -> CV {
        if self.ty.bits < 32 {
            self.convert(Ty::INT)
        } else {
            self
        }
    }
}

struct Eval<'a> {
    toks: &'a [T],
    pos: usize,
    arch: &'static Arch,
    /// Preprocessor mode: unknown names are 0 and every value is `intmax_t` or
    /// `uintmax_t` (C11 6.10.1).
    pp: bool,
    /// Current nesting of parentheses and unary operators.
    depth: usize,
    /// Inside an operand C does not evaluate (`0 && x`, the other arm of `?:`): its
    /// division by zero or bad shift is no error.
    skip: usize,
    /// Width of `long`: 64 on LP64 arches, 32 on ILP32 ones.
    long_bits: u32,
}

/// Deepest expression nesting evaluated (deeper input is an error, not a stack overflow).
const MAX_EXPR_DEPTH: usize = 128;

/// True if `long` has 64 bits on `arch` (LP64): 64-bit arches other than x32 and MIPS n32.
fn lp64(arch: &Arch) -> bool {
    arch.audit & crate::consts::__AUDIT_ARCH_64BIT != 0
        && !matches!(arch.name, "x32" | "mips64n32" | "mipsel64n32")
}

/// Cast type words and what they say.
#[derive(Clone, Copy)]
enum W {
    Unsigned,
    Signed,
    Ignore,
    Int,
    Long,
    Short,
    Char,
    Fixed(u32, bool),
    SizeT,
}

const TYPE_WORDS: &[(&str, W)] = &[
    ("unsigned", W::Unsigned),
    ("signed", W::Signed),
    ("const", W::Ignore),
    ("volatile", W::Ignore),
    ("int", W::Int),
    ("long", W::Long),
    ("short", W::Short),
    ("char", W::Char),
    ("u8", W::Fixed(8, false)),
    ("__u8", W::Fixed(8, false)),
    ("uint8_t", W::Fixed(8, false)),
    ("s8", W::Fixed(8, true)),
    ("__s8", W::Fixed(8, true)),
    ("int8_t", W::Fixed(8, true)),
    ("u16", W::Fixed(16, false)),
    ("__u16", W::Fixed(16, false)),
    ("uint16_t", W::Fixed(16, false)),
    ("s16", W::Fixed(16, true)),
    ("__s16", W::Fixed(16, true)),
    ("int16_t", W::Fixed(16, true)),
    ("u32", W::Fixed(32, false)),
    ("__u32", W::Fixed(32, false)),
    ("uint32_t", W::Fixed(32, false)),
    ("s32", W::Fixed(32, true)),
    ("__s32", W::Fixed(32, true)),
    ("int32_t", W::Fixed(32, true)),
    ("u64", W::Fixed(64, false)),
    ("__u64", W::Fixed(64, false)),
    ("uint64_t", W::Fixed(64, false)),
    ("s64", W::Fixed(64, true)),
    ("__s64", W::Fixed(64, true)),
    ("int64_t", W::Fixed(64, true)),
    ("size_t", W::SizeT),
];

impl<'a> Eval<'a> {
    fn new(toks: &'a [T], arch: &'static Arch, pp: bool) -> Eval<'a> {
        Eval {
            toks,
            pos: 0,
            arch,
            pp,
            depth: 0,
            skip: 0,
            long_bits: if lp64(arch) { 64 } else { 32 },
        }
    }
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

    /// A value's type in this mode: in `#if`, `intmax_t`/`uintmax_t`.
    fn ty(&self, ty: Ty) -> Ty {
        if self.pp {
            Ty::new(64, ty.signed)
        } else {
            ty
        }
    }
    fn int(&self, b: bool) -> CV {
        CV::int(b).convert(self.ty(Ty::INT))
    }

    fn expr(&mut self) -> Result<CV, DecodeError> {
        self.depth += 1;
        let v = self.expr_inner();
        self.depth -= 1;
        v
    }

    /// Parse an operand that C does not evaluate: its undefined operations are no error.
    fn skipped<X>(
        &mut self,
        f: impl FnOnce(&mut Self) -> Result<X, DecodeError>,
    ) -> Result<X, DecodeError> {
        self.skip += 1;
        let r = f(self);
        self.skip -= 1;
        r
    }

    fn expr_inner(&mut self) -> Result<CV, DecodeError> {
        if self.depth > MAX_EXPR_DEPTH {
            return self.fail("expression nests too deeply");
        }
        let c = self.binary(0)?;
        if self.eat("?") {
            let take_a = !c.is_zero();
            let a = if take_a {
                self.expr()?
            } else {
                self.skipped(Self::expr)?
            };
            self.expect(":")?;
            // The third operand is a conditional-expression: right-associative.
            let b = if take_a {
                self.skipped(Self::expr)?
            } else {
                self.expr()?
            };
            let ty = common(a.promote().ty, b.promote().ty);
            return Ok(if take_a { a } else { b }.convert(ty));
        }
        Ok(c)
    }

    fn binary(&mut self, level: usize) -> Result<CV, DecodeError> {
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
            // `&&` and `||` do not evaluate their right operand when the left decides.
            let r = match op {
                "&&" if v.is_zero() => self.skipped(|e| e.binary(level + 1))?,
                "||" if !v.is_zero() => self.skipped(|e| e.binary(level + 1))?,
                _ => self.binary(level + 1)?,
            };
            v = match self.apply(op, v, r) {
                Ok(x) => x,
                Err(msg) => {
                    self.pos = at;
                    return self.fail(msg);
                }
            };
        }
    }

    /// One binary operator on two operands, by C's rules.
    fn apply(&self, op: &str, l: CV, r: CV) -> Result<CV, String> {
        let (l, r) = (l.promote(), r.promote());
        match op {
            "||" => return Ok(self.int(!l.is_zero() || !r.is_zero())),
            "&&" => return Ok(self.int(!l.is_zero() && !r.is_zero())),
            "<<" | ">>" => {
                let n = r.as_i128();
                let w = l.ty.bits;
                if n < 0 || n >= i128::from(w) {
                    if self.skip > 0 {
                        return Ok(CV::new(0, l.ty));
                    }
                    return Err(format!(
                        "shift by {n} is undefined for a {w}-bit {} (the count must be 0..{})",
                        l.ty.name(),
                        w - 1
                    ));
                }
                let n = n as u32;
                return Ok(if op == "<<" {
                    CV::new(l.bits << n, l.ty)
                } else if l.ty.signed {
                    CV::of(l.as_i128() >> n, l.ty)
                } else {
                    CV::new(l.bits >> n, l.ty)
                });
            }
            _ => {}
        }
        let ty = common(l.ty, r.ty);
        let (a, b) = (l.convert(ty), r.convert(ty));
        let (x, y) = (a.as_i128(), b.as_i128());
        Ok(match op {
            "|" => CV::new(a.bits | b.bits, ty),
            "^" => CV::new(a.bits ^ b.bits, ty),
            "&" => CV::new(a.bits & b.bits, ty),
            "==" => self.int(x == y),
            "!=" => self.int(x != y),
            "<" => self.int(x < y),
            ">" => self.int(x > y),
            "<=" => self.int(x <= y),
            ">=" => self.int(x >= y),
            "+" => CV::of(x + y, ty),
            "-" => CV::of(x - y, ty),
            "*" => CV::of(x.wrapping_mul(y), ty),
            _ => {
                if y == 0 {
                    if self.skip > 0 {
                        return Ok(CV::new(0, ty));
                    }
                    return Err(format!("division by zero in '{op}'"));
                }
                // i128 division truncates toward zero and '%' takes the dividend's
                // sign, as in C99; INT_MIN / -1 wraps as gcc folds it.
                CV::of(if op == "/" { x / y } else { x % y }, ty)
            }
        })
    }

    fn unary(&mut self) -> Result<CV, DecodeError> {
        self.depth += 1;
        let v = self.unary_inner();
        self.depth -= 1;
        v
    }

    fn unary_inner(&mut self) -> Result<CV, DecodeError> {
        if self.depth > MAX_EXPR_DEPTH {
            return self.fail("expression nests too deeply");
        }
        if self.eat("~") {
            let v = self.unary()?.promote();
            return Ok(CV::new(!v.bits, v.ty));
        }
        if self.eat("-") {
            let v = self.unary()?.promote();
            return Ok(CV::of(-v.as_i128(), v.ty));
        }
        if self.eat("+") {
            return Ok(self.unary()?.promote());
        }
        if self.eat("!") {
            let v = self.unary()?;
            return Ok(self.int(v.is_zero()));
        }
        if self.is("(") {
            if let Some((ty, len)) = self.cast_at(self.pos + 1)? {
                self.pos += 1 + len + 1;
                let v = self.unary()?;
                return Ok(v.convert(ty).promote());
            }
            self.pos += 1;
            let v = self.expr()?;
            self.expect(")")?;
            return Ok(v);
        }
        self.primary()
    }

    /// If a type name followed by `)` starts at `at`, the type and its token count.
    fn cast_at(&self, at: usize) -> Result<Option<(Ty, usize)>, DecodeError> {
        let mut words: Vec<W> = Vec::new();
        loop {
            match self.toks.get(at + words.len()).map(|t| &t.k) {
                Some(K::Ident(w)) => match TYPE_WORDS.iter().find(|(n, _)| n == w) {
                    Some((_, k)) => words.push(*k),
                    None => return Ok(None),
                },
                Some(K::Punct(")")) if !words.is_empty() => break,
                _ => return Ok(None),
            }
        }
        let mut signed = None;
        let (mut longs, mut short, mut char_, mut fixed) = (0, false, false, None);
        for w in &words {
            match *w {
                W::Unsigned => signed = Some(false),
                W::Signed => signed = Some(true),
                W::Ignore | W::Int => {}
                W::Long => longs += 1,
                W::Short => short = true,
                W::Char => char_ = true,
                W::Fixed(b, s) => fixed = Some(Ty::new(b, s)),
                W::SizeT => fixed = Some(Ty::new(self.long_bits, false)),
            }
        }
        let ty = if let Some(t) = fixed {
            t
        } else if char_ {
            // Plain char is signed on x86 and MIPS, unsigned on the other Linux arches.
            let plain = self.arch.name.starts_with('x') || self.arch.name.starts_with("mips");
            Ty::new(8, signed.unwrap_or(plain))
        } else if short {
            Ty::new(16, signed.unwrap_or(true))
        } else if longs >= 2 {
            Ty::new(64, signed.unwrap_or(true))
        } else if longs == 1 {
            Ty::new(self.long_bits, signed.unwrap_or(true))
        } else {
            Ty::new(32, signed.unwrap_or(true))
        };
        Ok(Some((ty, words.len())))
    }

    fn primary(&mut self) -> Result<CV, DecodeError> {
        let Some(t) = self.peek().cloned() else {
            return self.fail("expected a value, found end of expression");
        };
        self.pos += 1;
        match &t.k {
            K::Num(s) => {
                let v = parse_c_number(s, self.long_bits)
                    .map_err(|why| err(DecodeErrorKind::BadNumber, why, Some(&t)))?;
                Ok(v.convert(self.ty(v.ty)))
            }
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
    fn arg(&mut self) -> Result<CV, DecodeError> {
        self.expect("(")?;
        let v = self.expr()?;
        self.expect(")")?;
        Ok(v)
    }

    /// `size_t`, the type of `offsetof` and `sizeof`.
    fn size_t(&self, v: u64) -> CV {
        CV::new(v, self.ty(Ty::new(self.long_bits, false)))
    }

    fn ident(&mut self, name: &str, t: &T) -> Result<CV, DecodeError> {
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
                return Ok(self.size_t(v));
            }
            "sizeof" => {
                // sizeof(integer type): the type's width.
                if let Some((ty, len)) = self.cast_at(self.pos + 1)? {
                    if self.is("(") {
                        self.pos += 1 + len + 1;
                        return Ok(self.size_t(u64::from(ty.bits / 8)));
                    }
                }
                self.expect("(")?;
                self.eat_ident("struct");
                if self.eat_ident("seccomp_data") {
                    self.expect(")")?;
                    return Ok(self.size_t(64));
                }
                if self.eat_ident("sock_filter") {
                    self.expect(")")?;
                    return Ok(self.size_t(8));
                }
                return self.fail(
                    "sizeof is only known for integer types, struct seccomp_data and struct sock_filter",
                );
            }
            "syscall_arg" | "SYSCALL_ARG" => {
                let n = self.arg_index()?;
                return Ok(self.size_t(16 + 8 * n));
            }
            "LO_ARG" => {
                let n = self.arg_index()?;
                return Ok(self.size_t(16 + 8 * n + if le { 0 } else { 4 }));
            }
            "HI_ARG" => {
                let n = self.arg_index()?;
                return Ok(self.size_t(16 + 8 * n + if le { 4 } else { 0 }));
            }
            "syscall_nr" => return Ok(self.size_t(0)),
            "arch_nr" => return Ok(self.size_t(4)),
            _ => {}
        }
        if let Some(v) = super::symbols::lookup(name, self.arch) {
            // The headers spell these as hex or decimal literals (0x7fff0000U,
            // AUDIT_ARCH_*): typed as such a literal would be.
            let ty = if v <= i32::MAX as u32 {
                Ty::INT
            } else {
                Ty::new(32, false)
            };
            return Ok(CV::new(u64::from(v), self.ty(ty)));
        }
        if self.pp {
            return Ok(self.int(false));
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

    fn arg_index(&mut self) -> Result<u64, DecodeError> {
        let at = self.pos;
        let n = self.arg()?.as_i128();
        if !(0..6).contains(&n) {
            self.pos = at;
            return self.fail(format!("argument index {n} is not 0..5"));
        }
        Ok(n as u64)
    }

    /// A `struct seccomp_data` member designator.
    fn field(&mut self) -> Result<u64, DecodeError> {
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
            let n = self.expr()?.as_i128();
            self.expect("]")?;
            if !(0..6).contains(&n) {
                self.pos = at;
                return self.fail(format!("args index {n} is not 0..5"));
            }
            return Ok(16 + 8 * n as u64);
        }
        self.fail("expected a seccomp_data member: nr, arch, instruction_pointer or args[N]")
    }
}

/// A C integer literal with its type (C11 6.4.4.1): decimal, hex, octal (and gcc's
/// binary), suffixes `u`, `l`, `ll` in any case and order. Without `u`, a decimal
/// takes the first of int, long, long long that holds it; a hex, octal or binary one
/// the first of int, unsigned int, long, unsigned long, ...; with `u`, the first
/// unsigned type from the suffix's rank on.
fn parse_c_number(s: &str, long_bits: u32) -> Result<CV, String> {
    let lower = s.to_ascii_lowercase();
    let body_end = lower.trim_end_matches(['u', 'l']).len();
    let (body, suffix) = lower.split_at(body_end);
    let (unsigned, longs) = match suffix {
        "" => (false, 0),
        "u" => (true, 0),
        "l" => (false, 1),
        "ul" | "lu" => (true, 1),
        "ll" => (false, 2),
        "ull" | "llu" => (true, 2),
        _ => return Err(format!("'{s}' has an invalid suffix '{suffix}'")),
    };
    let raw_suffix = s.get(body_end..).unwrap_or_default();
    if raw_suffix.contains("lL") || raw_suffix.contains("Ll") {
        return Err(format!("'{s}' has an invalid suffix (lL)"));
    }
    let decimal = !(body.starts_with('0') && body.len() > 1);
    let v = crate::num::parse_literal(body)
        .ok_or_else(|| format!("'{s}' is not a number (or does not fit in 64 bits)"))?;
    // Candidate types from the suffix's rank on.
    let mut cands: Vec<Ty> = Vec::new();
    let ranks = [32, long_bits, 64];
    for &b in ranks.iter().skip(longs) {
        if !unsigned {
            cands.push(Ty::new(b, true));
        }
        if unsigned || !decimal {
            cands.push(Ty::new(b, false));
        }
    }
    for ty in cands {
        let max = if ty.signed {
            (1u64 << (ty.bits - 1)) - 1
        } else if ty.bits >= 64 {
            u64::MAX
        } else {
            (1u64 << ty.bits) - 1
        };
        if v <= max {
            return Ok(CV::new(v, ty));
        }
    }
    Err(format!(
        "integer constant '{s}' is too large for any signed type (gcc would make it unsigned with a warning; add a 'u' suffix)"
    ))
}
