package org.grad4j.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.grad4j.DType;
import org.grad4j.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Autograd.graph: the reachable nodes in topological order with edges and saved tensors. Expected
 * structure from PyTorch 1.13 for L = ((w * x + b - y) ** 2).sum() with w, b of shape [3] requiring
 * grad and x, y of shape [2, 3]:
 * SumBackward0 -> [PowBackward0]; PowBackward0 (_saved_self [2, 3] float32) -> [SubBackward0];
 * SubBackward0 -> [AddBackward0, None]; AddBackward0 -> [MulBackward0, AccumulateGrad];
 * MulBackward0 (_saved_other [2, 3] float32) -> [AccumulateGrad, None].
 */
class GraphTest {
    private Tensor w;
    private Tensor b;

    private Tensor loss() {
        w = Tensor.ones(3).requiresGrad_();
        b = Tensor.ones(3).requiresGrad_();
        Tensor x = Tensor.ones(2, 3);
        Tensor y = Tensor.ones(2, 3);
        return w.mul(x).add(b).sub(y).pow(2).sum();
    }

    @Test
    void nodesComeInTopologicalOrderWithPyTorchsNamesAndEdges() {
        Graph graph = Autograd.graph(loss());
        List<String> names = graph.nodes().stream().map(Node::name).toList();
        assertEquals(List.of("SumBackward0", "PowBackward0", "SubBackward0", "AddBackward0"), names.subList(0, 4));
        assertEquals(7, names.size());
        assertTrue(names.subList(4, 7).containsAll(List.of("MulBackward0", "AccumulateGrad")));
        Map<Node, Integer> position = new IdentityHashMap<>();
        for (Node node : graph.nodes()) {
            position.put(node, position.size());
        }
        for (Node node : graph.nodes()) {
            for (Node next : node.nextFunctions()) {
                if (next != null) {
                    assertTrue(position.get(next) > position.get(node), node.name() + " before " + next.name());
                }
            }
        }
        Node sub = graph.nodes().get(2);
        assertNull(sub.nextFunctions().get(1), "y needs no gradient");
    }

    @Test
    void savedTensorsShowPyTorchsShapesAndDtypes() {
        Graph graph = Autograd.graph(loss());
        for (Node node : graph.nodes()) {
            switch (node.name()) {
                case "PowBackward0":
                case "MulBackward0":
                    assertEquals(1, node.savedTensors().size(), node.name());
                    assertArrayEquals(new long[] {2, 3}, node.savedTensors().get(0).shape());
                    assertEquals(DType.FLOAT32, node.savedTensors().get(0).dtype());
                    break;
                default:
                    assertEquals(0, node.savedTensors().size(), node.name());
            }
        }
    }

    @Test
    void dotExportDrawsNodesEdgesAndSavedTensors() {
        Tensor l = loss();
        String dot = Autograd.graph(l).toDot(Map.of("w", w, "b", b));
        assertTrue(dot.startsWith("digraph autograd {"), dot);
        assertTrue(dot.contains("n0 [label=\"SumBackward0\"]"), dot);
        assertTrue(dot.contains("n1 -> n0;"), dot);
        assertTrue(dot.contains("[label=\"w\\nAccumulateGrad\", fillcolor=lightblue]"), dot);
        assertTrue(dot.contains("s0 [label=\"[2, 3]\\ntorch.float32\", shape=ellipse, fillcolor=orange];"), dot);
        assertTrue(dot.contains("s0 -> n1 [style=dashed];"), dot);
        assertEquals(2, dot.split("style=dashed", -1).length - 1);

        l.backward();
        assertTrue(Autograd.graph(l).toDot().contains("[2, 3]\\ntorch.float32\\n(freed)"));
    }

    /** An in-place op on a view gives the base a CopySlices node; it shows what the in-place op saved. */
    @Test
    void copySlicesShowsTheSavedTensorsOfItsInPlaceOp() {
        Tensor x = Tensor.ones(3).requiresGrad_();
        Tensor w = Tensor.ones(2).requiresGrad_();
        Tensor base = x.mul(1.0);
        base.slice(0, 0, 2).mul_(w);
        Node copySlices = base.gradFn();
        assertEquals("CopySlices", copySlices.name());
        assertEquals(2, copySlices.savedTensors().size());
        for (SavedTensor saved : copySlices.savedTensors()) {
            assertArrayEquals(new long[] {2}, saved.shape());
        }
    }

    @Test
    void parameterNamesAreEscapedInTheDotText() {
        Tensor p = Tensor.ones(2).requiresGrad_();
        String dot = Autograd.graph(p.mul(2.0)).toDot(Map.of("say \"hi\"", p));
        assertTrue(dot.contains("[label=\"say \\\"hi\\\"\\nAccumulateGrad\""), dot);
    }

    @Test
    void aLeafIsItsOwnGraphAndATensorWithoutGradHasNone() {
        Tensor leaf = Tensor.ones(2).requiresGrad_();
        assertEquals(List.of("AccumulateGrad"), Autograd.graph(leaf).nodes().stream().map(Node::name).toList());
        assertThrows(IllegalArgumentException.class, () -> Autograd.graph(Tensor.ones(2)));
    }

    @Test
    void aVeryDeepChainIsWalkedWithoutRecursion() {
        Tensor y = Tensor.scalar(1.0, DType.FLOAT64).requiresGrad_();
        int depth = 100_000;
        for (int i = 0; i < depth; i++) {
            y = y.add(1.0);
        }
        Graph graph = Autograd.graph(y);
        assertEquals(depth + 1, graph.nodes().size());
        assertEquals("AccumulateGrad", graph.nodes().get(depth).name());
    }
}
