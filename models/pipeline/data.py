"""The three splits: training (55k), validation (5k held out of the training file), test (10k)."""
import os

from common import DATA_DIR, VALIDATION_COUNT, VALIDATION_SEED
from groups import permutation
from idx import read_images, read_labels


def load_splits():
    images = read_images(os.path.join(DATA_DIR, 'train-images-idx3-ubyte.gz'))
    labels = read_labels(os.path.join(DATA_DIR, 'train-labels-idx1-ubyte.gz'))
    perm = permutation(images.shape[0], VALIDATION_SEED)
    val, train = perm[:VALIDATION_COUNT], perm[VALIDATION_COUNT:]
    test_images = read_images(os.path.join(DATA_DIR, 't10k-images-idx3-ubyte.gz'))
    test_labels = read_labels(os.path.join(DATA_DIR, 't10k-labels-idx1-ubyte.gz'))
    return ({'images': images[train], 'labels': labels[train]},
            {'images': images[val], 'labels': labels[val]},
            {'images': test_images, 'labels': test_labels})
