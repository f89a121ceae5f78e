// Checks GraphDot's DOT text against the graphs PyTorch records for the same expressions.
package org.grad4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.grad4j.Tensor;
import org.junit.jupiter.api.Test;

class GraphDotTest {
    private static final Pattern NODE = Pattern.compile("^\\s*(n\\d+) \\[label=\"([^\"]*)\"", Pattern.MULTILINE);
    private static final Pattern EDGE = Pattern.compile("^\\s*(n\\d+) -> (n\\d+);", Pattern.MULTILINE);

    /** A DOT text read back: node id to label, and edges as "from label -> to label". */
    private record Graph(Map<String, String> labels, List<String> edges) {
        static Graph parse(String dot) {
            Map<String, String> labels = new LinkedHashMap<>();
            Matcher node = NODE.matcher(dot);
            while (node.find()) {
                String previous = labels.put(node.group(1), node.group(2));
                assertEquals(null, previous, "node " + node.group(1) + " written twice");
            }
            List<String> edges = new ArrayList<>();
            Matcher edge = EDGE.matcher(dot);
            while (edge.find()) {
                edges.add(labels.get(edge.group(1)) + " -> " + labels.get(edge.group(2)));
            }
            return new Graph(labels, edges);
        }

        List<String> sortedLabels() {
            List<String> sorted = new ArrayList<>(labels.values());
            sorted.sort(null);
            return sorted;
        }
    }

    /**
     * PyTorch 1.13, walking L.grad_fn.next_functions for L = (w * x + b - y) ** 2 with leaves w, b:
     * PowBackward0 -> [SubBackward0]; SubBackward0 -> [AddBackward0, None];
     * AddBackward0 -> [MulBackward0, AccumulateGrad(b)]; MulBackward0 -> [AccumulateGrad(w), None].
     * Six nodes, five non-null edges; the None entries (x and y need no gradient) draw nothing.
     */
    @Test
    void linearRegressionLossHasPyTorchsNodesAndEdges() {
        Tensor w = Tensor.scalar(4.0).requiresGrad_(true);
        Tensor b = Tensor.scalar(2.0).requiresGrad_(true);
        Tensor x = Tensor.scalar(2.0);
        Tensor y = Tensor.scalar(7.0);
        Tensor loss = w.mul(x).add(b).sub(y).pow(2);

        Graph graph = Graph.parse(GraphDot.toDot(loss.gradFn(), Map.of("w", w, "b", b)));

        assertEquals(List.of("AddBackward0", "MulBackward0", "PowBackward0", "SubBackward0",
                "b\\nAccumulateGrad", "w\\nAccumulateGrad"), graph.sortedLabels());
        assertEquals("PowBackward0", graph.labels().get("n0"));
        assertEquals(5, graph.edges().size());
        assertEquals(Set.of(
                "SubBackward0 -> PowBackward0",
                "AddBackward0 -> SubBackward0",
                "MulBackward0 -> AddBackward0",
                "b\\nAccumulateGrad -> AddBackward0",
                "w\\nAccumulateGrad -> MulBackward0"), new HashSet<>(graph.edges()));
    }

    /** PyTorch: (x * x).grad_fn.next_functions is ((AccumulateGrad, 0), (AccumulateGrad, 0)), the same node twice. */
    @Test
    void nodeReachedTwiceIsWrittenOnceWithAnEdgePerUse() {
        Tensor x = Tensor.arange(4.0).requiresGrad_(true);

        Graph graph = Graph.parse(GraphDot.toDot(x.mul(x).gradFn(), Map.of()));

        assertEquals(List.of("AccumulateGrad", "MulBackward0"), graph.sortedLabels());
        assertEquals(List.of("AccumulateGrad -> MulBackward0", "AccumulateGrad -> MulBackward0"), graph.edges());
    }

    /** A diamond: u = 2 * x feeds both inputs of u * u, so MulBackward0 (of u) must not be repeated. */
    @Test
    void sharedIntermediateNodeIsWrittenOnce() {
        Tensor x = Tensor.arange(4.0).requiresGrad_(true);
        Tensor u = x.mul(2);

        Graph graph = Graph.parse(GraphDot.toDot(u.mul(u).sum().gradFn(), Map.of("x", x)));

        assertEquals(List.of("MulBackward0", "MulBackward0", "SumBackward0", "x\\nAccumulateGrad"),
                graph.sortedLabels());
        assertEquals(4, graph.edges().size());
    }

    /** The walk is a loop, not recursion: a chain far deeper than the stack allows for recursion. */
    @Test
    void deepChainIsWalkedWithoutRecursion() {
        int depth = 100_000;
        Tensor x = Tensor.scalar(1.0).requiresGrad_(true);
        Tensor y = x;
        for (int i = 0; i < depth; i++) {
            y = y.add(1.0);
        }

        Graph graph = Graph.parse(GraphDot.toDot(y.gradFn(), Map.of()));

        assertEquals(depth + 1, graph.labels().size());
        assertEquals(depth, graph.edges().size());
    }
}
