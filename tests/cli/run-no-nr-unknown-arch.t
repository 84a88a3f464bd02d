RUN: run small.s --arch 0x1234
