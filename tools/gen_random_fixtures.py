"""Generates random op-chain fixtures for grad4j's RandomDifferentialTest.

Each case builds 1-3 float64 leaf tensors (optionally seen through a view: transpose, slice,
expand or index, so the tensor entering the chain is non-contiguous while the leaf that
requires grad is its base), applies a short random chain of grad4j/PyTorch ops, records the
output, then backpropagates ``output.sum()`` and records every leaf's ``.grad``.
Ops that need a positive domain (log, sqrt, division, fractional powers) are preceded by an
explicit op (exp, or abs + 0.5, or pow 2 + 0.5) that is part of the recorded chain, so the
Java side replays exactly the same computation.

Run with PyTorch 1.13: ``/usr/bin/python3 tools/gen_random_fixtures.py``
Writes grad4j-core/src/test/resources/fixtures/random_chains.json (deterministic).

JSON vocabulary: value i is the result of ``ops[i]``; ``args`` name earlier values.
  {"op":"leaf","leaf":k}                       leaf k, after its optional view
  leaf views: {"kind":"transpose","dim0":i,"dim1":j} | {"kind":"t"} |
              {"kind":"slice","dim":d,"start":s,"end":e} | {"kind":"expand","size":[...]} |
              {"kind":"index","index":i}
  add/sub/mul/div            {"args":[i,j]}          tensor overloads (broadcasting)
  add_scalar/sub_scalar/mul_scalar/div_scalar    {"args":[i],"value":v}
  neg exp log sin cos tanh sigmoid relu abs sqrt norm t   {"args":[i]}
  pow                        {"args":[i],"exponent":p}
  sum/mean                   {"args":[i]} | + "dim":d | + "dim":d,"keepdim":b | + "dim":[..],"keepdim":b
  cumsum                     {"args":[i],"dim":d}
  dot/mv/mm/matmul           {"args":[i,j]}
  transpose                  {"args":[i],"dim0":a,"dim1":b}
  reshape                    {"args":[i],"shape":[...]}   (may contain one -1)
  unsqueeze                  {"args":[i],"dim":d}
  squeeze                    {"args":[i]} | + "dim":d
"""

import json
import math
import os
import random

import torch

SEED = 20240613
NUM_CASES = 300
MAX_LEAVES = 3
MAX_ABS_VALUE = 1e4
OUT_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "grad4j-core", "src", "test",
                        "resources", "fixtures", "random_chains.json")

UNARY_OPS = ["neg", "exp", "log", "sin", "cos", "tanh", "sigmoid", "relu", "abs", "sqrt"]
SCALAR_OPS = ["add_scalar", "sub_scalar", "mul_scalar", "div_scalar"]
BINARY_OPS = ["add", "sub", "mul", "div"]
REDUCTION_FORMS = ["all", "dim", "dim_keepdim", "dims_keepdim"]
# Every op family the generator knows; case i puts PRIMARY_OPS[i % len] first so each is covered.
PRIMARY_OPS = (UNARY_OPS + SCALAR_OPS + BINARY_OPS + ["pow"]
               + ["sum_" + f for f in REDUCTION_FORMS] + ["mean_" + f for f in REDUCTION_FORMS]
               + ["cumsum", "dot", "mv", "mm", "matmul", "t", "transpose", "reshape", "unsqueeze",
                  "squeeze", "norm"])
# Ops that stay finite and well defined on tensors with a zero-size dimension.
EMPTY_SAFE_OPS = ["neg", "exp", "sin", "tanh", "sigmoid", "add_scalar", "mul_scalar", "add", "mul",
                  "sum_all", "sum_dim", "sum_dim_keepdim", "transpose", "unsqueeze", "reshape", "cumsum"]


class Retry(Exception):
    """The random choices led somewhere unusable (overflow, no applicable op); draw again."""


def shape_str(shape):
    return "x".join(str(s) for s in shape) if shape else "scalar"


def java_args(values):
    return ", ".join(str(v).lower() if isinstance(v, bool) else str(v) for v in values)


def java_ints(values):
    return "{" + ", ".join(str(v) for v in values) + "}"


class CaseBuilder:
    """Builds one case: runs every op in PyTorch while recording it in the JSON vocabulary."""

    def __init__(self, rng, allow_empty):
        self.rng = rng
        self.allow_empty = allow_empty
        self.leaves = []        # JSON leaf records
        self.leaf_tensors = []  # base tensors that require grad
        self.ops = []           # JSON op records
        self.values = []        # torch value of each op
        self.exprs = []         # grad4j-style expression of each op, for the display name

    # ---- values -------------------------------------------------------------------------

    def push(self, op, value, expr):
        if value.numel() > 0 and (not torch.isfinite(value).all() or value.abs().max() > MAX_ABS_VALUE):
            raise Retry()
        self.ops.append(op)
        self.values.append(value)
        self.exprs.append(expr)
        return len(self.values) - 1

    def random_shape(self):
        """Rank 0-4 with sizes 1-5 (size 1 exercises broadcasting); one size 0 in empty cases."""
        rank = self.rng.randint(1 if self.allow_empty else 0, 4)
        shape = [self.rng.randint(1, 5) for _ in range(rank)]
        if self.allow_empty:
            shape[self.rng.randrange(rank)] = 0
        return shape

    def new_leaf(self, shape, allow_view=True):
        """Adds a leaf whose (possibly viewed) value has the given shape; returns its value index."""
        rng = self.rng
        kinds = ["none"]
        if allow_view:
            kinds += ["index", "slice"] if len(shape) >= 1 else ["index"]
            if len(shape) >= 2:
                kinds.append("transpose")
            if any(s > 1 for s in shape):
                kinds.append("expand")
        kind = rng.choice(kinds) if rng.random() < 0.6 else "none"
        base_shape = list(shape)
        view = None
        if kind == "transpose":
            if len(shape) == 2 and rng.random() < 0.5:
                view = {"kind": "t"}
                base_shape = [shape[1], shape[0]]
            else:
                d0, d1 = rng.sample(range(len(shape)), 2)
                base_shape[d0], base_shape[d1] = shape[d1], shape[d0]
                view = {"kind": "transpose", "dim0": d0 - len(shape) * rng.randint(0, 1), "dim1": d1}
        elif kind == "slice":
            dim = rng.randrange(len(shape))
            extra = rng.randint(1, 3)
            start = rng.randint(0, extra)
            base_shape[dim] = shape[dim] + extra
            view = {"kind": "slice", "dim": dim, "start": start, "end": start + shape[dim]}
        elif kind == "expand":
            dims = [d for d, s in enumerate(shape) if s > 1]
            for d in rng.sample(dims, rng.randint(1, len(dims))):
                base_shape[d] = 1
            view = {"kind": "expand", "size": list(shape)}
        elif kind == "index":
            count = rng.randint(2, 4)
            index = rng.randrange(count)
            if rng.random() < 0.2:
                index -= count
            base_shape = [count] + base_shape
            view = {"kind": "index", "index": index}

        # Leaf values come from Python's seeded generator, so the whole file follows SEED.
        data = torch.tensor([rng.uniform(-2.0, 2.0) for _ in range(math.prod(base_shape))], dtype=torch.float64)
        base = data.reshape(base_shape).clone().requires_grad_()
        record = {"shape": base_shape, "data": [float(v) for v in data.tolist()]}
        name = "abc"[len(self.leaves)]
        value, expr = base, name
        if view is not None:
            record["view"] = view
            value, suffix = apply_view(base, view)
            expr = name + suffix
        self.leaves.append(record)
        self.leaf_tensors.append(base)
        return self.push({"op": "leaf", "leaf": len(self.leaves) - 1}, value, expr)

    def can_add_leaf(self):
        return len(self.leaves) < MAX_LEAVES

    # ---- op application ---------------------------------------------------------------

    def unary(self, name, i, **extra):
        x = self.values[i]
        op = {"op": name, "args": [i]}
        op.update(extra)
        if name in UNARY_OPS or name == "norm" or name == "t":
            return self.push(op, getattr(x, name)(), f"{self.exprs[i]}.{name}()")
        if name == "pow":
            p = extra["exponent"]
            return self.push(op, x.pow(p), f"{self.exprs[i]}.pow({p})")
        if name in SCALAR_OPS:
            v = extra["value"]
            method = name[: -len("_scalar")]
            return self.push(op, getattr(x, method)(v), f"{self.exprs[i]}.{method}({v})")
        raise AssertionError(name)

    def binary(self, name, i, j):
        x, y = self.values[i], self.values[j]
        return self.push({"op": name, "args": [i, j]}, getattr(x, name)(y), f"{self.exprs[i]}.{name}({self.exprs[j]})")

    def make_positive(self, i):
        """Returns a value index holding a strictly positive (>= 0.1) version of value i."""
        x = self.values[i]
        if x.numel() == 0 or x.min() >= 0.1:
            return i
        choices = ["square"]
        if x.abs().max() < 4:
            choices.append("exp")
        if x.abs().min() > 1e-3:
            choices.append("abs")
        choice = self.rng.choice(choices)
        if choice == "exp":
            return self.unary("exp", i)
        if choice == "abs":
            return self.unary("add_scalar", self.unary("abs", i), value=0.5)
        return self.unary("add_scalar", self.unary("pow", i, exponent=2.0), value=0.5)

    def broadcast_partner(self, shape, want_positive=False):
        """A value broadcastable with `shape`: a new leaf (sometimes bigger) or an earlier value."""
        rng = self.rng
        existing = [k for k, v in enumerate(self.values) if broadcastable(list(v.shape), shape)]
        if existing and (not self.can_add_leaf() or rng.random() < 0.25):
            j = rng.choice(existing)
        elif self.can_add_leaf():
            other = list(shape)
            other = other[rng.randint(0, len(other)):] if rng.random() < 0.3 else other
            other = [1 if rng.random() < 0.3 else s for s in other]
            if rng.random() < 0.15:
                other = [rng.randint(2, 3)] + other
            j = self.new_leaf(other)
        else:
            raise Retry()
        return self.make_positive(j) if want_positive else j

    def reduce(self, name, form, i):
        x = self.values[i]
        rank = x.dim()
        if form != "all" and rank == 0:
            raise Retry()
        if form == "all":
            return self.push({"op": name, "args": [i]}, getattr(x, name)(), f"{self.exprs[i]}.{name}()")
        if form in ("dim", "dim_keepdim"):
            dim = self.rng.randint(-rank, rank - 1)
            if name == "mean" and x.shape[dim] == 0:
                raise Retry()
            if form == "dim":
                return self.push({"op": name, "args": [i], "dim": dim}, getattr(x, name)(dim),
                                 f"{self.exprs[i]}.{name}({dim})")
            keepdim = self.rng.random() < 0.5
            return self.push({"op": name, "args": [i], "dim": dim, "keepdim": keepdim},
                             getattr(x, name)(dim, keepdim), f"{self.exprs[i]}.{name}({java_args([dim, keepdim])})")
        count = self.rng.randint(1, rank)
        dims = [d - rank * self.rng.randint(0, 1) for d in sorted(self.rng.sample(range(rank), count))]
        if name == "mean" and any(x.shape[d] == 0 for d in dims):
            raise Retry()
        keepdim = self.rng.random() < 0.5
        return self.push({"op": name, "args": [i], "dim": dims, "keepdim": keepdim},
                         getattr(x, name)(dims, keepdim),
                         f"{self.exprs[i]}.{name}(new int[]{java_ints(dims)}, {java_args([keepdim])})")

    def apply(self, kind, i):
        """Applies op family `kind` to value i (adding partners as needed); returns the new index."""
        rng = self.rng
        x = self.values[i]
        shape = list(x.shape)
        rank = len(shape)
        if kind in ("log", "sqrt"):
            return self.unary(kind, self.make_positive(i))
        if kind in ("relu", "abs"):
            if x.numel() > 0 and x.abs().min() < 1e-6:
                raise Retry()  # stay away from the kink, where conventions differ
            return self.unary(kind, i)
        if kind == "exp":
            if x.numel() > 0 and x.max() > 5:
                raise Retry()
            return self.unary(kind, i)
        if kind in UNARY_OPS:
            return self.unary(kind, i)
        if kind == "pow":
            exponent = rng.choice([2.0, 3.0, 0.5, -1.0, 1.5, -0.5, 1.0])
            base = i if exponent in (1.0, 2.0, 3.0) else self.make_positive(i)
            return self.unary("pow", base, exponent=exponent)
        if kind in SCALAR_OPS:
            value = rng.choice([2.5, -0.75, 3.0, 0.5, -1.25])
            return self.unary(kind, i, value=value)
        if kind in BINARY_OPS:
            if rng.random() < 0.5 or kind == "div":
                j = self.broadcast_partner(shape, want_positive=(kind == "div"))
                return self.binary(kind, i, j)
            j = self.broadcast_partner(shape)
            return self.binary(kind, j, i)
        if kind.startswith("sum_") or kind.startswith("mean_"):
            name, form = kind.split("_", 1)
            return self.reduce(name, form, i)
        if kind == "cumsum":
            if rank == 0:
                raise Retry()
            dim = rng.randint(-rank, rank - 1)
            return self.push({"op": "cumsum", "args": [i], "dim": dim}, x.cumsum(dim), f"{self.exprs[i]}.cumsum({dim})")
        if kind == "dot":
            if rank != 1:
                raise Retry()
            j = self.partner_of_shape(shape)
            return self.binary("dot", i, j) if rng.random() < 0.5 else self.binary("dot", j, i)
        if kind == "mv":
            if rank == 2:
                return self.binary("mv", i, self.partner_of_shape([shape[1]]))
            if rank == 1:
                return self.binary("mv", self.partner_of_shape([rng.randint(1, 4), shape[0]]), i)
            raise Retry()
        if kind == "mm":
            if rank != 2:
                raise Retry()
            if rng.random() < 0.5:
                return self.binary("mm", i, self.partner_of_shape([shape[1], rng.randint(1, 4)]))
            return self.binary("mm", self.partner_of_shape([rng.randint(1, 4), shape[0]]), i)
        if kind == "matmul":
            return self.matmul(i, shape)
        if kind == "t":
            if rank > 2:
                raise Retry()
            return self.unary("t", i)
        if kind == "transpose":
            if rank == 0:
                raise Retry()
            d0, d1 = (rng.sample(range(rank), 2) if rank >= 2 else (0, 0))
            d0 -= rank * rng.randint(0, 1)
            return self.push({"op": "transpose", "args": [i], "dim0": d0, "dim1": d1}, x.transpose(d0, d1),
                             f"{self.exprs[i]}.transpose({d0}, {d1})")
        if kind == "reshape":
            new_shape = random_factorization(rng, x.numel(), shape)
            return self.push({"op": "reshape", "args": [i], "shape": new_shape}, x.reshape(new_shape),
                             f"{self.exprs[i]}.reshape({java_args(new_shape)})")
        if kind == "unsqueeze":
            dim = rng.randint(-(rank + 1), rank)
            return self.push({"op": "unsqueeze", "args": [i], "dim": dim}, x.unsqueeze(dim),
                             f"{self.exprs[i]}.unsqueeze({dim})")
        if kind == "squeeze":
            if rank == 0 or (1 not in shape and rng.random() < 0.7):
                raise Retry()
            if rng.random() < 0.5:
                return self.push({"op": "squeeze", "args": [i]}, x.squeeze(), f"{self.exprs[i]}.squeeze()")
            dim = rng.randint(-rank, rank - 1)
            return self.push({"op": "squeeze", "args": [i], "dim": dim}, x.squeeze(dim),
                             f"{self.exprs[i]}.squeeze({dim})")
        if kind == "norm":
            if x.numel() == 0 or x.norm() < 1e-3:
                raise Retry()
            return self.unary("norm", i)
        raise AssertionError(kind)

    def partner_of_shape(self, shape):
        """A value of exactly `shape`: an earlier value if one fits and we are out of leaves, else a new leaf."""
        existing = [k for k, v in enumerate(self.values) if list(v.shape) == shape]
        if existing and (not self.can_add_leaf() or self.rng.random() < 0.2):
            return self.rng.choice(existing)
        if not self.can_add_leaf():
            raise Retry()
        return self.new_leaf(shape)

    def matmul(self, i, shape):
        rng = self.rng
        rank = len(shape)
        if rank == 1:
            other = rng.choice([[shape[0]], [shape[0], rng.randint(1, 4)]])
            return self.binary("matmul", i, self.partner_of_shape(other))
        if rank == 2:
            other = rng.choice([[shape[1]], [shape[1], rng.randint(1, 4)], [rng.randint(1, 3), shape[1], 2]])
            return self.binary("matmul", i, self.partner_of_shape(other))
        if rank == 3:
            other = rng.choice([[shape[2], 2], [shape[0], shape[2], rng.randint(1, 3)], [1, shape[2], 3]])
            return self.binary("matmul", i, self.partner_of_shape(other))
        raise Retry()


def apply_view(base, view):
    """Applies a leaf view in PyTorch; returns the view and its grad4j expression suffix."""
    kind = view["kind"]
    if kind == "t":
        return base.t(), ".t()"
    if kind == "transpose":
        return base.transpose(view["dim0"], view["dim1"]), f".transpose({view['dim0']}, {view['dim1']})"
    if kind == "slice":
        d, s, e = view["dim"], view["start"], view["end"]
        return base.narrow(d, s, e - s), f".slice({d}, {s}, {e})"
    if kind == "expand":
        return base.expand(view["size"]), f".expand({java_args(view['size'])})"
    if kind == "index":
        return base[view["index"]], f".index({view['index']})"
    raise AssertionError(kind)


def broadcastable(a, b):
    return all(x == y or x == 1 or y == 1 for x, y in zip(reversed(a), reversed(b)))


def random_factorization(rng, numel, old_shape):
    """A random shape with `numel` elements (rank 0-4), sometimes with one -1 entry."""
    if numel == 0:
        shape = [0] + [rng.choice([1, 2]) for _ in range(rng.randint(0, 2))]
        rng.shuffle(shape)
        return shape
    factors = []
    n = numel
    p = 2
    while n > 1:
        while n % p == 0:
            factors.append(p)
            n //= p
        p += 1
    rank = rng.randint(1 if numel > 1 else 0, 4)
    shape = [1] * rank
    for f in factors:
        shape[rng.randrange(rank)] *= f
    if shape == old_shape and rank > 0 and numel > 1:
        shape = [numel]
    if rank > 0 and rng.random() < 0.3:
        shape[rng.randrange(rank)] = -1
    return shape


def build_case(rng, index):
    allow_empty = index % 25 == 7
    catalog = EMPTY_SAFE_OPS if allow_empty else PRIMARY_OPS
    primary = catalog[index % len(catalog)] if not allow_empty else rng.choice(catalog)
    for _ in range(1000):
        builder = CaseBuilder(rng, allow_empty)
        try:
            current = builder.new_leaf(builder.random_shape())
            chain = [primary] + [rng.choice(catalog) for _ in range(rng.randint(0, 3))]
            for kind in chain:
                current = builder.apply(kind, current)
            if builder.can_add_leaf() and rng.random() < 0.4:
                # Weight the output by a leaf of its shape so the upstream gradient is not all ones.
                weights = builder.new_leaf(list(builder.values[current].shape), allow_view=False)
                current = builder.binary("mul", current, weights)
        except Retry:
            continue
        output = builder.values[current]
        output.sum().backward()
        grads = []
        for leaf in builder.leaf_tensors:
            assert leaf.grad is not None, "every leaf feeds the output"
            grads.append([float(v) for v in leaf.grad.reshape(-1).tolist()])
        leaf_shapes = ", ".join(f"{'abc'[k]}: {shape_str(l['shape'])}" for k, l in enumerate(builder.leaves))
        expr = builder.exprs[current]
        if len(expr) > 160:
            expr = expr[:157] + "..."
        return {
            "name": f"{index:03d} {expr}  [{leaf_shapes}]",
            "leaves": builder.leaves,
            "ops": builder.ops,
            "output": {"shape": list(output.shape), "data": [float(v) for v in output.detach().reshape(-1).tolist()]},
            "grads": grads,
        }
    raise RuntimeError(f"case {index}: no valid chain found")


def main():
    rng = random.Random(SEED)
    cases = [build_case(rng, i) for i in range(NUM_CASES)]
    document = {
        "generator": "tools/gen_random_fixtures.py",
        "torch_version": torch.__version__,
        "seed": SEED,
        "cases": cases,
    }
    os.makedirs(os.path.dirname(OUT_PATH), exist_ok=True)
    with open(OUT_PATH, "w") as f:
        json.dump(document, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {len(cases)} cases to {os.path.normpath(OUT_PATH)} ({os.path.getsize(OUT_PATH)} bytes)")


if __name__ == "__main__":
    main()
