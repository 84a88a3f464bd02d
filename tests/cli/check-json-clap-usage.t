RUN: check --json --bogus small.s
EXIT: 2
