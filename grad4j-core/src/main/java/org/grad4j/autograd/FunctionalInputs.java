package org.grad4j.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.grad4j.Tensor;

/**
 * The bookkeeping around {@link Functional}'s derivatives, PyTorch's {@code _grad_preprocess},
 * {@code _validate_v}, {@code _check_requires_grad} and {@code _fill_in_zeros}: fresh input
 * tensors to differentiate with respect to, validation of the vectors, strict-mode checks with
 * PyTorch's wording, and zeros for inputs a result does not depend on.
 */
final class FunctionalInputs {
    private FunctionalInputs() {
    }

    /** True when {@code t} carries a tangent of the open forward-AD level. */
    static boolean hasTangent(Tensor t) {
        return ForwardAD.isActive() && ForwardAD.unpackDual(t).tangent() != null;
    }

    /** True when a derivative of these inputs must stay linked to them: they require grad or carry a tangent. */
    static boolean linked(List<Tensor> xs) {
        for (Tensor x : xs) {
            if (x.requiresGrad() || hasTangent(x)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A new tensor object that requires grad, so the derivative is taken with respect to exactly
     * this argument (not to the same tensor captured by the function). With {@code keepLinks} it is
     * a view of {@code x}, so gradients flow back to {@code x} and {@code x}'s tangent rides along
     * (what nesting needs); otherwise a detached copy, as PyTorch does without {@code create_graph}.
     */
    static Tensor differentiable(Tensor x, boolean keepLinks) {
        if (keepLinks && (x.requiresGrad() || hasTangent(x))) {
            Tensor view = x.view(x.shape());
            return view.requiresGrad() ? view : view.requiresGrad_();
        }
        return x.detach().requiresGrad_();
    }

    static List<Tensor> differentiable(List<Tensor> xs, boolean keepLinks) {
        List<Tensor> result = new ArrayList<>(xs.size());
        for (Tensor x : xs) {
            result.add(differentiable(x, keepLinks));
        }
        return result;
    }

    /** The vectors {@code v}: kept linked under {@code createGraph}, detached otherwise. */
    static List<Tensor> vectors(List<Tensor> vs, boolean createGraph) {
        List<Tensor> result = new ArrayList<>(vs.size());
        for (Tensor v : vs) {
            result.add(createGraph && (v.requiresGrad() || hasTangent(v)) ? v.view(v.shape()) : v.detach());
        }
        return result;
    }

    /** Results handed back to the caller: with history only when the caller asked for it. */
    static List<Tensor> finish(List<Tensor> ts, boolean createGraph) {
        if (createGraph) {
            return ts;
        }
        List<Tensor> result = new ArrayList<>(ts.size());
        for (Tensor t : ts) {
            result.add(t.detach());
        }
        return result;
    }

    /** {@code _validate_v}: one vector per reference tensor, each of the reference's shape. */
    static void validateV(List<Tensor> v, List<Tensor> other, boolean isTuple) {
        if (v.size() != other.size()) {
            throw new IllegalArgumentException(isTuple
                    ? "v is a tuple of invalid length: should be " + other.size() + " but got " + v.size() + "."
                    : "The given v should contain a single Tensor.");
        }
        for (int i = 0; i < v.size(); i++) {
            if (!Arrays.equals(v.get(i).shape(), other.get(i).shape())) {
                throw new IllegalArgumentException((isTuple ? "Entry " + i + " in " : "") + "v has invalid size: should be "
                        + size(other.get(i)) + " but got " + size(v.get(i)) + ".");
            }
        }
    }

    /** The default {@code v} of a single one-element tensor, or PyTorch's error naming {@code what}. */
    static List<Tensor> defaultV(List<Tensor> reference, String message) {
        if (reference.size() != 1 || reference.get(0).numel() != 1) {
            throw new IllegalArgumentException(message);
        }
        return List.of(Tensor.onesLike(reference.get(0)));
    }

    /** Strict mode: every output must depend differentiably on the inputs. */
    static void requireDifferentiableOutputs(List<Tensor> outputs, boolean strict) {
        if (!strict) {
            return;
        }
        for (int i = 0; i < outputs.size(); i++) {
            if (!outputs.get(i).requiresGrad()) {
                throw new IllegalArgumentException("Output " + i + " of the user-provided function does not require "
                        + "gradients. The outputs must be computed in a differentiable manner from the input when "
                        + "running in strict mode.");
            }
        }
    }

    /** The stages of {@code _fill_in_zeros}, each with PyTorch's strict-mode messages. */
    enum Stage {
        BACK("The output of the user-provided function is independent of input %d. This is not allowed in strict mode.",
                "The jacobian of the user-provided function is independent of input %d. This is not allowed in strict "
                        + "mode when create_graph=True."),
        BACK_TRICK("The gradient with respect to the input is independent of entry %d in the grad_outputs when using "
                + "the double backward trick to compute forward mode gradients. This is not allowed in strict mode.",
                "The jacobian of the user-provided function is independent of input %d. This is not allowed in strict "
                        + "mode when create_graph=True."),
        DOUBLE_BACK("The jacobian of the user-provided function is independent of input %d. This is not allowed in "
                + "strict mode.", "The hessian of the user-provided function is independent of input %d. This is not "
                + "allowed in strict mode when create_graph=True."),
        DOUBLE_BACK_TRICK("The hessian of the user-provided function is independent of entry %d in the grad_jacobian. "
                + "This is not allowed in strict mode as it prevents from using the double backward trick to replace "
                + "forward mode AD.", "The hessian of the user-provided function is independent of input %d. This is "
                + "not allowed in strict mode when create_graph=True.");

        private final String missing;
        private final String constant;

        Stage(String missing, String constant) {
            this.missing = missing;
            this.constant = constant;
        }
    }

    /** {@code _fill_in_zeros}: zeros shaped like {@code refs} for missing results; strict mode refuses them. */
    static List<Tensor> fillInZeros(List<Tensor> grads, List<Tensor> refs, boolean strict, boolean createGraph, Stage stage) {
        List<Tensor> result = new ArrayList<>(grads.size());
        for (int i = 0; i < grads.size(); i++) {
            Tensor g = grads.get(i);
            if (g == null) {
                if (strict) {
                    throw new IllegalArgumentException(String.format(stage.missing, i));
                }
                g = Tensor.zerosLike(refs.get(i));
            } else if (strict && createGraph && !g.requiresGrad()) {
                throw new IllegalArgumentException(String.format(stage.constant, i));
            }
            result.add(g);
        }
        return result;
    }

    /**
     * {@code _autograd_grad}: {@link Autograd#grad} that skips outputs that are null or do not
     * require grad (all-null result when none is left) and allows unused inputs. Keeps the graph.
     */
    static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs, List<Tensor> gradOutputs, boolean createGraph) {
        List<Tensor> kept = new ArrayList<>();
        List<Tensor> keptGrads = gradOutputs == null ? null : new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            Tensor out = outputs.get(i);
            if (out != null && out.requiresGrad()) {
                kept.add(out);
                if (keptGrads != null) {
                    keptGrads.add(gradOutputs.get(i));
                }
            }
        }
        if (kept.isEmpty()) {
            return Arrays.asList(new Tensor[inputs.size()]);
        }
        return Autograd.grad(kept, inputs, keptGrads, true, createGraph, true);
    }

    /** A tensor shaped like {@code like} with a one at flat position {@code k}. */
    static Tensor oneHot(Tensor like, long k) {
        double[] basis = new double[Math.toIntExact(like.numel())];
        basis[Math.toIntExact(k)] = 1;
        return Tensor.of(basis, like.dtype()).reshape(like.shape());
    }

    /** {@code a.shape + b.shape}. */
    static long[] concat(long[] a, long[] b) {
        long[] shape = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, shape, a.length, b.length);
        return shape;
    }

    /** PyTorch's {@code torch.Size([3, 2])}. */
    static String size(Tensor t) {
        return "torch.Size(" + Arrays.toString(t.shape()) + ")";
    }
}
