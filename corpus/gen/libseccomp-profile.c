/*
 * libseccomp-profile.c - generate the libseccomp-built filters of corpus/.
 *
 * Builds two policies with libseccomp (the real library, not a hand encoding) and
 * writes what seccomp_export_bpf() emits, byte for byte, as raw `struct sock_filter`
 * records (8 bytes each, host = x86_64 little-endian):
 *
 *   OUTDIR/libseccomp-container.bpf   container-style allowlist modelled on Docker's
 *                                     default profile (x86_64 + x86 + x32)
 *   OUTDIR/libseccomp-small.bpf       strict sandbox (x86_64 only)
 *
 * and, next to each, the same filter in libseccomp's PFC text form (.pfc) for
 * reading.  tests/corpus.rs checks secbpf's verdicts against the policies written
 * here, so keep the two in step: every value the tests expect is documented below
 * as "POLICY".
 *
 * Build: gcc -O2 -Wall -o libseccomp-profile libseccomp-profile.c -lseccomp
 * Usage: libseccomp-profile OUTDIR
 */
#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#define CHECK(expr)                                                            \
    do {                                                                       \
        int rc_ = (expr);                                                      \
        if (rc_ < 0) {                                                         \
            fprintf(stderr, "%s:%d: %s: %s\n", __FILE__, __LINE__, #expr,      \
                    strerror(-rc_));                                           \
            exit(1);                                                           \
        }                                                                      \
    } while (0)

/*
 * POLICY (container): syscalls allowed unconditionally, on every architecture of
 * the filter where the name exists.  This is the unconditional SCMP_ACT_ALLOW list
 * of Docker/moby's default seccomp profile (profiles/seccomp/default.json), plus the
 * amd64-only arch_prctl/modify_ldt it adds on x86.  Names unknown to this libseccomp
 * (newer than it) are skipped and reported; names that exist only on 32-bit x86
 * (mmap2, fcntl64, ...) end up in the x86 part of the filter only.
 */
static const char *const container_allow[] = {
    "accept", "accept4", "access", "adjtimex", "alarm", "arch_prctl", "bind",
    "brk", "cachestat", "capget", "capset", "chdir", "chmod", "chown", "chown32",
    "clock_adjtime", "clock_adjtime64", "clock_getres", "clock_getres_time64",
    "clock_gettime", "clock_gettime64", "clock_nanosleep",
    "clock_nanosleep_time64", "close", "close_range", "connect",
    "copy_file_range", "creat", "dup", "dup2", "dup3", "epoll_create",
    "epoll_create1", "epoll_ctl", "epoll_ctl_old", "epoll_pwait", "epoll_pwait2",
    "epoll_wait", "epoll_wait_old", "eventfd", "eventfd2", "execve", "execveat",
    "exit", "exit_group", "faccessat", "faccessat2", "fadvise64", "fadvise64_64",
    "fallocate", "fanotify_mark", "fchdir", "fchmod", "fchmodat", "fchmodat2",
    "fchown", "fchown32", "fchownat", "fcntl", "fcntl64", "fdatasync",
    "fgetxattr", "flistxattr", "flock", "fork", "fremovexattr", "fsetxattr",
    "fstat", "fstat64", "fstatat64", "fstatfs", "fstatfs64", "fsync",
    "ftruncate", "ftruncate64", "futex", "futex_requeue", "futex_time64",
    "futex_wait", "futex_waitv", "futex_wake", "futimesat", "get_robust_list",
    "get_thread_area", "getcpu", "getcwd", "getdents", "getdents64", "getegid",
    "getegid32", "geteuid", "geteuid32", "getgid", "getgid32", "getgroups",
    "getgroups32", "getitimer", "getpeername", "getpgid", "getpgrp", "getpid",
    "getppid", "getpriority", "getrandom", "getresgid", "getresgid32",
    "getresuid", "getresuid32", "getrlimit", "getrusage", "getsid",
    "getsockname", "getsockopt", "gettid", "gettimeofday", "getuid",
    "getuid32", "getxattr", "inotify_add_watch", "inotify_init",
    "inotify_init1", "inotify_rm_watch", "io_cancel", "io_destroy",
    "io_getevents", "io_pgetevents", "io_pgetevents_time64", "io_setup",
    "io_submit", "ioctl", "ioprio_get", "ioprio_set", "ipc", "kill",
    "landlock_add_rule", "landlock_create_ruleset", "landlock_restrict_self",
    "lchown", "lchown32", "lgetxattr", "link", "linkat", "listen", "listxattr",
    "llistxattr", "_llseek", "lremovexattr", "lseek", "lsetxattr", "lstat",
    "lstat64", "madvise", "map_shadow_stack", "membarrier", "memfd_create",
    "memfd_secret", "mincore", "mkdir", "mkdirat", "mknod", "mknodat", "mlock",
    "mlock2", "mlockall", "mmap", "mmap2", "modify_ldt", "mprotect",
    "mq_getsetattr", "mq_notify", "mq_open", "mq_timedreceive",
    "mq_timedreceive_time64", "mq_timedsend", "mq_timedsend_time64",
    "mq_unlink", "mremap", "msgctl", "msgget", "msgrcv", "msgsnd", "msync",
    "munlock", "munlockall", "munmap", "name_to_handle_at", "nanosleep",
    "newfstatat", "_newselect", "open", "openat", "openat2", "pause",
    "pidfd_open", "pidfd_send_signal", "pipe", "pipe2", "pkey_alloc",
    "pkey_free", "pkey_mprotect", "poll", "ppoll", "ppoll_time64", "prctl",
    "pread64", "preadv", "preadv2", "prlimit64", "process_mrelease", "pselect6",
    "pselect6_time64", "pwrite64", "pwritev", "pwritev2", "read", "readahead",
    "readlink", "readlinkat", "readv", "recv", "recvfrom", "recvmmsg",
    "recvmmsg_time64", "recvmsg", "remap_file_pages", "removexattr", "rename",
    "renameat", "renameat2", "restart_syscall", "rseq", "rt_sigaction",
    "rt_sigpending", "rt_sigprocmask", "rt_sigqueueinfo", "rt_sigreturn",
    "rt_sigsuspend", "rt_sigtimedwait", "rt_sigtimedwait_time64",
    "rt_tgsigqueueinfo", "sched_get_priority_max", "sched_get_priority_min",
    "sched_getaffinity", "sched_getattr", "sched_getparam",
    "sched_getscheduler", "sched_rr_get_interval",
    "sched_rr_get_interval_time64", "sched_setaffinity", "sched_setattr",
    "sched_setparam", "sched_setscheduler", "sched_yield", "seccomp", "select",
    "semctl", "semget", "semop", "semtimedop", "semtimedop_time64", "send",
    "sendfile", "sendfile64", "sendmmsg", "sendmsg", "sendto", "set_robust_list",
    "set_thread_area", "set_tid_address", "setfsgid", "setfsgid32", "setfsuid",
    "setfsuid32", "setgid", "setgid32", "setgroups", "setgroups32", "setitimer",
    "setpgid", "setpriority", "setregid", "setregid32", "setresgid",
    "setresgid32", "setresuid", "setresuid32", "setreuid", "setreuid32",
    "setrlimit", "setsid", "setsockopt", "setuid", "setuid32", "setxattr",
    "shmat", "shmctl", "shmdt", "shmget", "shutdown", "sigaltstack", "signalfd",
    "signalfd4", "sigprocmask", "sigreturn", "socketcall", "socketpair",
    "splice", "stat", "stat64", "statfs", "statfs64", "statx", "symlink",
    "symlinkat", "sync", "sync_file_range", "syncfs", "sysinfo", "tee",
    "tgkill", "time", "timer_create", "timer_delete", "timer_getoverrun",
    "timer_gettime", "timer_gettime64", "timer_settime", "timer_settime64",
    "timerfd_create", "timerfd_gettime", "timerfd_gettime64",
    "timerfd_settime", "timerfd_settime64", "times", "tkill", "truncate",
    "truncate64", "ugetrlimit", "umask", "uname", "unlink", "unlinkat", "utime",
    "utimensat", "utimensat_time64", "utimes", "vfork", "vmsplice", "wait4",
    "waitid", "waitpid", "write", "writev",
};

/* Namespace-creating clone flags Docker refuses:
 * CLONE_NEWNS|CLONE_NEWCGROUP|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWUSER|
 * CLONE_NEWPID|CLONE_NEWNET = 0x7e020000 (2114060288, Docker's literal). */
#define CLONE_NS_MASK 0x7e020000ULL

static int add_named(scmp_filter_ctx ctx, uint32_t action, const char *name,
                     unsigned int argc, const struct scmp_arg_cmp *argv)
{
    int nr = seccomp_syscall_resolve_name(name);
    if (nr == __NR_SCMP_ERROR) {
        fprintf(stderr, "  skipped (unknown to this libseccomp): %s\n", name);
        return 0;
    }
    int rc = seccomp_rule_add_array(ctx, action, nr, argc, argv);
    if (rc < 0) {
        fprintf(stderr, "  skipped (%s): %s\n", strerror(-rc), name);
        return 0;
    }
    return 1;
}

static scmp_filter_ctx container_policy(void)
{
    /* POLICY: default action ERRNO(EPERM) = 0x00050001 (Docker's defaultAction). */
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ERRNO(EPERM));
    if (!ctx) {
        fprintf(stderr, "seccomp_init failed\n");
        exit(1);
    }
    /* POLICY: bad-arch action left at libseccomp's default, SCMP_ACT_KILL =
     * KILL_THREAD = 0x00000000.  Architectures: native x86_64 plus x86 and x32,
     * as Docker lists for amd64 (SCMP_ARCH_X86_64, SCMP_ARCH_X86, SCMP_ARCH_X32). */
    CHECK(seccomp_arch_add(ctx, SCMP_ARCH_X86));
    CHECK(seccomp_arch_add(ctx, SCMP_ARCH_X32));

    size_t n = sizeof(container_allow) / sizeof(container_allow[0]);
    int added = 0;
    for (size_t i = 0; i < n; i++)
        added += add_named(ctx, SCMP_ACT_ALLOW, container_allow[i], 0, NULL);

    /* POLICY: personality(persona) allowed only for the personas Docker lists:
     * 0x0 (PER_LINUX), 0x8 (PER_LINUX32), 0x20000 (UNAME26), 0x20008
     * (UNAME26|PER_LINUX32) and 0xffffffff (query only); any other persona (all 64
     * bits compared) gets the default ERRNO(EPERM). */
    static const uint64_t personas[] = {0x0, 0x8, 0x20000, 0x20008, 0xffffffff};
    for (size_t i = 0; i < sizeof(personas) / sizeof(personas[0]); i++) {
        struct scmp_arg_cmp c = SCMP_A0(SCMP_CMP_EQ, personas[i]);
        added += add_named(ctx, SCMP_ACT_ALLOW, "personality", 1, &c);
    }

    /* POLICY: clone allowed only when (flags & 0x7e020000) == 0, i.e. no new
     * namespaces (Docker's rule for callers without CAP_SYS_ADMIN). */
    {
        struct scmp_arg_cmp c = SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_NS_MASK, 0);
        added += add_named(ctx, SCMP_ACT_ALLOW, "clone", 1, &c);
    }

    /* POLICY: clone3 fails with ENOSYS (0x00050026) so libcs fall back to clone,
     * whose flags the filter can see (Docker does the same). */
    added += add_named(ctx, SCMP_ACT_ERRNO(ENOSYS), "clone3", 0, NULL);

    /* POLICY: socket(domain, ...) allowed for AF_UNIX (1), AF_INET (2),
     * AF_INET6 (10), AF_NETLINK (16); any other domain (AF_PACKET 17, AF_VSOCK 40,
     * ...) gets the default ERRNO(EPERM). */
    static const uint64_t domains[] = {AF_UNIX, AF_INET, AF_INET6, AF_NETLINK};
    for (size_t i = 0; i < sizeof(domains) / sizeof(domains[0]); i++) {
        struct scmp_arg_cmp c = SCMP_A0(SCMP_CMP_EQ, domains[i]);
        added += add_named(ctx, SCMP_ACT_ALLOW, "socket", 1, &c);
    }

    fprintf(stderr, "container: %d rules added\n", added);
    return ctx;
}

static scmp_filter_ctx small_policy(void)
{
    /* POLICY: default action KILL_PROCESS = 0x80000000. */
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
    if (!ctx) {
        fprintf(stderr, "seccomp_init failed\n");
        exit(1);
    }
    /* POLICY: bad-arch action KILL_PROCESS = 0x80000000; native arch (x86_64) only. */
    CHECK(seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS));

    /* POLICY: allowed unconditionally (0x7fff0000). */
    static const char *const allow[] = {
        "read", "write", "close", "fstat", "lseek", "munmap", "brk",
        "rt_sigreturn", "rt_sigprocmask", "futex", "clock_gettime",
        "exit", "exit_group",
    };
    for (size_t i = 0; i < sizeof(allow) / sizeof(allow[0]); i++)
        if (!add_named(ctx, SCMP_ACT_ALLOW, allow[i], 0, NULL))
            exit(1);

    /* POLICY: mmap allowed only without PROT_EXEC: (arg2 & PROT_EXEC) == 0;
     * with PROT_EXEC it falls to the default KILL_PROCESS. */
    {
        struct scmp_arg_cmp c = SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0);
        if (!add_named(ctx, SCMP_ACT_ALLOW, "mmap", 1, &c))
            exit(1);
    }
    /* POLICY: openat and open fail with EACCES: 0x0005000d. */
    if (!add_named(ctx, SCMP_ACT_ERRNO(EACCES), "openat", 0, NULL) ||
        !add_named(ctx, SCMP_ACT_ERRNO(EACCES), "open", 0, NULL))
        exit(1);
    return ctx;
}

static void export(scmp_filter_ctx ctx, const char *dir, const char *name)
{
    char path[4096];
    int fd;

    snprintf(path, sizeof(path), "%s/%s.bpf", dir, name);
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        perror(path);
        exit(1);
    }
    CHECK(seccomp_export_bpf(ctx, fd));
    close(fd);

    snprintf(path, sizeof(path), "%s/%s.pfc", dir, name);
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        perror(path);
        exit(1);
    }
    CHECK(seccomp_export_pfc(ctx, fd));
    close(fd);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s OUTDIR\n", argv[0]);
        return 2;
    }
    const struct scmp_version *v = seccomp_version();
    fprintf(stderr, "libseccomp %u.%u.%u\n", v->major, v->minor, v->micro);

    scmp_filter_ctx c = container_policy();
    export(c, argv[1], "libseccomp-container");
    seccomp_release(c);

    scmp_filter_ctx s = small_policy();
    export(s, argv[1], "libseccomp-small");
    seccomp_release(s);
    return 0;
}
