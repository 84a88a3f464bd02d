/*
 * secbpf-agent: the guest half of secbpf's VM oracle for arches the Rust agent cannot be
 * built for here (arm64, s390x; x86_64 too, so that it can be tested against the host's
 * own oracle). It knows nothing of BPF semantics: it installs the programs the host sends
 * in throwaway children and makes the syscalls the host asks for, reporting raw return
 * values. The host rewrites programs (kernel::rewrite) and decodes the values
 * (kernel::cagent), so the method is the oracle's.
 *
 * Protocol: frames as in src/kernel/vmproto.rs ("SBPF", u32 LE length, payload, u32 LE
 * FNV-1a of the payload). The agent's payloads are JSON (its hello, then one answer per
 * request); the host's requests are binary (documented in src/kernel/cagent.rs), since a
 * JSON reader in C would be the largest part of this file.
 *
 * Usage: secbpf-agent [vm-agent] --port PATH [--compat PATH]   (PATH "-": fd 0 both ways;
 *   --compat: the agent built for the kernel's 32-bit ABI, to which 'c' requests go)
 *
 * Build: cc -O2 -static -Wall -Wextra -o secbpf-agent secbpf-agent.c
 * (32-bit ARM builds add -marm: the stub and the gate are ARM-state code.)
 * (x86_64 builds add -mno-red-zone: the test call is a `call` from inline assembly).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#define VERSION 1
#define MAX_FRAME (64u << 20)
#define TRAPPED (1ull << 32)
#define NOBODY 65534
/* A child's deadline: 60 s, plus 10 ms per test it runs (TCG is slow). */
#define CHILD_TIMEOUT_MS 60000
#define PER_TEST_MS 10
#define PAGE 4096ull
#define GATE_ADDR 0x5ecc0000ull
#define MAX_PAGES 4096

#ifndef SA_RESTORER
#define SA_RESTORER 0x04000000
#endif

/* ---- per-arch: the syscall instruction before ip, a return at ip, the gate ---- */

#if defined(__aarch64__)
#define SVC_LEN 4
#define ALIGN 4
static const uint8_t *stub_bytes(void)
{
	static uint32_t s[2] = {0xd4000001u /* svc #0 */, 0xd65f03c0u /* ret */};
	return (const uint8_t *)s;
}
#define STUB_LEN 8
static uint32_t gate_code[2] = {0xd2801168u /* mov x8, #139 */, 0xd4000001u /* svc #0 */};
#define GATE_IP_OFF 8
static uint64_t test_call(uint64_t target, uint32_t nr, const uint64_t *a)
{
	register uint64_t x0 __asm__("x0") = a[0];
	register uint64_t x1 __asm__("x1") = a[1];
	register uint64_t x2 __asm__("x2") = a[2];
	register uint64_t x3 __asm__("x3") = a[3];
	register uint64_t x4 __asm__("x4") = a[4];
	register uint64_t x5 __asm__("x5") = a[5];
	register uint64_t x8 __asm__("x8") = nr;
	register uint64_t x9 __asm__("x9") = target;
	__asm__ volatile("blr x9"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "+r"(x5), "+r"(x8),
			   "+r"(x9)
			 :
			 : "x30", "memory", "cc");
	return x0;
}
static void set_ret(ucontext_t *uc, uint64_t v) { uc->uc_mcontext.regs[0] = v; }
static void die(void)
{
	for (;;)
		__asm__ volatile(".inst 0x00000000"); /* udf #0: SIGILL, no syscall */
}
static void flush(void *b, void *e) { __builtin___clear_cache(b, e); }
#define MACHINE_AUDIT "aarch64"

#elif defined(__s390x__)
#define SVC_LEN 2
#define ALIGN 2
static const uint8_t *stub_bytes(void)
{
	static const uint8_t s[4] = {0x0a, 0x00 /* svc 0: nr in r1 */, 0x07, 0xfe /* br %r14 */};
	return s;
}
#define STUB_LEN 4
static uint8_t gate_code[2] = {0x0a, 173 /* svc 173: rt_sigreturn */};
#define GATE_IP_OFF 2
static uint64_t test_call(uint64_t target, uint32_t nr, const uint64_t *a)
{
	register uint64_t r1 __asm__("r1") = nr;
	register uint64_t r2 __asm__("r2") = a[0];
	register uint64_t r3 __asm__("r3") = a[1];
	register uint64_t r4 __asm__("r4") = a[2];
	register uint64_t r5 __asm__("r5") = a[3];
	register uint64_t r6 __asm__("r6") = a[4];
	register uint64_t r7 __asm__("r7") = a[5];
	register uint64_t r9 __asm__("r9") = target;
	__asm__ volatile("basr %%r14,%%r9"
			 : "+r"(r1), "+r"(r2), "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6), "+r"(r7),
			   "+r"(r9)
			 :
			 : "r14", "memory", "cc");
	return r2;
}
static void set_ret(ucontext_t *uc, uint64_t v) { uc->uc_mcontext.gregs[2] = v; }
static void die(void)
{
	for (;;)
		__asm__ volatile(".short 0x0000"); /* operation exception: SIGILL */
}
static void flush(void *b, void *e) { (void)b, (void)e; }

#elif defined(__x86_64__)
#define SVC_LEN 2
#define ALIGN 1
static const uint8_t *stub_bytes(void)
{
	static const uint8_t s[3] = {0x0f, 0x05 /* syscall */, 0xc3 /* ret */};
	return s;
}
#define STUB_LEN 3
static uint8_t gate_code[7] = {0xb8, 15, 0, 0, 0 /* mov eax, 15 */, 0x0f, 0x05};
#define GATE_IP_OFF 7
static uint64_t test_call(uint64_t target, uint32_t nr, const uint64_t *a)
{
	uint64_t rax = nr;
	register uint64_t r10 __asm__("r10") = a[3];
	register uint64_t r8 __asm__("r8") = a[4];
	register uint64_t r9 __asm__("r9") = a[5];
	uint64_t a0 = a[0], a1 = a[1], a2 = a[2];
	__asm__ volatile("call *%[t]"
			 : "+a"(rax), "+D"(a0), "+S"(a1), "+d"(a2), "+r"(r10), "+r"(r8), "+r"(r9)
			 : [t] "b"(target)
			 : "rcx", "r11", "memory", "cc");
	return rax;
}
static void set_ret(ucontext_t *uc, uint64_t v) { uc->uc_mcontext.gregs[REG_RAX] = (greg_t)v; }
static void die(void)
{
	for (;;)
		__asm__ volatile("ud2");
}
static void flush(void *b, void *e) { (void)b, (void)e; }

#elif defined(__arm__) && !defined(__thumb__)
/* 32-bit ARM (ARM state), run as a compat task on an arm64 kernel. Registers are 32 bits:
 * the handler's value (TRAPPED | si_errno) does not fit in r0, so it is passed through
 * trap_val, and the return value is sign-extended like a 64-bit one. */
#define SVC_LEN 4
#define ALIGN 2
#define USER_TOP (1ull << 32)
static const uint8_t *stub_bytes(void)
{
	static uint32_t s[2] = {0xef000000u /* svc #0 */, 0xe12fff1eu /* bx lr */};
	return (const uint8_t *)s;
}
#define STUB_LEN 8
/* An ip that is 2 mod 4 ends a Thumb `svc #0` (2 bytes): that stub is entered in Thumb
 * state (bit 0 of the branch target) and returns to the ARM caller with `bx lr`. */
#define STUB_FNS 1
static int thumb(uint64_t ip) { return ip % 4 == 2; }
static uint64_t stub_at(uint64_t ip) { return ip - (thumb(ip) ? 2 : SVC_LEN); }
static size_t stub_len(uint64_t ip) { return thumb(ip) ? 4 : STUB_LEN; }
static const uint8_t *stub_for(uint64_t ip)
{
	static uint16_t t[2] = {0xdf00u /* svc #0 */, 0x4770u /* bx lr */};
	return thumb(ip) ? (const uint8_t *)t : stub_bytes();
}
static uint64_t stub_entry(uint64_t ip) { return stub_at(ip) | (thumb(ip) ? 1 : 0); }
/* The gate also serves calls: entered at +4 with r7 set, it returns with `bx lr`. */
static uint32_t gate_code[3] = {0xe3a070adu /* mov r7, #173 */, 0xef000000u /* svc #0 */,
				0xe12fff1eu /* bx lr */};
#define GATE_IP_OFF 8
static uint64_t test_call(uint64_t target, uint32_t nr, const uint64_t *a)
{
	register uint32_t r0 __asm__("r0") = (uint32_t)a[0];
	register uint32_t r1 __asm__("r1") = (uint32_t)a[1];
	register uint32_t r2 __asm__("r2") = (uint32_t)a[2];
	register uint32_t r3 __asm__("r3") = (uint32_t)a[3];
	register uint32_t r4 __asm__("r4") = (uint32_t)a[4];
	register uint32_t r5 __asm__("r5") = (uint32_t)a[5];
	register uint32_t r7 __asm__("r7") = nr;
	register uint32_t r6 __asm__("r6") = (uint32_t)target;
	__asm__ volatile("blx r6"
			 : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r7),
			   "+r"(r6)
			 :
			 : "lr", "ip", "memory", "cc");
	return (uint64_t)(int64_t)(int32_t)r0;
}
static void set_ret(ucontext_t *uc, uint64_t v) { (void)uc, (void)v; }
static void die(void)
{
	for (;;)
		__asm__ volatile(".inst 0xe7f000f0"); /* udf #0: SIGILL, no syscall */
}
/* Caches are flushed by a syscall here (cacheflush, 0xf0002), which a child makes under
 * its filter: it is made from the gate, which the rewritten filter lets through. */
static void flush(void *b, void *e)
{
	register uint32_t r0 __asm__("r0") = (uint32_t)(uintptr_t)b;
	register uint32_t r1 __asm__("r1") = (uint32_t)(uintptr_t)e;
	register uint32_t r2 __asm__("r2") = 0;
	register uint32_t r7 __asm__("r7") = 0xf0002;
	register uint32_t r6 __asm__("r6") = (uint32_t)GATE_ADDR + 4;
	__asm__ volatile("blx r6"
			 : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r7), "+r"(r6)
			 :
			 : "r3", "lr", "ip", "memory", "cc");
}

#else
#error "secbpf-agent supports aarch64, arm (ARM state), s390x and x86_64"
#endif

#ifndef USER_TOP
#define USER_TOP (1ull << 56)
#endif

#ifndef STUB_FNS
/* One stub for every ip: the syscall instruction ends at the ip. */
static uint64_t stub_at(uint64_t ip) { return ip - SVC_LEN; }
static size_t stub_len(uint64_t ip) { return (void)ip, STUB_LEN; }
static const uint8_t *stub_for(uint64_t ip) { return (void)ip, stub_bytes(); }
static uint64_t stub_entry(uint64_t ip) { return stub_at(ip); }
#endif

/* ---- output: a growing buffer of JSON ---- */

struct buf {
	char *p;
	size_t n, cap;
};

static void put(struct buf *b, const char *fmt, ...)
{
	for (;;) {
		va_list ap;
		va_start(ap, fmt);
		size_t room = b->cap - b->n;
		int k = vsnprintf(b->p ? b->p + b->n : NULL, b->p ? room : 0, fmt, ap);
		va_end(ap);
		if (k < 0)
			return;
		if (b->p && (size_t)k < room) {
			b->n += (size_t)k;
			return;
		}
		size_t cap = b->cap ? b->cap * 2 : 4096;
		while (cap - b->n <= (size_t)k)
			cap *= 2;
		char *q = realloc(b->p, cap);
		if (!q) {
			fprintf(stderr, "secbpf-agent: out of memory\n");
			exit(3);
		}
		b->p = q;
		b->cap = cap;
	}
}

/* A JSON string of plain text (the agent's own messages: no control characters). */
static void put_str(struct buf *b, const char *s)
{
	put(b, "\"");
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			put(b, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			put(b, " ");
		else
			put(b, "%c", *s);
	}
	put(b, "\"");
}

static void put_err(struct buf *b, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	put(b, "{\"error\":");
	put_str(b, msg);
	put(b, "}");
}

/* ---- frames ---- */

static uint32_t fnv1a(const uint8_t *p, size_t n)
{
	uint32_t h = 0x811c9dc5u;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x01000193u;
	}
	return h;
}

static int in_fd = -1, out_fd = -1;

static int read_all(int fd, uint8_t *p, size_t n)
{
	while (n) {
		ssize_t k = read(fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

static int write_all(int fd, const uint8_t *p, size_t n)
{
	while (n) {
		ssize_t k = write(fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static int write_frame_to(int fd, const uint8_t *p, size_t n)
{
	uint8_t h[8] = {'S', 'B', 'P', 'F'};
	uint8_t t[4];
	put_le32(h + 4, (uint32_t)n);
	put_le32(t, fnv1a(p, n));
	return write_all(fd, h, 8) || write_all(fd, p, n) || write_all(fd, t, 4);
}

static int write_frame(const struct buf *b)
{
	return write_frame_to(out_fd, (const uint8_t *)b->p, b->n);
}

/* Read one frame: 0 ok, -1 end of stream, -2 corrupt (checksum or length). */
static int read_frame(int fd, uint8_t **out, uint32_t *len)
{
	uint8_t seen[4] = {0}, c;
	while (memcmp(seen, "SBPF", 4)) {
		if (read_all(fd, &c, 1))
			return -1;
		memmove(seen, seen + 1, 3);
		seen[3] = c;
	}
	uint8_t h[4];
	if (read_all(fd, h, 4))
		return -1;
	uint32_t n = le32(h);
	if (n > MAX_FRAME)
		return -2;
	uint8_t *p = malloc(n ? n : 1);
	if (!p)
		return -2;
	if (read_all(fd, p, n) || read_all(fd, h, 4)) {
		free(p);
		return -1;
	}
	if (le32(h) != fnv1a(p, n)) {
		free(p);
		return -2;
	}
	*out = p;
	*len = n;
	return 0;
}

/* ---- reading a binary request ---- */

struct rd {
	const uint8_t *p;
	size_t n;
	int bad;
};

static uint64_t get(struct rd *r, int bytes)
{
	if (r->bad || r->n < (size_t)bytes) {
		r->bad = 1;
		return 0;
	}
	uint64_t v = 0;
	for (int i = 0; i < bytes; i++)
		v |= (uint64_t)r->p[i] << (8 * i);
	r->p += bytes;
	r->n -= (size_t)bytes;
	return v;
}

/* A program: u32 count, then per instruction code u16, jt u8, jf u8, k u32 (LE). */
static struct sock_filter *get_prog(struct rd *r, uint32_t *len)
{
	uint32_t n = (uint32_t)get(r, 4);
	if (r->bad || n > 65535 || (size_t)n * 8 > r->n) {
		r->bad = 1;
		return NULL;
	}
	struct sock_filter *f = calloc(n ? n : 1, sizeof *f);
	if (!f) {
		r->bad = 1;
		return NULL;
	}
	for (uint32_t i = 0; i < n; i++) {
		f[i].code = (uint16_t)get(r, 2);
		f[i].jt = (uint8_t)get(r, 1);
		f[i].jf = (uint8_t)get(r, 1);
		f[i].k = (uint32_t)get(r, 4);
	}
	*len = n;
	return f;
}

/* ---- throwaway children ---- */

static long raw(long nr, long a, long b, long c, long d, long e)
{
	long r = syscall(nr, a, b, c, d, e);
	return r < 0 ? -errno : r;
}

/* The state a child shares with the agent (MAP_SHARED). */
struct shared {
	volatile int64_t setup;
	volatile uint32_t progress; /* index + 1 of the test in progress */
	volatile uint32_t done;
	volatile uint64_t results[];
};

static volatile uint64_t *cur_slot;
static int die_on_trap;
/* The handler's value, for arches whose return register cannot hold it (arm). */
static volatile uint64_t trap_val;
static volatile int trapped;

static void on_sigsys(int sig, siginfo_t *si, void *ucv)
{
	(void)sig;
	uint64_t v = TRAPPED | (uint16_t)si->si_errno;
	if (die_on_trap) {
		*cur_slot = v;
		die();
	}
	trap_val = v;
	trapped = 1;
	set_ret((ucontext_t *)ucv, v);
}

struct ksigaction {
	void *handler;
	unsigned long flags;
	void *restorer;
	uint32_t mask[2];
};

/* Steps a child takes before installing: 0 or -errno. */
static long child_setup(int drop_privs, int no_new_privs)
{
	long r = raw(SYS_prctl, PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	if (r < 0)
		return r;
	struct rlimit z = {0, 0};
	if (setrlimit(RLIMIT_CORE, &z))
		return -errno;
	struct ksigaction sa = {(void *)on_sigsys, SA_SIGINFO | SA_RESTORER | SA_NODEFER,
				(void *)(uintptr_t)GATE_ADDR, {0, 0}};
	r = raw(SYS_rt_sigaction, SIGSYS, (long)&sa, 0, 8, 0);
	if (r < 0)
		return r;
	if (drop_privs && geteuid() == 0) {
		if ((r = raw(SYS_setgroups, 0, 0, 0, 0, 0)) < 0 ||
		    (r = raw(SYS_setresgid, NOBODY, NOBODY, NOBODY, 0, 0)) < 0 ||
		    (r = raw(SYS_setresuid, NOBODY, NOBODY, NOBODY, 0, 0)) < 0)
			return r;
	}
	if (no_new_privs && (r = raw(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)) < 0)
		return r;
	return 0;
}

enum ended { EXITED, SIGNALED, TIMED_OUT };

/* Wait for child `pid` at most `ms` milliseconds, then kill it. */
static enum ended wait_child(pid_t pid, int *code, int ms)
{
	int pfd = (int)syscall(SYS_pidfd_open, pid, 0);
	int status = 0;
	if (pfd >= 0) {
		struct pollfd p = {pfd, POLLIN, 0};
		int k;
		do
			k = poll(&p, 1, ms);
		while (k < 0 && errno == EINTR);
		close(pfd);
		if (k == 0) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			return TIMED_OUT;
		}
	} else {
		/* No pidfd_open (before 5.3): poll waitpid. */
		for (int i = 0; i < ms; i++) {
			if (waitpid(pid, &status, WNOHANG) == pid)
				goto reaped;
			usleep(1000);
		}
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		return TIMED_OUT;
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
reaped:
	if (WIFSIGNALED(status)) {
		*code = WTERMSIG(status);
		return SIGNALED;
	}
	*code = WEXITSTATUS(status);
	return EXITED;
}

static const char *ended_str(enum ended e, int code, char *tmp, size_t n)
{
	if (e == TIMED_OUT)
		return "timeout";
	snprintf(tmp, n, e == SIGNALED ? "signal %d" : "exit status %d", code);
	return tmp;
}

static struct shared *shared_map(size_t nres)
{
	size_t sz = sizeof(struct shared) + nres * sizeof(uint64_t);
	void *p = mmap(NULL, sz, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

static void shared_unmap(struct shared *s, size_t nres)
{
	munmap(s, sizeof(struct shared) + nres * sizeof(uint64_t));
}

/* accept: u32 flags, u8 nnp, u8 cap, u8 prctl, u32 n, n programs.
 * Answer: {"ok": [ret...]}: each seccomp(2)/prctl return value (0, an fd, or -errno). */
static void op_accept(struct rd *r, struct buf *o)
{
	uint32_t flags = (uint32_t)get(r, 4);
	int nnp = (int)get(r, 1), cap = (int)get(r, 1), via_prctl = (int)get(r, 1);
	uint32_t n = (uint32_t)get(r, 4);
	if (r->bad || n > 64) {
		put_err(o, "a malformed accept request");
		return;
	}
	struct sock_fprog progs[64];
	memset(progs, 0, sizeof progs);
	for (uint32_t i = 0; i < n; i++) {
		uint32_t len = 0;
		progs[i].filter = get_prog(r, &len);
		progs[i].len = (unsigned short)len;
	}
	struct shared *s = r->bad ? NULL : shared_map(n);
	if (!s) {
		put_err(o, r->bad ? "a malformed accept request" : "cannot map shared memory");
		goto out;
	}
	s->setup = INT64_MIN;
	pid_t pid = fork();
	if (pid == 0) {
		long e = child_setup(!cap, nnp);
		s->setup = e;
		if (e == 0) {
			for (uint32_t i = 0; i < n; i++) {
				long k = via_prctl
					     ? raw(SYS_prctl, PR_SET_SECCOMP, SECCOMP_MODE_FILTER,
						   (long)&progs[i], 0, 0)
					     : raw(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags,
						   (long)&progs[i], 0, 0);
				s->results[i] = (uint64_t)k;
			}
			s->done = 1;
		}
		die();
	}
	if (pid < 0) {
		put_err(o, "cannot fork: %s", strerror(errno));
		goto out_unmap;
	}
	int code = 0;
	char tmp[64];
	enum ended e = wait_child(pid, &code, CHILD_TIMEOUT_MS);
	if (s->setup != 0) {
		if (s->setup == INT64_MIN)
			put_err(o, "the child ended before setting up (%s)", ended_str(e, code, tmp, 64));
		else
			put_err(o, "the child could not set up: %s", strerror((int)-s->setup));
	} else if (!s->done) {
		put_err(o,
			"the child ended while installing (%s): an earlier filter refused the call "
			"that installs the next one",
			ended_str(e, code, tmp, 64));
	} else {
		put(o, "{\"ok\":[");
		for (uint32_t i = 0; i < n; i++)
			put(o, "%s%lld", i ? "," : "", (long long)(int64_t)s->results[i]);
		put(o, "]}");
	}
out_unmap:
	shared_unmap(s, n);
out:
	for (uint32_t i = 0; i < n; i++)
		free(progs[i].filter);
}

struct test {
	uint32_t nr;
	uint64_t ip;
	uint64_t args[6];
	const char *unaskable; /* why the ip cannot be had, or NULL */
};

/* Pages mapped for the tests of one request. */
static uint64_t pages[MAX_PAGES];
static int npages;

static const char *map_page(uint64_t page)
{
	for (int i = 0; i < npages; i++)
		if (pages[i] == page)
			return NULL;
	if (npages == MAX_PAGES)
		return "too many pages in one request";
	void *p = mmap((void *)(uintptr_t)page, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (p == MAP_FAILED)
		return errno == EEXIST ? "the page is taken by the agent itself"
				       : "the kernel refuses to map that page";
	if ((uint64_t)(uintptr_t)p != page) {
		munmap(p, PAGE);
		return "the kernel refuses to map that page";
	}
	pages[npages++] = page;
	return NULL;
}

static void unmap_pages(void)
{
	for (int i = 0; i < npages; i++)
		munmap((void *)(uintptr_t)pages[i], PAGE);
	npages = 0;
}

/* Map what a test's stub needs: [stub_at(ip), stub_at(ip) + stub_len(ip)). */
static void place(struct test *t)
{
	uint64_t lo = stub_at(t->ip), hi = lo + stub_len(t->ip) - 1;
	if (t->ip < PAGE || t->ip % ALIGN || hi < lo || hi >= USER_TOP) {
		t->unaskable = "no stub can end at that ip (alignment or range)";
		return;
	}
	if (lo < GATE_ADDR + PAGE && hi >= GATE_ADDR) {
		t->unaskable = "the ip is on the agent's gate page";
		return;
	}
	for (uint64_t pg = lo & ~(PAGE - 1); pg <= (hi & ~(PAGE - 1)); pg += PAGE) {
		const char *why = map_page(pg);
		if (why) {
			t->unaskable = why;
			return;
		}
	}
}

struct run {
	struct sock_fprog prog;
	struct sock_fprog pre[64];
	uint32_t npre;
	struct test *tests;
	uint32_t *idx; /* which tests this child runs, in order */
	uint32_t n;
};

/* Write the stub that ends at t's ip, unless it is there already (written earlier in this
 * child, so already flushed): a later test's stub may overlap an earlier one's. */
static void put_stub(const struct test *t)
{
	uint8_t *at = (uint8_t *)(uintptr_t)stub_at(t->ip);
	const uint8_t *stub = stub_for(t->ip);
	size_t n = stub_len(t->ip);
	if (memcmp(at, stub, n) != 0) {
		memcpy(at, stub, n);
		flush(at, at + n);
	}
}

/* The child of a run: install, then one test call per test; never returns. */
static void run_child(const struct run *rn, struct shared *s, uint32_t start, int drop_privs)
{
	long e = child_setup(drop_privs, 1);
	if (e != 0) {
		s->setup = e;
		die();
	}
	/* The first test's stub is written (and, where that is a syscall, flushed) before any
	 * filter is installed: a stack's outcome runs its filters as given, without the
	 * rewrite's gate, so a flush after installing would be a call the filters judge. */
	if (start < rn->n)
		put_stub(&rn->tests[rn->idx[start]]);
	for (uint32_t i = 0; i < rn->npre; i++) {
		e = raw(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, (long)&rn->pre[i], 0, 0);
		if (e != 0) {
			s->setup = e;
			die();
		}
	}
	e = raw(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, (long)&rn->prog, 0, 0);
	s->setup = e;
	if (e != 0)
		die();
	for (uint32_t i = start; i < rn->n; i++) {
		const struct test *t = &rn->tests[rn->idx[i]];
		s->progress = i + 1;
		cur_slot = &s->results[i];
		*cur_slot = ~0ull;
		put_stub(t);
		trapped = 0;
		uint64_t v = test_call(stub_entry(t->ip), t->nr, t->args);
		if (trapped)
			v = trap_val;
		*cur_slot = v;
	}
	s->done = 1;
	die();
}

/* Run tests idx[0..n) under rn->prog, a new child after each one that kills it.
 * res[i]: the value, or with dead[i] set, the signal that killed the child on it. */
static const char *run_tests(struct run *rn, uint64_t *res, int *dead, int *died_sig)
{
	static char why[256];
	struct shared *s = shared_map(rn->n);
	if (!s)
		return "cannot map shared memory";
	uint32_t start = 0;
	const char *err = NULL;
	while (start < rn->n) {
		s->setup = INT64_MIN;
		s->progress = 0;
		s->done = 0;
		pid_t pid = fork();
		if (pid == 0)
			run_child(rn, s, start, 1);
		if (pid < 0) {
			err = "cannot fork";
			break;
		}
		int code = 0;
		char tmp[64];
		long ms = CHILD_TIMEOUT_MS + (long)(rn->n - start) * PER_TEST_MS;
		enum ended e = wait_child(pid, &code, ms > 3600000 ? 3600000 : (int)ms);
		if (s->setup != 0) {
			if (s->setup == INT64_MIN)
				snprintf(why, sizeof why, "the child ended before installing the filter (%s)",
					 ended_str(e, code, tmp, 64));
			else
				snprintf(why, sizeof why, "errno %lld: the child could not install the filter: %s",
					 (long long)-s->setup, strerror((int)-s->setup));
			err = why;
			break;
		}
		if (s->done) {
			for (uint32_t i = start; i < rn->n; i++)
				res[i] = s->results[i], dead[i] = 0;
			break;
		}
		uint32_t pr = s->progress;
		if (pr == 0 || pr <= start) {
			snprintf(why, sizeof why, "the child ended before its first test (%s)",
				 ended_str(e, code, tmp, 64));
			err = why;
			break;
		}
		if (e != SIGNALED) {
			snprintf(why, sizeof why, "test %u: the child ended (%s)", pr - 1,
				 ended_str(e, code, tmp, 64));
			err = why;
			break;
		}
		for (uint32_t i = start; i < pr - 1; i++)
			res[i] = s->results[i], dead[i] = 0;
		res[pr - 1] = s->results[pr - 1];
		dead[pr - 1] = 1;
		died_sig[pr - 1] = code;
		start = pr;
	}
	shared_unmap(s, rn->n);
	return err;
}

static void put_result(struct buf *o, uint64_t v, int dead, int sig)
{
	if (dead)
		put(o, "{\"sig\":%d,\"slot\":%llu}", sig, (unsigned long long)v);
	else
		put(o, "%llu", (unsigned long long)v);
}

/* exec: u8 die_on_trap, u32 npre, npre programs, program low, program high (0
 * instructions: none), u32 ntests, per test u32 nr, u64 ip, u64 args[6].
 * Runs every test under low, then those whose low value is TRAPPED | 16 bits under high.
 * Answer: {"ok": {"low": [r...], "high": [r or null...]}}, r a value, {"sig": s, "slot":
 * v} for a child killed on that test, or {"unaskable": why}. */
static void op_exec(struct rd *r, struct buf *o)
{
	struct run rn;
	memset(&rn, 0, sizeof rn);
	struct sock_filter *high = NULL;
	uint32_t high_len = 0, nt = 0;
	struct test *tests = NULL;
	uint32_t *idx = NULL, *hidx = NULL;
	uint64_t *res = NULL, *hres = NULL;
	int *dead = NULL, *sig = NULL, *hdead = NULL, *hsig = NULL, *hat = NULL;

	die_on_trap = (int)get(r, 1);
	rn.npre = (uint32_t)get(r, 4);
	if (r->bad || rn.npre > 64) {
		put_err(o, "a malformed exec request");
		return;
	}
	for (uint32_t i = 0; i < rn.npre; i++) {
		uint32_t len = 0;
		rn.pre[i].filter = get_prog(r, &len);
		rn.pre[i].len = (unsigned short)len;
	}
	uint32_t low_len = 0;
	rn.prog.filter = get_prog(r, &low_len);
	rn.prog.len = (unsigned short)low_len;
	high = get_prog(r, &high_len);
	nt = (uint32_t)get(r, 4);
	if (r->bad || (size_t)nt * 60 > r->n) {
		put_err(o, "a malformed exec request");
		goto out;
	}
	tests = calloc(nt + 1, sizeof *tests);
	idx = calloc(nt + 1, sizeof *idx);
	hidx = calloc(nt + 1, sizeof *hidx);
	res = calloc(nt + 1, sizeof *res);
	hres = calloc(nt + 1, sizeof *hres);
	dead = calloc(nt + 1, sizeof *dead);
	sig = calloc(nt + 1, sizeof *sig);
	hdead = calloc(nt + 1, sizeof *hdead);
	hsig = calloc(nt + 1, sizeof *hsig);
	hat = calloc(nt + 1, sizeof *hat);
	if (!tests || !idx || !hidx || !res || !hres || !dead || !sig || !hdead || !hsig || !hat) {
		put_err(o, "out of memory");
		goto out;
	}
	for (uint32_t i = 0; i < nt; i++) {
		tests[i].nr = (uint32_t)get(r, 4);
		tests[i].ip = get(r, 8);
		for (int j = 0; j < 6; j++)
			tests[i].args[j] = get(r, 8);
	}
	uint32_t n = 0;
	for (uint32_t i = 0; i < nt; i++) {
		place(&tests[i]);
		if (!tests[i].unaskable)
			idx[n++] = i;
	}
	rn.tests = tests;
	rn.idx = idx;
	rn.n = n;
	const char *err = n ? run_tests(&rn, res, dead, sig) : NULL;
	if (err) {
		put_err(o, "%s", err);
		goto out;
	}
	/* The high half, for tests whose low run ended in the TRAP epilogue. */
	uint32_t nh = 0;
	for (uint32_t j = 0; j < n; j++)
		if (!dead[j] && (res[j] & TRAPPED) && (res[j] >> 33) == 0)
			hat[j] = 1, hidx[nh++] = idx[j];
	if (nh && high_len) {
		rn.prog.filter = high;
		rn.prog.len = (unsigned short)high_len;
		rn.idx = hidx;
		rn.n = nh;
		err = run_tests(&rn, hres, hdead, hsig);
		rn.prog.filter = NULL; /* freed below as `high` */
		if (err) {
			put_err(o, "high half: %s", err);
			goto out;
		}
	}
	put(o, "{\"ok\":{\"low\":[");
	for (uint32_t i = 0, j = 0; i < nt; i++) {
		if (i)
			put(o, ",");
		if (tests[i].unaskable) {
			put(o, "{\"unaskable\":");
			put_str(o, tests[i].unaskable);
			put(o, "}");
		} else {
			put_result(o, res[j], dead[j], sig[j]);
			j++;
		}
	}
	put(o, "],\"high\":[");
	for (uint32_t i = 0, j = 0, h = 0; i < nt; i++) {
		if (i)
			put(o, ",");
		if (tests[i].unaskable) {
			put(o, "null");
			continue;
		}
		if (hat[j] && high_len) {
			put_result(o, hres[h], hdead[h], hsig[h]);
			h++;
		} else {
			put(o, "null");
		}
		j++;
	}
	put(o, "]}}");
out:
	unmap_pages();
	for (uint32_t i = 0; i < rn.npre; i++)
		free(rn.pre[i].filter);
	if (rn.prog.filter != high)
		free(rn.prog.filter);
	free(high);
	free(tests), free(idx), free(hidx), free(res), free(hres);
	free(dead), free(sig), free(hdead), free(hsig), free(hat);
}

static uint64_t gate_ip;
static char seccomp_why[128];
static char *compat_hello;

static void hello(struct buf *o)
{
	struct utsname u;
	memset(&u, 0, sizeof u);
	uname(&u);
	put(o, "{\"hello\":\"secbpf-agent\",\"agent\":\"c\",\"protocol\":\"binary\",\"version\":%d,"
	       "\"release\":",
	    VERSION);
	put_str(o, u.release);
	put(o, ",\"machine\":");
#if defined(__arm__)
	/* The ABI of the syscalls this agent makes (uname says the kernel's, aarch64). */
	put_str(o, "arm");
#else
	put_str(o, u.machine);
#endif
	put(o, ",\"gate\":%llu,\"seccomp\":", (unsigned long long)gate_ip);
	if (seccomp_why[0])
		put_str(o, seccomp_why);
	else
		put(o, "null");
	if (compat_hello)
		put(o, ",\"compat\":%s", compat_hello);
	put(o, "}");
}

/* The compat agent (--compat PATH): this agent's program built for the kernel's 32-bit
 * ABI (arm on arm64), run as a child talking frames on a socket; 'c' requests are relayed
 * to it. Started at startup and again after it ends. */
static const char *compat_path;
static int compat_fd = -1;
static pid_t compat_pid;

static void compat_start(void)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return;
	pid_t pid = fork();
	if (pid == 0) {
		dup2(sv[1], 0);
		dup2(sv[1], 1);
		execl(compat_path, compat_path, "vm-agent", "--port", "-", (char *)NULL);
		_exit(127);
	}
	close(sv[1]);
	if (pid < 0) {
		close(sv[0]);
		return;
	}
	uint8_t *h = NULL;
	uint32_t n = 0;
	if (read_frame(sv[0], &h, &n)) {
		close(sv[0]);
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return;
	}
	free(compat_hello);
	compat_hello = malloc(n + 1);
	if (compat_hello) {
		memcpy(compat_hello, h, n);
		compat_hello[n] = 0;
	}
	free(h);
	compat_fd = sv[0];
	compat_pid = pid;
}

static void compat_stop(void)
{
	if (compat_fd >= 0) {
		close(compat_fd);
		kill(compat_pid, SIGKILL);
		waitpid(compat_pid, NULL, 0);
		compat_fd = -1;
	}
}

/* c: a request for the compat agent; its answer is the answer. */
static void op_compat(struct rd *r, struct buf *o)
{
	if (!compat_path) {
		put_err(o, "this agent has no compat agent");
		return;
	}
	if (compat_fd < 0)
		compat_start();
	uint8_t *a = NULL;
	uint32_t n = 0;
	if (compat_fd < 0 || write_frame_to(compat_fd, r->p, r->n) || read_frame(compat_fd, &a, &n)) {
		compat_stop();
		put_err(o, "the compat agent %s ended or cannot be started", compat_path);
		return;
	}
	put(o, "%.*s", (int)n, (const char *)a);
	free(a);
	r->p += r->n;
	r->n = 0;
}

static int answer(const uint8_t *p, size_t n, struct buf *o, int depth);

/* many: u32 count, then per request u32 length and the request. Answer: {"ok": [...]}. */
static void op_many(struct rd *r, struct buf *o, int depth)
{
	uint32_t n = (uint32_t)get(r, 4);
	if (r->bad || depth > 2) {
		put_err(o, "a malformed many request");
		return;
	}
	put(o, "{\"ok\":[");
	for (uint32_t i = 0; i < n; i++) {
		uint32_t len = (uint32_t)get(r, 4);
		if (r->bad || len > r->n) {
			r->bad = 1;
			break;
		}
		if (i)
			put(o, ",");
		answer(r->p, len, o, depth + 1);
		r->p += len;
		r->n -= len;
	}
	if (r->bad) {
		/* Start over with a plain error: the array so far may be cut anywhere. */
		o->n = 0;
		put_err(o, "a malformed many request");
		return;
	}
	put(o, "]}");
}

/* Answer one request into o; 1 when the agent should stop (bye). */
static int answer(const uint8_t *p, size_t n, struct buf *o, int depth)
{
	struct rd r = {p, n, 0};
	int op = (int)get(&r, 1);
	switch (op) {
	case 'a':
		op_accept(&r, o);
		break;
	case 'x':
		op_exec(&r, o);
		break;
	case 'c':
		op_compat(&r, o);
		break;
	case 'm': {
		struct buf sub = {0};
		op_many(&r, &sub, depth);
		put(o, "%.*s", (int)sub.n, sub.p ? sub.p : "");
		free(sub.p);
		break;
	}
	case 'h':
		put(o, "{\"ok\":");
		hello(o);
		put(o, "}");
		break;
	case 's':
		sleep((unsigned)get(&r, 4));
		put(o, "{\"ok\":\"slept\"}");
		break;
	case 'e':
		exit((int)get(&r, 4));
	case 'b':
		put(o, "{\"ok\":\"bye\"}");
		return 1;
	default:
		put_err(o, "unknown op %d", op);
	}
	return 0;
}

/* Whether seccomp filters can be installed here: a child installs `ret ALLOW`. */
static void probe_seccomp(void)
{
	struct sock_filter allow = {BPF_RET | BPF_K, 0, 0, SECCOMP_RET_ALLOW};
	uint8_t req[1 + 4 + 3 + 4 + 4 + 8];
	uint8_t *q = req;
	*q++ = 'a';
	put_le32(q, 0), q += 4;
	*q++ = 1, *q++ = 0, *q++ = 0;
	put_le32(q, 1), q += 4;
	put_le32(q, 1), q += 4;
	q[0] = (uint8_t)allow.code, q[1] = (uint8_t)(allow.code >> 8), q[2] = 0, q[3] = 0;
	put_le32(q + 4, allow.k);
	struct buf o = {0};
	struct rd r = {req + 1, sizeof req - 1, 0};
	op_accept(&r, &o);
	if (!o.p || strncmp(o.p, "{\"ok\":[0]}", o.n))
		snprintf(seccomp_why, sizeof seccomp_why, "installing ret ALLOW gave %.*s",
			 (int)(o.n > 80 ? 80 : o.n), o.p ? o.p : "nothing");
	free(o.p);
}

int main(int argc, char **argv)
{
	const char *port = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--port") && i + 1 < argc)
			port = argv[++i];
		else if (!strcmp(argv[i], "--compat") && i + 1 < argc)
			compat_path = argv[++i];
		else if (strcmp(argv[i], "vm-agent")) {
			fprintf(stderr, "usage: secbpf-agent [vm-agent] --port PATH|- [--compat PATH]\n");
			return 2;
		}
	}
	if (!port) {
		fprintf(stderr, "usage: secbpf-agent [vm-agent] --port PATH|-\n");
		return 2;
	}
	if (!strcmp(port, "-")) {
		in_fd = 0;
		out_fd = 1;
	} else {
		in_fd = out_fd = open(port, O_RDWR | O_NOCTTY);
		if (in_fd < 0) {
			fprintf(stderr, "secbpf-agent: %s: %s\n", port, strerror(errno));
			return 2;
		}
	}
	void *g = mmap((void *)(uintptr_t)GATE_ADDR, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (g == MAP_FAILED || (uint64_t)(uintptr_t)g != GATE_ADDR) {
		fprintf(stderr, "secbpf-agent: cannot map the gate page: %s\n", strerror(errno));
		return 2;
	}
	memcpy(g, gate_code, sizeof gate_code);
	__builtin___clear_cache((char *)g, (char *)g + sizeof gate_code);
	mprotect(g, PAGE, PROT_READ | PROT_EXEC);
	gate_ip = GATE_ADDR + GATE_IP_OFF;
	probe_seccomp();
	if (compat_path) {
		signal(SIGPIPE, SIG_IGN);
		compat_start();
	}
	struct buf o = {0};
	hello(&o);
	if (write_frame(&o))
		return 1;
	for (;;) {
		uint8_t *req = NULL;
		uint32_t n = 0;
		int k = read_frame(in_fd, &req, &n);
		if (k == -1)
			return 0;
		o.n = 0;
		if (k == -2) {
			put_err(&o, "a frame's checksum or length is wrong (the line corrupted it)");
			if (write_frame(&o))
				return 1;
			continue;
		}
		int stop = answer(req, n, &o, 0);
		free(req);
		if (write_frame(&o))
			return 1;
		if (stop)
			return 0;
	}
}
