package org.grad4j.examples.training;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.util.Arrays;
import org.grad4j.data.FashionMNIST;
import org.junit.jupiter.api.Test;

/**
 * D2L's concise MLP on the real Fashion-MNIST with the book's full settings (batch 256, SGD lr 0.1,
 * 10 epochs, weights from N(0, 0.01^2)), the example's own seed.
 */
class MlpFashionMnistTest {
    @Test
    void reachesEightyFivePercentTestAccuracyWithD2lSettings() {
        assumeTrue(Files.isDirectory(FashionMNIST.DEFAULT_ROOT), "needs the Debian package dataset-fashion-mnist");
        TrainingHistory history = MlpFashionMnist.train(FashionMNIST.DEFAULT_ROOT, MlpFashionMnist.EPOCHS,
                MlpFashionMnist.SEED, false);

        assertTrue(history.finalTestAcc() >= 0.85, "test acc per epoch " + Arrays.toString(history.testAcc()));
        double[] loss = history.trainLoss();
        // D2L's curve: about 1.0 after the first epoch, under 0.4 after the tenth (PyTorch: 1.05 -> 0.39).
        assertTrue(loss[loss.length - 1] < 0.42, "train loss per epoch " + Arrays.toString(loss));
        assertTrue(history.trainAcc()[loss.length - 1] >= 0.85, "train acc per epoch "
                + Arrays.toString(history.trainAcc()));
    }
}
