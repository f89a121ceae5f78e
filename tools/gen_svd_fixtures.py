"""Generates PyTorch fixtures for grad4j's SvdTest (torch.linalg.svd, svdvals and the singular-value matrix norms).

Run with PyTorch 1.13: ``/usr/bin/python3 tools/gen_svd_fixtures.py``
Writes grad4j-core/src/test/resources/fixtures/svd.json (deterministic). Inputs are encoded as in
linalg.json (see tools/gen_linalg_fixtures.py, whose helpers this script reuses).

JSON:
  "cases":  [{"name", "op", "dtype", "args", "inputs": [input], "outputs": [{"shape", "data"}...],
              "grad_fn", "chain", "weights": [[...] per output], "grads": [[...]]}]
            op "svdvals": outputs [S]; "matrix_norm" / "norm" {ord (number or "nuc"), dims, keepdim}: outputs [norm];
            op "tensor_norm" {p ("nuc" or "fro"), dims, keepdim}: outputs [x.norm(p, dims, keepdim)];
            op "svd" {full_matrices}: outputs [S, U[..., :k]**2, Vh[..., :k, :]**2] -- the squares of the
            first k = min(m, n) singular vectors do not depend on their signs, which are LAPACK's choice.
            The loss is sum_i (outputs[i] * weights[i]).sum(); grads holds the leaf's .grad, row-major.
            grad_fn is the first output's node name, chain the names met following each node's first
            next function down to the leaf (AccumulateGrad).
  "errors": [{"name", "op", "dtype", "args", "inputs": [input], "type", "message"}]
"""

import json
import math
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(__file__))
from gen_linalg_fixtures import encode_input, flat, make_leaf  # noqa: E402

SEED = 20261205
OUT = os.path.join(os.path.dirname(__file__), "..", "grad4j-core", "src", "test", "resources", "fixtures", "svd.json")


def ordarg(o):
    if isinstance(o, str):
        return {"inf": math.inf, "-inf": -math.inf}.get(o, o)
    return o


def svd_outputs(a, args):
    u, s, vh = torch.linalg.svd(a, full_matrices=args["full_matrices"])
    k = s.shape[-1]
    return [s, u[..., :k] ** 2, vh[..., :k, :] ** 2]


OPS = {
    "svdvals": lambda a, args: [torch.linalg.svdvals(a)],
    "svd": svd_outputs,
    "matrix_norm": lambda a, args: [torch.linalg.matrix_norm(a, ordarg(args["ord"]), args["dims"], args["keepdim"])],
    "norm": lambda a, args: [torch.linalg.norm(a, ordarg(args["ord"]), args["dims"], args["keepdim"])],
    "tensor_norm": lambda a, args: [a.norm(args["p"], args["dims"], args["keepdim"])],
}


def node_name(fn):
    # grad4j names C++ nodes without their namespace, as PyTorch's repr does.
    return fn.name().replace("torch::autograd::", "")


def chain(t):
    names = []
    fn = t.grad_fn
    while fn is not None:
        names.append(node_name(fn))
        nexts = [f for f, _ in fn.next_functions if f is not None]
        fn = nexts[0] if nexts else None
    return names


def case(cases, gen, name, op, dtype, spec, args=None):
    args = args or {}
    leaf, seen = make_leaf(spec, dtype, gen)
    outs = OPS[op](seen, args)
    entry = {"name": name + " " + dtype, "op": op, "dtype": dtype, "args": args, "inputs": [encode_input(leaf, spec[1])],
             "outputs": [{"shape": list(o.shape), "data": flat(o.to(torch.float64))} for o in outs],
             "grad_fn": node_name(outs[0].grad_fn), "chain": chain(outs[0])}
    weights = [torch.randn(o.shape, generator=gen, dtype=torch.float64).to(o.dtype) for o in outs]
    sum((o * w).sum() for o, w in zip(outs, weights)).backward()
    entry["weights"] = [flat(w) for w in weights]
    entry["grads"] = [flat(leaf.grad)]
    cases.append(entry)


def error(errors, gen, name, op, dtype, spec, args=None):
    args = args or {}
    leaf, seen = make_leaf(spec, dtype, gen)
    try:
        OPS[op](seen, args)
    except Exception as e:  # noqa: BLE001 - we record whatever PyTorch raises
        errors.append({"name": name, "op": op, "dtype": dtype, "args": args, "inputs": [encode_input(leaf, spec[1])],
                       "type": type(e).__name__, "message": str(e).split("\n")[0]})
        return
    raise AssertionError("expected an error for " + name)


def r(shape, view="none"):
    return (shape, view, "randn")


def main():
    gen = torch.Generator().manual_seed(SEED)
    cases = []
    shapes = [r([3, 3]), r([4, 3]), r([3, 5]), r([2, 3, 4]), r([2, 2, 4, 2]), r([4, 3], "mT"), r([2, 3, 3], "mT"),
              r([3, 4], "stride2"), r([1, 1]), r([1, 4]), r([5, 1]), r([6, 6])]
    for dt in ("float64", "float32"):
        for s in shapes:
            case(cases, gen, "svdvals %s %s" % (s[0], s[1]), "svdvals", dt, s)
        case(cases, gen, "svdvals of an empty matrix", "svdvals", dt, r([0, 3]))
        case(cases, gen, "svdvals of an empty batch", "svdvals", dt, r([0, 2, 2]))
        for s in [r([3, 3]), r([4, 3]), r([3, 5]), r([2, 3, 4]), r([2, 4, 3], "mT"), r([5, 2]), r([2, 5])]:
            for full in (False, True):
                case(cases, gen, "svd %s %s full_matrices %s" % (s[0], s[1], full), "svd", dt, s,
                     {"full_matrices": full})
        for shape, ord_, dims, keep in [([3, 4], 2, [-2, -1], False), ([3, 4], -2, [-2, -1], False),
                                        ([3, 4], "nuc", [-2, -1], False), ([4, 3], 2, [-2, -1], True),
                                        ([3, 4], -2, [-1, -2], True), ([3, 3], "nuc", [1, 0], True),
                                        ([2, 3, 4], 2, [0, 2], False), ([2, 3, 4], -2, [2, 0], True),
                                        ([2, 3, 4], "nuc", [0, 1], False), ([2, 3, 4], "nuc", [-1, 0], True),
                                        ([2, 2, 3, 4], 2, [1, 3], True), ([2, 3, 4], -2, [1, 2], False),
                                        ([0, 3], "nuc", [-2, -1], False)]:
            case(cases, gen, "matrix_norm %s ord %s dims %s keepdim %s" % (shape, ord_, dims, keep), "matrix_norm",
                 dt, r(shape), {"ord": ord_, "dims": dims, "keepdim": keep})
        case(cases, gen, "matrix_norm 2 of a transposed view", "matrix_norm", dt, r([3, 4], "mT"),
             {"ord": 2, "dims": [-2, -1], "keepdim": False})
        for shape, ord_, dims, keep in [([3, 4], 2, None, False), ([3, 4], -2, None, True), ([4, 3], "nuc", None, False),
                                        ([2, 3, 4], "nuc", [2, 1], True), ([2, 3, 4], 2, [0, 1], False)]:
            case(cases, gen, "norm %s ord %s dims %s keepdim %s" % (shape, ord_, dims, keep), "norm",
                 dt, r(shape), {"ord": ord_, "dims": dims, "keepdim": keep})
        for shape, dims, keep in [([3, 4], None, False), ([4, 3], None, True), ([2, 3, 4], [0, 2], False),
                                  ([2, 3, 4], [-1, 1], True)]:
            case(cases, gen, "tensor norm nuc %s dims %s keepdim %s" % (shape, dims, keep), "tensor_norm", dt, r(shape),
                 {"p": "nuc", "dims": dims, "keepdim": keep})

    errors = []
    d = "float64"
    error(errors, gen, "svdvals of a vector", "svdvals", d, r([3]))
    error(errors, gen, "svdvals of a 0-d tensor", "svdvals", d, r([]))
    error(errors, gen, "svdvals of integers", "svdvals", "int64", ([2, 2], "none", [1.0, 2.0, 3.0, 4.0]))
    error(errors, gen, "svd of a vector", "svd", d, r([4]), {"full_matrices": True})
    error(errors, gen, "svd of integers", "svd", "int64", ([2, 2], "none", [1.0, 2.0, 3.0, 4.0]),
          {"full_matrices": False})
    error(errors, gen, "matrix_norm 2 of integers", "matrix_norm", "int64", ([2, 2], "none", [1.0, 2.0, 3.0, 4.0]),
          {"ord": 2, "dims": [-2, -1], "keepdim": False})
    error(errors, gen, "matrix_norm nuc of a vector", "matrix_norm", d, r([3]),
          {"ord": "nuc", "dims": [-2, -1], "keepdim": False})
    error(errors, gen, "matrix_norm -2 same dims", "matrix_norm", d, r([3, 3]), {"ord": -2, "dims": [1, 1], "keepdim": False})
    error(errors, gen, "matrix_norm 2 of an empty matrix", "matrix_norm", d, r([0, 3]),
          {"ord": 2, "dims": [-2, -1], "keepdim": False})
    error(errors, gen, "matrix_norm -2 of an empty batch of matrices", "matrix_norm", d, r([2, 3, 0]),
          {"ord": -2, "dims": [-2, -1], "keepdim": True})
    error(errors, gen, "norm nuc of a vector", "norm", d, r([4]), {"ord": "nuc", "dims": None, "keepdim": False})
    error(errors, gen, "norm 2 of a 3-D tensor", "norm", d, r([2, 3, 4]), {"ord": 2, "dims": None, "keepdim": False})
    for name, shape, p, dims in [("of a 3-D tensor", [2, 3, 4], "nuc", None), ("of a vector", [3], "nuc", None),
                                 ("over one dim", [2, 3, 4], "nuc", [1]), ("over a repeated dim", [2, 3, 4], "nuc", [1, 1]),
                                 ("of an unknown order", [3, 3], "abc", None)]:
        error(errors, gen, "tensor norm " + name, "tensor_norm", d, r(shape), {"p": p, "dims": dims, "keepdim": False})

    with open(OUT, "w") as f:
        json.dump({"generator": "tools/gen_svd_fixtures.py", "torch": torch.__version__,
                   "cases": cases, "errors": errors}, f, indent=1)
        f.write("\n")
    print("wrote %d cases and %d errors to %s" % (len(cases), len(errors), os.path.normpath(OUT)))


if __name__ == "__main__":
    main()
