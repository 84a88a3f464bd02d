RUN: check --install-via prctl stack-deny-seccomp.s stack-openat.s
