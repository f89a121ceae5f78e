// Writes an autograd graph as Graphviz DOT text, the way torchviz's make_dot draws a PyTorch graph.
package org.grad4j.examples;

import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.grad4j.Tensor;
import org.grad4j.autograd.Autograd;
import org.grad4j.autograd.Node;

/**
 * Builds the DOT text of the graph reachable from a root {@link Node} ({@code L.grad_fn}) through
 * {@link Node#nextFunctions()}. Each node is drawn once, labelled with PyTorch's node name
 * ({@code MulBackward0}, ..., {@code AccumulateGrad}); an {@code AccumulateGrad} whose leaf is among
 * the given parameters also shows the parameter's name. Edges point the way data flowed forward,
 * from a next function to the node that consumed it (as torchviz draws them); a null entry of
 * {@code nextFunctions()} (an input that needs no gradient) draws nothing. The walk is a
 * breadth-first loop with an explicit queue, so deep graphs cannot overflow the stack.
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
        Map<Node, String> leafNames = new IdentityHashMap<>();
        parameters.forEach((name, leaf) -> leafNames.put(accumulateGradOf(leaf), name));

        Map<Node, String> ids = new IdentityHashMap<>();
        ArrayDeque<Node> queue = new ArrayDeque<>();
        StringBuilder nodes = new StringBuilder();
        StringBuilder edges = new StringBuilder();
        ids.put(root, "n0");
        queue.add(root);
        while (!queue.isEmpty()) {
            Node node = queue.poll();
            String id = ids.get(node);
            nodes.append("  ").append(id).append(" [label=\"").append(label(node, leafNames)).append('"');
            if (leafNames.containsKey(node)) {
                nodes.append(", fillcolor=lightblue");
            }
            nodes.append("];\n");
            for (Node next : node.nextFunctions()) {
                if (next == null) {
                    continue;
                }
                String nextId = ids.get(next);
                if (nextId == null) {
                    nextId = "n" + ids.size();
                    ids.put(next, nextId);
                    queue.add(next);
                }
                edges.append("  ").append(nextId).append(" -> ").append(id).append(";\n");
            }
        }
        return "digraph autograd {\n"
                + "  node [shape=box, style=filled, fillcolor=lightgrey, fontname=\"Helvetica\"];\n"
                + nodes
                + edges
                + "}\n";
    }

    private static String label(Node node, Map<Node, String> leafNames) {
        String leafName = leafNames.get(node);
        return leafName == null ? node.name() : leafName + "\\n" + node.name();
    }

    /**
     * A leaf's AccumulateGrad node: grad4j keeps one per leaf for the leaf's lifetime but does not
     * expose the leaf on it, so we reach it as any op does, through the first edge of a view of the leaf.
     */
    private static Node accumulateGradOf(Tensor leaf) {
        if (!leaf.isLeaf() || !leaf.requiresGrad()) {
            throw new IllegalArgumentException("a named parameter must be a leaf that requires grad");
        }
        try (var enabled = Autograd.enableGrad()) {
            List<Node> next = leaf.view(leaf.shape()).gradFn().nextFunctions();
            return next.get(0);
        }
    }
}
