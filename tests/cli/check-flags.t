RUN: check --flags tsync,new_listener small.s
EXIT: 1
