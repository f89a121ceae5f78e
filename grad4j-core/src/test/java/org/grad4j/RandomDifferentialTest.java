package org.grad4j;

import static org.grad4j.FixtureSupport.doubles;
import static org.grad4j.FixtureSupport.longs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential test against PyTorch: replays the random op chains of
 * {@code /fixtures/random_chains.json} (written by {@code tools/gen_random_fixtures.py}) with grad4j
 * in float64, then checks the chain's output (shape exactly, values within 1e-9 relative + 1e-12
 * absolute) and, after {@code output.sum().backward()}, every leaf's gradient the same way.
 * The JSON op vocabulary is documented at the top of the generator.
 */
class RandomDifferentialTest {

    private static final String FIXTURE = "/fixtures/random_chains.json";
    private static final double RTOL = 1e-9;
    private static final double ATOL = 1e-12;

    static Stream<Named<JsonNode>> cases() {
        try (InputStream in = RandomDifferentialTest.class.getResourceAsStream(FIXTURE)) {
            assertNotNull(in, "missing test resource " + FIXTURE);
            JsonNode cases = new ObjectMapper().readTree(in).get("cases");
            return StreamSupport.stream(cases.spliterator(), false)
                    .map(c -> Named.of(c.get("name").asText(), c));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorch(JsonNode testCase) {
        // Surefire reports parameterized cases by number, so every message also names the op chain.
        String caseName = testCase.get("name").asText();
        try {
            replayAndCompare(testCase, caseName);
        } catch (RuntimeException e) {
            fail(caseName + ": grad4j threw " + e, e);
        }
    }

    private static void replayAndCompare(JsonNode testCase, String caseName) {
        List<Tensor> leaves = new ArrayList<>();
        List<Tensor> leafInputs = new ArrayList<>();
        for (JsonNode leafNode : testCase.get("leaves")) {
            Tensor leaf = Tensor.of(doubles(leafNode.get("data")), DType.FLOAT64)
                    .reshape(longs(leafNode.get("shape")))
                    .requiresGrad_();
            leaves.add(leaf);
            leafInputs.add(leafNode.has("view") ? applyView(leaf, leafNode.get("view")) : leaf);
        }

        List<Tensor> values = new ArrayList<>();
        for (JsonNode op : testCase.get("ops")) {
            values.add(apply(op, values, leafInputs));
        }
        Tensor output = values.get(values.size() - 1);

        JsonNode expectedOutput = testCase.get("output");
        assertEquals(DType.FLOAT64, output.dtype(), caseName + ": output dtype");
        assertArrayEquals(longs(expectedOutput.get("shape")), output.shape(), caseName + ": output shape");
        assertClose(caseName + ": output", doubles(expectedOutput.get("data")), output.toDoubleArray());

        output.sum().backward();
        JsonNode expectedGrads = testCase.get("grads");
        for (int k = 0; k < leaves.size(); k++) {
            Tensor leaf = leaves.get(k);
            String label = caseName + ": grad of leaf " + "abc".charAt(k);
            assertNotNull(leaf.grad(), label + " is null");
            assertArrayEquals(leaf.shape(), leaf.grad().shape(), label + " shape");
            assertClose(label, doubles(expectedGrads.get(k)), leaf.grad().toDoubleArray());
        }
    }

    /** The view a leaf is seen through before it enters the chain (so the chain sees non-contiguous data). */
    private static Tensor applyView(Tensor base, JsonNode view) {
        String kind = view.get("kind").asText();
        return switch (kind) {
            case "t" -> base.t();
            case "transpose" -> base.transpose(view.get("dim0").asInt(), view.get("dim1").asInt());
            case "slice" -> base.slice(view.get("dim").asInt(), view.get("start").asLong(), view.get("end").asLong());
            case "expand" -> base.expand(longs(view.get("size")));
            case "index" -> base.index(view.get("index").asLong());
            default -> throw new IllegalArgumentException("unknown view kind " + kind);
        };
    }

    /** Interprets one op of the fixture vocabulary; {@code args} index earlier values. */
    private static Tensor apply(JsonNode op, List<Tensor> values, List<Tensor> leafInputs) {
        String name = op.get("op").asText();
        if (name.equals("leaf")) {
            return leafInputs.get(op.get("leaf").asInt());
        }
        Tensor x = values.get(op.get("args").get(0).asInt());
        return switch (name) {
            case "add" -> x.add(second(op, values));
            case "sub" -> x.sub(second(op, values));
            case "mul" -> x.mul(second(op, values));
            case "div" -> x.div(second(op, values));
            case "add_scalar" -> x.add(op.get("value").asDouble());
            case "sub_scalar" -> x.sub(op.get("value").asDouble());
            case "mul_scalar" -> x.mul(op.get("value").asDouble());
            case "div_scalar" -> x.div(op.get("value").asDouble());
            case "pow" -> x.pow(op.get("exponent").asDouble());
            case "neg" -> x.neg();
            case "exp" -> x.exp();
            case "log" -> x.log();
            case "sin" -> x.sin();
            case "cos" -> x.cos();
            case "tanh" -> x.tanh();
            case "sigmoid" -> x.sigmoid();
            case "relu" -> x.relu();
            case "abs" -> x.abs();
            case "sqrt" -> x.sqrt();
            case "norm" -> x.norm();
            case "sum" -> reduce(x, op, false);
            case "mean" -> reduce(x, op, true);
            case "cumsum" -> x.cumsum(op.get("dim").asInt());
            case "dot" -> x.dot(second(op, values));
            case "mv" -> x.mv(second(op, values));
            case "mm" -> x.mm(second(op, values));
            case "matmul" -> x.matmul(second(op, values));
            case "t" -> x.t();
            case "transpose" -> x.transpose(op.get("dim0").asInt(), op.get("dim1").asInt());
            case "reshape" -> x.reshape(longs(op.get("shape")));
            case "unsqueeze" -> x.unsqueeze(op.get("dim").asInt());
            case "squeeze" -> op.has("dim") ? x.squeeze(op.get("dim").asInt()) : x.squeeze();
            default -> throw new IllegalArgumentException("unknown op " + name);
        };
    }

    private static Tensor second(JsonNode op, List<Tensor> values) {
        return values.get(op.get("args").get(1).asInt());
    }

    /** sum/mean in the four forms: all elements, one dim, one dim with keepdim, several dims with keepdim. */
    private static Tensor reduce(Tensor x, JsonNode op, boolean mean) {
        JsonNode dim = op.get("dim");
        if (dim == null) {
            return mean ? x.mean() : x.sum();
        }
        if (dim.isArray()) {
            int[] dims = ints(dim);
            boolean keepdim = op.get("keepdim").asBoolean();
            return mean ? x.mean(dims, keepdim) : x.sum(dims, keepdim);
        }
        if (op.has("keepdim")) {
            boolean keepdim = op.get("keepdim").asBoolean();
            return mean ? x.mean(dim.asInt(), keepdim) : x.sum(dim.asInt(), keepdim);
        }
        return mean ? x.mean(dim.asInt()) : x.sum(dim.asInt());
    }

    /** Fails with the first element outside {@code |actual - expected| <= ATOL + RTOL * |expected|}. */
    private static void assertClose(String what, double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length, what + " element count");
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(actual[i] - expected[i]) <= ATOL + RTOL * Math.abs(expected[i]))) {
                fail(String.format("%s differs at flat index %d: expected %.17g but was %.17g", what, i, expected[i],
                        actual[i]));
            }
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
