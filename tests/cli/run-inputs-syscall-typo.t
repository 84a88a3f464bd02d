RUN: run small.s --inputs cases-typo.jsonl
EXIT: 2
