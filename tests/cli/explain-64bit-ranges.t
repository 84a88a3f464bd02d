RUN: explain args-64bit-ranges.s
