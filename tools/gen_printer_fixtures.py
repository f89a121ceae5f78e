"""Generates repr fixtures for grad4j's TensorPrinterTest.

Every case is a real PyTorch tensor (hand-picked edge cases, then random ones): its shape, dtype,
elements, the suffixes a grad4j caller passes to TensorPrinter.repr, and PyTorch's own repr().

Run with PyTorch 1.13: ``/usr/bin/python3 tools/gen_printer_fixtures.py``
Writes grad4j-core/src/test/resources/fixtures/printer.json (deterministic): a list of
  {"name": str, "shape": [...], "dtype": "FLOAT32"|"FLOAT64"|"INT64"|"BOOL",
   "values": [...], "indices": [...] (summarised tensors only), "suffixes": [...], "repr": str}
``values`` is the flat row-major element list (float32 widened to double, bool as 0/1; NaN and
infinities as the strings "NaN", "Infinity", "-Infinity" so the file stays strict JSON).
A summarised tensor (more than 1000 elements) stores only the elements its repr shows:
``values[k]`` is the element at flat index ``indices[k]``, and the test fails if the printer reads
any other index.

Suffixes follow the caller's rule for a non-empty tensor: ``dtype=torch.float64`` for float64,
then ``grad_fn=<Name>`` or ``requires_grad=True``. For empty tensors the printer adds ``size=``
and ``dtype=`` itself, so the recorded suffixes are the same rule's output.
"""

import json
import math
import os
import random

import torch
from torch._tensor_str import get_summarized_data

SEED = 20240614
NUM_RANDOM_CASES = 260
SUMMARY_THRESHOLD = 1000
OUT_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "grad4j-core", "src", "test",
                        "resources", "fixtures", "printer.json")

DTYPE_NAMES = {torch.float32: "FLOAT32", torch.float64: "FLOAT64", torch.int64: "INT64", torch.bool: "BOOL"}
NAN = float("nan")
INF = float("inf")


def caller_suffixes(t):
    """The suffix list grad4j's Tensor.toString passes to the printer."""
    suffixes = []
    if t.dtype == torch.float64:
        suffixes.append("dtype=torch.float64")
    if t.grad_fn is not None:
        suffixes.append("grad_fn=<{}>".format(type(t.grad_fn).__name__))
    elif t.requires_grad:
        suffixes.append("requires_grad=True")
    return suffixes


def json_number(value, dtype):
    if dtype == torch.bool:
        return 1 if value else 0
    if dtype == torch.int64:
        return int(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return value


def element_list(flat, dtype):
    values = flat.double().tolist() if dtype.is_floating_point else flat.tolist()
    return [json_number(v, dtype) for v in values]


def printed_indices(t):
    """Flat indices of the elements a summarised repr shows, via PyTorch's own summariser."""
    positions = torch.arange(t.numel()).reshape(t.shape)
    return get_summarized_data(positions).reshape(-1).tolist()


def fixture(name, t):
    flat = t.detach().reshape(-1)
    case = {"name": name, "shape": list(t.shape), "dtype": DTYPE_NAMES[t.dtype]}
    if t.numel() > SUMMARY_THRESHOLD:
        indices = printed_indices(t)
        case["values"] = element_list(flat[torch.tensor(indices, dtype=torch.int64)], t.dtype)
        case["indices"] = indices
    else:
        case["values"] = element_list(flat, t.dtype)
    case["suffixes"] = caller_suffixes(t)
    case["repr"] = repr(t)
    return case


def with_grad_fn(base, op):
    """``op`` applied to a leaf copy of ``base`` that requires grad, so the result has a grad_fn."""
    leaf = base.detach().clone().requires_grad_(True)
    return op(leaf)


def requiring_grad(base):
    return base.detach().clone().requires_grad_(True)


def hand_picked_cases():
    f32, f64, i64 = torch.float32, torch.float64, torch.int64
    x = torch.tensor(2.0, requires_grad=True)
    cases = [
        ("api: arange requires_grad", torch.arange(4.0, requires_grad=True)),
        ("api: 0-d grad_fn", x * 14),
        ("api: bool all true", torch.tensor([True, True, True, True])),
        ("api: float64 vector", torch.tensor([1.0, 2.0, 3.0], dtype=f64)),
        # 0-d tensors
        ("0-d integral", torch.tensor(3.0)),
        ("0-d fraction", torch.tensor(3.5)),
        ("0-d zero", torch.tensor(0.0)),
        ("0-d negative zero", torch.tensor(-0.0)),
        ("0-d nan", torch.tensor(NAN)),
        ("0-d inf", torch.tensor(INF)),
        ("0-d -inf", torch.tensor(-INF)),
        ("0-d tiny", torch.tensor(1e-5)),
        ("0-d huge", torch.tensor(1e10)),
        ("0-d 123456789", torch.tensor(123456789.0)),
        ("0-d negative fraction", torch.tensor(-0.1)),
        ("0-d int64", torch.tensor(7)),
        ("0-d int64 negative", torch.tensor(-3)),
        ("0-d bool true", torch.tensor(True)),
        ("0-d bool false", torch.tensor(False)),
        ("0-d float64", torch.tensor(2.5, dtype=f64)),
        ("0-d float64 requires_grad", torch.tensor(-1.25, dtype=f64, requires_grad=True)),
        ("0-d float64 grad_fn", with_grad_fn(torch.tensor([1.0, 2.0], dtype=f64), lambda t: t.sum())),
        ("0-d mean grad_fn", with_grad_fn(torch.arange(5.0), lambda t: t.mean())),
        # empty tensors
        ("empty 1-d", torch.zeros(0)),
        ("empty 0x3", torch.zeros(0, 3)),
        ("empty 3x0", torch.zeros(3, 0)),
        ("empty 2x0x4", torch.zeros(2, 0, 4)),
        ("empty 1-d int64", torch.zeros(0, dtype=i64)),
        ("empty 0x3 int64", torch.zeros(0, 3, dtype=i64)),
        ("empty 1-d bool", torch.zeros(0, dtype=torch.bool)),
        ("empty 0x3 bool", torch.zeros(0, 3, dtype=torch.bool)),
        ("empty 1-d float64", torch.zeros(0, dtype=f64)),
        ("empty 0x3 float64 requires_grad", torch.zeros(0, 3, dtype=f64, requires_grad=True)),
        ("empty 1-d requires_grad", torch.zeros(0, requires_grad=True)),
        ("empty 0x2 grad_fn", with_grad_fn(torch.zeros(0, 2), lambda t: t * 2)),
        ("empty 1-d float64 grad_fn", with_grad_fn(torch.zeros(0, dtype=f64), lambda t: t + 1)),
        # negative zero
        ("negative zero and one", torch.tensor([-0.0, 1.0])),
        ("negative zero and zero", torch.tensor([-0.0, 0.0])),
        ("negative zero and half", torch.tensor([-0.0, 0.5])),
        ("negative zero sci", torch.tensor([-0.0, 1e-5, 2.0])),
        ("rounds to negative zero", torch.tensor([-0.00001, 1.5], dtype=f64)),
        ("negative zero int mode wide", torch.tensor([-0.0, 1.0, 12345.0])),
        # nan and inf
        ("nan only", torch.tensor([NAN])),
        ("inf and -inf", torch.tensor([INF, -INF])),
        ("nan with integral", torch.tensor([NAN, 1.0])),
        ("nan with fraction", torch.tensor([NAN, 1.5])),
        ("inf with sci", torch.tensor([INF, 1e-5])),
        ("-inf with sci wide", torch.tensor([-INF, 1e-5, 123.0])),
        ("mixed non-finite", torch.tensor([0.0, NAN, INF, -INF, 2.0])),
        ("mixed non-finite fraction", torch.tensor([0.0, NAN, INF, -INF, -2.25])),
        ("nan matrix", torch.tensor([[NAN, 1.0], [2.0, -INF]])),
        ("all zeros", torch.zeros(5)),
        ("zero and tiny", torch.tensor([0.0, 1e-5])),
        ("non-finite float64", torch.tensor([NAN, -INF, 0.5], dtype=f64)),
        # rounding ties (Python rounds the exact binary value half to even)
        ("tie 0.03125", torch.tensor([0.03125, 1.5])),
        ("tie 2.96875", torch.tensor([2.96875, 0.5])),
        ("tie 0.09375 float64", torch.tensor([0.09375, 0.15625, 1.40625], dtype=f64)),
        ("tie sci 100.125", torch.tensor([100.125, 1e-5])),
        ("tie sci integral 123465", torch.tensor([123465.0, 1e9])),
        ("tie sci 3.03125", torch.tensor([3.03125, 1e-6], dtype=f64)),
        ("near tie float64", torch.tensor([1.00005, 2.00015, 0.99995], dtype=f64)),
        ("rounds up to next power", torch.tensor([9.99995, 99999.5, 1e-5], dtype=f64)),
        ("rounds to 10.0000", torch.tensor([9.99996, 1.0], dtype=f64)),
        # scientific switch-over borderlines
        ("ratio exactly 1000 integral", torch.tensor([1.0, 1000.0])),
        ("ratio above 1000 integral", torch.tensor([1.0, 1001.0])),
        ("ratio exactly 1000 fraction", torch.tensor([0.5, 500.0])),
        ("ratio above 1000 fraction", torch.tensor([0.5, 500.5])),
        ("max exactly 1e8", torch.tensor([1e8, 5e7])),
        ("max above 1e8 float64", torch.tensor([100000001.0, 50000000.0], dtype=f64)),
        ("min exactly 1e-4 float64", torch.tensor([1e-4, 0.05], dtype=f64)),
        ("min 1e-4 float32 widened below", torch.tensor([1e-4, 0.05])),
        ("min just above 1e-4", torch.tensor([0.00011, 0.05])),
        ("integral with tiny ratio", torch.tensor([3.0, 7.0, 100.0])),
        ("large integral non-sci", torch.tensor([12345678.0, -99999999.0], dtype=f64)),
        ("float32 max", torch.tensor([3e38, 1.0])),
        ("float32 denormal", torch.tensor([1e-45, 1.0])),
        ("float32 denormal alone", torch.tensor([1e-45, -2e-45])),
        ("float64 extremes", torch.tensor([1e300, -1e-300], dtype=f64)),
        ("float64 denormal", torch.tensor([5e-324, 1e-310], dtype=f64)),
        ("three-digit exponents", torch.tensor([1.5e200, 2e-150, 0.0], dtype=f64)),
        ("float32 one tenth", torch.tensor([0.1, 0.2, 0.3])),
        ("float32 widened values", torch.tensor([1 / 3, 2 / 3, 16777217.0 / 3])),
        ("negative sci", torch.tensor([-1.5e-7, 2.5e10])),
        # int64 and bool
        ("int64 mixed widths", torch.tensor([-1000000, 5, 123456789012])),
        ("int64 extremes of double", torch.tensor([2 ** 53, -(2 ** 53), 0])),
        ("int64 negative", torch.tensor([-1, -22, -333])),
        ("int64 matrix", torch.tensor([[1, -20], [300, 4]])),
        ("int64 long row", torch.arange(-20, 40)),
        ("bool mixed", torch.tensor([True, False, True])),
        ("bool all false", torch.tensor([False, False])),
        ("bool matrix", torch.tensor([[True, False, True], [False, False, True]])),
        ("bool long row", torch.arange(40) % 3 == 0),
        # shapes and line wrapping
        ("1x1", torch.tensor([[1.5]])),
        ("5x1", torch.arange(5.0).reshape(5, 1)),
        ("1x5", torch.arange(5.0).reshape(1, 5)),
        ("2x3x4", torch.arange(24.0).reshape(2, 3, 4) / 7),
        ("3x1x2", torch.arange(6.0).reshape(3, 1, 2)),
        ("2x2x2x3", torch.arange(24.0).reshape(2, 2, 2, 3) - 12),
        ("1x2x1x2", torch.tensor([[[[1.0, -2.0]], [[3.0, 4.0]]]])),
        ("1x1x1x1x1", torch.ones(1, 1, 1, 1, 1)),
        ("5-d small", torch.arange(32).reshape(2, 2, 2, 2, 2)),
        ("wrap arange 30 * 1.5", torch.arange(30.0) * 1.5),
        ("wrap 2-d wide rows", torch.arange(80.0).reshape(4, 20) / 3),
        ("wrap 3-d wide rows", torch.arange(90.0).reshape(2, 3, 15) * 1e-5),
        ("wrap one long line of ints", torch.arange(1000)),
        ("width exceeds line", torch.tensor([1.5e200, -2.5e-150] * 8, dtype=f64)),
        ("suffix wrap long row float64", torch.arange(13.0, dtype=f64) + 0.5),
        ("suffix wrap long row grad_fn", with_grad_fn(torch.arange(11.0) + 0.25, lambda t: t * 3)),
        ("suffix multiline float64 requires_grad", torch.randn(3, 30, dtype=f64, requires_grad=True)),
        ("suffix matrix grad_fn", with_grad_fn(torch.randn(3, 3), lambda t: t.t())),
        ("suffix reshape grad_fn", with_grad_fn(torch.randn(6), lambda t: t.reshape(2, 3))),
        ("suffix unsqueeze grad_fn", with_grad_fn(torch.randn(4), lambda t: t.unsqueeze(0))),
        ("suffix exp grad_fn", with_grad_fn(torch.randn(2, 2), lambda t: t.exp())),
        ("suffix to float64 grad_fn", with_grad_fn(torch.randn(3), lambda t: t.double())),
        ("suffix float64 requires_grad short", torch.tensor([1.0], dtype=f64, requires_grad=True)),
        # summarised tensors
        ("summarised arange 1001", torch.arange(1001.0)),
        ("summarised arange 10000 int64", torch.arange(10000)),
        ("summarised arange 10000 float", torch.arange(10000.0)),
        ("summarised randn 2000", torch.randn(2000)),
        ("summarised randn 100x100", torch.randn(100, 100)),
        ("summarised 1000x2", torch.randn(1000, 2)),
        ("summarised 2x1000", torch.randn(2, 1000)),
        ("summarised 1x1001", torch.randn(1, 1001)),
        ("summarised 1001x1", torch.randn(1001, 1)),
        ("summarised 10x10x11", torch.randn(10, 10, 11)),
        ("summarised 7x7x7x7", torch.randn(7, 7, 7, 7)),
        ("summarised 3x4x5x20", torch.randn(3, 4, 5, 20)),
        ("summarised 10-d of twos", torch.arange(1024.0).reshape([2] * 10)),
        ("summarised bool 40x40", torch.rand(40, 40) > 0.5),
        ("summarised int64 50x50", torch.randint(-500, 500, (50, 50))),
        ("summarised sci", torch.randn(2000) * 1e-6),
        ("summarised float64 requires_grad", torch.randn(40, 30, dtype=f64, requires_grad=True)),
        ("summarised grad_fn", with_grad_fn(torch.randn(1200), lambda t: t * 2)),
        ("summarised million", torch.arange(10 ** 6)),
        ("summarised 1000x1000", torch.randn(1000, 1000)),
        ("summarised hidden huge value", torch.zeros(2000).index_fill_(0, torch.tensor([1000]), 1e10)),
        ("summarised hidden nan", torch.ones(3000).index_fill_(0, torch.tensor([1500]), NAN)),
    ]
    return cases


def random_values(rng, shape, dtype):
    numel = math.prod(shape)
    if dtype == torch.bool:
        return torch.rand(shape) < rng.random()
    if dtype == torch.int64:
        bound = 10 ** rng.randint(0, 12)
        return torch.randint(-bound, bound + 1, shape)
    kind = rng.choice(["normal", "uniform", "integral", "positive", "special"])
    scale = 10.0 ** rng.uniform(-9, 11)
    if kind == "normal":
        t = torch.randn(shape, dtype=torch.float64) * scale
    elif kind == "uniform":
        t = torch.rand(shape, dtype=torch.float64) * scale
    elif kind == "integral":
        t = torch.round(torch.randn(shape, dtype=torch.float64) * 10.0 ** rng.uniform(0, 10))
    elif kind == "positive":
        t = torch.exp(torch.randn(shape, dtype=torch.float64) * rng.uniform(0.1, 5))
    else:
        specials = [0.0, -0.0, NAN, INF, -INF, 1.0, -1.0, 0.5, 1e-5, 1e9]
        t = torch.randn(shape, dtype=torch.float64) * scale
        flat = t.reshape(-1)
        for i in range(numel):
            if rng.random() < 0.3:
                flat[i] = rng.choice(specials)
    return t.to(dtype)


def random_shape(rng):
    ndim = rng.choice([0, 1, 1, 1, 2, 2, 2, 3, 3, 4])
    if ndim == 1:
        return [rng.randint(1, 40)]
    if ndim == 2:
        return [rng.randint(1, 8), rng.randint(1, 14)]
    return [rng.randint(1, 4) for _ in range(ndim)]


def random_cases(rng):
    dtypes = [torch.float32, torch.float32, torch.float64, torch.float64, torch.int64, torch.bool]
    cases = []
    for i in range(NUM_RANDOM_CASES):
        shape = random_shape(rng)
        dtype = rng.choice(dtypes)
        t = random_values(rng, shape, dtype)
        grad = rng.choice(["none", "none", "requires_grad", "grad_fn"]) if dtype.is_floating_point else "none"
        if grad == "requires_grad":
            t = requiring_grad(t)
        elif grad == "grad_fn":
            t = with_grad_fn(t, lambda leaf: leaf * 1)
        cases.append(("random {} {} {} {}".format(i, DTYPE_NAMES[dtype], shape, grad), t))
    return cases


def main():
    torch.manual_seed(SEED)
    rng = random.Random(SEED)
    named = hand_picked_cases() + random_cases(rng)
    fixtures = [fixture("{:03d} {}".format(i, name), t) for i, (name, t) in enumerate(named)]
    with open(OUT_PATH, "w") as out:
        out.write("[\n" + ",\n".join(json.dumps(f, allow_nan=False) for f in fixtures) + "\n]\n")
    print("wrote {} cases to {} ({} bytes)".format(len(fixtures), os.path.normpath(OUT_PATH),
                                                  os.path.getsize(OUT_PATH)))


if __name__ == "__main__":
    main()
