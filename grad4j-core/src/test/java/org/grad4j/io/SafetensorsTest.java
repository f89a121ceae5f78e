package org.grad4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.grad4j.DType;
import org.grad4j.Tensor;
import org.grad4j.nn.Linear;
import org.grad4j.nn.ReLU;
import org.grad4j.nn.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Safetensors against files from tools/safetensors_reader.py (a numpy writer reproducing the
 * reference implementation's bytes), hand-built byte layouts and malicious headers.
 */
class SafetensorsTest {
    private static final String FIXTURES = "/fixtures/safetensors/";

    @TempDir
    Path dir;

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = SafetensorsTest.class.getResourceAsStream(FIXTURES + name)) {
            return in.readAllBytes();
        }
    }

    private Path file(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    /** A file from a header text (its length written as {@code declared}, or its true length for -1) and data bytes. */
    private static byte[] layout(String header, long declared, byte[] data) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(declared != -1 ? declared : json.length).put(json).put(data).array();
    }

    @Test
    void loadsTensorsWrittenFromPyTorch() throws IOException {
        Path p = file("from_torch.safetensors", resource("from_torch.safetensors"));
        JsonNode expected = JsonMapper.builder().build().readTree(resource("from_torch.json"));
        Map<String, Tensor> loaded = Safetensors.load(p);
        assertEquals(List.of("bias", "empty", "layer.0.weight", "mask", "scalar", "steps", "weight"),
                List.copyOf(loaded.keySet()));
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.get("tensors").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Tensor t = loaded.get(e.getKey());
            JsonNode spec = e.getValue();
            DType dtype = Map.of("F32", DType.FLOAT32, "F64", DType.FLOAT64, "I64", DType.INT64, "BOOL", DType.BOOL)
                    .get(spec.get("dtype").asText());
            assertEquals(dtype, t.dtype(), e.getKey());
            long[] shape = new long[spec.get("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = spec.get("shape").get(i).asLong();
            }
            assertArrayEquals(shape, t.shape(), e.getKey());
            JsonNode values = spec.get("values");
            if (dtype == DType.INT64) {
                long[] actual = t.toLongArrayExact();
                for (int i = 0; i < actual.length; i++) {
                    assertEquals(Long.parseLong(values.get(i).asText()), actual[i]);
                }
            } else {
                double[] actual = t.toDoubleArray();
                assertEquals(values.size(), actual.length);
                for (int i = 0; i < actual.length; i++) {
                    double want = dtype == DType.BOOL ? (values.get(i).asBoolean() ? 1 : 0) : values.get(i).asDouble();
                    assertEquals(want, actual[i], 0.0, e.getKey() + "[" + i + "]");
                }
            }
            assertFalse(t.requiresGrad());
        }
        assertEquals(Map.of("format", "pt", "source", expected.get("metadata").get("source").asText()),
                Safetensors.loadMetadata(p));
    }

    /** The tensors tools/safetensors_reader.py's grad4j_side_tensors() builds with numpy. */
    private static Map<String, Tensor> grad4jSideTensors() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("b", Tensor.arange(6.0).reshape(2, 3).div(4));
        m.put("a", Tensor.of(new double[] {1.5, -2.25, 1e300}, DType.FLOAT64));
        m.put("c", Tensor.of((1L << 62) + 1, -5L, 0L));
        m.put("mask", Tensor.of(true, false, true));
        m.put("s", Tensor.scalar(3.5));
        m.put("e", Tensor.zeros(0, 2));
        m.put("layer.0.w\u00fc", Tensor.of(new double[][] {{1, -1}}));
        return m;
    }

    @Test
    void writesTheReferenceBytes() throws IOException {
        Map<String, String> metadata = Map.of("note", "tab\there \"quoted\"", "format", "pt");
        byte[] expected = resource("expected_grad4j.safetensors");
        assertArrayEquals(expected, Safetensors.serialize(grad4jSideTensors(), metadata));
        Path p = dir.resolve("out.safetensors");
        Safetensors.save(grad4jSideTensors(), p, metadata);
        assertArrayEquals(expected, Files.readAllBytes(p));
    }

    @Test
    void matchesTheFormatsWorkedExamples() {
        // One F32 tensor "attn.0" of shape [1, 2, 3] holding 0..5: a 64-byte header needing no padding.
        Map<String, Tensor> one = Map.of("attn.0", Tensor.arange(6.0).reshape(1, 2, 3));
        String header = "{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}";
        ByteBuffer data = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 6; i++) {
            data.putFloat(i);
        }
        assertEquals(64, header.length());
        assertArrayEquals(layout(header, -1, data.array()), Safetensors.serialize(one, null));
        // No tensors: "{}" padded to 8 bytes with spaces.
        assertArrayEquals(layout("{}      ", -1, new byte[0]), Safetensors.serialize(Map.of(), null));
    }

    @Test
    void roundTripKeepsValuesAndDtypes() {
        Map<String, Tensor> m = grad4jSideTensors();
        m.put("view", Tensor.arange(12).reshape(3, 4).t());
        Path p = dir.resolve("round.safetensors");
        Safetensors.save(m, p);
        Map<String, Tensor> back = Safetensors.load(p);
        assertEquals(m.keySet(), back.keySet());
        for (String k : m.keySet()) {
            assertEquals(m.get(k).dtype(), back.get(k).dtype(), k);
            assertArrayEquals(m.get(k).shape(), back.get(k).shape(), k);
            assertTrue(m.get(k).equal(back.get(k)), k);
        }
        assertArrayEquals(new long[] {(1L << 62) + 1, -5, 0}, back.get("c").toLongArrayExact());
        assertNull(Safetensors.loadMetadata(p));
    }

    @Test
    void moduleStateDictRoundTrip() {
        Tensor.manualSeed(3);
        Sequential model = new Sequential(new Linear(4, 3), new ReLU(), new Linear(3, 2));
        Path p = dir.resolve("model.safetensors");
        Safetensors.save(model.stateDict(), p);
        Sequential other = new Sequential(new Linear(4, 3), new ReLU(), new Linear(3, 2));
        Tensor x = Tensor.randn(5, 4);
        assertFalse(model.forward(x).equal(other.forward(x)));
        Map<String, Tensor> loaded = Safetensors.load(p);
        assertEquals(List.of("0.bias", "0.weight", "2.bias", "2.weight"), List.copyOf(loaded.keySet()));
        other.loadStateDict(loaded);
        assertTrue(model.forward(x).equal(other.forward(x)));
    }

    private void assertRejected(byte[] bytes, String... fragments) throws IOException {
        Path p = file("bad.safetensors", bytes);
        var e = assertThrows(IllegalArgumentException.class, () -> Safetensors.load(p));
        assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), e.getMessage());
        }
    }

    private static final String F32_PAIR = "{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
            + "\"y\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[%d,%d]}}";

    @Test
    void rejectsMaliciousOrBrokenFiles() throws IOException {
        assertRejected(new byte[] {1, 2, 3}, "truncated");
        assertRejected(layout("{}", 1000, new byte[0]), "runs past the end of the file");
        assertRejected(layout("{}", 200_000_000, new byte[0]), "HeaderTooLarge");
        assertRejected(layout("{}", Long.MIN_VALUE, new byte[0]), "HeaderTooLarge");
        assertRejected(layout(String.format(F32_PAIR, 4, 12), -1, new byte[12]), "'y'", "InvalidOffset");
        assertRejected(layout(String.format(F32_PAIR, 12, 20), -1, new byte[20]), "'y'", "InvalidOffset");
        assertRejected(layout(String.format(F32_PAIR, 8, 16), -1, new byte[12]), "truncated", "MetadataIncompleteBuffer");
        assertRejected(layout(String.format(F32_PAIR, 8, 16), -1, new byte[20]), "MetadataIncompleteBuffer");
        assertRejected(layout("{\"x\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", -1, new byte[4]),
                "'x'", "F16");
        assertRejected(layout("{\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", -1, new byte[8]),
                "needs 12 bytes", "span 8");
        assertRejected(layout("{\"x\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", -1, new byte[8]),
                "non-negative integer");
        assertRejected(layout("{\"x\":{\"dtype\":\"F32\",\"shape\":[2.5],\"data_offsets\":[0,8]}}", -1, new byte[8]),
                "non-negative integer");
        assertRejected(layout("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0]}}", -1, new byte[8]),
                "data_offsets");
        assertRejected(layout("{\"x\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,8]}}",
                -1, new byte[8]), "overflows");
        assertRejected(layout("{\"x\":1,\"x\":2}", -1, new byte[0]), "duplicate key");
        assertRejected(layout("{\"x\":", -1, new byte[0]), "not valid JSON");
        assertRejected(layout("[1]", -1, new byte[0]), "not a JSON object");
        assertRejected(layout("[".repeat(100_000), -1, new byte[0]), "nesting");
        assertRejected(layout("{\"__metadata__\":{\"k\":1}}", -1, new byte[0]), "__metadata__");
        byte[] good = resource("expected_grad4j.safetensors");
        byte[] cut = java.util.Arrays.copyOf(good, good.length - 3);
        assertRejected(cut, "truncated");
        byte[] badUtf8 = layout("{\"\u00e9\":1}", -1, new byte[0]);
        badUtf8[11] = (byte) 0xff;
        assertRejected(badUtf8, "UTF-8");
    }

    @Test
    void refusesReservedNames() {
        assertThrows(IllegalArgumentException.class,
                () -> Safetensors.serialize(Map.of("__metadata__", Tensor.zeros(1)), null));
    }
}
