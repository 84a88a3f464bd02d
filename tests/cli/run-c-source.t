RUN: run filter.c --inputs c-cases.jsonl
