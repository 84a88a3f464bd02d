//! Kernel profiles: what differs between Linux releases, in one place.
//!
//! secbpf's rules are recorded from Linux 6.18 (and checked against 6.1 and 6.12 in
//! virtual machines, docs/kernel-agreement.md). A [`KernelProfile`] answers the questions
//! whose answer depends on the release:
//!
//! | difference | release | rule here |
//! |---|---|---|
//! | native x86_64 nr 335 (`uretprobe`) never reaches a filter | 6.14; stable 6.12.14 and 6.13.3 (point releases inferred from the stable queues' dates) | [`KernelProfile::bypasses`] |
//! | native x86_64 nr 336 (`uprobe`) never reaches a filter | 6.18 (the syscall itself is new in 6.18) | [`KernelProfile::bypasses`] |
//! | `SECCOMP_RET_KILL_PROCESS`, `SECCOMP_RET_LOG`, signed precedence over `ACTION_FULL` | 4.14 | [`KernelProfile::action_of`], [`KernelProfile::precedence`] |
//! | `SECCOMP_RET_USER_NOTIF` | 5.0 | [`KernelProfile::action_of`] |
//! | an unknown action kills the process (before: the thread) | 5.10 | [`KernelProfile::outcome`] |
//! | filter flags TSYNC 3.17, LOG 4.14, SPEC_ALLOW 4.17, NEW_LISTENER 5.0, TSYNC_ESRCH 5.7, WAIT_KILLABLE_RECV 5.19 | each | [`KernelProfile::flag_mask`] |
//!
//! Before 4.14 the kernel read a return value's action as `ret & SECCOMP_RET_ACTION`
//! (0x7fff0000): bit 31 was ignored, so `0x80000000` (KILL_PROCESS on later kernels) was
//! KILL, which killed the thread, and precedence compared those 15 bits unsigned. That is
//! exactly a newer kernel's reading of the value with bit 31 cleared, which is what
//! [`KernelProfile::effective`] returns.
//!
//! A version is `X.Y` or `X.Y.Z`. `X.Y` without a patch level means the newest stable
//! release of that series as distributions ship it (6.12 is the Debian 6.12.117 kernel
//! measured in a VM); give `X.Y.Z` to model an earlier point release where a stable
//! backport matters (6.12.13 still runs filters for nr 335).
//!
//! Sources: the kernel's own history (commit titles and the releases that carry them,
//! found in mainline merge requests and stable queues; kernel code is not copied), and
//! measurements in VMs where Debian's archive has a kernel (6.1, 6.12) plus the host
//! (6.18); docs/kernel-agreement.md says which rule is pinned by which.

use crate::consts::*;
use crate::seccomp::action::{Action, Outcome, RetValue};
use crate::seccomp::data::SeccompData;
use std::fmt;

/// A Linux release: `major.minor`, with an optional stable patch level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct KernelVersion {
    /// `6` in 6.12.117.
    pub major: u32,
    /// `12` in 6.12.117.
    pub minor: u32,
    /// `117` in 6.12.117; `None` for "the newest stable release of the series".
    pub patch: Option<u32>,
}

impl KernelVersion {
    /// `major.minor` (the newest stable release of that series).
    pub const fn new(major: u32, minor: u32) -> KernelVersion {
        KernelVersion {
            major,
            minor,
            patch: None,
        }
    }

    /// `major.minor.patch`.
    pub const fn with_patch(major: u32, minor: u32, patch: u32) -> KernelVersion {
        KernelVersion {
            major,
            minor,
            patch: Some(patch),
        }
    }

    /// Parse `X.Y` or `X.Y.Z` (decimal numbers; nothing else).
    ///
    /// ```
    /// use secbpf::seccomp::profile::KernelVersion;
    /// assert_eq!("6.12.117".parse(), Ok(KernelVersion::with_patch(6, 12, 117)));
    /// assert_eq!(KernelVersion::parse("6.1").map(|v| v.to_string()), Ok("6.1".into()));
    /// assert!(KernelVersion::parse("6").is_err());
    /// assert!(KernelVersion::parse("6.1-rc2").is_err());
    /// ```
    ///
    /// # Errors
    /// The text is not two or three dot-separated decimal numbers.
    pub fn parse(s: &str) -> Result<KernelVersion, ParseVersionError> {
        let err = || ParseVersionError {
            input: s.to_string(),
        };
        let parts: Vec<&str> = s.trim().split('.').collect();
        if !(2..=3).contains(&parts.len()) {
            return Err(err());
        }
        let num = |p: &str| -> Result<u32, ParseVersionError> {
            if p.is_empty() || p.len() > 6 || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(err());
            }
            p.parse().map_err(|_| err())
        };
        Ok(KernelVersion {
            major: num(parts[0])?,
            minor: num(parts[1])?,
            patch: match parts.get(2) {
                Some(p) => Some(num(p)?),
                None => None,
            },
        })
    }

    /// The version at the start of a kernel release string (`uname -r`,
    /// /proc/sys/kernel/osrelease): `6.18.44-fc-v657` gives 6.18.44. Debian's
    /// `X.Y.0-N-flavour` names (`6.1.0-47-cloud-amd64`, whose package is 6.1.170) carry an
    /// ABI number, not the patch level, so they give `X.Y`. `None` when it does not
    /// start with `X.Y`.
    pub fn from_release(release: &str) -> Option<KernelVersion> {
        let release = release.trim();
        let mut nums = Vec::new();
        for part in release.split('.').take(3) {
            let digits: String = part.chars().take_while(char::is_ascii_digit).collect();
            if digits.is_empty() || digits.len() > 6 {
                break;
            }
            nums.push(digits.parse::<u32>().ok()?);
            if digits.len() != part.len() {
                break;
            }
        }
        let debian_abi = |major: u32, minor: u32| {
            release
                .strip_prefix(&format!("{major}.{minor}.0-"))
                .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        };
        match nums[..] {
            [major, minor] => Some(KernelVersion::new(major, minor)),
            [major, minor, _, ..] if debian_abi(major, minor) => {
                Some(KernelVersion::new(major, minor))
            }
            [major, minor, patch, ..] => Some(KernelVersion::with_patch(major, minor, patch)),
            _ => None,
        }
    }

    /// The version secbpf takes as the running kernel's: `SECBPF_KERNEL_VERSION` when it
    /// is set (for reproducible output), else the running Linux kernel's release
    /// (/proc/sys/kernel/osrelease). `None` elsewhere, or when neither can be read.
    /// A stand-in that does not parse gives `None` here; [`Self::stand_in`] says so.
    pub fn running() -> Option<KernelVersion> {
        match KernelVersion::stand_in() {
            Ok(Some(v)) => return Some(v),
            Err(_) => return None,
            Ok(None) => {}
        }
        if cfg!(target_os = "linux") {
            let r = std::fs::read_to_string("/proc/sys/kernel/osrelease").ok()?;
            return KernelVersion::from_release(&r);
        }
        None
    }

    /// `SECBPF_KERNEL_VERSION`, the stand-in for the running kernel's version: `None` when
    /// it is unset or empty, else the version at the start of it (as
    /// [`Self::from_release`] reads a release string).
    ///
    /// # Errors
    /// It is set but does not start with `X.Y`: a mistake to report, not a reason to
    /// answer as some other release.
    pub fn stand_in() -> Result<Option<KernelVersion>, ParseVersionError> {
        match std::env::var("SECBPF_KERNEL_VERSION") {
            Ok(v) if !v.trim().is_empty() => KernelVersion::from_release(&v)
                .map(Some)
                .ok_or(ParseVersionError { input: v }),
            _ => Ok(None),
        }
    }

    /// Whether this release is `major.minor` or later.
    pub const fn at_least(&self, major: u32, minor: u32) -> bool {
        self.major > major || (self.major == major && self.minor >= minor)
    }

    /// Whether this is the `major.minor` series at stable patch level `patch` or later
    /// (a version without a patch level is the newest of its series, so it is).
    const fn series_at_least(&self, major: u32, minor: u32, patch: u32) -> bool {
        self.major == major
            && self.minor == minor
            && match self.patch {
                Some(p) => p >= patch,
                None => true,
            }
    }

    /// Compare `major.minor` only.
    fn series(&self) -> (u32, u32) {
        (self.major, self.minor)
    }
}

impl fmt::Display for KernelVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.patch {
            Some(p) => write!(f, "{}.{}.{}", self.major, self.minor, p),
            None => write!(f, "{}.{}", self.major, self.minor),
        }
    }
}

impl std::str::FromStr for KernelVersion {
    type Err = ParseVersionError;
    fn from_str(s: &str) -> Result<KernelVersion, ParseVersionError> {
        KernelVersion::parse(s)
    }
}

/// A kernel version that did not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseVersionError {
    input: String,
}

impl ParseVersionError {
    /// The text that did not parse.
    pub fn input(&self) -> &str {
        &self.input
    }
}

impl fmt::Display for ParseVersionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "bad kernel version '{}': expected X.Y or X.Y.Z, e.g. 6.1 or 6.12.117",
            self.input
        )
    }
}

impl std::error::Error for ParseVersionError {}

/// A filter flag and the release that introduced it.
pub const FLAG_RELEASES: &[(u32, &str, KernelVersion)] = &[
    (
        SECCOMP_FILTER_FLAG_TSYNC,
        "tsync",
        KernelVersion::new(3, 17),
    ),
    (SECCOMP_FILTER_FLAG_LOG, "log", KernelVersion::new(4, 14)),
    (
        SECCOMP_FILTER_FLAG_SPEC_ALLOW,
        "spec_allow",
        KernelVersion::new(4, 17),
    ),
    (
        SECCOMP_FILTER_FLAG_NEW_LISTENER,
        "new_listener",
        KernelVersion::new(5, 0),
    ),
    (
        SECCOMP_FILTER_FLAG_TSYNC_ESRCH,
        "tsync_esrch",
        KernelVersion::new(5, 7),
    ),
    (
        SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV,
        "wait_killable_recv",
        KernelVersion::new(5, 19),
    ),
];

/// How one Linux release treats seccomp filters, where releases differ (see the module
/// docs for the table and the sources).
///
/// ```
/// use secbpf::seccomp::{profile::KernelProfile, Action, Arch, Outcome, RetValue, SeccompData};
///
/// let k61: KernelProfile = "6.1".parse()?;
/// let uretprobe = SeccompData::new(Arch::x86_64().audit, 335);
/// assert!(!k61.bypasses(&uretprobe));
/// assert!(KernelProfile::NEWEST.bypasses(&uretprobe));
///
/// // Before 4.14 bit 31 is not part of the action: KILL_PROCESS reads as KILL_THREAD.
/// let k49: KernelProfile = "4.9".parse()?;
/// assert_eq!(k49.action_of(RetValue::KILL_PROCESS), Action::KillThread);
/// assert_eq!(k49.outcome(RetValue::LOG), Outcome::KillThread); // unknown there
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct KernelProfile {
    version: KernelVersion,
}

impl Default for KernelProfile {
    /// [`KernelProfile::NEWEST`]: what the library's functions without a profile model.
    fn default() -> KernelProfile {
        KernelProfile::NEWEST
    }
}

impl KernelProfile {
    /// The newest release whose rules secbpf knows (recorded from a live 6.18).
    pub const NEWEST: KernelProfile = KernelProfile {
        version: KernelVersion::new(6, 18),
    };
    /// The oldest release modeled: 3.17, the first with seccomp(2) and TSYNC. Older
    /// versions are answered with 3.17's rules and a warning.
    pub const OLDEST: KernelProfile = KernelProfile {
        version: KernelVersion::new(3, 17),
    };

    /// The profile of `version`.
    pub const fn new(version: KernelVersion) -> KernelProfile {
        KernelProfile { version }
    }

    /// The running kernel's profile ([`KernelVersion::running`]), else [`Self::NEWEST`].
    pub fn running_or_newest() -> KernelProfile {
        KernelVersion::running().map_or(KernelProfile::NEWEST, KernelProfile::new)
    }

    /// The release.
    pub const fn version(&self) -> KernelVersion {
        self.version
    }

    /// Why answers for this version may be less sure: older than the oldest modeled, or
    /// newer than the newest known. `None` inside the modeled range.
    pub fn range_warning(&self) -> Option<String> {
        let v = self.version;
        if !v.at_least(3, 17) {
            Some(format!(
                "Linux {v} is older than the oldest release modeled (3.17, the first with seccomp(2)): \
                 answering with 3.17's rules"
            ))
        } else if v.series() > KernelProfile::NEWEST.version.series() {
            Some(format!(
                "Linux {v} is newer than the newest release known (6.18): answering with 6.18's rules"
            ))
        } else {
            None
        }
    }

    /// True for inputs this kernel lets through before any filter runs: native x86_64
    /// `uretprobe` (335) from 6.14 (stable: 6.12.14, 6.13.3) and `uprobe` (336) from 6.18
    /// (`seccomp_is_const_allow`, kernel/seccomp.c; kernel facts §6.5). The uprobe
    /// exemption was also backported to 6.12.57 and 6.17.y, where it has no effect: those
    /// kernels have no `uprobe` syscall, and 6.12.117 runs filters for 336 (measured).
    pub fn bypasses(&self, data: &SeccompData) -> bool {
        data.arch == AUDIT_ARCH_X86_64
            && match data.nr {
                335 => self.exempts_uretprobe(),
                336 => self.exempts_uprobe(),
                _ => false,
            }
    }

    /// Whether native x86_64 nr 335 (`uretprobe`) never reaches a filter.
    pub const fn exempts_uretprobe(&self) -> bool {
        let v = self.version;
        v.at_least(6, 14) || v.series_at_least(6, 13, 3) || v.series_at_least(6, 12, 14)
    }

    /// Whether native x86_64 nr 336 (`uprobe`) never reaches a filter.
    pub const fn exempts_uprobe(&self) -> bool {
        self.version.at_least(6, 18)
    }

    /// The return value as this kernel reads it: before 4.14, bit 31 cleared (the action
    /// was `ret & 0x7fff0000`, the data `ret & 0xffff`); unchanged from 4.14 on.
    pub const fn effective(&self, ret: RetValue) -> RetValue {
        if self.version.at_least(4, 14) {
            ret
        } else {
            RetValue(ret.0 & !0x8000_0000)
        }
    }

    /// The action this kernel takes for `ret`: actions it does not have yet
    /// (KILL_PROCESS and LOG before 4.14, USER_NOTIF before 5.0) are
    /// [`Action::Unknown`], except that before 4.14 `0x80000000` reads as KILL_THREAD.
    pub fn action_of(&self, ret: RetValue) -> Action {
        let a = self.effective(ret).action();
        if self.knows(a) {
            a
        } else {
            Action::Unknown
        }
    }

    /// Whether this kernel has action `a` (KILL_PROCESS and LOG from 4.14, USER_NOTIF from
    /// 5.0, the others from the start of filter mode).
    pub const fn knows(&self, a: Action) -> bool {
        match a {
            Action::KillProcess | Action::Log => self.version.at_least(4, 14),
            Action::UserNotif => self.version.at_least(5, 0),
            Action::Unknown => false,
            _ => true,
        }
    }

    /// The release that introduced action `a` (`None` for the ones filter mode started
    /// with, 3.5, and for unknown actions).
    pub const fn action_release(a: Action) -> Option<KernelVersion> {
        match a {
            Action::KillProcess | Action::Log => Some(KernelVersion::new(4, 14)),
            Action::UserNotif => Some(KernelVersion::new(5, 0)),
            _ => None,
        }
    }

    /// Precedence key in a stack (lower wins, ties keep the newer filter): from 4.14 the
    /// top 16 bits as a signed number; before, `ret & 0x7fff0000` compared unsigned,
    /// which is the same order on the bit-31-cleared value.
    pub const fn precedence(&self, ret: RetValue) -> i32 {
        self.effective(ret).precedence()
    }

    /// Whether [`Self::precedence`] is [`RetValue::precedence`] (4.14 and later).
    pub const fn signed_precedence(&self) -> bool {
        self.version.at_least(4, 14)
    }

    /// What this kernel does with the syscall when `ret` decides (no tracer, no
    /// listener): [`Outcome::of`] on the value as it reads it, with an action it does not
    /// know killing the thread before 5.10 and the process from 5.10 on ("seccomp: kill
    /// process instead of thread for unknown actions"; the 4.14 to 5.9 stable series were
    /// offered it by AUTOSEL in October 2020, not verified, so X.Y there means the
    /// thread).
    pub fn outcome(&self, ret: RetValue) -> Outcome {
        match self.action_of(ret) {
            Action::Unknown if !self.version.at_least(5, 10) => Outcome::KillThread,
            Action::Unknown => Outcome::KillProcess,
            _ => Outcome::of(self.effective(ret).0),
        }
    }

    /// The filter flags this kernel knows (`SECCOMP_FILTER_FLAG_MASK` of that release).
    pub fn flag_mask(&self) -> u32 {
        FLAG_RELEASES
            .iter()
            .filter(|(_, _, since)| self.version.at_least(since.major, since.minor))
            .fold(0, |m, (f, _, _)| m | f)
    }

    /// How this kernel reads `ret` when that differs from the newest known kernel, in
    /// words (for notes beside an answer); `None` when it reads it the same way.
    pub fn action_note(&self, ret: RetValue) -> Option<String> {
        let newest = KernelProfile::NEWEST;
        let (now, then) = (newest.action_of(ret), self.action_of(ret));
        let v = self.version;
        let name = match now {
            Action::Unknown => format!("{ret}"),
            a => a.name().to_string(),
        };
        if now != then {
            let since = KernelProfile::action_release(now)
                .map(|r| format!(" (it is new in {r})"))
                .unwrap_or_default();
            return Some(match then {
                Action::Unknown => format!(
                    "Linux {v} has no {name}{since}: an unknown action there, {}",
                    self.outcome(ret)
                ),
                other => format!(
                    "Linux {v} reads {name} ({:#010x}) as {} (bit 31 is not part of the action before 4.14): {}",
                    ret.0,
                    other.name(),
                    self.outcome(ret)
                ),
            });
        }
        if then == Action::Errno && ret.data() as u32 > MAX_ERRNO && !v.at_least(4, 14) {
            return Some(format!(
                "{ret}: before the cap to 4095 (commit 580c57f10768, between 4.11 and 4.13, \
                 release not verified) Linux passed ERRNO data back uncapped; secbpf caps it"
            ));
        }
        if then == Action::Unknown && self.outcome(ret) != newest.outcome(ret) {
            return Some(format!(
                "on Linux {v} the unknown action {ret} kills only the thread \
                 (an unknown action kills the process from 5.10)"
            ));
        }
        None
    }

    /// The native x86_64 syscalls this kernel lets through unfiltered, as `(nr, name)`.
    pub fn exempt_syscalls(&self) -> Vec<(u32, &'static str)> {
        let mut v = Vec::new();
        if self.exempts_uretprobe() {
            v.push((335, "uretprobe"));
        }
        if self.exempts_uprobe() {
            v.push((336, "uprobe"));
        }
        v
    }
}

impl fmt::Display for KernelProfile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Linux {}", self.version)
    }
}

impl std::str::FromStr for KernelProfile {
    type Err = ParseVersionError;
    fn from_str(s: &str) -> Result<KernelProfile, ParseVersionError> {
        KernelVersion::parse(s).map(KernelProfile::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(s: &str) -> KernelProfile {
        s.parse().unwrap()
    }

    fn x86(nr: u32) -> SeccompData {
        SeccompData::new(AUDIT_ARCH_X86_64, nr)
    }

    /// Measured in VMs (docs/kernel-agreement.md): 6.1 runs filters for both, Debian's
    /// 6.12.117 exempts 335 only, the host's 6.18.44 exempts both.
    #[test]
    fn uprobe_exemptions_follow_the_measured_kernels() {
        assert!(!k("6.1").bypasses(&x86(335)) && !k("6.1").bypasses(&x86(336)));
        assert!(k("6.12.117").bypasses(&x86(335)) && !k("6.12.117").bypasses(&x86(336)));
        assert!(k("6.12").bypasses(&x86(335)) && !k("6.12").bypasses(&x86(336)));
        assert!(k("6.18.44").bypasses(&x86(335)) && k("6.18.44").bypasses(&x86(336)));
        // The boundaries from kernel history.
        assert!(!k("6.12.13").bypasses(&x86(335)));
        assert!(k("6.12.14").bypasses(&x86(335)));
        assert!(!k("6.11").bypasses(&x86(335)));
        assert!(!k("6.13.2").bypasses(&x86(335)) && k("6.13.3").bypasses(&x86(335)));
        assert!(k("6.14").bypasses(&x86(335)) && !k("6.17").bypasses(&x86(336)));
        // Only native numbers: i386 and x32 numbers always reach the filters.
        for p in [k("6.18"), k("7.0")] {
            assert!(!p.bypasses(&SeccompData::new(AUDIT_ARCH_I386, 335)));
            assert!(!p.bypasses(&x86(335 | X32_SYSCALL_BIT)));
            assert!(!p.bypasses(&x86(334)) && !p.bypasses(&x86(337)));
        }
    }

    #[test]
    fn actions_appear_in_their_releases() {
        let all = [
            RetValue::KILL_PROCESS,
            RetValue::KILL_THREAD,
            RetValue::trap(1),
            RetValue::errno(1),
            RetValue::USER_NOTIF,
            RetValue::trace(1),
            RetValue::LOG,
            RetValue::ALLOW,
        ];
        // From 5.0 every action is known and read as the newest kernel reads it.
        for v in ["5.0", "5.10", "6.1", "6.18"] {
            for r in all {
                assert_eq!(k(v).action_of(r), r.action(), "{v} {r}");
                assert_eq!(k(v).action_note(r), None, "{v} {r}");
            }
        }
        assert_eq!(k("4.20").action_of(RetValue::USER_NOTIF), Action::Unknown);
        assert_eq!(k("4.14").action_of(RetValue::LOG), Action::Log);
        assert_eq!(k("4.13").action_of(RetValue::LOG), Action::Unknown);
        assert_eq!(
            k("4.13").action_of(RetValue::KILL_PROCESS),
            Action::KillThread
        );
        assert_eq!(
            k("4.13").outcome(RetValue::KILL_PROCESS),
            Outcome::KillThread
        );
        // Bit 31 with another action below it: ERRNO(5) on a pre-4.14 kernel.
        assert_eq!(
            k("4.9").outcome(RetValue(0x8005_0005)),
            Outcome::FailsWith(5)
        );
        assert_eq!(
            k("6.1").outcome(RetValue(0x8005_0005)),
            Outcome::KillProcess
        );
    }

    #[test]
    fn unknown_actions_kill_the_thread_before_5_10() {
        for r in [0x1000_0000, 0x7ffe_0000, 0x0001_0000] {
            assert_eq!(k("5.9").outcome(RetValue(r)), Outcome::KillThread);
            assert_eq!(k("5.10").outcome(RetValue(r)), Outcome::KillProcess);
            assert!(k("5.4").action_note(RetValue(r)).is_some());
            assert_eq!(k("5.10").action_note(RetValue(r)), None);
        }
        // USER_NOTIF on 4.19: unknown, so it kills the thread.
        assert_eq!(k("4.19").outcome(RetValue::USER_NOTIF), Outcome::KillThread);
    }

    #[test]
    fn precedence_before_4_14_ignores_bit_31() {
        let old = k("4.9");
        // 0x80000000 is KILL (0) there: equal to KILL_THREAD, below ERRNO.
        assert_eq!(old.precedence(RetValue::KILL_PROCESS), 0);
        assert!(old.precedence(RetValue(0x9000_0000)) > old.precedence(RetValue::errno(1)));
        assert!(k("4.14").precedence(RetValue(0x9000_0000)) < 0);
    }

    #[test]
    fn flags_appear_in_their_releases() {
        assert_eq!(k("3.17").flag_mask(), SECCOMP_FILTER_FLAG_TSYNC);
        assert_eq!(k("4.16").flag_mask(), 0x3);
        assert_eq!(k("4.17").flag_mask(), 0x7);
        assert_eq!(k("5.0").flag_mask(), 0xf);
        assert_eq!(k("5.6").flag_mask(), 0xf);
        assert_eq!(k("5.7").flag_mask(), 0x1f);
        assert_eq!(k("5.18").flag_mask(), 0x1f);
        assert_eq!(k("5.19").flag_mask(), SECCOMP_FILTER_FLAG_MASK);
        assert_eq!(KernelProfile::NEWEST.flag_mask(), SECCOMP_FILTER_FLAG_MASK);
    }

    #[test]
    fn versions_parse_strictly_and_releases_leniently() {
        for bad in [
            "",
            "6",
            "6.",
            ".1",
            "6.1.2.3",
            "6.x",
            "6.1-rc1",
            " 6 .1",
            "1234567.1",
        ] {
            assert!(KernelVersion::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            KernelVersion::from_release("6.18.44-fc-v657\n"),
            Some(KernelVersion::with_patch(6, 18, 44))
        );
        assert_eq!(
            KernelVersion::from_release("6.1.0-47-cloud-amd64"),
            Some(KernelVersion::new(6, 1))
        );
        assert_eq!(
            KernelVersion::from_release("6.12.117+deb12-cloud-amd64"),
            Some(KernelVersion::with_patch(6, 12, 117))
        );
        assert_eq!(
            KernelVersion::from_release("6.1.0"),
            Some(KernelVersion::with_patch(6, 1, 0))
        );
        assert_eq!(
            KernelVersion::from_release("5.10-rc1"),
            Some(KernelVersion::new(5, 10))
        );
        assert_eq!(KernelVersion::from_release("linux"), None);
        assert!(k("3.10").range_warning().is_some());
        assert!(k("7.0").range_warning().is_some());
        assert!(k("6.18.200").range_warning().is_none());
        assert!(k("4.9").range_warning().is_none());
        assert!(k("4.9").action_note(RetValue::errno(4096)).is_some());
        assert!(k("4.14").action_note(RetValue::errno(4096)).is_none());
        assert!(k("4.9").action_note(RetValue::errno(4095)).is_none());
        assert!(k("5.4").range_warning().is_none());
    }

    proptest::proptest! {
        /// From 4.14 on, the kernel reads every value as it is; before, as the value with
        /// bit 31 cleared, whose own reading is then the same on every later kernel.
        #[test]
        fn effective_values_read_alike(v in proptest::num::u32::ANY, minor in 0u32..20) {
            let old = KernelProfile::new(KernelVersion::new(4, minor.min(13)));
            let r = RetValue(v);
            let e = old.effective(r);
            proptest::prop_assert_eq!(e.0 & 0x8000_0000, 0);
            proptest::prop_assert_eq!(old.effective(e), e);
            proptest::prop_assert_eq!(old.precedence(r), old.precedence(e));
            proptest::prop_assert_eq!(old.outcome(r), old.outcome(e));
            proptest::prop_assert!(old.precedence(r) >= 0);
            let new = KernelProfile::new(KernelVersion::new(5, 10 + minor));
            proptest::prop_assert_eq!(new.outcome(r), r.outcome());
            proptest::prop_assert_eq!(new.precedence(r), r.precedence());
        }

        /// A version prints as it parses.
        #[test]
        fn versions_round_trip(a in 0u32..100, b in 0u32..100, c in proptest::option::of(0u32..1000)) {
            let v = KernelVersion { major: a, minor: b, patch: c };
            proptest::prop_assert_eq!(KernelVersion::parse(&v.to_string()), Ok(v));
            proptest::prop_assert_eq!(KernelVersion::from_release(&v.to_string()), Some(v));
        }
    }
}
