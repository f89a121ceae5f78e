"""Builds the grad4j-vs-PyTorch table that compare.sh prints, from JMH's JSON, bench_core.py's JSON and
the peak-memory JSON lines.

Usage: python3 compare_table.py JMH_RESULTS.json PYTORCH_RESULTS.json [--memory MEMORY_RESULTS.jsonl]
                                [--openblas-jmh JMH_OPENBLAS_RESULTS.json] > compare.md
Rows with no measurement on either side (a subset run) are left out. The OpenBLAS results are
GemmBenchmark run with grad4j-openblas on the class path; they get rows of their own.

Every row compares one workload that does the same thing on both sides. "ratio" is always the
speed-up of grad4j over PyTorch (PyTorch time / grad4j time, so higher is better), except for
memory, where it is grad4j's peak over PyTorch's (lower is better).
"""

import argparse
import json
import math
import statistics

JMH_PACKAGE = "org.grad4j.bench."
NS_PER_UNIT = {"ns": 1, "us": 1_000, "ms": 1_000_000, "s": 1_000_000_000}
UNIT_LABEL = {"ns": "ns", "us": "µs", "ms": "ms"}

# Targets, as the performance issue sets them (grad4j / PyTorch, same machine, same run): the
# autograd-overhead rows >= 20x faster with backward <= 2x forward; every elementwise kernel and sum
# >= 1.5x PyTorch's GB/s and >= 70% of the STREAM triad measured in Java on the machine; gemm in pure
# Java >= 25% of PyTorch+OpenBLAS, >= 0.9x with grad4j-openblas; the MLP step >= 1.2x PyTorch's
# steps/s; the deep network's peak RSS <= 1.1x PyTorch's.
SPEED_UP_TARGET = 20.0
BACKWARD_OVER_FORWARD_LIMIT = 2.0
ELEMENTWISE_RATIO_TARGET = 1.5
STREAM_FRACTION_TARGET = 0.70
GEMM_JAVA_RATIO_TARGET = 0.25
GEMM_NATIVE_RATIO_TARGET = 0.9
MLP_RATIO_TARGET = 1.2
MEMORY_RATIO_LIMIT = 1.1

ELEMENTWISE_SIZE = 10_000_000
GEMM_SIZES = (128, 256, 512, 1024, 2048)

# measurement key (bench_core.py's work name) -> (JMH benchmark, its parameters, unit of its row)
MEASUREMENTS = {
    "scalar_mul": ("ScalarMulBenchmark.mul", {}, "ns"),
    "control_flow": ("ControlFlowBenchmark.forwardBackward", {}, "us"),
    "chain_forward": ("ScalarChainBenchmark.forward", {}, "ms"),
    "chain_forward_backward": ("ScalarChainBenchmark.forwardBackward", {}, "ms"),
    "add": ("ElementwiseBenchmark.add", {}, "ms"),
    "add_inplace": ("ElementwiseBenchmark.addInPlace", {}, "ms"),
    "mul": ("ElementwiseBenchmark.mul", {}, "ms"),
    "sin": ("ElementwiseBenchmark.sin", {}, "ms"),
    "exp": ("ElementwiseBenchmark.exp", {}, "ms"),
    "mul_add": ("ElementwiseBenchmark.mulAdd", {}, "ms"),
    "sum": ("ElementwiseBenchmark.sum", {}, "ms"),
    "triad": ("StreamTriadBenchmark.triad", {}, "ms"),
    "mlp_step": ("MlpTrainingBenchmark.step", {}, "ms"),
    **{f"{kind}_{n}_t{threads}": (f"GemmBenchmark.{kind}{'1Thread' if threads == 1 else '2Threads'}",
                                  {"n": str(n)}, "ms")
       for kind in ("sgemm", "dgemm") for n in GEMM_SIZES for threads in (1, 2)},
}

# (measurement key, row label, has the >= 20x speed-up target); chain_backward is derived.
SCALAR_ROWS = [
    ("scalar_mul", "scalar mul, 0-d, requires grad", True),
    ("control_flow", "D2L control flow f(a), fwd+bwd", True),
    ("chain_forward", "100k scalar chain, forward", True),
    ("chain_backward", "100k scalar chain, backward (fwd+bwd - fwd)", True),
    ("chain_forward_backward", "100k scalar chain, fwd+bwd", False),
]
# (key, label, bytes moved per call, a kernel with a target): bytes count each element read or written once.
BANDWIDTH_ROWS = [
    ("triad", "STREAM triad a = b + 3c, 10M f64 (reference)", 24 * ELEMENTWISE_SIZE, False),
    ("add", "a + b, 10M f32", 12 * ELEMENTWISE_SIZE, True),
    ("add_inplace", "a.add_(b) in place, no result allocated, 10M f32 (kernel alone)", 12 * ELEMENTWISE_SIZE, False),
    ("mul", "a * b, 10M f32", 12 * ELEMENTWISE_SIZE, True),
    ("mul_add", "a * b + c (two ops), 10M f32", 24 * ELEMENTWISE_SIZE, True),
    ("sum", "a.sum(), 10M f32", 4 * ELEMENTWISE_SIZE, True),
    ("sin", "sin(a), 10M f32", 8 * ELEMENTWISE_SIZE, True),
    ("exp", "exp(a), 10M f32", 8 * ELEMENTWISE_SIZE, True),
]
ROW_UNIT = {key: unit for key, (_, _, unit) in MEASUREMENTS.items()} | {"chain_backward": "ms"}


def read_jmh(path):
    """measurement key -> (median, half range) of the measurement iterations, in the row's unit.

    The median, not JMH's mean: on a shared machine one slow iteration (a GC, a late JIT
    recompilation, a neighbour's burst) would otherwise dominate a short run.
    """
    by_benchmark = {}
    with open(path) as f:
        for entry in json.load(f):
            metric = entry["primaryMetric"]
            unit = metric["scoreUnit"].split("/")[0]
            iterations = sorted(value for fork in metric["rawData"] for value in fork)
            spread = (iterations[-1] - iterations[0]) / 2 if len(iterations) > 1 else float("nan")
            name = entry["benchmark"].removeprefix(JMH_PACKAGE)
            params = tuple(sorted((entry.get("params") or {}).items()))
            by_benchmark[(name, params)] = (statistics.median(iterations), spread, unit)
    found = {}
    for key, (benchmark, params, row_unit) in MEASUREMENTS.items():
        measured = by_benchmark.get((benchmark, tuple(sorted(params.items()))))
        if measured:
            score, error, unit = measured
            scale = NS_PER_UNIT[unit] / NS_PER_UNIT[row_unit]
            found[key] = (score * scale, error * scale)
    if "chain_forward" in found and "chain_forward_backward" in found:
        forward, both = found["chain_forward"], found["chain_forward_backward"]
        # the error of a difference is bounded by the sum of the errors
        found["chain_backward"] = (both[0] - forward[0], both[1] + forward[1])
    return found


def read_pytorch(path):
    """(measurement key -> median in the row's unit, torch version)."""
    with open(path) as f:
        report = json.load(f)
    found = {}
    for result in report["results"]:
        row_unit = ROW_UNIT[result["work"]]
        found[result["work"]] = result["median"] * NS_PER_UNIT[result["unit"]] / NS_PER_UNIT[row_unit]
    if "chain_forward" in found and "chain_forward_backward" in found:
        found["chain_backward"] = found["chain_forward_backward"] - found["chain_forward"]
    return found, report["torch"]


def read_memory(path):
    """[(side, JVM options or None, MiB)] from the JSON lines compare.sh collected."""
    found = []
    if path:
        with open(path) as f:
            for line in f:
                if line.strip():
                    entry = json.loads(line)
                    found.append((entry["side"], entry.get("jvm_options"), entry["value"]))
    return found


def fmt(value):
    return f"{value:.3g}" if abs(value) < 100 else f"{value:.0f}"


def verdict(met):
    return "?" if met is None else ("yes" if met else "NO")


def speed_row(label, unit, grad4j, pytorch, has_target):
    """[work, grad4j, PyTorch, ratio, target, met?] with ratio = PyTorch time / grad4j time."""
    unit = UNIT_LABEL[unit]
    g4 = "n/a"
    if grad4j:
        error = f" ± {fmt(grad4j[1])}" if math.isfinite(grad4j[1]) else ""
        g4 = f"{fmt(grad4j[0])}{error} {unit}"
    pt = f"{fmt(pytorch)} {unit}" if pytorch is not None else "n/a"
    ratio = pytorch / grad4j[0] if grad4j and pytorch is not None and grad4j[0] > 0 else None
    target, met = "-", "-"
    if has_target:
        target = f">= {SPEED_UP_TARGET:.0f}x"
        met = verdict(None if ratio is None else ratio >= SPEED_UP_TARGET)
    return [label, g4, pt, "n/a" if ratio is None else f"{ratio:.1f}x", target, met]


def backward_over_forward_row(grad4j, pytorch):
    """Backward time / forward time on the 100k chain; the limit applies to grad4j."""
    g4 = grad4j["chain_backward"][0] / grad4j["chain_forward"][0] if "chain_backward" in grad4j else None
    pt = pytorch["chain_backward"] / pytorch["chain_forward"] if "chain_backward" in pytorch else None
    if g4 is None or g4 <= 0:  # a non-positive backward time is measurement noise, not a result
        met = "?"
    else:
        met = "yes" if g4 <= BACKWARD_OVER_FORWARD_LIMIT else "NO"
    return ["100k scalar chain, backward / forward",
            "n/a" if g4 is None else f"{g4:.2f}",
            "n/a" if pt is None else f"{pt:.2f}",
            "-", f"grad4j <= {BACKWARD_OVER_FORWARD_LIMIT:.0f}", met]


def rate(amount, time_ms, scale):
    """amount per second / scale, from a time in ms; None when unmeasured."""
    return None if time_ms is None or time_ms <= 0 else amount / (time_ms / 1e3) / scale


def rate_row(label, unit, g4, pt, target, met):
    ratio = g4 / pt if g4 is not None and pt else None
    return [label, "n/a" if g4 is None else f"{fmt(g4)} {unit}", "n/a" if pt is None else f"{fmt(pt)} {unit}",
            "n/a" if ratio is None else f"{ratio:.2f}x", target, met]


def bandwidth_rows(grad4j, pytorch):
    stream = grad4j.get("triad")
    stream_gbs = rate(24 * ELEMENTWISE_SIZE, stream[0] if stream else None, 1e9)
    rows = []
    for key, label, nbytes, is_kernel in BANDWIDTH_ROWS:
        if key not in grad4j and key not in pytorch:
            continue
        g4 = rate(nbytes, grad4j[key][0] if key in grad4j else None, 1e9)
        pt = rate(nbytes, pytorch.get(key), 1e9)
        if not is_kernel:
            target, met = "-", "-"
        else:
            target = f">= {ELEMENTWISE_RATIO_TARGET}x PyTorch and >= {STREAM_FRACTION_TARGET:.0%} STREAM"
            if stream_gbs is None or g4 is None or not pt:
                met = "?"
            else:
                limit = STREAM_FRACTION_TARGET * stream_gbs
                target += f" ({limit:.3g} GB/s)"
                met = verdict(g4 / pt >= ELEMENTWISE_RATIO_TARGET and g4 >= limit)
        rows.append(rate_row(label, "GB/s", g4, pt, target, met))
    return rows


def gemm_rows(grad4j, pytorch, backend=None):
    """One row per size, dtype and thread count measured; backend names the grad4j side's gemm backend."""
    rows = []
    for kind, dtype in (("sgemm", "f32"), ("dgemm", "f64")):
        for threads in (1, 2):
            for n in GEMM_SIZES:
                key = f"{kind}_{n}_t{threads}"
                if key not in grad4j:  # a -p subset run measures some sizes only
                    continue
                flops = 2.0 * n ** 3
                g4 = rate(flops, grad4j[key][0] if key in grad4j else None, 1e9)
                pt = rate(flops, pytorch.get(key), 1e9)
                goal = GEMM_NATIVE_RATIO_TARGET if backend else GEMM_JAVA_RATIO_TARGET
                met = verdict(None if g4 is None or not pt else g4 / pt >= goal)
                label = f"{kind} n={n}, {threads} thread{'s' if threads > 1 else ''} ({dtype})"
                if backend:
                    label += f", grad4j-{backend}"
                rows.append(rate_row(label, "GFLOP/s", g4, pt, f">= {goal}x PyTorch", met))
    return rows


def mlp_rows(grad4j, pytorch):
    if "mlp_step" not in grad4j and "mlp_step" not in pytorch:
        return []
    g4 = grad4j.get("mlp_step")
    pt = pytorch.get("mlp_step")
    ratio = pt / g4[0] if g4 and pt else None
    return [["MLP 784-256-10 SGD step, batch 256",
             "n/a" if g4 is None else f"{fmt(g4[0])} ms", "n/a" if pt is None else f"{fmt(pt)} ms",
             "n/a" if ratio is None else f"{ratio:.2f}x", f">= {MLP_RATIO_TARGET}x PyTorch",
             verdict(None if ratio is None else ratio >= MLP_RATIO_TARGET)]]


def memory_rows(memory):
    """One row per JVM configuration measured, each against PyTorch's peak."""
    pt = next((value for side, _, value in memory if side == "pytorch"), None)
    rows = []
    for side, options, g4 in memory:
        if side != "grad4j":
            continue
        ratio = g4 / pt if pt else None
        rows.append([f"peak RSS, fwd+bwd 50 x (512x512 mm + tanh), batch 512; JVM: {options or 'defaults'}",
                     f"{g4:.0f} MiB", "n/a" if pt is None else f"{pt:.0f} MiB",
                     "n/a" if ratio is None else f"{ratio:.2f}x (memory)", f"<= {MEMORY_RATIO_LIMIT}x PyTorch",
                     verdict(None if ratio is None else ratio <= MEMORY_RATIO_LIMIT)])
    if not rows and pt is not None:
        rows.append(["peak RSS, fwd+bwd 50 x (512x512 mm + tanh), batch 512", "n/a", f"{pt:.0f} MiB", "n/a",
                     f"<= {MEMORY_RATIO_LIMIT}x PyTorch", "?"])
    return rows


def build_rows(grad4j, pytorch, memory, openblas):
    rows = [speed_row(label, ROW_UNIT[key], grad4j.get(key), pytorch.get(key), has_target)
            for key, label, has_target in SCALAR_ROWS
            if key in grad4j or key in pytorch]
    if "chain_backward" in grad4j or "chain_backward" in pytorch:
        rows.append(backward_over_forward_row(grad4j, pytorch))
    return rows + bandwidth_rows(grad4j, pytorch) + gemm_rows(grad4j, pytorch) \
        + gemm_rows(openblas, pytorch, backend="openblas") + mlp_rows(grad4j, pytorch) + memory_rows(memory)


def markdown(rows, torch_version):
    header = ["work", "grad4j", f"PyTorch {torch_version}", "ratio (grad4j speed / PyTorch's)", "target", "met?"]
    widths = [max(len(row[i]) for row in [header] + rows) for i in range(len(header))]
    lines = ["| " + " | ".join(cell.ljust(width) for cell, width in zip(row, widths)) + " |"
             for row in [header] + rows]
    lines.insert(1, "|" + "|".join("-" * (width + 2) for width in widths) + "|")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("jmh")
    parser.add_argument("pytorch")
    parser.add_argument("--memory")
    parser.add_argument("--openblas-jmh")
    args = parser.parse_args()
    pytorch, torch_version = read_pytorch(args.pytorch)
    openblas = read_jmh(args.openblas_jmh) if args.openblas_jmh else {}
    print(markdown(build_rows(read_jmh(args.jmh), pytorch, read_memory(args.memory), openblas), torch_version))


if __name__ == "__main__":
    main()
