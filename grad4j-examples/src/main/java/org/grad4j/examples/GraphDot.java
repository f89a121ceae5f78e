// Writes an autograd graph as Graphviz DOT text, the way torchviz's make_dot draws a PyTorch graph.
package org.grad4j.examples;

import java.util.Map;
import org.grad4j.Tensor;
import org.grad4j.autograd.Graph;
import org.grad4j.autograd.Node;

/**
 * The DOT text of the graph reachable from a root {@link Node} ({@code L.grad_fn}), as core's
 * {@link Graph#toDot(Map)} draws it: each node once, labelled with PyTorch's node name
 * ({@code MulBackward0}, ..., {@code AccumulateGrad}); an {@code AccumulateGrad} whose leaf is among
 * the given parameters also shows the parameter's name. Edges point the way data flowed forward,
 * from a next function to the node that consumed it (as torchviz draws them); a null entry of
 * {@code nextFunctions()} (an input that needs no gradient) draws nothing. Saved tensors appear as
 * orange shape/dtype nodes with dashed edges (torchviz's {@code show_saved=True}).
 *
 * <pre>{@code
 * String dot = GraphDot.toDot(loss.gradFn(), Map.of("w", w, "b", b));
 * }</pre>
 */
public final class GraphDot {
    private GraphDot() {
    }

    /** The DOT text of the graph under {@code root}; {@code parameters} names leaf tensors (may be empty). */
    public static String toDot(Node root, Map<String, Tensor> parameters) {
        return Graph.of(root).toDot(parameters);
    }
}
