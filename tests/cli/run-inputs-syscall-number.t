RUN: run small.s --inputs syscall-number.jsonl
EXIT: 2
