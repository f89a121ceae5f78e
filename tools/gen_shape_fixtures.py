"""Generates PyTorch fixtures for grad4j's ShapeOpsTest (shape ops and indexing).

Each case names an op of the Java spec table (ShapeOpsTest.OPS), its JSON arguments and its
inputs; PyTorch runs it and records every output (shape, dtype, values, grad_fn name, whether it
is a view sharing the first input's storage) and, for differentiable cases, the gradients of the
inputs that require grad after backpropagating recorded random upstream gradients. Every case runs
in float32 and float64. Error cases record PyTorch's exception kind and message.

Run with PyTorch 1.13: ``/usr/bin/python3 tools/gen_shape_fixtures.py``
Writes grad4j-core/src/test/resources/fixtures/shape_ops.json (deterministic).

Inputs: {"data", "shape", "dtype" ("float"|"long"|"bool"), "grad": bool, "view": null|"t"|"step"}
  "float" inputs take the case's float dtype; "t" swaps the last two dims of the stored base
  (shape is the base's), "step" takes every second element of the last dim of the base.
Index entries (op "index"/"index_put"): {"int": i} | {"slice": [start, stop, step]} (nulls allowed)
  | "None" | "..." | {"tensor": k} (input k).
"""

import json
import os

import torch

OUT_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "grad4j-core", "src", "test",
                        "resources", "fixtures", "shape_ops.json")

GEN = torch.Generator().manual_seed(1234)


def fl(*shape, grad=True, view=None):
    return {"kind": "float", "shape": list(shape), "grad": grad, "view": view}


def lg(values):
    return {"kind": "long", "values": values}


def bl(values):
    return {"kind": "bool", "values": values}


def materialize(spec, dtype):
    if spec["kind"] == "long":
        t = torch.tensor(spec["values"], dtype=torch.long)
        return t, t, {"data": t.flatten().tolist(), "shape": list(t.shape), "dtype": "long", "grad": False, "view": None}
    if spec["kind"] == "bool":
        t = torch.tensor(spec["values"], dtype=torch.bool)
        return t, t, {"data": [1 if v else 0 for v in t.flatten().tolist()], "shape": list(t.shape), "dtype": "bool",
                      "grad": False, "view": None}
    base = torch.randn(spec["shape"], generator=GEN, dtype=torch.float64).to(dtype)
    record = {"data": base.flatten().tolist(), "shape": spec["shape"], "dtype": "float", "grad": spec["grad"],
              "view": spec["view"]}
    if spec["grad"]:
        base.requires_grad_()
    seen = base
    if spec["view"] == "t":
        seen = base.transpose(-1, -2)
    elif spec["view"] == "step":
        seen = base[..., ::2]
    return base, seen, record


def subscript(entries, inputs):
    out = []
    for e in entries:
        if e == "None":
            out.append(None)
        elif e == "...":
            out.append(Ellipsis)
        elif "int" in e:
            out.append(e["int"])
        elif "slice" in e:
            out.append(slice(*e["slice"]))
        else:
            out.append(inputs[e["tensor"]])
    return tuple(out)


def run(op, a, x):
    """The op on inputs x with JSON args a; returns a list of outputs."""
    if op == "flatten":
        return [x[0].flatten(a["start"], a["end"])]
    if op == "unflatten":
        return [x[0].unflatten(a["dim"], a["sizes"])]
    if op == "movedim":
        return [x[0].movedim(a["source"], a["destination"])]
    if op == "expand_as":
        return [x[0].expand_as(x[1])]
    if op == "broadcast_to":
        return [x[0].broadcast_to(a["size"])]
    if op == "split":
        return list(x[0].split(a["size"], a["dim"]))
    if op == "split_sizes":
        return list(x[0].split(a["sizes"], a["dim"]))
    if op == "chunk":
        return list(x[0].chunk(a["chunks"], a["dim"]))
    if op == "unbind":
        return list(x[0].unbind(a["dim"]))
    if op == "roll":
        return [x[0].roll(a["shifts"], a["dims"])]
    if op == "repeat":
        return [x[0].repeat(a["repeats"])]
    if op == "tile":
        return [x[0].tile(a["reps"])]
    if op == "diagonal":
        return [x[0].diagonal(a["offset"], a["dim1"], a["dim2"])]
    if op == "triu":
        return [x[0].triu(a["diagonal"])]
    if op == "tril":
        return [x[0].tril(a["diagonal"])]
    if op == "flip":
        return [x[0].flip(a["dims"])]
    if op == "squeeze":
        return [x[0].squeeze(a["dim"])]
    if op == "contiguous":
        return [x[0].contiguous()]
    if op == "index":
        return [x[0][subscript(a["indices"], x)]]
    if op == "index_put":
        y = x[0] * 1.0
        y.index_put_(tuple(x[k] for k in a["tensors"]), x[a["values"]], a["accumulate"])
        return [y]
    if op == "setitem":
        y = x[0] * 1.0
        y[subscript(a["indices"], x)] = x[a["values"]]
        return [y]
    if op == "index_select":
        return [x[0].index_select(a["dim"], x[1])]
    if op == "index_add":
        return [x[0].index_add(a["dim"], x[1], x[2], alpha=a["alpha"])]
    if op == "gather":
        return [x[0].gather(a["dim"], x[1])]
    if op == "scatter":
        if "reduce" in a:
            return [x[0].scatter(a["dim"], x[1], x[2], reduce=a["reduce"])]
        return [x[0].scatter(a["dim"], x[1], x[2])]
    if op == "scatter_value":
        return [x[0].scatter(a["dim"], x[1], a["value"])]
    if op == "scatter_add":
        return [x[0].scatter_add(a["dim"], x[1], x[2])]
    if op == "masked_fill":
        return [x[0].masked_fill(x[1], a["value"])]
    if op == "masked_fill_tensor":
        return [x[0].masked_fill(x[1], x[2])]
    if op == "masked_fill_":
        y = x[0] * 1.0
        y.masked_fill_(x[1], a["value"])
        return [y]
    if op == "masked_select":
        return [x[0].masked_select(x[1])]
    if op == "take":
        return [x[0].take(x[1])]
    if op == "nonzero":
        return [x[0].nonzero()]
    raise ValueError(op)


I = lambda *v: lg(list(v))
MASK = bl([[True, False, True, False], [False, False, True, True], [True, True, False, False]])

CASES = [
    ("flatten", {"start": 1, "end": 2}, [fl(2, 3, 4)]),
    ("flatten", {"start": 0, "end": -1}, [fl(3, 4, view="t")]),
    ("flatten", {"start": 0, "end": 0}, [fl(3, 4)]),
    ("flatten", {"start": 0, "end": -1}, [fl()]),
    ("flatten", {"start": 1, "end": 2}, [fl(2, 0, 3)]),
    ("unflatten", {"dim": 1, "sizes": [3, -1]}, [fl(2, 12)]),
    ("unflatten", {"dim": -1, "sizes": [2, 2]}, [fl(3, 4)]),
    ("movedim", {"source": [0, 1], "destination": [2, 0]}, [fl(2, 3, 4)]),
    ("movedim", {"source": [-1], "destination": [0]}, [fl(2, 3, 4)]),
    ("movedim", {"source": [0], "destination": [-1]}, [fl()]),
    ("expand_as", {}, [fl(3, 1), fl(2, 3, 4, grad=False)]),
    ("broadcast_to", {"size": [2, 3, 4]}, [fl(4)]),
    ("broadcast_to", {"size": [2, 4, 3]}, [fl(3, 4, view="t")]),
    ("split", {"size": 2, "dim": 1}, [fl(3, 5)]),
    ("split", {"size": 2, "dim": 0}, [fl(4, 3, view="t")]),
    ("split", {"size": 3, "dim": 0}, [fl(0, 2)]),
    ("split_sizes", {"sizes": [1, 0, 4], "dim": -1}, [fl(3, 5)]),
    ("chunk", {"chunks": 3, "dim": 1}, [fl(2, 5)]),
    ("chunk", {"chunks": 4, "dim": 0}, [fl(6, 2)]),
    ("unbind", {"dim": 1}, [fl(2, 3)]),
    ("unbind", {"dim": 0}, [fl(4, 3, view="t")]),
    ("roll", {"shifts": [1, -2], "dims": [0, 1]}, [fl(3, 4)]),
    ("roll", {"shifts": [3], "dims": []}, [fl(2, 4, view="t")]),
    ("roll", {"shifts": [5], "dims": [1]}, [fl(2, 3)]),
    ("repeat", {"repeats": [2, 1, 3]}, [fl(2, 3)]),
    ("repeat", {"repeats": [2, 2]}, [fl(3, 4, view="step")]),
    ("repeat", {"repeats": [3]}, [fl()]),
    ("tile", {"reps": [2]}, [fl(2, 3)]),
    ("tile", {"reps": [2, 1, 1]}, [fl(2, 3)]),
    ("diagonal", {"offset": 1, "dim1": 0, "dim2": 1}, [fl(3, 4)]),
    ("diagonal", {"offset": -1, "dim1": 2, "dim2": 1}, [fl(2, 3, 4)]),
    ("diagonal", {"offset": 5, "dim1": 0, "dim2": 1}, [fl(3, 4)]),
    ("diagonal", {"offset": 0, "dim1": 0, "dim2": 1}, [fl(4, 3, view="t")]),
    ("triu", {"diagonal": 1}, [fl(3, 4)]),
    ("triu", {"diagonal": 0}, [fl(2, 4, 3, view="t")]),
    ("tril", {"diagonal": -1}, [fl(2, 3, 4)]),
    ("tril", {"diagonal": 0}, [fl(3, 3)]),
    ("flip", {"dims": [0, 2]}, [fl(2, 3, 4)]),
    ("flip", {"dims": [-1]}, [fl(3, 4, view="t")]),
    ("index", {"indices": [{"slice": [1, None, None]}]}, [fl(3, 4)]),
    ("index", {"indices": [{"int": 0}, {"slice": [1, None, None]}, "None", "...", {"slice": [None, None, 2]}]},
     [fl(2, 3, 4)]),
    ("index", {"indices": ["..."]}, [fl(3, 4)]),
    ("index", {"indices": ["...", {"int": -1}]}, [fl(3, 4, view="t")]),
    ("index", {"indices": [{"tensor": 1}]}, [fl(3, 4), I(2, 0, 2, -1)]),
    ("index", {"indices": [{"slice": [None, None, None]}, {"tensor": 1}, {"tensor": 2}]},
     [fl(2, 3, 4), lg([[0], [2]]), I(1, 3, 0)]),
    ("index", {"indices": [{"tensor": 1}, {"slice": [None, None, None]}, {"tensor": 2}]},
     [fl(2, 3, 4), I(1, 0), I(3, 0)]),
    ("index", {"indices": [{"tensor": 1}]}, [fl(3, 4), MASK]),
    ("index", {"indices": [{"slice": [1, None, None]}, {"tensor": 1}]}, [fl(3, 4), bl([True, False, True, True])]),
    ("index", {"indices": ["None", {"tensor": 1}, "...", {"int": 1}]}, [fl(3, 4, 2, view="t"), I(0, 0, 2)]),
    ("index", {"indices": [{"tensor": 1}]}, [fl(0, 3), lg([])]),
    ("index", {"indices": [{"tensor": 1}]}, [fl(2, 3), lg([])]),
    ("index", {"indices": [{"tensor": 1}]}, [fl(2, 3), bl(True)]),
    ("index", {"indices": [{"int": 1}, {"tensor": 1}]}, [fl(2, 3), bl(False)]),
    ("index", {"indices": [{"tensor": 1}, {"slice": [None, -1, None]}]}, [fl(2, 3), lg(1)]),
    ("index", {"indices": ["None"]}, [fl()]),
    ("squeeze", {"dim": 1}, [fl(2, 1, 3)]),
    ("squeeze", {"dim": 0}, [fl(2, 3)]),
    ("squeeze", {"dim": 0}, [fl()]),
    ("contiguous", {}, [fl(3, 4, view="t")]),
    ("contiguous", {}, [fl(3, 4)]),
    ("index_put", {"tensors": [1], "values": 2, "accumulate": False}, [fl(4, 3), I(0, 2), fl(2, 3)]),
    ("index_put", {"tensors": [1, 2], "values": 3, "accumulate": True}, [fl(3, 4), I(0, 0, 2), I(1, 1, 3), fl(1)]),
    ("index_put", {"tensors": [1], "values": 2, "accumulate": False}, [fl(3, 4), MASK, fl()]),
    ("setitem", {"indices": [{"slice": [1, None, None]}, {"tensor": 1}], "values": 2},
     [fl(3, 4), I(3, 0), fl(2)]),
    ("setitem", {"indices": [{"int": 1}], "values": 1}, [fl(3, 4), fl(4)]),
    ("index_select", {"dim": 1}, [fl(3, 4), I(3, 0, 0)]),
    ("index_select", {"dim": 0}, [fl(4, 3, view="t"), I(1)]),
    ("index_select", {"dim": 0}, [fl(3, 2), lg([])]),
    # Forward only: PyTorch 1.13's IndexSelectBackward0 fails on a 0-d input.
    ("index_select", {"dim": 0}, [fl(grad=False), I(0, 0)]),
    ("gather", {"dim": 0}, [fl(), lg(0)]),
    ("take", {}, [fl(), I(0, 0, -1)]),
    ("index_add", {"dim": 1, "alpha": 1.0}, [fl(3, 4), I(0, 2, 0), fl(3, 3)]),
    ("index_add", {"dim": 0, "alpha": -2.0}, [fl(3, 4, view="t"), I(1, 1), fl(2, 3)]),
    ("gather", {"dim": 1}, [fl(3, 4), lg([[0, 3], [1, 1], [2, 0]])]),
    ("gather", {"dim": 0}, [fl(4, 3, view="t"), lg([[0, 1, 2, 0], [2, 2, 1, 0]])]),
    ("scatter", {"dim": 1}, [fl(3, 4), lg([[0, 3], [1, 2], [2, 0]]), fl(3, 2)]),
    ("scatter", {"dim": 0}, [fl(3, 4), lg([[0, 1, 2, 0]]), fl(2, 5, grad=False)]),
    ("scatter", {"dim": 1, "reduce": "add"}, [fl(3, 4, grad=False), lg([[0, 0], [1, 2], [3, 3]]), fl(3, 2, grad=False)]),
    ("scatter", {"dim": 1, "reduce": "multiply"},
     [fl(3, 4, grad=False), lg([[0, 0], [1, 2], [3, 3]]), fl(3, 2, grad=False)]),
    ("scatter_value", {"dim": 1, "value": 2.5}, [fl(3, 4), lg([[0, 3], [1, 2], [2, 0]])]),
    ("scatter_add", {"dim": 1}, [fl(3, 4), lg([[0, 0], [1, 3], [2, 2]]), fl(3, 2)]),
    ("scatter_add", {"dim": 0}, [fl(4, 3, view="t"), lg([[0, 1, 0, 0], [0, 1, 2, 0]]), fl(2, 4)]),
    ("masked_fill", {"value": -1.5}, [fl(3, 4), MASK]),
    ("masked_fill", {"value": 2.0}, [fl(3, 1), bl([[True, False], [False, True], [True, True]])]),
    ("masked_fill", {"value": 3.0}, [fl(2, 3), lg([[0, 1, 1], [1, 0, 0]])]),
    ("masked_fill_tensor", {}, [fl(3, 4), MASK, fl()]),
    ("masked_fill_", {"value": 0.5}, [fl(3, 4, view="t"), bl([True, False, True])]),
    ("masked_select", {}, [fl(3, 4), MASK]),
    ("masked_select", {}, [fl(4), MASK]),
    # Forward only: PyTorch 1.13's MaskedSelectBackward0 scatters into a zeros_like that preserves the
    # input's transposed strides in storage order, so its gradient fails gradcheck for this input.
    ("masked_select", {}, [fl(4, 3, grad=False, view="t"), bl([True, False, False, True])]),
    ("take", {}, [fl(3, 4), lg([[0, 11], [-1, 5]])]),
    ("take", {}, [fl(3, 4, view="t"), I(1, 1, 4)]),
    ("nonzero", {}, [MASK]),
    ("nonzero", {}, [lg([[0, 2, 0], [3, 0, 0]])]),
]

# Bad arguments: (op, args, inputs) that PyTorch rejects; recorded with its exception and message.
ERRORS = [
    ("flatten", {"start": 2, "end": 1}, [fl(2, 3, 4, grad=False)]),
    ("flatten", {"start": 0, "end": 5}, [fl(2, 3, 4, grad=False)]),
    ("unflatten", {"dim": 1, "sizes": [3, 2]}, [fl(2, 4, grad=False)]),
    ("unflatten", {"dim": 1, "sizes": []}, [fl(2, 4, grad=False)]),
    ("movedim", {"source": [0, 0], "destination": [1, 2]}, [fl(2, 3, 4, grad=False)]),
    ("movedim", {"source": [0, 1], "destination": [2, 2]}, [fl(2, 3, 4, grad=False)]),
    ("movedim", {"source": [0, 1], "destination": [1]}, [fl(2, 3, 4, grad=False)]),
    ("broadcast_to", {"size": [3, 3, 4]}, [fl(2, 3, 4, grad=False)]),
    ("expand_as", {}, [fl(2, 3, 4, grad=False), fl(3, 4, grad=False)]),
    ("split", {"size": 0, "dim": 1}, [fl(2, 3, grad=False)]),
    ("split", {"size": -1, "dim": 1}, [fl(2, 3, grad=False)]),
    ("split_sizes", {"sizes": [1, 1], "dim": 1}, [fl(2, 3, grad=False)]),
    ("chunk", {"chunks": 0, "dim": 1}, [fl(2, 3, grad=False)]),
    ("unbind", {"dim": 0}, [fl(grad=False)]),
    ("roll", {"shifts": [1, 2], "dims": [0]}, [fl(2, 3, grad=False)]),
    ("repeat", {"repeats": [2, 2]}, [fl(2, 3, 4, grad=False)]),
    ("diagonal", {"offset": 0, "dim1": 1, "dim2": 1}, [fl(2, 3, grad=False)]),
    ("triu", {"diagonal": 0}, [fl(3, grad=False)]),
    ("tril", {"diagonal": 0}, [fl(grad=False)]),
    ("unflatten", {"dim": 0, "sizes": [1]}, [fl(grad=False)]),
    ("flip", {"dims": [0, -2]}, [fl(2, 3, grad=False)]),
    ("index", {"indices": [{"int": 5}]}, [fl(2, 3, grad=False)]),
    ("index", {"indices": [{"tensor": 1}]}, [fl(2, 3, grad=False), I(0, 2)]),
    ("index", {"indices": [{"int": 0}, {"int": 0}, {"int": 0}]}, [fl(2, 3, grad=False)]),
    ("index", {"indices": [{"tensor": 1}, {"tensor": 2}]}, [fl(2, 3, grad=False), I(0, 1), I(0, 1, 2)]),
    ("index", {"indices": [{"tensor": 1}]}, [fl(2, 3, grad=False), bl([True, False, True])]),
    ("index", {"indices": [{"slice": [None, None, 0]}]}, [fl(2, 3, grad=False)]),
    ("index_put", {"tensors": [1], "values": 2, "accumulate": False}, [fl(2, 3, grad=False), I(0, 1), fl(3, 3, grad=False)]),
    ("index_put", {"tensors": [1], "values": 2, "accumulate": True}, [fl(2, 3, grad=False), I(2), fl(3, grad=False)]),
    ("index_select", {"dim": 1}, [fl(2, 3, grad=False), lg([[0, 1]])]),
    ("index_select", {"dim": 1}, [fl(2, 3, grad=False), I(3)]),
    ("index_add", {"dim": 1, "alpha": 1.0}, [fl(2, 3, grad=False), I(0), fl(2, 2, grad=False)]),
    ("index_add", {"dim": 1, "alpha": 1.0}, [fl(2, 3, grad=False), I(0, 5), fl(2, 2, grad=False)]),
    ("gather", {"dim": 1}, [fl(2, 3, grad=False), I(0, 1)]),
    ("gather", {"dim": 1}, [fl(2, 3, grad=False), lg([[0], [1], [2]])]),
    ("gather", {"dim": 1}, [fl(2, 3, grad=False), lg([[0], [3]])]),
    ("scatter", {"dim": 1}, [fl(2, 3, grad=False), lg([[0], [3]]), fl(2, 1, grad=False)]),
    ("scatter", {"dim": 1}, [fl(2, 3, grad=False), lg([[0, 1], [1, 0]]), fl(2, 1, grad=False)]),
    ("scatter", {"dim": 1, "reduce": "max"}, [fl(2, 3, grad=False), lg([[0], [1]]), fl(2, 1, grad=False)]),
    ("scatter_add", {"dim": 1}, [fl(2, 3, grad=False), lg([[0], [1]]), lg([[1], [1]])]),
    ("masked_fill_tensor", {}, [fl(2, 3, grad=False), bl([True, False, True]), fl(1, grad=False)]),
    ("masked_fill", {"value": 1.0}, [fl(2, 3, grad=False), bl([True, False])]),
    ("masked_fill_", {"value": 1.0}, [fl(3, grad=False), bl([[True], [False]])]),
    ("masked_select", {}, [fl(2, 3, grad=False), I(1, 0, 1)]),
    ("take", {}, [fl(2, 3, grad=False), I(6)]),
    ("take", {}, [fl(2, 3, grad=False), fl(2, grad=False)]),
    ("index", {"indices": [{"tensor": 1}]}, [fl(2, 3, grad=False), fl(2, grad=False)]),
    ("index_put", {"tensors": [1], "values": 2, "accumulate": False}, [fl(2, 3, grad=False), I(0), I(1, 2, 3)]),
    ("index_select", {"dim": 0}, [fl(2, 3, grad=False), fl(1, grad=False)]),
    ("gather", {"dim": 0}, [fl(2, 3, grad=False), fl(1, 3, grad=False)]),
    ("scatter", {"dim": 0}, [fl(2, 3, grad=False), fl(1, 3, grad=False), fl(1, 3, grad=False)]),
    ("scatter_value", {"dim": 1, "value": 1.0}, [fl(2, 3, grad=False), lg([[0], [1], [2]])]),
    ("masked_fill", {"value": 1.0}, [fl(2, 3, grad=False), fl(2, 3, grad=False)]),
    ("index_add", {"dim": 0, "alpha": 1.0}, [fl(2, 3, grad=False), I(0), lg([[1, 2, 3]])]),
    ("index_add", {"dim": 0, "alpha": 1.0}, [fl(2, 3, grad=False), I(0), fl(1, 4, grad=False)]),
]

DTYPES = {"float32": torch.float32, "float64": torch.float64}


def case(op, args, specs, dtype_name):
    torch.manual_seed(0)
    made = [materialize(s, DTYPES[dtype_name]) for s in specs]
    bases = [m[0] for m in made]
    seen = [m[1] for m in made]
    outs = run(op, args, seen)
    record = {"op": op, "args": args, "dtype": dtype_name, "inputs": [m[2] for m in made], "outputs": []}
    for out in outs:
        entry = {"shape": list(out.shape), "dtype": str(out.dtype).replace("torch.", ""),
                 "data": [float(v) for v in out.detach().flatten().tolist()],
                 "grad_fn": out.grad_fn.name() if out.grad_fn is not None else None,
                 "view": out._base is not None}
        record["outputs"].append(entry)
    differentiable = [o for o in outs if o.requires_grad]
    named = [o for o in outs if o.grad_fn is not None and "NotImplemented" in o.grad_fn.name()]
    if differentiable and not named:
        upstream = [torch.randn(o.shape, generator=GEN, dtype=torch.float64).to(o.dtype) for o in differentiable]
        torch.autograd.backward(differentiable, upstream)
        record["upstream"] = [u.flatten().tolist() for u in upstream]
        record["grads"] = [b.grad.flatten().tolist() if b.requires_grad else None for b in bases]
    return record


def error_case(op, args, specs):
    made = [materialize(s, torch.float32) for s in specs]
    try:
        run(op, args, [m[1] for m in made])
    except (RuntimeError, IndexError, ValueError) as e:
        return {"op": op, "args": args, "inputs": [m[2] for m in made], "error": type(e).__name__,
                "message": str(e).split("\n")[0]}
    raise AssertionError("PyTorch accepted error case " + op + " " + json.dumps(args))


def main():
    cases = [case(op, args, specs, d) for op, args, specs in CASES for d in DTYPES]
    errors = [error_case(op, args, specs) for op, args, specs in ERRORS]
    with open(OUT_PATH, "w") as f:
        json.dump({"torch": torch.__version__, "cases": cases, "errors": errors}, f, indent=None, separators=(",", ":"))
        f.write("\n")
    print("wrote", len(cases), "cases and", len(errors), "error cases to", os.path.normpath(OUT_PATH))


if __name__ == "__main__":
    main()
