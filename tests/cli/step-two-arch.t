RUN: step two-arch.s --arch x86_64 --nr 11
STDIN: step-two-arch.cmds
