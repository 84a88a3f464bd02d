RUN: run small.s --inputs answers-stale.jsonl
EXIT: 1
