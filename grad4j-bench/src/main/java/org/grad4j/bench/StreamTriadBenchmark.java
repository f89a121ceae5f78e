// StreamTriadBenchmark: this machine's memory bandwidth as STREAM's triad measures it, in plain Java.
package org.grad4j.bench;

import java.util.concurrent.TimeUnit;

import org.grad4j.internal.kernel.Parallel;
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
 * ms per STREAM triad {@code a[i] = b[i] + s * c[i]} over {@value #SIZE} doubles (three 80 MB
 * arrays, far beyond the caches), split across all cores with the same Parallel the kernels use.
 * STREAM counts 24 bytes per element (two reads, one write); compare_table.py reports that as
 * GB/s, the reference the memory-bound kernels are measured against (target: 70% of it).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class StreamTriadBenchmark {
    static final int SIZE = 10_000_000;
    private static final double SCALAR = 3.0;

    private double[] a;
    private double[] b;
    private double[] c;

    @Setup
    public void createArrays() {
        a = new double[SIZE];
        b = new double[SIZE];
        c = new double[SIZE];
        java.util.Arrays.fill(b, 1.0);
        java.util.Arrays.fill(c, 2.0);
    }

    @Benchmark
    public double[] triad() {
        double[] out = a;
        double[] x = b;
        double[] y = c;
        Parallel.forRange(SIZE, Parallel.GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = x[i] + SCALAR * y[i];
            }
        });
        return out;
    }
}
