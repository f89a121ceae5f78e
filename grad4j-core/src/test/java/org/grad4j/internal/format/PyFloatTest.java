package org.grad4j.internal.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Python's repr(float), expected strings printed by Python 3. */
class PyFloatTest {
    @Test
    void matchesPythonRepr() {
        double[] values = {1e16, 123.456, 0.0001, 0.00001, 1.5e-7, 12345678901234567890.0, -0.1, 1.0, -0.0,
            9999999999999998.0, 0.1 + 0.2, 5e-324, 1.7976931348623157e308, 100.0, 2.5e15,
            Double.NaN, Double.NEGATIVE_INFINITY};
        String[] expected = {"1e+16", "123.456", "0.0001", "1e-05", "1.5e-07", "1.2345678901234567e+19", "-0.1", "1.0",
            "-0.0", "9999999999999998.0", "0.30000000000000004", "5e-324", "1.7976931348623157e+308", "100.0",
            "2500000000000000.0", "nan", "-inf"};
        for (int i = 0; i < values.length; i++) {
            assertEquals(expected[i], PyFloat.repr(values[i]), "value " + i);
        }
    }
}
