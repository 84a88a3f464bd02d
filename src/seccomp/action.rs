//! Seccomp return values: actions, their data, precedence, and what the kernel does next.

use crate::consts::*;
use std::fmt;

/// The action part of a filter's 32-bit return value (`ret & SECCOMP_RET_ACTION_FULL`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Action {
    /// `SECCOMP_RET_KILL_PROCESS` (0x80000000).
    KillProcess,
    /// `SECCOMP_RET_KILL_THREAD` (0).
    KillThread,
    /// `SECCOMP_RET_TRAP` (0x00030000).
    Trap,
    /// `SECCOMP_RET_ERRNO` (0x00050000).
    Errno,
    /// `SECCOMP_RET_USER_NOTIF` (0x7fc00000).
    UserNotif,
    /// `SECCOMP_RET_TRACE` (0x7ff00000).
    Trace,
    /// `SECCOMP_RET_LOG` (0x7ffc0000).
    Log,
    /// `SECCOMP_RET_ALLOW` (0x7fff0000).
    Allow,
    /// Any other action value; the kernel kills the process (kernel/seccomp.c
    /// `__seccomp_filter`, default case).
    Unknown,
}

impl Action {
    /// Decode the action of a return value.
    pub const fn of(ret: u32) -> Action {
        match ret & SECCOMP_RET_ACTION_FULL {
            SECCOMP_RET_KILL_PROCESS => Action::KillProcess,
            SECCOMP_RET_KILL_THREAD => Action::KillThread,
            SECCOMP_RET_TRAP => Action::Trap,
            SECCOMP_RET_ERRNO => Action::Errno,
            SECCOMP_RET_USER_NOTIF => Action::UserNotif,
            SECCOMP_RET_TRACE => Action::Trace,
            SECCOMP_RET_LOG => Action::Log,
            SECCOMP_RET_ALLOW => Action::Allow,
            _ => Action::Unknown,
        }
    }

    /// The action's name as secbpf prints it (`ALLOW`, `KILL_PROCESS`, ..., `UNKNOWN`).
    pub const fn name(self) -> &'static str {
        match self {
            Action::KillProcess => "KILL_PROCESS",
            Action::KillThread => "KILL_THREAD",
            Action::Trap => "TRAP",
            Action::Errno => "ERRNO",
            Action::UserNotif => "USER_NOTIF",
            Action::Trace => "TRACE",
            Action::Log => "LOG",
            Action::Allow => "ALLOW",
            Action::Unknown => "UNKNOWN",
        }
    }

    /// The constant of a named action (`None` for `Unknown`).
    pub const fn value(self) -> Option<u32> {
        Some(match self {
            Action::KillProcess => SECCOMP_RET_KILL_PROCESS,
            Action::KillThread => SECCOMP_RET_KILL_THREAD,
            Action::Trap => SECCOMP_RET_TRAP,
            Action::Errno => SECCOMP_RET_ERRNO,
            Action::UserNotif => SECCOMP_RET_USER_NOTIF,
            Action::Trace => SECCOMP_RET_TRACE,
            Action::Log => SECCOMP_RET_LOG,
            Action::Allow => SECCOMP_RET_ALLOW,
            Action::Unknown => return None,
        })
    }
}

/// Precedence key of a return value: lower wins. The kernel compares the top 16 bits
/// as a signed 32-bit number (kernel/seccomp.c `seccomp_run_filters`).
pub const fn precedence(ret: u32) -> i32 {
    (ret & SECCOMP_RET_ACTION_FULL) as i32
}

/// A filter's 32-bit return value: an [`Action`] in the top 16 bits and 16 bits of data.
///
/// Every `u32` is a return value (unknown actions included), so the raw number is public
/// and [`From`] converts both ways. It prints the way people write it (`ALLOW`,
/// `ERRNO(13)`, `TRAP(1)`, `KILL_PROCESS`, `UNKNOWN(0x10000000)`: data is shown only where
/// it is non-zero or the action uses it, ERRNO, TRAP and TRACE) and parses back from that
/// text ([`str::parse`], see [`parse_ret`] for the accepted forms).
///
/// `==` compares the whole value; the kernel's ordering of actions, which ignores the
/// data, is [`RetValue::precedence`] and [`RetValue::cmp_precedence`] (it is deliberately
/// not [`Ord`]).
///
/// ```
/// use secbpf::seccomp::{Action, Outcome, RetValue};
///
/// let r: RetValue = "ERRNO(EACCES)".parse()?;
/// assert_eq!(r, RetValue::errno(13));
/// assert_eq!((r.action(), r.data(), r.to_string()), (Action::Errno, 13, "ERRNO(13)".into()));
/// assert_eq!(r.outcome(), Outcome::FailsWith(13));
/// assert!(RetValue::KILL_PROCESS.cmp_precedence(r).is_lt()); // the kill decides
/// assert_eq!(u32::from(RetValue::ALLOW), 0x7fff_0000);
/// # Ok::<(), secbpf::seccomp::action::ParseRetError>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[repr(transparent)]
pub struct RetValue(pub u32);

impl RetValue {
    /// `SECCOMP_RET_KILL_PROCESS`: the whole process is killed.
    pub const KILL_PROCESS: RetValue = RetValue(SECCOMP_RET_KILL_PROCESS);
    /// `SECCOMP_RET_KILL_THREAD` (0, also `SECCOMP_RET_KILL`): the thread is killed.
    pub const KILL_THREAD: RetValue = RetValue(SECCOMP_RET_KILL_THREAD);
    /// `SECCOMP_RET_USER_NOTIF`: a listener decides.
    pub const USER_NOTIF: RetValue = RetValue(SECCOMP_RET_USER_NOTIF);
    /// `SECCOMP_RET_LOG`: the syscall runs and is logged.
    pub const LOG: RetValue = RetValue(SECCOMP_RET_LOG);
    /// `SECCOMP_RET_ALLOW`: the syscall runs.
    pub const ALLOW: RetValue = RetValue(SECCOMP_RET_ALLOW);

    /// The return value with these 32 bits.
    pub const fn new(raw: u32) -> RetValue {
        RetValue(raw)
    }

    /// `SECCOMP_RET_ERRNO | errno`: the syscall fails with `errno` (the kernel caps it at
    /// `MAX_ERRNO`, 4095; see [`RetValue::outcome`]).
    pub const fn errno(errno: u16) -> RetValue {
        RetValue(SECCOMP_RET_ERRNO | errno as u32)
    }

    /// `SECCOMP_RET_TRAP | data`: SIGSYS with `si_errno` = `data`.
    pub const fn trap(data: u16) -> RetValue {
        RetValue(SECCOMP_RET_TRAP | data as u32)
    }

    /// `SECCOMP_RET_TRACE | data`: a ptrace tracer is told, with `data` as the event
    /// message.
    pub const fn trace(data: u16) -> RetValue {
        RetValue(SECCOMP_RET_TRACE | data as u32)
    }

    /// A named action with 16 bits of data; `None` for [`Action::Unknown`], which has no
    /// value of its own (build unknown values with [`RetValue::new`]).
    pub const fn with_data(action: Action, data: u16) -> Option<RetValue> {
        match action.value() {
            Some(v) => Some(RetValue(v | data as u32)),
            None => None,
        }
    }

    /// The 32 bits.
    pub const fn raw(self) -> u32 {
        self.0
    }

    /// The action (`ret & SECCOMP_RET_ACTION_FULL`, decoded).
    pub const fn action(self) -> Action {
        Action::of(self.0)
    }

    /// The data (`ret & SECCOMP_RET_DATA`): the errno of ERRNO, `si_errno` of TRAP, the
    /// event message of TRACE; ignored by the other actions.
    pub const fn data(self) -> u16 {
        (self.0 & SECCOMP_RET_DATA) as u16
    }

    /// The errno an ERRNO return value asks for (its data, before the kernel caps it at
    /// `MAX_ERRNO`); `None` for every other action.
    pub const fn as_errno(self) -> Option<u16> {
        match self.action() {
            Action::Errno => Some(self.data()),
            _ => None,
        }
    }

    /// What the kernel does with the syscall when this value decides (no tracer, no
    /// listener attached): [`Outcome::of`].
    pub fn outcome(self) -> Outcome {
        Outcome::of(self.0)
    }

    /// The kernel's precedence key: lower wins. The top 16 bits as a signed 32-bit
    /// number, so KILL_PROCESS < KILL_THREAD < TRAP < ERRNO < USER_NOTIF < TRACE < LOG <
    /// ALLOW, unknown values in between by number, and the data never counts.
    pub const fn precedence(self) -> i32 {
        precedence(self.0)
    }

    /// Compare by the kernel's precedence: `Less` when `self` is the more restrictive
    /// (it decides over `other` in a stack), `Equal` when the actions are the same
    /// (whatever the data).
    pub fn cmp_precedence(self, other: RetValue) -> std::cmp::Ordering {
        self.precedence().cmp(&other.precedence())
    }
}

impl From<u32> for RetValue {
    fn from(raw: u32) -> RetValue {
        RetValue(raw)
    }
}

impl From<RetValue> for u32 {
    fn from(r: RetValue) -> u32 {
        r.0
    }
}

impl fmt::Display for RetValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ret = self.0;
        let data = ret & SECCOMP_RET_DATA;
        let action = Action::of(ret);
        match action {
            Action::Unknown => write!(f, "UNKNOWN({ret:#010x})"),
            Action::Errno | Action::Trap | Action::Trace => {
                write!(f, "{}({})", action.name(), data)
            }
            _ if data != 0 => write!(f, "{}({})", action.name(), data),
            _ => f.write_str(action.name()),
        }
    }
}

/// The raw value in hex: `format!("{r:#010x}")` is `0x7fff0000` for ALLOW.
impl fmt::LowerHex for RetValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::LowerHex::fmt(&self.0, f)
    }
}

/// The raw value in upper-case hex.
impl fmt::UpperHex for RetValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::UpperHex::fmt(&self.0, f)
    }
}

impl std::str::FromStr for RetValue {
    type Err = ParseRetError;

    /// Parse what [`RetValue`]'s `Display` prints, and every form [`parse_ret`] accepts.
    fn from_str(s: &str) -> Result<RetValue, ParseRetError> {
        parse_ret_value(s).map(RetValue)
    }
}

/// Why a return value could not be parsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ParseRetErrorKind {
    /// Nothing to parse.
    Empty,
    /// Not an action name, `SECCOMP_RET_` name or number.
    UnknownAction,
    /// `NAME(` without the closing `)`.
    Unclosed,
    /// The data in parentheses is not a number (or, for ERRNO, an errno name).
    BadData,
    /// The data does not fit the 16 data bits.
    DataTooLarge,
    /// `UNKNOWN(v)` where `v` is a known action's value.
    NotUnknown,
}

/// A return value that could not be parsed: the kind and the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseRetError {
    kind: ParseRetErrorKind,
    input: String,
}

impl ParseRetError {
    #[cold]
    fn new(kind: ParseRetErrorKind, input: &str) -> ParseRetError {
        ParseRetError {
            kind,
            input: input.to_string(),
        }
    }

    /// What went wrong.
    pub fn kind(&self) -> ParseRetErrorKind {
        self.kind
    }

    /// The text that did not parse.
    pub fn input(&self) -> &str {
        &self.input
    }
}

impl fmt::Display for ParseRetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.input;
        match self.kind {
            ParseRetErrorKind::Empty => f.write_str("empty return value: expected an action such as ALLOW, ERRNO(13) or a number"),
            ParseRetErrorKind::UnknownAction => write!(f, "unknown action '{s}': expected ALLOW, LOG, TRACE(n), USER_NOTIF, ERRNO(n), TRAP(n), KILL_THREAD, KILL_PROCESS, UNKNOWN(0x...) or a 32-bit number"),
            ParseRetErrorKind::Unclosed => write!(f, "missing ')' in return value '{s}'"),
            ParseRetErrorKind::BadData => write!(f, "bad data in return value '{s}': expected a number (or an errno name inside ERRNO(...))"),
            ParseRetErrorKind::DataTooLarge => write!(f, "data too large in return value '{s}': the data field holds 0..=65535"),
            ParseRetErrorKind::NotUnknown => write!(f, "'{s}' names a known action: UNKNOWN(...) holds only values whose action has no name; write it by name or as a number"),
        }
    }
}

impl std::error::Error for ParseRetError {}

/// Parse an action as secbpf prints it (case-insensitive): `ALLOW`, `ERRNO(13)`,
/// `ERRNO(EACCES)` (an errno name where ERRNO's number goes), `TRAP(1)`, `KILL`,
/// `KILL_PROCESS`, `SECCOMP_RET_ALLOW`, `UNKNOWN(0x10000000)`, or a number. Returns the
/// full return value. This is the one parser of actions: `run`, `test` specs, the
/// assembler's `ret #ACTION` and `RetValue`'s [`FromStr`](std::str::FromStr) all use it
/// (the latter says why a text does not parse).
pub fn parse_ret(s: &str) -> Option<u32> {
    parse_ret_value(s).ok()
}

fn parse_ret_value(s: &str) -> Result<u32, ParseRetError> {
    use ParseRetErrorKind as K;
    let err = |k| ParseRetError::new(k, s);
    let t = s.trim();
    if t.is_empty() {
        return Err(err(K::Empty));
    }
    if let Some(v) = crate::num::parse_u32(t) {
        return Ok(v);
    }
    let upper = t.to_ascii_uppercase();
    let upper = upper.strip_prefix("SECCOMP_RET_").unwrap_or(&upper);
    let (name, data) = match upper.find('(') {
        Some(i) => {
            let inner = upper[i + 1..]
                .strip_suffix(')')
                .ok_or_else(|| err(K::Unclosed))?
                .trim();
            let name = upper[..i].trim();
            if name == "UNKNOWN" {
                // The whole value, as Display prints an unknown action.
                let v = crate::num::parse_u32(inner).ok_or_else(|| err(K::BadData))?;
                return match Action::of(v) {
                    Action::Unknown => Ok(v),
                    _ => Err(err(K::NotUnknown)),
                };
            }
            let data = match crate::num::parse_u64(inner) {
                Some(v) => v,
                // An errno name is ERRNO's data only: `ERRNO(EPERM)` is `ERRNO(1)`.
                None if name == "ERRNO" => {
                    u64::from(crate::errno::value(inner).ok_or_else(|| err(K::BadData))?)
                }
                None => return Err(err(K::BadData)),
            };
            (name, data)
        }
        None => (upper.trim(), 0),
    };
    let base = match name {
        "KILL_PROCESS" => SECCOMP_RET_KILL_PROCESS,
        "KILL_THREAD" | "KILL" => SECCOMP_RET_KILL_THREAD,
        "TRAP" => SECCOMP_RET_TRAP,
        "ERRNO" => SECCOMP_RET_ERRNO,
        "USER_NOTIF" => SECCOMP_RET_USER_NOTIF,
        "TRACE" => SECCOMP_RET_TRACE,
        "LOG" => SECCOMP_RET_LOG,
        "ALLOW" => SECCOMP_RET_ALLOW,
        _ => return Err(err(K::UnknownAction)),
    };
    if data > u64::from(SECCOMP_RET_DATA) {
        return Err(err(K::DataTooLarge));
    }
    Ok(base | data as u32)
}

/// What the kernel does with a syscall once the filters have decided
/// (kernel/seccomp.c `__seccomp_filter`), for a process with no tracer and no listener.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Outcome {
    /// The syscall runs (ALLOW, LOG, or a number the filters never see).
    Runs,
    /// The syscall is skipped and returns `-errno` (ERRNO data capped at `MAX_ERRNO`;
    /// 0 means it "succeeds" with 0).
    FailsWith(u32),
    /// SIGSYS is forced on the thread with `si_errno` = data (TRAP).
    Sigsys(u16),
    /// Only the calling thread is killed by SIGSYS (KILL_THREAD with other threads alive;
    /// the whole process when it is the last thread).
    KillThread,
    /// The whole process is killed by SIGSYS (KILL_PROCESS and every unknown action).
    KillProcess,
}

impl Outcome {
    /// What the kernel does for combined return value `ret`, assuming no tracer is
    /// attached and no listener exists: TRACE and USER_NOTIF then fail with ENOSYS.
    pub fn of(ret: u32) -> Outcome {
        let data = ret & SECCOMP_RET_DATA;
        match Action::of(ret) {
            Action::Allow | Action::Log => Outcome::Runs,
            Action::Errno => Outcome::FailsWith(data.min(MAX_ERRNO)),
            Action::Trap => Outcome::Sigsys(data as u16),
            Action::Trace | Action::UserNotif => Outcome::FailsWith(libc::ENOSYS as u32),
            Action::KillThread => Outcome::KillThread,
            Action::KillProcess | Action::Unknown => Outcome::KillProcess,
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Outcome::Runs => f.write_str("the syscall runs"),
            Outcome::FailsWith(0) => f.write_str("the syscall is skipped and returns 0"),
            Outcome::FailsWith(e) => match crate::errno::name(e) {
                Some(n) => write!(f, "the syscall fails with errno {e} ({n})"),
                None => write!(f, "the syscall fails with errno {e}"),
            },
            Outcome::Sigsys(d) => write!(f, "SIGSYS is forced on the thread (si_errno {d})"),
            Outcome::KillThread => f.write_str(
                "the thread is killed by SIGSYS (the process, if it is the last thread)",
            ),
            Outcome::KillProcess => f.write_str("the process is killed by SIGSYS"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Errno names work wherever ERRNO's number does (errno values from Linux
    /// include/uapi/asm-generic/errno-base.h: EPERM 1, EACCES 13, ENOSYS 38).
    #[test]
    fn errno_names_parse_as_their_numbers() {
        assert_eq!(parse_ret("ERRNO(EPERM)"), Some(SECCOMP_RET_ERRNO | 1));
        assert_eq!(parse_ret("errno(eacces)"), Some(SECCOMP_RET_ERRNO | 13));
        assert_eq!(parse_ret("ERRNO( ENOSYS )"), Some(SECCOMP_RET_ERRNO | 38));
        assert_eq!(parse_ret("ERRNO(ENOTSUP)"), Some(SECCOMP_RET_ERRNO | 95));
        assert_eq!(parse_ret("ERRNO(EBOGUS)"), None);
        // Only ERRNO's data is an errno.
        assert_eq!(parse_ret("TRAP(EPERM)"), None);
    }

    /// Every value reads back from what it prints: parse(display(v)) == v.
    fn round_trips(v: u32) {
        let r = RetValue(v);
        let text = r.to_string();
        assert_eq!(text.parse::<RetValue>(), Ok(r), "{text}");
        assert_eq!(parse_ret(&text), Some(v), "{text}");
    }

    #[test]
    fn display_then_parse_gives_back_edge_values() {
        let bases = [
            0,
            SECCOMP_RET_KILL_PROCESS,
            SECCOMP_RET_TRAP,
            SECCOMP_RET_ERRNO,
            SECCOMP_RET_USER_NOTIF,
            SECCOMP_RET_TRACE,
            SECCOMP_RET_LOG,
            SECCOMP_RET_ALLOW,
            0x1000_0000,
            0xffff_0000,
            0x7ffe_0000,
            0x0001_0000,
        ];
        for b in bases {
            for d in [0, 1, 13, MAX_ERRNO, MAX_ERRNO + 1, 0x7fff, 0x8000, 0xffff] {
                round_trips(b | d);
            }
        }
        round_trips(u32::MAX);
        round_trips(i32::MAX as u32);
    }

    proptest::proptest! {
        #[test]
        fn display_then_parse_gives_back_any_value(v in proptest::num::u32::ANY) {
            let r = RetValue(v);
            proptest::prop_assert_eq!(r.to_string().parse::<RetValue>(), Ok(r));
        }
    }

    #[test]
    fn typed_helpers_agree_with_the_raw_value() {
        assert_eq!(RetValue::errno(13), RetValue(0x0005_000d));
        assert_eq!(RetValue::trap(1).to_string(), "TRAP(1)");
        assert_eq!(RetValue::trace(0xffff), RetValue(0x7ff0_ffff));
        assert_eq!(
            RetValue::with_data(Action::Log, 2),
            Some(RetValue(0x7ffc_0002))
        );
        assert_eq!(RetValue::with_data(Action::Unknown, 2), None);
        assert_eq!(RetValue::ALLOW.to_string(), "ALLOW");
        assert_eq!(RetValue(0x1000_0000).to_string(), "UNKNOWN(0x10000000)");
        assert_eq!(RetValue::errno(5000).as_errno(), Some(5000));
        assert_eq!(
            RetValue::errno(5000).outcome(),
            Outcome::FailsWith(MAX_ERRNO)
        );
        assert_eq!(RetValue::trap(7).as_errno(), None);
        assert_eq!(RetValue(0x8000_0000 | 9).action(), Action::KillProcess);
        assert_eq!(RetValue(0x8000_0000 | 9).data(), 9);
        assert_eq!(u32::from(RetValue::KILL_PROCESS), 0x8000_0000);
        assert_eq!(RetValue::from(0x7fff_0000), RetValue::ALLOW);
        // Precedence ignores data and orders KILL_PROCESS (negative) first.
        use std::cmp::Ordering::*;
        assert_eq!(RetValue::errno(1).cmp_precedence(RetValue::errno(9)), Equal);
        assert_eq!(
            RetValue::KILL_PROCESS.cmp_precedence(RetValue::KILL_THREAD),
            Less
        );
        assert_eq!(RetValue::ALLOW.cmp_precedence(RetValue::LOG), Greater);
        assert_eq!(
            RetValue(0x1000_0000).cmp_precedence(RetValue::USER_NOTIF),
            Less
        );
    }

    #[test]
    fn parse_errors_say_what_is_wrong() {
        use ParseRetErrorKind as K;
        let kind = |s: &str| s.parse::<RetValue>().unwrap_err().kind();
        assert_eq!(kind(""), K::Empty);
        assert_eq!(kind("  "), K::Empty);
        assert_eq!(kind("ALOW"), K::UnknownAction);
        assert_eq!(kind("ERRNO(13"), K::Unclosed);
        assert_eq!(kind("TRAP(EPERM)"), K::BadData);
        assert_eq!(kind("ERRNO(EBOGUS)"), K::BadData);
        assert_eq!(kind("ERRNO(65536)"), K::DataTooLarge);
        assert_eq!(kind("ERRNO(-1)"), K::DataTooLarge);
        assert_eq!(kind("UNKNOWN(0x7fff0000)"), K::NotUnknown);
        assert_eq!(kind("UNKNOWN(x)"), K::BadData);
        let e = "ALOW".parse::<RetValue>().unwrap_err();
        assert_eq!(e.input(), "ALOW");
        assert!(e.to_string().starts_with("unknown action 'ALOW'"), "{e}");
        assert_eq!("seccomp_ret_errno(eperm)".parse(), Ok(RetValue::errno(1)));
        assert_eq!(" kill ".parse(), Ok(RetValue::KILL_THREAD));
    }
}
