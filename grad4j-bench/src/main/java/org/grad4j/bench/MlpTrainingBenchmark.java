// MlpTrainingBenchmark: one SGD training step of a 784-256-ReLU-10 MLP on a batch of 256, core Tensor ops only.
package org.grad4j.bench;

import java.util.concurrent.TimeUnit;

import org.grad4j.Tensor;
import org.grad4j.autograd.Autograd;
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
 * ms per training step: forward {@code relu(x W1 + b1) W2 + b2}, cross-entropy written as
 * {@code mean(logsumexp(logits) - logits[y])}, backward, then plain SGD (lr 0.1) under no-grad and
 * gradients zeroed. Weights are laid out as nn.Linear's (out, in) and used transposed, as
 * F.linear does. PyTorch twin: {@code mlp_step} in {@code pytorch/bench_core.py} (nn.Linear,
 * F.cross_entropy, optim.SGD).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class MlpTrainingBenchmark {
    static final int BATCH = 256;
    static final int IN = 784;
    static final int HIDDEN = 256;
    static final int CLASSES = 10;
    private static final double LEARNING_RATE = 0.1;

    private Tensor x;
    private Tensor labels;
    private Tensor[] parameters;

    @Setup
    public void createModel() {
        Tensor.manualSeed(0);
        x = Tensor.randn(BATCH, IN);
        labels = Tensor.randint(CLASSES, new long[] {BATCH, 1});
        parameters = new Tensor[] {
            Tensor.randn(HIDDEN, IN).mul(1 / Math.sqrt(IN)).requiresGrad_(),
            Tensor.zeros(HIDDEN).requiresGrad_(),
            Tensor.randn(CLASSES, HIDDEN).mul(1 / Math.sqrt(HIDDEN)).requiresGrad_(),
            Tensor.zeros(CLASSES).requiresGrad_()};
    }

    @Benchmark
    public double step() {
        Tensor hidden = x.mm(parameters[0].t()).add(parameters[1]).relu();
        Tensor logits = hidden.mm(parameters[2].t()).add(parameters[3]);
        Tensor loss = logits.logsumexp(1, true).sub(logits.gather(1, labels)).mean();
        loss.backward();
        try (var off = Autograd.noGrad()) {
            for (Tensor p : parameters) {
                p.sub_(p.grad().mul(LEARNING_RATE));
                p.grad().zero_();
            }
        }
        return loss.item();
    }
}
