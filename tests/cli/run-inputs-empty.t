RUN: run small.s --inputs empty-cases.jsonl
EXIT: 2
