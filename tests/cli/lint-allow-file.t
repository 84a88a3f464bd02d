RUN: lint lint-bad.s --allow-file lint-bad-allow.toml
