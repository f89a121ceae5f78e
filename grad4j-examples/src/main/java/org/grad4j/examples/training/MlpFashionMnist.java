package org.grad4j.examples.training;

import java.io.IOException;
import java.nio.file.Path;
import org.grad4j.Tensor;
import org.grad4j.nn.CrossEntropyLoss;
import org.grad4j.nn.Flatten;
import org.grad4j.nn.Linear;
import org.grad4j.nn.ReLU;
import org.grad4j.nn.Sequential;
import org.grad4j.optim.SGD;

/**
 * D2L 5.2, "Concise Implementation of Multilayer Perceptrons" on Fashion-MNIST: Flatten, Linear(784, 256),
 * ReLU, Linear(256, 10), weights from N(0, 0.01^2), cross-entropy loss, minibatch SGD (lr 0.1, batch 256),
 * 10 epochs. Prints a progress bar and the loss and accuracies per epoch, and writes
 * {@code mlp-fashion-mnist.png}. Usage: {@code [dataset directory]}, {@code -Depochs=N}.
 */
public final class MlpFashionMnist {
    static final int BATCH_SIZE = 256;
    static final double LR = 0.1;
    static final int EPOCHS = 10;
    static final long SEED = 42;

    private MlpFashionMnist() {
    }

    public static void main(String[] args) throws IOException {
        TrainingHistory history = train(FashionMnistData.rootFrom(args), FashionMnistData.epochsFrom(EPOCHS), SEED, true);
        Path png = Path.of("mlp-fashion-mnist.png");
        history.saveChart("MLP (concise), Fashion-MNIST", png);
        System.out.println("# wrote ./" + png);
    }

    public static TrainingHistory train(Path root, int epochs, long seed, boolean showProgress) {
        Tensor.manualSeed(seed);
        FashionMnistData data = FashionMnistData.load(root, BATCH_SIZE);
        Sequential net = new Sequential(new Flatten(), new Linear(784, 256), new ReLU(), new Linear(256, 10));
        net.apply(InitWeights::normal);
        SGD trainer = new SGD(net.parameters(), LR);
        return new ClassifierTrainer(net, new CrossEntropyLoss(), trainer, showProgress)
                .fit(data.trainIter(), data.testIter(), epochs);
    }
}
