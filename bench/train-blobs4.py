#!/usr/bin/env python3
"""Time neurite-cli and PyTorch on the same training run, one thread each.

The run: blobs4.csv (2,000 points, 2 features, 4 classes), Dense(25, relu),
Dense(15, relu), Dense(4) giving logits, sparse categorical cross-entropy,
Adam (learning rate 0.001, epsilon 1e-7), batch size 32, 10 epochs,
shuffled every epoch, float32, Glorot-uniform kernels and zero biases.

neurite-cli is timed as a whole process (start, CSV read, training, history
write). PyTorch is timed inside this process from the CSV read to the end of
training, without the Python start and `import torch`, which take longer
than the training itself. Each side runs --repeats times; the median counts.
"""
import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time

DEFAULT_DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir,
                            "data", "datasets", "blobs4.csv")


def run_neurite(cli, data, seed, epochs, history):
    args = [cli, "train", "--data", data,
            "--layers", "25:relu,15:relu,4:linear",
            "--loss", "sparse_categorical_crossentropy", "--from-logits",
            "--optimizer", "adam", "--learning-rate", "0.001",
            "--epochs", str(epochs), "--batch-size", "32",
            "--seed", str(seed), "--history", history]
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    start = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, env=env)
    elapsed = time.perf_counter() - start
    with open(history, newline="", encoding="utf-8") as f:
        last = list(csv.DictReader(f))[-1]
    return elapsed, float(last["loss"]), float(last["accuracy"])


def run_torch(torch, data, seed, epochs):
    """Returns (seconds from CSV read to trained, seconds of the epochs, loss, accuracy)."""
    start = time.perf_counter()
    with open(data, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))[1:]
    x = torch.tensor([[float(v) for v in row[:-1]] for row in rows], dtype=torch.float32)
    y = torch.tensor([int(row[-1]) for row in rows], dtype=torch.int64)

    torch.manual_seed(seed)
    model = torch.nn.Sequential(
        torch.nn.Linear(x.shape[1], 25), torch.nn.ReLU(),
        torch.nn.Linear(25, 15), torch.nn.ReLU(),
        torch.nn.Linear(15, 4),
    )
    for layer in model:
        if isinstance(layer, torch.nn.Linear):
            torch.nn.init.xavier_uniform_(layer.weight)
            torch.nn.init.zeros_(layer.bias)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001, eps=1e-7)
    loss_fn = torch.nn.CrossEntropyLoss()

    # Keras's logs: the epoch's loss and accuracy are means over its batches,
    # weighted by batch size, computed during the forward passes.
    train_start = time.perf_counter()
    n = x.shape[0]
    for _ in range(epochs):
        order = torch.randperm(n)
        loss_sum = 0.0
        correct = 0
        for begin in range(0, n, 32):
            index = order[begin:begin + 32]
            xb, yb = x[index], y[index]
            logits = model(xb)
            loss = loss_fn(logits, yb)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            loss_sum += loss.item() * len(index)
            correct += int((logits.argmax(dim=1) == yb).sum())
    end = time.perf_counter()
    return end - start, end - train_start, loss_sum / n, correct / n


def describe_machine():
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} logical CPUs"


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cli", required=True, help="the built neurite-cli executable")
    parser.add_argument("--data", default=DEFAULT_DATA, help="blobs4.csv (default: %(default)s)")
    parser.add_argument("--repeats", type=int, default=5, help="runs of each side (default: 5)")
    parser.add_argument("--epochs", type=int, default=10, help="epochs per run (default: 10)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the first run (default: 0)")
    options = parser.parse_args()

    try:
        import torch
    except ImportError:
        sys.exit(f"PyTorch is not installed for {sys.executable}; on Debian install "
                 "python3-torch and run this script with the system python3")
    torch.set_num_threads(1)

    print(f"machine: {describe_machine()}")
    print(f"PyTorch {torch.__version__}; {options.repeats} runs of {options.epochs} epochs each")

    neurite_times = []
    torch_times = []
    torch_loop_times = []
    with tempfile.TemporaryDirectory(prefix="nrt-bench-") as tmp:
        history = os.path.join(tmp, "history.csv")
        for repeat in range(options.repeats):
            seed = options.seed + repeat
            seconds, loss, accuracy = run_neurite(options.cli, options.data, seed,
                                                  options.epochs, history)
            neurite_times.append(seconds)
            print(f"neurite-cli seed {seed}: {seconds * 1e3:8.1f} ms, "
                  f"loss {loss:.4f}, accuracy {accuracy:.4f}")
            seconds, loop, loss, accuracy = run_torch(torch, options.data, seed, options.epochs)
            torch_times.append(seconds)
            torch_loop_times.append(loop)
            print(f"PyTorch     seed {seed}: {seconds * 1e3:8.1f} ms "
                  f"({loop * 1e3:.1f} ms in the epochs), loss {loss:.4f}, accuracy {accuracy:.4f}")

    neurite = statistics.median(neurite_times)
    pytorch = statistics.median(torch_times)
    pytorch_loop = statistics.median(torch_loop_times)
    print()
    print(f"median neurite-cli (whole process):          {neurite * 1e3:8.1f} ms")
    print(f"median PyTorch (CSV read to trained):        {pytorch * 1e3:8.1f} ms")
    print(f"median PyTorch (epochs only):                {pytorch_loop * 1e3:8.1f} ms")
    print(f"ratio PyTorch / neurite-cli:                 {pytorch / neurite:8.1f}")


if __name__ == "__main__":
    main()
