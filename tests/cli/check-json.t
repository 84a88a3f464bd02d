RUN: check --json small.s
