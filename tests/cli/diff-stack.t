RUN: diff --stack-a errno-stack-a.s errno-stack-b.s --stack-b errno-stack-b.s errno-stack-a.s
EXIT: 1
