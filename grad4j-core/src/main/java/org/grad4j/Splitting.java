package org.grad4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.grad4j.autograd.ForwardAD;
import org.grad4j.internal.tensor.Shapes;

/**
 * split, chunk and unbind: several views of one input made by one multi-output node, as in PyTorch
 * (SplitBackward0, SplitWithSizesBackward0, UnbindBackward0). Output i of the node is result i;
 * the backward rule joins the outputs' gradients again (zeros for outputs no gradient reached).
 */
final class Splitting {
    private Splitting() {
    }

    /** {@code x.split(splitSize, dim)}: equal parts of splitSize, the last one possibly smaller. */
    static List<Tensor> split(Tensor x, long splitSize, int dim) {
        requireDims(x);
        int d = Shapes.wrapDim(dim, x.dim());
        int size = x.shape[d];
        if (splitSize < 0) {
            throw new IllegalArgumentException("split expects split_size be non-negative, but got split_size=" + splitSize);
        }
        if (splitSize == 0 && size != 0) {
            throw new IllegalArgumentException("split_size can only be 0 if dimension size is 0, but got dimension size of "
                    + size);
        }
        int parts = splitSize == 0 ? 1 : (int) Math.max((size + splitSize - 1) / splitSize, 1);
        long[] sizes = new long[parts];
        Arrays.fill(sizes, splitSize);
        sizes[parts - 1] = size - splitSize * (parts - 1);
        return views(x, d, sizes, "SplitBackward0");
    }

    /** {@code x.split([sizes], dim)} (PyTorch's split_with_sizes): the sizes must add up to the dim's size. */
    static List<Tensor> splitWithSizes(Tensor x, long[] sizes, int dim) {
        requireDims(x);
        int d = Shapes.wrapDim(dim, x.dim());
        long total = 0;
        for (long s : sizes) {
            if (s < 0) {
                throw new IllegalArgumentException("split_with_sizes expects split_sizes have only non-negative entries, "
                        + "but got split_sizes=" + Arrays.toString(sizes));
            }
            total += s;
        }
        if (total != x.shape[d]) {
            throw new IllegalArgumentException("split_with_sizes expects split_sizes to sum exactly to " + x.shape[d]
                    + " (input tensor's size at dimension " + d + "), but got split_sizes=" + Arrays.toString(sizes));
        }
        return views(x, d, sizes.clone(), "SplitWithSizesBackward0");
    }

    /** {@code x.chunk(chunks, dim)}: split into parts of ceil(size / chunks). */
    static List<Tensor> chunk(Tensor x, int chunks, int dim) {
        requireDims(x);
        if (chunks <= 0) {
            throw new IllegalArgumentException("chunk expects `chunks` to be greater than 0, got: " + chunks);
        }
        int d = Shapes.wrapDim(dim, x.dim());
        int size = x.shape[d];
        long splitSize = (size + chunks - 1) / chunks;
        if (splitSize == 0 && size == 0) {
            // split would lose the number of chunks; like PyTorch, ask for that many empty parts.
            return splitWithSizes(x, new long[chunks], d);
        }
        return split(x, splitSize, d);
    }

    /** {@code x.unbind(dim)}: the selects of every index of dim. */
    static List<Tensor> unbind(Tensor x, int dim) {
        if (x.dim() == 0) {
            throw new IndexOutOfBoundsException("Dimension specified as " + dim + " but tensor has no dimensions");
        }
        int d = Shapes.wrapDim(dim, x.dim());
        int n = x.shape[d];
        int[] shape = new int[x.dim() - 1];
        int[] strides = new int[x.dim() - 1];
        for (int k = 0, j = 0; k < x.dim(); k++) {
            if (k != d) {
                shape[j] = x.shape[k];
                strides[j++] = x.strides[k];
            }
        }
        List<Tensor> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(view(x, shape, strides, x.offset + i * x.strides[d]));
        }
        long[] partShape = Shapes.toLongs(shape);
        record(x, out, "UnbindBackward0", grads -> Tensor.stack(filled(grads, i -> partShape), d));
        return out;
    }

    /** PyTorch's check_inplace for outputs of multi-output view nodes, whose in-place history it cannot rebase. */
    static void requireNotMultiOutputView(Tensor t) {
        if (t.base != null && t.gradFn() instanceof MultiOutputNode) {
            throw new IllegalStateException("Output " + t.outputNr() + " of " + t.gradFn().name() + " is a view and is "
                    + "being modified inplace. This view is the output of a function that returns multiple views. Such "
                    + "functions do not allow the output views to be modified inplace. You should replace the inplace "
                    + "operation by an out-of-place one.");
        }
    }

    private static List<Tensor> views(Tensor x, int d, long[] sizes, String nodeName) {
        List<Tensor> out = new ArrayList<>(sizes.length);
        long start = 0;
        for (long size : sizes) {
            int[] shape = x.shape.clone();
            shape[d] = (int) size;
            out.add(view(x, shape, x.strides, x.offset + (int) start * x.strides[d]));
            start += size;
        }
        long[] inputShape = x.shape();
        record(x, out, nodeName, grads -> Tensor.cat(filled(grads, i -> {
            long[] shape = inputShape.clone();
            shape[d] = sizes[i];
            return shape;
        }), d));
        return out;
    }

    private static Tensor view(Tensor x, int[] shape, int[] strides, int offset) {
        Tensor out = new Tensor(x.storage, shape, strides, offset, x.base != null ? x.base : x);
        out.viewHistoryVersion = x.storage.version();
        return out;
    }

    private static void requireDims(Tensor x) {
        if (x.dim() == 0) {
            throw new IllegalArgumentException("split expects at least a 1-dimensional tensor");
        }
    }

    private interface PartShape {
        long[] of(int part);
    }

    /** The outputs' gradients with zeros for those that got none. */
    private static List<Tensor> filled(Tensor[] grads, PartShape shapes) {
        DType type = null;
        for (Tensor g : grads) {
            if (g != null) {
                type = g.dtype();
            }
        }
        List<Tensor> out = new ArrayList<>(grads.length);
        for (int i = 0; i < grads.length; i++) {
            out.add(grads[i] != null ? grads[i] : Tensor.zeros(shapes.of(i), type));
        }
        return out;
    }

    private interface JoinRule {
        Tensor apply(Tensor[] grads);
    }

    private static void record(Tensor x, List<Tensor> outputs, String name, JoinRule rule) {
        if (outputs.isEmpty()) {
            return;
        }
        if (OpNode.recordsBackward(x)) {
            MultiOutputNode node = new MultiOutputNode(name, outputs.size(), rule, x);
            for (int i = 0; i < outputs.size(); i++) {
                outputs.get(i).setHistory(node, i);
            }
        }
        if (ForwardAD.isActive()) {
            Dual.propagate(outputs, rule::apply, x);
        }
    }

    /**
     * A node with one output per part (PyTorch's multi-output nodes): the engine hands it the
     * gradient of every output at once, null where none arrived.
     */
    static final class MultiOutputNode extends RecordedNode {
        private final String name;
        private final JoinRule rule;

        MultiOutputNode(String name, int outputs, JoinRule rule, Tensor input) {
            super(outputs);
            this.name = name;
            this.rule = rule;
            connect(input);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        protected Tensor[] apply(Tensor[] gradOutputs) {
            return new Tensor[] {rule.apply(gradOutputs)};
        }
    }
}
