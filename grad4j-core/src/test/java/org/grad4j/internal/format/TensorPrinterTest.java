package org.grad4j.internal.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongToDoubleFunction;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.grad4j.DType;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks {@link TensorPrinter#repr} against PyTorch's own {@code repr(tensor)} for every case of
 * {@code /fixtures/printer.json} (written by {@code tools/gen_printer_fixtures.py}, whose header
 * documents the format). Summarised cases list only the elements PyTorch prints; reading any
 * other element fails the case, so the printer provably never walks a whole huge tensor.
 */
class TensorPrinterTest {

    private static final String FIXTURE = "/fixtures/printer.json";

    static Stream<Named<JsonNode>> cases() {
        try (InputStream in = TensorPrinterTest.class.getResourceAsStream(FIXTURE)) {
            assertNotNull(in, "missing test resource " + FIXTURE);
            JsonNode cases = new ObjectMapper().readTree(in);
            return StreamSupport.stream(cases.spliterator(), false)
                    .map(c -> Named.of(c.get("name").asText(), c));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorchRepr(JsonNode testCase) {
        String actual = TensorPrinter.repr(
                shape(testCase.get("shape")),
                DType.valueOf(testCase.get("dtype").asText()),
                elementReader(testCase),
                suffixes(testCase.get("suffixes")));
        assertEquals(testCase.get("repr").asText(), actual, testCase.get("name").asText());
    }

    private static long[] shape(JsonNode node) {
        long[] shape = new long[node.size()];
        for (int d = 0; d < shape.length; d++) {
            shape[d] = node.get(d).asLong();
        }
        return shape;
    }

    private static List<String> suffixes(JsonNode node) {
        List<String> suffixes = new ArrayList<>();
        node.forEach(s -> suffixes.add(s.asText()));
        return suffixes;
    }

    private static LongToDoubleFunction elementReader(JsonNode testCase) {
        JsonNode values = testCase.get("values");
        if (!testCase.has("indices")) {
            return index -> element(values.get(Math.toIntExact(index)));
        }
        Map<Long, Double> printed = new HashMap<>();
        JsonNode indices = testCase.get("indices");
        for (int k = 0; k < indices.size(); k++) {
            printed.put(indices.get(k).asLong(), element(values.get(k)));
        }
        return index -> {
            Double value = printed.get(index);
            if (value == null) {
                fail("read element " + index + ", which the repr does not show");
            }
            return value;
        };
    }

    /** Numbers as written; NaN and the infinities come as Java's spellings in strings. */
    private static double element(JsonNode node) {
        return node.isTextual() ? Double.parseDouble(node.asText()) : node.asDouble();
    }
}
