RUN: diff ../../corpus/docker-x86_64.bpf ../../corpus/podman-x86_64.bpf --arch x86 --widened-only
EXIT: 1
