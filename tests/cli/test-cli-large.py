#!/usr/bin/env python3
"""Memory use of `neurite-cli train` on a large CSV file, printed as TAP.

NumPy writes 1,000,000 rows of 20 numeric features and a 0/1 label; train
reads them and runs one epoch in batches of 4,096. The peak resident set
size of the child process must stay below 2.5 times the size of the data as
float32 plus 150 MB. The reader streams the file, so the data is held about
once, and the rest leaves room for the model's buffers and the libraries.
"""
import os
import resource
import sys

import numpy as np

from cli_tap import Skip, Suite, check, check_exit

SUITE = Suite()
test = SUITE.test

ROWS = 1_000_000
FEATURES = 20
MB = 1024 * 1024


def write_data(path):
    """Writes the rows in blocks, so that this process stays small too."""
    rng = np.random.default_rng(0)
    weights = rng.normal(size=FEATURES)
    header = ",".join([f"f{i}" for i in range(FEATURES)] + ["label"])
    with open(path, "w", encoding="ascii") as f:
        f.write(header + "\n")
        for _ in range(ROWS // 100_000):
            x = rng.normal(size=(100_000, FEATURES)).astype(np.float32)
            label = (x @ weights > 0).astype(np.float32)
            np.savetxt(f, np.column_stack([x, label]), fmt="%.4g", delimiter=",")


@test("/cli/large/peak-memory")
def test_peak_memory(ctx):
    # AddressSanitizer keeps freed memory in quarantine and adds shadow
    # memory, so the peak would not measure the program.
    if "address" in os.environ.get("NRT_SANITIZE", ""):
        raise Skip("the build uses AddressSanitizer")

    path = ctx.path("large.csv")
    write_data(path)
    result = ctx.run(["--data", path, "--layers", "16:relu,1:sigmoid", "--loss",
                      "binary_crossentropy", "--epochs", "1", "--batch-size", "4096"],
                     timeout=600)
    check_exit(result, 0)

    # ru_maxrss is in kilobytes on Linux, the maximum over the children that
    # have been waited for. This file starts no other child.
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    data_bytes = ROWS * (FEATURES + 1) * 4
    limit = 2.5 * data_bytes + 150 * MB
    print(f"# peak RSS {peak / MB:.1f} MB for {data_bytes / MB:.1f} MB of float32 data; "
          f"limit {limit / MB:.1f} MB")
    check(peak < limit, f"peak RSS {peak / MB:.1f} MB is not below {limit / MB:.1f} MB")


if __name__ == "__main__":
    sys.exit(SUITE.main(__doc__))
