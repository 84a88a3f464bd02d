RUN: lint lint-bad.s --allow nr-before-arch --allow arch-unchecked --allow unknown-action --allow dangerous-allowed:ptrace --allow dangerous-allowed:bpf
