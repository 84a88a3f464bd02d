/*
 * kernel-check.c - ask the running Linux kernel whether it accepts a raw seccomp
 * filter file, and optionally what the installed filter does to one syscall.
 *
 * Usage: kernel-check FILE.bpf [NR [ARG0 .. ARG5]]
 *
 * FILE.bpf holds `struct sock_filter` records (8 bytes each, native byte order).
 * A forked child sets PR_SET_NO_NEW_PRIVS, then calls
 * seccomp(SECCOMP_SET_MODE_FILTER, 0, &prog) and reports the outcome to the parent
 * over a pipe.  If NR is given, the child then makes syscall NR with the given
 * arguments (decimal or 0x-hex; missing ones are 0) under the filter and reports its
 * return value and errno, or the parent reports the signal that killed the child.
 * Only probe syscalls that are harmless to run for real.
 *
 * Output, one line:
 *   accepted
 *   rejected errno=22 (Invalid argument)
 *   accepted; probe nr=257: ret=-1 errno=13 (Permission denied)
 *   accepted; probe nr=39: killed by signal 31 (Bad system call)
 * Exit status: 0 accepted, 1 rejected, 2 usage/IO error.
 *
 * Build: gcc -O2 -Wall -o kernel-check kernel-check.c
 */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

struct report {
    int install_rc;
    int install_errno;
    int probed;
    long probe_ret;
    int probe_errno;
};

static struct sock_filter *read_filter(const char *path, unsigned short *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(2);
    }
    static struct sock_filter insns[BPF_MAXINSNS + 1];
    size_t n = fread(insns, sizeof(insns[0]), BPF_MAXINSNS + 1, f);
    if (ferror(f) || fgetc(f) != EOF) {
        fprintf(stderr, "%s: read error or longer than %d instructions\n", path,
                BPF_MAXINSNS + 1);
        exit(2);
    }
    fclose(f);
    /* One more than BPF_MAXINSNS is passed on as is: the kernel must refuse it. */
    *len = (unsigned short)n;
    return insns;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 9) {
        fprintf(stderr, "usage: %s FILE.bpf [NR [ARG0 .. ARG5]]\n", argv[0]);
        return 2;
    }
    struct sock_fprog prog;
    prog.filter = read_filter(argv[1], &prog.len);

    long nr = -1;
    unsigned long args[6] = {0};
    int probe = argc >= 3;
    if (probe) {
        nr = strtol(argv[2], NULL, 0);
        for (int i = 3; i < argc; i++)
            args[i - 3] = strtoul(argv[i], NULL, 0);
    }

    int fds[2];
    if (pipe(fds) < 0) {
        perror("pipe");
        return 2;
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        return 2;
    }
    if (pid == 0) {
        struct report r = {0};
        close(fds[0]);
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
            r.install_rc = -1;
            r.install_errno = errno;
        } else {
            r.install_rc = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
            r.install_errno = r.install_rc < 0 ? errno : 0;
        }
        if (r.install_rc == 0 && probe) {
            /* Send the install result first: the probe may kill us. */
            if (write(fds[1], &r, sizeof(r)) != sizeof(r))
                _exit(3);
            errno = 0;
            r.probed = 1;
            r.probe_ret = syscall(nr, args[0], args[1], args[2], args[3], args[4], args[5]);
            r.probe_errno = r.probe_ret == -1 ? errno : 0;
        }
        if (write(fds[1], &r, sizeof(r)) != sizeof(r))
            _exit(3);
        _exit(0);
    }
    close(fds[1]);
    struct report r = {0}, tmp;
    int got = 0;
    while (read(fds[0], &tmp, sizeof(tmp)) == sizeof(tmp)) {
        r = tmp;
        got++;
    }
    int status = 0;
    waitpid(pid, &status, 0);
    if (!got) {
        fprintf(stderr, "child reported nothing (status %#x)\n", status);
        return 2;
    }
    if (r.install_rc != 0) {
        printf("rejected errno=%d (%s)\n", r.install_errno, strerror(r.install_errno));
        return 1;
    }
    printf("accepted");
    if (probe) {
        printf("; probe nr=%ld: ", nr);
        if (WIFSIGNALED(status))
            printf("killed by signal %d (%s)", WTERMSIG(status), strsignal(WTERMSIG(status)));
        else if (!r.probed)
            printf("no report (status %#x)", status);
        else if (r.probe_ret == -1)
            printf("ret=-1 errno=%d (%s)", r.probe_errno, strerror(r.probe_errno));
        else
            printf("ret=%ld", r.probe_ret);
    }
    printf("\n");
    return 0;
}
