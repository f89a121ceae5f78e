package org.grad4j.nn;

import static org.grad4j.FixtureSupport.assertClose;
import static org.grad4j.FixtureSupport.doubles;
import static org.grad4j.FixtureSupport.longs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.grad4j.DType;
import org.grad4j.Tensor;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The nn module wrappers against PyTorch 1.13 (fixtures/nn_modules.json from
 * tools/gen_nn_modules_fixtures.py). One table ({@link #MODULES}) says how to build each module from
 * the fixture's constructor arguments; each case then checks the repr, loads PyTorch's state dict
 * (which pins the key names), runs the training-mode forwards the case lists, and compares the
 * checked forward's output, the input and parameter gradients, and the state dict afterwards
 * (BatchNorm's running statistics).
 */
class NnModulesTest {
    /** A fixture's constructor arguments (PyTorch keyword names) with the case's dtype for tensor arguments. */
    record Args(JsonNode json, DType dtype) {
        double d(String key, double orElse) {
            return json.has(key) ? json.get(key).asDouble() : orElse;
        }

        long l(String key, long orElse) {
            return json.has(key) && !json.get(key).isNull() ? json.get(key).asLong() : orElse;
        }

        boolean b(String key, boolean orElse) {
            return json.has(key) ? json.get(key).asBoolean() : orElse;
        }

        String s(String key, String orElse) {
            return json.has(key) ? json.get(key).asText() : orElse;
        }

        /** A tensor argument given by its values, or null. */
        Tensor t(String key) {
            return json.has(key) && !json.get(key).isNull() ? Tensor.of(doubles(json.get(key)), dtype) : null;
        }

        /** A tuple argument (a JSON list) or a single int. */
        long[] ls(String key) {
            JsonNode v = json.get(key);
            return v.isArray() ? longs(v) : new long[] {v.asLong()};
        }

        /** momentum: absent is 0.1, null is PyTorch's None (cumulative average). */
        Double momentum() {
            return !json.has("momentum") ? Double.valueOf(0.1) : json.get("momentum").isNull() ? null
                    : json.get("momentum").asDouble();
        }
    }

    static final Map<String, Function<Args, Module>> MODULES = new LinkedHashMap<>();

    static {
        MODULES.put("ReLU", a -> new ReLU());
        MODULES.put("Tanh", a -> new Tanh());
        MODULES.put("Sigmoid", a -> new Sigmoid());
        MODULES.put("Identity", a -> new Identity());
        MODULES.put("LeakyReLU", a -> a.json().has("negative_slope") ? new LeakyReLU(a.d("negative_slope", 0))
                : new LeakyReLU());
        MODULES.put("ELU", a -> a.json().has("alpha") ? new ELU(a.d("alpha", 0)) : new ELU());
        MODULES.put("CELU", a -> a.json().has("alpha") ? new CELU(a.d("alpha", 0)) : new CELU());
        MODULES.put("SELU", a -> new SELU());
        MODULES.put("GELU", a -> a.json().has("approximate") ? new GELU(a.s("approximate", "")) : new GELU());
        MODULES.put("SiLU", a -> new SiLU());
        MODULES.put("Mish", a -> new Mish());
        MODULES.put("Softplus", a -> a.json().isEmpty() ? new Softplus()
                : new Softplus(a.d("beta", 1), a.d("threshold", 20)));
        MODULES.put("Hardtanh", a -> a.json().isEmpty() ? new Hardtanh()
                : new Hardtanh(a.d("min_val", -1), a.d("max_val", 1)));
        MODULES.put("ReLU6", a -> new ReLU6());
        MODULES.put("Softsign", a -> new Softsign());
        MODULES.put("Hardsigmoid", a -> new Hardsigmoid());
        MODULES.put("Hardswish", a -> new Hardswish());
        MODULES.put("LogSigmoid", a -> new LogSigmoid());
        MODULES.put("Softmax", a -> new Softmax((int) a.l("dim", 0)));
        MODULES.put("LogSoftmax", a -> new LogSoftmax((int) a.l("dim", 0)));
        MODULES.put("Softmin", a -> new Softmin((int) a.l("dim", 0)));
        MODULES.put("Dropout", a -> a.json().has("p") ? new Dropout(a.d("p", 0)) : new Dropout());
        MODULES.put("MSELoss", a -> a.json().isEmpty() ? new MSELoss() : new MSELoss(a.s("reduction", "mean")));
        MODULES.put("L1Loss", a -> a.json().isEmpty() ? new L1Loss() : new L1Loss(a.s("reduction", "mean")));
        MODULES.put("HuberLoss", a -> a.json().isEmpty() ? new HuberLoss()
                : new HuberLoss(a.s("reduction", "mean"), a.d("delta", 1)));
        MODULES.put("SmoothL1Loss", a -> a.json().isEmpty() ? new SmoothL1Loss()
                : new SmoothL1Loss(a.s("reduction", "mean"), a.d("beta", 1)));
        MODULES.put("KLDivLoss", a -> a.json().isEmpty() ? new KLDivLoss()
                : new KLDivLoss(a.s("reduction", "mean"), a.b("log_target", false)));
        MODULES.put("CrossEntropyLoss", a -> a.json().isEmpty() ? new CrossEntropyLoss()
                : new CrossEntropyLoss(a.t("weight"), a.l("ignore_index", -100), a.s("reduction", "mean"),
                        a.d("label_smoothing", 0)));
        MODULES.put("NLLLoss", a -> a.json().isEmpty() ? new NLLLoss()
                : new NLLLoss(a.t("weight"), a.l("ignore_index", -100), a.s("reduction", "mean")));
        MODULES.put("BCELoss", a -> a.json().isEmpty() ? new BCELoss()
                : new BCELoss(a.t("weight"), a.s("reduction", "mean")));
        MODULES.put("BCEWithLogitsLoss", a -> a.json().isEmpty() ? new BCEWithLogitsLoss()
                : new BCEWithLogitsLoss(a.t("weight"), a.s("reduction", "mean"), a.t("pos_weight")));
        MODULES.put("BatchNorm1d", a -> a.json().size() == 1 ? new BatchNorm1d(a.l("num_features", 0))
                : new BatchNorm1d(a.l("num_features", 0), a.d("eps", 1e-5), a.momentum(), a.b("affine", true),
                        a.b("track_running_stats", true)));
        MODULES.put("BatchNorm2d", a -> a.json().size() == 1 ? new BatchNorm2d(a.l("num_features", 0))
                : new BatchNorm2d(a.l("num_features", 0), a.d("eps", 1e-5), a.momentum(), a.b("affine", true),
                        a.b("track_running_stats", true)));
        MODULES.put("LayerNorm", a -> a.json().size() == 1 ? new LayerNorm(a.ls("normalized_shape"))
                : new LayerNorm(a.ls("normalized_shape"), a.d("eps", 1e-5), a.b("elementwise_affine", true)));
        MODULES.put("Embedding", a -> a.json().has("padding_idx")
                ? new Embedding(a.l("num_embeddings", 0), a.l("embedding_dim", 0), a.l("padding_idx", 0))
                : new Embedding(a.l("num_embeddings", 0), a.l("embedding_dim", 0)));
        MODULES.put("Conv1d", a -> a.json().size() == 3
                ? new Conv1d(a.l("in_channels", 0), a.l("out_channels", 0), a.l("kernel_size", 0))
                : new Conv1d(a.l("in_channels", 0), a.l("out_channels", 0), a.l("kernel_size", 0), a.l("stride", 1),
                        a.l("padding", 0), a.l("dilation", 1), a.l("groups", 1), a.b("bias", true)));
        MODULES.put("Conv2d", NnModulesTest::conv2d);
        MODULES.put("MaxPool2d", NnModulesTest::maxPool2d);
        MODULES.put("AvgPool2d", NnModulesTest::avgPool2d);
        MODULES.put("AdaptiveAvgPool2d", a -> a.json().get("output_size").isArray()
                ? new AdaptiveAvgPool2d(a.ls("output_size")) : new AdaptiveAvgPool2d(a.l("output_size", 0)));
        MODULES.put("ZeroPad2d", a -> a.json().get("padding").isArray() ? new ZeroPad2d(a.ls("padding"))
                : new ZeroPad2d(a.l("padding", 0)));
        MODULES.put("ConstantPad1d", a -> a.json().get("padding").isArray()
                ? new ConstantPad1d(a.ls("padding"), a.d("value", 0)) : new ConstantPad1d(a.l("padding", 0), a.d("value", 0)));
        MODULES.put("ConstantPad2d", a -> a.json().get("padding").isArray()
                ? new ConstantPad2d(a.ls("padding"), a.d("value", 0)) : new ConstantPad2d(a.l("padding", 0), a.d("value", 0)));
        MODULES.put("ReflectionPad1d", a -> a.json().get("padding").isArray() ? new ReflectionPad1d(a.ls("padding"))
                : new ReflectionPad1d(a.l("padding", 0)));
        MODULES.put("ReflectionPad2d", a -> a.json().get("padding").isArray() ? new ReflectionPad2d(a.ls("padding"))
                : new ReflectionPad2d(a.l("padding", 0)));
        MODULES.put("ReplicationPad1d", a -> a.json().get("padding").isArray() ? new ReplicationPad1d(a.ls("padding"))
                : new ReplicationPad1d(a.l("padding", 0)));
        MODULES.put("ReplicationPad2d", a -> a.json().get("padding").isArray() ? new ReplicationPad2d(a.ls("padding"))
                : new ReplicationPad2d(a.l("padding", 0)));
        MODULES.put("Upsample", NnModulesTest::upsample);
        MODULES.put("Unflatten", a -> new Unflatten((int) a.l("dim", 0), a.ls("unflattened_size")));
        MODULES.put("Flatten", a -> new Flatten((int) a.l("start_dim", 1), (int) a.l("end_dim", -1)));
        MODULES.put("TinyLeNetBN", a -> tinyLeNetBN());
        MODULES.put("SmallCNN", a -> smallCnn());
    }

    /** Each constructor form: the short ones for the fixture's short argument lists, pairs when any size is a pair. */
    private static Module conv2d(Args a) {
        long in = a.l("in_channels", 0);
        long out = a.l("out_channels", 0);
        if (a.json().get("kernel_size").isArray()) {
            return new Conv2d(in, out, a.ls("kernel_size"), a.ls("stride"), a.ls("padding"), a.ls("dilation"),
                    a.l("groups", 1), a.b("bias", true));
        }
        long k = a.l("kernel_size", 0);
        switch (a.json().size()) {
            case 3: return new Conv2d(in, out, k);
            case 4: return new Conv2d(in, out, k, 1, a.l("padding", 0));
            default: return new Conv2d(in, out, k, a.l("stride", 1), a.l("padding", 0), a.l("dilation", 1),
                    a.l("groups", 1), a.b("bias", true));
        }
    }

    private static Module maxPool2d(Args a) {
        if (a.json().get("kernel_size").isArray()) {
            return new MaxPool2d(a.ls("kernel_size"), a.ls("stride"), a.ls("padding"), a.ls("dilation"),
                    a.b("ceil_mode", false));
        }
        return a.json().has("stride") ? new MaxPool2d(a.l("kernel_size", 0), a.l("stride", 0))
                : new MaxPool2d(a.l("kernel_size", 0));
    }

    private static Module avgPool2d(Args a) {
        Long divisor = a.json().has("divisor_override") ? Long.valueOf(a.l("divisor_override", 0)) : null;
        if (a.json().get("kernel_size").isArray()) {
            return new AvgPool2d(a.ls("kernel_size"), a.ls("stride"), a.ls("padding"), a.b("ceil_mode", false),
                    a.b("count_include_pad", true), divisor);
        }
        if (a.json().size() == 2) {
            return new AvgPool2d(a.l("kernel_size", 0), a.l("stride", 0));
        }
        return new AvgPool2d(a.l("kernel_size", 0), a.l("stride", 0), a.l("padding", 0), a.b("ceil_mode", false),
                a.b("count_include_pad", true), divisor);
    }

    private static Module upsample(Args a) {
        if (!a.json().has("mode")) {
            return new Upsample(a.d("scale_factor", 0), "nearest");
        }
        JsonNode scale = a.json().get("scale_factor");
        return new Upsample(a.json().has("size") ? a.ls("size") : null, scale == null ? null : doubles(scale),
                a.s("mode", "nearest"), a.json().has("align_corners") ? a.b("align_corners", false) : null);
    }

    /** D2L's LeNet (section 7.6), as tools/gen_nn_modules_fixtures.py builds it. */
    static Sequential leNet() {
        return new Sequential(new Conv2d(1, 6, 5, 1, 2), new Sigmoid(), new AvgPool2d(2, 2),
                new Conv2d(6, 16, 5), new Sigmoid(), new AvgPool2d(2, 2), new Flatten(),
                new Linear(16 * 5 * 5, 120), new Sigmoid(), new Linear(120, 84), new Sigmoid(), new Linear(84, 10));
    }

    /** D2L's LeNet with batch normalization (section 8.5). */
    static Sequential leNetBN() {
        return new Sequential(new Conv2d(1, 6, 5), new BatchNorm2d(6), new Sigmoid(), new AvgPool2d(2, 2),
                new Conv2d(6, 16, 5), new BatchNorm2d(16), new Sigmoid(), new AvgPool2d(2, 2), new Flatten(),
                new Linear(16 * 4 * 4, 120), new BatchNorm1d(120), new Sigmoid(), new Linear(120, 10));
    }

    /** Every layer kind at once. */
    static Sequential smallCnn() {
        return new Sequential(new Conv2d(3, 4, 3, 1, 1, 1, 1, false), new BatchNorm2d(4), new ReLU(), new MaxPool2d(2),
                new Conv2d(4, 8, new long[] {3, 2}, new long[] {1, 2}, new long[] {0, 0}, new long[] {1, 1}, 2, true),
                new GELU(), new AdaptiveAvgPool2d(new long[] {2, 2}), new Flatten(), new Dropout(0.25),
                new Linear(32, 16), new LayerNorm(16), new LeakyReLU(0.1), new Linear(16, 5));
    }

    /** LeNet's layout with batch normalization on 12x12 inputs. */
    static Sequential tinyLeNetBN() {
        return new Sequential(new Conv2d(1, 4, 5, 1, 2), new BatchNorm2d(4), new Sigmoid(), new AvgPool2d(2, 2),
                new Conv2d(4, 6, 3), new Sigmoid(), new AvgPool2d(2, 2), new Flatten(),
                new Linear(6 * 2 * 2, 16), new BatchNorm1d(16), new Sigmoid(), new Linear(16, 10));
    }

    private static final String FIXTURE = "/fixtures/nn_modules.json";
    private static final JsonNode FIXTURES = load();

    static Stream<Named<JsonNode>> cases() {
        return StreamSupport.stream(FIXTURES.get("cases").spliterator(), false)
                .map(c -> Named.of(c.get("name").asText(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorch(JsonNode c) {
        String name = c.get("name").asText();
        DType dtype = c.get("dtype").asText().equals("float32") ? DType.FLOAT32 : DType.FLOAT64;
        double rtol = dtype == DType.FLOAT64 ? 1e-8 : 2e-4;
        double atol = dtype == DType.FLOAT64 ? 1e-10 : 2e-5;
        Function<Args, Module> factory = MODULES.get(c.get("module").asText());
        assertNotNull(factory, name + ": module missing from the table");
        Module module = factory.apply(new Args(c.get("args"), dtype)).to(dtype);
        assertEquals(c.get("repr").asText(), module.toString(), name + ": repr");

        Map<String, Tensor> state = tensors(c.get("state"), dtype);
        assertEquals(List.copyOf(state.keySet()), List.copyOf(module.stateDict().keySet()), name + ": state keys");
        module.loadStateDict(state);

        module.train();
        for (JsonNode step : c.get("train_steps")) {
            module.forward(tensor(step.get(0), dtype));
        }
        module.train(c.get("mode").asText().equals("train"));
        List<Tensor> inputs = new ArrayList<>();
        for (JsonNode in : c.get("inputs")) {
            Tensor x = tensor(in, dtype);
            inputs.add(in.get("grad").asBoolean() ? x.requiresGrad_() : x);
        }
        Tensor out = module instanceof Loss ? ((Loss) module).forward(inputs.get(0), inputs.get(1))
                : module.forward(inputs.get(0));
        assertArrayEquals(longs(c.get("output").get("shape")), out.shape(), name + ": output shape");
        assertClose(name + ": output", doubles(c.get("output").get("data")), out.toDoubleArray(), rtol, atol);

        if (c.has("weight")) {
            out.mul(Tensor.of(doubles(c.get("weight")), dtype).reshape(out.shape())).sum().backward();
            for (int i = 0; i < inputs.size(); i++) {
                assertGrad(name + ": grad of input " + i, c.get("grads").get(i), inputs.get(i), rtol, atol);
            }
            Map<String, Tensor> params = module.namedParameters();
            assertEquals(fieldNames(c.get("param_grads")), List.copyOf(params.keySet()), name + ": parameters");
            params.forEach((key, p) -> assertGrad(name + ": grad of " + key, c.get("param_grads").get(key), p, rtol,
                    atol));
        }
        Map<String, Tensor> after = module.stateDict();
        c.get("state_after").fields().forEachRemaining(e -> {
            Tensor actual = after.get(e.getKey());
            assertArrayEquals(longs(e.getValue().get("shape")), actual.shape(), name + ": shape of " + e.getKey());
            assertClose(name + ": " + e.getKey() + " after", doubles(e.getValue().get("data")),
                    actual.toDoubleArray(), rtol, atol);
        });
    }

    static Stream<Named<JsonNode>> reprs() {
        return StreamSupport.stream(FIXTURES.get("reprs").spliterator(), false)
                .map(c -> Named.of(c.get("name").asText(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reprs")
    void composedModelsPrintAndNameTheirStateAsPyTorch(JsonNode c) {
        Map<String, Sequential> models = Map.of("LeNet", leNet(), "LeNetBN", leNetBN(), "SmallCNN", smallCnn());
        Sequential model = models.get(c.get("name").asText());
        assertEquals(c.get("repr").asText(), model.toString());
        assertEquals(strings(c.get("state_keys")), List.copyOf(model.stateDict().keySet()));
        assertEquals(strings(c.get("parameter_keys")), List.copyOf(model.namedParameters().keySet()));
    }

    @Test
    void everyModuleInTheTableHasFixtures() {
        Set<String> covered = new HashSet<>();
        FIXTURES.get("cases").forEach(c -> covered.add(c.get("module").asText()));
        for (String module : MODULES.keySet()) {
            assertTrue(covered.contains(module), module + " has no fixture cases");
        }
    }

    // ---------------------------------------------------------------- helpers

    private static void assertGrad(String what, JsonNode expected, Tensor t, double rtol, double atol) {
        if (expected.isNull()) {
            assertNull(t.grad(), what);
        } else {
            assertNotNull(t.grad(), what);
            assertClose(what, doubles(expected), t.grad().toDoubleArray(), rtol, atol);
        }
    }

    static Map<String, Tensor> tensors(JsonNode object, DType dtype) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> out.put(e.getKey(), tensor(e.getValue(), dtype)));
        return out;
    }

    static Tensor tensor(JsonNode t, DType dtype) {
        return Tensor.of(doubles(t.get("data")), t.get("int").asBoolean() ? DType.INT64 : dtype)
                .reshape(longs(t.get("shape")));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.asText()));
        return out;
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static JsonNode load() {
        try (InputStream in = NnModulesTest.class.getResourceAsStream(FIXTURE)) {
            assertNotNull(in, "missing test resource " + FIXTURE);
            return JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
