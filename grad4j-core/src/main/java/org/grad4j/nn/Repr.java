package org.grad4j.nn;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Python's spelling of the values that appear in module reprs (floats, tuples, booleans, strings). */
final class Repr {
    private Repr() {
    }

    /** Python's repr of a float: shortest digits, always a point or exponent, scientific outside [1e-4, 1e16). */
    static String pyFloat(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == 0) {
            return 1 / v < 0 ? "-0.0" : "0.0";
        }
        BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        int exponent = d.precision() - d.scale() - 1;
        if (exponent >= -4 && exponent < 16) {
            String plain = d.toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        String digits = d.unscaledValue().abs().toString();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (v < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
                + String.format("%02d", Math.abs(exponent));
    }

    /** A number given to PyTorch as an int when it is whole (Softplus's {@code beta=1}), else as a float. */
    static String pyNumber(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : pyFloat(v);
    }

    /** A Python tuple of ints: {@code (5, 5)}, {@code (10,)}. */
    static String tuple(long... values) {
        if (values.length == 1) {
            return "(" + values[0] + ",)";
        }
        return Arrays.stream(values).mapToObj(Long::toString).collect(Collectors.joining(", ", "(", ")"));
    }

    static String bool(boolean b) {
        return b ? "True" : "False";
    }

    /** A Python string literal in single quotes. */
    static String str(String s) {
        return "'" + s + "'";
    }
}
