package org.grad4j.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.grad4j.Tensor;

/**
 * A read-only view of the backward graph under one node ({@link Autograd#graph}): every reachable
 * node once, in topological order (each node before the nodes it sends gradients to, ties broken as
 * the engine breaks them, latest created first), so {@code nodes().get(0)} is the root. Per node,
 * {@link Node#name()}, {@link Node#nextFunctions()} and {@link Node#savedTensors()} tell what it is,
 * where its gradients go and what it keeps alive; {@link #toDot} draws it for Graphviz. Walks are
 * loops, never recursion, so very deep graphs are fine.
 */
public final class Graph {
    private final List<Node> nodes;

    private Graph(List<Node> nodes) {
        this.nodes = Collections.unmodifiableList(nodes);
    }

    /** The graph under {@code root} (a tensor's gradFn, or any node). */
    public static Graph of(Node root) {
        Map<Node, int[]> incoming = new IdentityHashMap<>();
        incoming.put(root, new int[1]);
        List<Node> work = new ArrayList<>(List.of(root));
        while (!work.isEmpty()) {
            Node node = work.remove(work.size() - 1);
            for (Node next : node.nextNodes) {
                if (next == null) {
                    continue;
                }
                int[] count = incoming.get(next);
                if (count == null) {
                    count = new int[1];
                    incoming.put(next, count);
                    work.add(next);
                }
                count[0]++;
            }
        }
        List<Node> order = new ArrayList<>(incoming.size());
        PriorityQueue<Node> ready = new PriorityQueue<>((a, b) -> Long.compare(b.sequenceNr, a.sequenceNr));
        ready.add(root);
        while (!ready.isEmpty()) {
            Node node = ready.poll();
            order.add(node);
            for (Node next : node.nextNodes) {
                if (next != null && --incoming.get(next)[0] == 0) {
                    ready.add(next);
                }
            }
        }
        return new Graph(order);
    }

    /** Every reachable node once, the root first, each before the nodes it sends gradients to. */
    public List<Node> nodes() {
        return nodes;
    }

    public Node root() {
        return nodes.get(0);
    }

    /** Graphviz DOT text of the graph, with saved tensors' shapes and dtypes; see {@link #toDot(Map)}. */
    public String toDot() {
        return toDot(Map.of());
    }

    /**
     * Graphviz DOT text, drawn as torchviz's {@code make_dot(..., show_saved=True)} does: one grey box
     * per node ({@code nK}, K its position in {@link #nodes()}) labelled with PyTorch's name, the
     * AccumulateGrad of a leaf named in {@code parameters} also with that name (and in blue); an edge
     * from each next function to the node that consumed its output (the way data flowed forward);
     * and, per saved tensor, an orange node ({@code sK}) with its shape and dtype and a dashed edge to
     * the node that keeps it.
     */
    public String toDot(Map<String, Tensor> parameters) {
        Map<Tensor, String> leafNames = new IdentityHashMap<>();
        parameters.forEach((name, leaf) -> leafNames.put(leaf, name));
        Map<Node, Integer> ids = new IdentityHashMap<>();
        for (Node node : nodes) {
            ids.put(node, ids.size());
        }
        StringBuilder dot = new StringBuilder("digraph autograd {\n"
                + "  node [shape=box, style=filled, fillcolor=lightgrey, fontname=\"Helvetica\"];\n");
        StringBuilder edges = new StringBuilder();
        int savedCount = 0;
        for (Node node : nodes) {
            int id = ids.get(node);
            String leafName = node instanceof AccumulateGrad ? leafNames.get(((AccumulateGrad) node).variable()) : null;
            dot.append("  n").append(id).append(" [label=\"")
                    .append(leafName == null ? node.name() : quoted(leafName) + "\\n" + node.name()).append('"')
                    .append(leafName == null ? "" : ", fillcolor=lightblue").append("];\n");
            for (SavedTensor saved : node.savedTensors()) {
                int sid = savedCount++;
                dot.append("  s").append(sid).append(" [label=\"").append(Arrays.toString(saved.shape())).append("\\n")
                        .append(saved.dtype().torchName()).append(saved.isReleased() ? "\\n(freed)" : "")
                        .append("\", shape=ellipse, fillcolor=orange];\n");
                edges.append("  s").append(sid).append(" -> n").append(id).append(" [style=dashed];\n");
            }
            for (Node next : node.nextNodes) {
                if (next != null) {
                    edges.append("  n").append(ids.get(next)).append(" -> n").append(id).append(";\n");
                }
            }
        }
        return dot.append(edges).append("}\n").toString();
    }

    /** A user's parameter name made safe inside a DOT string. */
    private static String quoted(String name) {
        return name.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
