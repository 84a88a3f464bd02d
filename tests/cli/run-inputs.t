RUN: run small.s --inputs cases.jsonl
