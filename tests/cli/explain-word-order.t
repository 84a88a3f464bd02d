RUN: explain word-order.s
