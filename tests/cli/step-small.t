RUN: step small.s --nr 1
STDIN: step-small.cmds
