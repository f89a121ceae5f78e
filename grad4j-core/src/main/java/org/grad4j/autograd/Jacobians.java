package org.grad4j.autograd;

import static org.grad4j.autograd.FunctionalInputs.concat;
import static org.grad4j.autograd.FunctionalInputs.oneHot;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.grad4j.Tensor;

/**
 * The two ways to build derivatives that {@link Functional} chooses between. Reverse mode gets a
 * Jacobian one row per output element (one backward pass each); forward mode one column per
 * input element (one forward pass with a one-hot tangent each). Jacobian-vector products run in
 * forward mode when no forward-AD level is open yet, and otherwise by the double-backward trick
 * (grad4j has one level at a time, as PyTorch 1.13), so the transforms nest in any order.
 */
final class Jacobians {
    private Jacobians() {
    }

    /** Outputs of a function and their tangents (zeros where an output does not depend on the inputs). */
    record Jvp(List<Tensor> outputs, List<Tensor> tangents) {
    }

    /**
     * Reverse mode: {@code J[i][j]} of shape {@code outputs[i].shape + inputs[j].shape}, with
     * {@code inputs} the tensors the outputs were computed from (they require grad).
     */
    static List<List<Tensor>> reverse(List<Tensor> outputs, List<Tensor> inputs, boolean createGraph, boolean strict) {
        List<List<Tensor>> jacobian = new ArrayList<>(outputs.size());
        for (int i = 0; i < outputs.size(); i++) {
            Tensor out = outputs.get(i);
            List<List<Tensor>> rows = new ArrayList<>();
            for (int j = 0; j < inputs.size(); j++) {
                rows.add(new ArrayList<>());
            }
            for (long k = 0; k < out.numel(); k++) {
                List<Tensor> row = FunctionalInputs.grad(List.of(out), inputs, List.of(oneHot(out, k)), createGraph);
                for (int j = 0; j < inputs.size(); j++) {
                    Tensor g = row.get(j);
                    if (g == null) {
                        if (strict) {
                            throw new IllegalArgumentException("Output " + i + " of the user-provided function is "
                                    + "independent of input " + j + ". This is not allowed in strict mode.");
                        }
                        g = Tensor.zerosLike(inputs.get(j));
                    } else if (strict && createGraph && !g.requiresGrad()) {
                        // PyTorch 1.13 names the output's index here.
                        throw new IllegalArgumentException("The jacobian of the user-provided function is independent "
                                + "of input " + i + ". This is not allowed in strict mode when create_graph=True.");
                    }
                    rows.get(j).add(g);
                }
            }
            List<Tensor> blocks = new ArrayList<>(inputs.size());
            for (int j = 0; j < inputs.size(); j++) {
                long[] shape = concat(out.shape(), inputs.get(j).shape());
                blocks.add(rows.get(j).isEmpty() ? Tensor.zeros(shape, inputs.get(j).dtype())
                        : Tensor.stack(rows.get(j), 0).reshape(shape));
            }
            jacobian.add(blocks);
        }
        return jacobian;
    }

    /** Forward mode: one JVP per input element; {@code J[i][j]} has the output's dtype. */
    static List<List<Tensor>> forward(Function<List<Tensor>, List<Tensor>> f, List<Tensor> inputs) {
        List<List<List<Tensor>>> columns = new ArrayList<>();
        List<Tensor> outputs = null;
        for (int j = 0; j < inputs.size(); j++) {
            Tensor input = inputs.get(j);
            for (long k = 0; k < input.numel(); k++) {
                List<Tensor> tangents = new ArrayList<>();
                for (int m = 0; m < inputs.size(); m++) {
                    tangents.add(m == j ? oneHot(input, k) : null);
                }
                Jvp jvp = jvp(f, inputs, tangents);
                if (outputs == null) {
                    outputs = jvp.outputs();
                    for (int i = 0; i < outputs.size(); i++) {
                        List<List<Tensor>> perInput = new ArrayList<>();
                        for (int m = 0; m < inputs.size(); m++) {
                            perInput.add(new ArrayList<>());
                        }
                        columns.add(perInput);
                    }
                }
                for (int i = 0; i < outputs.size(); i++) {
                    columns.get(i).get(j).add(jvp.tangents().get(i));
                }
            }
        }
        if (outputs == null) {
            // Every input is empty: the shapes still come from one evaluation.
            try (var off = Autograd.noGrad()) {
                outputs = f.apply(inputs);
            }
        }
        List<List<Tensor>> jacobian = new ArrayList<>(outputs.size());
        for (int i = 0; i < outputs.size(); i++) {
            Tensor out = outputs.get(i);
            List<Tensor> blocks = new ArrayList<>(inputs.size());
            for (int j = 0; j < inputs.size(); j++) {
                long[] shape = concat(out.shape(), inputs.get(j).shape());
                List<Tensor> cols = columns.isEmpty() ? List.of() : columns.get(i).get(j);
                blocks.add(cols.isEmpty() ? Tensor.zeros(shape, out.dtype())
                        : Tensor.stack(cols, out.dim()).reshape(shape));
            }
            jacobian.add(blocks);
        }
        return jacobian;
    }

    /**
     * The outputs of {@code f} at {@code inputs} and their directional derivatives along
     * {@code tangents} (a null tangent is a zero one). Tangents and outputs stay linked to the
     * inputs' graph and outer tangents, for the caller to detach.
     */
    static Jvp jvp(Function<List<Tensor>, List<Tensor>> f, List<Tensor> inputs, List<Tensor> tangents) {
        return ForwardAD.isActive() ? doubleBackwardJvp(f, inputs, tangents, true, false) : forwardJvp(f, inputs, tangents);
    }

    /** One forward pass with dual inputs. */
    static Jvp forwardJvp(Function<List<Tensor>, List<Tensor>> f, List<Tensor> inputs, List<Tensor> tangents) {
        try (var level = ForwardAD.dualLevel()) {
            List<Tensor> duals = new ArrayList<>(inputs.size());
            for (int j = 0; j < inputs.size(); j++) {
                Tensor t = tangents.get(j);
                duals.add(t == null ? inputs.get(j) : ForwardAD.makeDual(inputs.get(j), t.to(inputs.get(j).dtype())));
            }
            List<Tensor> outs = f.apply(duals);
            List<Tensor> primals = new ArrayList<>(outs.size());
            List<Tensor> outTangents = new ArrayList<>(outs.size());
            for (Tensor out : outs) {
                ForwardAD.UnpackedDual unpacked = ForwardAD.unpackDual(out);
                primals.add(unpacked.primal());
                outTangents.add(unpacked.tangent() != null ? unpacked.tangent() : Tensor.zerosLike(out));
            }
            return new Jvp(primals, outTangents);
        }
    }

    /**
     * The double-backward trick PyTorch's {@code autograd.functional.jvp} uses: with
     * {@code g(u) = J^T u} (linear in u), {@code J v = d<g(u), v>/du}. Needs only reverse mode, so
     * it works inside an open forward-AD level and gives PyTorch's strict-mode checks.
     */
    static Jvp doubleBackwardJvp(Function<List<Tensor>, List<Tensor>> f, List<Tensor> inputs, List<Tensor> tangents,
                                 boolean createGraph, boolean strict) {
        try (var on = Autograd.enableGrad()) {
            List<Tensor> xs = FunctionalInputs.differentiable(inputs, createGraph);
            List<Tensor> outs = f.apply(xs);
            FunctionalInputs.requireDifferentiableOutputs(outs, strict);
            List<Tensor> us = new ArrayList<>(outs.size());
            for (Tensor out : outs) {
                us.add(Tensor.zerosLike(out).requiresGrad_());
            }
            List<Tensor> gradInputs = FunctionalInputs.grad(outs, xs, us, true);
            if (strict) {
                for (int j = 0; j < gradInputs.size(); j++) {
                    if (gradInputs.get(j) == null) {
                        throw new IllegalArgumentException("The output of the user-provided function is independent of "
                                + "input " + j + ". This is not allowed in strict mode.");
                    }
                    if (!gradInputs.get(j).requiresGrad()) {
                        throw new IllegalArgumentException("The gradient with respect to input " + j + " is independent "
                                + "of the inputs of the user-provided function. This is not allowed in strict mode.");
                    }
                }
            }
            List<Tensor> vs = new ArrayList<>(tangents.size());
            for (int j = 0; j < tangents.size(); j++) {
                vs.add(tangents.get(j) != null ? tangents.get(j) : Tensor.zerosLike(inputs.get(j)));
            }
            try (var mode = Autograd.setGradEnabled(createGraph)) {
                List<Tensor> jv = FunctionalInputs.grad(gradInputs, us, vs, createGraph);
                return new Jvp(outs, FunctionalInputs.fillInZeros(jv, outs, strict, createGraph,
                        FunctionalInputs.Stage.BACK_TRICK));
            }
        }
    }

    /**
     * The gradient of a one-element output (null where it does not depend on an input), with its
     * graph kept: the inner Jacobian of a Hessian. Checks as PyTorch does; {@code caller} names the
     * API in messages.
     */
    static List<Tensor> gradientOfScalar(Tensor out, List<Tensor> xs, boolean strict, String caller) {
        FunctionalInputs.requireDifferentiableOutputs(List.of(out), strict);
        if (out.numel() != 1) {
            throw new IllegalArgumentException("The Tensor returned by the function given to " + caller
                    + " should contain a single element");
        }
        return FunctionalInputs.grad(List.of(out), xs, null, true);
    }

    /** Strict mode for a Hessian: the gradient must exist and itself depend on the inputs. */
    static void requireDependentJacobian(List<Tensor> gradient, boolean strict) {
        if (!strict) {
            return;
        }
        for (int j = 0; j < gradient.size(); j++) {
            if (gradient.get(j) == null) {
                throw new IllegalArgumentException("The output of the user-provided function is independent of input "
                        + j + ". This is not allowed in strict mode.");
            }
            if (!gradient.get(j).requiresGrad()) {
                throw new IllegalArgumentException("While computing the hessian, found that the jacobian of the "
                        + "user-provided function with respect to input " + j + " is independent of the input. This is "
                        + "not allowed in strict mode. You should ensure that your function is twice differentiable and "
                        + "that the jacobian depends on the inputs (this would be violated by a linear function for "
                        + "example).");
            }
        }
    }
}
