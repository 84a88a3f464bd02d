RUN: explain ret-a-bits.s
