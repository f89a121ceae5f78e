"""PyTorch twin of grad4j-bench's PeakMemory: peak resident memory of forward + backward through
50 layers of tanh(h @ W), 512 x 512 weights, batch 512, float32, run ROUNDS times in this process.

Prints one JSON line: {"work": "peak_rss_deep_tanh", "unit": "MiB", "value": ...}. Run it in its
own process (compare.sh does), since VmHWM is the whole process's high-water mark.
"""

import json

import torch

LAYERS, WIDTH, BATCH, ROUNDS = 50, 512, 512, 2  # PeakMemory's constants


def peak_resident_kib():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status")


def main():
    torch.set_num_threads(2)
    torch.manual_seed(0)
    weights = [(torch.randn(WIDTH, WIDTH) / WIDTH ** 0.5).requires_grad_() for _ in range(LAYERS)]
    x = torch.randn(BATCH, WIDTH)
    checksum = 0.0
    for _ in range(ROUNDS):
        h = x
        for w in weights:
            h = torch.tanh(h @ w)
        loss = h.sum()
        loss.backward()
        checksum += loss.item()
    print(json.dumps({"work": "peak_rss_deep_tanh", "unit": "MiB", "value": round(peak_resident_kib() / 1024, 1),
                      "checksum": checksum}))


if __name__ == "__main__":
    main()
