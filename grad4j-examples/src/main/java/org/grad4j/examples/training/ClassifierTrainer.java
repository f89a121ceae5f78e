package org.grad4j.examples.training;

import java.util.List;
import me.tongfei.progressbar.ProgressBar;
import org.grad4j.Tensor;
import org.grad4j.autograd.Autograd;
import org.grad4j.data.DataLoader;
import org.grad4j.nn.Loss;
import org.grad4j.nn.Module;
import org.grad4j.optim.Optimizer;

/**
 * D2L's {@code train_ch3} for classifiers: each epoch trains on every minibatch (forward, mean loss,
 * zero_grad, backward, step), then measures accuracy on the test set in eval mode under no-grad.
 * The train loss and accuracy are averaged over the epoch's minibatches as they were trained, as
 * D2L reports them.
 */
public final class ClassifierTrainer {
    private final Module net;
    private final Loss loss;
    private final Optimizer optimizer;
    private final boolean showProgress;

    /** {@code loss} reduces to the batch mean (PyTorch's default {@code reduction='mean'}). */
    public ClassifierTrainer(Module net, Loss loss, Optimizer optimizer, boolean showProgress) {
        if (!"mean".equals(loss.reduction())) {
            throw new IllegalArgumentException("the trainer needs a loss with reduction 'mean', got '"
                    + loss.reduction() + "'");
        }
        this.net = net;
        this.loss = loss;
        this.optimizer = optimizer;
        this.showProgress = showProgress;
    }

    public TrainingHistory fit(DataLoader trainIter, DataLoader testIter, int epochs) {
        TrainingHistory history = new TrainingHistory(epochs);
        long begin = System.nanoTime();
        for (int epoch = 0; epoch < epochs; epoch++) {
            long start = System.nanoTime();
            double[] lossAndAcc = trainEpoch(trainIter, epoch, epochs);
            double testAcc = evaluateAccuracy(net, testIter);
            history.record(epoch, lossAndAcc[0], lossAndAcc[1], testAcc);
            if (showProgress) {
                System.out.printf("epoch %d/%d: train loss %.4f, train acc %.4f, test acc %.4f (%.1f s)%n", epoch + 1,
                        epochs, lossAndAcc[0], lossAndAcc[1], testAcc, (System.nanoTime() - start) / 1e9);
            }
        }
        if (showProgress) {
            double seconds = (System.nanoTime() - begin) / 1e9;
            System.out.printf("%d epochs in %.1f s (%.3f epochs/s)%n", epochs, seconds, epochs / seconds);
        }
        return history;
    }

    /** One pass over the training set; returns {mean loss, accuracy} over its examples. */
    private double[] trainEpoch(DataLoader trainIter, int epoch, int epochs) {
        net.train();
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        try (ProgressBar bar = showProgress ? new ProgressBar("epoch " + (epoch + 1) + "/" + epochs, trainIter.size())
                : null) {
            for (List<Tensor> batch : trainIter) {
                Tensor x = batch.get(0);
                Tensor y = batch.get(1);
                Tensor logits = net.forward(x);
                Tensor l = loss.forward(logits, y);
                optimizer.zeroGrad();
                l.backward();
                optimizer.step();
                long n = y.numel();
                lossSum += l.item() * n;
                correct += correctPredictions(logits, y);
                seen += n;
                if (bar != null) {
                    bar.step();
                    bar.setExtraMessage(String.format("loss %.4f", lossSum / seen));
                }
            }
        }
        return new double[] {lossSum / seen, (double) correct / seen};
    }

    /** D2L's {@code evaluate_accuracy}: the fraction of correct predictions, in eval mode, without a graph. */
    public static double evaluateAccuracy(Module net, DataLoader dataIter) {
        net.eval();
        long correct = 0;
        long seen = 0;
        try (var noGrad = Autograd.noGrad()) {
            for (List<Tensor> batch : dataIter) {
                Tensor y = batch.get(1);
                correct += correctPredictions(net.forward(batch.get(0)), y);
                seen += y.numel();
            }
        }
        return (double) correct / seen;
    }

    /** D2L's {@code accuracy}: how many rows' argmax equals the label. */
    static long correctPredictions(Tensor logits, Tensor labels) {
        try (var noGrad = Autograd.noGrad()) {
            return (long) logits.argmax(1).eq(labels).sum().item();
        }
    }
}
