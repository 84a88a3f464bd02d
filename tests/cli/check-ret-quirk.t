RUN: check ret-quirk.s
EXIT: 1
