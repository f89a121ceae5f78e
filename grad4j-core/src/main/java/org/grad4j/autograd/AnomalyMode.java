package org.grad4j.autograd;

import org.grad4j.Tensor;
import org.grad4j.internal.tensor.Storage;

/**
 * Anomaly detection, PyTorch's {@code torch.autograd.detect_anomaly} / {@code set_detect_anomaly}:
 * a scope (see {@link Autograd#detectAnomaly()}) in which
 * <ul>
 * <li>every node recorded remembers the stack of the forward call that created it;</li>
 * <li>a backward rule that returns nan (or inf) gradients fails with PyTorch's message, the user's
 *     source line of that forward call and a plain-language hint ({@link AnomalyHints});</li>
 * <li>any other failure inside backward carries the forward call as a suppressed exception, and
 *     an in-place error names where the saved tensor was made and where it was overwritten.</li>
 * </ul>
 *
 * <p>Note [Anomaly mode]: the scope is per thread, like grad mode, but a count of the scopes open
 * on any thread is kept in one volatile field: while it is zero, recording a node costs one read
 * of it and nothing is captured. Storage versions do not know the thread that writes, so in-place
 * writes record their call site while any scope is open.
 */
public final class AnomalyMode implements AutoCloseable {
    /** Scopes open on any thread; changed under the class lock so the flags below always follow the last change. */
    private static int openAnywhere;
    private static volatile boolean anyOpen;
    private static final ThreadLocal<AnomalyMode> CURRENT = new ThreadLocal<>();

    private final boolean enabled;
    private final boolean checkNan;
    private final AnomalyMode previous;
    private final Thread owner = Thread.currentThread();
    private boolean closed;

    AnomalyMode(boolean enabled, boolean checkNan) {
        this.enabled = enabled;
        this.checkNan = checkNan;
        this.previous = CURRENT.get();
        CURRENT.set(this);
        opened(+1);
    }

    /** {@code torch.is_anomaly_enabled()} for the calling thread. */
    public static boolean isEnabled() {
        if (!anyOpen) {
            return false;
        }
        AnomalyMode current = CURRENT.get();
        return current != null && current.enabled;
    }

    /** {@code torch.is_anomaly_check_nan_enabled()}: whether backward outputs are checked for nan. */
    public static boolean isCheckNanEnabled() {
        return isEnabled() && CURRENT.get().checkNan;
    }

    @Override
    public void close() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("an anomaly-detection scope must be closed on the thread that opened it");
        }
        if (!closed) {
            closed = true;
            CURRENT.set(previous);
            opened(-1);
        }
    }

    private static synchronized void opened(int delta) {
        openAnywhere += delta;
        anyOpen = openAnywhere > 0;
        Storage.recordWriteSites(anyOpen);
    }

    /** The forward call recording a node now, or null outside anomaly mode (the only cost then: one volatile read). */
    static Throwable captureForwardTrace() {
        return anyOpen && isEnabled() ? new Throwable("forward call") : null;
    }

    /** Fails with PyTorch's message when a rule returned nan (or inf) gradients; see the class comment. */
    static void checkGradients(Node node, Tensor[] gradients) {
        if (!isCheckNanEnabled()) {
            return;
        }
        for (int i = 0; i < gradients.length; i++) {
            Tensor g = gradients[i];
            if (g == null || !g.dtype().isFloatingPoint()) {
                continue;
            }
            String bad;
            try (GradModeScope off = Autograd.noGrad()) {
                bad = g.isnan().any().item() != 0 ? "nan" : g.isinf().any().item() != 0 ? "inf" : null;
            }
            if (bad != null) {
                throw new IllegalStateException("Function '" + node.name() + "' returned " + bad + " values in its " + i
                        + "th output.\n" + UserFrames.describeForwardCall(node) + "\nHint: "
                        + AnomalyHints.forNode(node.name(), bad));
            }
        }
    }

    /** Attaches the forward call of {@code node} to a failure inside backward (once), and returns it. */
    static RuntimeException withForwardCall(Node node, RuntimeException failure) {
        if (node.forwardTrace == null) {
            return failure;
        }
        for (Throwable s : failure.getSuppressed()) {
            if (s instanceof ForwardCall) {
                return failure;
            }
        }
        failure.addSuppressed(new ForwardCall(node));
        return failure;
    }

    /**
     * PyTorch's warning "Error detected in XBackward0. Traceback of forward call that caused the
     * error", as a suppressed exception whose stack trace is that forward call.
     */
    static final class ForwardCall extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ForwardCall(Node node) {
            super("Error detected in " + node.name() + ". Traceback of forward call that caused the error: "
                    + UserFrames.firstUserFrame(node.forwardTrace), null, false, true);
            setStackTrace(node.forwardTrace.getStackTrace());
        }
    }
}
