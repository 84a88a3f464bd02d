RUN: test profile-actions.toml --kernel-version 4.9
EXIT: 1
