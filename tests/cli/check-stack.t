RUN: check errno-stack-a.s errno-stack-b.s errno-stack-c.s
EXIT: 1
