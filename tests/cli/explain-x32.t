RUN: explain ../../corpus/podman-x86_64.bpf --arch x86_64
