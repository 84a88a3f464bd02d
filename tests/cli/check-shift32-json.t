RUN: check --json shift32.s
EXIT: 1
