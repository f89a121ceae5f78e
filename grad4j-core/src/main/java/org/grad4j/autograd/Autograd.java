package org.grad4j.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.grad4j.Tensor;
import org.grad4j.internal.GradientEdges;

/**
 * Grad-mode scopes and the functional gradient, PyTorch's {@code torch.no_grad},
 * {@code torch.enable_grad}, {@code torch.set_grad_enabled} and {@code torch.autograd.grad}.
 *
 * <pre>{@code
 * try (var g = Autograd.noGrad()) {
 *     Tensor y = x.mul(2);   // y.requiresGrad() == false
 * }
 * Tensor dydx = Autograd.grad(x.pow(3).sum(), x).get(0);
 * }</pre>
 */
public final class Autograd {
    private Autograd() {
    }

    /** {@code with torch.no_grad():} ops inside record no graph; restored on close. */
    public static GradModeScope noGrad() {
        return new GradModeScope(false);
    }

    /** {@code with torch.enable_grad():} re-enables recording inside a no-grad scope. */
    public static GradModeScope enableGrad() {
        return new GradModeScope(true);
    }

    /** {@code torch.set_grad_enabled(mode)}: takes effect at once; closing the returned scope restores the previous mode. */
    public static GradModeScope setGradEnabled(boolean enabled) {
        return new GradModeScope(enabled);
    }

    /** {@code torch.is_grad_enabled()} for the calling thread. */
    public static boolean isGradEnabled() {
        return GradMode.isEnabled();
    }

    /**
     * {@code with torch.autograd.detect_anomaly():} (checking for nan): nodes remember their forward
     * call, and backward fails at the first rule that returns nan or inf, naming the user's line that
     * created it; see {@link AnomalyMode}. Restored on close.
     */
    public static AnomalyMode detectAnomaly() {
        return new AnomalyMode(true, true);
    }

    /** {@code torch.autograd.detect_anomaly(check_nan)}: with {@code checkNan} false only forward calls are recorded. */
    public static AnomalyMode detectAnomaly(boolean checkNan) {
        return new AnomalyMode(true, checkNan);
    }

    /** {@code torch.autograd.set_detect_anomaly(mode, check_nan)}: a scope that turns anomaly mode on or off. */
    public static AnomalyMode setDetectAnomaly(boolean mode, boolean checkNan) {
        return new AnomalyMode(mode, checkNan);
    }

    /** {@code torch.is_anomaly_enabled()} for the calling thread. */
    public static boolean isAnomalyEnabled() {
        return AnomalyMode.isEnabled();
    }

    /**
     * {@code with torch.autograd.graph.saved_tensors_hooks(pack_hook, unpack_hook):} tensors saved for
     * backward inside the scope are stored as {@code pack}'s result and rebuilt by {@code unpack}
     * when backward needs them (e.g. to offload or compress activations); see {@link SavedTensorsHooks}.
     */
    @SuppressWarnings("unchecked")
    public static <P> SavedTensorsHooks savedTensorsHooks(java.util.function.Function<Tensor, P> pack,
                                                          java.util.function.Function<? super P, Tensor> unpack) {
        return new SavedTensorsHooks((java.util.function.Function<Tensor, Object>) pack,
                (java.util.function.Function<Object, Tensor>) unpack);
    }

    /**
     * The backward graph under {@code root}'s gradFn (its AccumulateGrad for a leaf): every node in
     * topological order with its edges and saved tensors, and a DOT export; see {@link Graph}.
     */
    public static Graph graph(Tensor root) {
        if (!root.requiresGrad()) {
            throw new IllegalArgumentException("element 0 of tensors does not require grad and does not have a grad_fn");
        }
        return Graph.of(GradientEdges.gradientNode(root));
    }

    /** {@code torch.autograd.grad(output, inputs)} for a scalar output, freeing the graph. */
    public static List<Tensor> grad(Tensor output, Tensor... inputs) {
        return grad(List.of(output), Arrays.asList(inputs), null, false, false, false);
    }

    /**
     * {@code torch.autograd.grad(outputs, inputs, grad_outputs, retain_graph, create_graph, allow_unused)}:
     * the sum over outputs of the vector-Jacobian products with {@code gradOutputs} (ones for scalar
     * outputs when null), one gradient per input. Leaves' {@code .grad} are not touched.
     */
    public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs, List<Tensor> gradOutputs,
                                    boolean retainGraph, boolean createGraph, boolean allowUnused) {
        if (gradOutputs != null && gradOutputs.size() != outputs.size()) {
            throw new IllegalArgumentException("grad requires one grad_output per output: got " + gradOutputs.size()
                    + " grad_outputs and " + outputs.size() + " outputs");
        }
        List<Engine.Target> targets = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            Tensor input = inputs.get(i);
            if (!input.requiresGrad()) {
                throw new IllegalStateException("One of the differentiated Tensors does not require grad");
            }
            targets.add(new Engine.Target(GradientEdges.gradientNode(input), input.isLeaf() ? 0 : input.outputNr()));
        }
        Roots roots = Roots.of(outputs, gradOutputs);
        Tensor[] result = Engine.grad(roots.nodes, roots.outputNrs, roots.grads, targets, retainGraph, createGraph);
        for (int i = 0; i < result.length; i++) {
            if (result[i] == null && !allowUnused) {
                throw new IllegalStateException("One of the differentiated Tensors appears to not have been used in the "
                        + "graph. Set allow_unused=True if this is the desired behavior.");
            }
        }
        return Arrays.asList(result);
    }

    /** {@code torch.autograd.backward(tensors, grad_tensors, retain_graph, create_graph)}; {@code gradTensors} may be null. */
    public static void backward(List<Tensor> tensors, List<Tensor> gradTensors, boolean retainGraph, boolean createGraph) {
        Roots roots = Roots.of(tensors, gradTensors);
        Engine.backward(roots.nodes, roots.outputNrs, roots.grads, retainGraph, createGraph);
    }

    /** The validated starting points of a backward pass. */
    private static final class Roots {
        final Node[] nodes;
        final int[] outputNrs;
        final Tensor[] grads;

        private Roots(int n) {
            nodes = new Node[n];
            outputNrs = new int[n];
            grads = new Tensor[n];
        }

        static Roots of(List<Tensor> outputs, List<Tensor> gradOutputs) {
            Roots roots = new Roots(outputs.size());
            for (int i = 0; i < outputs.size(); i++) {
                Tensor out = outputs.get(i);
                if (!out.requiresGrad()) {
                    throw new IllegalStateException("element " + i
                            + " of tensors does not require grad and does not have a grad_fn");
                }
                Tensor g = gradOutputs == null ? null : gradOutputs.get(i);
                roots.grads[i] = rootGradient(out, g, i);
                roots.nodes[i] = GradientEdges.gradientNode(out);
                roots.outputNrs[i] = out.isLeaf() ? 0 : out.outputNr();
            }
            return roots;
        }

        private static Tensor rootGradient(Tensor output, Tensor gradient, int index) {
            if (gradient == null) {
                if (output.numel() != 1) {
                    throw new IllegalArgumentException("grad can be implicitly created only for scalar outputs");
                }
                return Tensor.onesLike(output);
            }
            if (!Arrays.equals(gradient.shape(), output.shape())) {
                throw new IllegalArgumentException("Mismatch in shape: grad_output[" + index + "] has a shape of "
                        + sizeString(gradient) + " and output[" + index + "] has a shape of " + sizeString(output) + ".");
            }
            return gradient.dtype() == output.dtype() ? gradient : gradient.to(output.dtype());
        }

        private static String sizeString(Tensor t) {
            return "torch.Size(" + Arrays.toString(t.shape()) + ")";
        }
    }
}
