RUN: check --flags tsync,new_listener small.s --kernel-version 5.4
EXIT: 1
