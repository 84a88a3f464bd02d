RUN: lint ../../corpus/vsftpd-0.bpf --json
