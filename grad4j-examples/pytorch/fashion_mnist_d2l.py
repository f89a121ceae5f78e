#!/usr/bin/python3
"""The PyTorch twin of SoftmaxRegression and MlpFashionMnist (D2L 4.5 and 5.2, concise versions).

Same data (the IDX files of the Debian package dataset-fashion-mnist, read without torchvision),
same model, init, loss, optimizer, batch size and epochs, same train_ch3 bookkeeping; prints the
per-epoch train loss / train acc / test acc and epochs per second, to calibrate the Java tests.

    /usr/bin/python3 grad4j-examples/pytorch/fashion_mnist_d2l.py mlp --epochs 10 --seeds 0 1 2
"""
import argparse
import gzip
import os
import time

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

ROOT = "/usr/share/datasets/fashion-mnist"


def read_idx(path):
    opener = gzip.open if os.path.exists(path + ".gz") else open
    with opener(path + ".gz" if opener is gzip.open else path, "rb") as f:
        data = f.read()
    dims = data[3]
    sizes = [int.from_bytes(data[4 + 4 * d:8 + 4 * d], "big") for d in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(sizes)


def load_split(root, prefix):
    # transforms.ToTensor(): float32 [N, 1, 28, 28] in [0, 1]; labels int64
    images = torch.from_numpy(read_idx(f"{root}/{prefix}-images-idx3-ubyte").copy()).float().div(255).unsqueeze(1)
    labels = torch.from_numpy(read_idx(f"{root}/{prefix}-labels-idx1-ubyte").astype(np.int64))
    return TensorDataset(images, labels)


def build(model):
    if model == "softmax":
        net = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    else:
        net = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))

    def init_weights(m):
        if type(m) == nn.Linear:
            nn.init.normal_(m.weight, std=0.01)

    net.apply(init_weights)
    return net


def accuracy(y_hat, y):
    return float((y_hat.argmax(axis=1) == y).sum())


def evaluate_accuracy(net, data_iter):
    net.eval()
    correct, seen = 0.0, 0
    with torch.no_grad():
        for X, y in data_iter:
            correct += accuracy(net(X), y)
            seen += y.numel()
    return correct / seen


def train(model, epochs, seed, root):
    torch.manual_seed(seed)
    train_iter = DataLoader(load_split(root, "train"), 256, shuffle=True)
    test_iter = DataLoader(load_split(root, "t10k"), 256, shuffle=False)
    net = build(model)
    loss = nn.CrossEntropyLoss()
    trainer = torch.optim.SGD(net.parameters(), lr=0.1)
    start, start_cpu = time.perf_counter(), time.process_time()
    for epoch in range(epochs):
        net.train()
        loss_sum, correct, seen = 0.0, 0.0, 0
        for X, y in train_iter:
            y_hat = net(X)
            l = loss(y_hat, y)
            trainer.zero_grad()
            l.backward()
            trainer.step()
            loss_sum += float(l) * y.numel()
            correct += accuracy(y_hat, y)
            seen += y.numel()
        test_acc = evaluate_accuracy(net, test_iter)
        print(f"{model} seed {seed} epoch {epoch + 1}: train loss {loss_sum / seen:.4f}, "
              f"train acc {correct / seen:.4f}, test acc {test_acc:.4f}", flush=True)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    print(f"{model} seed {seed}: {epochs / elapsed:.3f} epochs/s ({elapsed:.1f} s wall, {cpu:.1f} s cpu, "
          f"{torch.get_num_threads()} threads)")
    return test_acc


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model", choices=["softmax", "mlp"])
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--root", default=ROOT)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    finals = [train(args.model, args.epochs, s, args.root) for s in args.seeds]
    print(f"{args.model}: final test acc over seeds {args.seeds}: min {min(finals):.4f}, max {max(finals):.4f}, "
          f"mean {sum(finals) / len(finals):.4f}")


if __name__ == "__main__":
    main()
