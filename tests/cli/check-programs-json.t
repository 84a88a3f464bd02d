RUN: check --programs programs.jsonl --json
EXIT: 1
