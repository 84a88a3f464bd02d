#!/usr/bin/env bash
# The library without its default features (issue 10 item 3): libc must be its only normal
# dependency, and a fresh crate depending on secbpf by path with `default-features = false`
# must build and run, offline (after the main build fetched every dependency).
# Run from the repository root (.ci/run does).
set -euo pipefail

# Every normal dependency of the library-only build, one name a line, without secbpf.
deps="$(cargo tree --offline --no-default-features -e normal --prefix none |
  sed 's/ (\*)$//' | cut -d' ' -f1 | sort -u | grep -vx secbpf || true)"
if [ "$deps" != "libc" ]; then
  echo "cargo tree --no-default-features -e normal: expected libc alone, got:" >&2
  echo "$deps" >&2
  exit 1
fi
echo "cargo tree --no-default-features -e normal: libc alone"

repo="$PWD"
down="$repo/target/ci-downstream"
rm -rf "$down"
mkdir -p "$down/src"
cat > "$down/Cargo.toml" <<EOF
[package]
name = "secbpf-downstream"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
secbpf = { path = "$repo", default-features = false }

# Not a member of any workspace above it.
[workspace]
EOF
cp .ci/downstream.rs "$down/src/main.rs"
cp Cargo.lock "$down/Cargo.lock"
# The repository's target directory: the secbpf library built by
# `cargo test --no-default-features` before this is reused.
(cd "$down" && CARGO_TARGET_DIR="$repo/target" cargo run --offline --quiet)
tree="$(cd "$down" && cargo tree --offline -e normal --prefix none |
  sed 's/ (\*)$//' | cut -d' ' -f1 | sort -u | tr '\n' ' ')"
if [ "$tree" != "libc secbpf secbpf-downstream " ]; then
  echo "the downstream crate depends on: $tree (expected libc and secbpf)" >&2
  exit 1
fi
