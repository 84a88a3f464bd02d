RUN: graph graph-noarch.s --arch x86_64
