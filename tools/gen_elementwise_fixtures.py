#!/usr/bin/python3
"""Writes grad4j-core/src/test/resources/fixtures/elementwise.json with PyTorch 1.13 (CPU).

Golden values for ElementwiseOpsTest: elementwise math, where/clamp/lerp, logic ops, any/all and
isclose. Each case names an op of the test's spec table, its inputs and scalar parameters, and what
PyTorch returns: output dtype, shape and values, grad_fn name and, after out.backward(upstream) with
a random upstream gradient, the gradient of every input that requires grad. Error cases hold the
exception type and PyTorch's first message line instead.

Case JSON:
  {"name", "op", "params": {...},
   "inputs": [{"dtype", "shape", "data", "requires_grad", "view": null | "t" | "step"}],
   "output": {"dtype", "shape", "data"}, "grad_fn": str | null,
   "upstream": [...] | null, "grads": [[...] | null per input]}
  or {"name", "op", "params", "inputs", "error": {"type": "RuntimeError" | "IndexError", "message"}}
A view "t" means the input is base.t() of a base stored transposed; "step" means base[::2] of a
base stored with twice the rows. Data are row-major base values; NaN and +-Infinity appear as the
JSON extensions Jackson reads with ALLOW_NON_NUMERIC_NUMBERS.

Run: /usr/bin/python3 tools/gen_elementwise_fixtures.py (from the repository root).
"""
import json
import math
import os

import torch

OUT_PATH = os.path.join(os.path.dirname(__file__), "..", "grad4j-core", "src", "test", "resources", "fixtures",
                        "elementwise.json")
SEED = 20240603
DTYPES = {"FLOAT32": torch.float32, "FLOAT64": torch.float64, "INT64": torch.int64, "BOOL": torch.bool}
NAMES = {v: k for k, v in DTYPES.items()}

gen = torch.Generator().manual_seed(SEED)


def uniform(shape, lo, hi):
    return torch.rand(shape, generator=gen, dtype=torch.float64) * (hi - lo) + lo


def away_from_zero(shape, lo, hi):
    """Values with |v| in [lo, hi] and random sign."""
    signs = torch.where(torch.rand(shape, generator=gen) < 0.5, -1.0, 1.0).double()
    return uniform(shape, lo, hi) * signs


# Input domains: a function shape -> float64 values.
DOMAINS = {
    "any": lambda s: uniform(s, -3.0, 3.0),
    "nonzero": lambda s: away_from_zero(s, 0.2, 2.2),
    "positive": lambda s: uniform(s, 0.2, 3.0),
    "unit": lambda s: uniform(s, -0.95, 0.95),
    "above_one": lambda s: uniform(s, 1.1, 4.0),
    "log1p": lambda s: uniform(s, -0.8, 3.0),
    "tan": lambda s: uniform(s, -1.3, 1.3),
    "wide": lambda s: uniform(s, -5.0, 5.0),
    "weight": lambda s: uniform(s, -0.5, 1.5),
    "divisor": lambda s: away_from_zero(s, 0.5, 2.5),
    "int": lambda s: torch.randint(-5, 6, s, generator=gen).double(),
    "nonzero_int": lambda s: (torch.randint(1, 5, s, generator=gen) * torch.where(
        torch.rand(s, generator=gen) < 0.5, -1, 1)).double(),
    "bool": lambda s: (torch.rand(s, generator=gen) < 0.5).double(),
    "sparse": lambda s: torch.where(torch.rand(s, generator=gen) < 0.4, 0.0, 1.0).double()
    * uniform(s, -2.0, 2.0),
}


def values(v):
    out = []
    for x in v.reshape(-1).tolist():
        out.append(x if not isinstance(x, bool) else bool(x))
    return out


class Input:
    def __init__(self, dtype, shape, domain, requires_grad=None, view=None, data=None):
        self.dtype, self.shape, self.view = dtype, list(shape), view
        base_shape = list(shape)
        if view == "t":
            base_shape = base_shape[::-1]
        elif view == "step":
            base_shape[0] *= 2
        self.base_shape = base_shape
        if data is None:
            data = DOMAINS[domain](base_shape)
        else:
            data = torch.tensor(data, dtype=torch.float64).reshape(base_shape)
        self.base = data.to(DTYPES[dtype])
        floating = self.base.is_floating_point()
        self.requires_grad = floating if requires_grad is None else requires_grad
        if self.requires_grad:
            self.base.requires_grad_()

    def value(self):
        if self.view == "t":
            return self.base.t()
        if self.view == "step":
            return self.base[::2]
        return self.base

    def record(self):
        return {"dtype": self.dtype, "shape": self.base_shape, "data": values(self.base.detach()),
                "requires_grad": self.requires_grad, "view": self.view}


# Each op: fn(inputs, params) with PyTorch, mirroring the Java spec table entry of the same name.
OPS = {}


def op(name, fn):
    OPS[name] = fn


for _name in ["reciprocal", "rsqrt", "square", "exp2", "expm1", "log1p", "log2", "log10", "tan", "asin", "acos",
              "atan", "sinh", "cosh", "asinh", "acosh", "atanh", "erf", "erfc", "floor", "ceil", "round", "trunc",
              "frac", "sign", "logical_not", "isnan", "isinf", "isfinite"]:
    op(_name, (lambda n: lambda t, p: getattr(torch, n)(t[0]))(_name))
for _name in ["atan2", "hypot", "remainder", "fmod", "maximum", "minimum", "pow", "eq", "ne", "gt", "ge", "lt", "le",
              "logical_and", "logical_or", "logical_xor"]:
    op(_name, (lambda n: lambda t, p: getattr(torch, n)(t[0], t[1]))(_name))
op("remainder_scalar", lambda t, p: torch.remainder(t[0], p["other"]))
op("fmod_scalar", lambda t, p: torch.fmod(t[0], p["other"]))
op("pow_scalar_base", lambda t, p: torch.pow(p["base"], t[0]))
op("where", lambda t, p: torch.where(t[0], t[1], t[2]))
op("where_scalar_other", lambda t, p: torch.where(t[0], t[1], p["other"]))
op("where_scalar_self", lambda t, p: torch.where(t[0], p["self"], t[1]))
op("clamp", lambda t, p: torch.clamp(t[0], p["min"], p["max"]))
op("clamp_tensor", lambda t, p: torch.clamp(t[0], t[1] if p["has_min"] else None,
                                            t[-1] if p["has_max"] else None))
op("clamp_min", lambda t, p: torch.clamp_min(t[0], p["min"]))
op("clamp_max", lambda t, p: torch.clamp_max(t[0], p["max"]))
op("clamp_min_tensor", lambda t, p: torch.clamp_min(t[0], t[1]))
op("clamp_max_tensor", lambda t, p: torch.clamp_max(t[0], t[1]))
op("lerp", lambda t, p: torch.lerp(t[0], t[1], p["weight"]))
op("lerp_tensor", lambda t, p: torch.lerp(t[0], t[1], t[2]))
op("any", lambda t, p: t[0].any() if p["dim"] is None else t[0].any(p["dim"], keepdim=p["keepdim"]))
op("all", lambda t, p: t[0].all() if p["dim"] is None else t[0].all(p["dim"], keepdim=p["keepdim"]))
op("isclose", lambda t, p: torch.isclose(t[0], t[1], rtol=p["rtol"], atol=p["atol"], equal_nan=p["equal_nan"]))
op("allclose", lambda t, p: torch.tensor(torch.allclose(t[0], t[1], rtol=p["rtol"], atol=p["atol"],
                                                        equal_nan=p["equal_nan"])))
op("equal", lambda t, p: torch.tensor(torch.equal(t[0], t[1])))

cases = []


def case(name, op_name, inputs, params=None):
    params = params or {}
    record = {"name": name, "op": op_name, "params": params, "inputs": [i.record() for i in inputs]}
    try:
        out = OPS[op_name]([i.value() for i in inputs], params)
    except (RuntimeError, IndexError) as e:
        record["error"] = {"type": type(e).__name__, "message": str(e).split("\n")[0]}
        cases.append(record)
        return
    record["output"] = {"dtype": NAMES[out.dtype], "shape": list(out.shape), "data": values(out.detach())}
    record["grad_fn"] = out.grad_fn.name() if out.grad_fn is not None else None
    record["upstream"] = None
    record["grads"] = [None] * len(inputs)
    if out.requires_grad:
        upstream = uniform(list(out.shape), -1.0, 1.0).to(out.dtype)
        out.backward(upstream)
        record["upstream"] = values(upstream)
        record["grads"] = [values(i.base.grad) if i.requires_grad and i.base.grad is not None else None
                           for i in inputs]
    cases.append(record)


def layouts(op_name, domains, shapes, params=None, dtypes=("FLOAT64", "FLOAT32"), grad_mask=None):
    """The standard sweep: each float dtype on the given (broadcast) shapes, 0-d, empty and views."""
    n = len(domains)

    def make(dtype, shape_list, view=None):
        ins = []
        for k in range(n):
            d = domains[k]
            dt = "BOOL" if d == "bool" else dtype
            rg = None if grad_mask is None else (grad_mask[k] and dt.startswith("FLOAT"))
            ins.append(Input(dt, shape_list[k], d, requires_grad=rg, view=view if k == 0 else None))
        return ins

    for dtype in dtypes:
        case(f"{op_name} {dtype.lower()} {shapes}", op_name, make(dtype, shapes), params)
    case(f"{op_name} 0-d", op_name, make("FLOAT64", [[]] * n), params)
    case(f"{op_name} empty", op_name, make("FLOAT64", [[0, 4]] + [[4]] * (n - 1)), params)
    case(f"{op_name} transposed view", op_name, make("FLOAT64", [[4, 3]] + [[3]] * (n - 1), view="t"), params)
    case(f"{op_name} strided view", op_name, make("FLOAT32", [[3, 4]] * n, view="step"), params)


UNARY_DOMAINS = {
    "reciprocal": "nonzero", "rsqrt": "positive", "square": "any", "exp2": "any", "expm1": "any",
    "log1p": "log1p", "log2": "positive", "log10": "positive", "tan": "tan", "asin": "unit", "acos": "unit",
    "atan": "any", "sinh": "any", "cosh": "any", "asinh": "any", "acosh": "above_one", "atanh": "unit",
    "erf": "any", "erfc": "any", "floor": "wide", "ceil": "wide", "round": "wide", "trunc": "wide",
    "frac": "wide", "sign": "nonzero",
}


def erf_references():
    """erf and erfc to 40 digits (mpmath, rounded to double) on a grid through every branch of grad4j's code."""
    import mpmath
    mpmath.mp.dps = 40
    xs = [k / 16 for k in range(-112, 113)] + [0.4999, 0.5001, 1.9999, 2.0001, 5.99, 6.01, 10.5, 20.25, 26.5, 27.2,
                                             1e-5, -3e-9, 1e-200]
    return [{"x": x, "erf": float(mpmath.erf(mpmath.mpf(x))), "erfc": float(mpmath.erfc(mpmath.mpf(x)))}
            for x in xs]


def main():
    for name, domain in UNARY_DOMAINS.items():
        layouts(name, [domain], [[3, 4]])
        if name != "frac":
            case(f"{name} int64", name, [Input("INT64", [5], "int")])
        if name != "sign":  # grad4j's sign has no BOOL kernel (PyTorch returns BOOL)
            case(f"{name} bool", name, [Input("BOOL", [4], "bool")])
    # Numerically delicate points, against PyTorch's own special-case handling.
    special = {
        "erf": [0.0, -0.0, 1e-300, 1e-10, 0.5, 0.84, 1.0, 1.9999, 2.0, 2.5, 3.5, 5.9, 6.0, 10.0, -3.0, -27.0,
                math.inf, -math.inf, math.nan],
        "erfc": [0.0, 1e-10, 0.3, 0.9999, 1.0, 1.5, 2.0, 4.0, 8.0, 15.0, 26.0, 27.0, 27.5, 30.0, -0.5, -1.5, -6.0,
                 -30.0, math.inf, -math.inf, math.nan],
        "log1p": [1e-18, -1e-12, 1e-8, -0.5, -1.0, -1.5, 1e10, math.inf],
        "expm1": [1e-18, -1e-12, 1e-8, -40.0, 0.5, 700.0, 710.0, -math.inf],
        "log2": [1.0, 2.0, 8.0, 0.5, 0.999, 1.001, 2.0 ** -1030, 0.0, -1.0, math.inf, 3e300],
        "log10": [1.0, 10.0, 1000.0, 0.0, -2.0, math.inf],
        "asinh": [0.0, 1e-9, -1e-9, 0.5, -2.5, 1e5, -1e10, 1e300, math.inf, math.nan],
        "acosh": [1.0, 1.0 + 1e-12, 1.5, 2.0, 3.0, 1e10, 1e300, 0.5, math.inf],
        "atanh": [0.0, 1e-9, -1e-9, 0.5, -0.999999, 1.0, -1.0, 1.5],
        "round": [0.5, 1.5, 2.5, -0.5, -1.5, 0.49999999999999994, 1e16 + 1, -0.0],
        "trunc": [-0.5, 0.5, -1.5, -0.0, 1e300, math.inf, math.nan],
        "frac": [-1.5, 2.25, -0.0, 1e16, math.inf, math.nan],
        "reciprocal": [0.0, -0.0, math.inf, 1e-310],
        "rsqrt": [0.0, -1.0, 1e-310, math.inf, 4.0],
        "exp2": [-1075.0, 1024.0, -1.0, 10.0, 0.5],
        "tan": [0.0, 1.5707963267948966, -1e-9, 3.0],
        "cosh": [710.0, -710.0, 0.0], "sinh": [710.0, 1e-9, -1e-9],
    }
    for name, points in special.items():
        for dtype in ("FLOAT64", "FLOAT32"):
            case(f"{name} special {dtype.lower()}", name, [Input(dtype, [len(points)], None, data=points)])

    # Binary math, broadcasting both ways.
    layouts("atan2", ["any", "any"], [[3, 4], [4]])
    case("atan2 quadrants", "atan2", [Input("FLOAT64", [8], None, data=[1, 1, -1, -1, 0, -0.0, 0, 0]),
                                      Input("FLOAT64", [8], None, data=[1, -1, 1, -1, -1, -1, 0, 2])])
    case("atan2 int64", "atan2", [Input("INT64", [5], "int"), Input("INT64", [5], "nonzero_int")])
    case("atan2 broadcast error", "atan2", [Input("FLOAT64", [2], "any"), Input("FLOAT64", [3], "any")])
    layouts("hypot", ["nonzero", "nonzero"], [[3, 1], [4]])
    case("hypot large", "hypot", [Input("FLOAT64", [3], None, data=[1e200, 3e-200, 0.0]),
                                  Input("FLOAT64", [3], None, data=[1e200, 4e-200, 5.0])])
    case("hypot int64", "hypot", [Input("INT64", [3], "int"), Input("INT64", [3], "int")])
    case("hypot mixed", "hypot", [Input("FLOAT32", [3], "any"), Input("INT64", [3], "int")])
    for name in ("remainder", "fmod"):
        layouts(name, ["wide", "divisor"], [[3, 4], [3, 1]])
        case(f"{name} signs", name, [Input("FLOAT64", [8], None, data=[5.5, -5.5, 5.5, -5.5, 0.0, -0.0, 3.0, 1.0]),
                                     Input("FLOAT64", [8], None, data=[2, 2, -2, -2, 2, -2, 0.0, math.inf])])
        case(f"{name} int64", name, [Input("INT64", [6], "int"), Input("INT64", [6], "nonzero_int")])
        case(f"{name} int64 by zero", name, [Input("INT64", [2], "int"), Input("INT64", [2], None, data=[1, 0])])
        case(f"{name} bool", name, [Input("BOOL", [2], "bool"), Input("BOOL", [2], "bool")])
        for other in (1.5, -2.0, 3, -2):
            layouts(f"{name}_scalar", ["wide"], [[3, 4]], {"other": other}, dtypes=("FLOAT64",))
            case(f"{name}_scalar int64 {other}", f"{name}_scalar", [Input("INT64", [6], "int")], {"other": other})
        case(f"{name}_scalar float32", f"{name}_scalar", [Input("FLOAT32", [3, 4], "wide")], {"other": -1.25})
        case(f"{name}_scalar int64 by zero", f"{name}_scalar", [Input("INT64", [2], "int")], {"other": 0})

    # pow: tensor exponent, scalar base, and the zero-base conventions.
    layouts("pow", ["positive", "any"], [[3, 4], [4]])
    case("pow zero base", "pow", [Input("FLOAT64", [6], None, data=[0.0, 0.0, 0.0, 0.0, 2.0, -2.0]),
                                  Input("FLOAT64", [6], None, data=[0.0, -1.0, 2.0, 0.5, 0.0, 3.0])])
    case("pow int64 base float exponent", "pow", [Input("INT64", [4], "int"), Input("FLOAT32", [4], "any")])
    case("pow int64", "pow", [Input("INT64", [4], "int"), Input("INT64", [4], None, data=[0, 1, 2, 3])])
    for base in (2.5, 0.0, -1.5):
        layouts("pow_scalar_base", ["any"], [[3, 4]], {"base": base}, dtypes=("FLOAT64",))
    case("pow_scalar_base zero base", "pow_scalar_base",
         [Input("FLOAT64", [4], None, data=[-1.0, 0.0, 0.5, 2.0])], {"base": 0.0})
    case("pow_scalar_base float32", "pow_scalar_base", [Input("FLOAT32", [5], "any")], {"base": 2.5})
    case("pow_scalar_base int64", "pow_scalar_base", [Input("INT64", [4], None, data=[0, 1, 2, 3])], {"base": 2})
    case("pow_scalar_base int64 float base", "pow_scalar_base", [Input("INT64", [4], "int")], {"base": 2.5})
    case("pow_scalar_base int64 integral float base", "pow_scalar_base", [Input("INT64", [4], "int")],
         {"base": 2.0})
    case("square int64", "square", [Input("INT64", [5], "int")])

    # maximum/minimum: ties split the gradient, NaN gives it to both.
    for name in ("maximum", "minimum"):
        layouts(name, ["any", "any"], [[3, 4], [4]])
        case(f"{name} ties and nan", name,
             [Input("FLOAT64", [5], None, data=[1.0, 2.0, math.nan, 3.0, math.nan]),
              Input("FLOAT64", [5], None, data=[1.0, 1.0, 1.0, math.nan, math.nan])])
        case(f"{name} int64", name, [Input("INT64", [5], "int"), Input("INT64", [5], "int")])

    # where
    layouts("where", ["bool", "any", "any"], [[3, 4], [3, 4], [4]], grad_mask=[False, True, True])
    case("where broadcast all", "where", [Input("BOOL", [3, 1], "bool"), Input("FLOAT64", [1, 4], "any"),
                                          Input("FLOAT64", [], "any")])
    case("where mixed dtypes", "where", [Input("BOOL", [4], "bool"), Input("INT64", [4], "int"),
                                         Input("FLOAT32", [4], "any")])
    case("where bool", "where", [Input("BOOL", [4], "bool"), Input("BOOL", [4], "bool"), Input("BOOL", [4], "bool")])
    case("where int64 condition", "where", [Input("INT64", [2], "int"), Input("FLOAT64", [2], "any"),
                                            Input("FLOAT64", [2], "any")])
    case("where broadcast error", "where", [Input("BOOL", [3], "bool"), Input("FLOAT64", [2], "any"),
                                            Input("FLOAT64", [2], "any")])
    layouts("where_scalar_other", ["bool", "any"], [[3, 4], [4]], {"other": 2.5}, grad_mask=[False, True])
    layouts("where_scalar_self", ["bool", "any"], [[3, 4], [3, 4]], {"self": -1.0}, grad_mask=[False, True])
    case("where_scalar_other int64 float", "where_scalar_other", [Input("BOOL", [4], "bool"),
                                                                  Input("INT64", [4], "int")], {"other": 2.5})
    case("where_scalar_other int64 int", "where_scalar_other", [Input("BOOL", [4], "bool"),
                                                                Input("INT64", [4], "int")], {"other": 7})
    case("where_scalar_other int64 integral float", "where_scalar_other",
         [Input("BOOL", [4], "bool"), Input("INT64", [4], "int")], {"other": 7.0})

    # clamp with scalars (both, one, crossed) and with tensors.
    for lo, hi in ((-0.5, 0.8), (None, 0.3), (-0.2, None), (1.0, -1.0)):
        layouts("clamp", ["any"], [[3, 4]], {"min": lo, "max": hi})
    case("clamp at the bounds", "clamp", [Input("FLOAT64", [5], None, data=[-0.5, 0.8, 0.0, math.nan, 2.0])],
         {"min": -0.5, "max": 0.8})
    case("clamp int64 integral", "clamp", [Input("INT64", [6], "int")], {"min": -1, "max": 2})
    case("clamp int64 fractional", "clamp", [Input("INT64", [6], "int")], {"min": -1.5, "max": 2})
    case("clamp bool", "clamp", [Input("BOOL", [4], "bool")], {"min": 0, "max": 1})
    case("clamp int64 integral floats", "clamp", [Input("INT64", [6], "int")], {"min": -1.0, "max": 2.0})
    case("clamp int64 int min only", "clamp", [Input("INT64", [6], "int")], {"min": 0, "max": None})
    case("clamp no bounds", "clamp", [Input("FLOAT64", [2], "any")], {"min": None, "max": None})
    layouts("clamp_min", ["any"], [[3, 4]], {"min": 0.1})
    layouts("clamp_max", ["any"], [[3, 4]], {"max": -0.1})
    case("clamp_min int64", "clamp_min", [Input("INT64", [5], "int")], {"min": 0.5})
    case("clamp_min int64 int", "clamp_min", [Input("INT64", [5], "int")], {"min": 1})
    for has_min, has_max in ((True, True), (True, False), (False, True)):
        doms = ["any"] + (["any"] if has_min else []) + (["any"] if has_max else [])
        shapes = [[3, 4]] + ([[4]] if has_min else []) + ([[3, 1]] if has_max else [])
        layouts("clamp_tensor", doms, shapes, {"has_min": has_min, "has_max": has_max})
    case("clamp_tensor crossed bounds", "clamp_tensor",
         [Input("FLOAT64", [4], "any"), Input("FLOAT64", [4], None, data=[1.0, -1.0, 0.5, 0.0]),
          Input("FLOAT64", [4], None, data=[-1.0, 1.0, 0.5, 0.0])], {"has_min": True, "has_max": True})
    case("clamp_tensor ties", "clamp_tensor",
         [Input("FLOAT64", [3], None, data=[-1.0, 0.5, 2.0]), Input("FLOAT64", [3], None, data=[-1.0, -1.0, -1.0]),
          Input("FLOAT64", [3], None, data=[2.0, 2.0, 2.0])], {"has_min": True, "has_max": True})
    case("clamp_tensor int64 with float bound", "clamp_tensor",
         [Input("INT64", [3], "int"), Input("FLOAT32", [1], "any", requires_grad=False)],
         {"has_min": True, "has_max": False})
    layouts("clamp_min_tensor", ["any", "any"], [[3, 4], [4]])
    layouts("clamp_max_tensor", ["any", "any"], [[3, 4], [3, 1]])

    # lerp
    for w in (0.3, 0.7, -0.5, 1.5):
        layouts("lerp", ["any", "any"], [[3, 4], [4]], {"weight": w})
    layouts("lerp_tensor", ["any", "any", "weight"], [[3, 4], [4], [3, 1]])
    case("lerp_tensor broadcast up", "lerp_tensor", [Input("FLOAT64", [2], "any"), Input("FLOAT64", [2], "any"),
                                                     Input("FLOAT64", [3, 1, 1], "weight")])
    case("lerp dtype mismatch", "lerp", [Input("FLOAT32", [2], "any"), Input("FLOAT64", [2], "any")],
         {"weight": 0.5})
    case("lerp int64 end", "lerp", [Input("FLOAT32", [2], "any"), Input("INT64", [2], "int")], {"weight": 0.5})
    case("lerp_tensor weight dtype", "lerp_tensor", [Input("FLOAT32", [2], "any"), Input("FLOAT32", [2], "any"),
                                                     Input("FLOAT64", [2], "weight")])
    case("lerp int64", "lerp", [Input("INT64", [2], "int"), Input("INT64", [2], "int")], {"weight": 0.5})
    case("lerp_tensor int64", "lerp_tensor", [Input("INT64", [2], "int"), Input("INT64", [2], "int"),
                                              Input("INT64", [2], "int")])
    case("lerp broadcast error", "lerp", [Input("FLOAT64", [2], "any"), Input("FLOAT64", [3], "any")],
         {"weight": 0.5})

    # Comparisons and logic (BOOL results, no gradient).
    for name in ("eq", "ne", "gt", "ge", "lt", "le"):
        case(f"{name} float64 broadcast", name, [Input("FLOAT64", [3, 4], "int"), Input("FLOAT64", [4], "int")])
        case(f"{name} int64 vs float32", name, [Input("INT64", [5], "int"), Input("FLOAT32", [5], "int")])
        case(f"{name} nan", name, [Input("FLOAT64", [3], None, data=[math.nan, 1.0, math.nan]),
                                   Input("FLOAT64", [3], None, data=[math.nan, math.nan, 1.0])])
    for name in ("logical_and", "logical_or", "logical_xor"):
        case(f"{name} float broadcast", name, [Input("FLOAT64", [3, 4], "sparse"), Input("FLOAT32", [4], "sparse")])
        case(f"{name} int64 and bool", name, [Input("INT64", [6], "int"), Input("BOOL", [6], "bool")])
        case(f"{name} nan counts as true", name, [Input("FLOAT64", [2], None, data=[math.nan, 0.0]),
                                                  Input("FLOAT64", [2], None, data=[1.0, math.nan])])
        case(f"{name} transposed", name, [Input("FLOAT32", [4, 3], "sparse", view="t"),
                                          Input("FLOAT32", [4, 3], "sparse")])
        case(f"{name} broadcast error", name, [Input("FLOAT64", [2], "any"), Input("FLOAT64", [3], "any")])
    case("logical_not float", "logical_not", [Input("FLOAT64", [3, 4], "sparse")])
    case("logical_not int64", "logical_not", [Input("INT64", [6], "int")])
    case("logical_not nan", "logical_not", [Input("FLOAT32", [2], None, data=[math.nan, -0.0])])
    specials = [0.0, -1.5, math.nan, math.inf, -math.inf, 1e308, -0.0, 3.4e38]
    for name in ("isnan", "isinf", "isfinite"):
        for dtype in ("FLOAT64", "FLOAT32"):
            case(f"{name} specials {dtype.lower()}", name, [Input(dtype, [8], None, data=specials)])
        case(f"{name} int64", name, [Input("INT64", [3], "int")])
        case(f"{name} strided", name, [Input("FLOAT64", [2, 4], None, view="step", data=specials * 2)])
    for name in ("any", "all"):
        for dom in ("sparse", "nonzero", "bool"):
            dt = "BOOL" if dom == "bool" else "FLOAT64"
            case(f"{name} {dom} whole", name, [Input(dt, [3, 4], dom)], {"dim": None, "keepdim": False})
            for dim, keep in ((0, False), (1, True), (-1, False), (-2, True)):
                case(f"{name} {dom} dim {dim} keepdim {keep}", name, [Input(dt, [2, 3, 4], dom)],
                     {"dim": dim, "keepdim": keep})
        case(f"{name} int64 dim", name, [Input("INT64", [3, 4], "int")], {"dim": 1, "keepdim": False})
        case(f"{name} empty whole", name, [Input("FLOAT32", [0, 3], "any")], {"dim": None, "keepdim": False})
        case(f"{name} empty dim", name, [Input("FLOAT32", [2, 0], "any")], {"dim": 1, "keepdim": False})
        case(f"{name} empty other dim", name, [Input("FLOAT32", [2, 0], "any")], {"dim": 0, "keepdim": True})
        case(f"{name} 0-d dim", name, [Input("FLOAT64", [], "any")], {"dim": -1, "keepdim": True})
        case(f"{name} transposed", name, [Input("BOOL", [4, 3], "bool", view="t")], {"dim": 1, "keepdim": False})
        case(f"{name} nan", name, [Input("FLOAT64", [2], None, data=[math.nan, 0.0])], {"dim": None, "keepdim": False})
        case(f"{name} dim out of range", name, [Input("FLOAT64", [2, 3], "any")], {"dim": 2, "keepdim": False})
    close = [1.0, 1.0 + 1e-6, 1.0 + 1e-4, math.nan, math.inf, -math.inf, 0.0, 1e-9]
    close_b = [1.0, 1.0, 1.0, math.nan, math.inf, math.inf, 1e-8, 0.0]
    for name in ("isclose", "allclose"):
        for rtol, atol, nan in ((1e-5, 1e-8, False), (1e-5, 1e-8, True), (1e-3, 0.0, False), (0.0, 0.0, True),
                                (0.0, 1e-7, False)):
            params = {"rtol": rtol, "atol": atol, "equal_nan": nan}
            for dtype in ("FLOAT64", "FLOAT32"):
                case(f"{name} {dtype.lower()} {rtol} {atol} {nan}", name,
                     [Input(dtype, [8], None, data=close), Input(dtype, [8], None, data=close_b)], params)
        params = {"rtol": 1e-5, "atol": 1e-8, "equal_nan": False}
        case(f"{name} int64", name, [Input("INT64", [5], "int"), Input("INT64", [5], "int")], params)
        case(f"{name} bool", name, [Input("BOOL", [4], "bool"), Input("BOOL", [4], "bool")], params)
        case(f"{name} broadcast", name, [Input("FLOAT64", [3, 4], "int"), Input("FLOAT64", [4], "int")], params)
        case(f"{name} dtype mismatch", name, [Input("FLOAT32", [2], "any"), Input("FLOAT64", [2], "any")], params)
        case(f"{name} int vs float", name, [Input("FLOAT32", [2], "any"), Input("INT64", [2], "int")], params)
        case(f"{name} negative rtol", name, [Input("FLOAT32", [2], "any"), Input("FLOAT32", [2], "any")],
             {"rtol": -1.0, "atol": 1e-8, "equal_nan": False})
        case(f"{name} negative atol", name, [Input("FLOAT32", [2], "any"), Input("FLOAT32", [2], "any")],
             {"rtol": 1e-5, "atol": -0.5, "equal_nan": False})
        case(f"{name} shape error", name, [Input("FLOAT32", [2], "any"), Input("FLOAT32", [3], "any")], params)
    case("equal same", "equal", [Input("FLOAT64", [3], None, data=[1.0, 2.0, 3.0]),
                                 Input("FLOAT64", [3], None, data=[1.0, 2.0, 3.0])])
    case("equal nan", "equal", [Input("FLOAT64", [2], None, data=[1.0, math.nan]),
                                Input("FLOAT64", [2], None, data=[1.0, math.nan])])
    case("equal shapes differ", "equal", [Input("FLOAT64", [2], "int"), Input("FLOAT64", [1, 2], "int")])
    case("equal dtypes differ", "equal", [Input("INT64", [3], None, data=[1, 2, 3]),
                                          Input("FLOAT32", [3], None, data=[1.0, 2.0, 3.0])])

    document = {"generator": "tools/gen_elementwise_fixtures.py", "torch_version": torch.__version__,
                "seed": SEED, "cases": cases, "erf_references": erf_references()}
    os.makedirs(os.path.dirname(OUT_PATH), exist_ok=True)
    with open(OUT_PATH, "w") as f:
        json.dump(document, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {len(cases)} cases to {os.path.normpath(OUT_PATH)} ({os.path.getsize(OUT_PATH)} bytes)")


if __name__ == "__main__":
    main()
