package org.grad4j.autograd;

/**
 * A grad-mode scope for try-with-resources: sets the mode on creation and restores the previous
 * one on close, also when the block throws. Scopes nest; each must be closed on the thread that
 * opened it.
 */
public final class GradModeScope implements AutoCloseable {
    private final boolean previous;
    private final Thread owner = Thread.currentThread();
    private boolean closed;

    GradModeScope(boolean enabled) {
        previous = GradMode.set(enabled);
    }

    @Override
    public void close() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("a grad-mode scope must be closed on the thread that opened it");
        }
        if (!closed) {
            closed = true;
            GradMode.set(previous);
        }
    }
}
