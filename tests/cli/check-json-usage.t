RUN: check --json --flags bogus small.s
EXIT: 2
