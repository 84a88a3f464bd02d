struct sock_filter filter[] = {
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (~0U >> 16)),
};
