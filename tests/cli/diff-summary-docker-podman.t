RUN: diff ../../corpus/docker-x86_64.bpf ../../corpus/podman-x86_64.bpf --summary
EXIT: 1
