RUN: explain --budget-time nan small.s
EXIT: 2
