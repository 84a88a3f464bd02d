RUN: cover small.s --inputs answers-stale.jsonl
