"""Generates golden fixtures for grad4j's OptimizerTest (optimizers, schedulers, gradient clipping).

A small float64 model, defined identically in OptimizerTest, is trained for 5 steps by each
optimizer configuration: loss = mean((tanh(X W1^T + b1) W2^T + b2 - Y)^2); the parameter "u" takes
no part in the loss, so it never gets a grad and must stay untouched. Each case records the losses
seen and the parameters after the last step. Scheduler cases record get_last_lr() after construction
and after each of 12 steps (two param groups with different lr). Clip cases record the total norm
and the clipped grads. Error cases record PyTorch's ValueError message for bad options.

Run with PyTorch 1.13: ``/usr/bin/python3 tools/gen_optim_fixtures.py``
Writes grad4j-core/src/test/resources/fixtures/optim.json (deterministic).
"""

import json
import os
import random

import torch

SEED = 20261206
OUT_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "grad4j-core", "src", "test",
                        "resources", "fixtures", "optim.json")
rng = random.Random(SEED)

SHAPES = {"W1": [3, 4], "b1": [3], "W2": [2, 3], "b2": [2], "u": [2]}
ORDER = ["W1", "b1", "W2", "b2", "u"]


def rand_tensor(shape, scale=1.0):
    n = 1
    for s in shape:
        n *= s
    return [rng.uniform(-scale, scale) for _ in range(n)]


INIT = {name: rand_tensor(shape, 0.8) for name, shape in SHAPES.items()}
X = rand_tensor([5, 4], 1.5)
Y = rand_tensor([5, 2], 1.0)


def t(data, shape):
    return torch.tensor(data, dtype=torch.float64).reshape(shape)


def fresh_params():
    return {name: t(INIT[name], SHAPES[name]).requires_grad_() for name in ORDER}


def loss_fn(p):
    h = torch.tanh(t(X, [5, 4]) @ p["W1"].t() + p["b1"])
    out = h @ p["W2"].t() + p["b2"]
    return ((out - t(Y, [5, 2])) ** 2).mean()


# Options use grad4j's builder names; PY maps them to PyTorch keywords.
PY = {"lr": "lr", "momentum": "momentum", "dampening": "dampening", "weightDecay": "weight_decay",
      "nesterov": "nesterov", "maximize": "maximize", "betas": "betas", "eps": "eps", "amsgrad": "amsgrad",
      "alpha": "alpha", "centered": "centered", "lrDecay": "lr_decay",
      "initialAccumulatorValue": "initial_accumulator_value"}
OPTIMIZERS = {"SGD": torch.optim.SGD, "Adam": torch.optim.Adam, "AdamW": torch.optim.AdamW,
              "RMSprop": torch.optim.RMSprop, "Adagrad": torch.optim.Adagrad}

CASES = [
    ("sgd_plain", "SGD", {"lr": 0.1}, None),
    ("sgd_momentum", "SGD", {"lr": 0.1, "momentum": 0.9}, None),
    ("sgd_momentum_dampening_wd", "SGD", {"lr": 0.05, "momentum": 0.8, "dampening": 0.3, "weightDecay": 0.01}, None),
    ("sgd_nesterov", "SGD", {"lr": 0.1, "momentum": 0.9, "nesterov": True}, None),
    ("sgd_nesterov_wd_maximize", "SGD", {"lr": 0.02, "momentum": 0.5, "nesterov": True, "weightDecay": 0.1,
                                         "maximize": True}, None),
    ("sgd_groups", "SGD", {"lr": 0.1, "momentum": 0.9},
     [{"params": ["W1", "b1"], "lr": 0.3}, {"params": ["W2", "b2", "u"]}]),
    ("adam_default", "Adam", {"lr": 0.01}, None),
    ("adam_betas_eps", "Adam", {"lr": 0.05, "betas": [0.8, 0.99], "eps": 1e-6}, None),
    ("adam_wd", "Adam", {"lr": 0.01, "weightDecay": 0.1}, None),
    ("adam_amsgrad", "Adam", {"lr": 0.05, "amsgrad": True}, None),
    ("adam_amsgrad_wd_maximize", "Adam", {"lr": 0.02, "amsgrad": True, "weightDecay": 0.05, "maximize": True}, None),
    ("adam_groups", "Adam", {"lr": 0.01},
     [{"params": ["W1", "b1"], "lr": 0.1, "betas": [0.5, 0.9]}, {"params": ["W2", "b2", "u"]}]),
    ("adamw_default", "AdamW", {"lr": 0.01}, None),
    ("adamw_wd_amsgrad", "AdamW", {"lr": 0.05, "weightDecay": 0.2, "amsgrad": True}, None),
    ("rmsprop_default", "RMSprop", {"lr": 0.01}, None),
    ("rmsprop_centered", "RMSprop", {"lr": 0.01, "centered": True}, None),
    ("rmsprop_momentum_wd", "RMSprop", {"lr": 0.005, "momentum": 0.9, "weightDecay": 0.05, "alpha": 0.9}, None),
    ("rmsprop_centered_momentum", "RMSprop", {"lr": 0.005, "momentum": 0.5, "centered": True, "eps": 1e-4}, None),
    ("adagrad_default", "Adagrad", {"lr": 0.1}, None),
    ("adagrad_decay_wd_init", "Adagrad", {"lr": 0.1, "lrDecay": 0.1, "weightDecay": 0.05,
                                          "initialAccumulatorValue": 0.5, "eps": 1e-8}, None),
    ("adagrad_groups", "Adagrad", {"lr": 0.1},
     [{"params": ["W1", "b1"], "lr": 0.5}, {"params": ["W2", "b2", "u"], "lr_decay": 0.2}]),
]


def py_options(options):
    return {PY[k]: (tuple(v) if isinstance(v, list) else v) for k, v in options.items()}


def run_case(name, opt_name, options, groups):
    params = fresh_params()
    if groups is None:
        spec = [params[n] for n in ORDER]
    else:
        spec = []
        for g in groups:
            entry = {k: (tuple(v) if isinstance(v, list) else v) for k, v in g.items() if k != "params"}
            entry["params"] = [params[n] for n in g["params"]]
            spec.append(entry)
    opt = OPTIMIZERS[opt_name](spec, **py_options(options))
    losses = []
    for _ in range(5):
        opt.zero_grad()
        loss = loss_fn(params)
        losses.append(loss.item())
        loss.backward()
        opt.step()
    return {"name": name, "optimizer": opt_name, "options": options, "groups": groups, "losses": losses,
            "params": {n: params[n].detach().reshape(-1).tolist() for n in ORDER}}


SCHEDULERS = [
    ("step", "StepLR", {"step_size": 3, "gamma": 0.5}),
    ("step_default_gamma", "StepLR", {"step_size": 2}),
    ("cosine", "CosineAnnealingLR", {"T_max": 4, "eta_min": 0.01}),
    ("cosine_default", "CosineAnnealingLR", {"T_max": 5}),
    ("linear", "LinearLR", {"start_factor": 0.25, "end_factor": 1.0, "total_iters": 4}),
    ("linear_default", "LinearLR", {}),
    ("linear_down", "LinearLR", {"start_factor": 1.0, "end_factor": 0.1, "total_iters": 6}),
]


def run_scheduler(name, cls, kwargs):
    a = torch.zeros(2, requires_grad=True)
    b = torch.zeros(2, requires_grad=True)
    opt = torch.optim.SGD([{"params": [a]}, {"params": [b], "lr": 0.03}], lr=0.1)
    sched = getattr(torch.optim.lr_scheduler, cls)(opt, **kwargs)
    lrs = [sched.get_last_lr()]
    for _ in range(12):
        opt.step()
        sched.step()
        lrs.append(sched.get_last_lr())
    return {"name": name, "scheduler": cls, "args": kwargs, "lrs": lrs}


CLIPS = [
    ("norm2_clipped", 1.0, 2.0),
    ("norm2_unclipped", 100.0, 2.0),
    ("norm1", 0.5, 1.0),
    ("norm3", 0.7, 3.0),
    ("norm_inf", 0.25, "inf"),
]


def run_clip(name, max_norm, norm_type):
    params = fresh_params()
    loss_fn(params).backward()
    grads_before = {n: (params[n].grad.reshape(-1).tolist() if params[n].grad is not None else None) for n in ORDER}
    total = torch.nn.utils.clip_grad_norm_([params[n] for n in ORDER], max_norm,
                                           float("inf") if norm_type == "inf" else norm_type)
    return {"name": name, "max_norm": max_norm, "norm_type": norm_type, "grads_before": grads_before,
            "total_norm": total.item(),
            "grads": {n: params[n].grad.reshape(-1).tolist() for n in ORDER if params[n].grad is not None}}


ERRORS = [
    ("SGD", {"lr": -0.1}), ("SGD", {"lr": 0.1, "momentum": -0.5}), ("SGD", {"lr": 0.1, "weightDecay": -1e-05}),
    ("SGD", {"lr": 0.1, "nesterov": True}), ("SGD", {"lr": 0.1, "momentum": 0.9, "dampening": 0.1, "nesterov": True}),
    ("Adam", {"lr": -0.001}), ("Adam", {"eps": -1e-08}), ("Adam", {"betas": [1.0, 0.999]}),
    ("Adam", {"betas": [0.9, -0.5]}), ("Adam", {"weightDecay": -0.01}), ("AdamW", {"weightDecay": -0.01}),
    ("RMSprop", {"lr": -0.01}), ("RMSprop", {"alpha": -0.99}), ("RMSprop", {"momentum": -1.0}),
    ("RMSprop", {"eps": -1e-8}), ("RMSprop", {"weightDecay": -2.0}),
    ("Adagrad", {"lrDecay": -0.1}), ("Adagrad", {"initialAccumulatorValue": -1.0}), ("Adagrad", {"eps": -1e-10}),
    ("Adagrad", {"lr": -1e20}),
]


def run_error(opt_name, options):
    try:
        OPTIMIZERS[opt_name]([torch.zeros(2, requires_grad=True)], **py_options(options))
    except ValueError as e:
        return {"optimizer": opt_name, "options": options, "message": str(e)}
    raise AssertionError("no error for %s %s" % (opt_name, options))


def main():
    fixtures = {
        "init": INIT, "shapes": SHAPES, "order": ORDER, "X": X, "Y": Y,
        "optim_cases": [run_case(*c) for c in CASES],
        "scheduler_cases": [run_scheduler(*c) for c in SCHEDULERS],
        "clip_cases": [run_clip(*c) for c in CLIPS],
        "errors": [run_error(*c) for c in ERRORS],
    }
    with open(OUT_PATH, "w") as f:
        json.dump(fixtures, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
