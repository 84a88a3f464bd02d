RUN: lint lint-bad.s --allow-file lint-allow-typo.toml
EXIT: 2
