RUN: diff small.s small-kill-thread.s --kernel-version 4.9
