package org.grad4j.nn;

import java.util.Arrays;

/**
 * A size argument as the user gave it, an int or a tuple: pooling layers print it back that way in
 * their repr ({@code kernel_size=2} vs {@code kernel_size=(3, 2)}), and it expands to one value per
 * spatial dim for the computation.
 */
final class SizeArg {
    private final long[] values;
    private final boolean scalar;

    private SizeArg(long[] values, boolean scalar) {
        this.values = values;
        this.scalar = scalar;
    }

    static SizeArg of(long value) {
        return new SizeArg(new long[] {value}, true);
    }

    static SizeArg of(long[] values) {
        return new SizeArg(values.clone(), false);
    }

    /** One value per spatial dim: a scalar repeated, a tuple of the right length as it is. */
    long[] expand(int dims, String name) {
        if (scalar) {
            long[] out = new long[dims];
            Arrays.fill(out, values[0]);
            return out;
        }
        if (values.length != dims) {
            throw new IllegalArgumentException(name + " must be an int or a tuple of " + dims + " ints, got "
                    + Repr.tuple(values));
        }
        return values.clone();
    }

    @Override
    public String toString() {
        return scalar ? Long.toString(values[0]) : Repr.tuple(values);
    }
}
