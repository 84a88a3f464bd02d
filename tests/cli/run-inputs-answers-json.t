RUN: run small.s --inputs answers-small.jsonl --json
