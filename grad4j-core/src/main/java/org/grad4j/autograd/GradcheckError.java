package org.grad4j.autograd;

import org.grad4j.Tensor;

/**
 * {@code torch.autograd.gradcheck.GradcheckError}: the analytic and numerical Jacobians of one
 * output/input pair disagree. Carries both Jacobians (PyTorch's layout: one row per input element,
 * one column per output element) and the entry that misses its tolerance by the most.
 */
public final class GradcheckError extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final int outputIndex;
    private final int inputIndex;
    private final transient Tensor numerical;
    private final transient Tensor analytical;
    private final long worstInputEntry;
    private final long worstOutputEntry;

    GradcheckError(int outputIndex, int inputIndex, Tensor numerical, Tensor analytical, long worstInputEntry,
                   long worstOutputEntry) {
        super("Jacobian mismatch for output " + outputIndex + " with respect to input " + inputIndex + ",\n"
                + "numerical:" + numerical + "\nanalytical:" + analytical + "\n"
                + "worst entry: d output[" + worstOutputEntry + "] / d input[" + worstInputEntry + "] (flat indices), "
                + "numerical " + numerical.index(worstInputEntry).index(worstOutputEntry).item()
                + ", analytical " + analytical.index(worstInputEntry).index(worstOutputEntry).item());
        this.outputIndex = outputIndex;
        this.inputIndex = inputIndex;
        this.numerical = numerical;
        this.analytical = analytical;
        this.worstInputEntry = worstInputEntry;
        this.worstOutputEntry = worstOutputEntry;
    }

    /** Which output of the checked function mismatched. */
    public int outputIndex() {
        return outputIndex;
    }

    /** Which input of the checked function mismatched. */
    public int inputIndex() {
        return inputIndex;
    }

    /** Finite-difference Jacobian, shape (input numel, output numel). */
    public Tensor numerical() {
        return numerical;
    }

    /** Autograd's Jacobian, shape (input numel, output numel). */
    public Tensor analytical() {
        return analytical;
    }

    /** Flat index into the input of the worst entry. */
    public long worstInputEntry() {
        return worstInputEntry;
    }

    /** Flat index into the output of the worst entry. */
    public long worstOutputEntry() {
        return worstOutputEntry;
    }
}
