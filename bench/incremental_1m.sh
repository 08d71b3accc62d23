#!/bin/bash
# Incremental rebuilds after one changed document, the whole command timed (process start
# included). Usage: bench/incremental_1m.sh CORPUS WORKDIR
#   CORPUS: `kgtool synth --triples 1000000 --seed 1 --out CORPUS`; WORKDIR: scratch directory.
# The documents are copied to WORKDIR/docs (the corpus stays as it was); the first run builds
# the incremental state, each later run changes the first Chinese label of one document.
set -u
CORPUS=$1; WORK=$2; ROOT=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$WORK" && rm -rf "$WORK/docs" && cp -r "$CORPUS/documents" "$WORK/docs"
K="kgtool --project $ROOT -q --json"
D="--data $ROOT/data/reference --data $CORPUS/reference --data $WORK/docs"
/usr/bin/time -f "first %e s %M KB" $K build --incremental $D --out "$WORK/build" > /dev/null 2> "$WORK/first.err"
tail -1 "$WORK/first.err"
for file in $(ls "$WORK"/docs/*.ttl | awk 'NR % 100 == 7' | head -7); do
  sed -i '0,/"@zh/s/"@zh/ (修订)"@zh/' "$file"
  /usr/bin/time -f "$(basename "$file") %e s %M KB" $K build --incremental $D --out "$WORK/build" \
      > /dev/null 2> "$WORK/run.err"
  tail -1 "$WORK/run.err"
done
