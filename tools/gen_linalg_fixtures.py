"""Generates PyTorch fixtures for grad4j's LinalgOpsTest (linear algebra of issue 3).

Run with PyTorch 1.13: ``/usr/bin/python3 tools/gen_linalg_fixtures.py``
Writes grad4j-core/src/test/resources/fixtures/linalg.json (deterministic).

JSON:
  "cases":  [{"name", "op", "dtype", "args", "inputs": [input...], "output": {"shape", "data"},
              "grad_fn", "weight": [...], "grads": [[...] per input]}]
            The loss is (output * weight).sum(); grads are the leaves' .grad, row-major.
  "errors": [{"name", "op", "dtype", "args", "inputs": [input...], "type", "message"}]
            type is PyTorch's exception class (RuntimeError, IndexError, _LinAlgError).
  input:    {"shape": leaf shape, "data": leaf values, "view": "none" | "mT" | "stride2"}
            "mT": the op sees leaf.mT (leaf stored with its last two dims swapped);
            "stride2": the op sees leaf[..., ::2] (leaf's last dim is twice as long).
  op names and "args" match the op table of LinalgOpsTest:
    outer, addmm/baddbmm {beta, alpha}, einsum {equation}, diag {offset}, trace, kron,
    cross {dim}, inv, det, solve, vector_norm {ord, dims (null = all), keepdim},
    matrix_norm {ord (number or "fro"), dims, keepdim}, norm {ord (null = None, number, "fro"), dims, keepdim},
    matrix_power {n}, vecdot {dim}
"""

import json
import math
import os

import torch

SEED = 20261123
OUT = os.path.join(os.path.dirname(__file__), "..", "grad4j-core", "src", "test", "resources", "fixtures",
                   "linalg.json")


def ordarg(a):
    o = a["ord"]
    if isinstance(o, str):
        return {"inf": math.inf, "-inf": -math.inf}.get(o, o)
    return o


OPS = {
    "outer": lambda x, a: torch.outer(x[0], x[1]),
    "addmm": lambda x, a: torch.addmm(x[0], x[1], x[2], beta=a["beta"], alpha=a["alpha"]),
    "baddbmm": lambda x, a: torch.baddbmm(x[0], x[1], x[2], beta=a["beta"], alpha=a["alpha"]),
    "einsum": lambda x, a: torch.einsum(a["equation"], *x),
    "diag": lambda x, a: torch.diag(x[0], a["offset"]),
    "trace": lambda x, a: torch.trace(x[0]),
    "kron": lambda x, a: torch.kron(x[0], x[1]),
    "cross": lambda x, a: torch.linalg.cross(x[0], x[1], dim=a["dim"]),
    "inv": lambda x, a: torch.linalg.inv(x[0]),
    "det": lambda x, a: torch.linalg.det(x[0]),
    "solve": lambda x, a: torch.linalg.solve(x[0], x[1]),
    "vector_norm": lambda x, a: torch.linalg.vector_norm(x[0], ordarg(a), a["dims"], a["keepdim"]),
    "matrix_norm": lambda x, a: torch.linalg.matrix_norm(x[0], ordarg(a), a["dims"], a["keepdim"]),
    "matrix_power": lambda x, a: torch.linalg.matrix_power(x[0], a["n"]),
    "vecdot": lambda x, a: torch.linalg.vecdot(x[0], x[1], dim=a["dim"]),
    "norm": lambda x, a: torch.linalg.norm(x[0], None if a["ord"] is None else ordarg(a), a["dims"], a["keepdim"]),
}

DTYPES = {"float32": torch.float32, "float64": torch.float64, "int64": torch.int64}


def make_leaf(spec, dtype, gen):
    """spec: (shape, view, kind) with kind "randn" | "square" (well-conditioned) | explicit data list."""
    shape, view, kind = spec
    leaf_shape = list(shape)
    if view == "mT":
        leaf_shape[-1], leaf_shape[-2] = leaf_shape[-2], leaf_shape[-1]
    elif view == "stride2":
        leaf_shape[-1] *= 2
    if isinstance(kind, list):
        leaf = torch.tensor(kind, dtype=torch.float64).reshape(leaf_shape)
    else:
        leaf = torch.randn(leaf_shape, generator=gen, dtype=torch.float64)
        if kind == "square":
            n = shape[-1]
            leaf = leaf + n * torch.eye(n, dtype=torch.float64)
    leaf = leaf.to(DTYPES[dtype])
    if leaf.is_floating_point():
        leaf.requires_grad_(True)
    if view == "mT":
        seen = leaf.mT
    elif view == "stride2":
        seen = leaf[..., ::2]
    else:
        seen = leaf
    return leaf, seen


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def encode_input(leaf, view):
    return {"shape": list(leaf.shape), "data": flat(leaf.to(torch.float64)), "view": view}


def case(cases, gen, name, op, dtype, specs, args=None, grads=True):
    args = args or {}
    leaves, seen = zip(*[make_leaf(s, dtype, gen) for s in specs])
    out = OPS[op](list(seen), args)
    entry = {"name": name + " " + dtype, "op": op, "dtype": dtype, "args": args,
             "inputs": [encode_input(l, s[1]) for l, s in zip(leaves, specs)],
             "output": {"shape": list(out.shape), "data": flat(out.to(torch.float64))},
             # grad4j names C++ nodes without their namespace, as PyTorch's repr does (README).
             "grad_fn": out.grad_fn.name().replace("torch::autograd::", "") if out.grad_fn is not None else None}
    if grads and out.requires_grad:
        weight = torch.randn(out.shape, generator=gen, dtype=torch.float64).to(out.dtype)
        (out * weight).sum().backward()
        entry["weight"] = flat(weight)
        entry["grads"] = [flat(l.grad) if l.grad is not None else None for l in leaves]
    cases.append(entry)


def error(errors, gen, name, op, dtype, specs, args=None):
    args = args or {}
    leaves, seen = zip(*[make_leaf(s, dtype, gen) for s in specs])
    try:
        OPS[op](list(seen), args)
    except Exception as e:  # noqa: BLE001 - we record whatever PyTorch raises
        errors.append({"name": name, "op": op, "dtype": dtype, "args": args,
                       "inputs": [encode_input(l, s[1]) for l, s in zip(leaves, specs)],
                       "type": type(e).__name__, "message": str(e).split("\n")[0]})
        return
    raise AssertionError("expected an error for " + name)


def r(shape, view="none"):
    return (shape, view, "randn")


def sq(shape, view="none"):
    return (shape, view, "square")


def main():
    gen = torch.Generator().manual_seed(SEED)
    cases = []
    for dt in ("float64", "float32"):
        case(cases, gen, "outer", "outer", dt, [r([3]), r([4])])
        case(cases, gen, "outer strided", "outer", dt, [r([3], "stride2"), r([2])])
        case(cases, gen, "outer empty", "outer", dt, [r([0]), r([3])])
        case(cases, gen, "addmm", "addmm", dt, [r([3, 2]), r([3, 4]), r([4, 2])], {"beta": 1.0, "alpha": 1.0})
        case(cases, gen, "addmm broadcast row, beta alpha", "addmm", dt, [r([2]), r([3, 4], "mT"), r([4, 2])],
             {"beta": 0.5, "alpha": -2.0})
        case(cases, gen, "addmm 0-d input", "addmm", dt, [r([]), r([2, 3]), r([3, 3], "mT")], {"beta": 2.0, "alpha": 1.0})
        case(cases, gen, "addmm beta 0", "addmm", dt, [r([1, 2]), r([3, 4]), r([4, 2])], {"beta": 0.0, "alpha": 1.5})
        case(cases, gen, "baddbmm", "baddbmm", dt, [r([2, 3, 2]), r([2, 3, 4]), r([2, 4, 2])], {"beta": 1.0, "alpha": 1.0})
        case(cases, gen, "baddbmm broadcast, beta alpha", "baddbmm", dt, [r([3, 1]), r([2, 3, 4], "mT"), r([2, 4, 2])],
             {"beta": -1.0, "alpha": 0.25})
        for eq, shapes in [("ij,jk->ik", [[2, 3], [3, 4]]), ("ii->", [[3, 3]]), ("ii->i", [[3, 3]]),
                           ("ij->ji", [[2, 3]]), ("i,j->ij", [[3], [2]]), ("bij,bjk->bik", [[2, 2, 3], [2, 3, 2]]),
                           ("...ij,...jk->...ik", [[2, 3, 4], [4, 2]]), ("ij,ij->", [[2, 3], [2, 3]]),
                           ("ij", [[2, 3]]), ("ba,b", [[2, 3], [2]]), ("iij->j", [[3, 3, 2]]),
                           ("bii->bi", [[2, 3, 3]]), ("i...->", [[2, 3]]), ("i j , j k", [[2, 3], [3, 2]]),
                           ("ij,jk,kl->il", [[2, 3], [3, 2], [2, 2]]), ("ij,jk->ik", [[2, 0], [0, 3]]),
                           ("Ab,bC->AC", [[2, 3], [3, 2]]), ("i,i", [[4], [4]]),
                           ("ij,jk->ik", [[2, 3], [1, 4]]), ("bij,bjk->bik", [[1, 2, 3], [2, 3, 2]]),
                           ("bhqd,bhkd->bhqk", [[2, 2, 3, 4], [2, 2, 2, 4]]), ("ij,kl->ijkl", [[2, 1], [1, 3]])]:
            case(cases, gen, "einsum " + eq, "einsum", dt, [r(s) for s in shapes], {"equation": eq})
        case(cases, gen, "einsum on a transposed view", "einsum", dt, [r([3, 2], "mT"), r([2])],
             {"equation": "ij,j->i"})
        for shape, offset in [([4], 0), ([4], 1), ([4], -2), ([0], 0), ([3, 4], 0), ([3, 4], 1), ([3, 4], -1),
                              ([4, 3], 2)]:
            case(cases, gen, "diag %s offset %d" % (shape, offset), "diag", dt, [r(shape)], {"offset": offset})
        case(cases, gen, "diag of a transposed view", "diag", dt, [r([2, 3], "mT")], {"offset": 1})
        # No tall matrices: PyTorch 1.13's trace backward misplaces the gradient for them (rows > cols).
        for shape, view in [([3, 3], "none"), ([2, 4], "none"), ([3, 3], "mT"), ([2, 4], "mT"), ([0, 3], "none")]:
            case(cases, gen, "trace %s %s" % (shape, view), "trace", dt, [r(shape, view)])
        for a, b in [([2, 3], [2, 2]), ([3], [2, 2]), ([2], [3]), ([2, 1, 2], [2, 2])]:
            case(cases, gen, "kron %s %s" % (a, b), "kron", dt, [r(a), r(b)])
        case(cases, gen, "cross", "cross", dt, [r([3]), r([3])], {"dim": -1})
        case(cases, gen, "cross batch", "cross", dt, [r([4, 3]), r([4, 3])], {"dim": 1})
        case(cases, gen, "cross dim 0 broadcast", "cross", dt, [r([3, 1]), r([3, 4], "mT")], {"dim": 0})
        for shape, view in [([3, 3], "none"), ([2, 4, 4], "none"), ([1, 1], "none"), ([3, 3], "mT"), ([0, 0], "none"),
                            ([2, 2, 2], "none")]:
            case(cases, gen, "inv %s %s" % (shape, view), "inv", dt, [sq(shape, view)])
            case(cases, gen, "det %s %s" % (shape, view), "det", dt, [sq(shape, view)])
        case(cases, gen, "det of a random matrix", "det", dt, [r([4, 4])])
        case(cases, gen, "det singular forward", "det", dt, [([2, 2], "none", [1.0, 2.0, 2.0, 4.0])], grads=False)
        for a, b in [(sq([3, 3]), r([3])), (sq([3, 3]), r([3, 2])), (sq([2, 3, 3]), r([3])),
                     (sq([2, 3, 3]), r([2, 3])), (sq([3, 3], "mT"), r([2, 3, 4])), (sq([2, 1, 3, 3]), r([4, 3, 1])),
                     (sq([3, 3]), r([3, 2], "mT"))]:
            case(cases, gen, "solve %s %s" % (a[0], b[0]), "solve", dt, [a, b])
        for shape, ord_, dims, keep in [([3, 4], 2, None, False), ([3, 4], 1, [1], False), ([3, 4], "inf", [0], True),
                                        ([2, 3, 4], "-inf", [0, 2], False), ([3, 4], 0, None, False),
                                        ([3, 4], 3, [-1], True), ([3, 4], 0.5, None, False),
                                        ([3, 4], -1, [1], False), ([], 2, None, False), ([0, 3], 2, [0], False),
                                        ([2, 3], 2, [], False)]:
            case(cases, gen, "vector_norm %s ord %s dims %s keepdim %s" % (shape, ord_, dims, keep), "vector_norm",
                 dt, [r(shape)], {"ord": ord_, "dims": dims, "keepdim": keep})
        case(cases, gen, "vector_norm of a transposed view", "vector_norm", dt, [r([3, 4], "mT")],
             {"ord": 2, "dims": [1], "keepdim": False})
        for shape, ord_, dims, keep in [([3, 4], "fro", [-2, -1], False), ([3, 4], 1, [-2, -1], False),
                                        ([3, 4], -1, [-2, -1], False), ([3, 4], "inf", [-2, -1], False),
                                        ([3, 4], "-inf", [-2, -1], True), ([2, 3, 4], 1, [0, 2], False),
                                        ([2, 3, 4], "inf", [2, 0], True), ([2, 3, 4], "fro", [1, 2], True)]:
            case(cases, gen, "matrix_norm %s ord %s dims %s keepdim %s" % (shape, ord_, dims, keep), "matrix_norm",
                 dt, [r(shape)], {"ord": ord_, "dims": dims, "keepdim": keep})
        for shape, ord_, dims, keep in [([2, 3, 4], None, None, False), ([3, 4], None, None, True),
                                        ([3, 4], 1, None, False), ([4], 3, None, False), ([3, 4], "fro", None, False),
                                        ([2, 3, 4], "inf", [2, 1], False), ([2, 3, 4], 1, [1], True),
                                        ([2, 3, 4], None, [0, 2], False), ([2, 3, 4], "fro", [0, 1], True)]:
            case(cases, gen, "norm %s ord %s dims %s keepdim %s" % (shape, ord_, dims, keep), "norm",
                 dt, [r(shape)], {"ord": ord_, "dims": dims, "keepdim": keep})
        for shape, n in [([3, 3], 0), ([2, 3, 3], 0), ([3, 3], 1), ([3, 3], 2), ([2, 3, 3], 3), ([3, 3], 5),
                         ([2, 3, 3], 6), ([3, 3], -1), ([2, 3, 3], -2)]:
            case(cases, gen, "matrix_power %s n %d" % (shape, n), "matrix_power", dt, [sq(shape)], {"n": n})
        case(cases, gen, "matrix_power of a transposed view", "matrix_power", dt, [sq([3, 3], "mT")], {"n": 4})
        case(cases, gen, "vecdot", "vecdot", dt, [r([2, 3]), r([3])], {"dim": -1})
        case(cases, gen, "vecdot dim 0", "vecdot", dt, [r([3, 2], "mT"), r([3, 2])], {"dim": 0})

    errors = []
    d = "float64"
    error(errors, gen, "outer of a matrix", "outer", d, [r([3, 3]), r([3])])
    error(errors, gen, "outer with a matrix", "outer", d, [r([3]), r([3, 3])])
    error(errors, gen, "outer of a 0-d tensor", "outer", d, [r([]), r([3])])
    error(errors, gen, "addmm shapes", "addmm", d, [r([3, 2]), r([3, 3]), r([4, 2])], {"beta": 1.0, "alpha": 1.0})
    error(errors, gen, "addmm input not expandable", "addmm", d, [r([3]), r([3, 3]), r([3, 2])],
          {"beta": 1.0, "alpha": 1.0})
    error(errors, gen, "addmm mat1 a vector", "addmm", d, [r([3, 3]), r([3]), r([3, 3])], {"beta": 1.0, "alpha": 1.0})
    error(errors, gen, "addmm mat2 a vector", "addmm", d, [r([3, 3]), r([3, 3]), r([3])], {"beta": 1.0, "alpha": 1.0})
    error(errors, gen, "baddbmm batch1 2-D", "baddbmm", d, [r([2, 3, 2]), r([3, 3]), r([2, 3, 2])],
          {"beta": 1.0, "alpha": 1.0})
    error(errors, gen, "baddbmm batch sizes", "baddbmm", d, [r([2, 3, 3]), r([2, 3, 4]), r([2, 3, 3])],
          {"beta": 1.0, "alpha": 1.0})
    error(errors, gen, "baddbmm input", "baddbmm", d, [r([2, 4, 3]), r([2, 3, 3]), r([2, 3, 3])],
          {"beta": 1.0, "alpha": 1.0})
    error(errors, gen, "einsum too few operands", "einsum", d, [r([2, 3])], {"equation": "ij,jk->ik"})
    error(errors, gen, "einsum too many operands", "einsum", d, [r([2, 3]), r([3, 4]), r([3])],
          {"equation": "ij,jk->ik"})
    error(errors, gen, "einsum subscript count", "einsum", d, [r([2, 3]), r([3])], {"equation": "ij,jk->ik"})
    error(errors, gen, "einsum subscript count with ellipsis", "einsum", d, [r([2, 3])], {"equation": "ijk...->"})
    error(errors, gen, "einsum sizes", "einsum", d, [r([2, 3]), r([4, 2])], {"equation": "ij,jk->ik"})
    error(errors, gen, "einsum unknown output", "einsum", d, [r([2, 3])], {"equation": "ij->k"})
    error(errors, gen, "einsum repeated output", "einsum", d, [r([2, 3])], {"equation": "ij->ii"})
    error(errors, gen, "einsum bad character", "einsum", d, [r([2, 3])], {"equation": "i1->i"})
    error(errors, gen, "einsum stray dot", "einsum", d, [r([2, 3])], {"equation": "i.j->"})
    error(errors, gen, "diag of 3-D", "diag", d, [r([2, 2, 2])], {"offset": 0})
    error(errors, gen, "diag of 0-d", "diag", d, [r([])], {"offset": 0})
    error(errors, gen, "trace of a vector", "trace", d, [r([3])])
    error(errors, gen, "cross length", "cross", d, [r([3]), r([4])], {"dim": 0})
    error(errors, gen, "cross dims", "cross", d, [r([3]), r([2, 3])], {"dim": -1})
    error(errors, gen, "cross dim out of range", "cross", d, [r([3]), r([3])], {"dim": 2})
    error(errors, gen, "inv not square", "inv", d, [r([3, 4])])
    error(errors, gen, "inv of a vector", "inv", d, [r([3])])
    error(errors, gen, "inv singular", "inv", d, [([2, 2], "none", [1.0, 2.0, 2.0, 4.0])])
    error(errors, gen, "inv zeros", "inv", d, [([3, 3], "none", [0.0] * 9)])
    error(errors, gen, "inv singular in a batch", "inv", d,
          [([2, 2, 2], "none", [1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0])])
    error(errors, gen, "inv of integers", "inv", "int64", [([2, 2], "none", [1.0, 2.0, 3.0, 4.0])])
    error(errors, gen, "det not square", "det", d, [r([3, 4])])
    error(errors, gen, "det of a vector", "det", d, [r([3])])
    error(errors, gen, "det of integers", "det", "int64", [([2, 2], "none", [1.0, 2.0, 3.0, 4.0])])
    error(errors, gen, "solve shapes vector", "solve", d, [sq([3, 3]), r([4])])
    error(errors, gen, "solve shapes matrix", "solve", d, [sq([3, 3]), r([4, 2])])
    error(errors, gen, "solve not square", "solve", d, [r([3, 4]), r([3])])
    error(errors, gen, "solve singular", "solve", d, [([3, 3], "none", [0.0] * 9), r([3])])
    error(errors, gen, "solve singular in a batch", "solve", d, [([2, 2, 2], "none", [0.0] * 8), r([2])])
    error(errors, gen, "solve 0-d B", "solve", d, [sq([3, 3]), r([])])
    error(errors, gen, "vector_norm of integers", "vector_norm", "int64", [([2], "none", [1.0, 2.0])],
          {"ord": 2, "dims": None, "keepdim": False})
    error(errors, gen, "vector_norm dim out of range", "vector_norm", d, [r([3, 3])],
          {"ord": 2, "dims": [0, 5], "keepdim": False})
    error(errors, gen, "vector_norm repeated dim", "vector_norm", d, [r([3, 3])],
          {"ord": 2, "dims": [0, 0], "keepdim": False})
    error(errors, gen, "vector_norm inf of empty", "vector_norm", d, [r([0, 3])],
          {"ord": "inf", "dims": None, "keepdim": False})
    error(errors, gen, "matrix_norm of a vector", "matrix_norm", d, [r([3])],
          {"ord": "fro", "dims": [-2, -1], "keepdim": False})
    error(errors, gen, "matrix_norm order 3", "matrix_norm", d, [r([3, 3])], {"ord": 3, "dims": [-2, -1], "keepdim": False})
    error(errors, gen, "matrix_norm order abc", "matrix_norm", d, [r([3, 3])],
          {"ord": "abc", "dims": [-2, -1], "keepdim": False})
    error(errors, gen, "matrix_norm same dims", "matrix_norm", d, [r([3, 3])],
          {"ord": "fro", "dims": [0, 0], "keepdim": False})
    error(errors, gen, "matrix_norm one dim", "matrix_norm", d, [r([3, 3])],
          {"ord": "fro", "dims": [0], "keepdim": False})
    error(errors, gen, "matrix_norm of integers", "matrix_norm", "int64", [([2, 2], "none", [1.0, 2.0, 3.0, 4.0])],
          {"ord": 1, "dims": [-2, -1], "keepdim": False})
    error(errors, gen, "norm ord of a 3-D tensor", "norm", d, [r([2, 3, 4])], {"ord": 2, "dims": None, "keepdim": False})
    error(errors, gen, "norm fro of a 3-D tensor", "norm", d, [r([2, 3, 4])],
          {"ord": "fro", "dims": None, "keepdim": False})
    error(errors, gen, "norm three dims", "norm", d, [r([2, 3, 4])], {"ord": None, "dims": [0, 1, 2], "keepdim": False})
    error(errors, gen, "norm fro of a vector", "norm", d, [r([4])], {"ord": "fro", "dims": None, "keepdim": False})
    error(errors, gen, "norm fro over one dim", "norm", d, [r([2, 3, 4])], {"ord": "fro", "dims": [1], "keepdim": False})
    error(errors, gen, "matrix_power not square", "matrix_power", d, [r([3, 4])], {"n": 2})
    error(errors, gen, "matrix_power of a vector", "matrix_power", d, [r([3])], {"n": 2})
    error(errors, gen, "matrix_power -1 of integers", "matrix_power", "int64", [([2, 2], "none", [1.0, 2.0, 3.0, 4.0])],
          {"n": -1})
    error(errors, gen, "vecdot sizes", "vecdot", d, [r([2, 3]), r([4])], {"dim": -1})

    with open(OUT, "w") as f:
        json.dump({"generator": "tools/gen_linalg_fixtures.py", "torch": torch.__version__,
                   "cases": cases, "errors": errors}, f, indent=1)
        f.write("\n")
    print("wrote %d cases and %d errors to %s" % (len(cases), len(errors), os.path.normpath(OUT)))


if __name__ == "__main__":
    main()
