// ElementwiseBenchmark: memory-bound kernels (add, mul, sin, exp, a*b+c, sum) on 10M FLOAT32 elements.
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
 * ms per op on contiguous FLOAT32 tensors of {@value #SIZE} elements that do not require grad,
 * with the default thread count (all cores). compare_table.py turns the times into GB/s from the
 * bytes each op reads and writes ({@code a * b + c} is two ops, as in eager PyTorch). PyTorch twins:
 * {@code add, add_inplace, mul, sin, exp, mul_add, sum} in {@code pytorch/bench_core.py}.
 *
 * <p>The heap is fixed and pre-touched: each op allocates a 40 MB result, and the first write to
 * never-used heap pages costs the operating system's page faults, more than the op itself. The
 * Vector API module is added, as for the gemm benchmarks, so that the vector kernels run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch", "--add-modules", "jdk.incubator.vector"})
public class ElementwiseBenchmark {
    static final int SIZE = 10_000_000;

    private Tensor a;
    private Tensor b;
    private Tensor c;

    @Setup
    public void createInputs() {
        Tensor.manualSeed(0);
        a = Tensor.randn(SIZE);
        b = Tensor.randn(SIZE);
        c = Tensor.randn(SIZE);
    }

    @Benchmark
    public Tensor add() {
        return a.add(b);
    }

    /**
     * {@code a += b}: the add kernel alone, with no result to allocate (the JVM zeroes every new
     * array, a cost {@link #add()} pays and this does not). {@code a} grows by {@code b} per call,
     * far from overflow over a run.
     */
    @Benchmark
    public Tensor addInPlace() {
        return a.add_(b);
    }

    @Benchmark
    public Tensor mul() {
        return a.mul(b);
    }

    @Benchmark
    public Tensor sin() {
        return a.sin();
    }

    @Benchmark
    public Tensor exp() {
        return a.exp();
    }

    @Benchmark
    public Tensor mulAdd() {
        return a.mul(b).add(c);
    }

    @Benchmark
    public Tensor sum() {
        return a.sum();
    }
}
