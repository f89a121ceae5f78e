// ScalarMulBenchmark: the per-op overhead of grad4j, timing one recorded a.mul(b) on 0-d tensors.
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
 * ns per {@code a * b} where a and b are 0-d FLOAT32 tensors that require grad, so each call
 * also records a {@code MulBackward0} node. PyTorch twin: {@code scalar_mul} in
 * {@code pytorch/bench_core.py}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ScalarMulBenchmark {

    private Tensor a;
    private Tensor b;

    @Setup
    public void createInputs() {
        a = Tensor.scalar(1.5).requiresGrad_();
        b = Tensor.scalar(2.5).requiresGrad_();
    }

    /** Returning the product hands it to JMH's Blackhole, so the graph node cannot be optimised away. */
    @Benchmark
    public Tensor mul() {
        return a.mul(b);
    }
}
