package org.grad4j.examples.training;

import java.io.IOException;
import java.nio.file.Path;

/** Per-epoch train loss, train accuracy and test accuracy of a classifier, and their chart. */
public final class TrainingHistory {
    static final String TRAIN_LOSS = "train loss";
    static final String TRAIN_ACC = "train acc";
    static final String TEST_ACC = "test acc";

    private final double[] trainLoss;
    private final double[] trainAcc;
    private final double[] testAcc;

    TrainingHistory(int epochs) {
        trainLoss = new double[epochs];
        trainAcc = new double[epochs];
        testAcc = new double[epochs];
    }

    void record(int epoch, double loss, double trainAccuracy, double testAccuracy) {
        trainLoss[epoch] = loss;
        trainAcc[epoch] = trainAccuracy;
        testAcc[epoch] = testAccuracy;
    }

    public int epochs() {
        return trainLoss.length;
    }

    public double[] trainLoss() {
        return trainLoss.clone();
    }

    public double[] trainAcc() {
        return trainAcc.clone();
    }

    public double[] testAcc() {
        return testAcc.clone();
    }

    /** The test accuracy after the last epoch. */
    public double finalTestAcc() {
        return testAcc[testAcc.length - 1];
    }

    /** Writes the three curves on one chart, as D2L's animator draws them. */
    public void saveChart(String title, Path png) throws IOException {
        TrainingChart chart = new TrainingChart(title, epochs(), TRAIN_LOSS, TRAIN_ACC, TEST_ACC);
        for (int e = 0; e < epochs(); e++) {
            chart.record(TRAIN_LOSS, e, trainLoss[e]);
            chart.record(TRAIN_ACC, e, trainAcc[e]);
            chart.record(TEST_ACC, e, testAcc[e]);
        }
        chart.save(png);
    }
}
