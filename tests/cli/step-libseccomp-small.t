RUN: step ../../corpus/libseccomp-small.bpf --syscall read
STDIN: step-libseccomp.cmds
