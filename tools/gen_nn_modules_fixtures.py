"""Generates PyTorch fixtures for grad4j's NnModulesTest (torch.nn module wrappers over F).

Run with PyTorch 1.13: ``/usr/bin/python3 tools/gen_nn_modules_fixtures.py``
Writes grad4j-core/src/test/resources/fixtures/nn_modules.json (deterministic).

JSON:
  "cases": [{"name", "module": nn class name, "args": constructor keyword arguments (lists are
             tuples; "weight"/"pos_weight" of a loss are tensors given by their values), "dtype",
             "repr": str(module),
             "state": the module's state_dict before the checked forward (parameters set from a
                      fixed generator), {key: tensor} in PyTorch's key order,
             "train_steps": [[tensor...]] forwards in training mode run before the checked one,
             "mode": "train" | "eval" for the checked forward,
             "inputs": [input...] (a loss gets (input, target)),
             "output", "weight", "grads": [per input, or null], "param_grads": {name: values or null},
             "state_after": the buffers in the state_dict after the checked forward}]
            The loss is (output * weight).sum(); grads are the leaves' .grad, row-major.
  "reprs":  [{"name", "repr", "state_keys"}] of composed models (a LeNet-like Sequential ...).
  tensor:   {"shape", "data", "int": true for INT64}; input adds "grad".
"""

import json
import os
import warnings

import torch
import torch.nn as nn

warnings.simplefilter("ignore")
SEED = 20261206
OUT = os.path.join(os.path.dirname(__file__), "..", "grad4j-core", "src", "test", "resources", "fixtures",
                   "nn_modules.json")
DTYPES = {"float32": torch.float32, "float64": torch.float64}
TENSOR_ARGS = ("weight", "pos_weight")


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def enc(t):
    return {"shape": list(t.shape), "data": flat(t.to(torch.float64) if t.is_floating_point() else t),
            "int": not t.is_floating_point()}


def lenet():
    """D2L's LeNet (section 7.6)."""
    return nn.Sequential(
        nn.Conv2d(1, 6, kernel_size=5, padding=2), nn.Sigmoid(), nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Conv2d(6, 16, kernel_size=5), nn.Sigmoid(), nn.AvgPool2d(kernel_size=2, stride=2), nn.Flatten(),
        nn.Linear(16 * 5 * 5, 120), nn.Sigmoid(), nn.Linear(120, 84), nn.Sigmoid(), nn.Linear(84, 10))


def lenet_bn():
    """D2L's LeNet with batch normalization (section 8.5), at a smaller width."""
    return nn.Sequential(
        nn.Conv2d(1, 6, kernel_size=5), nn.BatchNorm2d(6), nn.Sigmoid(), nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Conv2d(6, 16, kernel_size=5), nn.BatchNorm2d(16), nn.Sigmoid(), nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Flatten(), nn.Linear(16 * 4 * 4, 120), nn.BatchNorm1d(120), nn.Sigmoid(), nn.Linear(120, 10))


def small_cnn():
    """Conv, batch norm, ReLU, max pooling, dropout, adaptive pooling, layer norm: every layer kind at once."""
    return nn.Sequential(
        nn.Conv2d(3, 4, 3, padding=1, bias=False), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(4, 8, (3, 2), stride=(1, 2), groups=2), nn.GELU(), nn.AdaptiveAvgPool2d((2, 2)), nn.Flatten(),
        nn.Dropout(0.25), nn.Linear(32, 16), nn.LayerNorm(16), nn.LeakyReLU(0.1), nn.Linear(16, 5))


def tiny_lenet_bn():
    """LeNet's layout with batch normalization on 12x12 inputs, small enough for value fixtures."""
    return nn.Sequential(
        nn.Conv2d(1, 4, kernel_size=5, padding=2), nn.BatchNorm2d(4), nn.Sigmoid(), nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Conv2d(4, 6, kernel_size=3), nn.Sigmoid(), nn.AvgPool2d(kernel_size=2, stride=2), nn.Flatten(),
        nn.Linear(6 * 2 * 2, 16), nn.BatchNorm1d(16), nn.Sigmoid(), nn.Linear(16, 10))


MODELS = {"LeNet": lenet, "LeNetBN": lenet_bn, "SmallCNN": small_cnn, "TinyLeNetBN": tiny_lenet_bn}


def build(module, args, dt):
    if module in MODELS:
        return MODELS[module]().to(DTYPES[dt])
    kw = {k: torch.tensor(v, dtype=DTYPES[dt]) if k in TENSOR_ARGS and v is not None
          else tuple(v) if isinstance(v, list) else v for k, v in args.items()}
    return getattr(nn, module)(**kw).to(DTYPES[dt])


def leaf(spec, dt, gen):
    """spec: (shape, kind, grad); kind "randn" | "rand" (in (0.05, 0.95)) | "probs" (softmax along dim 1)
    | ("int", high) INT64 indices | an explicit list of values."""
    shape, kind, grad = spec
    if isinstance(kind, tuple):
        t = torch.randint(0, kind[1], shape, generator=gen) if len(kind) == 2 else torch.tensor(kind[2]).reshape(shape)
        return t
    if isinstance(kind, list):
        t = torch.tensor(kind, dtype=torch.float64).reshape(shape)
    elif kind == "rand":
        t = torch.rand(shape, generator=gen, dtype=torch.float64) * 0.9 + 0.05
    elif kind == "probs":
        t = torch.softmax(torch.randn(shape, generator=gen, dtype=torch.float64), 1)
    else:
        t = torch.randn(shape, generator=gen, dtype=torch.float64) * 1.5
    return t.to(DTYPES[dt]).requires_grad_(grad)


def case(cases, gen, name, module, args, dt, specs, mode="train", train_steps=0, random_stats=False):
    torch.manual_seed(0)
    m = build(module, args, dt)
    with torch.no_grad():
        for _, p in m.named_parameters():
            p.copy_(torch.randn(p.shape, generator=gen, dtype=torch.float64))
        if random_stats:
            m.running_mean.copy_(torch.randn(m.running_mean.shape, generator=gen, dtype=torch.float64))
            m.running_var.copy_(torch.rand(m.running_var.shape, generator=gen, dtype=torch.float64) + 0.3)
            m.num_batches_tracked.fill_(3)
    state = {k: enc(v) for k, v in m.state_dict().items()}
    steps = []
    m.train()
    for _ in range(train_steps):
        xs = [leaf((s[0], s[1], False), dt, gen) for s in specs]
        m(*xs)
        steps.append([enc(x) for x in xs])
    m.train(mode == "train")
    leaves = [leaf(s, dt, gen) for s in specs]
    out = m(*leaves)
    entry = {"name": "%s %s" % (name, dt), "module": module, "args": args, "dtype": dt, "repr": str(m),
             "state": state, "train_steps": steps, "mode": mode,
             "inputs": [dict(enc(x), grad=x.requires_grad) for x in leaves], "output": enc(out)}
    if out.requires_grad:
        weight = torch.randn(out.shape, generator=gen, dtype=torch.float64).to(out.dtype)
        (out * weight).sum().backward()
        entry["weight"] = flat(weight)
        entry["grads"] = [flat(x.grad) if x.grad is not None else None for x in leaves]
        entry["param_grads"] = {k: flat(p.grad) if p.grad is not None else None for k, p in m.named_parameters()}
    params = dict(m.named_parameters())
    entry["state_after"] = {k: enc(v) for k, v in m.state_dict().items() if k not in params}
    cases.append(entry)


def r(shape, grad=True):
    return (shape, "randn", grad)


def u(shape, grad=True):
    return (shape, "rand", grad)


def p(shape):
    return (shape, "probs", False)


def c(shape, high, values=None):
    return (shape, ("int", high) if values is None else ("int", high, values), False)


def activations(cases, gen, dt):
    x = [r([3, 4])]
    for module, args in [("LeakyReLU", {}), ("LeakyReLU", {"negative_slope": 0.2}), ("ELU", {}),
                         ("ELU", {"alpha": 0.5}), ("CELU", {}), ("CELU", {"alpha": 2.0}), ("SELU", {}),
                         ("GELU", {}), ("GELU", {"approximate": "tanh"}), ("SiLU", {}), ("Mish", {}),
                         ("Softplus", {}), ("Softplus", {"beta": 2, "threshold": 1}), ("Hardtanh", {}),
                         ("Hardtanh", {"min_val": -0.5, "max_val": 2.0}), ("ReLU6", {}), ("Softsign", {}),
                         ("Hardsigmoid", {}), ("Hardswish", {}), ("LogSigmoid", {}), ("Softmax", {"dim": 1}),
                         ("Softmax", {"dim": 0}), ("LogSoftmax", {"dim": -1}), ("Softmin", {"dim": 1}),
                         ("ReLU", {}), ("Tanh", {}), ("Sigmoid", {}), ("Identity", {})]:
        case(cases, gen, "%s %s" % (module, args), module, args, dt, x)
    case(cases, gen, "ReLU6 wide", "ReLU6", {}, dt, [([10], [float(i) * 1.6 - 5 for i in range(10)], True)])
    case(cases, gen, "Dropout eval", "Dropout", {"p": 0.3}, dt, x, mode="eval")
    case(cases, gen, "Dropout p=0 train", "Dropout", {"p": 0.0}, dt, x)


def losses(cases, gen, dt):
    for red in ("mean", "sum", "none"):
        for module, extra in [("MSELoss", {}), ("L1Loss", {}), ("HuberLoss", {"delta": 0.5}),
                              ("SmoothL1Loss", {"beta": 0.5})]:
            case(cases, gen, "%s %s %s" % (module, extra, red), module, dict(extra, reduction=red), dt,
                 [r([3, 4]), r([3, 4])])
        case(cases, gen, "CrossEntropyLoss " + red, "CrossEntropyLoss", {"reduction": red}, dt, [r([5, 3]), c([5], 3)])
        case(cases, gen, "CrossEntropyLoss weight ignore smoothing " + red, "CrossEntropyLoss",
             {"weight": [0.5, 1.5, 1.0], "ignore_index": 2, "reduction": red, "label_smoothing": 0.1}, dt,
             [r([5, 3]), c([5], 3, [0, 2, 1, 1, 0])])
        case(cases, gen, "NLLLoss weight ignore " + red, "NLLLoss",
             {"weight": [0.5, 1.5, 1.0], "ignore_index": 0, "reduction": red}, dt, [r([5, 3]), c([5], 3, [0, 2, 1, 1, 0])])
        case(cases, gen, "BCELoss weight " + red, "BCELoss", {"weight": [0.5, 2.0, 1.0, 1.5], "reduction": red}, dt,
             [u([3, 4]), u([3, 4], grad=False)])
        case(cases, gen, "BCEWithLogitsLoss weights " + red, "BCEWithLogitsLoss",
             {"weight": [0.5, 2.0, 1.0, 1.5], "reduction": red, "pos_weight": [3.0, 1.0, 0.5, 2.0]}, dt,
             [r([3, 4]), u([3, 4], grad=False)])
        case(cases, gen, "KLDivLoss log_target " + red, "KLDivLoss", {"reduction": red, "log_target": True}, dt,
             [r([3, 4]), r([3, 4])])
    for module in ("MSELoss", "L1Loss", "HuberLoss", "SmoothL1Loss"):
        case(cases, gen, module + " defaults", module, {}, dt, [r([2, 3]), r([2, 3])])
    case(cases, gen, "CrossEntropyLoss probabilities", "CrossEntropyLoss", {}, dt, [r([4, 3]), p([4, 3])])
    case(cases, gen, "NLLLoss defaults", "NLLLoss", {}, dt, [r([4, 3]), c([4], 3)])
    case(cases, gen, "BCELoss defaults", "BCELoss", {}, dt, [u([4]), u([4], grad=False)])
    case(cases, gen, "BCEWithLogitsLoss defaults", "BCEWithLogitsLoss", {}, dt, [r([4]), u([4], grad=False)])
    case(cases, gen, "KLDivLoss batchmean", "KLDivLoss", {"reduction": "batchmean"}, dt, [r([3, 4]), p([3, 4])])


def norms(cases, gen, dt):
    case(cases, gen, "BatchNorm1d 2-d", "BatchNorm1d", {"num_features": 4}, dt, [r([6, 4])], train_steps=2)
    case(cases, gen, "BatchNorm1d 3-d", "BatchNorm1d", {"num_features": 4}, dt, [r([3, 4, 5])], train_steps=1)
    case(cases, gen, "BatchNorm1d eval", "BatchNorm1d", {"num_features": 4}, dt, [r([5, 4])], mode="eval",
         random_stats=True)
    case(cases, gen, "BatchNorm2d", "BatchNorm2d", {"num_features": 3}, dt, [r([4, 3, 2, 2])], train_steps=3)
    case(cases, gen, "BatchNorm2d eval after training", "BatchNorm2d", {"num_features": 3}, dt, [r([2, 3, 3, 2])],
         mode="eval", train_steps=3)
    case(cases, gen, "BatchNorm2d eps momentum", "BatchNorm2d",
         {"num_features": 3, "eps": 1e-3, "momentum": 0.2}, dt, [r([2, 3, 2, 3])], train_steps=2)
    case(cases, gen, "BatchNorm2d cumulative average", "BatchNorm2d", {"num_features": 3, "momentum": None}, dt,
         [r([2, 3, 2, 2])], train_steps=3)
    for mode in ("train", "eval"):
        case(cases, gen, "BatchNorm2d no affine, no running stats " + mode, "BatchNorm2d",
             {"num_features": 2, "affine": False, "track_running_stats": False}, dt, [r([3, 2, 2, 2])], mode=mode,
             train_steps=1)
        case(cases, gen, "BatchNorm1d no affine " + mode, "BatchNorm1d", {"num_features": 3, "affine": False}, dt,
             [r([4, 3])], mode=mode, train_steps=2)
    case(cases, gen, "LayerNorm", "LayerNorm", {"normalized_shape": 4}, dt, [r([3, 4])])
    case(cases, gen, "LayerNorm 2 dims eps", "LayerNorm", {"normalized_shape": [2, 3], "eps": 1e-6}, dt,
         [r([2, 2, 3])])
    case(cases, gen, "LayerNorm no affine", "LayerNorm", {"normalized_shape": [5], "elementwise_affine": False}, dt,
         [r([2, 5])])
    case(cases, gen, "Embedding", "Embedding", {"num_embeddings": 10, "embedding_dim": 3}, dt, [c([2, 4], 10)])
    case(cases, gen, "Embedding padding_idx", "Embedding", {"num_embeddings": 6, "embedding_dim": 2, "padding_idx": 1},
         dt, [c([7], 6, [1, 0, 1, 5, 2, 2, 1])])
    case(cases, gen, "Embedding negative padding_idx", "Embedding",
         {"num_embeddings": 5, "embedding_dim": 3, "padding_idx": -1}, dt, [c([2, 3], 5, [4, 0, 4, 3, 2, 1])])


def conv_pool(cases, gen, dt):
    case(cases, gen, "Conv2d LeNet first layer", "Conv2d",
         {"in_channels": 1, "out_channels": 6, "kernel_size": 5, "padding": 2}, dt, [r([2, 1, 8, 8])])
    case(cases, gen, "Conv2d defaults", "Conv2d", {"in_channels": 3, "out_channels": 2, "kernel_size": 3}, dt,
         [r([1, 3, 5, 4])])
    case(cases, gen, "Conv2d pairs, groups, no bias", "Conv2d",
         {"in_channels": 4, "out_channels": 6, "kernel_size": [3, 2], "stride": [2, 1], "padding": [1, 0],
          "dilation": [2, 1], "groups": 2, "bias": False}, dt, [r([2, 4, 9, 7])])
    case(cases, gen, "Conv2d stride padding dilation", "Conv2d",
         {"in_channels": 2, "out_channels": 3, "kernel_size": 3, "stride": 2, "padding": 1, "dilation": 2,
          "groups": 1, "bias": True}, dt, [r([2, 2, 7, 6])])
    case(cases, gen, "Conv2d unbatched", "Conv2d", {"in_channels": 2, "out_channels": 2, "kernel_size": 2}, dt,
         [r([2, 4, 3])])
    case(cases, gen, "Conv1d", "Conv1d", {"in_channels": 2, "out_channels": 4, "kernel_size": 3}, dt, [r([2, 2, 6])])
    case(cases, gen, "Conv1d stride padding dilation groups", "Conv1d",
         {"in_channels": 4, "out_channels": 2, "kernel_size": 2, "stride": 2, "padding": 1, "dilation": 2,
          "groups": 2, "bias": False}, dt, [r([3, 4, 7])])
    case(cases, gen, "MaxPool2d", "MaxPool2d", {"kernel_size": 2}, dt, [r([2, 3, 6, 6])])
    case(cases, gen, "MaxPool2d stride", "MaxPool2d", {"kernel_size": 3, "stride": 2}, dt, [r([1, 2, 7, 7])])
    case(cases, gen, "MaxPool2d pairs ceil_mode", "MaxPool2d",
         {"kernel_size": [3, 2], "stride": [2, 1], "padding": [1, 0], "dilation": [1, 2], "ceil_mode": True}, dt,
         [r([2, 2, 6, 7])])
    case(cases, gen, "AvgPool2d", "AvgPool2d", {"kernel_size": 2, "stride": 2}, dt, [r([2, 3, 6, 6])])
    case(cases, gen, "AvgPool2d padding ceil_mode count_include_pad", "AvgPool2d",
         {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True, "count_include_pad": False}, dt,
         [r([1, 2, 6, 7])])
    case(cases, gen, "AvgPool2d pairs divisor_override", "AvgPool2d",
         {"kernel_size": [2, 3], "stride": [1, 2], "padding": [1, 1], "ceil_mode": False, "count_include_pad": True,
          "divisor_override": 4}, dt, [r([2, 2, 5, 6])])
    case(cases, gen, "AdaptiveAvgPool2d 1", "AdaptiveAvgPool2d", {"output_size": 1}, dt, [r([2, 3, 5, 4])])
    case(cases, gen, "AdaptiveAvgPool2d pair", "AdaptiveAvgPool2d", {"output_size": [2, 3]}, dt, [r([2, 3, 5, 7])])


def pad_upsample(cases, gen, dt):
    case(cases, gen, "ZeroPad2d", "ZeroPad2d", {"padding": 2}, dt, [r([1, 2, 3, 3])])
    case(cases, gen, "ZeroPad2d sides", "ZeroPad2d", {"padding": [1, 2, 0, 3]}, dt, [r([2, 3, 3])])
    case(cases, gen, "ConstantPad2d", "ConstantPad2d", {"padding": 1, "value": 3.5}, dt, [r([1, 2, 2, 3])])
    case(cases, gen, "ConstantPad1d sides", "ConstantPad1d", {"padding": [1, 2], "value": -1.0}, dt, [r([2, 3, 4])])
    case(cases, gen, "ReflectionPad2d", "ReflectionPad2d", {"padding": 1}, dt, [r([1, 2, 3, 4])])
    case(cases, gen, "ReflectionPad1d", "ReflectionPad1d", {"padding": 2}, dt, [r([2, 3, 5])])
    case(cases, gen, "ReplicationPad2d sides", "ReplicationPad2d", {"padding": [1, 0, 2, 1]}, dt, [r([1, 2, 3, 3])])
    case(cases, gen, "ReplicationPad1d sides", "ReplicationPad1d", {"padding": [2, 1]}, dt, [r([2, 4])])
    case(cases, gen, "Unflatten", "Unflatten", {"dim": 1, "unflattened_size": [2, 3]}, dt, [r([2, 6, 2])])
    case(cases, gen, "Flatten", "Flatten", {"start_dim": 0, "end_dim": 1}, dt, [r([2, 3, 2])])
    case(cases, gen, "Upsample nearest", "Upsample", {"scale_factor": 2.0}, dt, [r([1, 2, 3, 3])])
    case(cases, gen, "Upsample bilinear size", "Upsample", {"size": [4, 5], "mode": "bilinear", "align_corners": False},
         dt, [r([2, 1, 3, 2])])
    case(cases, gen, "Upsample bilinear scales align_corners", "Upsample",
         {"scale_factor": [2.0, 1.5], "mode": "bilinear", "align_corners": True}, dt, [r([1, 2, 2, 4])])


def models(cases, gen, dt):
    if dt == "float32":
        return  # whole models in float64 only: float32 rounding adds up through a network; layers are checked in float32 above
    case(cases, gen, "TinyLeNetBN train", "TinyLeNetBN", {}, dt, [r([3, 1, 12, 12])], train_steps=1)
    case(cases, gen, "TinyLeNetBN eval", "TinyLeNetBN", {}, dt, [r([2, 1, 12, 12])], mode="eval", train_steps=2)
    case(cases, gen, "SmallCNN eval", "SmallCNN", {}, dt, [r([2, 3, 8, 8])], mode="eval", train_steps=1)


def model_reprs():
    out = []
    for name, make in [(n, MODELS[n]) for n in ("LeNet", "LeNetBN", "SmallCNN")]:
        m = make()
        out.append({"name": name, "repr": str(m), "state_keys": list(m.state_dict().keys()),
                    "parameter_keys": [k for k, _ in m.named_parameters()]})
    return out


GROUPS = [activations, losses, norms, conv_pool, pad_upsample, models]


def main():
    gen = torch.Generator().manual_seed(SEED)
    cases = []
    for dt in ("float64", "float32"):
        for group in GROUPS:
            group(cases, gen, dt)
    reprs = model_reprs()
    with open(OUT, "w") as f:
        json.dump({"generator": "tools/gen_nn_modules_fixtures.py", "torch": torch.__version__,
                   "cases": cases, "reprs": reprs}, f, indent=1)
        f.write("\n")
    print("wrote %d cases and %d reprs to %s" % (len(cases), len(reprs), os.path.normpath(OUT)))


if __name__ == "__main__":
    main()
