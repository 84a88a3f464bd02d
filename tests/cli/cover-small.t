RUN: cover small.s --inputs cases.jsonl
