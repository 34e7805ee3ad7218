#!/usr/bin/env bash
# One c2sim batch in N shards with GNU parallel (Debian: apt-get install parallel), then merged:
#
#   deploy/parallel/run-shards.sh SCENARIO SEED RUNS SHARDS OUTDIR [more `c2sim run` flags…]
#   deploy/parallel/run-shards.sh nk-irbm-overflight 1 100000 4 results --structures legacy,jfhq
#
# (re)writes OUTDIR/part-1.json … part-N.json and OUTDIR/report.json, byte-identical to
# `c2sim run SCENARIO --seed SEED --runs RUNS --out …` with the same inputs.
#
# Environment:
#   C2SIM        the command (default: this checkout's ./c2sim launcher, after npm install; with
#                C2SIM_HOSTS, the same path on each host — or set C2SIM to the command there)
#   C2SIM_JOBS   shards at once on this machine (default: one per core)
#   C2SIM_HOSTS  spread over machines instead: a parallel --sshlogin list such as
#                "8/alice@node1,8/alice@node2" (each needs c2sim installed, the same version, and
#                the same scenario files; the parts come back over ssh with --return)
set -euo pipefail
if [ $# -lt 5 ]; then
  echo "usage: $0 SCENARIO SEED RUNS SHARDS OUTDIR [c2sim run flags…]" >&2
  exit 2
fi
scenario=$1 seed=$2 runs=$3 shards=$4 out=$5
shift 5
command -v parallel >/dev/null || { echo "$0: GNU parallel is not installed (apt-get install parallel)" >&2; exit 2; }
c2sim=${C2SIM:-$(cd "$(dirname "$0")/../.." && pwd)/c2sim}
mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -f "$out"/part-*.json "$out/report.json"
# The shard command, each argument quoted for the shell parallel runs it in.
cmd="$c2sim run $(printf '%q' "$scenario") --seed $(printf '%q' "$seed") --runs $(printf '%q' "$runs")"
for a in "$@"; do cmd+=" $(printf '%q' "$a")"; done
if [ -n "${C2SIM_HOSTS:-}" ]; then
  # Remote shards write into their ssh working directory; --return copies each part back to the
  # same relative name here, so run parallel from the output directory.
  (cd "$out" && parallel --will-cite --halt now,fail=1 -S "$C2SIM_HOSTS" --return 'part-{}.json' --cleanup \
    "$cmd --shard {}/$shards --out part-{}.json" ::: $(seq 1 "$shards"))
else
  # --halt now,fail=1: one failed shard stops the rest (the merge would refuse the gap anyway).
  parallel --will-cite --halt now,fail=1 --jobs "${C2SIM_JOBS:-100%}" \
    "$cmd --shard {}/$shards --out $(printf '%q' "$out")/part-{}.json" ::: $(seq 1 "$shards")
fi
parts=()
for i in $(seq 1 "$shards"); do parts+=("$out/part-$i.json"); done
# $c2sim is a command line (e.g. "node /opt/c2sim/dist/src/cli/main.js"): split on purpose.
$c2sim merge "${parts[@]}" --out "$out/report.json"
echo "wrote $out/report.json from $shards parts" >&2
