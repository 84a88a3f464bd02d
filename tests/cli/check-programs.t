RUN: check --programs programs.jsonl
EXIT: 1
