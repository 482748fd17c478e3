"""Reading the gzipped IDX files Fashion-MNIST ships as (the same bytes models/data/ commits)."""
import gzip
import struct

import numpy as np


def read_images(path):
    with gzip.open(path, 'rb') as f:
        magic, count, rows, cols = struct.unpack('>IIII', f.read(16))
        if magic != 2051:
            raise ValueError(f'{path}: not an IDX image file (magic {magic})')
        return np.frombuffer(f.read(), dtype=np.uint8).reshape(count, rows, cols).copy()


def read_labels(path):
    with gzip.open(path, 'rb') as f:
        magic, count = struct.unpack('>II', f.read(8))
        if magic != 2049:
            raise ValueError(f'{path}: not an IDX label file (magic {magic})')
        return np.frombuffer(f.read(), dtype=np.uint8).copy()
