// GemmBenchmark: square FLOAT32 and FLOAT64 matrix products through Tensor.mm, on one and two threads.
package org.grad4j.bench;

import java.util.concurrent.TimeUnit;

import org.grad4j.DType;
import org.grad4j.Tensor;
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
 * ms per {@code a.mm(b)} for n x n operands that do not require grad; compare_table.py reports
 * 2 n^3 / time as GFLOP/s. The thread count is fixed per JVM (grad4j.threads), so each count has its
 * own methods, forked with it. PyTorch twins: {@code sgemm_N_tT, dgemm_N_tT} in
 * {@code pytorch/bench_core.py} (torch.mm under torch.set_num_threads(T)).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class GemmBenchmark {
    @Param({"128", "256", "512", "1024", "2048"})
    public int n;

    private Tensor a32;
    private Tensor b32;
    private Tensor a64;
    private Tensor b64;

    @Setup
    public void createOperands() {
        Tensor.manualSeed(0);
        a32 = Tensor.randn(n, n);
        b32 = Tensor.randn(n, n);
        a64 = a32.to(DType.FLOAT64);
        b64 = b32.to(DType.FLOAT64);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch", "-Dgrad4j.threads=1",
            "--add-modules", "jdk.incubator.vector"})
    public Tensor sgemm1Thread() {
        return a32.mm(b32);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch", "-Dgrad4j.threads=2",
            "--add-modules", "jdk.incubator.vector"})
    public Tensor sgemm2Threads() {
        return a32.mm(b32);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch", "-Dgrad4j.threads=1",
            "--add-modules", "jdk.incubator.vector"})
    public Tensor dgemm1Thread() {
        return a64.mm(b64);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch", "-Dgrad4j.threads=2",
            "--add-modules", "jdk.incubator.vector"})
    public Tensor dgemm2Threads() {
        return a64.mm(b64);
    }
}
