package org.grad4j.internal.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * Splits a range of independent work across the cores (llama3.java's {@code Parallel}, PyTorch's
 * {@code at::parallel_for}): work below the grain size runs on the calling thread, so small tensors
 * never pay for threads; larger work is cut into at most one chunk per core, on a pool of daemon
 * threads shared by every kernel.
 *
 * <p>Set the number of threads with {@code -Dgrad4j.threads=N} (PyTorch's {@code set_num_threads});
 * kernels running on a pool thread do nested work themselves.
 */
public final class Parallel {
    /** Elements of a cheap elementwise loop worth one task: below it, starting a task costs more than it saves. */
    public static final int GRAIN = 32_768;

    /** Threads used: {@code -Dgrad4j.threads=N}, else one per available processor. */
    private static final int THREADS = Math.max(1,
            Integer.getInteger("grad4j.threads", Runtime.getRuntime().availableProcessors()));
    private static final ForkJoinPool POOL = THREADS == 1 ? null : new ForkJoinPool(THREADS, pool -> {
        var thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
        thread.setDaemon(true);
        thread.setName("grad4j-kernel-" + thread.getPoolIndex());
        return thread;
    }, null, false);

    /** The body of a parallel loop: handles indices {@code [from, to)}. */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    private Parallel() {
    }

    public static int threads() {
        return THREADS;
    }

    /**
     * Runs {@code body} over {@code [0, n)} in contiguous chunks of at least {@code grain} indices,
     * at most one per thread. Returns when all chunks are done; a chunk's exception is rethrown.
     */
    public static void forRange(int n, int grain, Range body) {
        int chunks = chunkCount(n, grain);
        if (chunks <= 1 || inWorker()) {
            if (n > 0) {
                body.run(0, n);
            }
            return;
        }
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[chunks - 1];
        for (int c = 1; c < chunks; c++) {
            int from = (int) ((long) n * c / chunks);
            int to = (int) ((long) n * (c + 1) / chunks);
            tasks[c - 1] = POOL.submit(new Chunk(body, from, to));
        }
        // The caller works too, on the first chunk, instead of waiting idle.
        body.run(0, (int) ((long) n / chunks));
        for (ForkJoinTask<?> task : tasks) {
            task.join();
        }
    }

    /** True when {@code n} indices of grain {@code grain} would be split into more than one chunk. */
    public static boolean worthSplitting(int n, int grain) {
        return chunkCount(n, grain) > 1;
    }

    private static int chunkCount(int n, int grain) {
        if (POOL == null || n < 2L * grain) {
            return 1;
        }
        return (int) Math.min(THREADS, n / Math.max(grain, 1));
    }

    /** A kernel already running on a pool thread does its nested work itself (no deadlock, no oversubscription). */
    private static boolean inWorker() {
        return Thread.currentThread() instanceof java.util.concurrent.ForkJoinWorkerThread worker
                && worker.getPool() == POOL;
    }

    private static final class Chunk extends RecursiveAction {
        private final Range body;
        private final int from;
        private final int to;

        Chunk(Range body, int from, int to) {
            this.body = body;
            this.from = from;
            this.to = to;
        }

        @Override
        protected void compute() {
            body.run(from, to);
        }
    }
}
