RUN: check stack-deny-seccomp.s stack-openat.s
EXIT: 1
