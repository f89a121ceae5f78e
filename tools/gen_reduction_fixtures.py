"""Generates golden fixtures for grad4j's ReductionOpsTest (reductions, scans and sorting).

Each case names an op of the Java spec table, an input (a base tensor, optionally seen through a
non-contiguous view) and the op's arguments. PyTorch 1.13 runs it and records the outputs
(values and, where the op has them, indices), the output's grad_fn name, and, for floating inputs,
the gradient of the base for the loss sum(values * weights) with the recorded weights. Error cases
record PyTorch's exception class and message instead.

Run with PyTorch 1.13: ``/usr/bin/python3 tools/gen_reduction_fixtures.py``
Writes grad4j-core/src/test/resources/fixtures/reductions.json (deterministic).

Input record: {"shape": base shape, "dtype": "float32"|"float64"|"int64"|"bool", "data": flat base data,
               "view": "none" | "t" (transpose of the last two dims) | "step" (x[::2] along dim 0)
                       | "expand" (a base of size 1 in dim 0 expanded to the shape in "expand")}
Args (all optional): dim, dims, keepdim, correction, p (number or "inf", "-inf", "fro"), k, largest,
                     descending.
"""

import json
import math
import os
import random

import torch

SEED = 20261123
OUT_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "grad4j-core", "src", "test",
                        "resources", "fixtures", "reductions.json")
DTYPES = {"float32": torch.float32, "float64": torch.float64, "int64": torch.int64, "bool": torch.bool}

rng = random.Random(SEED)


def make_input(shape, dtype="float64", view="none", kind="normal"):
    """A base tensor whose view (if any) has `shape`. kind: normal | ties | distinct | zeros | zerorow | const | large."""
    base_shape = list(shape)
    if view == "t":
        base_shape[-1], base_shape[-2] = shape[-2], shape[-1]
    elif view == "step":
        base_shape[0] = shape[0] * 2
    elif view == "expand":
        base_shape[0] = 1
    n = math.prod(base_shape)
    if kind == "distinct" and dtype == "int64":
        data = [float(v - 2 * n) for v in rng.sample(range(4 * n), n)]
    elif kind == "ties" or dtype == "int64":
        data = [float(rng.randint(-3, 3)) for _ in range(n)]
    elif kind == "distinct":
        data = [v / 4.0 - n / 8.0 for v in rng.sample(range(4 * n + 4), n)]
    elif kind == "zerorow":
        data = [0.0] * base_shape[-1] + [rng.uniform(-2.0, 2.0) for _ in range(n - base_shape[-1])]
    elif kind == "const":
        data = [1.5] * n
    elif kind == "large":
        data = [rng.choice([-1.0, 1.0]) * 1000.0 + rng.uniform(-2.0, 2.0) for _ in range(n)]
    elif kind == "zeros":
        data = [float(rng.choice([0, 0, 1, -2, 0.5, 3])) for _ in range(n)]
    else:
        data = [rng.uniform(-2.0, 2.0) for _ in range(n)]
    if dtype == "bool":
        data = [float(rng.random() < 0.5) for _ in range(n)]
    record = {"shape": base_shape, "dtype": dtype, "data": data, "view": view}
    if view == "expand":
        record["expand"] = list(shape)
    return record


def build(inp):
    base = torch.tensor(inp["data"], dtype=torch.float64).reshape(inp["shape"]).to(DTYPES[inp["dtype"]])
    INPUT_SHAPES[id(base)] = inp.get("expand")
    if base.dtype.is_floating_point:
        base.requires_grad_()
    return base, apply_view(base, inp["view"])


def apply_view(base, view):
    if view == "t":
        return base.transpose(-2, -1)
    if view == "step":
        return base[::2]
    if view == "expand":
        return base.expand(INPUT_SHAPES[id(base)])
    return base


def p_value(p):
    return {"inf": float("inf"), "-inf": float("-inf")}.get(p, p)


def run(op, x, a):
    """The op in PyTorch; returns (values, indices or None)."""
    dim = a.get("dim")
    keepdim = a.get("keepdim", False)
    dims = a.get("dims")
    if op in ("sum", "mean", "prod"):
        f = getattr(x, op)
        if dims is not None:
            return f(dims, keepdim), None
        return (f() if dim is None else f(dim, keepdim)), None
    if op in ("max_dim", "min_dim", "median_dim", "mode"):
        r = getattr(x, op.replace("_dim", ""))(dim, keepdim)
        return r.values, r.indices
    if op in ("amax", "amin"):
        f = getattr(x, op)
        if dims is not None:
            return f(dims, keepdim), None
        return (f() if dim is None else f(dim, keepdim)), None
    if op in ("argmax", "argmin"):
        f = getattr(x, op)
        return (f() if dim is None else f(dim, keepdim)), None
    if op in ("var", "std"):
        f = getattr(x, op)
        if dims is not None or "correction" in a:
            return f(dims, correction=a.get("correction", 1), keepdim=keepdim), None
        return (f() if dim is None else f(dim, keepdim=keepdim)), None
    if op == "logsumexp":
        return x.logsumexp(dims if dims is not None else dim, keepdim), None
    if op == "norm":
        p = p_value(a["p"])
        if dims is not None:
            return x.norm(p, dims, keepdim), None
        return x.norm(p), None
    if op in ("cumsum", "cumprod"):
        return getattr(x, op)(dim), None
    if op in ("cummax", "cummin"):
        r = getattr(x, op)(dim)
        return r.values, r.indices
    if op == "median_all":
        return x.median(), None
    if op == "topk":
        r = x.topk(a["k"], dim, a.get("largest", True))
        return r.values, r.indices
    if op in ("sort", "argsort"):
        # grad4j's sort is always stable; the default overload (SortBackward0) must agree with the stable one here
        r = x.sort(dim=dim, descending=a.get("descending", False))
        stable = x.sort(dim=dim, descending=a.get("descending", False), stable=True)
        assert torch.equal(r.indices, stable.indices), "fixture input where PyTorch's default sort is not stable"
        return (r.values, r.indices) if op == "sort" else (r.indices, None)
    raise AssertionError(op)


def flat(t):
    return [float(v) for v in t.detach().to(torch.float64).reshape(-1).tolist()]


def case(op, inp, **args):
    base, x = build(inp)
    values, indices = run(op, x, args)
    out = {"op": op, "input": inp, "args": args,
           "values": {"shape": list(values.shape), "dtype": str(values.dtype).replace("torch.", ""),
                      "data": flat(values)}}
    if indices is not None:
        out["indices"] = {"shape": list(indices.shape), "data": [int(v) for v in indices.reshape(-1).tolist()]}
    if values.grad_fn is not None:
        out["grad_fn"] = type(values.grad_fn).__name__
        weights = [rng.choice([-1.5, -0.5, 0.25, 1.0, 2.0]) for _ in range(values.numel())]
        w = torch.tensor(weights, dtype=values.dtype).reshape(values.shape)
        (values * w).sum().backward()
        out["weights"] = weights
        out["grad"] = flat(base.grad) if base.grad is not None else [0.0] * base.numel()
    CASES.append(out)


def error(op, inp, **args):
    base, x = build(inp)
    try:
        run(op, x, args)
    except (RuntimeError, IndexError) as e:
        ERRORS.append({"op": op, "input": inp, "args": args, "type": type(e).__name__,
                       "message": str(e).split("\n")[0]})
        return
    raise AssertionError("no error for " + op + " " + str(args))


CASES = []
ERRORS = []
INPUT_SHAPES = {}  # id(base) -> the shape an "expand" view broadcasts it to

# dtype rules of sum/mean and of integral reductions
case("sum", make_input([3, 4], "int64"))
case("sum", make_input([5], "bool"))
case("sum", make_input([2, 3], "bool"), dim=1, keepdim=True)
case("prod", make_input([2, 3], "int64"), dim=0)
case("prod", make_input([4], "bool"))
case("cumprod", make_input([2, 3], "int64"), dim=1)
case("mean", make_input([2, 3], "float32", "t"), dims=[0, 1], keepdim=True)
error("mean", make_input([2, 3], "int64"))

FLOATS = ["float64", "float32"]
for dtype in FLOATS:
    # prod, including zeros (one and several per row)
    case("prod", make_input([3, 4], dtype))
    case("prod", make_input([3, 4], dtype, "t"), dim=1)
    case("prod", make_input([4, 5], dtype, "none", "zeros"), dim=1, keepdim=True)
    case("prod", make_input([4, 3], dtype, "step", "zeros"), dim=0)
    case("prod", make_input([6], dtype, "none", "zeros"))
    case("prod", make_input([], dtype))
    case("prod", make_input([0, 3], dtype), dim=0)
    # max / min along a dim (ties: first position)
    case("max_dim", make_input([3, 5], dtype, "none", "ties"), dim=1)
    case("max_dim", make_input([4, 3], dtype, "t"), dim=0, keepdim=True)
    case("min_dim", make_input([2, 3, 4], dtype, "none", "ties"), dim=-1)
    case("min_dim", make_input([4, 3], dtype, "step"), dim=1, keepdim=True)
    case("max_dim", make_input([], dtype), dim=0)
    case("max_dim", make_input([0, 3], dtype), dim=1)
    # amax / amin (ties share the gradient)
    case("amax", make_input([3, 4], dtype, "none", "ties"))
    case("amax", make_input([3, 4], dtype, "t", "ties"), dim=1)
    case("amin", make_input([2, 3, 4], dtype, "none", "ties"), dims=[0, 2], keepdim=True)
    case("amin", make_input([4, 3], dtype, "step", "ties"), dims=[-1], keepdim=False)
    case("amax", make_input([], dtype))
    case("amax", make_input([0, 3], dtype), dim=1)
    # argmax / argmin
    case("argmax", make_input([3, 4], dtype, "none", "ties"))
    case("argmin", make_input([3, 4], dtype, "t", "ties"), dim=0)
    case("argmax", make_input([2, 3, 4], dtype, "step"), dim=-1, keepdim=True)
    # var / std
    case("var", make_input([3, 4], dtype))
    case("var", make_input([3, 4], dtype, "t"), dim=1)
    case("std", make_input([2, 3, 4], dtype), dims=[0, 2], correction=0, keepdim=True)
    case("std", make_input([4, 3], dtype, "step"), dim=0, keepdim=True)
    case("var", make_input([2, 5], dtype), dims=[1], correction=2, keepdim=False)
    case("std", make_input([1, 3], dtype), dim=0)
    case("std", make_input([2, 3], dtype, "none", "const"), dim=1)
    # logsumexp (large values must not overflow)
    case("logsumexp", make_input([3, 4], dtype), dim=1)
    case("logsumexp", make_input([2, 3, 4], dtype, "t"), dims=[0, 2], keepdim=True)
    case("logsumexp", make_input([4, 3], dtype, "step"), dim=-1, keepdim=True)
    case("logsumexp", make_input([0, 3], dtype), dim=0)
    case("logsumexp", make_input([3, 4], dtype, "none", "large"), dim=1)
    # norm
    for p in [1, 2, 3, 0.5, "inf", "-inf", 0]:
        case("norm", make_input([3, 4], dtype, "t"), p=p)
        case("norm", make_input([2, 3, 4], dtype), p=p, dims=[1, 2], keepdim=(p in (1, "inf")))
    case("norm", make_input([4, 3], dtype, "none", "ties"), p="inf", dims=[1], keepdim=False)
    case("norm", make_input([3, 4], dtype, "step"), p="fro")
    case("norm", make_input([3, 4], dtype), p="fro", dims=[0], keepdim=True)
    case("norm", make_input([2, 3, 4], dtype, "t"), p="fro", dims=[0, 2], keepdim=False)
    case("norm", make_input([], dtype), p=2)
    for p in [1, 2, 3, 0.5, "inf"]:
        case("norm", make_input([2, 3], dtype, "none", "zerorow"), p=p, dims=[1], keepdim=False)
    case("norm", make_input([2, 3], dtype), p="inf", dims=[0], keepdim=False)
    # scans
    case("cumsum", make_input([3, 4], dtype, "t"), dim=0)
    case("cumprod", make_input([3, 4], dtype, "t"), dim=1)
    case("cumprod", make_input([4, 5], dtype, "none", "zeros"), dim=1)
    case("cumprod", make_input([6, 3], dtype, "step", "zeros"), dim=0)
    case("cumprod", make_input([], dtype), dim=0)
    case("cummax", make_input([3, 6], dtype, "none", "ties"), dim=1)
    case("cummin", make_input([5, 3], dtype, "t", "ties"), dim=0)
    case("cummax", make_input([0, 3], dtype), dim=1)
    # median / mode
    case("median_all", make_input([3, 5], dtype, "t", "ties"))
    case("median_all", make_input([4], dtype))
    case("median_dim", make_input([3, 5], dtype, "none", "distinct"), dim=1)
    case("median_dim", make_input([4, 3], dtype, "step", "distinct"), dim=0, keepdim=True)
    case("mode", make_input([3, 7], dtype, "none", "ties"), dim=1)
    case("mode", make_input([4, 3], dtype, "t", "ties"), dim=0, keepdim=True)
    # topk / sort / argsort
    case("topk", make_input([3, 6], dtype, "none", "distinct"), k=3, dim=1)
    case("topk", make_input([5, 3], dtype, "t", "distinct"), k=2, dim=0, largest=False)
    case("topk", make_input([4], dtype, "none", "distinct"), k=0, dim=0)
    case("sort", make_input([3, 6], dtype, "none", "ties"), dim=1)
    case("sort", make_input([4, 3], dtype, "t", "ties"), dim=0, descending=True)
    case("sort", make_input([4, 3], dtype, "step"), dim=-1)
    case("sort", make_input([], dtype), dim=0)
    case("argsort", make_input([3, 6], dtype, "none", "ties"), dim=1, descending=True)

# inputs broadcast with stride 0 (expand): ties along the expanded dim
for op, args in [("sort", {"dim": 0}), ("max_dim", {"dim": 0}), ("prod", {"dim": 1}), ("cumprod", {"dim": 0}),
                 ("var", {"dim": 0}), ("amax", {"dims": [0, 1], "keepdim": False}), ("median_all", {}),
                 ("logsumexp", {"dim": 0}), ("norm", {"p": 3, "dims": [0], "keepdim": True}),
                 ("cummin", {"dim": 0}), ("mode", {"dim": 0, "keepdim": False})]:
    case(op, make_input([3, 4], "float64", "expand"), **args)

# integral inputs through the order-based ops
case("max_dim", make_input([3, 4], "int64"), dim=1)
case("amin", make_input([3, 4], "int64"), dims=[0], keepdim=False)
case("sort", make_input([3, 5], "int64"), dim=1, descending=True)
case("sort", make_input([6], "bool"), dim=0)
case("topk", make_input([7], "int64", "none", "distinct"), k=3, dim=0)
case("cummax", make_input([2, 5], "int64"), dim=1)
case("mode", make_input([2, 6], "int64"), dim=1)
case("logsumexp", make_input([2, 3], "int64"), dim=1)
case("cummax", make_input([2, 4], "bool"), dim=1)
case("mode", make_input([2, 5], "bool"), dim=1)
case("amax", make_input([2, 3], "bool"), dim=0)

# errors (PyTorch's IndexError -> IndexOutOfBoundsException, RuntimeError -> IllegalArgumentException)
error("max_dim", make_input([2, 3]), dim=2)
error("max_dim", make_input([0, 3]), dim=0)
error("amax", make_input([0, 3]))
error("amax", make_input([0, 3]), dim=0)
error("amin", make_input([2, 3]), dims=[0, 0], keepdim=False)
error("argmax", make_input([0, 3]))
error("argmax", make_input([2, 3], "bool"))
error("var", make_input([2, 3], "int64"))
error("std", make_input([2, 3]), dim=-3)
error("norm", make_input([2, 3], "int64"), p=2)
error("norm", make_input([2, 3]), p=2, dims=[5], keepdim=False)
error("median_dim", make_input([0, 3]), dim=0)
error("median_all", make_input([2, 3], "bool"))
error("mode", make_input([0, 3]), dim=0)
error("topk", make_input([2, 3]), k=4, dim=1)
error("topk", make_input([2, 3]), k=-1, dim=1)
error("sort", make_input([2, 3]), dim=2)
error("topk", make_input([3], "bool"), k=1, dim=0)
error("cumprod", make_input([2, 3]), dim=-3)
error("cummax", make_input([2, 3]), dim=2)
error("logsumexp", make_input([2, 3]), dim=3)
error("prod", make_input([2, 3]), dim=2)
error("norm", make_input([2, 3, 4]), p="fro", dims=[0, 1, 2], keepdim=False)

os.makedirs(os.path.dirname(OUT_PATH), exist_ok=True)
with open(OUT_PATH, "w") as f:
    json.dump({"torch": torch.__version__, "cases": CASES, "errors": ERRORS}, f, separators=(",", ":"))
print(len(CASES), "cases,", len(ERRORS), "errors ->", os.path.normpath(OUT_PATH))
