RUN: step ../../corpus/libseccomp-small.bpf --syscall read --color always
STDIN: step-libseccomp.cmds
