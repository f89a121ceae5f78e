// ControlFlowBenchmark: D2L's "gradient of Python control flow" function, forward + backward per call.
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
 * µs per {@code d = f(a); d.backward()} with D2L's f and a fixed 0-d {@code a = 0.3} that requires
 * grad (the while loop doubles b twelve times). The conditions compare tensors, as the Python
 * original does, before reading the boolean out. Gradients accumulate into a.grad across calls,
 * as in the PyTorch twin ({@code control_flow} in {@code pytorch/bench_core.py}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ControlFlowBenchmark {

    private Tensor a;

    @Setup
    public void createInput() {
        a = Tensor.scalar(0.3).requiresGrad_();
    }

    @Benchmark
    public Tensor forwardBackward() {
        Tensor d = f(a);
        d.backward();
        return a.grad();
    }

    /** D2L 2.5.4, line by line. */
    static Tensor f(Tensor a) {
        Tensor b = a.mul(2);
        while (isTrue(b.norm().lt(1000))) {
            b = b.mul(2);
        }
        Tensor c;
        if (isTrue(b.sum().gt(0))) {
            c = b;
        } else {
            c = b.mul(100);
        }
        return c;
    }

    /** Python's {@code bool(t)} for a one-element BOOL tensor. */
    private static boolean isTrue(Tensor condition) {
        return condition.item() != 0;
    }
}
