RUN: test bypass-wrong.toml --kernel-version 6.1
