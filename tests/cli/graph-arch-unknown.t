RUN: graph graph-noarch.s --arch nope
EXIT: 2
