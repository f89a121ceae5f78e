/*
 * Writes a tensor the way PyTorch 1.13's repr(tensor) does (torch/_tensor_str.py with the default
 * print options: precision 4, threshold 1000, edge items 3, line width 80, automatic scientific
 * notation), character for character. Only the elements that end up on screen are ever read, so
 * printing a huge tensor costs as much as printing its corners.
 */
package org.grad4j.internal.format;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongToDoubleFunction;
import org.grad4j.DType;

/** PyTorch's {@code repr(tensor)} for a strided CPU tensor. */
public final class TensorPrinter {

    private static final int PRECISION = 4;
    private static final long SUMMARY_THRESHOLD = 1000;
    private static final int EDGE_ITEMS = 3;
    private static final int LINE_WIDTH = 80;
    private static final String PREFIX = "tensor(";
    private static final String DTYPE_KEY = "dtype=";
    private static final String ELLIPSIS = "...";

    private TensorPrinter() {
    }

    /**
     * The repr of a tensor, e.g. {@code tensor([0., 1.], requires_grad=True)}.
     *
     * @param shape    the tensor's sizes; {@code {}} for a 0-d tensor
     * @param dtype    the element type; decides how elements are written
     * @param element  reads the element at a flat row-major index (INT64 values as doubles, BOOL as 0/1);
     *                 called only for the elements that are printed, each once
     * @param suffixes trailing keyword parts in PyTorch's order, as for a non-empty tensor
     *                 ({@code dtype=torch.float64}, then {@code grad_fn=<...>} or {@code requires_grad=True});
     *                 for an empty tensor the printer writes {@code size=} and {@code dtype=} itself
     *                 (PyTorch shows every non-float32 dtype there) and ignores a {@code dtype=} given here
     */
    public static String repr(long[] shape, DType dtype, LongToDoubleFunction element, List<String> suffixes) {
        if (numel(shape) == 0) {
            return withSuffixes(PREFIX + "[]", emptyTensorSuffixes(shape, dtype, suffixes));
        }
        return withSuffixes(PREFIX + dataString(shape, dtype, element), suffixes);
    }

    private static long numel(long[] shape) {
        long n = 1;
        for (long size : shape) {
            n *= size;
        }
        return n;
    }

    /** PyTorch's rule for empty tensors: size unless 1-d, dtype unless the default float32, then the rest. */
    private static List<String> emptyTensorSuffixes(long[] shape, DType dtype, List<String> suffixes) {
        List<String> all = new ArrayList<>();
        if (shape.length != 1) {
            all.add("size=" + pythonTuple(shape));
        }
        if (dtype != DType.FLOAT32) {
            all.add(DTYPE_KEY + dtype.torchName());
        }
        for (String suffix : suffixes) {
            if (!suffix.startsWith(DTYPE_KEY)) {
                all.add(suffix);
            }
        }
        return all;
    }

    /** Python's {@code str(tuple(shape))} for the shapes that reach it (two or more dimensions). */
    private static String pythonTuple(long[] shape) {
        StringBuilder out = new StringBuilder("(");
        for (int d = 0; d < shape.length; d++) {
            out.append(d == 0 ? "" : ", ").append(shape[d]);
        }
        return out.append(')').toString();
    }

    private static String dataString(long[] shape, DType dtype, LongToDoubleFunction element) {
        PrintedElements printed = new PrintedElements(shape, numel(shape) > SUMMARY_THRESHOLD);
        double[] values = printed.read(element);
        ElementFormatter formatter = ElementFormatter.fitting(dtype, values);
        String[] texts = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            texts[i] = formatter.format(values[i]);
        }
        return printed.layOut(texts, formatter.width(), PREFIX.length());
    }

    /**
     * PyTorch's {@code _add_suffixes}: each suffix goes on the current line unless that line would
     * pass the line width. The length bookkeeping (last line + 2) is PyTorch's own, kept as is.
     */
    private static String withSuffixes(String body, List<String> suffixes) {
        StringBuilder out = new StringBuilder(body);
        int indent = PREFIX.length();
        int lastLineLength = body.length() - body.lastIndexOf('\n') + 1;
        for (String suffix : suffixes) {
            if (lastLineLength + suffix.length() + 2 > LINE_WIDTH) {
                out.append(",\n").append(spaces(indent)).append(suffix);
                lastLineLength = indent + suffix.length();
            } else {
                out.append(", ").append(suffix);
                lastLineLength += suffix.length() + 2;
            }
        }
        return out.append(')').toString();
    }

    private static String spaces(int count) {
        return " ".repeat(count);
    }

    /**
     * The elements a repr shows, in print order: along every dimension either all positions or,
     * when summarising, the first and last {@link #EDGE_ITEMS} with an ellipsis between them
     * (PyTorch's {@code get_summarized_data} and {@code _tensor_str_with_formatter} walk the same way).
     */
    private static final class PrintedElements {
        private final long[] shape;
        private final long[] strides;
        private final boolean summarize;
        private int cursor;

        PrintedElements(long[] shape, boolean summarize) {
            this.shape = shape;
            this.strides = rowMajorStrides(shape);
            this.summarize = summarize;
        }

        private static long[] rowMajorStrides(long[] shape) {
            long[] strides = new long[shape.length];
            long stride = 1;
            for (int d = shape.length - 1; d >= 0; d--) {
                strides[d] = stride;
                stride *= shape[d];
            }
            return strides;
        }

        private boolean elided(int dim) {
            return summarize && shape[dim] > 2L * EDGE_ITEMS;
        }

        private int printedCount(int dim) {
            return elided(dim) ? 2 * EDGE_ITEMS : (int) shape[dim];
        }

        /** Index along {@code dim} of the i-th printed position. */
        private long position(int dim, int i) {
            return elided(dim) && i >= EDGE_ITEMS ? shape[dim] - 2L * EDGE_ITEMS + i : i;
        }

        double[] read(LongToDoubleFunction element) {
            List<Long> offsets = new ArrayList<>();
            collectOffsets(0, 0, offsets);
            double[] values = new double[offsets.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = element.applyAsDouble(offsets.get(i));
            }
            return values;
        }

        private void collectOffsets(int dim, long base, List<Long> offsets) {
            if (dim == shape.length) {
                offsets.add(base);
                return;
            }
            for (int i = 0; i < printedCount(dim); i++) {
                collectOffsets(dim + 1, base + position(dim, i) * strides[dim], offsets);
            }
        }

        /** Nests the formatted elements (given in print order) into PyTorch's bracketed text. */
        String layOut(String[] texts, int width, int indent) {
            cursor = 0;
            return shape.length == 0 ? texts[0] : block(0, texts, width, indent);
        }

        private String block(int dim, String[] texts, int width, int indent) {
            return dim == shape.length - 1 ? row(dim, texts, width, indent) : nestedBlock(dim, texts, width, indent);
        }

        /** PyTorch's {@code _vector_str}: as many elements per line as fit in the line width. */
        private String row(int dim, String[] texts, int width, int indent) {
            List<String> items = new ArrayList<>();
            for (int i = 0; i < printedCount(dim); i++) {
                if (elided(dim) && i == EDGE_ITEMS) {
                    items.add(" " + ELLIPSIS);
                }
                items.add(texts[cursor++]);
            }
            int perLine = Math.max(1, Math.floorDiv(LINE_WIDTH - indent, width + 2));
            List<String> lines = new ArrayList<>();
            for (int start = 0; start < items.size(); start += perLine) {
                lines.add(String.join(", ", items.subList(start, Math.min(items.size(), start + perLine))));
            }
            return "[" + String.join(",\n" + spaces(indent + 1), lines) + "]";
        }

        /** Sub-blocks separated by one line break per remaining dimension beyond the first. */
        private String nestedBlock(int dim, String[] texts, int width, int indent) {
            List<String> slices = new ArrayList<>();
            for (int i = 0; i < printedCount(dim); i++) {
                if (elided(dim) && i == EDGE_ITEMS) {
                    slices.add(ELLIPSIS);
                }
                slices.add(block(dim + 1, texts, width, indent + 1));
            }
            int remainingDims = shape.length - dim;
            String separator = "," + "\n".repeat(remainingDims - 1) + spaces(indent + 1);
            return "[" + String.join(separator, slices) + "]";
        }
    }

    /**
     * PyTorch's {@code _Formatter}: one style and one column width for all printed elements.
     * Floating tensors look only at their nonzero finite values: all integral prints {@code 1.},
     * otherwise four decimals, and scientific notation when those values span more than a factor
     * of 1000, exceed 1e8, or (not all integral) go below 1e-4.
     */
    private static final class ElementFormatter {
        private final DType dtype;
        private final boolean intMode;
        private final boolean sciMode;
        private final int width;

        private ElementFormatter(DType dtype, boolean intMode, boolean sciMode, int width) {
            this.dtype = dtype;
            this.intMode = intMode;
            this.sciMode = sciMode;
            this.width = width;
        }

        static ElementFormatter fitting(DType dtype, double[] values) {
            if (!dtype.isFloatingPoint()) {
                return new ElementFormatter(dtype, false, false, 1).padded(values);
            }
            double[] nonzeroFinite = Arrays.stream(values).filter(v -> Double.isFinite(v) && v != 0).toArray();
            if (nonzeroFinite.length == 0) {
                return new ElementFormatter(dtype, true, false, 1);
            }
            double min = Double.POSITIVE_INFINITY;
            double max = 0;
            boolean allIntegral = true;
            for (double v : nonzeroFinite) {
                min = Math.min(min, Math.abs(v));
                max = Math.max(max, Math.abs(v));
                allIntegral &= v == Math.ceil(v);
            }
            boolean wideOrLarge = max / min > 1000.0 || max > 1.0e8;
            boolean sci = wideOrLarge || (!allIntegral && min < 1.0e-4);
            return new ElementFormatter(dtype, allIntegral, sci, 1).padded(nonzeroFinite);
        }

        /** The same style with the column width of the widest of these values (at least 1). */
        private ElementFormatter padded(double[] values) {
            int widest = 1;
            for (double v : values) {
                widest = Math.max(widest, bareText(v).length());
            }
            return new ElementFormatter(dtype, intMode, sciMode, widest);
        }

        int width() {
            return width;
        }

        String format(double v) {
            String text = bareText(v);
            return spaces(Math.max(0, width - text.length())) + text;
        }

        private String bareText(double v) {
            switch (dtype) {
                case BOOL:
                    return v != 0 ? "True" : "False";
                case INT64:
                    return Long.toString((long) v);
                default:
                    return floatText(v);
            }
        }

        private String floatText(double v) {
            if (sciMode) {
                return scientific(v);
            }
            if (intMode) {
                return Double.isFinite(v) ? fixed(v, 0) + "." : fixed(v, 0);
            }
            return fixed(v, PRECISION);
        }
    }

    /** Python's {@code "{:.Nf}".format(v)}: exact value rounded half-even, sign kept on zero. */
    private static String fixed(double v, int decimals) {
        if (!Double.isFinite(v)) {
            return nonFinite(v);
        }
        String digits = new BigDecimal(Math.abs(v)).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
        return sign(v) + digits;
    }

    /** Python's {@code "{:.4e}".format(v)}, e.g. {@code 1.2346e+05}, {@code -3.0000e-07}. */
    private static String scientific(double v) {
        if (!Double.isFinite(v)) {
            return nonFinite(v);
        }
        if (v == 0) {
            return sign(v) + "0." + "0".repeat(PRECISION) + "e+00";
        }
        BigDecimal rounded = new BigDecimal(Math.abs(v)).round(new MathContext(PRECISION + 1, RoundingMode.HALF_EVEN));
        String digits = rounded.unscaledValue().toString();
        int exponent = digits.length() - 1 - rounded.scale();
        String mantissa = (digits + "0".repeat(PRECISION)).substring(0, PRECISION + 1);
        return sign(v) + mantissa.charAt(0) + "." + mantissa.substring(1) + exponentText(exponent);
    }

    private static String exponentText(int exponent) {
        String magnitude = Integer.toString(Math.abs(exponent));
        return (exponent < 0 ? "e-" : "e+") + (magnitude.length() < 2 ? "0" : "") + magnitude;
    }

    private static String sign(double v) {
        return Double.doubleToRawLongBits(v) < 0 ? "-" : "";
    }

    private static String nonFinite(double v) {
        return Double.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
    }
}
