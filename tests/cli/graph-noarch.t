RUN: graph graph-noarch.s
