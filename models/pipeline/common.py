"""Shared settings and small helpers for the pipeline."""
import os
import time

import numpy as np
import torch

DATA_DIR = os.environ.get('FASHION_MNIST_DIR', '/usr/share/datasets/fashion-mnist')
MODELS_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CACHE_DIR = os.path.join(MODELS_DIR, '.cache')

VALIDATION_SEED = 20190901  # which 5,000 training images are held out
VALIDATION_COUNT = 5000
VALIDATION_GROUP_SEED = 7   # groups among the held-out images, for checkpoint selection
TEST_GROUP_SEED = 2019      # groups among the 10k test images, for the manifest's figures
BATCH = 64                  # groups (parity) or images (classifiers) per step, as in ParM

PIXEL_MEAN = 0.2860  # Fashion-MNIST training-split pixel statistics on [0,1]
PIXEL_STD = 0.3530


def seed_everything(seed):
    torch.manual_seed(seed)
    np.random.seed(seed)


def logits_of(model, x, batch=4096):
    """Raw outputs for float32 inputs [N,1,28,28] (numpy), as float32 numpy."""
    model.eval()
    outs = []
    with torch.no_grad():
        for s in range(0, x.shape[0], batch):
            outs.append(model(torch.from_numpy(x[s:s + batch])).numpy())
    return np.concatenate(outs).astype(np.float32)


class Clock:
    def __init__(self):
        self.start = time.time()

    def __call__(self):
        return f'{time.time() - self.start:7.1f}s'


def log(*args):
    print(*args, flush=True)
