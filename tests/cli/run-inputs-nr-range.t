RUN: run small.s --inputs nr-u64max.jsonl
EXIT: 2
