RUN: test profile-actions.toml --kernel-version 4.14 --json
