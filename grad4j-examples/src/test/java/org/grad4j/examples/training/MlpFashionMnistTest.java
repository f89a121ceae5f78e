package org.grad4j.examples.training;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.util.Arrays;
import org.grad4j.data.FashionMNIST;
import org.junit.jupiter.api.Test;

/**
 * D2L's concise MLP on the real Fashion-MNIST with the book's settings (batch 256, SGD lr 0.1, weights
 * from N(0, 0.01^2)) and the example's seed, run for 15 epochs: the first 10 are D2L's run, the last 5
 * continue it at the same learning rate.
 *
 * <p>Calibration: the same training in PyTorch 1.13 ({@code grad4j-examples/pytorch/fashion_mnist_d2l.py
 * mlp --epochs 20}, seeds 0 to 4). After epoch 10 every run has train loss 0.382 to 0.386 and train
 * accuracy 0.863 to 0.865, but the test accuracy of one epoch jumps with SGD's last steps: 0.793 to 0.855
 * after epoch 10, 0.85 or more in only 1 run of 5. The best test accuracy of epochs 11 to 15 is 0.853 to
 * 0.861 in every run. So D2L's end point is checked on the smooth training statistics, and the 0.85 test
 * accuracy on the best of epochs 11 to 15.
 */
class MlpFashionMnistTest {
    static final int EPOCHS = 15;
    static final int D2L_EPOCHS = 10;

    @Test
    void matchesD2lAfterTenEpochsAndReachesEightyFivePercentTestAccuracy() {
        assumeTrue(Files.isDirectory(FashionMNIST.DEFAULT_ROOT), "needs the Debian package dataset-fashion-mnist");
        TrainingHistory history = MlpFashionMnist.train(FashionMNIST.DEFAULT_ROOT, EPOCHS, MlpFashionMnist.SEED, false);
        String curves = "train loss " + Arrays.toString(history.trainLoss()) + "\ntrain acc "
                + Arrays.toString(history.trainAcc()) + "\ntest acc " + Arrays.toString(history.testAcc());

        double d2lLoss = history.trainLoss()[D2L_EPOCHS - 1];
        assertTrue(d2lLoss > 0.37 && d2lLoss < 0.40, "train loss after epoch 10\n" + curves);
        assertTrue(history.trainAcc()[D2L_EPOCHS - 1] >= 0.855, "train acc after epoch 10\n" + curves);
        double best = Arrays.stream(history.testAcc(), D2L_EPOCHS, EPOCHS).max().orElseThrow();
        assertTrue(best >= 0.85, "best test acc of epochs 11 to 15\n" + curves);
    }
}
