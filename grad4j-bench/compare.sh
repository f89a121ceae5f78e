#!/usr/bin/env bash
# compare.sh: runs the grad4j JMH benchmarks and their PyTorch twins (pytorch/bench_core.py), the
# peak-memory programs (PeakMemory, pytorch/peak_memory.py), and prints one table, grad4j vs PyTorch
# with the targets, to stdout and target/compare.md. Not part of any test suite: run it by hand.
#
# Usage: grad4j-bench/compare.sh [--quick] [--no-build] [--only WORK[,WORK...]] [-- JMH_OPTIONS...]
#   --quick       short run: JMH -f 1 -wi 5 -i 3 -w 1s -r 1s, short PyTorch loops (numbers are rough)
#   --no-build    use target/benchmarks.jar as it is, even when sources are newer
#   --only        a subset of: scalar_mul, control_flow, chain, elementwise, gemm, gemm_openblas, mlp,
#                 memory (default: all; gemm_openblas runs GemmBenchmark again with grad4j-openblas
#                 on the class path, so core hands the products to OpenBLAS)
#   -- ...        passed to JMH as is, e.g. -- -f 3 -prof gc, or -- -p n=512 for one gemm size
# Environment: TORCH_PYTHON, the interpreter with torch (default /usr/bin/python3);
#   MEMORY_JVM_OPTIONS, JVM option sets for PeakMemory separated by ';' (default:
#   ';-XX:+UseSerialGC;-Xmx512m', that is the JVM's defaults, whose G1 heap may grow to a quarter
#   of RAM before collecting, then the serial collector, then G1 with a heap capped at 512 MiB).
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(dirname "$BENCH_DIR")"
TARGET_DIR="$BENCH_DIR/target"
BENCHMARKS_JAR="$TARGET_DIR/benchmarks.jar"
JMH_RESULTS="$TARGET_DIR/jmh-results.json"
PYTORCH_RESULTS="$TARGET_DIR/pytorch-results.json"
OPENBLAS_JMH_RESULTS="$TARGET_DIR/jmh-openblas-results.json"
OPENBLAS_CLASSPATH="$TARGET_DIR/openblas-classpath.txt"
MEMORY_RESULTS="$TARGET_DIR/memory-results.jsonl"
TABLE="$TARGET_DIR/compare.md"
TORCH_PYTHON="${TORCH_PYTHON:-/usr/bin/python3}"
MEMORY_JVM_OPTIONS="${MEMORY_JVM_OPTIONS-;-XX:+UseSerialGC;-Xmx512m}"
MAVEN_LOCK=/tmp/grad4j-mvn.lock  # shared with everyone else building this tree

GEMM_TORCH_WORKS=""
for kind in sgemm dgemm; do
  for n in 128 256 512 1024 2048; do
    GEMM_TORCH_WORKS+=" ${kind}_${n}_t1 ${kind}_${n}_t2"
  done
done
# work -> JMH benchmark classes (a regex alternative), and -> bench_core.py workloads
declare -A JMH_CLASS=([scalar_mul]=ScalarMulBenchmark [control_flow]=ControlFlowBenchmark
  [chain]=ScalarChainBenchmark [elementwise]="ElementwiseBenchmark|StreamTriadBenchmark"
  [gemm]=GemmBenchmark [gemm_openblas]="" [mlp]=MlpTrainingBenchmark [memory]="")
declare -A TORCH_WORKS=([scalar_mul]=scalar_mul [control_flow]=control_flow
  [chain]="chain_forward chain_forward_backward" [elementwise]="triad add add_inplace mul mul_add sum sin exp"
  [gemm]="$GEMM_TORCH_WORKS" [gemm_openblas]="$GEMM_TORCH_WORKS" [mlp]=mlp_step [memory]="")
ALL_WORKS=(scalar_mul control_flow chain elementwise gemm gemm_openblas mlp memory)
QUICK_JMH_OPTIONS=(-f 1 -wi 5 -i 3 -w 1s -r 1s)

quick=false
build=true
works=("${ALL_WORKS[@]}")
jmh_options=()
while (($#)); do
  case "$1" in
    --quick) quick=true ;;
    --no-build) build=false ;;
    --only)
      (($# >= 2)) || { echo "--only needs a list, e.g. --only gemm,memory" >&2; exit 2; }
      IFS=, read -r -a works <<<"$2"
      shift ;;
    --) shift; jmh_options=("$@"); break ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
for work in "${works[@]}"; do
  [[ -v "JMH_CLASS[$work]" ]] || { echo "unknown work: $work (${ALL_WORKS[*]})" >&2; exit 2; }
done

# Rebuild when the jar is missing or older than any source or pom it is built from. `package` in the
# reactor is enough (the shaded jar takes grad4j-core from it); nothing goes into ~/.m2.
jar_is_stale() {
  [[ ! -f "$BENCHMARKS_JAR" ]] && return 0
  [[ -n "$(find "$REPO_DIR/grad4j-core/src/main" "$BENCH_DIR/src" "$REPO_DIR/pom.xml" \
      "$REPO_DIR/grad4j-core/pom.xml" "$BENCH_DIR/pom.xml" -newer "$BENCHMARKS_JAR" -print -quit)" ]]
}
if $build && jar_is_stale; then
  echo "== building grad4j-core and grad4j-bench" >&2
  maven=(mvn -q -DskipTests -pl grad4j-bench -am package)
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
run_memory=false
run_openblas=false
for work in "${works[@]}"; do
  [[ "$work" == memory ]] && run_memory=true
  [[ "$work" == gemm_openblas ]] && run_openblas=true
  [[ -n "${JMH_CLASS[$work]}" ]] && classes+=("${JMH_CLASS[$work]}")
  read -r -a more <<<"${TORCH_WORKS[$work]}"
  for torch_work in "${more[@]}"; do
    [[ " ${torch_works[*]-} " == *" $torch_work "* ]] || torch_works+=("$torch_work")
  done
done
mkdir -p "$TARGET_DIR"
# What the numbers were measured on, for the table's header.
machine="$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(nproc) cores, \
$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM"
jdk="$(java -version 2>&1 | head -n 1)"
load_at_start="$(cut -d ' ' -f 1-3 /proc/loadavg)"
rm -f "$JMH_RESULTS" "$PYTORCH_RESULTS" "$MEMORY_RESULTS" "$OPENBLAS_JMH_RESULTS"

if ((${#classes[@]})); then
  include="org\.grad4j\.bench\.($(IFS='|'; echo "${classes[*]}"))\."
  echo "== JMH: $include ${jmh_options[*]-}" >&2
  java -jar "$BENCHMARKS_JAR" "$include" -rf json -rff "$JMH_RESULTS" "${jmh_options[@]}" >&2
else
  echo "[]" >"$JMH_RESULTS"
fi

# The same GemmBenchmark with grad4j-openblas and its natives on the class path (JMH's forks inherit
# it), so core's ServiceLoader finds the OpenBLAS backend.
if $run_openblas; then
  echo "== building grad4j-openblas and its class path" >&2
  maven=(mvn -q -DskipTests -pl grad4j-openblas -am package dependency:build-classpath
    -Dmdep.outputFile="$OPENBLAS_CLASSPATH" -Dmdep.includeScope=runtime -Dmdep.excludeGroupIds=org.grad4j)
  if command -v flock >/dev/null; then maven=(flock "$MAVEN_LOCK" "${maven[@]}"); fi
  (cd "$REPO_DIR" && "${maven[@]}") >&2
  openblas_jar=$(ls "$REPO_DIR"/grad4j-openblas/target/grad4j-openblas-*.jar | head -n 1)
  echo "== JMH with OpenBLAS: GemmBenchmark ${jmh_options[*]-}" >&2
  java -cp "$BENCHMARKS_JAR:$openblas_jar:$(cat "$OPENBLAS_CLASSPATH")" org.openjdk.jmh.Main \
    'org\.grad4j\.bench\.GemmBenchmark\.' -rf json -rff "$OPENBLAS_JMH_RESULTS" "${jmh_options[@]}" >&2
fi

torch_options=()
if $quick; then torch_options+=(--quick); fi
if ((${#torch_works[@]})); then
  echo "== PyTorch ($TORCH_PYTHON): ${torch_works[*]}" >&2
  "$TORCH_PYTHON" "$BENCH_DIR/pytorch/bench_core.py" "${torch_works[@]}" "${torch_options[@]}" \
    --json-out "$PYTORCH_RESULTS" >&2
else
  "$TORCH_PYTHON" -c 'import json, sys, torch; json.dump({"torch": torch.__version__, "results": []}, open(sys.argv[1], "w"))' \
    "$PYTORCH_RESULTS"
fi

# Peak memory: each measurement in a fresh process, since VmHWM covers the process's whole life.
if $run_memory; then
  IFS=';' read -r -a option_sets <<<"$MEMORY_JVM_OPTIONS"
  [[ "$MEMORY_JVM_OPTIONS" == *';' ]] && option_sets+=("")
  for options in "${option_sets[@]}"; do
    echo "== PeakMemory, JVM options: ${options:-(defaults)}" >&2
    read -r -a jvm_options <<<"$options"
    java "${jvm_options[@]}" -cp "$BENCHMARKS_JAR" org.grad4j.bench.PeakMemory \
      | python3 -c 'import json, sys; e = json.loads(sys.stdin.readline()); e.update(side="grad4j", jvm_options=sys.argv[1]); print(json.dumps(e))' \
        "$options" >>"$MEMORY_RESULTS"
  done
  echo "== PyTorch peak memory" >&2
  "$TORCH_PYTHON" "$BENCH_DIR/pytorch/peak_memory.py" \
    | python3 -c 'import json, sys; e = json.loads(sys.stdin.readline()); e.update(side="pytorch"); print(json.dumps(e))' \
      >>"$MEMORY_RESULTS"
fi

table_options=()
if [[ -f "$MEMORY_RESULTS" ]]; then table_options+=(--memory "$MEMORY_RESULTS"); fi
if [[ -f "$OPENBLAS_JMH_RESULTS" ]]; then table_options+=(--openblas-jmh "$OPENBLAS_JMH_RESULTS"); fi
{
  echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') on $machine; $jdk; load average $load_at_start at the start,"
  echo "$(cut -d ' ' -f 1-3 /proc/loadavg) at the end. JMH options: ${jmh_options[*]:-as in the benchmarks}$($quick && echo ', PyTorch --quick')."
  echo
  python3 "$BENCH_DIR/compare_table.py" "$JMH_RESULTS" "$PYTORCH_RESULTS" "${table_options[@]}"
} | tee "$TABLE"
raw="$JMH_RESULTS, $PYTORCH_RESULTS"
if $run_memory; then raw+=", $MEMORY_RESULTS"; fi
if $run_openblas; then raw+=", $OPENBLAS_JMH_RESULTS"; fi
echo "(also in $TABLE; raw results in $raw)" >&2
