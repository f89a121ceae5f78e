package org.grad4j.autograd;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.grad4j.Tensor;

/**
 * {@code torch.func.vmap} by a loop: the batched inputs are unbound along their {@code inDim},
 * the function runs once per sample, and each output's samples are stacked along its
 * {@code outDim}. Slicing and stacking are ordinary differentiable ops, so a vmapped function
 * composes with {@code grad}, {@code jacrev}, {@code jacfwd} and with itself, at the cost of one
 * call per sample (PyTorch instead rewrites the ops to batched ones).
 */
final class Vmap implements Function<List<Tensor>, List<Tensor>> {
    /** Stands for Python's None in the copied in_dims (List.copyOf refuses nulls). */
    private static final Integer NONE = Integer.MIN_VALUE;

    private final Function<List<Tensor>, List<Tensor>> f;
    private final List<Integer> inDims;
    private final List<Integer> outDims;
    private final boolean singleInDim;

    /** {@code inDims}: one per argument, null for an argument shared by all samples; {@code outDims}: one per output. */
    Vmap(Function<List<Tensor>, List<Tensor>> f, List<Integer> inDims, List<Integer> outDims, boolean singleInDim) {
        this.f = f;
        this.inDims = List.copyOf(inDims.stream().map(d -> d == null ? NONE : d).toList());
        this.outDims = List.copyOf(outDims);
        this.singleInDim = singleInDim;
    }

    @Override
    public List<Tensor> apply(List<Tensor> args) {
        if (args.size() != inDims.size()) {
            throw new IllegalArgumentException("vmap(f, in_dims=" + inDimsRepr() + ", ...)(<inputs>): in_dims is not "
                    + "compatible with the structure of `inputs`. in_dims has structure " + treeSpec(inDims.size())
                    + " but inputs has structure " + treeSpec(args.size()) + ".");
        }
        List<List<Tensor>> slices = new ArrayList<>(args.size());
        int batch = -1;
        List<Long> sizes = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            Tensor arg = args.get(i);
            Integer dim = inDims.get(i);
            if (dim.equals(NONE)) {
                slices.add(null);
                continue;
            }
            if (dim < -arg.dim() || dim >= arg.dim()) {
                throw new IllegalArgumentException("vmap(f, in_dims=" + inDimsRepr() + ", ...)(<inputs>): Got in_dim="
                        + dim + " for some input, but that input is a Tensor of dimensionality " + arg.dim()
                        + " so expected in_dim to satisfy -" + arg.dim() + " <= in_dim < " + arg.dim() + ".");
            }
            List<Tensor> unbound = arg.unbind(dim < 0 ? dim + arg.dim() : dim);
            sizes.add((long) unbound.size());
            batch = unbound.size();
            slices.add(unbound);
        }
        if (sizes.stream().distinct().count() > 1) {
            throw new IllegalArgumentException("vmap: Expected all tensors to have the same size in the mapped "
                    + "dimension, got sizes " + sizes + " for the mapped dimension");
        }
        if (batch < 0) {
            throw new IllegalArgumentException("vmap: Expected at least one Tensor to vmap over");
        }
        if (batch == 0) {
            throw new IllegalArgumentException("vmap: grad4j's vmap loops over the batch and cannot map over a "
                    + "dimension of size 0");
        }
        List<List<Tensor>> perOutput = null;
        for (int b = 0; b < batch; b++) {
            List<Tensor> sample = new ArrayList<>(args.size());
            for (int i = 0; i < args.size(); i++) {
                sample.add(slices.get(i) == null ? args.get(i) : slices.get(i).get(b));
            }
            List<Tensor> outs = f.apply(sample);
            if (perOutput == null) {
                if (outs.size() != outDims.size()) {
                    throw new IllegalArgumentException("vmap(f, ..., out_dims=" + outDims + ")(<inputs>): out_dims is "
                            + "not compatible with the structure of `outputs`: the function returned " + outs.size()
                            + " outputs");
                }
                perOutput = new ArrayList<>();
                for (int k = 0; k < outs.size(); k++) {
                    perOutput.add(new ArrayList<>(batch));
                }
            }
            for (int k = 0; k < outs.size(); k++) {
                perOutput.get(k).add(outs.get(k));
            }
        }
        List<Tensor> stacked = new ArrayList<>(perOutput.size());
        for (int k = 0; k < perOutput.size(); k++) {
            stacked.add(Tensor.stack(perOutput.get(k), outDims.get(k)));
        }
        return stacked;
    }

    /** How PyTorch's pytree prints a flat tuple of n leaves. */
    private static String treeSpec(int n) {
        return "TreeSpec(tuple, None, [" + String.join(", ", Collections.nCopies(n, "*")) + "])";
    }

    /** Python's repr of in_dims: {@code 0}, {@code (None, 0)}, {@code (0,)}. */
    private String inDimsRepr() {
        List<String> items = inDims.stream().map(d -> d.equals(NONE) ? "None" : d.toString()).toList();
        if (singleInDim) {
            return items.get(0);
        }
        return "(" + String.join(", ", items) + (items.size() == 1 ? ",)" : ")");
    }
}
