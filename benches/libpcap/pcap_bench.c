/*
 * pcap_bench.c - time libpcap's C interpreter, bpf_filter(), on a seccomp filter.
 *
 * Usage: pcap_bench FILTER.bpf INPUTS.bin [--expect RESULTS.txt] [--passes N]
 *                   [--min-ms MS]
 *
 *   FILTER.bpf   raw struct sock_filter records (8 bytes each, native byte order);
 *                struct bpf_insn has the same layout.
 *   INPUTS.bin   64-byte struct seccomp_data records, native byte order.
 *   RESULTS.txt  one expected 32-bit return value per input (decimal or 0x hex, one
 *                per line), e.g. secbpf's answers: every input is checked first and
 *                any difference is an error (exit 1).
 *   --passes N   passes over the inputs to time (default: as many as fill --min-ms,
 *                default 1000 ms, after one calibration pass).
 *
 * libpcap loads packet words big-endian (BPF_LD|BPF_W|BPF_ABS reads 4 bytes as a
 * network-order number) while seccomp loads them in the host's order, so each 32-bit
 * word of every record is byte-swapped once, before timing: libpcap then reads
 * exactly the word values seccomp would.  Seccomp filters only load whole aligned
 * words (the kernel refuses anything else), and BPF_LEN is 64 for both (wirelen =
 * buflen = 64).
 *
 * Prints {"ns_per_eval": float, "evals": int} on stdout.
 *
 * Build: gcc -O2 -Wall -o pcap_bench pcap_bench.c -lpcap
 */
#include <sys/types.h> /* u_int, u_char for pcap/bpf.h */
#include <pcap/bpf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RECORD 64

static void *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(2);
    }
    size_t cap = 1 << 16, n = 0;
    unsigned char *buf = malloc(cap);
    for (;;) {
        if (n == cap)
            buf = realloc(buf, cap *= 2);
        size_t got = fread(buf + n, 1, cap - n, f);
        if (got == 0)
            break;
        n += got;
    }
    if (ferror(f)) {
        perror(path);
        exit(2);
    }
    fclose(f);
    *len = n;
    return buf;
}

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* One pass over every input; the sum keeps the calls from being optimized away. */
static uint32_t pass(const struct bpf_insn *prog, const unsigned char *in, size_t count)
{
    uint32_t acc = 0;
    for (size_t i = 0; i < count; i++)
        acc += bpf_filter(prog, in + i * RECORD, RECORD, RECORD);
    return acc;
}

int main(int argc, char **argv)
{
    const char *filter_path = NULL, *inputs_path = NULL, *expect_path = NULL;
    long passes = 0;
    double min_ms = 1000;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--expect") && i + 1 < argc)
            expect_path = argv[++i];
        else if (!strcmp(argv[i], "--passes") && i + 1 < argc)
            passes = strtol(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "--min-ms") && i + 1 < argc)
            min_ms = strtod(argv[++i], NULL);
        else if (!filter_path)
            filter_path = argv[i];
        else if (!inputs_path)
            inputs_path = argv[i];
        else
            filter_path = NULL, i = argc; /* too many: usage */
    }
    if (!filter_path || !inputs_path) {
        fprintf(stderr,
                "usage: %s FILTER.bpf INPUTS.bin [--expect RESULTS.txt] [--passes N] "
                "[--min-ms MS]\n",
                argv[0]);
        return 2;
    }

    size_t flen, ilen;
    struct bpf_insn *prog = read_all(filter_path, &flen);
    unsigned char *in = read_all(inputs_path, &ilen);
    if (flen == 0 || flen % sizeof(struct bpf_insn)) {
        fprintf(stderr, "%s: not whole 8-byte records\n", filter_path);
        return 2;
    }
    if (ilen == 0 || ilen % RECORD) {
        fprintf(stderr, "%s: not whole 64-byte records\n", inputs_path);
        return 2;
    }
    int ninsns = (int)(flen / sizeof(struct bpf_insn));
    size_t count = ilen / RECORD;
    if (!bpf_validate(prog, ninsns))
        fprintf(stderr, "warning: libpcap's bpf_validate refuses %s\n", filter_path);

    /* Native-order words -> the byte order libpcap's word loads expect. */
    for (size_t off = 0; off + 4 <= ilen; off += 4) {
        uint32_t w;
        memcpy(&w, in + off, 4);
        w = __builtin_bswap32(w);
        memcpy(in + off, &w, 4);
    }

    if (expect_path) {
        FILE *f = fopen(expect_path, "r");
        if (!f) {
            perror(expect_path);
            return 2;
        }
        size_t i = 0, bad = 0;
        char line[128];
        while (fgets(line, sizeof(line), f)) {
            if (line[0] == '\n' || line[0] == '\0')
                continue;
            if (i >= count) {
                fprintf(stderr, "%s: more results than inputs\n", expect_path);
                return 2;
            }
            uint32_t want = (uint32_t)strtoull(line, NULL, 0);
            uint32_t got = bpf_filter(prog, in + i * RECORD, RECORD, RECORD);
            if (got != want && bad++ < 10)
                fprintf(stderr, "input %zu: libpcap returns %#010x, expected %#010x\n", i,
                        got, want);
            i++;
        }
        fclose(f);
        if (i != count) {
            fprintf(stderr, "%s: %zu results for %zu inputs\n", expect_path, i, count);
            return 2;
        }
        if (bad) {
            fprintf(stderr, "%zu of %zu results differ\n", bad, count);
            return 1;
        }
        fprintf(stderr, "libpcap agrees on all %zu inputs\n", count);
    }

    volatile uint32_t sink = 0;
    if (passes <= 0) {
        /* Calibrate: one warm-up pass, then enough passes to fill min_ms. */
        double t0 = now_ns();
        sink += pass(prog, in, count);
        double one = now_ns() - t0;
        passes = (long)(min_ms * 1e6 / (one > 1 ? one : 1)) + 1;
    }
    double t0 = now_ns();
    for (long p = 0; p < passes; p++)
        sink += pass(prog, in, count);
    double elapsed = now_ns() - t0;
    (void)sink;

    double evals = (double)passes * (double)count;
    printf("{\"ns_per_eval\": %.3f, \"evals\": %.0f}\n", elapsed / evals, evals);
    return 0;
}
