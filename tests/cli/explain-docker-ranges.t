RUN: explain ../../corpus/docker-x86_64.bpf --budget-time 600
