//! Number parsing shared by every text input (CLI options, JSON-lines, assembler).

/// Parse an unsigned 64-bit number: decimal, `0x` hex, `0b` binary, or a negative decimal
/// taken as its two's complement (`-1` is `u64::MAX`).
pub fn parse_u64(s: &str) -> Option<u64> {
    let s = s.trim();
    let s = s.strip_prefix('+').unwrap_or(s);
    if let Some(neg) = s.strip_prefix('-') {
        let v = parse_u64(neg)?;
        if v > 1u64 << 63 {
            return None;
        }
        return Some(v.wrapping_neg());
    }
    let (digits, radix) = if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        (h, 16)
    } else if let Some(b) = s.strip_prefix("0b").or_else(|| s.strip_prefix("0B")) {
        (b, 2)
    } else {
        (s, 10)
    };
    if digits.is_empty() || digits.starts_with(['+', '-']) {
        return None;
    }
    u64::from_str_radix(&digits.replace('_', ""), radix).ok()
}

/// Parse a 32-bit value, signed or unsigned: `-1` is `0xffffffff`; values that need more
/// than 32 bits are refused.
pub fn parse_u32(s: &str) -> Option<u32> {
    let t = s.trim();
    if let Some(neg) = t.strip_prefix('-') {
        let v = parse_u64(neg)?;
        if v > 1u64 << 31 {
            return None;
        }
        return Some((v as u32).wrapping_neg());
    }
    u32::try_from(parse_u64(t)?).ok()
}

/// An unsigned integer literal as C and bpf_asm write them: `0x` hex, `0b` binary,
/// `0`-prefixed octal, or decimal (no sign, no suffix); `None` if malformed or wider
/// than 64 bits.
pub fn parse_literal(s: &str) -> Option<u64> {
    let lower = s.to_ascii_lowercase();
    let (digits, radix) = if let Some(h) = lower.strip_prefix("0x") {
        (h, 16)
    } else if let Some(b) = lower.strip_prefix("0b") {
        (b, 2)
    } else if let Some(o) = lower.strip_prefix('0').filter(|o| !o.is_empty()) {
        (o, 8)
    } else {
        (lower.as_str(), 10)
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    u64::from_str_radix(digits, radix).ok()
}

/// A syscall number as secbpf prints it: decimal, or hex from `__X32_SYSCALL_BIT` up
/// (`0x40000087` reads as x32's 135; 1073741959 does not).
pub fn nr_text(nr: u32) -> String {
    if nr >= crate::consts::X32_SYSCALL_BIT {
        format!("{nr:#x}")
    } else {
        nr.to_string()
    }
}
