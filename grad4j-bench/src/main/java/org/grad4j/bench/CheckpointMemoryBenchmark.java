// CheckpointMemoryBenchmark: what activation checkpointing saves in memory and costs in time on a deep MLP.
package org.grad4j.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.grad4j.Tensor;
import org.grad4j.autograd.Autograd;
import org.grad4j.autograd.Checkpoint;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A chain of {@value #DEPTH} layers {@code h = tanh(h @ W_i)} ({@value #WIDTH} wide, batch
 * {@value #BATCH}, FLOAT32), run plainly or as {@value #SEGMENTS} checkpointed segments of
 * {@value #DEPTH}/{@value #SEGMENTS} layers (about sqrt(depth), the usual choice). The JMH benchmark
 * times forward + backward (checkpointing runs every layer's forward twice). {@link #main} prints
 * the memory side once, for both variants:
 * <ul>
 * <li>activation bytes: distinct non-leaf tensors the graph keeps for backward after the forward
 *     pass, counted by a saved-tensor pack hook (exact; parameters and the input are left out, they
 *     live anyway);</li>
 * <li>retained heap: heap in use after a full GC with the graph alive, minus the heap before the
 *     forward pass (approximate: what the JVM reports after System.gc());</li>
 * <li>peak during backward: a checkpointed run also holds one replayed segment's activations at a
 *     time, added here as the plain chain's activation bytes per segment.</li>
 * </ul>
 * Run it with {@code java -cp grad4j-bench/target/benchmarks.jar org.grad4j.bench.CheckpointMemoryBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class CheckpointMemoryBenchmark {
    static final int DEPTH = 36;
    static final int SEGMENTS = 6;
    static final int WIDTH = 256;
    static final int BATCH = 64;

    @Param({"false", "true"})
    public boolean checkpointed;

    private List<Tensor> weights;
    private Tensor input;

    @Setup
    public void createNetwork() {
        weights = weights();
        input = Tensor.randn(BATCH, WIDTH).requiresGrad_();
    }

    @Benchmark
    public Tensor forwardBackward() {
        forward(weights, input, checkpointed).backward();
        return input.grad();
    }

    static List<Tensor> weights() {
        Tensor.manualSeed(0);
        List<Tensor> ws = new ArrayList<>(DEPTH);
        for (int i = 0; i < DEPTH; i++) {
            ws.add(Tensor.randn(WIDTH, WIDTH).div(Math.sqrt(WIDTH)).requiresGrad_());
        }
        return ws;
    }

    static Tensor forward(List<Tensor> weights, Tensor x, boolean checkpointed) {
        int perSegment = DEPTH / SEGMENTS;
        Tensor h = x;
        for (int s = 0; s < SEGMENTS; s++) {
            List<Tensor> segmentWeights = weights.subList(s * perSegment, (s + 1) * perSegment);
            UnaryOperator<Tensor> segment = in -> {
                Tensor out = in;
                for (Tensor w : segmentWeights) {
                    out = out.matmul(w).tanh();
                }
                return out;
            };
            h = checkpointed ? Checkpoint.checkpoint(segment, h) : segment.apply(h);
        }
        return h.pow(2).mean();
    }

    /** Runs the forward pass, counting the bytes of the distinct non-leaf tensors it saves for backward. */
    static long[] forwardCountingActivations(List<Tensor> weights, Tensor x, boolean checkpointed, Tensor[] loss) {
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        long[] bytes = {0};
        try (var hooks = Autograd.savedTensorsHooks(t -> {
            if (!t.isLeaf() && seen.add(t)) {
                bytes[0] += t.numel() * t.dtype().itemSize();
            }
            return t;
        }, (Tensor t) -> t)) {
            loss[0] = forward(weights, x, checkpointed);
        }
        return bytes;
    }

    private static long usedHeapAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** Prints activation bytes, retained heap and the peak during backward, with and without checkpointing. */
    public static void main(String[] args) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        List<Tensor> ws = weights();
        Tensor x = Tensor.randn(BATCH, WIDTH).requiresGrad_();
        long plainPerSegment = 0;
        System.out.printf("deep MLP: %d layers tanh(h @ W) in %d segments, width %d, batch %d, float32%n", DEPTH,
                SEGMENTS, WIDTH, BATCH);
        System.out.printf("%-14s %18s %16s %22s%n", "variant", "activation bytes", "retained heap",
                "peak during backward");
        for (boolean checkpointed : new boolean[] {false, true}) {
            Tensor[] loss = new Tensor[1];
            long before = usedHeapAfterGc(memory);
            long saved = forwardCountingActivations(ws, x, checkpointed, loss)[0];
            long retained = usedHeapAfterGc(memory) - before;
            if (!checkpointed) {
                plainPerSegment = saved / SEGMENTS;
            }
            long peak = checkpointed ? saved + plainPerSegment : saved;
            loss[0].backward();
            System.out.printf("%-14s %18s %16s %22s%n", checkpointed ? "checkpointed" : "plain", mib(saved),
                    mib(retained), mib(peak));
        }
    }

    private static String mib(long bytes) {
        return String.format("%.2f MiB", bytes / (1024.0 * 1024.0));
    }
}
