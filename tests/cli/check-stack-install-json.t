RUN: check --json stack-rw-only.s stack-openat.s
EXIT: 1
