#!/bin/bash
# Cold release builds of the prototype, alternating: `baseline` (httparse only) and `hyper-serve`
# (hyper, hyper-util, tokio, http-body-util, bytes, tokio-io-timeout). Prints wall and CPU time of
# each. Needs the crates fetched once (`cargo fetch`). Usage: bench/hyper-serve/cold-build.sh [RUNS]
set -eu
cd "$(dirname "$0")"
target=$(mktemp -d)
for i in $(seq 1 "${1:-3}"); do
  for v in baseline hyper; do
    rm -rf "$target"
    if [ $v = baseline ]; then args="--no-default-features --features baseline --bin baseline"
    else args="--bin hyper-serve"; fi
    echo "run $i $v load $(cut -d' ' -f1 /proc/loadavg)"
    CARGO_TARGET_DIR=$target /usr/bin/time -f "$v wall=%e user=%U sys=%S" \
      nice -n 10 cargo build --release --offline $args 2>&1 | grep -E "wall=|^error"
  done
done
rm -rf "$target"
