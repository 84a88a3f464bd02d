RUN: test libseccomp-small.toml
