// ScalarChainBenchmark: graph recording and backward cost on a long chain of 0-d ops.
package org.grad4j.bench;

import java.util.concurrent.TimeUnit;

import org.grad4j.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * ms per chain of {@value #CHAIN_LENGTH} scalar ops starting from a leaf that requires grad, the
 * ops cycling through {@code y * 0.5}, {@code y + 0.1}, {@code sin(y)} (sin keeps the values
 * bounded). {@link #forward} only builds the graph; {@link #forwardBackward} also runs
 * {@code y.backward()}, so backward time = forwardBackward - forward. Gradients accumulate into
 * x.grad across calls, exactly as in the PyTorch twin ({@code chain_*} in
 * {@code pytorch/bench_core.py}), which must keep the same op sequence.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// A call takes tens of ms, so iterations are longer than elsewhere; a fixed heap keeps the
// collector from resizing it mid-run, as each chain allocates tens of MB that live until it ends.
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class ScalarChainBenchmark {

    static final int CHAIN_LENGTH = 100_000;

    private Tensor x;

    @Setup
    public void createLeaf() {
        x = Tensor.scalar(0.7).requiresGrad_();
    }

    @Benchmark
    public Tensor forward() {
        return buildChain(x);
    }

    @Benchmark
    public Tensor forwardBackward() {
        Tensor y = buildChain(x);
        y.backward();
        return x.grad();
    }

    private static Tensor buildChain(Tensor x) {
        Tensor y = x;
        for (int i = 0; i < CHAIN_LENGTH; i++) {
            switch (i % 3) {
                case 0 -> y = y.mul(0.5);
                case 1 -> y = y.add(0.1);
                default -> y = y.sin();
            }
        }
        return y;
    }
}
