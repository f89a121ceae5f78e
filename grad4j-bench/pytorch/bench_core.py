"""PyTorch twins of the grad4j JMH benchmarks in grad4j-bench (ScalarMul, ScalarChain, ControlFlow,
Elementwise, Gemm, MlpTraining).

Each workload does exactly what its Java twin does. Timing is timeit-style: warm up, pick a loop
count so one repeat lasts about --repeat-seconds, then time several repeats and report the median
time per call. Prints one JSON object per line:
    {"work": "scalar_mul", "unit": "ns", "median": 812.3, "repeats": [...], "number": 250000}
and, with --json-out, also writes the list of them to a file.

Run with the interpreter that has torch, e.g. /usr/bin/python3 bench_core.py --quick
"""

import argparse
import ctypes
import json
import statistics
import sys
import time

import torch

def loaded_openblas():
    """The OpenBLAS library torch loaded (Debian's torch calls it for mm), or None (e.g. MKL builds)."""
    with open("/proc/self/maps") as maps:
        paths = sorted({line.split()[-1] for line in maps if "libopenblas" in line})
    return ctypes.CDLL(paths[0]) if paths else None


OPENBLAS = loaded_openblas()


def set_threads(threads):
    """torch.set_num_threads, and the same for OpenBLAS, whose own thread pool torch 1.13 does not
    resize: without it, "1 thread" matrix products still run on every core."""
    torch.set_num_threads(threads)
    if OPENBLAS is not None:
        OPENBLAS.openblas_set_num_threads(threads)


CHAIN_LENGTH = 100_000  # ScalarChainBenchmark.CHAIN_LENGTH
UNIT_NS = {"ns": 1, "us": 1_000, "ms": 1_000_000}


def scalar_mul():
    """ScalarMulBenchmark.mul: one recorded a * b on 0-d FLOAT32 tensors that require grad."""
    a = torch.tensor(1.5, requires_grad=True)
    b = torch.tensor(2.5, requires_grad=True)

    def run(number):
        for _ in range(number):
            a * b

    return run


def build_chain(x):
    """ScalarChainBenchmark.buildChain: y * 0.5, y + 0.1, sin(y), repeated."""
    y = x
    for i in range(CHAIN_LENGTH):
        step = i % 3
        if step == 0:
            y = y * 0.5
        elif step == 1:
            y = y + 0.1
        else:
            y = torch.sin(y)
    return y


def chain_forward():
    """ScalarChainBenchmark.forward: build the graph only."""
    x = torch.tensor(0.7, requires_grad=True)

    def run(number):
        for _ in range(number):
            build_chain(x)

    return run


def chain_forward_backward():
    """ScalarChainBenchmark.forwardBackward: build the graph, then y.backward()."""
    x = torch.tensor(0.7, requires_grad=True)

    def run(number):
        for _ in range(number):
            build_chain(x).backward()

    return run


def control_flow_f(a):
    """D2L 2.5.4's f, as written there."""
    b = a * 2
    while b.norm() < 1000:
        b = b * 2
    if b.sum() > 0:
        c = b
    else:
        c = 100 * b
    return c


def control_flow():
    """ControlFlowBenchmark.forwardBackward: d = f(a); d.backward() with a = 0.3."""
    a = torch.tensor(0.3, requires_grad=True)

    def run(number):
        for _ in range(number):
            control_flow_f(a).backward()

    return run


ELEMENTWISE_SIZE = 10_000_000  # ElementwiseBenchmark.SIZE


def elementwise(op):
    """ElementwiseBenchmark.<op>: one op on contiguous float32 tensors of 10M elements, no grad."""
    def factory():
        torch.manual_seed(0)
        a, b, c = (torch.randn(ELEMENTWISE_SIZE) for _ in range(3))
        body = {
            "add": lambda: a + b,
            "add_inplace": lambda: a.add_(b),
            "mul": lambda: a * b,
            "sin": lambda: torch.sin(a),
            "exp": lambda: torch.exp(a),
            "mul_add": lambda: a * b + c,
            "sum": lambda: a.sum(),
        }[op]

        def run(number):
            for _ in range(number):
                body()

        return run

    return factory


def triad():
    """StreamTriadBenchmark.triad: a = b + 3 c over 10M float64, into a preallocated tensor."""
    a, b, c = torch.zeros(ELEMENTWISE_SIZE, dtype=torch.float64), torch.ones(ELEMENTWISE_SIZE, dtype=torch.float64), \
        torch.full((ELEMENTWISE_SIZE,), 2.0, dtype=torch.float64)

    def run(number):
        for _ in range(number):
            torch.add(b, c, alpha=3.0, out=a)

    return run


def gemm(dtype, n, threads):
    """GemmBenchmark.{s,d}gemm{1Thread,2Threads}: torch.mm of two n x n matrices on `threads` threads."""
    def factory():
        torch.manual_seed(0)
        a = torch.randn(n, n).to(dtype)
        b = torch.randn(n, n).to(dtype)

        def run(number):
            set_threads(threads)
            for _ in range(number):
                torch.mm(a, b)

        return run

    return factory


def mlp_step():
    """MlpTrainingBenchmark.step: 784-256-ReLU-10, batch 256, nn.CrossEntropyLoss, optim.SGD(lr=0.1)."""
    torch.manual_seed(0)
    x = torch.randn(256, 784)
    labels = torch.randint(10, (256,))
    model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
    loss_fn = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)

    def run(number):
        for _ in range(number):
            optimizer.zero_grad(set_to_none=False)
            loss = loss_fn(model(x), labels)
            loss.backward()
            optimizer.step()
            loss.item()

    return run


GEMM_SIZES = (128, 256, 512, 1024, 2048)  # GemmBenchmark.n

# work name -> (factory of run(number), reported unit); names match compare_table.py's keys.
WORKLOADS = {
    "scalar_mul": (scalar_mul, "ns"),
    "chain_forward": (chain_forward, "ms"),
    "chain_forward_backward": (chain_forward_backward, "ms"),
    "control_flow": (control_flow, "us"),
    **{op: (elementwise(op), "ms") for op in ("add", "add_inplace", "mul", "sin", "exp", "mul_add", "sum")},
    **{f"{name}_{n}_t{threads}": (gemm(dtype, n, threads), "ms")
       for name, dtype in (("sgemm", torch.float32), ("dgemm", torch.float64))
       for n in GEMM_SIZES for threads in (1, 2)},
    "triad": (triad, "ms"),
    "mlp_step": (mlp_step, "ms"),
}


def seconds_for(run, number):
    start = time.perf_counter()
    run(number)
    return time.perf_counter() - start


def warm_up(run, warmup_seconds):
    """Runs the workload in growing loops for about warmup_seconds; returns the last seconds per call."""
    deadline = time.perf_counter() + warmup_seconds
    number = 1
    while True:
        per_call = seconds_for(run, number) / number
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            return per_call
        number = max(1, min(2 * number, int(remaining / per_call)))


def measure(run, warmup_seconds, repeat_seconds, repeats):
    """Median seconds per call over `repeats` timed loops of `number` calls each."""
    per_call_estimate = warm_up(run, warmup_seconds)
    number = max(1, round(repeat_seconds / per_call_estimate))
    per_call = [seconds_for(run, number) / number for _ in range(repeats)]
    return statistics.median(per_call), per_call, number


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("works", nargs="*", metavar="WORK",
                        help="workloads to run, any of " + ", ".join(WORKLOADS) + " (default: all)")
    parser.add_argument("--quick", action="store_true", help="smoke run: short warmup, 3 repeats")
    parser.add_argument("--warmup-seconds", type=float, default=3.0)
    parser.add_argument("--repeat-seconds", type=float, default=1.0)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--json-out", help="also write all results to this file as a JSON list")
    args = parser.parse_args(argv)
    unknown = [work for work in args.works if work not in WORKLOADS]
    if unknown:
        parser.error("unknown workload(s): " + ", ".join(unknown))
    if args.quick:
        args.warmup_seconds, args.repeat_seconds, args.repeats = 0.5, 0.2, 3

    results = []
    for work in args.works or list(WORKLOADS):
        set_threads(2)
        factory, unit = WORKLOADS[work]
        median, per_call, number = measure(factory(), args.warmup_seconds, args.repeat_seconds, args.repeats)
        scale = 1e9 / UNIT_NS[unit]
        result = {
            "work": work,
            "unit": unit,
            "median": median * scale,
            "repeats": [t * scale for t in per_call],
            "number": number,
        }
        print(json.dumps(result), flush=True)
        results.append(result)
    if args.json_out:
        with open(args.json_out, "w") as out:
            json.dump({"torch": torch.__version__, "threads": 2, "results": results}, out, indent=2)


if __name__ == "__main__":
    main(sys.argv[1:])
