package org.grad4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.grad4j.Tensor;
import org.grad4j.data.DataLoader;
import org.grad4j.data.TensorDataset;
import org.grad4j.optim.SGD;
import org.junit.jupiter.api.Test;

/** D2L's concise linear regression (section 3.5) end to end: Linear, TensorDataset, DataLoader, SGD. */
class TrainingLoopTest {
    @Test
    void recoversTheTrueWeights() {
        Tensor.manualSeed(11);
        Tensor trueW = Tensor.of(2.0, -3.4);
        double trueB = 4.2;
        Tensor x = Tensor.randn(1000, 2);
        Tensor y = x.matmul(trueW.reshape(2, 1)).add(trueB).add(Tensor.randn(1000, 1).mul(0.01));
        Linear net = new Linear(2, 1);
        Init.normal_(net.weight(), 0, 0.01);
        Init.zeros_(net.bias());
        SGD trainer = new SGD(net.parameters(), 0.03);
        DataLoader loader = new DataLoader(new TensorDataset(x, y), 10, true, false, new Random(1));
        for (int epoch = 0; epoch < 3; epoch++) {
            for (List<Tensor> batch : loader) {
                Tensor loss = net.forward(batch.get(0)).sub(batch.get(1)).pow(2).mean();
                trainer.zeroGrad();
                loss.backward();
                trainer.step();
            }
        }
        double[] w = net.weight().toDoubleArray();
        assertEquals(2.0, w[0], 1e-2);
        assertEquals(-3.4, w[1], 1e-2);
        assertEquals(4.2, net.bias().item(), 1e-2);
        double finalLoss = net.forward(x).sub(y).pow(2).mean().item();
        assertTrue(finalLoss < 1e-3, "loss " + finalLoss);
    }
}
