#!/usr/bin/env bash
# Save-to-served latency of `studybook serve` (file written → new page served, reload event sent),
# median of 15 edits, in release mode: for this repo's book and for a 1,000-page synthetic book.
#
#   bench/serve-latency.sh            # both books
#   bench/serve-latency.sh BOOK PAGE  # one book, editing PAGE (relative to BOOK)
#
# Targets (issue 4): ≤ 30 ms for this book, ≤ 60 ms for 1,000 pages on the 2-core dev machine.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --example serve_latency
bin="${CARGO_TARGET_DIR:-target}/release/examples/serve_latency"

if [[ $# -ge 2 ]]; then
  "$bin" "$1" "$2" "${3:-15}"
  exit
fi

echo "== this book"
"$bin" . content/networking/securewallet-vpc/q2-packet-journey.md 15

corpus=/tmp/corpus-1000
gen=bench/gen_corpus.py
if [[ ! -d "$corpus/plain" ]]; then
  python3 "$gen" --n 1000 --out "$corpus" --layouts plain >/dev/null
fi
page=$(cd "$corpus/plain" && find content -name '*.md' ! -name '_index.md' | sort | awk 'NR==1')
echo "== 1,000-page synthetic book ($page)"
"$bin" "$corpus/plain" "$page" 15
