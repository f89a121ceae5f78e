package org.grad4j;

import java.util.Arrays;
import java.util.List;
import org.grad4j.autograd.Autograd;
import org.grad4j.autograd.ForwardAD;
import org.grad4j.autograd.GradModeScope;
import org.grad4j.internal.DualTensors;
import org.grad4j.internal.tensor.Shapes;

/**
 * Tangents for forward-mode AD, and how an op's output gets one.
 *
 * <p>Note [JVP from the backward rule]: every op's backward rule computes the vector-Jacobian
 * product {@code g -> J^T g} with differentiable Tensor ops, and it is linear in {@code g}. So
 * the Jacobian-vector product follows from the same rule: with {@code s(g) = sum_i <J_i^T g, t_i>},
 * {@code ds/dg = sum_i J_i t_i}. {@link #propagate} evaluates the rule once on a zero cotangent that
 * requires grad and differentiates the pairing: one rule declaration serves reverse mode, forward
 * mode and (since the rule is differentiable) any nesting of the two.
 */
final class Dual implements DualTensors.Access {
    /** While positive, this thread is inside a tangent computation, whose own ops carry no tangents. */
    private static final ThreadLocal<int[]> SUSPENDED = ThreadLocal.withInitial(() -> new int[1]);

    static final Dual ACCESS = new Dual();

    private Dual() {
    }

    static boolean hasTangent(Tensor t) {
        return t != null && liveTangent(t) != null;
    }

    static boolean anyTangent(Tensor[] tensors) {
        for (Tensor t : tensors) {
            if (hasTangent(t)) {
                return true;
            }
        }
        return false;
    }

    /** In-place ops do not propagate tangents yet, so they refuse dual tensors rather than drop a tangent. */
    static void requireNoTangent(Tensor... tensors) {
        if (!ForwardAD.isActive()) {
            return;
        }
        for (Tensor t : tensors) {
            if (hasTangent(t)) {
                throw new IllegalStateException("in-place operations on dual tensors are not supported by grad4j's "
                        + "forward AD yet; use the out-of-place op");
            }
        }
    }

    private static Tensor liveTangent(Tensor t) {
        if (t.tangent == null || t.tangentLevel != ForwardAD.currentLevel() || SUSPENDED.get()[0] > 0) {
            return null;
        }
        return t.tangent;
    }

    /** Gives {@code out} the tangent sum_i J_i t_i of the op whose backward rule is {@code rule}; see the note above. */
    static void propagate(Tensor out, String name, OpNode.BackwardRule rule, Tensor[] inputs, Tensor[] saved) {
        int[] suspension = SUSPENDED.get();
        if (suspension[0] > 0 || !out.dtype().isFloatingPoint()) {
            return;
        }
        Tensor[] tangents = new Tensor[inputs.length];
        boolean[] wanted = new boolean[inputs.length];
        boolean any = false;
        for (int i = 0; i < inputs.length; i++) {
            tangents[i] = inputs[i] == null ? null : liveTangent(inputs[i]);
            wanted[i] = tangents[i] != null;
            any |= wanted[i];
        }
        if (!any) {
            return;
        }
        // Keep the tangent differentiable when a later backward pass may need it (reverse over forward).
        boolean createGraph = Autograd.isGradEnabled()
                && (OpNode.recordsBackward(tangents) || OpNode.recordsBackward(inputs));
        Tensor result;
        suspension[0]++;
        try (GradModeScope on = Autograd.enableGrad()) {
            Tensor cotangent = Tensor.zeros(out.shape(), out.dtype()).requiresGrad_();
            Tensor[] vjps = rule.apply(OpNode.probe(name, rule, inputs, wanted), cotangent, saved);
            Tensor pairing = null;
            for (int i = 0; i < inputs.length && i < vjps.length; i++) {
                if (wanted[i] && vjps[i] != null) {
                    Tensor term = vjps[i].mul(tangents[i].to(vjps[i].dtype())).sum();
                    pairing = pairing == null ? term : pairing.add(term);
                }
            }
            result = pairing == null || !pairing.requiresGrad() ? null
                    : Autograd.grad(List.of(pairing), List.of(cotangent), null, false, createGraph, true).get(0);
        } finally {
            suspension[0]--;
        }
        if (result == null) {
            result = Tensor.zeros(out.shape(), out.dtype());
        }
        out.tangent = createGraph ? result : result.detach();
        out.tangentLevel = ForwardAD.currentLevel();
    }

    /**
     * The multi-output form of {@link #propagate}: {@code outputs} all come from {@code input}, and
     * {@code rule} maps the gradients of every output to the gradient of the input.
     */
    static void propagate(List<Tensor> outputs, java.util.function.Function<Tensor[], Tensor> rule, Tensor input) {
        int[] suspension = SUSPENDED.get();
        Tensor tangent = liveTangent(input);
        if (tangent == null || !input.dtype().isFloatingPoint()) {
            return;
        }
        boolean createGraph = Autograd.isGradEnabled() && (tangent.requiresGrad() || input.requiresGrad());
        List<Tensor> results;
        suspension[0]++;
        try (GradModeScope on = Autograd.enableGrad()) {
            Tensor[] cotangents = new Tensor[outputs.size()];
            for (int i = 0; i < cotangents.length; i++) {
                cotangents[i] = Tensor.zeros(outputs.get(i).shape(), outputs.get(i).dtype()).requiresGrad_();
            }
            Tensor pairing = rule.apply(cotangents).mul(tangent.to(input.dtype())).sum();
            results = Autograd.grad(List.of(pairing), List.of(cotangents), null, false, createGraph, true);
        } finally {
            suspension[0]--;
        }
        for (int i = 0; i < outputs.size(); i++) {
            Tensor result = results.get(i) != null ? results.get(i) : Tensor.zeros(outputs.get(i).shape(), outputs.get(i).dtype());
            outputs.get(i).tangent = createGraph ? result : result.detach();
            outputs.get(i).tangentLevel = ForwardAD.currentLevel();
        }
    }

    @Override
    public Tensor makeDual(Tensor primal, Tensor tangent) {
        if (!ForwardAD.isActive()) {
            throw new IllegalStateException("Trying to create a dual Tensor for forward AD but no level exists, make "
                    + "sure to enter_dual_level() first.");
        }
        if (!primal.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("Expected primal to be floating point or complex, but got: "
                    + primal.dtype().torchName());
        }
        if (!Arrays.equals(primal.shape, tangent.shape)) {
            throw new IllegalArgumentException("Trying to set a forward gradient that has a different size than that of "
                    + "the original Tensor, this is not supported. Tensor is of size " + Shapes.format(primal.shape)
                    + " while the given forward gradient is of size " + Shapes.format(tangent.shape) + ".");
        }
        Tensor dual = withoutTangents(() -> primal.view(primal.shape()));
        dual.tangent = tangent;
        dual.tangentLevel = ForwardAD.currentLevel();
        return dual;
    }

    @Override
    public Tensor primal(Tensor t) {
        return liveTangent(t) == null ? t : withoutTangents(() -> t.view(t.shape()));
    }

    @Override
    public Tensor tangent(Tensor t) {
        return liveTangent(t);
    }

    /** Runs {@code op} with tangents hidden: for an op's own forward arithmetic, whose tangent the op records itself. */
    static Tensor withoutTangents(java.util.function.Supplier<Tensor> op) {
        int[] suspension = SUSPENDED.get();
        suspension[0]++;
        try {
            return op.get();
        } finally {
            suspension[0]--;
        }
    }

    /** The tangent as PyTorch's repr appends it ({@code tangent=...}), or null. */
    static String reprSuffix(Tensor t) {
        Tensor tangent = ForwardAD.isActive() ? liveTangent(t) : null;
        if (tangent == null) {
            return null;
        }
        // Python formats a 0-d tensor through item(), as a float.
        return "tangent=" + (tangent.dim() == 0 ? pythonFloat(tangent.item()) : tangent.toString());
    }

    /** Python's repr of a float: shortest digits, scientific outside [1e-4, 1e16). */
    static String pythonFloat(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == 0) {
            return 1 / v < 0 ? "-0.0" : "0.0";
        }
        java.math.BigDecimal d = new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros();
        int exponent = d.precision() - d.scale() - 1;
        if (exponent >= -4 && exponent < 16) {
            String plain = d.toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        String digits = d.unscaledValue().abs().toString();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (v < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
    }
}
