RUN: check stack-rw-only.s stack-openat.s stack-openat.s
EXIT: 1
