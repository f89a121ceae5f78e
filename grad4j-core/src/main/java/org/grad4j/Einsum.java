package org.grad4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code torch.einsum(equation, operands...)}: parses the equation (explicit or implicit output,
 * "..." for broadcast dims, repeated subscripts for diagonals) and composes differentiable ops:
 * diagonal for repeated subscripts, permute/reshape to align every operand on one label order,
 * broadcast mul, and sum over the contracted labels. The gradient comes from those ops (PyTorch
 * contracts pairs with bmm instead, so its graph node names can differ).
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
                throw new IllegalArgumentException("expected scalar type " + LinalgOps.typeWord(operands[0].dtype())
                        + " but found " + LinalgOps.typeWord(operands[i].dtype()));
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
     * Aligns every operand on the label order (output labels, then contracted ones), multiplies
     * them left to right with broadcasting, and sums the contracted dims away.
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
        Tensor product = null;
        for (int i = 0; i < tensors.size(); i++) {
            Tensor aligned = align(tensors.get(i), labels.get(i), position, rank);
            product = product == null ? aligned : product.mul(aligned);
        }
        if (rank == output.length) {
            return product;
        }
        int[] contracted = new int[rank - output.length];
        for (int k = 0; k < contracted.length; k++) {
            contracted[k] = output.length + k;
        }
        return product.sum(contracted, false);
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
