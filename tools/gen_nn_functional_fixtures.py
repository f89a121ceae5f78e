"""Generates PyTorch fixtures for grad4j's FunctionalTest (torch.nn.functional, issue 3).

Run with PyTorch 1.13: ``/usr/bin/python3 tools/gen_nn_functional_fixtures.py``
Writes grad4j-core/src/test/resources/fixtures/nn_functional.json (deterministic).

JSON:
  "cases":  [{"name", "op", "dtype", "args", "inputs": [input...], "output": {"shape", "data", "dtype"},
              "grad_fn", "weight": [...], "grads": [[...] or null per input]}]
            The loss is (output * weight).sum(); grads are the leaves' .grad, row-major.
  "errors": [{"name", "op", "dtype", "args", "inputs": [input...], "type", "message"}]
            type is PyTorch's exception class (RuntimeError, IndexError, ValueError).
  input:    {"shape": leaf shape, "data": leaf values, "int": true for INT64 leaves (class indices),
             "grad": whether the leaf requires grad, "view": "none" | "mT" | "stride2"}
            "mT": the op sees leaf.mT (leaf stored with its last two dims swapped);
            "stride2": the op sees leaf[..., ::2] (leaf's last dim is twice as long).
  "after":  per input, its values after the call where the op wrote to it (batch_norm's running stats), else null.
  "args" hold the op's keyword arguments; an optional tensor argument (weight, bias, pos_weight,
  running stats) is given as the index of the input that holds it, or null.
"""

import json
import math
import os
import warnings

import torch
import torch.nn.functional as F

warnings.simplefilter("ignore")
SEED = 20261205
OUT = os.path.join(os.path.dirname(__file__), "..", "grad4j-core", "src", "test", "resources", "fixtures",
                   "nn_functional.json")


def opt(x, a, key):
    i = a.get(key)
    return None if i is None else x[i]


OPS = {
    "linear": lambda x, a: F.linear(x[0], x[1], opt(x, a, "bias")),
    "relu": lambda x, a: F.relu(x[0]),
    "relu6": lambda x, a: F.relu6(x[0]),
    "leaky_relu": lambda x, a: F.leaky_relu(x[0], a["negative_slope"]),
    "elu": lambda x, a: F.elu(x[0], a["alpha"]),
    "selu": lambda x, a: F.selu(x[0]),
    "celu": lambda x, a: F.celu(x[0], a["alpha"]),
    "gelu": lambda x, a: F.gelu(x[0], approximate=a["approximate"]),
    "silu": lambda x, a: F.silu(x[0]),
    "mish": lambda x, a: F.mish(x[0]),
    "softplus": lambda x, a: F.softplus(x[0], a["beta"], a["threshold"]),
    "softsign": lambda x, a: F.softsign(x[0]),
    "hardtanh": lambda x, a: F.hardtanh(x[0], a["min_val"], a["max_val"]),
    "hardsigmoid": lambda x, a: F.hardsigmoid(x[0]),
    "hardswish": lambda x, a: F.hardswish(x[0]),
    "logsigmoid": lambda x, a: F.logsigmoid(x[0]),
    "sigmoid": lambda x, a: torch.sigmoid(x[0]),
    "tanh": lambda x, a: torch.tanh(x[0]),
    "softmax": lambda x, a: F.softmax(x[0], a["dim"]),
    "log_softmax": lambda x, a: F.log_softmax(x[0], a["dim"]),
    "cross_entropy": lambda x, a: F.cross_entropy(x[0], x[1], opt(x, a, "weight"), ignore_index=a["ignore_index"],
                                                  reduction=a["reduction"], label_smoothing=a["label_smoothing"]),
    "nll_loss": lambda x, a: F.nll_loss(x[0], x[1], opt(x, a, "weight"), ignore_index=a["ignore_index"],
                                        reduction=a["reduction"]),
    "mse_loss": lambda x, a: F.mse_loss(x[0], x[1], reduction=a["reduction"]),
    "l1_loss": lambda x, a: F.l1_loss(x[0], x[1], reduction=a["reduction"]),
    "smooth_l1_loss": lambda x, a: F.smooth_l1_loss(x[0], x[1], reduction=a["reduction"], beta=a["beta"]),
    "huber_loss": lambda x, a: F.huber_loss(x[0], x[1], reduction=a["reduction"], delta=a["delta"]),
    "binary_cross_entropy": lambda x, a: F.binary_cross_entropy(x[0], x[1], opt(x, a, "weight"),
                                                                reduction=a["reduction"]),
    "binary_cross_entropy_with_logits": lambda x, a: F.binary_cross_entropy_with_logits(
        x[0], x[1], opt(x, a, "weight"), reduction=a["reduction"], pos_weight=opt(x, a, "pos_weight")),
    "kl_div": lambda x, a: F.kl_div(x[0], x[1], reduction=a["reduction"], log_target=a["log_target"]),
    "layer_norm": lambda x, a: F.layer_norm(x[0], a["normalized_shape"], opt(x, a, "weight"), opt(x, a, "bias"),
                                            a["eps"]),
    "batch_norm": lambda x, a: F.batch_norm(x[0], opt(x, a, "running_mean"), opt(x, a, "running_var"),
                                            opt(x, a, "weight"), opt(x, a, "bias"), a["training"], a["momentum"],
                                            a["eps"]),
    "embedding": lambda x, a: F.embedding(x[0], x[1], a["padding_idx"]),
    "one_hot": lambda x, a: F.one_hot(x[0], a["num_classes"]),
    "dropout": lambda x, a: F.dropout(x[0], a["p"], a["training"]),
    "conv1d": lambda x, a: F.conv1d(x[0], x[1], opt(x, a, "bias"), a["stride"], a["padding"], a["dilation"],
                                    a["groups"]),
    "conv2d": lambda x, a: F.conv2d(x[0], x[1], opt(x, a, "bias"), a["stride"], a["padding"], a["dilation"],
                                    a["groups"]),
    "max_pool2d": lambda x, a: F.max_pool2d(x[0], a["kernel_size"], a["stride"], a["padding"], a["dilation"],
                                            a["ceil_mode"]),
    "avg_pool2d": lambda x, a: F.avg_pool2d(x[0], a["kernel_size"], a["stride"], a["padding"], a["ceil_mode"],
                                            a["count_include_pad"], a["divisor_override"]),
    "adaptive_avg_pool2d": lambda x, a: F.adaptive_avg_pool2d(x[0], a["output_size"]),
    "pad": lambda x, a: F.pad(x[0], a["pad"], a["mode"], a["value"]),
    "interpolate": lambda x, a: F.interpolate(x[0], a["size"], a["scale_factor"], a["mode"], a["align_corners"]),
}

DTYPES = {"float32": torch.float32, "float64": torch.float64}


def make_leaf(spec, dtype, gen):
    """spec: (shape, view, kind, grad); kind "randn" | "rand" | "probs" (rows sum to 1 along dim 1) |
    ("int", high) for INT64 class indices | an explicit list of values."""
    shape, view, kind, grad = spec
    leaf_shape = list(shape)
    if view == "mT":
        leaf_shape[-1], leaf_shape[-2] = leaf_shape[-2], leaf_shape[-1]
    elif view == "stride2":
        leaf_shape[-1] *= 2
    if isinstance(kind, tuple):
        leaf = torch.randint(0, kind[1], leaf_shape, generator=gen)
        if len(kind) > 2:
            leaf = torch.tensor(kind[2], dtype=torch.long).reshape(leaf_shape)
    else:
        if isinstance(kind, list):
            leaf = torch.tensor(kind, dtype=torch.float64).reshape(leaf_shape)
        elif kind == "rand":
            leaf = torch.rand(leaf_shape, generator=gen, dtype=torch.float64) * 0.9 + 0.05
        elif kind == "probs":
            leaf = torch.softmax(torch.randn(leaf_shape, generator=gen, dtype=torch.float64), 1 if len(shape) > 1 else 0)
        else:
            leaf = torch.randn(leaf_shape, generator=gen, dtype=torch.float64)
        leaf = leaf.to(DTYPES[dtype])
        if grad:
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


def encode_input(leaf, spec):
    return {"shape": list(leaf.shape), "data": flat(leaf.to(torch.float64)), "int": not leaf.is_floating_point(),
            "grad": leaf.requires_grad, "view": spec[1]}


def case(cases, gen, name, op, dtype, specs, args=None):
    args = args or {}
    leaves, seen = zip(*[make_leaf(s, dtype, gen) for s in specs])
    before = [l.detach().clone() for l in leaves]
    out = OPS[op](list(seen), args)
    after = [None if torch.equal(b, l.detach()) else flat(l.to(torch.float64)) for b, l in zip(before, leaves)]
    entry = {"name": name + " " + dtype, "op": op, "dtype": dtype, "args": args,
             "inputs": [encode_input(b, s) | {"grad": l.requires_grad} for b, l, s in zip(before, leaves, specs)],
             "after": after,
             "output": {"shape": list(out.shape), "data": flat(out.to(torch.float64)),
                        "dtype": str(out.dtype).replace("torch.", "")},
             "grad_fn": out.grad_fn.name() if out.grad_fn is not None else None}
    if out.requires_grad:
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
                       "inputs": [encode_input(l, s) for l, s in zip(leaves, specs)],
                       "type": type(e).__name__, "message": str(e).split("\n")[0]})
        return
    raise AssertionError("expected an error for " + name)


def r(shape, view="none", grad=True):
    return (shape, view, "randn", grad)


def u(shape, view="none", grad=True):
    """Values in (0.05, 0.95): probabilities for binary cross-entropy."""
    return (shape, view, "rand", grad)


def p(shape, grad=False):
    """Probability rows (softmax along dim 1)."""
    return (shape, "none", "probs", grad)


def c(shape, high, values=None):
    """INT64 class indices in [0, high), or the given values."""
    return (shape, "none", ("int", high) if values is None else ("int", high, values), False)


def v(values, shape=None, grad=True):
    return (shape or [len(values)], "none", values, grad)


EXTREME = [-1000.0, -100.0, -30.0, -3.0, -0.5, 0.0, 0.5, 3.0, 30.0, 100.0, 1000.0]


def activations(cases, gen, dt):
    for shape, view in [([3, 4], "none"), ([2, 3, 2], "mT"), ([5], "stride2")]:
        tag = "%s %s" % (shape, view)
        case(cases, gen, "relu " + tag, "relu", dt, [r(shape, view)])
        case(cases, gen, "relu6 " + tag, "relu6", dt, [(shape, view, [float(i) * 1.7 - 6.5 for i in range(
            int(torch.tensor(shape).prod()) * (2 if view == "stride2" else 1))], True)])
        case(cases, gen, "leaky_relu " + tag, "leaky_relu", dt, [r(shape, view)], {"negative_slope": 0.01})
        case(cases, gen, "elu " + tag, "elu", dt, [r(shape, view)], {"alpha": 1.0})
        case(cases, gen, "selu " + tag, "selu", dt, [r(shape, view)])
        case(cases, gen, "celu " + tag, "celu", dt, [r(shape, view)], {"alpha": 1.0})
        case(cases, gen, "gelu " + tag, "gelu", dt, [r(shape, view)], {"approximate": "none"})
        case(cases, gen, "gelu tanh " + tag, "gelu", dt, [r(shape, view)], {"approximate": "tanh"})
        case(cases, gen, "silu " + tag, "silu", dt, [r(shape, view)])
        case(cases, gen, "mish " + tag, "mish", dt, [r(shape, view)])
        case(cases, gen, "softplus " + tag, "softplus", dt, [r(shape, view)], {"beta": 1.0, "threshold": 20.0})
        case(cases, gen, "softsign " + tag, "softsign", dt, [r(shape, view)])
        case(cases, gen, "hardtanh " + tag, "hardtanh", dt, [r(shape, view)], {"min_val": -1.0, "max_val": 1.0})
        case(cases, gen, "logsigmoid " + tag, "logsigmoid", dt, [r(shape, view)])
        case(cases, gen, "sigmoid " + tag, "sigmoid", dt, [r(shape, view)])
        case(cases, gen, "tanh " + tag, "tanh", dt, [r(shape, view)])
    wide = [float(i) * 0.9 - 5.2 for i in range(12)]
    case(cases, gen, "hardsigmoid", "hardsigmoid", dt, [v(wide)])
    case(cases, gen, "hardswish", "hardswish", dt, [v(wide)])
    case(cases, gen, "hardtanh -2 3", "hardtanh", dt, [v(wide)], {"min_val": -2.0, "max_val": 3.0})
    case(cases, gen, "leaky_relu slope 0.2", "leaky_relu", dt, [v(wide)], {"negative_slope": 0.2})
    case(cases, gen, "elu alpha 0.5", "elu", dt, [v(wide)], {"alpha": 0.5})
    case(cases, gen, "celu alpha 2", "celu", dt, [v(wide)], {"alpha": 2.0})
    case(cases, gen, "softplus beta 2 threshold 5", "softplus", dt, [v(wide)], {"beta": 2.0, "threshold": 5.0})
    case(cases, gen, "softplus large |x|", "softplus", dt, [v(EXTREME)], {"beta": 1.0, "threshold": 20.0})
    case(cases, gen, "logsigmoid large |x|", "logsigmoid", dt, [v(EXTREME)])
    case(cases, gen, "silu large |x|", "silu", dt, [v(EXTREME)])
    case(cases, gen, "mish moderate |x|", "mish", dt, [v([-30.0, -3.0, -0.5, 0.0, 0.5, 3.0, 15.0])])
    case(cases, gen, "gelu large |x|", "gelu", dt, [v(EXTREME)], {"approximate": "none"})
    case(cases, gen, "selu 0-d", "selu", dt, [r([])])
    case(cases, gen, "relu empty", "relu", dt, [r([0, 3])])
    case(cases, gen, "hardtanh of integers", "hardtanh", dt, [c([4], 9, [1, -5, 7, 2])], {"min_val": -1.5, "max_val": 2.5})
    case(cases, gen, "relu6 of integers", "relu6", dt, [c([3], 9, [-2, 3, 8])])
    for shape, dim, view in [([3, 4], 1, "none"), ([3, 4], 0, "none"), ([2, 3, 4], -1, "mT"), ([2, 3, 4], 1, "none"),
                             ([5], 0, "stride2"), ([], 0, "none"), ([0, 3], 1, "none")]:
        case(cases, gen, "softmax %s dim %d %s" % (shape, dim, view), "softmax", dt, [r(shape, view)], {"dim": dim})
        case(cases, gen, "log_softmax %s dim %d %s" % (shape, dim, view), "log_softmax", dt, [r(shape, view)],
             {"dim": dim})
    case(cases, gen, "softmax large logits", "softmax", dt, [v([1000.0, 0.0, -1000.0, 999.0])], {"dim": 0})
    case(cases, gen, "log_softmax large logits", "log_softmax", dt, [v([1000.0, 0.0, -1000.0, 999.0])], {"dim": 0})
    case(cases, gen, "linear", "linear", dt, [r([4, 3]), r([2, 3])], {"bias": None})
    case(cases, gen, "linear bias", "linear", dt, [r([4, 3]), r([2, 3]), r([2])], {"bias": 2})
    case(cases, gen, "linear 1-d bias", "linear", dt, [r([3]), r([2, 3]), r([2])], {"bias": 2})
    case(cases, gen, "linear 3-d bias", "linear", dt, [r([2, 4, 3]), r([2, 3]), r([2])], {"bias": 2})
    case(cases, gen, "linear 3-d transposed bias", "linear", dt, [r([2, 4, 3], "mT"), r([2, 3], "mT"), r([2])],
         {"bias": 2})


def losses(cases, gen, dt):
    none = {"weight": None, "ignore_index": -100, "label_smoothing": 0.0}
    for red in ("mean", "sum", "none"):
        ce = dict(none, reduction=red)
        case(cases, gen, "cross_entropy " + red, "cross_entropy", dt, [r([4, 3]), c([4], 3)], ce)
        case(cases, gen, "cross_entropy weight " + red, "cross_entropy", dt, [r([5, 3]), c([5], 3), r([3], grad=False)],
             dict(ce, weight=2))
        case(cases, gen, "cross_entropy ignore_index " + red, "cross_entropy", dt,
             [r([5, 4], "mT"), c([5], 4, [1, 2, 1, 0, 3])], dict(ce, ignore_index=1))
        case(cases, gen, "cross_entropy label_smoothing " + red, "cross_entropy", dt, [r([4, 3]), c([4], 3)],
             dict(ce, label_smoothing=0.2))
        case(cases, gen, "cross_entropy smoothing weight ignore " + red, "cross_entropy", dt,
             [r([5, 3]), c([5], 3, [0, 2, 2, 1, 0]), u([3], grad=False)],
             dict(ce, weight=2, ignore_index=2, label_smoothing=0.1))
        case(cases, gen, "cross_entropy probabilities " + red, "cross_entropy", dt, [r([4, 3]), p([4, 3])], ce)
        case(cases, gen, "cross_entropy probabilities weight smoothing " + red, "cross_entropy", dt,
             [r([4, 3]), p([4, 3]), u([3], grad=False)], dict(ce, weight=2, label_smoothing=0.3))
        case(cases, gen, "cross_entropy spatial " + red, "cross_entropy", dt, [r([2, 3, 2, 2]), c([2, 2, 2], 3)], ce)
        case(cases, gen, "cross_entropy 3-d " + red, "cross_entropy", dt, [r([2, 3, 4]), c([2, 4], 3)], ce)
        nll = {"weight": None, "ignore_index": -100, "reduction": red}
        case(cases, gen, "nll_loss " + red, "nll_loss", dt, [r([4, 3]), c([4], 3)], nll)
        case(cases, gen, "nll_loss weight ignore " + red, "nll_loss", dt,
             [r([5, 3], "mT"), c([5], 3, [0, 1, 2, 1, 0]), u([3], grad=False)], dict(nll, weight=2, ignore_index=0))
        case(cases, gen, "nll_loss spatial weight " + red, "nll_loss", dt,
             [r([2, 3, 2, 3]), c([2, 2, 3], 3), u([3], grad=False)], dict(nll, weight=2))
        for op, extra in [("mse_loss", {}), ("l1_loss", {}), ("smooth_l1_loss", {"beta": 1.0}),
                          ("smooth_l1_loss", {"beta": 0.3}), ("huber_loss", {"delta": 1.0}),
                          ("huber_loss", {"delta": 0.4})]:
            args = dict(extra, reduction=red)
            tag = "%s %s %s" % (op, " ".join("%s %s" % kv for kv in extra.items()), red)
            case(cases, gen, tag, op, dt, [r([3, 4]), r([3, 4])], args)
            case(cases, gen, tag + " transposed, target without grad", op, dt, [r([3, 4], "mT"), r([3, 4], grad=False)],
                 args)
        case(cases, gen, "mse_loss broadcast " + red, "mse_loss", dt, [r([3, 4]), r([4])], {"reduction": red})
        case(cases, gen, "binary_cross_entropy " + red, "binary_cross_entropy", dt, [u([3, 4]), u([3, 4])],
             {"weight": None, "reduction": red})
        case(cases, gen, "binary_cross_entropy weight " + red, "binary_cross_entropy", dt,
             [u([3, 4], "mT"), u([3, 4], grad=False), u([4], grad=False)], {"weight": 2, "reduction": red})
        bcel = {"weight": None, "pos_weight": None, "reduction": red}
        case(cases, gen, "binary_cross_entropy_with_logits " + red, "binary_cross_entropy_with_logits", dt,
             [r([3, 4]), u([3, 4])], bcel)
        case(cases, gen, "binary_cross_entropy_with_logits weights " + red, "binary_cross_entropy_with_logits", dt,
             [r([3, 4], "mT"), u([3, 4], grad=False), u([4], grad=False), u([4], grad=False)],
             dict(bcel, weight=2, pos_weight=3))
        for red_kl in ([red, "batchmean"] if red == "mean" else [red]):
            case(cases, gen, "kl_div " + red_kl, "kl_div", dt, [r([3, 4]), p([3, 4])],
                 {"reduction": red_kl, "log_target": False})
            case(cases, gen, "kl_div log_target " + red_kl, "kl_div", dt, [r([3, 4]), r([3, 4])],
                 {"reduction": red_kl, "log_target": True})
    case(cases, gen, "cross_entropy 1-d", "cross_entropy", dt, [r([4]), c([], 4)], dict(none, reduction="mean"))
    case(cases, gen, "cross_entropy all ignored", "cross_entropy", dt, [r([2, 3]), c([2], 3, [1, 1])],
         dict(none, reduction="mean", ignore_index=1))
    case(cases, gen, "binary_cross_entropy at 0 and 1", "binary_cross_entropy", dt,
         [v([0.0, 1.0, 0.5, 1.0]), v([0.0, 1.0, 1.0, 0.0], grad=False)], {"weight": None, "reduction": "none"})
    case(cases, gen, "binary_cross_entropy_with_logits large |x|", "binary_cross_entropy_with_logits", dt,
         [v(EXTREME), u([len(EXTREME)], grad=False)], {"weight": None, "pos_weight": None, "reduction": "none"})
    case(cases, gen, "binary_cross_entropy_with_logits large |x| pos_weight", "binary_cross_entropy_with_logits", dt,
         [v(EXTREME), u([len(EXTREME)], grad=False), v([2.5], grad=False)],
         {"weight": None, "pos_weight": 2, "reduction": "sum"})
    case(cases, gen, "kl_div zero target", "kl_div", dt, [r([4]), v([0.0, 0.5, 0.5, 0.0], grad=False)],
         {"reduction": "sum", "log_target": False})


def normalization(cases, gen, dt):
    ln = {"weight": None, "bias": None, "eps": 1e-5}
    case(cases, gen, "layer_norm last dim", "layer_norm", dt, [r([4, 3])], dict(ln, normalized_shape=[3]))
    case(cases, gen, "layer_norm affine", "layer_norm", dt, [r([2, 3, 4]), r([4]), r([4])],
         dict(ln, normalized_shape=[4], weight=1, bias=2))
    case(cases, gen, "layer_norm two dims affine eps", "layer_norm", dt, [r([2, 3, 4], "mT"), r([3, 4]), r([3, 4])],
         dict(ln, normalized_shape=[3, 4], weight=1, bias=2, eps=0.1))
    case(cases, gen, "layer_norm all dims weight only", "layer_norm", dt, [r([3, 4]), r([3, 4])],
         dict(ln, normalized_shape=[3, 4], weight=1))
    case(cases, gen, "layer_norm bias only, strided", "layer_norm", dt, [r([3, 4], "stride2"), r([4])],
         dict(ln, normalized_shape=[4], bias=1))
    bn = {"running_mean": None, "running_var": None, "weight": None, "bias": None, "training": True, "momentum": 0.1,
          "eps": 1e-5}
    case(cases, gen, "batch_norm training, no stats", "batch_norm", dt, [r([4, 3])], bn)
    case(cases, gen, "batch_norm training updates running stats", "batch_norm", dt,
         [r([4, 3]), r([3], grad=False), u([3], grad=False), r([3]), r([3])],
         dict(bn, running_mean=1, running_var=2, weight=3, bias=4))
    case(cases, gen, "batch_norm training 4-d momentum 0.3", "batch_norm", dt,
         [r([2, 3, 2, 2]), r([3], grad=False), u([3], grad=False), r([3]), r([3])],
         dict(bn, running_mean=1, running_var=2, weight=3, bias=4, momentum=0.3, eps=0.01))
    case(cases, gen, "batch_norm training 3-d transposed", "batch_norm", dt,
         [r([2, 3, 4], "mT"), r([3], grad=False), u([3], grad=False)],
         dict(bn, running_mean=1, running_var=2))
    case(cases, gen, "batch_norm eval", "batch_norm", dt, [r([4, 3]), r([3], grad=False), u([3], grad=False)],
         dict(bn, running_mean=1, running_var=2, training=False))
    case(cases, gen, "batch_norm eval 4-d affine", "batch_norm", dt,
         [r([2, 3, 2, 2]), r([3], grad=False), u([3], grad=False), r([3]), r([3])],
         dict(bn, running_mean=1, running_var=2, weight=3, bias=4, training=False))
    case(cases, gen, "embedding", "embedding", dt, [c([4], 5), r([5, 3])], {"padding_idx": None})
    case(cases, gen, "embedding 2-d indices, repeats, padding", "embedding", dt,
         [c([2, 3], 5, [[1, 4, 1], [0, 1, 2]]), r([5, 2])], {"padding_idx": 1})
    case(cases, gen, "embedding negative padding, transposed weight", "embedding", dt,
         [c([3], 4, [3, 0, 3]), r([4, 3], "mT")], {"padding_idx": -1})
    case(cases, gen, "embedding 0-d index", "embedding", dt, [c([], 4, 2), r([4, 3])], {"padding_idx": None})
    case(cases, gen, "dropout p=1", "dropout", dt, [r([3, 4])], {"p": 1.0, "training": True})
    case(cases, gen, "dropout eval", "dropout", dt, [r([3, 4])], {"p": 0.5, "training": False})
    case(cases, gen, "dropout p=0", "dropout", dt, [r([3, 4])], {"p": 0.0, "training": True})


def normalization_errors(errors, gen):
    d = "float64"
    ln = {"weight": None, "bias": None, "eps": 1e-5}
    error(errors, gen, "layer_norm shape", "layer_norm", d, [r([4, 3])], dict(ln, normalized_shape=[4]))
    error(errors, gen, "layer_norm too many dims", "layer_norm", d, [r([4, 3])], dict(ln, normalized_shape=[2, 4, 3]))
    error(errors, gen, "layer_norm weight shape", "layer_norm", d, [r([4, 3]), r([4])],
          dict(ln, normalized_shape=[3], weight=1))
    error(errors, gen, "layer_norm bias shape", "layer_norm", d, [r([4, 3]), r([4])],
          dict(ln, normalized_shape=[3], bias=1))
    error(errors, gen, "layer_norm empty shape", "layer_norm", d, [r([4, 3])], dict(ln, normalized_shape=[]))
    bn = {"running_mean": None, "running_var": None, "weight": None, "bias": None, "training": True, "momentum": 0.1,
          "eps": 1e-5}
    error(errors, gen, "batch_norm one value per channel", "batch_norm", d,
          [r([1, 3]), r([3], grad=False), u([3], grad=False)], dict(bn, running_mean=1, running_var=2))
    error(errors, gen, "batch_norm running_mean size", "batch_norm", d,
          [r([4, 3]), r([2], grad=False), u([3], grad=False)], dict(bn, running_mean=1, running_var=2))
    error(errors, gen, "batch_norm running_var size", "batch_norm", d,
          [r([4, 3]), r([3], grad=False), u([2], grad=False)], dict(bn, running_mean=1, running_var=2))
    error(errors, gen, "batch_norm weight size", "batch_norm", d,
          [r([4, 3]), r([3], grad=False), u([3], grad=False), r([2])], dict(bn, running_mean=1, running_var=2, weight=3))
    error(errors, gen, "batch_norm eval without stats", "batch_norm", d, [r([4, 3])], dict(bn, training=False))
    error(errors, gen, "embedding index out of range", "embedding", d, [c([2], 5, [0, 5]), r([5, 3])],
          {"padding_idx": None})
    error(errors, gen, "embedding negative index", "embedding", d, [c([2], 5, [0, -1]), r([5, 3])],
          {"padding_idx": None})
    error(errors, gen, "embedding float indices", "embedding", d, [r([2], grad=False), r([5, 3])],
          {"padding_idx": None})
    error(errors, gen, "embedding 1-d weight", "embedding", d, [c([2], 5), r([5])], {"padding_idx": None})
    error(errors, gen, "embedding padding_idx", "embedding", d, [c([2], 5), r([5, 3])], {"padding_idx": 5})
    error(errors, gen, "embedding negative padding_idx", "embedding", d, [c([2], 5), r([5, 3])], {"padding_idx": -6})
    error(errors, gen, "one_hot of floats", "one_hot", d, [r([2], grad=False)], {"num_classes": -1})
    error(errors, gen, "one_hot negative", "one_hot", d, [c([2], 3, [0, -1])], {"num_classes": -1})
    error(errors, gen, "one_hot too large", "one_hot", d, [c([2], 3, [0, 3])], {"num_classes": 3})
    error(errors, gen, "one_hot empty", "one_hot", d, [c([0], 3)], {"num_classes": -1})
    error(errors, gen, "dropout p", "dropout", d, [r([3])], {"p": 1.5, "training": True})
    error(errors, gen, "dropout negative p", "dropout", d, [r([3])], {"p": -0.1, "training": True})


def conv(stride=1, padding=0, dilation=1, groups=1, bias=None):
    return {"stride": stride, "padding": padding, "dilation": dilation, "groups": groups, "bias": bias}


def spatial(cases, gen, dt):
    case(cases, gen, "conv2d", "conv2d", dt, [r([2, 3, 5, 5]), r([4, 3, 3, 3])], conv())
    case(cases, gen, "conv2d bias stride 2 padding 1", "conv2d", dt, [r([2, 3, 5, 6]), r([4, 3, 3, 3]), r([4])],
         conv(2, 1, bias=2))
    case(cases, gen, "conv2d rectangular kernel, per-dim sizes", "conv2d", dt, [r([1, 2, 6, 7]), r([3, 2, 2, 3])],
         conv([2, 1], [1, 2], [2, 1]))
    case(cases, gen, "conv2d dilation 2", "conv2d", dt, [r([2, 2, 7, 7]), r([2, 2, 3, 3]), r([2])],
         conv(dilation=2, bias=2))
    case(cases, gen, "conv2d groups 2", "conv2d", dt, [r([2, 4, 5, 5]), r([6, 2, 3, 3]), r([6])], conv(1, 1, groups=2, bias=2))
    case(cases, gen, "conv2d depthwise stride 2 dilation 2", "conv2d", dt, [r([1, 3, 8, 8]), r([3, 1, 3, 3])],
         conv(2, 2, 2, groups=3))
    case(cases, gen, "conv2d 1x1", "conv2d", dt, [r([2, 3, 4, 4]), r([5, 3, 1, 1])], conv())
    case(cases, gen, "conv2d transposed input", "conv2d", dt, [r([2, 3, 5, 4], "mT"), r([2, 3, 2, 2], "mT")], conv())
    case(cases, gen, "conv2d unbatched", "conv2d", dt, [r([3, 5, 5]), r([2, 3, 3, 3]), r([2])], conv(padding=1, bias=2))
    case(cases, gen, "conv2d weight without grad", "conv2d", dt, [r([1, 2, 4, 4]), r([2, 2, 3, 3], grad=False)], conv())
    case(cases, gen, "conv2d input without grad", "conv2d", dt, [r([1, 2, 4, 4], grad=False), r([2, 2, 3, 3]), r([2])],
         conv(bias=2))
    case(cases, gen, "conv2d of integers", "conv2d", dt, [c([1, 2, 4, 4], 5), c([3, 2, 2, 2], 3)], conv(padding=1))
    case(cases, gen, "conv1d", "conv1d", dt, [r([2, 3, 7]), r([4, 3, 3]), r([4])], conv(bias=2))
    case(cases, gen, "conv1d stride padding dilation groups", "conv1d", dt, [r([2, 4, 9]), r([6, 2, 2])],
         conv(2, 1, 2, groups=2))
    case(cases, gen, "conv1d strided input", "conv1d", dt, [r([2, 2, 6], "stride2"), r([3, 2, 3])], conv())
    case(cases, gen, "conv1d unbatched", "conv1d", dt, [r([3, 6]), r([2, 3, 2])], conv(padding=1))
    mp = {"stride": None, "padding": 0, "dilation": 1, "ceil_mode": False}
    case(cases, gen, "max_pool2d 2", "max_pool2d", dt, [r([2, 3, 4, 4])], dict(mp, kernel_size=2))
    case(cases, gen, "max_pool2d 3 stride 2 padding 1", "max_pool2d", dt, [r([2, 2, 7, 6])],
         dict(mp, kernel_size=3, stride=2, padding=1))
    case(cases, gen, "max_pool2d dilation 2", "max_pool2d", dt, [r([1, 2, 7, 7])],
         dict(mp, kernel_size=2, stride=1, dilation=2))
    case(cases, gen, "max_pool2d ceil_mode", "max_pool2d", dt, [r([1, 2, 5, 7])], dict(mp, kernel_size=2, ceil_mode=True))
    case(cases, gen, "max_pool2d ceil_mode padding", "max_pool2d", dt, [r([1, 2, 6, 6])],
         dict(mp, kernel_size=3, stride=2, padding=1, ceil_mode=True))
    case(cases, gen, "max_pool2d rectangular", "max_pool2d", dt, [r([1, 2, 6, 7])],
         dict(mp, kernel_size=[2, 3], stride=[2, 1], padding=[1, 0]))
    case(cases, gen, "max_pool2d unbatched transposed", "max_pool2d", dt, [r([3, 4, 6], "mT")], dict(mp, kernel_size=2))
    case(cases, gen, "max_pool2d ties", "max_pool2d", dt, [v([1.0, 1.0, 2.0, 2.0] * 4, [1, 1, 4, 4])],
         dict(mp, kernel_size=2))
    ap = {"stride": None, "padding": 0, "ceil_mode": False, "count_include_pad": True, "divisor_override": None}
    case(cases, gen, "avg_pool2d 2", "avg_pool2d", dt, [r([2, 3, 4, 4])], dict(ap, kernel_size=2))
    case(cases, gen, "avg_pool2d padding counted", "avg_pool2d", dt, [r([1, 2, 5, 5])],
         dict(ap, kernel_size=3, stride=2, padding=1))
    case(cases, gen, "avg_pool2d padding not counted", "avg_pool2d", dt, [r([1, 2, 5, 5])],
         dict(ap, kernel_size=3, stride=2, padding=1, count_include_pad=False))
    case(cases, gen, "avg_pool2d ceil_mode", "avg_pool2d", dt, [r([1, 2, 5, 7])], dict(ap, kernel_size=2, ceil_mode=True))
    case(cases, gen, "avg_pool2d ceil_mode padding not counted", "avg_pool2d", dt, [r([1, 2, 6, 6])],
         dict(ap, kernel_size=3, stride=2, padding=1, ceil_mode=True, count_include_pad=False))
    case(cases, gen, "avg_pool2d divisor_override", "avg_pool2d", dt, [r([1, 2, 4, 6])],
         dict(ap, kernel_size=[2, 3], stride=[1, 2], divisor_override=5))
    case(cases, gen, "avg_pool2d unbatched transposed", "avg_pool2d", dt, [r([3, 4, 6], "mT")], dict(ap, kernel_size=2))
    for shape, size in [([2, 3, 5, 7], [2, 3]), ([2, 3, 6, 6], [3, 3]), ([1, 2, 5, 5], [1, 1]), ([3, 5, 4], [4, 2]),
                        ([1, 2, 3, 3], [5, 4]), ([2, 2, 4, 4], 2)]:
        case(cases, gen, "adaptive_avg_pool2d %s to %s" % (shape, size), "adaptive_avg_pool2d", dt, [r(shape)],
             {"output_size": size})
    case(cases, gen, "adaptive_avg_pool2d transposed", "adaptive_avg_pool2d", dt, [r([1, 2, 5, 4], "mT")],
         {"output_size": [2, 2]})
    for shape, pad, mode, value in [([2, 3, 4], [1, 2], "constant", None), ([2, 3, 4], [1, 2, 0, 1], "constant", 1.5),
                                    ([2, 3, 4], [-1, 1, 2, -1], "constant", None),
                                    ([2, 2, 3], [1, 1, 1, 1, 1, 0], "constant", None),
                                    ([1, 2, 4, 5], [1, 2, 3, 1], "reflect", None), ([2, 5], [2, 3], "reflect", None),
                                    ([2, 3, 5], [4, 1], "reflect", None), ([2, 4, 5], [1, 1, 2, 3], "reflect", None),
                                    ([1, 2, 3, 4], [2, 3, 1, 4], "replicate", None), ([2, 3, 4], [3, 1], "replicate", None),
                                    ([2, 4], [0, 2], "replicate", None), ([2, 3, 4], [-1, 2, 1, 0], "replicate", None)]:
        case(cases, gen, "pad %s %s %s value %s" % (shape, pad, mode, value), "pad", dt, [r(shape)],
             {"pad": pad, "mode": mode, "value": value})
    case(cases, gen, "pad reflect transposed", "pad", dt, [r([2, 3, 4], "mT")], {"pad": [1, 2, 2, 1], "mode": "reflect",
                                                                                  "value": None})
    ip = {"size": None, "scale_factor": None, "align_corners": None}
    for shape, extra in [([1, 2, 3, 4], {"size": [5, 7]}), ([1, 2, 3, 4], {"scale_factor": 2.0}),
                         ([1, 2, 5, 4], {"size": [3, 2]}), ([1, 2, 3, 3], {"scale_factor": [1.5, 2.5]}),
                         ([2, 3, 4], {"size": 9}), ([2, 3, 4], {"scale_factor": 0.5}), ([2, 2, 3], {"size": 6})]:
        case(cases, gen, "interpolate nearest %s %s" % (shape, extra), "interpolate", dt, [r(shape)],
             dict(ip, mode="nearest", **extra))
    for shape, extra in [([1, 2, 3, 4], {"size": [5, 7]}), ([1, 2, 3, 4], {"scale_factor": 2.0}),
                         ([1, 2, 5, 4], {"size": [3, 2]}), ([1, 2, 3, 3], {"scale_factor": [1.5, 2.5]}),
                         ([2, 1, 4, 4], {"size": [1, 6]})]:
        for align in (False, True):
            case(cases, gen, "interpolate bilinear %s %s align %s" % (shape, extra, align), "interpolate", dt,
                 [r(shape)], dict(ip, mode="bilinear", align_corners=align, **extra))
    case(cases, gen, "interpolate bilinear default align, transposed", "interpolate", dt, [r([1, 2, 3, 4], "mT")],
         dict(ip, mode="bilinear", size=[6, 5]))


def spatial_errors(errors, gen):
    d = "float64"
    error(errors, gen, "conv2d channels", "conv2d", d, [r([2, 5, 5, 5]), r([4, 3, 3, 3])], conv())
    error(errors, gen, "conv2d 2-d input", "conv2d", d, [r([5, 5]), r([4, 3, 3, 3])], conv())
    error(errors, gen, "conv2d groups divide weight", "conv2d", d, [r([2, 3, 5, 5]), r([3, 3, 3, 3])], conv(groups=2))
    error(errors, gen, "conv2d groups channels", "conv2d", d, [r([2, 3, 5, 5]), r([4, 1, 3, 3])], conv(groups=2))
    error(errors, gen, "conv2d kernel too large", "conv2d", d, [r([2, 3, 2, 2]), r([4, 3, 3, 3])], conv())
    error(errors, gen, "conv2d bias size", "conv2d", d, [r([2, 3, 5, 5]), r([4, 3, 3, 3]), r([3])], conv(bias=2))
    error(errors, gen, "conv2d stride 0", "conv2d", d, [r([2, 3, 5, 5]), r([4, 3, 3, 3])], conv(stride=0))
    error(errors, gen, "conv2d negative padding", "conv2d", d, [r([2, 3, 5, 5]), r([4, 3, 3, 3])], conv(padding=-1))
    error(errors, gen, "conv2d dilation 0", "conv2d", d, [r([2, 3, 5, 5]), r([4, 3, 3, 3])], conv(dilation=0))
    error(errors, gen, "conv2d groups 0", "conv2d", d, [r([2, 3, 5, 5]), r([4, 3, 3, 3])], conv(groups=0))
    error(errors, gen, "conv2d three strides", "conv2d", d, [r([2, 3, 5, 5]), r([4, 3, 3, 3])], conv(stride=[1, 1, 1]))
    error(errors, gen, "conv1d channels", "conv1d", d, [r([2, 5, 5]), r([4, 3, 3])], conv())
    error(errors, gen, "conv1d 4-d input", "conv1d", d, [r([2, 3, 5, 5]), r([4, 3, 3])], conv())
    mp = {"stride": None, "padding": 0, "dilation": 1, "ceil_mode": False}
    error(errors, gen, "max_pool2d padding", "max_pool2d", d, [r([2, 3, 5, 5])], dict(mp, kernel_size=2, padding=2))
    error(errors, gen, "max_pool2d output too small", "max_pool2d", d, [r([1, 3, 2, 2])], dict(mp, kernel_size=3))
    error(errors, gen, "max_pool2d 2-d input", "max_pool2d", d, [r([5, 5])], dict(mp, kernel_size=2))
    error(errors, gen, "max_pool2d stride 0", "max_pool2d", d, [r([2, 3, 5, 5])], dict(mp, kernel_size=2, stride=0))
    error(errors, gen, "max_pool2d dilation 0", "max_pool2d", d, [r([2, 3, 5, 5])], dict(mp, kernel_size=2, dilation=0))
    ap = {"stride": None, "padding": 0, "ceil_mode": False, "count_include_pad": True, "divisor_override": None}
    error(errors, gen, "avg_pool2d padding", "avg_pool2d", d, [r([2, 3, 5, 5])], dict(ap, kernel_size=2, padding=2))
    error(errors, gen, "avg_pool2d output too small", "avg_pool2d", d, [r([1, 3, 2, 2])], dict(ap, kernel_size=3))
    error(errors, gen, "avg_pool2d 2-d input", "avg_pool2d", d, [r([5, 5])], dict(ap, kernel_size=2))
    error(errors, gen, "avg_pool2d divisor 0", "avg_pool2d", d, [r([2, 3, 5, 5])], dict(ap, kernel_size=2, divisor_override=0))
    error(errors, gen, "adaptive_avg_pool2d 2-d input", "adaptive_avg_pool2d", d, [r([5, 5])], {"output_size": 2})
    error(errors, gen, "adaptive_avg_pool2d three sizes", "adaptive_avg_pool2d", d, [r([2, 3, 5, 5])],
          {"output_size": [2, 2, 2]})
    error(errors, gen, "adaptive_avg_pool2d empty", "adaptive_avg_pool2d", d, [r([2, 3, 0, 4])], {"output_size": 2})
    pd = {"mode": "constant", "value": None}
    error(errors, gen, "pad odd length", "pad", d, [r([2, 3, 4])], dict(pd, pad=[1, 2, 3]))
    error(errors, gen, "pad too long", "pad", d, [r([2])], dict(pd, pad=[1, 1, 1, 1]))
    error(errors, gen, "pad unknown mode", "pad", d, [r([2, 3, 4])], dict(pd, pad=[1, 1], mode="wrap"))
    error(errors, gen, "pad reflect too wide", "pad", d, [r([1, 2, 3, 3])], dict(pd, pad=[3, 3, 0, 0], mode="reflect"))
    error(errors, gen, "pad reflect too high", "pad", d, [r([1, 2, 3, 3])], dict(pd, pad=[0, 0, 1, 3], mode="reflect"))
    error(errors, gen, "pad reflect 1-d too wide", "pad", d, [r([1, 2, 3])], dict(pd, pad=[3, 1], mode="reflect"))
    error(errors, gen, "pad reflect of a vector", "pad", d, [r([3])], dict(pd, pad=[1, 1], mode="reflect"))
    error(errors, gen, "pad reflect 1-d of 4-d", "pad", d, [r([2, 3, 4, 4])], dict(pd, pad=[1, 1], mode="reflect"))
    error(errors, gen, "pad replicate with value", "pad", d, [r([2, 3, 4, 4])],
          dict(pd, pad=[1, 1, 1, 1], mode="replicate", value=1.0))
    ip = {"size": None, "scale_factor": None, "align_corners": None, "mode": "nearest"}
    error(errors, gen, "interpolate size and scale", "interpolate", d, [r([1, 2, 3, 3])],
          dict(ip, size=[3, 3], scale_factor=2.0))
    error(errors, gen, "interpolate neither", "interpolate", d, [r([1, 2, 3, 3])], ip)
    error(errors, gen, "interpolate align_corners with nearest", "interpolate", d, [r([1, 2, 3, 3])],
          dict(ip, size=[3, 3], align_corners=True))
    error(errors, gen, "interpolate bilinear of 3-d", "interpolate", d, [r([2, 3, 3])], dict(ip, size=3, mode="bilinear"))
    error(errors, gen, "interpolate three sizes", "interpolate", d, [r([1, 2, 3, 3])], dict(ip, size=[3, 3, 3]))
    error(errors, gen, "interpolate three scales", "interpolate", d, [r([1, 2, 3, 3])],
          dict(ip, scale_factor=[2.0, 2.0, 2.0]))
    error(errors, gen, "interpolate unknown mode", "interpolate", d, [r([1, 2, 3, 3])], dict(ip, size=[3, 3], mode="cubic"))
    error(errors, gen, "max_pool2d of integers", "max_pool2d", d, [c([1, 2, 4, 4], 5)],
          dict(mp, kernel_size=2))
    error(errors, gen, "adaptive_avg_pool2d of integers", "adaptive_avg_pool2d", d, [c([1, 2, 4, 4], 5)],
          {"output_size": 2})
    error(errors, gen, "pad replicate of integers", "pad", d, [c([2, 3, 4], 5)], dict(pd, pad=[1, 1], mode="replicate"))
    error(errors, gen, "pad reflect of integers", "pad", d, [c([1, 2, 3, 4], 5)],
          dict(pd, pad=[1, 1, 1, 1], mode="reflect"))
    error(errors, gen, "interpolate nearest of integers", "interpolate", d, [c([1, 2, 3, 3], 5)], dict(ip, size=[4, 4]))
    error(errors, gen, "batch_norm of integers", "batch_norm", d, [c([4, 3], 5)],
          {"running_mean": None, "running_var": None, "weight": None, "bias": None, "training": True,
           "momentum": 0.1, "eps": 1e-5})
    error(errors, gen, "interpolate zero size", "interpolate", d, [r([1, 2, 3, 3])], dict(ip, size=[0, 3]))


def loss_errors(errors, gen):
    d = "float64"
    ce = {"weight": None, "ignore_index": -100, "label_smoothing": 0.0, "reduction": "mean"}
    nll = {"weight": None, "ignore_index": -100, "reduction": "mean"}
    error(errors, gen, "nll_loss target out of bounds", "nll_loss", d, [r([4, 3]), c([4], 3, [0, 5, 1, 1])], nll)
    error(errors, gen, "nll_loss negative target", "nll_loss", d, [r([4, 3]), c([4], 3, [0, -2, 1, 1])], nll)
    error(errors, gen, "nll_loss batch sizes", "nll_loss", d, [r([4, 3]), c([3], 3)], nll)
    error(errors, gen, "nll_loss multi-target", "nll_loss", d, [r([4, 3]), c([4, 2], 3)], nll)
    error(errors, gen, "nll_loss weight size", "nll_loss", d, [r([4, 3]), c([4], 3), r([2], grad=False)],
          dict(nll, weight=2))
    error(errors, gen, "nll_loss 0-d input", "nll_loss", d, [r([]), c([], 1)], nll)
    error(errors, gen, "nll_loss 1-d input, 1-d target", "nll_loss", d, [r([3]), c([1], 3)], nll)
    error(errors, gen, "nll_loss spatial target shape", "nll_loss", d, [r([2, 3, 4]), c([2, 5], 3)], nll)
    error(errors, gen, "nll_loss reduction", "nll_loss", d, [r([4, 3]), c([4], 3)], dict(nll, reduction="avg"))
    error(errors, gen, "cross_entropy target out of bounds", "cross_entropy", d, [r([4, 3]), c([4], 3, [0, 3, 1, 1])], ce)
    error(errors, gen, "cross_entropy multi-target", "cross_entropy", d, [r([4, 3]), c([4, 2], 2)], ce)
    error(errors, gen, "cross_entropy integer probabilities", "cross_entropy", d, [r([4, 3]), c([4, 3], 2)], ce)
    error(errors, gen, "cross_entropy label_smoothing above 1", "cross_entropy", d, [r([4, 3]), c([4], 3)],
          dict(ce, label_smoothing=1.5))
    error(errors, gen, "cross_entropy probabilities weight size", "cross_entropy", d,
          [r([4, 3]), p([4, 3]), r([2], grad=False)], dict(ce, weight=2))
    error(errors, gen, "mse_loss shapes", "mse_loss", d, [r([4, 3]), r([4, 4])], {"reduction": "mean"})
    error(errors, gen, "mse_loss reduction", "mse_loss", d, [r([4, 3]), r([4, 3])], {"reduction": "avg"})
    error(errors, gen, "l1_loss shapes", "l1_loss", d, [r([4, 3]), r([4, 4])], {"reduction": "mean"})
    error(errors, gen, "smooth_l1_loss negative beta", "smooth_l1_loss", d, [r([4, 3]), r([4, 3])],
          {"reduction": "mean", "beta": -1.0})
    error(errors, gen, "huber_loss zero delta", "huber_loss", d, [r([4, 3]), r([4, 3])],
          {"reduction": "mean", "delta": 0.0})
    error(errors, gen, "binary_cross_entropy input range", "binary_cross_entropy", d, [r([4, 3]), u([4, 3])],
          {"weight": None, "reduction": "mean"})
    error(errors, gen, "binary_cross_entropy sizes", "binary_cross_entropy", d, [u([4, 3]), u([4])],
          {"weight": None, "reduction": "mean"})
    error(errors, gen, "binary_cross_entropy_with_logits sizes", "binary_cross_entropy_with_logits", d,
          [r([4, 3]), u([4])], {"weight": None, "pos_weight": None, "reduction": "mean"})
    error(errors, gen, "kl_div shapes", "kl_div", d, [r([4, 3]), p([4, 4])], {"reduction": "sum", "log_target": False})
    error(errors, gen, "softmax dim", "softmax", d, [r([4, 3])], {"dim": 2})
    error(errors, gen, "log_softmax dim", "log_softmax", d, [r([4, 3])], {"dim": -3})
    error(errors, gen, "gelu approximate", "gelu", d, [r([4])], {"approximate": "fast"})
    error(errors, gen, "gelu of integers", "gelu", d, [c([4], 3)], {"approximate": "none"})
    error(errors, gen, "softplus of integers", "softplus", d, [c([4], 3)], {"beta": 1.0, "threshold": 20.0})
    error(errors, gen, "leaky_relu of integers", "leaky_relu", d, [c([4], 3)], {"negative_slope": 0.01})
    error(errors, gen, "celu alpha 0", "celu", d, [r([4])], {"alpha": 0.0})
    error(errors, gen, "softmax of integers over dim 0", "softmax", d, [c([2, 3], 3)], {"dim": 0})
    error(errors, gen, "log_softmax of integers", "log_softmax", d, [c([2, 3], 3)], {"dim": 1})
    error(errors, gen, "smooth_l1_loss of integers", "smooth_l1_loss", d, [c([3], 3), c([3], 3)],
          {"reduction": "mean", "beta": 1.0})
    error(errors, gen, "linear shapes", "linear", d, [r([4, 3]), r([2, 4])], {"bias": None})


def main():
    gen = torch.Generator().manual_seed(SEED)
    cases = []
    for dt in ("float64", "float32"):
        activations(cases, gen, dt)
        losses(cases, gen, dt)
        normalization(cases, gen, dt)
        spatial(cases, gen, dt)
    for values, classes in [([[0, 2], [1, 1]], -1), ([3, 0, 1], 5), ([], 2), (2, 4)]:
        shape = list(torch.tensor(values).shape)
        case(cases, gen, "one_hot %s %d" % (values, classes), "one_hot", "float64",
             [c(shape, 5, values)], {"num_classes": classes})
    errors = []
    loss_errors(errors, gen)
    normalization_errors(errors, gen)
    spatial_errors(errors, gen)
    with open(OUT, "w") as f:
        json.dump({"generator": "tools/gen_nn_functional_fixtures.py", "torch": torch.__version__,
                   "cases": cases, "errors": errors}, f, indent=1)
        f.write("\n")
    print("wrote %d cases and %d errors to %s" % (len(cases), len(errors), os.path.normpath(OUT)))


if __name__ == "__main__":
    main()
