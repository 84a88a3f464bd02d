RUN: explain ../../corpus/sshd-preauth.bpf
