// MlpTrainingBenchmark: one SGD training step of a 784-256-ReLU-10 MLP on a batch of 256, written as in PyTorch.
package org.grad4j.bench;

import java.util.concurrent.TimeUnit;

import org.grad4j.Tensor;
import org.grad4j.nn.CrossEntropyLoss;
import org.grad4j.nn.Linear;
import org.grad4j.nn.ReLU;
import org.grad4j.nn.Sequential;
import org.grad4j.optim.SGD;
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
 * ms per training step: {@code Sequential(Linear(784, 256), ReLU(), Linear(256, 10))}, forward,
 * {@code CrossEntropyLoss}, backward, {@code SGD(lr=0.1)} step and zeroed gradients, line for line
 * the PyTorch twin {@code mlp_step} in {@code pytorch/bench_core.py}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch", "--add-modules", "jdk.incubator.vector"})
public class MlpTrainingBenchmark {
    static final int BATCH = 256;
    static final int IN = 784;
    static final int HIDDEN = 256;
    static final int CLASSES = 10;
    private static final double LEARNING_RATE = 0.1;

    private Tensor x;
    private Tensor labels;
    private Sequential model;
    private CrossEntropyLoss loss;
    private SGD optimizer;

    @Setup
    public void createModel() {
        Tensor.manualSeed(0);
        x = Tensor.randn(BATCH, IN);
        labels = Tensor.randint(CLASSES, new long[] {BATCH});
        model = new Sequential(new Linear(IN, HIDDEN), new ReLU(), new Linear(HIDDEN, CLASSES));
        loss = new CrossEntropyLoss();
        optimizer = new SGD(model.parameters(), LEARNING_RATE);
    }

    @Benchmark
    public double step() {
        optimizer.zeroGrad();
        Tensor l = loss.forward(model.forward(x), labels);
        l.backward();
        optimizer.step();
        return l.item();
    }
}
