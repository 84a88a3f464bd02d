RUN: lint ../../corpus/sshd-preauth.bpf
