/* Compile the rule list written by oci-profile.py with libseccomp and write the BPF
 * program (seccomp_export_bpf: struct sock_filter records in this machine's byte order).
 * usage: oci-profile OUT.bpf [OUT.pfc] < rules.txt
 * Rules whose syscall does not exist on an arch are left out for that arch, as the OCI
 * runtimes do (libseccomp skips unknown names per arch). */
#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char line[4096];
	scmp_filter_ctx ctx = NULL;
	int skipped = 0, added = 0;
	if (argc < 2) {
		fprintf(stderr, "usage: %s OUT.bpf [OUT.pfc] < rules\n", argv[0]);
		return 2;
	}
	while (fgets(line, sizeof line, stdin)) {
		char name[256];
		unsigned long long act;
		if (sscanf(line, "default %llx", &act) == 1) {
			ctx = seccomp_init((uint32_t)act);
			if (!ctx || seccomp_arch_remove(ctx, SCMP_ARCH_NATIVE) != 0)
				return 1;
		} else if (sscanf(line, "arch %255s", name) == 1) {
			uint32_t a = seccomp_arch_resolve_name(name);
			int rc = a ? seccomp_arch_add(ctx, a) : -EINVAL;
			if (rc != 0) {
				fprintf(stderr, "arch %s: %s\n", name, strerror(-rc));
				return 1;
			}
		} else if (strncmp(line, "rule ", 5) == 0) {
			struct scmp_arg_cmp c[6];
			unsigned n, i;
			int off = 0, nr, rc;
			if (sscanf(line, "rule %llx %255s %u%n", &act, name, &n, &off) != 3 || n > 6)
				return 1;
			char *p = line + off;
			for (i = 0; i < n; i++) {
				unsigned idx, op;
				unsigned long long v, v2;
				int used;
				if (sscanf(p, " %u %u %llu %llu%n", &idx, &op, &v, &v2, &used) != 4)
					return 1;
				p += used;
				c[i].arg = idx;
				c[i].op = op;
				c[i].datum_a = v;
				c[i].datum_b = v2;
			}
			nr = seccomp_syscall_resolve_name(name);
			if (nr == __NR_SCMP_ERROR) {
				skipped++;
				continue;
			}
			rc = seccomp_rule_add_array(ctx, (uint32_t)act, nr, n, c);
			if (rc != 0) {
				fprintf(stderr, "rule %s: %s (left out)\n", name, strerror(-rc));
				skipped++;
				continue;
			}
			added++;
		}
	}
	if (!ctx)
		return 1;
	int fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || seccomp_export_bpf(ctx, fd) != 0)
		return 1;
	close(fd);
	if (argc > 2) {
		fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 || seccomp_export_pfc(ctx, fd) != 0)
			return 1;
		close(fd);
	}
	fprintf(stderr, "%d rules added, %d left out (no such syscall on these arches)\n", added, skipped);
	seccomp_release(ctx);
	return 0;
}
