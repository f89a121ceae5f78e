package org.grad4j;

import static org.grad4j.FixtureSupport.assertClose;
import static org.grad4j.FixtureSupport.doubles;
import static org.grad4j.FixtureSupport.longs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.grad4j.autograd.Autograd;
import org.grad4j.autograd.GradCheck;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Shape ops and indexing against PyTorch. One {@link #SPECS} entry per op drives three checks:
 * (a) the fixtures of {@code tools/gen_shape_fixtures.py} (forward values, dtypes, grad_fn names,
 * view-ness, gradients; float32 and float64, non-contiguous, 0-d and empty inputs), (b) float64
 * gradcheck and gradgradcheck of the entry's samples, (c) the fixture's error cases: PyTorch's
 * exception kind and message, with the inputs left unchanged.
 */
class ShapeOpsTest {
    /** The op on fixture inputs with the fixture's JSON arguments; returns every output. */
    interface Run {
        List<Tensor> apply(List<Tensor> x, JsonNode a);
    }

    /** A float64 function of one input of the given shape, for gradcheck and gradgradcheck. */
    record Sample(long[] shape, UnaryOperator<Tensor> f) {
    }

    record Spec(String op, Run run, List<Sample> samples) {
    }

    private static final Tensor IDX = Tensor.of(2L, 0L, 2L);
    private static final Tensor IDX2D = Tensor.of(0L, 3L, 1L, 1L, 2L, 0L).reshape(3, 2);
    /** Like IDX2D without repeats within a row (a scatter's gradient is defined only then). */
    private static final Tensor DISTINCT = Tensor.of(0L, 3L, 1L, 2L, 2L, 0L).reshape(3, 2);
    private static final Tensor MASK = Tensor.of(true, false, true, false, false, false, true, true, true, true,
            false, false).reshape(3, 4);

    static final List<Spec> SPECS = List.of(
            spec("flatten", (x, a) -> one(x.get(0).flatten(a.get("start").asInt(), a.get("end").asInt())),
                    sample(x -> x.flatten(1).mul(x.flatten(1)), 2, 3, 2), sample(x -> x.t().flatten().cumsum(0), 3, 4)),
            spec("unflatten", (x, a) -> one(x.get(0).unflatten(a.get("dim").asInt(), longs(a.get("sizes")))),
                    sample(x -> x.unflatten(1, 2, -1).cumsum(2), 3, 4)),
            spec("movedim", (x, a) -> one(x.get(0).movedim(ints(a.get("source")), ints(a.get("destination")))),
                    sample(x -> x.movedim(0, 2).cumsum(0), 2, 3, 2)),
            spec("expand_as", (x, a) -> one(x.get(0).expandAs(x.get(1))),
                    sample(x -> x.expandAs(Tensor.zeros(2, 3, 4)).cumsum(0), 3, 1)),
            spec("broadcast_to", (x, a) -> one(x.get(0).broadcastTo(longs(a.get("size")))),
                    sample(x -> x.broadcastTo(2, 3).cumsum(0).mul(x), 3)),
            spec("split", (x, a) -> x.get(0).split(a.get("size").asLong(), a.get("dim").asInt()),
                    sample(x -> joinScaled(x.split(2, 1)), 3, 5), sample(x -> x.split(2).get(1).exp(), 5)),
            spec("split_sizes", (x, a) -> x.get(0).split(longs(a.get("sizes")), a.get("dim").asInt()),
                    sample(x -> joinScaled(x.split(new long[] {1, 0, 3}, 0)), 4, 2)),
            spec("chunk", (x, a) -> x.get(0).chunk(a.get("chunks").asInt(), a.get("dim").asInt()),
                    sample(x -> joinScaled(x.chunk(3, 1)), 2, 5)),
            spec("unbind", (x, a) -> x.get(0).unbind(a.get("dim").asInt()),
                    sample(x -> joinScaled(x.unbind(1)), 2, 3), sample(x -> x.unbind().get(2).sin(), 3, 2)),
            spec("roll", (x, a) -> one(x.get(0).roll(longs(a.get("shifts")), ints(a.get("dims")))),
                    sample(x -> x.roll(new long[] {1, -2}, new int[] {0, 1}).cumsum(1), 3, 4),
                    sample(x -> x.t().roll(3).cumsum(0), 2, 3)),
            spec("repeat", (x, a) -> one(x.get(0).repeat(longs(a.get("repeats")))),
                    sample(x -> x.repeat(2, 1, 3).cumsum(2).mul(x.repeat(2, 1, 3)), 2, 3)),
            spec("tile", (x, a) -> one(x.get(0).tile(longs(a.get("reps")))),
                    sample(x -> x.tile(2).cumsum(1).mul(x.tile(2)), 2, 3)),
            spec("diagonal", (x, a) -> one(x.get(0).diagonal(a.get("offset").asLong(), a.get("dim1").asInt(),
                    a.get("dim2").asInt())),
                    sample(x -> x.diagonal(1, 0, 1).exp(), 3, 4), sample(x -> x.diagonal(-1, 2, 1).mul(x.sum(2)), 2, 3, 4)),
            spec("triu", (x, a) -> one(x.get(0).triu(a.get("diagonal").asLong())),
                    sample(x -> x.triu(1).cumsum(0), 3, 4), sample(x -> x.t().triu().exp(), 3, 3)),
            spec("tril", (x, a) -> one(x.get(0).tril(a.get("diagonal").asLong())),
                    sample(x -> x.tril(-1).cumsum(1).mul(x), 2, 3, 4)),
            spec("flip", (x, a) -> one(x.get(0).flip(ints(a.get("dims")))),
                    sample(x -> x.flip(0, 2).cumsum(2), 2, 3, 2)),
            spec("squeeze", (x, a) -> one(x.get(0).squeeze(a.get("dim").asInt())),
                    sample(x -> x.squeeze(1).cumsum(1), 2, 1, 3)),
            spec("contiguous", (x, a) -> one(x.get(0).contiguous()),
                    sample(x -> x.t().contiguous().cumsum(1), 3, 4)),
            spec("index", (x, a) -> one(x.get(0).index(indices(a.get("indices"), x))),
                    sample(x -> x.index(Index.slice(1L, null), Index.NONE, Index.ELLIPSIS).exp(), 3, 4),
                    sample(x -> x.index(Index.of(IDX)).mul(x.index(Index.of(IDX))), 3, 2),
                    sample(x -> x.index(Index.of(IDX2D.select(1, 0)), Index.slice(), Index.of(IDX2D.select(1, 1)))
                            .cumsum(0), 3, 2, 4),
                    sample(x -> x.index(Index.of(MASK)).exp(), 3, 4)),
            spec("index_put", (x, a) -> {
                Tensor y = x.get(0).mul(1.0);
                List<Tensor> tensors = new ArrayList<>();
                for (JsonNode k : a.get("tensors")) {
                    tensors.add(x.get(k.asInt()));
                }
                return one(y.indexPut_(tensors, x.get(a.get("values").asInt()), a.get("accumulate").asBoolean()));
            },
                    sample(x -> x.mul(x).indexPut_(List.of(IDX), x.index(0).sin().expand(3, 2), true), 3, 2),
                    sample(x -> x.mul(x).indexPut_(List.of(Tensor.of(1L)), x.index(0).exp().unsqueeze(0), false), 2, 3)),
            spec("setitem", (x, a) -> {
                Tensor y = x.get(0).mul(1.0);
                return one(y.indexPut_(indices(a.get("indices"), x), x.get(a.get("values").asInt())));
            },
                    sample(x -> {
                        Tensor y = x.mul(x);
                        y.indexPut_(new Index[] {Index.slice(1L, null), Index.of(Tensor.of(3L, 0L))}, x.index(0).narrow(0, 0, 2));
                        return y;
                    }, 3, 4)),
            spec("index_select", (x, a) -> one(x.get(0).indexSelect(a.get("dim").asInt(), x.get(1))),
                    sample(x -> x.indexSelect(1, IDX).mul(x.indexSelect(1, IDX)), 2, 3)),
            spec("index_add", (x, a) -> one(x.get(0).indexAdd(a.get("dim").asInt(), x.get(1), x.get(2),
                    a.get("alpha").asDouble())),
                    sample(x -> x.indexAdd(1, IDX, x.mul(x), -2.0), 3, 3)),
            spec("gather", (x, a) -> one(x.get(0).gather(a.get("dim").asInt(), x.get(1))),
                    sample(x -> x.gather(1, IDX2D).mul(x.gather(1, IDX2D)), 3, 4)),
            spec("scatter", (x, a) -> a.has("reduce")
                    ? one(x.get(0).scatter(a.get("dim").asInt(), x.get(1), x.get(2), a.get("reduce").asText()))
                    : one(x.get(0).scatter(a.get("dim").asInt(), x.get(1), x.get(2))),
                    sample(x -> x.scatter(1, DISTINCT, x.narrow(1, 0, 2).exp()).mul(x), 3, 4)),
            spec("scatter_value", (x, a) -> one(x.get(0).scatter(a.get("dim").asInt(), x.get(1), a.get("value").asDouble())),
                    sample(x -> x.scatter(1, IDX2D, 2.5).mul(x), 3, 4)),
            spec("scatter_add", (x, a) -> one(x.get(0).scatterAdd(a.get("dim").asInt(), x.get(1), x.get(2))),
                    sample(x -> x.scatterAdd(1, IDX2D, x.narrow(1, 1, 2).mul(x.narrow(1, 0, 2))), 3, 4)),
            spec("masked_fill", (x, a) -> one(x.get(0).maskedFill(x.get(1), a.get("value").asDouble())),
                    sample(x -> x.maskedFill(MASK, -1.5).mul(x), 3, 4)),
            spec("masked_fill_tensor", (x, a) -> one(x.get(0).maskedFill(x.get(1), x.get(2))),
                    sample(x -> x.maskedFill(MASK, x.index(0).index(1).exp()).mul(x), 3, 4)),
            spec("masked_fill_", (x, a) -> one(x.get(0).mul(1.0).maskedFill_(x.get(1), a.get("value").asDouble())),
                    sample(x -> x.mul(x).maskedFill_(MASK.index(0), 0.5), 3, 4),
                    sample(x -> x.mul(x).maskedFill_(MASK, x.index(1).index(2).sin()), 3, 4)),
            spec("masked_select", (x, a) -> one(x.get(0).maskedSelect(x.get(1))),
                    sample(x -> x.maskedSelect(MASK).exp(), 4), sample(x -> x.maskedSelect(MASK).exp(), 3, 4)),
            spec("take", (x, a) -> one(x.get(0).take(x.get(1))),
                    sample(x -> x.take(IDX2D).mul(x.take(IDX2D)), 3, 4)),
            spec("nonzero", (x, a) -> one(x.get(0).nonzero())));

    private static final String FIXTURE = "/fixtures/shape_ops.json";
    private static final JsonNode FIXTURES = load();

    // ------------------------------------------------------------------ (a) forward and backward vs PyTorch

    @TestFactory
    Stream<DynamicTest> matchesPyTorchFixtures() {
        List<DynamicTest> tests = new ArrayList<>();
        int i = 0;
        for (JsonNode c : FIXTURES.get("cases")) {
            String name = (i++) + " " + c.get("op").asText() + " " + c.get("args") + " " + c.get("dtype").asText();
            tests.add(DynamicTest.dynamicTest(name, () -> checkCase(c, name)));
        }
        return tests.stream();
    }

    @Test
    void zeroDimTensorViewsAsAnyAllOnesShape() {
        // torch.tensor(5.).view(-1) -> tensor([5.]); .view(1, 1) -> tensor([[5.]]); both share storage.
        Tensor x = Tensor.scalar(5.0);
        Tensor flat = x.view(-1);
        assertArrayEquals(new long[] {1}, flat.shape());
        assertArrayEquals(new long[] {1, 1}, x.view(1, 1).shape());
        flat.fill_(7.0);
        assertEquals(7.0, x.item());
        assertArrayEquals(new long[] {}, x.view(1, 1).view().shape());
    }

    @Test
    void everyOpHasFixturesAndEveryFixtureAnOp() {
        Set<String> fixtureOps = new HashSet<>();
        FIXTURES.get("cases").forEach(c -> fixtureOps.add(c.get("op").asText()));
        Set<String> specOps = new HashSet<>();
        SPECS.forEach(s -> specOps.add(s.op()));
        assertEquals(specOps, fixtureOps);
    }

    private static void checkCase(JsonNode c, String name) {
        DType floatType = c.get("dtype").asText().equals("float32") ? DType.FLOAT32 : DType.FLOAT64;
        List<Tensor> bases = new ArrayList<>();
        List<Tensor> seen = new ArrayList<>();
        makeInputs(c.get("inputs"), floatType, bases, seen);
        List<Tensor> outs = spec(c.get("op").asText()).run().apply(seen, c.get("args"));
        JsonNode expected = c.get("outputs");
        assertEquals(expected.size(), outs.size(), name + ": number of outputs");
        double rtol = floatType == DType.FLOAT32 ? 1e-5 : 1e-12;
        double atol = floatType == DType.FLOAT32 ? 1e-6 : 1e-12;
        List<Tensor> differentiable = new ArrayList<>();
        for (int k = 0; k < outs.size(); k++) {
            Tensor out = outs.get(k);
            JsonNode e = expected.get(k);
            String what = name + ": output " + k;
            assertArrayEquals(longs(e.get("shape")), out.shape(), what + " shape");
            assertEquals(e.get("dtype").asText(), dtypeName(out.dtype()), what + " dtype");
            assertClose(what, doubles(e.get("data")), out.toDoubleArray(), rtol, atol);
            // grad4j's (pre-existing) CopySlices node is named without PyTorch's C++ namespace.
            String gradFn = e.get("grad_fn").isNull() ? null
                    : e.get("grad_fn").asText().replace("torch::autograd::CopySlices", "CopySlices");
            assertEquals(gradFn, out.gradFn() == null ? null : out.gradFn().name(), what + " grad_fn");
            boolean view = out != seen.get(0) && out.sharesStorageWith(seen.get(0));
            assertEquals(e.get("view").asBoolean(), view, what + " is a view");
            if (out.requiresGrad()) {
                differentiable.add(out);
            }
        }
        if (!c.has("grads")) {
            return;
        }
        List<Tensor> upstream = new ArrayList<>();
        for (int k = 0; k < differentiable.size(); k++) {
            upstream.add(Tensor.of(doubles(c.get("upstream").get(k)), floatType).reshape(differentiable.get(k).shape()));
        }
        Autograd.backward(differentiable, upstream, false, false);
        for (int k = 0; k < bases.size(); k++) {
            JsonNode g = c.get("grads").get(k);
            if (g.isNull()) {
                continue;
            }
            assertNotNull(bases.get(k).grad(), name + ": grad of input " + k);
            assertClose(name + ": grad of input " + k, doubles(g), bases.get(k).grad().toDoubleArray(), rtol, atol);
        }
    }

    // ------------------------------------------------------------------ (b) gradcheck and gradgradcheck

    @TestFactory
    Stream<DynamicTest> firstDerivativesMatchFiniteDifferences() {
        return samples().map(s -> DynamicTest.dynamicTest(s.getKey(),
                () -> assertTrue(GradCheck.gradcheck(s.getValue().f(), input(s.getValue().shape())))));
    }

    /** Forward mode against reverse mode (JvpCheck); in-place samples are left out, as forward AD refuses them. */
    @TestFactory
    Stream<DynamicTest> forwardModeMatchesReverseMode() {
        return samples().filter(s -> !s.getKey().contains("_") && !s.getKey().startsWith("setitem"))
                .map(s -> DynamicTest.dynamicTest(s.getKey(),
                        () -> JvpCheck.assertForwardMatchesReverse(s.getValue().f(), input(s.getValue().shape()))));
    }

    @TestFactory
    Stream<DynamicTest> secondDerivativesMatchFiniteDifferences() {
        return samples().map(s -> DynamicTest.dynamicTest(s.getKey(),
                () -> assertTrue(GradCheck.gradgradcheck(s.getValue().f(), input(s.getValue().shape())))));
    }

    private static Stream<Map.Entry<String, Sample>> samples() {
        Map<String, Sample> all = new TreeMap<>();
        for (Spec spec : SPECS) {
            for (int i = 0; i < spec.samples().size(); i++) {
                all.put(spec.op() + " " + i, spec.samples().get(i));
            }
        }
        return all.entrySet().stream();
    }

    private static Tensor input(long[] shape) {
        Tensor.manualSeed(7);
        return Tensor.randn(shape).to(DType.FLOAT64).requiresGrad_();
    }

    // ------------------------------------------------------------------ (c) errors

    @TestFactory
    Stream<DynamicTest> rejectsBadArgumentsWithPyTorchsWording() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode e : FIXTURES.get("errors")) {
            String name = e.get("op").asText() + " " + e.get("args") + ": " + e.get("message").asText();
            tests.add(DynamicTest.dynamicTest(name, () -> {
                List<Tensor> bases = new ArrayList<>();
                List<Tensor> seen = new ArrayList<>();
                makeInputs(e.get("inputs"), DType.FLOAT32, bases, seen);
                List<double[]> before = new ArrayList<>();
                bases.forEach(b -> before.add(b.toDoubleArray()));
                Class<? extends RuntimeException> kind = e.get("error").asText().equals("IndexError")
                        ? IndexOutOfBoundsException.class : IllegalArgumentException.class;
                RuntimeException thrown = assertThrows(kind,
                        () -> spec(e.get("op").asText()).run().apply(seen, e.get("args")));
                assertEquals(e.get("message").asText(), thrown.getMessage());
                for (int k = 0; k < bases.size(); k++) {
                    assertArrayEquals(before.get(k), bases.get(k).toDoubleArray(), "input " + k + " changed");
                    assertEquals(0, bases.get(k).version(), "input " + k + " version");
                }
            }));
        }
        return tests.stream();
    }

    @Test
    void failedInPlaceWritesChangeNothing() {
        Tensor x = Tensor.arange(6.0).reshape(2, 3);
        assertThrows(IndexOutOfBoundsException.class,
                () -> x.indexPut_(List.of(Tensor.of(0L, 2L)), Tensor.ones(3), false));
        assertThrows(IllegalArgumentException.class,
                () -> x.indexPut_(List.of(Tensor.of(0L)), Tensor.ones(3).to(DType.FLOAT64), false));
        assertThrows(IllegalArgumentException.class, () -> x.maskedFill_(Tensor.of(true, false), 1.0));
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5}, x.toDoubleArray());
        assertEquals(0, x.version());
        Tensor leaf = Tensor.ones(3).requiresGrad_();
        assertEquals("a leaf Variable that requires grad is being used in an in-place operation.",
                assertThrows(IllegalStateException.class,
                        () -> leaf.indexPut_(List.of(Tensor.of(0L)), Tensor.scalar(2.0), false)).getMessage());
        assertEquals("a view of a leaf Variable that requires grad is being used in an in-place operation.",
                assertThrows(IllegalStateException.class,
                        () -> leaf.indexPut_(new Index[] {Index.slice(1L, null)}, 2.0)).getMessage());
        assertArrayEquals(new double[] {1, 1, 1}, leaf.toDoubleArray());
    }

    // ------------------------------------------------------------------ behaviour the fixtures cannot show

    @Test
    void splitOutputsAreViewsOfOneMultiOutputNode() {
        Tensor x = Tensor.arange(6.0).requiresGrad_();
        Tensor y = x.mul(2.0);
        List<Tensor> parts = y.split(4);
        assertEquals(parts.get(0).gradFn(), parts.get(1).gradFn());
        assertEquals(0, parts.get(0).outputNr());
        assertEquals(1, parts.get(1).outputNr());
        assertTrue(parts.get(1).sharesStorageWith(y));
        assertEquals(4, parts.get(1).storageOffset());
        // Only the second part is used: the first one's gradient is zeros.
        parts.get(1).sum().backward();
        assertArrayEquals(new double[] {0, 0, 0, 0, 2, 2}, x.grad().toDoubleArray());
    }

    @Test
    void multiOutputViewsRefuseInPlaceWritesAsInPyTorch() {
        Tensor y = Tensor.ones(4).requiresGrad_().mul(1.0);
        List<Tensor> parts = y.split(2);
        assertEquals("Output 1 of SplitBackward0 is a view and is being modified inplace. This view is the output of a "
                + "function that returns multiple views. Such functions do not allow the output views to be modified "
                + "inplace. You should replace the inplace operation by an out-of-place one.",
                assertThrows(IllegalStateException.class, () -> parts.get(1).mul_(2.0)).getMessage());
        assertArrayEquals(new double[] {1, 1, 1, 1}, y.toDoubleArray());
        // Without history the parts are plain views, written through as usual.
        List<Tensor> plain = Tensor.zeros(4).unbind();
        plain.get(3).fill_(5.0);
        assertEquals(5.0, plain.get(3).item());
    }

    @Test
    void indicesModifiedInPlaceAfterUseFailBackward() {
        Tensor x = Tensor.ones(3).requiresGrad_();
        Tensor index = Tensor.of(0L, 1L);
        Tensor out = x.gather(0, index);
        index.add_(1.0);
        assertEquals("one of the variables needed for gradient computation has been modified by an inplace "
                + "operation: [torch.LongTensor [2]] is at version 1; expected version 0 instead. Hint: enable anomaly "
                + "detection to find the operation that failed to compute its gradient, with "
                + "torch.autograd.set_detect_anomaly(True).",
                assertThrows(IllegalStateException.class, () -> out.sum().backward()).getMessage());
        assertNull(x.grad());
        Tensor picked = x.index(Index.of(index));
        index.mul_(0.0);
        assertThrows(IllegalStateException.class, () -> picked.sum().backward());
    }

    @Test
    void basicIndicesGiveViewsThatWritesGoThrough() {
        Tensor x = Tensor.zeros(2, 3);
        x.index(Index.of(1), Index.slice(null, null, 2L)).fill_(7.0);
        assertArrayEquals(new double[] {0, 0, 0, 7, 0, 7}, x.toDoubleArray());
        x.indexPut_(new Index[] {Index.ELLIPSIS, Index.of(Tensor.of(1L))}, Tensor.of(-1.0, -2.0).unsqueeze(1));
        assertArrayEquals(new double[] {0, -1, 0, 7, -2, 7}, x.toDoubleArray());
        assertEquals(2, x.version());
        Tensor diag = x.diagonal();
        diag.fill_(5.0);
        assertArrayEquals(new double[] {5, -1, 0, 7, 5, 7}, x.toDoubleArray());
    }

    @Test
    void accumulateAddsRepeatedIndicesAndOverwriteDoesNot() {
        Tensor a = Tensor.zeros(3).indexPut_(List.of(Tensor.of(1L, 1L, 2L)), Tensor.of(1.0, 2.0, 4.0), true);
        assertArrayEquals(new double[] {0, 3, 4}, a.toDoubleArray());
        Tensor b = Tensor.zeros(3).indexPut_(List.of(Tensor.of(0L, 2L)), Tensor.scalar(9.0), false);
        assertArrayEquals(new double[] {9, 0, 9}, b.toDoubleArray());
    }

    @Test
    void indexPutOnANonLeafIsRecordedAndCopiesIntoAViewGiveCopySlices() {
        Tensor x = Tensor.ones(2, 3).requiresGrad_();
        Tensor y = x.mul(3.0);
        y.indexPut_(List.of(Tensor.of(0L)), Tensor.scalar(0.0), false);
        assertEquals("IndexPutBackward0", y.gradFn().name());
        Tensor z = x.mul(3.0);
        z.indexPut_(new Index[] {Index.of(1), Index.of(Tensor.of(0L, 2L))}, Tensor.scalar(0.0));
        assertEquals("CopySlices", z.gradFn().name());
        y.add(z).sum().backward();
        // y passes 3 to row 1 only; z passes 3 everywhere but z[1, 0] and z[1, 2].
        assertArrayEquals(new double[] {3, 3, 3, 3, 6, 3}, x.grad().toDoubleArray());
    }

    @Test
    void scatterWithReduceHasNoDerivativeAsInPyTorch() {
        Tensor x = Tensor.ones(3).requiresGrad_();
        Tensor y = x.mul(1.0).scatter(0, Tensor.of(0L), x.narrow(0, 0, 1), "add");
        assertEquals("torch::autograd::NotImplemented", y.gradFn().name());
        assertEquals("derivative for aten::scatter is not implemented",
                assertThrows(IllegalStateException.class, () -> y.sum().backward()).getMessage());
    }

    @Test
    void indexVocabularyTakesIntsLongsAndNulls() {
        Tensor x = Tensor.arange(12.0).reshape(3, 4);
        assertArrayEquals(new double[] {5, 7, 9, 11}, x.index(Index.slice(1, null), Index.slice(1, null, 2)).toDoubleArray());
        assertArrayEquals(new long[] {1, 3, 4}, x.index(Index.of(true)).shape());
        assertArrayEquals(new long[] {0, 3, 4}, x.index(Index.of(false)).shape());
        assertEquals("slice indices must be integers or None or have an __index__ method",
                assertThrows(IllegalArgumentException.class, () -> Index.slice(0.5, null)).getMessage());
    }

    @Test
    void indexPrintsInPythonSpelling() {
        assertEquals("1:None:2", Index.slice(1L, null, 2L).toString());
        assertEquals("None", Index.NONE.toString());
        assertEquals("...", Index.ELLIPSIS.toString());
        assertFalse(Index.of(3).toString().isEmpty());
        assertNull(Tensor.ones(2).index(Index.ELLIPSIS).gradFn());
    }

    // ------------------------------------------------------------------ helpers

    private static Spec spec(String op, Run run, Sample... samples) {
        return new Spec(op, run, List.of(samples));
    }

    private static Spec spec(String op) {
        for (Spec s : SPECS) {
            if (s.op().equals(op)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no spec for op " + op);
    }

    private static Sample sample(UnaryOperator<Tensor> f, long... shape) {
        return new Sample(shape, f);
    }

    private static List<Tensor> one(Tensor t) {
        return List.of(t);
    }

    /** A scalar-weighted concatenation of parts, so that gradcheck sees every output with a distinct weight. */
    private static Tensor joinScaled(List<Tensor> parts) {
        Tensor total = null;
        for (int i = 0; i < parts.size(); i++) {
            Tensor term = parts.get(i).mul(parts.get(i)).mul(i + 1.0).sum();
            total = total == null ? term : total.add(term);
        }
        return total;
    }

    private static Index[] indices(JsonNode entries, List<Tensor> inputs) {
        Index[] out = new Index[entries.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode e = entries.get(i);
            if (e.isTextual()) {
                out[i] = e.asText().equals("None") ? Index.NONE : Index.ELLIPSIS;
            } else if (e.has("int")) {
                out[i] = Index.of(e.get("int").asLong());
            } else if (e.has("slice")) {
                JsonNode s = e.get("slice");
                out[i] = Index.slice(boxed(s.get(0)), boxed(s.get(1)), boxed(s.get(2)));
            } else {
                out[i] = Index.of(inputs.get(e.get("tensor").asInt()));
            }
        }
        return out;
    }

    private static Long boxed(JsonNode n) {
        return n.isNull() ? null : n.asLong();
    }

    private static void makeInputs(JsonNode inputs, DType floatType, List<Tensor> bases, List<Tensor> seen) {
        for (JsonNode in : inputs) {
            long[] shape = longs(in.get("shape"));
            double[] data = doubles(in.get("data"));
            Tensor base;
            switch (in.get("dtype").asText()) {
                case "long": {
                    long[] values = new long[data.length];
                    for (int i = 0; i < data.length; i++) {
                        values[i] = (long) data[i];
                    }
                    base = Tensor.of(values).reshape(shape);
                    break;
                }
                case "bool": {
                    boolean[] values = new boolean[data.length];
                    for (int i = 0; i < data.length; i++) {
                        values[i] = data[i] != 0;
                    }
                    base = Tensor.of(values).reshape(shape);
                    break;
                }
                default:
                    base = Tensor.of(data, floatType).reshape(shape);
                    if (in.get("grad").asBoolean()) {
                        base.requiresGrad_();
                    }
            }
            bases.add(base);
            String view = in.get("view").isNull() ? "" : in.get("view").asText();
            seen.add(view.equals("t") ? base.transpose(-1, -2)
                    : view.equals("step") ? base.slice(-1, 0, Long.MAX_VALUE, 2) : base);
        }
    }

    private static String dtypeName(DType type) {
        return type.torchName().replace("torch.", "");
    }

    private static JsonNode load() {
        try (InputStream in = ShapeOpsTest.class.getResourceAsStream(FIXTURE)) {
            assertNotNull(in, "missing test resource " + FIXTURE);
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }
}
