//! Errno names, for messages and `--json` output.

/// Name of errno value `e` (`EINVAL`, `ENOMEM`, ...), for the common ones.
pub fn name(e: u32) -> Option<&'static str> {
    const NAMES: &[&str] = &[
        "", "EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG", "ENOEXEC", "EBADF",
        "ECHILD", "EAGAIN", "ENOMEM", "EACCES", "EFAULT", "ENOTBLK", "EBUSY", "EEXIST", "EXDEV",
        "ENODEV", "ENOTDIR", "EISDIR", "EINVAL", "ENFILE", "EMFILE", "ENOTTY", "ETXTBSY", "EFBIG",
        "ENOSPC", "ESPIPE", "EROFS", "EMLINK", "EPIPE", "EDOM", "ERANGE", "EDEADLK",
        "ENAMETOOLONG", "ENOLCK", "ENOSYS", "ENOTEMPTY", "ELOOP",
    ];
    match e {
        1..=40 => Some(NAMES[e as usize]),
        95 => Some("EOPNOTSUPP"),
        _ => None,
    }
}
