package org.grad4j;

/**
 * One entry of a subscript, as libtorch's {@code torch::indexing::TensorIndex}: an integer, a
 * {@link #slice slice} with optional bounds, {@link #NONE} (a new axis), {@link #ELLIPSIS}, or an
 * INT64/BOOL tensor (advanced indexing).
 *
 * <pre>{@code
 * // x[1:, None, ..., idx]
 * x.index(Index.slice(1, null), Index.NONE, Index.ELLIPSIS, Index.of(idx));
 * }</pre>
 */
public final class Index {
    enum Kind { INTEGER, SLICE, NONE, ELLIPSIS, TENSOR }

    /** Python's {@code None} in a subscript: inserts a dimension of size 1. */
    public static final Index NONE = new Index(Kind.NONE, 0, null, null, null, null);
    /** Python's {@code ...}: as many full slices as the other entries leave dimensions. */
    public static final Index ELLIPSIS = new Index(Kind.ELLIPSIS, 0, null, null, null, null);

    final Kind kind;
    final long integer;
    final Long start;
    final Long stop;
    final Long step;
    final Tensor tensor;

    private Index(Kind kind, long integer, Long start, Long stop, Long step, Tensor tensor) {
        this.kind = kind;
        this.integer = integer;
        this.start = start;
        this.stop = stop;
        this.step = step;
        this.tensor = tensor;
    }

    /** {@code x[i]}: selects index i (negative counts from the end) and drops the dimension. */
    public static Index of(long i) {
        return new Index(Kind.INTEGER, i, null, null, null, null);
    }

    /** {@code x[t]}: an INT64 tensor picks indices, a BOOL tensor is a mask over as many dimensions as it has. */
    public static Index of(Tensor t) {
        if (t == null) {
            throw new IllegalArgumentException("an index tensor must not be null; use Index.NONE for a new axis");
        }
        return new Index(Kind.TENSOR, 0, null, null, null, t);
    }

    /** {@code x[True]} / {@code x[False]}: a new dim of size 1 that keeps (or of size 0 that drops) everything. */
    public static Index of(boolean b) {
        return of(Tensor.of(b).reshape());
    }

    /** {@code x[:]}. */
    public static Index slice() {
        return slice(null, null, null);
    }

    /** {@code x[start:stop]}; null bounds are open, e.g. {@code Index.slice(1, null)} is {@code 1:}. */
    public static Index slice(Number start, Number stop) {
        return slice(start, stop, null);
    }

    /** {@code x[start:stop:step]}; null entries take Python's defaults. Bounds must be integers (int or long). */
    public static Index slice(Number start, Number stop, Number step) {
        return new Index(Kind.SLICE, 0, integer(start), integer(stop), integer(step), null);
    }

    private static Long integer(Number n) {
        if (n == null) {
            return null;
        }
        if (!(n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte)) {
            throw new IllegalArgumentException("slice indices must be integers or None or have an __index__ method");
        }
        return n.longValue();
    }

    /** Python's spelling, e.g. {@code 1:None:2}, {@code None}, {@code ...}. */
    @Override
    public String toString() {
        switch (kind) {
            case INTEGER: return Long.toString(integer);
            case SLICE: return (start == null ? "None" : start) + ":" + (stop == null ? "None" : stop) + ":"
                    + (step == null ? "None" : step);
            case NONE: return "None";
            case ELLIPSIS: return "...";
            default: return "Tensor";
        }
    }
}
