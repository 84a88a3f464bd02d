RUN: cover cover-dead.s --inputs cover-dead.jsonl
