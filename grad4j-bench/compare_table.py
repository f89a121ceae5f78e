"""Builds the grad4j-vs-PyTorch table that compare.sh prints, from JMH's JSON and bench_core.py's JSON.

Usage: python3 compare_table.py JMH_RESULTS.json PYTORCH_RESULTS.json > compare.md
Rows with no measurement on either side (a subset run) are left out.
"""

import json
import math
import sys

JMH_PACKAGE = "org.grad4j.bench."
NS_PER_UNIT = {"ns": 1, "us": 1_000, "ms": 1_000_000, "s": 1_000_000_000}
UNIT_LABEL = {"ns": "ns", "us": "µs", "ms": "ms"}
SPEED_UP_TARGET = 20.0
BACKWARD_OVER_FORWARD_LIMIT = 2.0

# measurement key (bench_core.py's work name) -> (JMH benchmark, unit of its row)
MEASUREMENTS = {
    "scalar_mul": ("ScalarMulBenchmark.mul", "ns"),
    "control_flow": ("ControlFlowBenchmark.forwardBackward", "us"),
    "chain_forward": ("ScalarChainBenchmark.forward", "ms"),
    "chain_forward_backward": ("ScalarChainBenchmark.forwardBackward", "ms"),
}

# (measurement key, row label, has the >= 20x speed-up target); chain_backward is derived.
SPEED_ROWS = [
    ("scalar_mul", "scalar mul, 0-d, requires grad", True),
    ("control_flow", "D2L control flow f(a), fwd+bwd", True),
    ("chain_forward", "100k scalar chain, forward", True),
    ("chain_backward", "100k scalar chain, backward (fwd+bwd - fwd)", True),
    ("chain_forward_backward", "100k scalar chain, fwd+bwd", False),
]
ROW_UNIT = {key: unit for key, (_, unit) in MEASUREMENTS.items()} | {"chain_backward": "ms"}


def read_jmh(path):
    """measurement key -> (mean, error) in the row's unit."""
    by_benchmark = {}
    with open(path) as f:
        for entry in json.load(f):
            metric = entry["primaryMetric"]
            unit = metric["scoreUnit"].split("/")[0]
            # JMH writes the error as "NaN" (a string) when there is a single measurement iteration
            error = float(metric["scoreError"])
            by_benchmark[entry["benchmark"].removeprefix(JMH_PACKAGE)] = (metric["score"], error, unit)
    found = {}
    for key, (benchmark, row_unit) in MEASUREMENTS.items():
        if benchmark in by_benchmark:
            score, error, unit = by_benchmark[benchmark]
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


def fmt(value):
    return f"{value:.3g}" if abs(value) < 100 else f"{value:.0f}"


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
        met = "?" if ratio is None else ("yes" if ratio >= SPEED_UP_TARGET else "NO")
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


def build_rows(grad4j, pytorch):
    rows = [speed_row(label, ROW_UNIT[key], grad4j.get(key), pytorch.get(key), has_target)
            for key, label, has_target in SPEED_ROWS
            if key in grad4j or key in pytorch]
    if "chain_backward" in grad4j or "chain_backward" in pytorch:
        rows.append(backward_over_forward_row(grad4j, pytorch))
    return rows


def markdown(rows, torch_version):
    header = ["work", "grad4j", f"PyTorch {torch_version}", "ratio (PyTorch / grad4j)", "target", "met?"]
    widths = [max(len(row[i]) for row in [header] + rows) for i in range(len(header))]
    lines = ["| " + " | ".join(cell.ljust(width) for cell, width in zip(row, widths)) + " |"
             for row in [header] + rows]
    lines.insert(1, "|" + "|".join("-" * (width + 2) for width in widths) + "|")
    return "\n".join(lines)


def main(jmh_path, pytorch_path):
    pytorch, torch_version = read_pytorch(pytorch_path)
    print(markdown(build_rows(read_jmh(jmh_path), pytorch), torch_version))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
