"""Copies the Fashion-MNIST test split (gzipped IDX, as published) into models/data/ with checksums."""
import json
import os
import shutil

from common import DATA_DIR, MODELS_DIR
from export import sha256_of

FILES = {'images': 't10k-images-idx3-ubyte.gz', 'labels': 't10k-labels-idx1-ubyte.gz'}


def main():
    out = os.path.join(MODELS_DIR, 'data')
    os.makedirs(out, exist_ok=True)
    manifest = {
        'name': 'fashion-mnist', 'split': 'test', 'count': 10000, 'rows': 28, 'cols': 28, 'classes': 10,
        'format': 'gzipped IDX (idx3-ubyte images, idx1-ubyte labels), big-endian header, uint8 pixels',
        'source': 'Fashion-MNIST (Zalando Research, MIT licence), via the Debian package dataset-fashion-mnist',
        'class_names': ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
        'files': {},
    }
    for role, name in FILES.items():
        shutil.copyfile(os.path.join(DATA_DIR, name), os.path.join(out, name))
        manifest['files'][role] = {'file': name, 'sha256': sha256_of(os.path.join(out, name))}
    with open(os.path.join(out, 'manifest.json'), 'w') as f:
        json.dump(manifest, f, indent=2)
        f.write('\n')


if __name__ == '__main__':
    main()
