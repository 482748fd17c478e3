"""
Fixture vectors for the TypeScript tests: the group sampler, the encoders (exactly what training
fed the parity models), the decoder, the parity models' outputs on a few encoded groups, and a
deliberately wrong ONNX file (input [N,3,8,8]) for the loader's shape check.
"""
import hashlib
import json
import os

import numpy as np
import torch
from torch import nn

from common import MODELS_DIR
from data import load_splits
from encoders import decode, encode, to_unit, weights
from export import export_onnx
from groups import groups, permutation
from nets import ARCHITECTURES, Normalised

ENCODER_GROUPS = {
    2: [[0, 1], [9999, 42], [17, -1]],
    3: [[0, 1, 2], [5, -1, 7], [9998, 3, 4444]],
    4: [[0, 1, 2, 3], [10, 20, -1, 40], [-1, 9999, 5000, 123]],
    9: [[0, 1, 2, 3, 4, 5, 6, 7, 8], [9999, -1, 17, 4242, 5, 6000, 7, -1, 100]],
}
CONFIGS = [('addition', 2), ('addition', 3), ('addition', 4), ('concatenation', 2), ('concatenation', 4),
           ('weighted', 2), ('weighted', 3), ('weighted', 4), ('concatenation', 9)]


def sha_f32(array):
    return hashlib.sha256(np.ascontiguousarray(array, dtype='<f4').tobytes()).hexdigest()


def probes(flat, count=12):
    """A few (index, value) pairs, non-zero ones first, so a failing test can say where."""
    nz = np.flatnonzero(flat)
    picks = list(nz[:: max(1, len(nz) // count)][:count]) if len(nz) else [0]
    return [[int(i), float(flat[i])] for i in picks]


def main():
    _, _, test = load_splits()
    images = test['images']
    fixtures = {'lcg': {}, 'unit': {}, 'encoders': [], 'decoder': [], 'parity_outputs': []}
    fixtures['lcg'] = {
        'permutation_10_seed_1': [int(v) for v in permutation(10, 1)],
        'groups_seed_2019_k3_first': [[int(v) for v in g] for g in groups(10000, 3, 2019)[:4]],
        'permutation_10000_seed_2019_sha256': hashlib.sha256(permutation(10000, 2019).astype('<i4').tobytes()).hexdigest(),
    }
    unit = to_unit(images[:3])
    fixtures['unit'] = {'samples': [0, 1, 2], 'sha256': sha_f32(unit), 'probes': probes(unit.reshape(-1))}
    for encoder, k in CONFIGS:
        g = np.array(ENCODER_GROUPS[k])
        x = encode(encoder, images, g)
        fixtures['encoders'].append({'encoder': encoder, 'k': k, 'groups': g.tolist(), 'sha256': sha_f32(x),
                                     'probes': probes(x.reshape(-1))})
    rng = np.random.default_rng(3)
    for position, present in [(0, [True, True]), (1, [True, True, True]), (2, [True, False, True, True])]:
        k = len(present)
        parity_out = rng.normal(0, 5, 10).astype(np.float32)
        members = rng.normal(0, 5, (k, 10)).astype(np.float32)
        out = decode(parity_out, members, position, present)
        fixtures['decoder'].append({'parity': parity_out.tolist(), 'members': members.tolist(), 'position': position,
                                    'present': present, 'expected': out.tolist()})
    # The weighted encoder's decode, (F_W(P) - sum_{j != i} w_j F(X_j)) / w_i, on its own stream so
    # that the cases above stay what they were.
    rng = np.random.default_rng(4)
    for position, present in [(0, [True, True]), (1, [True, True, True]), (2, [True, False, True, True]), (3, [True] * 4)]:
        k = len(present)
        w = weights('weighted', k)
        parity_out = rng.normal(0, 20, 10).astype(np.float32)
        members = rng.normal(0, 5, (k, 10)).astype(np.float32)
        out = decode(parity_out, members, position, present, w)
        fixtures['decoder'].append({'parity': parity_out.tolist(), 'members': members.tolist(), 'position': position,
                                    'present': present, 'weights': w.tolist(), 'expected': out.tolist()})
    manifest_path = os.path.join(MODELS_DIR, 'fashion-mnist-mlp', 'manifest.json')
    manifest = json.load(open(manifest_path)) if os.path.exists(manifest_path) else {'models': []}
    fixtures_path = os.path.join(MODELS_DIR, 'fixtures', 'encoders.json')
    committed = json.load(open(fixtures_path))['parity_outputs'] if os.path.exists(fixtures_path) else []
    for entry in manifest['models']:
        if entry['role'] != 'parity':
            continue
        if not os.path.exists(cache_path(entry)):
            # Trained on another machine (no checkpoint here): keep the committed vectors for it,
            # which the TypeScript tests check against its ONNX file.
            kept = [fx for fx in committed if fx['set'] == manifest['name'] and fx['id'] == entry['id']]
            assert kept, f"no checkpoint and no committed fixture for {entry['id']}"
            fixtures['parity_outputs'] += kept
            continue
        model = load_exported(entry)
        g = np.array(ENCODER_GROUPS[entry['k']])
        with torch.no_grad():
            out = model(torch.from_numpy(encode(entry['encoder'], images, g))).numpy()
        fixtures['parity_outputs'].append({'set': manifest['name'], 'id': entry['id'], 'groups': g.tolist(),
                                           'logits': out.tolist()})
    out_dir = os.path.join(MODELS_DIR, 'fixtures')
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, 'encoders.json'), 'w') as f:
        json.dump(fixtures, f, indent=1)
        f.write('\n')
    torch.manual_seed(0)
    bad = nn.Sequential(nn.Flatten(), nn.Linear(192, 10))
    export_onnx(bad, os.path.join(out_dir, 'bad-input-shape.onnx'), shape=(1, 3, 8, 8))


def cache_path(entry):
    name = f"fashion-mnist-mlp/parity-{entry['encoder']}-k{entry['k']}-{entry['training']['recipe']}-e{entry['training']['epochs']}"
    return os.path.join(MODELS_DIR, '.cache', name + '.pt')


def load_exported(entry):
    """The trained torch model behind a manifest entry, from the training cache."""
    saved = torch.load(cache_path(entry))
    model = Normalised(ARCHITECTURES['mlp'](), 0.0, 1.0)
    model.load_state_dict(saved['state'])
    return model.eval()


if __name__ == '__main__':
    main()
