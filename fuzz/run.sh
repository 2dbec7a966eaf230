#!/usr/bin/env bash
# Runs each fuzz target for the given time, one after the other (the machine may be shared).
#
#   fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]     default: 600 s, all targets
#
# cargo-fuzz needs nightly-only rustc flags (`-Zsanitizer`, coverage passes); RUSTC_BOOTSTRAP=1
# unlocks them on the stable toolchain the machine has. Set FUZZ_TOOLCHAIN=nightly to use a
# nightly toolchain instead, where one is installed.
# corpus/TARGET/seed-* are committed (math from content/, Mermaid from diagrams/); whatever else
# the fuzzer keeps there is not (.gitignore). dicts/TARGET.dict, where there is one, is passed as
# -dict=. Crashing inputs land in fuzz/artifacts/TARGET/; copy each into tests/fuzz-regressions/TARGET/,
# where `cargo test --test it fuzz_regressions` replays them.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-600}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(frontmatter markdown_links diagrams math mermaid_output templates)
fi
if ! command -v cargo-fuzz >/dev/null; then
  echo "cargo-fuzz is missing: cargo install cargo-fuzz" >&2
  exit 2
fi
toolchain=()
if [ -n "${FUZZ_TOOLCHAIN:-}" ]; then
  toolchain=("+$FUZZ_TOOLCHAIN")
else
  export RUSTC_BOOTSTRAP=1
fi
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-1}"
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target"
  # Add the saved regressions and a few real inputs to the committed seeds.
  if [ -d "../tests/fuzz-regressions/$target" ]; then
    cp -n ../tests/fuzz-regressions/"$target"/* "corpus/$target/" 2>/dev/null || true
  fi
  case "$target" in
    frontmatter | markdown_links)
      find ../content ../tests/fixtures -name '*.md' -size -64k -exec cp -n {} "corpus/$target/" \; ;;
    mermaid_output)
      for file in ../tests/fixtures/*/diagrams/*.mmd; do
        [ -f "$file" ] && cp -n "$file" "corpus/$target/"
      done ;;
    diagrams)
      for file in ../diagrams/* ../tests/fixtures/*/diagrams/*; do
        [ -f "$file" ] || continue
        case "$file" in
          *.pikchr) selector='\x01' ;;
          *) selector='\x00' ;;
        esac
        { printf "$selector"; cat "$file"; } > "corpus/$target/gen-$(basename "$file")"
      done ;;
  esac
  dict=()
  if [ -f "dicts/$target.dict" ]; then
    dict=("-dict=dicts/$target.dict")
  fi
  echo "== $target for ${seconds}s"
  cargo "${toolchain[@]}" fuzz run "$target" "corpus/$target" -- "${dict[@]}" \
    -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
done
