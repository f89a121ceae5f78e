package org.grad4j.nn.functional;

import static org.grad4j.FixtureSupport.assertFailsAsPyTorchChangingNothing;
import static org.grad4j.FixtureSupport.assertClose;
import static org.grad4j.FixtureSupport.constant;
import static org.grad4j.FixtureSupport.doubles;
import static org.grad4j.FixtureSupport.dtype;
import static org.grad4j.FixtureSupport.input;
import static org.grad4j.FixtureSupport.longs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.grad4j.DType;
import org.grad4j.JvpCheck;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradCheck;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * torch.nn.functional ({@link F}) driven by one op table ({@link #SPECS}): each entry names the op
 * as {@code tools/gen_nn_functional_fixtures.py} does, says how to call F with the fixture's
 * arguments, and lists float64 functions of one input for gradcheck, gradgradcheck and the
 * forward-vs-reverse check. The fixtures (fixtures/nn_functional.json) give PyTorch's values,
 * gradients, grad_fn names and error messages for random inputs (float32 and float64, transposed
 * and strided views, every reduction, weights, ignore_index, label smoothing, extreme logits).
 */
class FunctionalTest {
    /** Calls an op on the fixture's inputs with the fixture's arguments. */
    @FunctionalInterface
    interface Call {
        Tensor apply(List<Tensor> x, JsonNode args);
    }

    /** One op: its fixture name, how to call it, and float64 single-input functions for gradcheck. */
    record Spec(String op, Call call, List<Named<Check>> gradChecks) {
    }

    /** A float64 function of one input of the given shape. */
    record Check(long[] shape, UnaryOperator<Tensor> f) {
    }

    private static final Tensor M34 = constant(31, 3, 4);
    private static final Tensor W23 = constant(32, 2, 3);
    private static final Tensor B2 = constant(33, 2);
    private static final Tensor CLASSES4 = Tensor.of(0, 2, 1, 2);
    private static final Tensor PROBS43 = F.softmax(constant(34, 4, 3), 1);
    private static final Tensor WEIGHT3 = Tensor.of(new double[] {0.5, 1.5, 1.0}, DType.FLOAT64);
    private static final Tensor UNIT34 = constant(35, 3, 4).sigmoid();
    private static final Tensor V4 = constant(36, 4);
    private static final Tensor V3 = constant(37, 3);
    private static final Tensor IMAGES = constant(38, 2, 2, 5, 4);
    private static final Tensor KERNELS = constant(39, 3, 2, 3, 2);
    private static final Tensor INDICES = Tensor.of(new long[] {1, 4, 1, 0, 2, 1}).reshape(2, 3);

    static final List<Spec> SPECS = List.of(
            spec("linear", (x, a) -> F.linear(x.get(0), x.get(1), opt(x, a, "bias")),
                    check("linear input", y -> F.linear(y, W23, B2), 4, 3),
                    check("linear weight", y -> F.linear(M34.t(), y), 2, 3),
                    check("linear 3-d input", y -> F.linear(y, W23, B2), 2, 2, 3)),
            spec("relu", (x, a) -> F.relu(x.get(0)), check("relu", F::relu, 3, 4)),
            spec("relu6", (x, a) -> F.relu6(x.get(0)), check("relu6", y -> F.relu6(y.mul(4.0)), 3, 4)),
            spec("leaky_relu", (x, a) -> F.leakyRelu(x.get(0), a.get("negative_slope").asDouble()),
                    check("leaky_relu", F::leakyRelu, 3, 4),
                    check("leaky_relu slope 0.3", y -> F.leakyRelu(y, 0.3), 5)),
            spec("elu", (x, a) -> F.elu(x.get(0), a.get("alpha").asDouble()),
                    check("elu", F::elu, 3, 4), check("elu alpha 0.5", y -> F.elu(y, 0.5), 5)),
            spec("selu", (x, a) -> F.selu(x.get(0)), check("selu", F::selu, 3, 4)),
            spec("celu", (x, a) -> F.celu(x.get(0), a.get("alpha").asDouble()),
                    check("celu alpha 2", y -> F.celu(y, 2.0), 3, 4)),
            spec("gelu", (x, a) -> F.gelu(x.get(0), a.get("approximate").asText()),
                    check("gelu", F::gelu, 3, 4), check("gelu tanh", y -> F.gelu(y, "tanh"), 3, 4)),
            spec("silu", (x, a) -> F.silu(x.get(0)), check("silu", F::silu, 3, 4)),
            spec("mish", (x, a) -> F.mish(x.get(0)), check("mish", F::mish, 3, 4)),
            spec("softplus", (x, a) -> F.softplus(x.get(0), a.get("beta").asDouble(), a.get("threshold").asDouble()),
                    check("softplus", F::softplus, 3, 4),
                    check("softplus beta 2 threshold 3", y -> F.softplus(y, 2.0, 3.0), 6)),
            spec("softsign", (x, a) -> F.softsign(x.get(0)), check("softsign", F::softsign, 3, 4)),
            spec("hardtanh", (x, a) -> F.hardtanh(x.get(0), a.get("min_val").asDouble(), a.get("max_val").asDouble()),
                    check("hardtanh", y -> F.hardtanh(y, -1.5, 1.5), 3, 4)),
            spec("hardsigmoid", (x, a) -> F.hardsigmoid(x.get(0)),
                    check("hardsigmoid", y -> F.hardsigmoid(y.mul(2.0)), 3, 4)),
            spec("hardswish", (x, a) -> F.hardswish(x.get(0)),
                    check("hardswish", y -> F.hardswish(y.mul(2.0)), 3, 4)),
            spec("logsigmoid", (x, a) -> F.logsigmoid(x.get(0)), check("logsigmoid", F::logsigmoid, 3, 4)),
            spec("sigmoid", (x, a) -> F.sigmoid(x.get(0)), check("sigmoid", F::sigmoid, 3, 4)),
            spec("tanh", (x, a) -> F.tanh(x.get(0)), check("tanh", F::tanh, 3, 4)),
            spec("softmax", (x, a) -> F.softmax(x.get(0), a.get("dim").asInt()),
                    check("softmax dim 1", y -> F.softmax(y, 1), 3, 4),
                    check("softmax dim 0 of 3-d", y -> F.softmax(y, 0), 2, 3, 2)),
            spec("log_softmax", (x, a) -> F.logSoftmax(x.get(0), a.get("dim").asInt()),
                    check("log_softmax dim 1", y -> F.logSoftmax(y, 1), 3, 4),
                    check("log_softmax dim -1 of 3-d", y -> F.logSoftmax(y, -1), 2, 3, 2)),
            spec("cross_entropy", (x, a) -> F.crossEntropy(x.get(0), x.get(1), opt(x, a, "weight"),
                            a.get("reduction").asText(), a.get("ignore_index").asLong(),
                            a.get("label_smoothing").asDouble()),
                    check("cross_entropy", y -> F.crossEntropy(y, CLASSES4), 4, 3),
                    check("cross_entropy weight ignore smoothing", y -> F.crossEntropy(y, CLASSES4, WEIGHT3, "mean", 1,
                            0.2), 4, 3),
                    check("cross_entropy probabilities", y -> F.crossEntropy(y, PROBS43, WEIGHT3, "none", -100, 0.1),
                            4, 3),
                    check("cross_entropy probability target", y -> F.crossEntropy(M34.t(), F.softmax(y, 1)), 4, 3)),
            spec("nll_loss", (x, a) -> F.nllLoss(x.get(0), x.get(1), opt(x, a, "weight"), a.get("reduction").asText(),
                            a.get("ignore_index").asLong()),
                    check("nll_loss", y -> F.nllLoss(y, CLASSES4), 4, 3),
                    check("nll_loss weight none", y -> F.nllLoss(y, CLASSES4, WEIGHT3, "none", -100), 4, 3)),
            spec("mse_loss", (x, a) -> F.mseLoss(x.get(0), x.get(1), a.get("reduction").asText()),
                    check("mse_loss input", y -> F.mseLoss(y, M34), 3, 4),
                    check("mse_loss target sum", y -> F.mseLoss(M34, y, "sum"), 3, 4)),
            spec("l1_loss", (x, a) -> F.l1Loss(x.get(0), x.get(1), a.get("reduction").asText()),
                    check("l1_loss", y -> F.l1Loss(y, M34.mul(0.1)), 3, 4)),
            spec("smooth_l1_loss", (x, a) -> F.smoothL1Loss(x.get(0), x.get(1), a.get("reduction").asText(),
                            a.get("beta").asDouble()),
                    check("smooth_l1_loss", y -> F.smoothL1Loss(y, M34.mul(0.1), "none", 0.7), 3, 4),
                    check("smooth_l1_loss target", y -> F.smoothL1Loss(M34.mul(0.1), y), 3, 4)),
            spec("huber_loss", (x, a) -> F.huberLoss(x.get(0), x.get(1), a.get("reduction").asText(),
                            a.get("delta").asDouble()),
                    check("huber_loss", y -> F.huberLoss(y, M34.mul(0.1), "sum", 0.7), 3, 4),
                    check("huber_loss target", y -> F.huberLoss(M34.mul(0.1), y, "none", 1.0), 3, 4)),
            spec("binary_cross_entropy", (x, a) -> F.binaryCrossEntropy(x.get(0), x.get(1), opt(x, a, "weight"),
                            a.get("reduction").asText()),
                    check("binary_cross_entropy", y -> F.binaryCrossEntropy(y.sigmoid(), UNIT34), 3, 4),
                    check("binary_cross_entropy target", y -> F.binaryCrossEntropy(UNIT34, y.sigmoid(), WEIGHT3
                            .narrow(0, 0, 1), "none"), 3, 4)),
            spec("binary_cross_entropy_with_logits", (x, a) -> F.binaryCrossEntropyWithLogits(x.get(0), x.get(1),
                            opt(x, a, "weight"), opt(x, a, "pos_weight"), a.get("reduction").asText()),
                    check("binary_cross_entropy_with_logits", y -> F.binaryCrossEntropyWithLogits(y, UNIT34), 3, 4),
                    check("binary_cross_entropy_with_logits weights", y -> F.binaryCrossEntropyWithLogits(y, UNIT34,
                            UNIT34.select(0, 0), UNIT34.select(0, 1).mul(3.0), "sum"), 3, 4),
                    check("binary_cross_entropy_with_logits target", y -> F.binaryCrossEntropyWithLogits(M34, y.sigmoid(),
                            null, UNIT34.select(0, 2), "none"), 3, 4)),
            spec("kl_div", (x, a) -> F.klDiv(x.get(0), x.get(1), a.get("reduction").asText(),
                            a.get("log_target").asBoolean()),
                    check("kl_div batchmean", y -> F.klDiv(y, PROBS43, "batchmean", false), 4, 3),
                    check("kl_div log_target", y -> F.klDiv(y, M34.t(), "sum", true), 4, 3)),
            spec("layer_norm", (x, a) -> F.layerNorm(x.get(0), longs(a.get("normalized_shape")), opt(x, a, "weight"),
                            opt(x, a, "bias"), a.get("eps").asDouble()),
                    check("layer_norm input", y -> F.layerNorm(y, new long[] {4}, V4, V4.cos(), 1e-5), 3, 4),
                    check("layer_norm two dims", y -> F.layerNorm(y, new long[] {3, 2}), 2, 3, 2),
                    check("layer_norm weight", y -> F.layerNorm(M34, new long[] {4}, y, null, 1e-5), 4)),
            spec("batch_norm", (x, a) -> F.batchNorm(x.get(0), opt(x, a, "running_mean"), opt(x, a, "running_var"),
                            opt(x, a, "weight"), opt(x, a, "bias"), a.get("training").asBoolean(),
                            a.get("momentum").asDouble(), a.get("eps").asDouble()),
                    check("batch_norm training", y -> F.batchNorm(y, null, null, V3, V3.cos(), true, 0.1, 1e-5), 4, 3),
                    check("batch_norm training 3-d", y -> F.batchNorm(y, null, null, null, null, true, 0.1, 1e-5),
                            2, 3, 2),
                    check("batch_norm eval", y -> F.batchNorm(y, V3, V3.exp(), V3.sin(), V3, false, 0.1, 1e-5), 4, 3),
                    check("batch_norm weight", y -> F.batchNorm(M34.t(), null, null, y, null, true, 0.1, 1e-5), 3)),
            spec("embedding", (x, a) -> F.embedding(x.get(0), x.get(1),
                            a.get("padding_idx").isNull() ? null : a.get("padding_idx").asLong()),
                    check("embedding", y -> F.embedding(INDICES, y), 5, 3),
                    check("embedding 1-d indices", y -> F.embedding(Tensor.of(2, 0, 2), y), 4, 2)),
            spec("one_hot", (x, a) -> F.oneHot(x.get(0), a.get("num_classes").asLong())),
            spec("dropout", (x, a) -> F.dropout(x.get(0), a.get("p").asDouble(), a.get("training").asBoolean()),
                    check("dropout seeded", y -> {
                        Tensor.manualSeed(5);
                        return F.dropout(y, 0.4, true);
                    }, 3, 4)),
            spec("conv1d", (x, a) -> F.conv1d(x.get(0), x.get(1), opt(x, a, "bias"), sizes(a, "stride"),
                            sizes(a, "padding"), sizes(a, "dilation"), a.get("groups").asLong()),
                    check("conv1d input", y -> F.conv1d(y, KERNELS.select(2, 0), V3, 2, 1, 1, 1), 2, 2, 5),
                    check("conv1d weight groups", y -> F.conv1d(IMAGES.select(2, 0), y, null, 1, 1, 2, 2), 4, 1, 2)),
            spec("conv2d", (x, a) -> F.conv2d(x.get(0), x.get(1), opt(x, a, "bias"), sizes(a, "stride"),
                            sizes(a, "padding"), sizes(a, "dilation"), a.get("groups").asLong()),
                    check("conv2d input", y -> F.conv2d(y, KERNELS, V3, 1, 1, 1, 1), 2, 2, 4, 4),
                    check("conv2d input stride dilation", y -> F.conv2d(y, KERNELS, null, new long[] {2, 1},
                            new long[] {1, 0}, new long[] {1, 2}, 1), 1, 2, 5, 5),
                    check("conv2d weight", y -> F.conv2d(IMAGES, y, null, 1, 0, 1, 1), 3, 2, 2, 3),
                    check("conv2d weight groups", y -> F.conv2d(IMAGES, y, null, 1, 1, 1, 2), 4, 1, 3, 2),
                    check("conv2d bias", y -> F.conv2d(IMAGES, KERNELS, y, 2, 0, 1, 1), 3)),
            spec("max_pool2d", (x, a) -> F.maxPool2d(x.get(0), sizes(a, "kernel_size"), sizes(a, "stride"),
                            sizes(a, "padding"), sizes(a, "dilation"), a.get("ceil_mode").asBoolean()),
                    check("max_pool2d", y -> F.maxPool2d(y, 2), 1, 2, 4, 4),
                    check("max_pool2d padding ceil dilation", y -> F.maxPool2d(y, new long[] {3}, new long[] {2},
                            new long[] {1}, new long[] {1, 2}, true), 1, 1, 6, 7)),
            spec("avg_pool2d", (x, a) -> F.avgPool2d(x.get(0), sizes(a, "kernel_size"), sizes(a, "stride"),
                            sizes(a, "padding"), a.get("ceil_mode").asBoolean(), a.get("count_include_pad").asBoolean(),
                            a.get("divisor_override").isNull() ? null : a.get("divisor_override").asLong()),
                    check("avg_pool2d", y -> F.avgPool2d(y, 2), 1, 2, 4, 4),
                    check("avg_pool2d padding ceil", y -> F.avgPool2d(y, 3, 2, 1, true, false), 1, 1, 6, 6)),
            spec("adaptive_avg_pool2d", (x, a) -> F.adaptiveAvgPool2d(x.get(0), sizes(a, "output_size")),
                    check("adaptive_avg_pool2d", y -> F.adaptiveAvgPool2d(y, 2, 3), 1, 2, 5, 4),
                    check("adaptive_avg_pool2d to 1x1", y -> F.adaptiveAvgPool2d(y, 1), 2, 3, 3)),
            spec("pad", (x, a) -> F.pad(x.get(0), sizes(a, "pad"), a.get("mode").asText(),
                            a.get("value").isNull() ? null : a.get("value").asDouble()),
                    check("pad constant with crop", y -> F.pad(y, new long[] {1, -1, 2, 0}, "constant", 0.5), 2, 3, 4),
                    check("pad reflect", y -> F.pad(y, new long[] {2, 1, 1, 2}, "reflect"), 1, 3, 4),
                    check("pad replicate", y -> F.pad(y, new long[] {2, 1}, "replicate"), 2, 3)),
            spec("interpolate", (x, a) -> F.interpolate(x.get(0), sizes(a, "size"),
                            a.get("scale_factor").isNull() ? null : doubles(array(a.get("scale_factor"))),
                            a.get("mode").asText(),
                            a.get("align_corners").isNull() ? null : a.get("align_corners").asBoolean()),
                    check("interpolate nearest", y -> F.interpolate(y, new long[] {5, 3}), 1, 2, 3, 4),
                    check("interpolate bilinear", y -> F.interpolate(y, null, new double[] {1.5}, "bilinear", false),
                            1, 1, 3, 4),
                    check("interpolate bilinear align_corners", y -> F.interpolate(y, new long[] {4, 5}, null,
                            "bilinear", true), 1, 2, 3, 2)));

    private static final String FIXTURE = "/fixtures/nn_functional.json";
    private static final JsonNode FIXTURES = load();

    // ---------------------------------------------------------------- (a) against PyTorch

    static Stream<Named<JsonNode>> cases() {
        return StreamSupport.stream(FIXTURES.get("cases").spliterator(), false)
                .map(c -> Named.of(c.get("name").asText(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void valuesGradientsAndNodeNamesMatchPyTorch(JsonNode c) {
        String name = c.get("name").asText();
        DType dtype = dtype(c.get("dtype").asText());
        double rtol = dtype == DType.FLOAT64 ? 1e-8 : 2e-4;
        double atol = dtype == DType.FLOAT64 ? 1e-10 : 2e-5;
        List<Tensor> leaves = new ArrayList<>();
        List<Tensor> inputs = inputs(c, dtype, leaves);
        Tensor out = spec(c.get("op").asText()).call().apply(inputs, c.get("args"));

        for (int i = 0; i < leaves.size(); i++) {
            JsonNode after = c.get("after").get(i);
            double[] expectedAfter = doubles(after.isNull() ? c.get("inputs").get(i).get("data") : after);
            assertClose(name + ": input " + i + " after the call", expectedAfter, leaves.get(i).toDoubleArray(), rtol,
                    atol);
        }
        JsonNode expected = c.get("output");
        assertArrayEquals(longs(expected.get("shape")), out.shape(), name + ": shape");
        assertEquals(dtype(expected.get("dtype").asText()), out.dtype(), name + ": dtype");
        assertClose(name + ": output", doubles(expected.get("data")), out.toDoubleArray(), rtol, atol);
        String gradFn = c.get("grad_fn").isNull() ? null : c.get("grad_fn").asText();
        assertEquals(gradFn, out.gradFn() == null ? null : out.gradFn().name(), name + ": grad_fn");
        if (!c.has("grads")) {
            return;
        }
        Tensor weight = Tensor.of(doubles(c.get("weight")), dtype).reshape(out.shape());
        out.mul(weight).sum().backward();
        for (int i = 0; i < leaves.size(); i++) {
            JsonNode g = c.get("grads").get(i);
            if (g.isNull()) {
                assertNull(leaves.get(i).grad(), name + ": grad " + i);
            } else {
                assertNotNull(leaves.get(i).grad(), name + ": grad " + i);
                assertClose(name + ": grad " + i, doubles(g), leaves.get(i).grad().toDoubleArray(), rtol, atol);
            }
        }
    }

    @Test
    void everyOpInTheTableHasFixturesAndGradChecks() {
        Set<String> withCases = new HashSet<>();
        FIXTURES.get("cases").forEach(c -> withCases.add(c.get("op").asText()));
        for (Spec s : SPECS) {
            assertTrue(withCases.contains(s.op()), s.op() + " has no fixture cases");
            // one_hot returns integers: nothing to differentiate.
            assertTrue(!s.gradChecks().isEmpty() || s.op().equals("one_hot"), s.op() + " has no gradcheck functions");
        }
    }

    // ---------------------------------------------------------------- (b) finite differences, forward mode

    static Stream<Named<Check>> checks() {
        return SPECS.stream().flatMap(s -> s.gradChecks().stream());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    void firstDerivativesMatchFiniteDifferences(Check check) {
        assertTrue(GradCheck.gradcheck(check.f(), input(check.shape())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    void secondDerivativesMatchFiniteDifferences(Check check) {
        assertTrue(GradCheck.gradgradcheck(check.f(), input(check.shape())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    void forwardModeMatchesReverseMode(Check check) {
        JvpCheck.assertForwardMatchesReverse(check.f(), input(check.shape()));
    }

    // ---------------------------------------------------------------- (c) errors

    static Stream<Named<JsonNode>> errors() {
        return StreamSupport.stream(FIXTURES.get("errors").spliterator(), false)
                .map(c -> Named.of(c.get("name").asText(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void badArgumentsFailWithPyTorchsWordingAndChangeNothing(JsonNode c) {
        DType dtype = dtype(c.get("dtype").asText());
        List<Tensor> leaves = new ArrayList<>();
        List<Tensor> inputs = inputs(c, dtype, leaves);
        assertFailsAsPyTorchChangingNothing(c, leaves,
                () -> spec(c.get("op").asText()).call().apply(inputs, c.get("args")));
    }

    // ---------------------------------------------------------------- helpers

    @SafeVarargs
    private static Spec spec(String op, Call call, Named<Check>... checks) {
        return new Spec(op, call, List.of(checks));
    }

    private static Named<Check> check(String name, UnaryOperator<Tensor> f, long... shape) {
        return Named.of(name, new Check(shape, f));
    }

    private static Spec spec(String op) {
        return SPECS.stream().filter(s -> s.op().equals(op)).findFirst()
                .orElseThrow(() -> new AssertionError("no spec for op " + op));
    }

    /** The optional tensor argument {@code key}: the input its index names, or null. */
    static Tensor opt(List<Tensor> x, JsonNode args, String key) {
        JsonNode i = args.get(key);
        return i == null || i.isNull() ? null : x.get(i.asInt());
    }

    /** A size argument: null, one number or a list. */
    static long[] sizes(JsonNode args, String key) {
        JsonNode v = args.get(key);
        return v == null || v.isNull() ? null : longs(array(v));
    }

    private static JsonNode array(JsonNode v) {
        return v.isArray() ? v : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode().add(v);
    }

    /** The tensors the op sees; the leaves (which hold the gradients) go to {@code leaves}. */
    static List<Tensor> inputs(JsonNode c, DType dtype, List<Tensor> leaves) {
        List<Tensor> seen = new ArrayList<>();
        for (JsonNode in : c.get("inputs")) {
            Tensor leaf = Tensor.of(doubles(in.get("data")), in.get("int").asBoolean() ? DType.INT64 : dtype)
                    .reshape(longs(in.get("shape")));
            if (in.get("grad").asBoolean()) {
                leaf.requiresGrad_();
            }
            leaves.add(leaf);
            switch (in.get("view").asText()) {
                case "mT": seen.add(leaf.mT()); break;
                case "stride2": seen.add(leaf.slice(-1, 0, leaf.size(-1), 2)); break;
                default: seen.add(leaf);
            }
        }
        return seen;
    }

    private static JsonNode load() {
        try (InputStream in = FunctionalTest.class.getResourceAsStream(FIXTURE)) {
            assertNotNull(in, "missing test resource " + FIXTURE);
            return JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
