//! Tokenizer for bpf_asm source.

use super::{AsmError, AsmErrorKind};

/// What a token is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Tok {
    /// A name: mnemonic, keyword, label, symbol or directive (`.insn`).
    Ident(String),
    /// An unsigned number that fits in 32 bits (signs are separate tokens).
    Num(u32),
    /// One punctuation character: `# , : [ ] ( ) + - * & %`.
    Punct(char),
}

/// A token and where it starts (1-based line and column, columns counted in chars).
#[derive(Clone, Debug)]
pub(crate) struct Token {
    pub tok: Tok,
    pub line: usize,
    pub col: usize,
}

/// The most tokens read (2,097,152): a program of 65,535 instructions needs well under
/// half of that (at most about 12 per instruction), and the cap bounds memory for any
/// input (each token takes some 50 bytes).
pub(crate) const MAX_TOKENS: usize = 1 << 21;

/// Split `src` into tokens, dropping whitespace and comments (`;` and `//` to the end of
/// the line, `/* ... */`, and lines whose first non-blank character is `#`).
pub(crate) fn tokenize(src: &str) -> Result<Vec<Token>, AsmError> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line, mut col) = (0usize, 1usize, 1usize);
    let mut line_start = true; // only blanks seen so far on this line
    while let Some(&c) = chars.get(i) {
        let at = |n: usize| chars.get(n).copied();
        if c == '\n' {
            i += 1;
            line += 1;
            col = 1;
            line_start = true;
            continue;
        }
        if c.is_whitespace() {
            i += 1;
            col += 1;
            continue;
        }
        let comment_to_eol =
            c == ';' || (c == '#' && line_start) || (c == '/' && at(i + 1) == Some('/'));
        if comment_to_eol {
            while let Some(&d) = chars.get(i) {
                if d == '\n' {
                    break;
                }
                i += 1;
                col += 1;
            }
            continue;
        }
        line_start = false;
        if c == '/' && at(i + 1) == Some('*') {
            let (sl, sc) = (line, col);
            i += 2;
            col += 2;
            loop {
                match chars.get(i) {
                    None => {
                        return Err(AsmError::new(
                            AsmErrorKind::Syntax,
                            sl,
                            sc,
                            "unterminated comment '/*'".into(),
                        ))
                    }
                    Some('*') if at(i + 1) == Some('/') => {
                        i += 2;
                        col += 2;
                        break;
                    }
                    Some('\n') => {
                        i += 1;
                        line += 1;
                        col = 1;
                    }
                    Some(_) => {
                        i += 1;
                        col += 1;
                    }
                }
            }
            continue;
        }
        let start_col = col;
        if out.len() >= MAX_TOKENS {
            return Err(AsmError::new(
                AsmErrorKind::TooLong,
                line,
                start_col,
                format!("more than {MAX_TOKENS} tokens, far more than a program of {} instructions needs", super::MAX_PROGRAM_LEN),
            ));
        }
        if c.is_ascii_alphabetic() || c == '_' || c == '.' {
            let mut s = String::new();
            while let Some(&d) = chars.get(i) {
                if d.is_ascii_alphanumeric() || d == '_' || (d == '.' && s.is_empty()) {
                    s.push(d);
                    i += 1;
                    col += 1;
                } else {
                    break;
                }
            }
            out.push(Token {
                tok: Tok::Ident(s),
                line,
                col: start_col,
            });
            continue;
        }
        if c.is_ascii_digit() {
            let mut s = String::new();
            while let Some(&d) = chars.get(i) {
                if d.is_ascii_alphanumeric() || d == '_' {
                    s.push(d);
                    i += 1;
                    col += 1;
                } else {
                    break;
                }
            }
            let v = parse_number(&s).ok_or_else(|| {
                AsmError::new(
                    AsmErrorKind::BadNumber,
                    line,
                    start_col,
                    format!("'{s}' is not a number that fits in 32 bits"),
                )
            })?;
            out.push(Token {
                tok: Tok::Num(v),
                line,
                col: start_col,
            });
            continue;
        }
        if "#,:[]()+-*&%".contains(c) {
            out.push(Token {
                tok: Tok::Punct(c),
                line,
                col: start_col,
            });
            i += 1;
            col += 1;
            continue;
        }
        return Err(AsmError::new(
            AsmErrorKind::Syntax,
            line,
            start_col,
            format!("unexpected character {c:?}"),
        ));
    }
    Ok(out)
}

/// An unsigned number as bpf_asm writes them: `0x` hex, `0b` binary, `0`-prefixed octal,
/// or decimal; `None` if malformed or wider than 32 bits.
pub(crate) fn parse_number(s: &str) -> Option<u32> {
    u32::try_from(crate::num::parse_literal(s)?).ok()
}
