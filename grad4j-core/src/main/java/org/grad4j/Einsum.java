package org.grad4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code torch.einsum(equation, operands...)}: parses the equation (explicit or implicit output,
 * "..." for broadcast dims, repeated subscripts for diagonals) and composes differentiable ops:
 * diagonal for repeated subscripts, permute/reshape to align every operand on one label order,
 * sum for labels no later step needs, and one bmm per pair of operands, as PyTorch does. The
 * gradient comes from those ops; the graph's node names can differ from PyTorch's, whose
 * reshapes and permutes are placed differently.
 */
final class Einsum {
    /** Labels: 'A'-'Z' are 0-25, 'a'-'z' 26-51, the dims under "..." 52 and up (right-aligned). */
    private static final int ELLIPSIS_BASE = 52;
    private static final int ELLIPSIS = -1;

    private Einsum() {
    }

    static Tensor einsum(String equation, Tensor... operands) {
        if (operands.length == 0) {
            throw new IllegalArgumentException("einsum(): must provide at least one operand");
        }
        int arrow = equation.indexOf("->");
        String lhs = arrow < 0 ? equation : equation.substring(0, arrow);
        List<List<Integer>> terms = parseInputs(lhs);
        if (terms.size() < operands.length) {
            throw new IllegalArgumentException("einsum(): more operands were provided than specified in the equation");
        }
        if (terms.size() > operands.length) {
            throw new IllegalArgumentException("einsum(): fewer operands were provided than specified in the equation");
        }
        for (int i = 1; i < operands.length; i++) {
            if (operands[i].dtype() != operands[0].dtype()) {
                throw new IllegalArgumentException("expected scalar type " + operands[0].dtype().scalarTypeName()
                        + " but found " + operands[i].dtype().scalarTypeName());
            }
        }
        int ellipsisDims = 0;
        for (int i = 0; i < operands.length; i++) {
            ellipsisDims = Math.max(ellipsisDims, coveredByEllipsis(terms.get(i), operands[i], i));
        }
        List<Tensor> tensors = new ArrayList<>();
        List<int[]> labels = new ArrayList<>();
        int[] labelSize = new int[ELLIPSIS_BASE + ellipsisDims];
        int[] labelCount = new int[labelSize.length];
        Arrays.fill(labelSize, -1);
        for (int i = 0; i < operands.length; i++) {
            int[] dimLabels = expandEllipsis(terms.get(i), operands[i].dim(), ellipsisDims);
            for (int d = 0; d < dimLabels.length; d++) {
                int label = dimLabels[d];
                labelCount[label]++;
                int size = operands[i].shape[d];
                if (labelSize[label] == -1 || labelSize[label] == 1) {
                    labelSize[label] = size;
                } else if (size != 1 && size != labelSize[label]) {
                    throw new IllegalArgumentException("einsum(): subscript " + labelName(label) + " has size " + size
                            + " for operand " + i + " which does not broadcast with previously seen size "
                            + labelSize[label]);
                }
            }
            Tensor t = operands[i];
            int[][] holder = {dimLabels};
            tensors.add(takeDiagonals(t, holder));
            labels.add(holder[0]);
        }
        int[] output = arrow < 0
                ? implicitOutput(labelCount, ellipsisDims)
                : parseOutput(equation, arrow + 2, labelCount, ellipsisDims);
        return contract(tensors, labels, output, labelSize.length);
    }

    private static List<List<Integer>> parseInputs(String lhs) {
        List<List<Integer>> terms = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        for (int i = 0; i < lhs.length(); i++) {
            char c = lhs.charAt(i);
            if (c == ',') {
                terms.add(current);
                current = new ArrayList<>();
            } else if (c == '.') {
                if (!lhs.startsWith("...", i) || current.contains(ELLIPSIS)) {
                    throw new IllegalArgumentException("einsum(): found '.' for operand " + terms.size()
                            + " that is not part of any ellipsis");
                }
                current.add(ELLIPSIS);
                i += 2;
            } else if (c != ' ') {
                current.add(label(c, i));
            }
        }
        terms.add(current);
        return terms;
    }

    private static int label(char c, int index) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        throw new IllegalArgumentException("einsum(): invalid subscript given at index " + index
                + " in the equation string, subscripts must be in [a-zA-Z]");
    }

    private static String labelName(int label) {
        return String.valueOf((char) (label < 26 ? 'A' + label : 'a' + label - 26));
    }

    /** How many of operand i's dims "..." stands for (validating the subscript count). */
    private static int coveredByEllipsis(List<Integer> term, Tensor t, int i) {
        boolean ellipsis = term.contains(ELLIPSIS);
        int subscripts = term.size() - (ellipsis ? 1 : 0);
        if (!ellipsis && subscripts != t.dim()) {
            throw new IllegalArgumentException("einsum(): the number of subscripts in the equation (" + subscripts
                    + ") does not match the number of dimensions (" + t.dim() + ") for operand " + i
                    + " and no ellipsis was given");
        }
        if (ellipsis && subscripts > t.dim()) {
            throw new IllegalArgumentException("einsum(): the number of subscripts in the equation (" + subscripts
                    + ") is more than the number of dimensions (" + t.dim() + ") for operand " + i);
        }
        return ellipsis ? t.dim() - subscripts : 0;
    }

    /** One label per dim; the dims under "..." get the right-aligned broadcast labels. */
    private static int[] expandEllipsis(List<Integer> term, int rank, int ellipsisDims) {
        int[] out = new int[rank];
        int covered = rank - (term.size() - (term.contains(ELLIPSIS) ? 1 : 0));
        int d = 0;
        for (int label : term) {
            if (label == ELLIPSIS) {
                for (int k = 0; k < covered; k++) {
                    out[d++] = ELLIPSIS_BASE + ellipsisDims - covered + k;
                }
            } else {
                out[d++] = label;
            }
        }
        return out;
    }

    /** Replaces every repeated label of an operand by its diagonal (moved to the last dim). */
    private static Tensor takeDiagonals(Tensor t, int[][] holder) {
        int[] labels = holder[0];
        for (int i = 0; i < labels.length; i++) {
            for (int j = i + 1; j < labels.length; j++) {
                if (labels[i] == labels[j]) {
                    int label = labels[i];
                    Tensor diagonal = LinalgOps.diagonal(t, 0, i, j);
                    int[] rest = new int[labels.length - 1];
                    for (int k = 0, at = 0; k < labels.length; k++) {
                        if (k != i && k != j) {
                            rest[at++] = labels[k];
                        }
                    }
                    rest[rest.length - 1] = label;
                    holder[0] = rest;
                    return takeDiagonals(diagonal, holder);
                }
            }
        }
        return t;
    }

    /** numpy's implicit output: the "..." dims, then the labels used exactly once, in alphabetical order. */
    private static int[] implicitOutput(int[] labelCount, int ellipsisDims) {
        List<Integer> out = new ArrayList<>();
        for (int k = 0; k < ellipsisDims; k++) {
            out.add(ELLIPSIS_BASE + k);
        }
        for (int label = 0; label < ELLIPSIS_BASE; label++) {
            if (labelCount[label] == 1) {
                out.add(label);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int[] parseOutput(String equation, int from, int[] labelCount, int ellipsisDims) {
        List<Integer> out = new ArrayList<>();
        boolean ellipsis = false;
        for (int i = from; i < equation.length(); i++) {
            char c = equation.charAt(i);
            if (c == '.') {
                if (!equation.startsWith("...", i) || ellipsis) {
                    throw new IllegalArgumentException("einsum(): found '.' for output but it is not part of any "
                            + "ellipsis");
                }
                ellipsis = true;
                for (int k = 0; k < ellipsisDims; k++) {
                    out.add(ELLIPSIS_BASE + k);
                }
                i += 2;
            } else if (c != ' ') {
                int label = label(c, i);
                if (labelCount[label] == 0) {
                    throw new IllegalArgumentException("einsum(): output subscript " + c
                            + " does not appear in the equation for any input operand");
                }
                if (out.contains(label)) {
                    throw new IllegalArgumentException("einsum(): output subscript " + c
                            + " appears more than once in the output");
                }
                out.add(label);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Aligns every operand on one label order (output labels first, then the contracted ones) and
     * folds them left to right: each step sums away the labels no later step needs and contracts the
     * pair with one bmm. The result keeps the aligned layout (size 1 where a label is gone), so the
     * last step is a sum over the remaining contracted labels and a reshape to the output.
     */
    private static Tensor contract(List<Tensor> tensors, List<int[]> labels, int[] output, int labelSpace) {
        int[] position = new int[labelSpace];
        Arrays.fill(position, -1);
        int rank = 0;
        for (int label : output) {
            position[label] = rank++;
        }
        for (int[] operandLabels : labels) {
            for (int label : operandLabels) {
                if (position[label] == -1) {
                    position[label] = rank++;
                }
            }
        }
        boolean[][] has = new boolean[tensors.size()][rank];
        for (int i = 0; i < tensors.size(); i++) {
            for (int label : labels.get(i)) {
                has[i][position[label]] = true;
            }
        }
        Tensor acc = align(tensors.get(0), labels.get(0), position, rank);
        boolean[] accHas = has[0];
        for (int i = 1; i < tensors.size(); i++) {
            boolean[] needed = new boolean[rank];
            Arrays.fill(needed, 0, output.length, true);
            for (int later = i + 1; later < tensors.size(); later++) {
                for (int p = 0; p < rank; p++) {
                    needed[p] |= has[later][p];
                }
            }
            Tensor next = align(tensors.get(i), labels.get(i), position, rank);
            boolean[] nextHas = has[i];
            boolean[] pairHas = new boolean[rank];
            acc = pair(acc, accHas, next, nextHas, needed, pairHas);
            accHas = pairHas;
        }
        if (rank == output.length) {
            return acc;
        }
        int[] trailing = new int[rank - output.length];
        boolean anyLeft = false;
        for (int k = 0; k < trailing.length; k++) {
            trailing[k] = output.length + k;
            anyLeft |= accHas[trailing[k]];
        }
        if (anyLeft) {
            return acc.sum(trailing, false);
        }
        // Only size-1 dims remain past the output labels: drop them with a view, as PyTorch does.
        long[] outShape = new long[output.length];
        for (int p = 0; p < output.length; p++) {
            outShape[p] = acc.size(p);
        }
        return acc.view(outShape);
    }

    /** Sums (keeping the dims) the labels t has that neither the other operand nor a later step needs. */
    private static Tensor sumAway(Tensor t, boolean[] tHas, boolean[] otherHas, boolean[] needed) {
        List<Integer> dims = new ArrayList<>();
        for (int p = 0; p < tHas.length; p++) {
            if (tHas[p] && !otherHas[p] && !needed[p]) {
                dims.add(p);
                tHas[p] = false;
            }
        }
        return dims.isEmpty() ? t : t.sum(dims.stream().mapToInt(Integer::intValue).toArray(), true);
    }

    /**
     * Contracts two aligned operands with one bmm: labels in both are batch dims when needed later,
     * else summed by the product; labels in one only are its rows or columns. Fills {@code outHas}.
     */
    private static Tensor pair(Tensor a, boolean[] aHasIn, Tensor b, boolean[] bHasIn, boolean[] needed,
            boolean[] outHas) {
        boolean[] aHas = aHasIn.clone();
        boolean[] bHas = bHasIn.clone();
        a = sumAway(a, aHas, bHas, needed);
        b = sumAway(b, bHas, aHas, needed);
        int rank = aHas.length;
        List<Integer> batch = new ArrayList<>();
        List<Integer> left = new ArrayList<>();
        List<Integer> right = new ArrayList<>();
        List<Integer> summed = new ArrayList<>();
        List<Integer> absent = new ArrayList<>();
        long[] aTarget = a.shape();
        long[] bTarget = b.shape();
        for (int p = 0; p < rank; p++) {
            if (aHas[p] && bHas[p]) {
                (needed[p] ? batch : summed).add(p);
                long size = Math.max(a.size(p), b.size(p)); // a size-1 label broadcasts
                aTarget[p] = size;
                bTarget[p] = size;
            } else if (aHas[p]) {
                left.add(p);
            } else if (bHas[p]) {
                right.add(p);
            } else {
                absent.add(p);
            }
            outHas[p] = (aHas[p] || bHas[p]) && needed[p];
        }
        if (summed.isEmpty()) {
            return a.mul(b); // nothing to contract: a broadcast product, as PyTorch's sumproduct_pair
        }
        Tensor a3 = a.expand(aTarget).permute(concat(batch, left, summed, right, absent))
                .reshape(product(aTarget, batch), product(aTarget, left), product(aTarget, summed));
        Tensor b3 = b.expand(bTarget).permute(concat(batch, summed, right, left, absent))
                .reshape(product(bTarget, batch), product(bTarget, summed), product(bTarget, right));
        int[] order = concat(batch, left, right, summed, absent);
        long[] orderedShape = new long[rank];
        for (int k = 0; k < rank; k++) {
            int p = order[k];
            orderedShape[k] = batch.contains(p) ? aTarget[p] : left.contains(p) ? aTarget[p]
                    : right.contains(p) ? bTarget[p] : 1;
        }
        int[] back = new int[rank];
        for (int k = 0; k < rank; k++) {
            back[order[k]] = k;
        }
        return a3.bmm(b3).reshape(orderedShape).permute(back);
    }

    @SafeVarargs
    private static int[] concat(List<Integer>... parts) {
        return Arrays.stream(parts).flatMap(List::stream).mapToInt(Integer::intValue).toArray();
    }

    private static long product(long[] shape, List<Integer> dims) {
        long n = 1;
        for (int p : dims) {
            n *= shape[p];
        }
        return n;
    }

    /** Permutes t's dims into label order and inserts size-1 dims for the labels it lacks. */
    private static Tensor align(Tensor t, int[] labels, int[] position, int rank) {
        Integer[] order = new Integer[labels.length];
        for (int d = 0; d < labels.length; d++) {
            order[d] = d;
        }
        Arrays.sort(order, (x, y) -> Integer.compare(position[labels[x]], position[labels[y]]));
        int[] perm = new int[labels.length];
        long[] shape = new long[rank];
        Arrays.fill(shape, 1);
        for (int k = 0; k < perm.length; k++) {
            perm[k] = order[k];
            shape[position[labels[order[k]]]] = t.shape[order[k]];
        }
        Tensor permuted = t.permute(perm);
        return rank == labels.length ? permuted : permuted.reshape(shape);
    }
}
