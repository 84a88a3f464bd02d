RUN: diff ../../corpus/sshd-preauth.bpf ../../corpus/sshd-preauth.bpf
