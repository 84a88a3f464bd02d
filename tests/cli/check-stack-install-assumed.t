RUN: check stack-ip-gate.s stack-openat.s
