#!/usr/bin/env bash
# Times clean builds of studybook against Zola 0.21 ($ZOLA, or `zola` on PATH; optional) and the
# peers that install here (Hugo, mdBook) on the same synthetic corpus, plus this repository's book
# and a one-page book. See bench/run.py.
#   bench/run.sh                 # 1,000 and 5,000 pages, 5 runs each
#   RUNS=7 SIZES="1000 5000 10000" bench/run.sh
#   SKIP="5000:mdbook" bench/run.sh   # mdBook takes ~100 s per run at 5,000 pages
#   WORK=/dev/shm/bench bench/run.sh  # corpus and outputs on tmpfs: no file-system noise
#   BASELINE=/tmp/studybook-old bench/run.sh  # also time another studybook binary, alternating
#   CLEAN=rm bench/run.sh        # delete the output folder before each run instead of writing each
#                                # run to a new folder (on ext4 this also times file creation right
#                                # after a big delete; see bench/run.py)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
command -v hugo >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo >/dev/null; }
command -v mdbook >/dev/null 2>&1 || cargo install mdbook --locked --quiet
# Zola is optional: it has no package here, so point $ZOLA at a 0.21 binary from
# https://github.com/getzola/zola/releases to include it.
zola="${ZOLA:-$(command -v zola || true)}"
if [[ -z "$zola" || ! -x "$zola" ]]; then
  echo "note: no Zola (set ZOLA=/path/to/zola-0.21 or put \`zola\` on PATH); it is left out" >&2
else
  export ZOLA="$zola"
fi
exec python3 bench/run.py --runs "${RUNS:-5}" --sizes ${SIZES:-1000 5000} --skip ${SKIP:-} ${WORK:+--work "$WORK"} --clean "${CLEAN:-fresh}"
