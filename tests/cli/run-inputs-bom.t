RUN: run small.s --inputs bom.jsonl
