RUN: run small.s --inputs syscall-and-nr.jsonl
EXIT: 2
