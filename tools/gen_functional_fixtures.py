"""Generates PyTorch fixtures for grad4j's FunctionalTest (torch.autograd.functional and functorch).

Run with PyTorch 1.13: ``/usr/bin/python3 tools/gen_functional_fixtures.py``
Writes grad4j-core/src/test/resources/fixtures/functional.json (deterministic). PyTorch 1.13 has no
torch.func; its transforms come from the functorch package of the same release.

JSON:
  "cases":  [{"name", "fn", "kind", "inputs": [tensor...], "v": [tensor...] | null,
              "outputs": [tensor...], "values": [tensor...] | [[tensor...]...]}]
            tensor = {"shape", "data"} (float64, row-major).
            kind and what "values" holds:
              jacobian          J[i][j] = d output i / d input j            (torch.autograd.functional.jacobian)
              hessian           H[i][j]                                     (functional.hessian)
              vjp, jvp, hvp, vhp  the products, "outputs" = func's outputs   (functional.vjp, ...)
              jacobian_cg, vjp_cg, jvp_cg, hvp_cg, vhp_cg
                                the gradient w.r.t. each input of the sum of every entry of the
                                create_graph=True result (checks that the result is differentiable)
              jacrev, jacfwd, func_hessian   functorch's transform of the one-output fn, w.r.t. input 0
              per_sample_grad   functorch.vmap(functorch.grad(fn), in_dims=(None, 0, 0))(*inputs)
              vmap_dims         functorch.vmap(fn, in_dims=1, out_dims=1)(*inputs)
              grad_grad         functorch.vmap(functorch.grad(functorch.grad(fn)))(*inputs)
  "errors": [{"name", "fn", "kind", "args", "inputs", "v", "type", "message"}]
            args: {"strict", "create_graph", "vectorize", "strategy", "in_dims"} as used by the call.
  fn names match the function table of FunctionalTest:
    exp_reducer  [x]    -> [x.exp().sum(1)]
    sin_mul      [x]    -> [x.sin() * x]
    adder        [x, y] -> [2 x.exp() + 3 y]
    two_out      [x, y] -> [x * y, x.tanh().sum() + y.sigmoid().mean(0)]
    mv_tanh      [w, x] -> [tanh(w @ x)]
    const_y      [x, y] -> [x.sin()]                   (y unused)
    cube_sum     [x]    -> x.pow(3).sum()              (scalar)
    pair_energy  [x, y] -> (x^2 sin y).sum() + tanh(x . y)
    log_sum_exp  [x]    -> x.exp().sum().log()
    linear_sum   [x]    -> (2 x).sum()
    sq_loss      [w, x, t] -> (tanh(x . w) - t)^2      (per-sample loss)
    row_scale    [x]    -> [x.sin() * x.sum()]
    sin_sq       [x]    -> x.sin() * x * x             (0-d to 0-d)
"""

import json
import os

import functorch
import torch
import torch.autograd.functional as AF

SEED = 20261205
OUT = os.path.join(os.path.dirname(__file__), "..", "grad4j-core", "src", "test", "resources", "fixtures",
                   "functional.json")

MULTI = {
    "exp_reducer": lambda x: (x.exp().sum(1),),
    "sin_mul": lambda x: (x.sin() * x,),
    "adder": lambda x, y: (2 * x.exp() + 3 * y,),
    "two_out": lambda x, y: (x * y, x.tanh().sum() + y.sigmoid().mean(0)),
    "mv_tanh": lambda w, x: (torch.tanh(w @ x),),
    "const_y": lambda x, y: (x.sin(),),
    "row_scale": lambda x: (x.sin() * x.sum(),),
}
SCALAR = {
    "cube_sum": lambda x: x.pow(3).sum(),
    "pair_energy": lambda x, y: (x.pow(2) * y.sin()).sum() + torch.tanh(x.dot(y)),
    "log_sum_exp": lambda x: x.exp().sum().log(),
    "linear_sum": lambda x: (2 * x).sum(),
    "sq_loss": lambda w, x, t: (torch.tanh(x.dot(w)) - t).pow(2),
    "sin_sq": lambda x: x.sin() * x * x,
}
SHAPES = {
    "exp_reducer": [(3, 4)],
    "sin_mul": [(2, 3)],
    "adder": [(2,), (2,)],
    "two_out": [(3,), (2, 3)],
    "mv_tanh": [(3, 4), (4,)],
    "const_y": [(3,), (3,)],
    "row_scale": [(3, 4)],
    "cube_sum": [(2, 2)],
    "pair_energy": [(3,), (3,)],
    "log_sum_exp": [(4,)],
    "linear_sum": [(3,)],
}


def enc(t):
    return {"shape": list(t.shape), "data": [float(v) for v in t.detach().reshape(-1).tolist()]}


def rand(gen, shape):
    return torch.randn(shape, generator=gen, dtype=torch.float64)


def inputs_for(gen, fn):
    return tuple(rand(gen, s) for s in SHAPES[fn])


def tup(x):
    return x if isinstance(x, tuple) else (x,)


def multi(fn):
    return MULTI[fn]


def scalar(fn):
    return SCALAR[fn]


def grad_of_sum(tensors, inputs):
    total = sum(t.sum() for t in tensors)
    if not total.requires_grad:
        return [torch.zeros_like(x) for x in inputs]
    gs = torch.autograd.grad(total, inputs, allow_unused=True)
    return [g if g is not None else torch.zeros_like(x) for g, x in zip(gs, inputs)]


def flatten(nested):
    return [t for row in nested for t in row]


def main():
    gen = torch.Generator().manual_seed(SEED)
    cases = []

    def add(name, fn, kind, inputs, v, outputs, values):
        cases.append({"name": name, "fn": fn, "kind": kind, "inputs": [enc(x) for x in inputs],
                      "v": None if v is None else [enc(t) for t in v],
                      "outputs": [enc(t) for t in outputs],
                      "values": [[enc(t) for t in row] if isinstance(row, (tuple, list)) else enc(row) for row in values]})

    for fn in ["exp_reducer", "sin_mul", "adder", "two_out", "mv_tanh", "const_y", "row_scale"]:
        f = multi(fn)
        xs = inputs_for(gen, fn)
        outs = f(*xs)
        jac = AF.jacobian(f, xs)
        add(fn + " jacobian", fn, "jacobian", xs, None, outs, [list(row) for row in jac])
        vo = tuple(rand(gen, o.shape) for o in outs)
        o, vjp = AF.vjp(f, xs, vo)
        add(fn + " vjp", fn, "vjp", xs, vo, o, list(vjp))
        vi = tuple(rand(gen, x.shape) for x in xs)
        o, jvp = AF.jvp(f, xs, vi)
        add(fn + " jvp", fn, "jvp", xs, vi, o, list(jvp))
        leaves = tuple(x.clone().requires_grad_() for x in xs)
        jac = AF.jacobian(f, leaves, create_graph=True)
        add(fn + " jacobian create_graph", fn, "jacobian_cg", xs, None, outs, grad_of_sum(flatten(jac), leaves))
        o, vjp = AF.vjp(f, leaves, vo, create_graph=True)
        add(fn + " vjp create_graph", fn, "vjp_cg", xs, vo, o, grad_of_sum(list(vjp), leaves))
        o, jvp = AF.jvp(f, leaves, vi, create_graph=True)
        add(fn + " jvp create_graph", fn, "jvp_cg", xs, vi, o, grad_of_sum(list(jvp), leaves))

    for fn in ["cube_sum", "pair_energy", "log_sum_exp", "linear_sum"]:
        f = scalar(fn)
        xs = inputs_for(gen, fn)
        hess = AF.hessian(f, xs)
        add(fn + " hessian", fn, "hessian", xs, None, [f(*xs)], [list(row) for row in hess])
        vi = tuple(rand(gen, x.shape) for x in xs)
        for kind, op in (("hvp", AF.hvp), ("vhp", AF.vhp)):
            o, r = op(f, xs, vi)
            add(fn + " " + kind, fn, kind, xs, vi, [o], list(r))
            leaves = tuple(x.clone().requires_grad_() for x in xs)
            o, r = op(f, leaves, vi, create_graph=True)
            add(fn + " " + kind + " create_graph", fn, kind + "_cg", xs, vi, [o], grad_of_sum(list(r), leaves))

    # functorch transforms
    for fn in ["sin_mul", "exp_reducer", "row_scale"]:
        f = lambda x, fn=fn: multi(fn)(x)[0]
        x, = inputs_for(gen, fn)
        add(fn + " jacrev", fn, "jacrev", [x], None, [f(x)], [functorch.jacrev(f)(x)])
        add(fn + " jacfwd", fn, "jacfwd", [x], None, [f(x)], [functorch.jacfwd(f)(x)])
    for fn in ["cube_sum", "log_sum_exp"]:
        f = scalar(fn)
        x, = inputs_for(gen, fn)
        add(fn + " func_hessian", fn, "func_hessian", [x], None, [f(x)], [functorch.hessian(f)(x)])
    w, xb, tb = rand(gen, (3,)), rand(gen, (5, 3)), rand(gen, (5,))
    per_sample = functorch.vmap(functorch.grad(scalar("sq_loss")), in_dims=(None, 0, 0))(w, xb, tb)
    add("sq_loss per_sample_grad", "sq_loss", "per_sample_grad", [w, xb, tb], None, [], [per_sample])
    xm = rand(gen, (3, 4))
    row_scale = lambda x: multi("row_scale")(x)[0]
    add("row_scale vmap_dims", "row_scale", "vmap_dims", [xm], None, [],
        [functorch.vmap(row_scale, in_dims=1, out_dims=1)(xm)])
    xs = rand(gen, (5,))
    add("sin_sq grad_grad", "sin_sq", "grad_grad", [xs], None, [],
        [functorch.vmap(functorch.grad(functorch.grad(scalar("sin_sq"))))(xs)])

    errors = []

    def err(name, fn, kind, call, inputs, v=None, args=None):
        try:
            call()
        except Exception as e:  # noqa: BLE001 -- the message is the fixture
            errors.append({"name": name, "fn": fn, "kind": kind, "args": args or {},
                           "inputs": [enc(x) for x in inputs], "v": None if v is None else [enc(t) for t in v],
                           "type": type(e).__name__, "message": str(e)})
            return
        raise AssertionError(name + " did not fail")

    xs = inputs_for(gen, "const_y")
    ones = tuple(torch.ones_like(x) for x in xs)
    strict = {"strict": True}
    err("vjp strict unused input", "const_y", "vjp", lambda: AF.vjp(multi("const_y"), xs, (ones[0],), strict=True),
        xs, [ones[0]], strict)
    err("jvp strict unused input", "const_y", "jvp", lambda: AF.jvp(multi("const_y"), xs, ones, strict=True),
        xs, ones, strict)
    err("jacobian strict unused input", "const_y", "jacobian", lambda: AF.jacobian(multi("const_y"), xs, strict=True),
        xs, None, strict)
    x3, = inputs_for(gen, "linear_sum")
    err("hessian strict linear", "linear_sum", "hessian", lambda: AF.hessian(scalar("linear_sum"), x3, strict=True),
        [x3], None, strict)
    err("hvp strict linear", "linear_sum", "hvp", lambda: AF.hvp(scalar("linear_sum"), x3, x3, strict=True),
        [x3], [x3], strict)
    err("vhp strict linear", "linear_sum", "vhp", lambda: AF.vhp(scalar("linear_sum"), x3, x3, strict=True),
        [x3], [x3], strict)
    xm, = inputs_for(gen, "sin_mul")
    bad = torch.ones(3, dtype=torch.float64)
    err("vjp v of wrong size", "sin_mul", "vjp", lambda: AF.vjp(lambda x: multi("sin_mul")(x)[0], xm, bad),
        [xm], [bad])
    err("jvp v of wrong size", "sin_mul", "jvp", lambda: AF.jvp(lambda x: multi("sin_mul")(x)[0], xm, bad),
        [xm], [bad])
    err("hvp non-scalar", "sin_mul", "hvp", lambda: AF.hvp(lambda x: multi("sin_mul")(x)[0], xm, xm), [xm], [xm])
    err("vhp non-scalar", "sin_mul", "vhp", lambda: AF.vhp(lambda x: multi("sin_mul")(x)[0], xm, xm), [xm], [xm])
    err("hessian non-scalar", "sin_mul", "hessian", lambda: AF.hessian(lambda x: multi("sin_mul")(x)[0], xm),
        [xm], None)
    err("vjp without v", "sin_mul", "vjp", lambda: AF.vjp(lambda x: multi("sin_mul")(x)[0], xm), [xm], None)
    err("jvp without v", "sin_mul", "jvp", lambda: AF.jvp(lambda x: multi("sin_mul")(x)[0], xm), [xm], None)
    xa = inputs_for(gen, "adder")
    err("vjp v tuple of wrong length", "adder", "vjp",
        lambda: AF.vjp(multi("adder"), xa, (xa[0], xa[1])), xa, list(xa))
    err("jvp v entry of wrong size", "adder", "jvp",
        lambda: AF.jvp(multi("adder"), xa, (xa[0], bad)), xa, [xa[0], bad])
    for args in ({"strategy": "sideways"}, {"strategy": "forward-mode", "strict": True},
                 {"strategy": "forward-mode", "create_graph": True, "vectorize": True},
                 {"strict": True, "vectorize": True}):
        err("jacobian " + json.dumps(args, sort_keys=True), "sin_mul", "jacobian",
            lambda: AF.jacobian(lambda x: multi("sin_mul")(x)[0], xm, **args), [xm], None, args)
    err("hessian strategy", "cube_sum", "hessian",
        lambda: AF.hessian(scalar("cube_sum"), xm, outer_jacobian_strategy="sideways"), [xm], None,
        {"strategy": "sideways"})
    err("grad of non-scalar", "sin_mul", "func_grad",
        lambda: functorch.grad(lambda x: multi("sin_mul")(x)[0])(xm), [xm])

    def f(a, b):
        return a + b
    y4 = rand(gen, (4, 2))
    x32 = rand(gen, (3, 2))
    err("vmap batch sizes differ", "add", "vmap", lambda: functorch.vmap(f)(x32, y4), [x32, y4], None,
        {"in_dims": [0, 0]})

    def f(a):  # noqa: F811 -- PyTorch names the function in the message
        return a
    err("vmap in_dim out of range", "identity", "vmap", lambda: functorch.vmap(f, in_dims=5)(x32), [x32], None,
        {"in_dims": 5})

    with open(OUT, "w") as fh:
        json.dump({"cases": cases, "errors": errors}, fh, indent=1)
        fh.write("\n")
    print("wrote", len(cases), "cases and", len(errors), "errors to", os.path.normpath(OUT))


if __name__ == "__main__":
    main()
