RUN: check --programs programs-bad.jsonl
EXIT: 2
