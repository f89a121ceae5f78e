#!/usr/bin/env bash
# compare.sh: runs the grad4j JMH benchmarks and their PyTorch twins (pytorch/bench_core.py) and
# prints one table, grad4j vs PyTorch with the speed-up targets, to stdout and target/compare.md.
#
# Usage: grad4j-bench/compare.sh [--quick] [--no-build] [--only WORK[,WORK...]] [-- JMH_OPTIONS...]
#   --quick       smoke run: JMH -f 1 -wi 1 -i 1 -w 1s -r 1s, short PyTorch loops (numbers mean little)
#   --no-build    use target/benchmarks.jar as it is, even when sources are newer
#   --only        a subset of: scalar_mul, control_flow, chain (default: all three)
#   -- ...        passed to JMH as is, e.g. -- -f 3 -prof gc
# Environment: TORCH_PYTHON, the interpreter with torch (default /usr/bin/python3).
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(dirname "$BENCH_DIR")"
TARGET_DIR="$BENCH_DIR/target"
BENCHMARKS_JAR="$TARGET_DIR/benchmarks.jar"
JMH_RESULTS="$TARGET_DIR/jmh-results.json"
PYTORCH_RESULTS="$TARGET_DIR/pytorch-results.json"
TABLE="$TARGET_DIR/compare.md"
TORCH_PYTHON="${TORCH_PYTHON:-/usr/bin/python3}"
MAVEN_LOCK=/tmp/grad4j-mvn.lock  # shared with everyone else building this tree

# work -> JMH benchmark class, and -> bench_core.py workloads
declare -A JMH_CLASS=([scalar_mul]=ScalarMulBenchmark [control_flow]=ControlFlowBenchmark [chain]=ScalarChainBenchmark)
declare -A TORCH_WORKS=([scalar_mul]=scalar_mul [control_flow]=control_flow [chain]="chain_forward chain_forward_backward")
QUICK_JMH_OPTIONS=(-f 1 -wi 1 -i 1 -w 1s -r 1s)

quick=false
build=true
works=(scalar_mul control_flow chain)
jmh_options=()
while (($#)); do
  case "$1" in
    --quick) quick=true ;;
    --no-build) build=false ;;
    --only)
      (($# >= 2)) || { echo "--only needs a list, e.g. --only scalar_mul,chain" >&2; exit 2; }
      IFS=, read -r -a works <<<"$2"
      shift ;;
    --) shift; jmh_options=("$@"); break ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
for work in "${works[@]}"; do
  [[ -n "${JMH_CLASS[$work]:-}" ]] || { echo "unknown work: $work (scalar_mul, control_flow, chain)" >&2; exit 2; }
done

# Rebuild when the jar is missing or older than any source or pom it is built from.
jar_is_stale() {
  [[ ! -f "$BENCHMARKS_JAR" ]] && return 0
  [[ -n "$(find "$REPO_DIR/grad4j-core/src/main" "$BENCH_DIR/src" "$REPO_DIR/pom.xml" \
      "$REPO_DIR/grad4j-core/pom.xml" "$BENCH_DIR/pom.xml" -newer "$BENCHMARKS_JAR" -print -quit)" ]]
}
if $build && jar_is_stale; then
  echo "== building grad4j-core and grad4j-bench" >&2
  maven=(mvn -q -DskipTests -pl grad4j-bench -am install)
  if command -v flock >/dev/null; then maven=(flock "$MAVEN_LOCK" "${maven[@]}"); fi
  (cd "$REPO_DIR" && "${maven[@]}") >&2
fi

# --quick adds its JMH options, except those the caller passes explicitly (JMH refuses duplicates).
if $quick; then
  for ((i = 0; i < ${#QUICK_JMH_OPTIONS[@]}; i += 2)); do
    option="${QUICK_JMH_OPTIONS[i]}"
    if [[ " ${jmh_options[*]-} " != *" $option "* ]]; then
      jmh_options+=("$option" "${QUICK_JMH_OPTIONS[i + 1]}")
    fi
  done
fi

classes=()
torch_works=()
for work in "${works[@]}"; do
  classes+=("${JMH_CLASS[$work]}")
  read -r -a more <<<"${TORCH_WORKS[$work]}"
  torch_works+=("${more[@]}")
done
include="org\.grad4j\.bench\.($(IFS='|'; echo "${classes[*]}"))\."

echo "== JMH: $include ${jmh_options[*]-}" >&2
rm -f "$JMH_RESULTS" "$PYTORCH_RESULTS"
java -jar "$BENCHMARKS_JAR" "$include" -rf json -rff "$JMH_RESULTS" "${jmh_options[@]}" >&2

echo "== PyTorch ($TORCH_PYTHON): ${torch_works[*]}" >&2
torch_options=()
if $quick; then torch_options+=(--quick); fi
"$TORCH_PYTHON" "$BENCH_DIR/pytorch/bench_core.py" "${torch_works[@]}" "${torch_options[@]}" \
  --json-out "$PYTORCH_RESULTS" >&2

python3 "$BENCH_DIR/compare_table.py" "$JMH_RESULTS" "$PYTORCH_RESULTS" | tee "$TABLE"
echo "(also in $TABLE; raw results in $JMH_RESULTS and $PYTORCH_RESULTS)" >&2
