; This filter was once written in C as
;   struct sock_filter filter[] = { BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW) };
; and BPF_JUMP(...) lines; it must still read as bpf_asm.
	ld [nr]
	jeq #59, deny	; BPF_STMT in a trailing comment
	ret #ALLOW
deny:	ret #ERRNO(1)
