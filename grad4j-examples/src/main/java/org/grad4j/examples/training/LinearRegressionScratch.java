package org.grad4j.examples.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import me.tongfei.progressbar.ProgressBar;
import org.grad4j.Tensor;
import org.grad4j.autograd.Autograd;

/**
 * D2L 3.4, "Linear Regression Implementation from Scratch": synthetic data y = Xw + b + noise with
 * w = [2, -3.4], b = 4.2; minibatch SGD on the squared loss with hand-written parameter updates.
 * Writes {@code linreg-loss.png}.
 */
public final class LinearRegressionScratch {
    static final double[] TRUE_W = {2, -3.4};
    static final double TRUE_B = 4.2;

    /** The learned parameters and the training loss after each epoch. */
    public record Result(double[] w, double b, double[] epochLoss) {
    }

    private LinearRegressionScratch() {
    }

    public static void main(String[] args) throws IOException {
        Result r = train(1000, 10, 0.03, 3, 42, true);
        System.out.printf("learned w = [%.4f, %.4f] (true [2, -3.4]), b = %.4f (true 4.2)%n", r.w()[0], r.w()[1], r.b());
        System.out.printf("error in estimating w: [%.4f, %.4f], in estimating b: %.4f%n",
                TRUE_W[0] - r.w()[0], TRUE_W[1] - r.w()[1], TRUE_B - r.b());
        TrainingChart chart = new TrainingChart("linear regression from scratch", r.epochLoss().length, "train loss");
        for (int e = 0; e < r.epochLoss().length; e++) {
            chart.record("train loss", e, r.epochLoss()[e]);
        }
        chart.save(Path.of("linreg-loss.png"));
        System.out.println("# wrote ./linreg-loss.png");
    }

    /** D2L's settings are 1000 examples, batch 10, lr 0.03, 3 epochs. */
    public static Result train(int examples, int batchSize, double lr, int epochs, long seed, boolean showProgress) {
        Tensor.manualSeed(seed);
        Tensor trueW = Tensor.of(TRUE_W).reshape(2, 1);
        Tensor features = Tensor.randn(examples, 2);
        Tensor labels = features.matmul(trueW).add(TRUE_B).add(Tensor.randn(examples, 1).mul(0.01));
        float[] x = features.toFloatArray();
        float[] y = labels.toFloatArray();

        Tensor w = Tensor.randn(2, 1).mul(0.01).requiresGrad_(true);
        Tensor b = Tensor.zeros(1).requiresGrad_(true);
        double[] epochLoss = new double[epochs];
        Random shuffle = new Random(seed);
        int batches = (examples + batchSize - 1) / batchSize;
        for (int epoch = 0; epoch < epochs; epoch++) {
            int[] order = permutation(examples, shuffle);
            try (ProgressBar bar = showProgress ? new ProgressBar("epoch " + (epoch + 1), batches) : null) {
                for (int start = 0; start < examples; start += batchSize) {
                    int n = Math.min(batchSize, examples - start);
                    double[][] bx = new double[n][];
                    double[][] by = new double[n][];
                    for (int i = 0; i < n; i++) {
                        int row = order[start + i];
                        bx[i] = new double[] {x[2 * row], x[2 * row + 1]};
                        by[i] = new double[] {y[row]};
                    }
                    Tensor loss = squaredLoss(linreg(Tensor.of(bx), w, b), Tensor.of(by));
                    loss.sum().backward();
                    sgd(lr, batchSize, w, b);
                    if (bar != null) {
                        bar.step();
                    }
                }
            }
            try (var noGrad = Autograd.noGrad()) {
                epochLoss[epoch] = squaredLoss(linreg(features, w, b), labels).mean().item();
            }
            if (showProgress) {
                System.out.printf("epoch %d, loss %.6f%n", epoch + 1, epochLoss[epoch]);
            }
        }
        return new Result(w.toDoubleArray(), b.item(), epochLoss);
    }

    static Tensor linreg(Tensor x, Tensor w, Tensor b) {
        return x.matmul(w).add(b);
    }

    static Tensor squaredLoss(Tensor yHat, Tensor y) {
        return yHat.sub(y.reshape(yHat.shape())).pow(2).div(2);
    }

    /** D2L's sgd: param -= lr * grad / batchSize, then zero the gradient. */
    static void sgd(double lr, int batchSize, Tensor... params) {
        try (var noGrad = Autograd.noGrad()) {
            for (Tensor p : params) {
                p.sub_(p.grad().mul(lr / batchSize));
                p.grad().zero_();
            }
        }
    }

    private static int[] permutation(int n, Random random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
