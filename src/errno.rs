//! Errno names, for messages and `--json` output.

/// Name of errno value `e` (`EINVAL`, `ENOMEM`, ...), for the common ones.
pub fn name(e: u32) -> Option<&'static str> {
    match e {
        1..=40 => Some(NAMES[e as usize]),
        95 => Some("EOPNOTSUPP"),
        _ => None,
    }
}

/// Value of errno name `name` (`EPERM` is 1, case-insensitive), for the names [`name`]
/// knows plus `ENOTSUP` (= `EOPNOTSUPP`) and `EWOULDBLOCK` (= `EAGAIN`), as in Linux's
/// include/uapi/asm-generic/errno-base.h and errno.h.
pub fn value(name: &str) -> Option<u32> {
    let up = name.trim().to_ascii_uppercase();
    match up.as_str() {
        "" => None,
        "EOPNOTSUPP" | "ENOTSUP" => Some(95),
        "EWOULDBLOCK" => Some(11),
        u => NAMES.iter().position(|&n| n == u).map(|i| i as u32),
    }
}

const NAMES: &[&str] = &[
    "",
    "EPERM",
    "ENOENT",
    "ESRCH",
    "EINTR",
    "EIO",
    "ENXIO",
    "E2BIG",
    "ENOEXEC",
    "EBADF",
    "ECHILD",
    "EAGAIN",
    "ENOMEM",
    "EACCES",
    "EFAULT",
    "ENOTBLK",
    "EBUSY",
    "EEXIST",
    "EXDEV",
    "ENODEV",
    "ENOTDIR",
    "EISDIR",
    "EINVAL",
    "ENFILE",
    "EMFILE",
    "ENOTTY",
    "ETXTBSY",
    "EFBIG",
    "ENOSPC",
    "ESPIPE",
    "EROFS",
    "EMLINK",
    "EPIPE",
    "EDOM",
    "ERANGE",
    "EDEADLK",
    "ENAMETOOLONG",
    "ENOLCK",
    "ENOSYS",
    "ENOTEMPTY",
    "ELOOP",
];
