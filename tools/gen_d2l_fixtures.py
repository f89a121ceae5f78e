"""Generates the golden fixtures for grad4j's D2LChapterTest.

Runs every PyTorch code cell of "Dive into Deep Learning", chapter "Automatic Differentiation"
(chapter_preliminaries/autograd), in order, plus the chapter's exercises and the behaviours its
discussion points at (backward twice, retain_graph, second derivatives, non-scalar backward,
grad_fn graphs, no_grad, the sin/cos exercise, a small linear-regression gradient), and records
what PyTorch printed: exact ``repr()`` strings, error messages, scalar values, shapes, booleans.

Run with PyTorch 1.13: ``/usr/bin/python3 tools/gen_d2l_fixtures.py``
Writes grad4j-core/src/test/resources/fixtures/d2l.json (deterministic: no random numbers; the
chapter's ``a = torch.randn(size=(), requires_grad=True)`` is replayed with fixed values of ``a``).

JSON layout: {"torch_version": str, "steps": [{"id": str, "code": str, "expect": {name: value}}]}
where a value is a repr string, an error message, a number, a boolean, a list (shapes,
grad_fn names with None as null) or null. ``code`` is the PyTorch the step ran.
"""

import json
import math
import os
import warnings

import torch

OUT_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "grad4j-core", "src", "test",
                        "resources", "fixtures", "d2l.json")

# Fixed stand-ins for the chapter's random scalar a (both branches of f: b.sum() > 0 and <= 0).
CONTROL_FLOW_SCALARS = [0.5, 1.2345, -0.3, -2.0, 1500.0]
# A vector a for the exercise "change a to a random vector": f(a) is then no longer a scalar.
CONTROL_FLOW_VECTOR = [0.1, -0.2, 0.3]
# Points at which the second derivative of x^3 (= 6x) is checked.
SECOND_DERIVATIVE_POINTS = [-1.5, 0.5, 2.0]

steps = []


def step(step_id, code, **expect):
    steps.append({"id": step_id, "code": code, "expect": expect})


def error_message(action):
    """Runs action, which must raise RuntimeError, and returns PyTorch's message."""
    try:
        action()
    except RuntimeError as e:
        return str(e)
    raise AssertionError("expected a RuntimeError")


def node_name(node):
    """The node's Python class name, as in <MulBackward0 object at ...>; it equals name() except for
    AccumulateGrad, whose name() carries the C++ namespace (torch::autograd::AccumulateGrad)."""
    return None if node is None else type(node).__name__


def next_function_names(tensor):
    return [node_name(node) for node, _ in tensor.grad_fn.next_functions]


def simple_function():
    x = torch.arange(4.0)
    step("simple.arange", "x = torch.arange(4.0)\nx", x=repr(x))

    returned = x.requires_grad_(True)
    step("simple.requires_grad", "x.requires_grad_(True)\nx.grad",
         returned=repr(returned), returns_self=returned is x, grad_is_none=x.grad is None,
         requires_grad=x.requires_grad, is_leaf=x.is_leaf)

    y = 2 * torch.dot(x, x)
    step("simple.dot", "y = 2 * torch.dot(x, x)\ny",
         y=repr(y), shape=list(y.shape), grad_fn=node_name(y.grad_fn), next_functions=next_function_names(y),
         dot_next_functions=[node_name(n) for n, _ in y.grad_fn.next_functions[0][0].next_functions])

    y.backward()
    step("simple.backward", "y.backward()\nx.grad", grad=repr(x.grad))

    step("simple.grad_equals_4x", "x.grad == 4 * x", eq=repr(x.grad == 4 * x))

    zeroed = repr(x.grad.zero_())
    y = x.sum()
    y_repr = repr(y)
    y.backward()
    step("simple.sum", "x.grad.zero_()  # Reset the gradient\ny = x.sum()\ny.backward()\nx.grad",
         zeroed=zeroed, y=y_repr, next_functions=next_function_names(y), grad=repr(x.grad))
    return x


def non_scalar(x):
    x.grad.zero_()
    y = x * x
    y_repr = repr(y)
    y.backward(gradient=torch.ones(len(y)))
    step("nonscalar.backward_with_gradient",
         "x.grad.zero_()\ny = x * x\ny.backward(gradient=torch.ones(len(y)))  # Faster: y.sum().backward()\nx.grad",
         y=y_repr, next_functions=next_function_names(y), grad=repr(x.grad))

    x.grad.zero_()
    y = x * x
    y.sum().backward()
    step("nonscalar.sum_backward", "x.grad.zero_()\ny = x * x\ny.sum().backward()\nx.grad", grad=repr(x.grad))

    grad_before = repr(x.grad)
    y = x * x
    message = error_message(lambda: y.backward())
    step("nonscalar.backward_without_gradient", "y = x * x\ny.backward()  # RuntimeError",
         error=message, grad_unchanged=repr(x.grad) == grad_before, grad=repr(x.grad))


def detaching(x):
    x.grad.zero_()
    y = x * x
    u = y.detach()
    z = u * x
    step("detach.detach", "x.grad.zero_()\ny = x * x\nu = y.detach()\nz = u * x",
         u=repr(u), u_requires_grad=u.requires_grad, u_grad_fn_is_none=u.grad_fn is None,
         u_shares_storage_with_y=u.data_ptr() == y.data_ptr(), z=repr(z), z_next_functions=next_function_names(z))

    z.sum().backward()
    step("detach.grad_equals_u", "z.sum().backward()\nx.grad == u", eq=repr(x.grad == u), grad=repr(x.grad))

    x.grad.zero_()
    y.sum().backward()
    step("detach.y_still_has_graph", "x.grad.zero_()\ny.sum().backward()\nx.grad == 2 * x",
         eq=repr(x.grad == 2 * x), grad=repr(x.grad))


def f(a):
    b = a * 2
    while b.norm() < 1000:
        b = b * 2
    if b.sum() > 0:
        c = b
    else:
        c = 100 * b
    return c


def control_flow():
    for value in CONTROL_FLOW_SCALARS:
        a = torch.tensor(value, requires_grad=True)
        d = f(a)
        d.backward()
        step("control_flow.scalar[%s]" % value,
             "a = torch.tensor(%r, requires_grad=True)  # stands in for torch.randn(size=(), requires_grad=True)\n"
             "d = f(a)\nd.backward()\na.grad == d / a" % value,
             a_value=value, a=repr(a), d=repr(d), d_value=d.item(), grad=repr(a.grad), grad_value=a.grad.item(),
             eq=repr(a.grad == d / a), shape=list(a.shape))

    a = torch.tensor(CONTROL_FLOW_VECTOR, requires_grad=True)
    d = f(a)
    message = error_message(lambda: d.backward())
    d.sum().backward()
    step("control_flow.vector",
         "a = torch.tensor(%r, requires_grad=True)\nd = f(a)\nd.backward()  # RuntimeError\n"
         "d.sum().backward()\na.grad == d / a" % CONTROL_FLOW_VECTOR,
         a_values=CONTROL_FLOW_VECTOR, d=repr(d), error=message, grad=repr(a.grad), eq=repr(a.grad == d / a))


def backward_twice():
    x = torch.arange(4.0, requires_grad=True)
    y = 2 * torch.dot(x, x)
    y.backward()
    message = error_message(lambda: y.backward())
    step("exercise.backward_twice",
         "x = torch.arange(4.0, requires_grad=True)\ny = 2 * torch.dot(x, x)\ny.backward()\n"
         "y.backward()  # RuntimeError\nx.grad",
         error=message, grad=repr(x.grad))

    x = torch.arange(4.0, requires_grad=True)
    y = x.sum()
    y.backward()
    y.backward()
    step("exercise.backward_twice_nothing_saved",
         "x = torch.arange(4.0, requires_grad=True)\ny = x.sum()  # SumBackward0 saves no tensors\n"
         "y.backward()\ny.backward()\nx.grad",
         grad=repr(x.grad))

    x = torch.arange(4.0, requires_grad=True)
    y = 2 * torch.dot(x, x)
    y.backward(retain_graph=True)
    first = repr(x.grad)
    y.backward()
    step("exercise.retain_graph",
         "x = torch.arange(4.0, requires_grad=True)\ny = 2 * torch.dot(x, x)\ny.backward(retain_graph=True)\n"
         "x.grad\ny.backward()  # gradients accumulate\nx.grad",
         grad_after_first=first, grad_after_second=repr(x.grad))


def second_derivative():
    for value in SECOND_DERIVATIVE_POINTS:
        x = torch.tensor(value, requires_grad=True)
        y = x ** 3
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # create_graph=True with backward() warns about a reference cycle
            y.backward(create_graph=True)
        first = x.grad
        second, = torch.autograd.grad(first, x)
        step("exercise.second_derivative[%s]" % value,
             "x = torch.tensor(%r, requires_grad=True)\ny = x ** 3\ny.backward(create_graph=True)\n"
             "x.grad.detach()  # 3x^2\ntorch.autograd.grad(x.grad, x)  # 6x" % value,
             x_value=value, y=repr(y), first=repr(first.detach()), first_value=first.item(),
             first_requires_grad=first.requires_grad, second=repr(second), second_value=second.item(),
             six_x=6 * value)

    x = torch.tensor(SECOND_DERIVATIVE_POINTS, requires_grad=True)
    y = x ** 3
    dy, = torch.autograd.grad(y.sum(), x, create_graph=True)
    d2y, = torch.autograd.grad(dy.sum(), x)
    step("exercise.second_derivative_vector",
         "x = torch.tensor(%r, requires_grad=True)\ny = x ** 3\n"
         "dy, = torch.autograd.grad(y.sum(), x, create_graph=True)\nd2y, = torch.autograd.grad(dy.sum(), x)"
         % SECOND_DERIVATIVE_POINTS,
         x_values=SECOND_DERIVATIVE_POINTS, dy=repr(dy), d2y=repr(d2y), d2y_equals_6x=repr(d2y == 6 * x), x_grad_is_none=x.grad is None)


def linear_regression():
    w = torch.tensor(4.0, requires_grad=True)
    b = torch.tensor(2.0, requires_grad=True)
    x = torch.tensor(2.0)
    y = torch.tensor(7.0)
    wx = w * x
    prediction = wx + b
    error = prediction - y
    loss = error ** 2
    chain = [
        {"name": node_name(t.grad_fn), "next_functions": next_function_names(t)}
        for t in (loss, error, prediction, wx)
    ]
    step("graph.linear_regression_forward",
         "w = torch.tensor(4.0, requires_grad=True)\nb = torch.tensor(2.0, requires_grad=True)\n"
         "x = torch.tensor(2.0)\ny = torch.tensor(7.0)\nL = (w * x + b - y) ** 2\n"
         "L.grad_fn, L.grad_fn.next_functions, ...",
         loss=repr(loss), loss_grad_fn=node_name(loss.grad_fn), chain=chain, w=repr(w), x=repr(x),
         w_is_leaf=w.is_leaf, loss_is_leaf=loss.is_leaf, x_requires_grad=x.requires_grad,
         x_grad_fn_is_none=x.grad_fn is None, w_grad_fn_is_none=w.grad_fn is None)

    loss.backward()
    step("graph.linear_regression_backward", "L.backward()\nw.grad, b.grad  # dL/dw = 2(wx+b-y)x, dL/db = 2(wx+b-y)",
         w_grad=repr(w.grad), b_grad=repr(b.grad), w_grad_value=w.grad.item(), b_grad_value=b.grad.item(),
         x_grad_is_none=x.grad is None)


def no_grad():
    x = torch.arange(4.0, requires_grad=True)
    enabled_before = torch.is_grad_enabled()
    with torch.no_grad():
        enabled_inside = torch.is_grad_enabled()
        y = x * 2
    z = x * 2
    step("graph.no_grad",
         "x = torch.arange(4.0, requires_grad=True)\nwith torch.no_grad():\n    y = x * 2\nz = x * 2",
         enabled_before=enabled_before, enabled_inside=enabled_inside, enabled_after=torch.is_grad_enabled(),
         y=repr(y), y_requires_grad=y.requires_grad, y_grad_fn_is_none=y.grad_fn is None, y_is_leaf=y.is_leaf,
         x_requires_grad=x.requires_grad, z=repr(z), z_requires_grad=z.requires_grad)


def sin_derivative():
    x = torch.linspace(-5, 5, 100, requires_grad=True)
    y = torch.sin(x)
    y.sum().backward()
    max_diff = (x.grad - torch.cos(x.detach())).abs().max().item()
    step("exercise.sin_derivative",
         "x = torch.linspace(-5, 5, 100, requires_grad=True)\ny = torch.sin(x)\ny.sum().backward()\n"
         "(x.grad - torch.cos(x)).abs().max(), x.grad[:5]",
         x_head=repr(x.detach()[:5]), grad_head=repr(x.grad[:5]), y_grad_fn=node_name(y.grad_fn),
         shape=list(x.grad.shape), max_abs_diff=max_diff, tolerance=1e-6, within_tolerance=max_diff < 1e-6)


def main():
    x = simple_function()
    non_scalar(x)
    detaching(x)
    control_flow()
    backward_twice()
    second_derivative()
    linear_regression()
    no_grad()
    sin_derivative()
    with open(OUT_PATH, "w") as out:
        json.dump({"torch_version": torch.__version__, "steps": steps}, out, indent=1)
        out.write("\n")
    print("wrote %d steps to %s" % (len(steps), os.path.normpath(OUT_PATH)))


if __name__ == "__main__":
    main()
