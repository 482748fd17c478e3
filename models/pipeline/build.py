"""
Builds one model set: deployed model, backup model, parity models for every (encoder, k), each
trained with every requested recipe; commits (exports) the recipe that wins on the validation
groups, and writes models/<set>/manifest.json with the figures measured on the test split.

  python3 build.py --set fashion-mnist-mlp --arch mlp --recipes paper,warm-ce-cosine --epochs 100

With --add enc:k,...: trains only those configs and merges their entries and recipe trials into the
existing manifest, leaving every other entry and file as it is. The deployed model is retrained
(or loaded from the cache) and must export to the committed deployed.onnx's exact bytes, or
nothing is written: parity models trained for another deployed model would be wrong.
"""
import argparse
import json
import os
import sys
import tempfile
import time

import torch

from common import CACHE_DIR, MODELS_DIR, PIXEL_MEAN, PIXEL_STD, TEST_GROUP_SEED, VALIDATION_GROUP_SEED, Clock, log, logits_of
from data import load_splits
from encoders import to_unit
from evaluate import degraded_figures
from export import export_onnx
from groups import groups
from nets import ARCHITECTURES, Normalised
from train_classifier import train_classifier
from train_collage import collage_net, tile_accuracy, train_collage
from train_parity import RECIPES, train_parity

CONFIGS = [('addition', 2), ('addition', 3), ('addition', 4), ('concatenation', 2), ('concatenation', 4)]
ENCODER_SEED = {'addition': 100, 'concatenation': 200, 'weighted': 300}


def cached(name, arch, build, net=None):
    """Trains once per settings; the cache makes re-writing manifests cheap. `net` makes the bare
    network when it is not the architecture's own (the collage classifiers)."""
    path = os.path.join(CACHE_DIR, name + '.pt')
    if os.path.exists(path):
        saved = torch.load(path)
        model = Normalised(net() if net else ARCHITECTURES[arch](), 0.0, 1.0)
        model.load_state_dict(saved['state'])
        model.eval()
        return model, saved['info']
    started = time.time()
    model, info = build()
    info['train_seconds'] = round(time.time() - started, 1)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    torch.save({'state': model.state_dict(), 'info': info}, path)
    return model, info


def unit_input(mean=0.0, std=1.0, in_graph=None, encoded=False, encoder=None):
    scale = ('the parity encoder\'s output: sums of member pixels weighted by group position (1, 2, ..., k) / 255 '
             '(see parity_encoding)' if encoded and encoder == 'weighted'
             else 'the parity encoder\'s output: sums of member pixels / 255 (see parity_encoding)' if encoded
             else 'pixel / 255 (values in [0,1])')
    spec = {'shape': ['N', 1, 28, 28], 'dtype': 'float32', 'scale': scale, 'mean': mean, 'std': std}
    if in_graph:
        spec['in_graph_normalisation'] = in_graph
    return spec


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--set', required=True)
    ap.add_argument('--arch', required=True, choices=['mlp', 'cnn'])
    ap.add_argument('--recipes', default='paper')
    ap.add_argument('--epochs', default='100',
                    help='parity epochs: one number, or recipe=n,...; n+m trains the recipe once per count; '
                         'recipe@enc:k=n overrides the counts for one config')
    ap.add_argument('--deployed-epochs', type=int, default=30)
    ap.add_argument('--backup-epochs', type=int, default=20)
    ap.add_argument('--configs', default='all', help='e.g. addition:2,concatenation:4')
    ap.add_argument('--ablations', default='', help='extra recipes, run only for --ablation-configs')
    ap.add_argument('--ablation-configs', default='addition:2,concatenation:4')
    ap.add_argument('--restrict', action='append', default=[],
                    help='RECIPE[,RECIPE...]=enc:k+enc:k: run these recipes only for these configs (repeatable)')
    ap.add_argument('--train-only', action='store_true', help='train (into the cache) without exporting')
    ap.add_argument('--add', default='', help='enc:k,...: train only these configs and merge them into the committed '
                                               'manifest (every other entry and file left as it is); collage:k '
                                               'adds a collage classifier for the concatenation encoding of k images')
    ap.add_argument('--collage-epochs', type=int, default=20)
    ap.add_argument('--deployed-from-onnx', action='store_true',
                    help='take the deployed model\'s weights from the committed deployed.onnx instead of retraining it '
                         '(the CNN set: its deployed model does not retrain to the committed bytes here)')
    args = ap.parse_args()
    torch.set_num_threads(1)  # reproducible, and polite to a shared machine
    clock = Clock()
    recipes = args.recipes.split(',')
    ablations = [r for r in args.ablations.split(',') if r]
    for r in recipes + ablations:
        assert r in RECIPES, r
    epochs_of = parse_epochs(args.epochs, recipes + ablations)
    configs = CONFIGS if args.configs == 'all' else parse_configs(args.configs)
    collages = []
    if args.add:
        configs = parse_configs(args.add)
        collages = [k for e, k in configs if e == 'collage']
        configs = [c for c in configs if c[0] != 'collage']
    ablation_configs = parse_configs(args.ablation_configs)
    restricted = {r: parse_configs(c.replace('+', ','))
                  for rs, c in (x.split('=') for x in args.restrict) for r in rs.split(',')}

    train, val, test = load_splits()
    for d in (train, val, test):
        d['x'] = to_unit(d['images'])[:, None]
    cache = lambda n: f'{args.set}/{n}'
    if collages and not configs:
        # A collage classifier learns the true labels only: no deployed model is involved.
        add_collages(args, collages, train, val, test, cache)
        return
    out_dir = os.path.join(MODELS_DIR, args.set)
    if args.deployed_from_onnx:
        deployed, dep_info = load_committed_deployed(args.arch, out_dir)
    else:
        deployed, dep_info = cached(cache(f'deployed-e{args.deployed_epochs}'), args.arch, lambda: train_classifier(
            args.arch, train['x'], train['labels'], val['x'], val['labels'], args.deployed_epochs, seed=1))
    if args.add:
        check_committed_deployed(deployed, out_dir)
        backup, bak_info = None, {}
    else:
        backup, bak_info = cached(f'backup-e{args.backup_epochs}', 'backup', lambda: train_classifier(
            'backup', train['x'], train['labels'], val['x'], val['labels'], args.backup_epochs, seed=2))
    for d in (train, val, test):
        d['logits'] = logits_of(deployed, d['x'])
    available = float((test['logits'].argmax(1) == test['labels']).mean())
    backup_acc = float((logits_of(backup, test['x']).argmax(1) == test['labels']).mean()) if backup else float('nan')
    log(clock(), f'deployed test accuracy {available:.4f}, backup {backup_acc:.4f}')

    os.makedirs(out_dir, exist_ok=True)
    entries = [
        {'id': 'deployed', 'role': 'deployed', 'file': 'deployed.onnx', 'architecture': ARCHITECTURES[args.arch].description,
         'encoder': None, 'k': None, 'input': unit_input(in_graph={'mean': PIXEL_MEAN, 'std': PIXEL_STD}),
         'output': 'logits', 'training': {'recipe': 'cross-entropy, Adam lr 1e-3 wd 1e-5, batch 64', **dep_info},
         'figures': {'available_accuracy': round(available, 4)}, 'model': deployed},
        {'id': 'backup', 'role': 'backup', 'file': 'backup.onnx', 'architecture': ARCHITECTURES['backup'].description,
         'encoder': None, 'k': None, 'input': unit_input(in_graph={'mean': PIXEL_MEAN, 'std': PIXEL_STD}),
         'output': 'logits', 'training': {'recipe': 'cross-entropy, Adam lr 1e-3 wd 1e-5, batch 64', **bak_info},
         'figures': {'available_accuracy': round(backup_acc, 4)}, 'model': backup},
    ]
    trials = []
    for encoder, k in configs:
        val['groups'] = groups(val['images'].shape[0], k, VALIDATION_GROUP_SEED)
        test_groups = groups(test['images'].shape[0], k, TEST_GROUP_SEED)
        best = None
        chosen = [r for r in recipes if r not in restricted or (encoder, k) in restricted[r]]
        runs = [(r, n) for r in chosen + [r for r in ablations if (encoder, k) in ablation_configs]
                for n in epochs_of.get((r, encoder, k), epochs_of[r])]

        def parity(recipe, epochs):
            """A cached parity model; a recipe with a teacher trains (or loads) the teacher first."""
            name = cache(f'parity-{encoder}-k{k}-{recipe}-e{epochs}')
            teacher = (lambda: parity(*RECIPES[recipe]['teacher'])[0]) if 'teacher' in RECIPES[recipe] else None
            return cached(name, args.arch, lambda: train_parity(
                args.arch, deployed, encoder, k, train, val, recipe, epochs, ENCODER_SEED[encoder] + k, teacher=teacher))

        for recipe, epochs in runs:
            model, info = parity(recipe, epochs)
            fig = degraded_figures(model, encoder, test['images'], test['logits'], test['labels'], test_groups)
            log(clock(), f'{encoder} k={k} {recipe}: val degraded {info["validation_degraded_accuracy"]:.4f}, '
                f'test degraded {fig["degraded_accuracy"]:.4f} reconstruction {fig["reconstruction_accuracy"]:.4f}')
            trial = {'encoder': encoder, 'k': k, 'recipe': recipe, 'epochs': info['epochs'], 'best_epoch': info['best_epoch'],
                     'train_seconds': info.get('train_seconds'),
                     'validation_degraded_accuracy': info['validation_degraded_accuracy'],
                     'test_degraded_accuracy': round(fig['degraded_accuracy'], 4),
                     'test_reconstruction_accuracy': round(fig['reconstruction_accuracy'], 4)}
            trials.append(trial)
            if best is None or info['validation_degraded_accuracy'] > best[1]['validation_degraded_accuracy']:
                best = (model, info, fig)
        if args.train_only:
            continue
        model, info, fig = best
        norm = info['input_normalisation']
        entries.append({
            'id': f'parity-{encoder}-k{k}', 'role': 'parity', 'file': f'parity-{encoder}-k{k}.onnx',
            'architecture': ARCHITECTURES[args.arch].description, 'encoder': encoder, 'k': k,
            'input': unit_input(in_graph=norm, encoded=True, encoder=encoder), 'output': 'logits',
            'training': {k2: v for k2, v in info.items() if k2 != 'input_normalisation'},
            'figures': {'degraded_accuracy': round(fig['degraded_accuracy'], 4),
                        'reconstruction_accuracy': round(fig['reconstruction_accuracy'], 4),
                        'groups': int(test_groups.shape[0]), 'reconstructions': int(test_groups.size)},
            'model': model})

    if args.train_only:
        return
    if args.add:
        merge_into_manifest(out_dir, entries[2:], trials)
        if collages:
            add_collages(args, collages, train, val, test, cache)
        return
    for e in entries:
        e['sha256'] = export_onnx(e.pop('model'), os.path.join(out_dir, e['file']))
    manifest = {
        'name': args.set,
        'dataset': {'name': 'fashion-mnist', 'split': 'test', 'manifest': '../data/manifest.json', 'count': 10000},
        'default_class': 0,
        'default_class_note': 'The test split is balanced (1,000 images per class), so every constant answer scores 10%; '
                              'class 0 (T-shirt/top) is as good as any.',
        'groups': {'seed': TEST_GROUP_SEED, 'population': 10000,
                   'sampling': 'lcg32-fisher-yates: see models/pipeline/groups.py and sim/predict/groups.ts',
                   'erasures': 'every position of every group erased in turn'},
        'parity_encoding': 'integer sum of uint8 pixels / (255 * m), divided in float64, rounded once to float32; '
                           'see models/pipeline/encoders.py',
        'validation': {'held_out': 5000, 'group_seed': VALIDATION_GROUP_SEED,
                       'selection': 'parity checkpoints and recipes chosen by validation degraded-mode accuracy'},
        'models': entries,
        'recipe_trials': trials,
    }
    with open(os.path.join(out_dir, 'manifest.json'), 'w') as f:
        json.dump(manifest, f, indent=2)
        f.write('\n')
    log(clock(), 'wrote', os.path.join(out_dir, 'manifest.json'))


def add_collages(args, ks, train, val, test, cache):
    """Trains (or loads) a collage classifier per k and merges its entry into the manifest."""
    entries = []
    for k in ks:
        val['groups'] = groups(val['images'].shape[0], k, VALIDATION_GROUP_SEED)
        test_groups = groups(test['images'].shape[0], k, TEST_GROUP_SEED)
        model, info = cached(cache(f'collage-k{k}-e{args.collage_epochs}'), args.arch, lambda: train_collage(
            args.arch, k, train, val, args.collage_epochs, 400 + k), net=lambda: collage_net(args.arch, k))
        accuracy = tile_accuracy(model, test['images'], test['labels'], test_groups)
        log(f'collage k={k}: validation tile accuracy {info["validation_tile_accuracy"]:.4f}, test {accuracy:.4f}')
        entries.append({
            'id': f'collage-k{k}', 'role': 'collage', 'file': f'collage-k{k}.onnx',
            'architecture': ARCHITECTURES[args.arch].description.rsplit('-', 1)[0] + f'-{10 * k}',
            'encoder': 'concatenation', 'k': k,
            'input': unit_input(in_graph=info['input_normalisation'], encoded=True),
            'output': f'logits [N, {10 * k}]: 10 per tile, tiles in group order',
            'training': {k2: v for k2, v in info.items() if k2 != 'input_normalisation'},
            'figures': {'tile_accuracy': round(accuracy, 4), 'groups': int(test_groups.shape[0]),
                        'tiles': int(test_groups.size)},
            'model': model})
    if not args.train_only:
        merge_into_manifest(os.path.join(MODELS_DIR, args.set), entries, [])


def load_committed_deployed(arch, out_dir):
    """The set's torch network with the committed deployed.onnx's weights (its initializers carry the
    torch state dict's names: mean, std, net.body.N.weight/bias), and the manifest's training info."""
    import onnx
    from onnx import numpy_helper
    graph = onnx.load(os.path.join(out_dir, 'deployed.onnx')).graph
    state = {i.name: torch.from_numpy(numpy_helper.to_array(i).copy()) for i in graph.initializer}
    model = Normalised(ARCHITECTURES[arch](), 0.0, 1.0)
    model.load_state_dict(state)  # strict: every weight present, shapes equal
    model.eval()
    with open(os.path.join(out_dir, 'manifest.json')) as f:
        committed = next(e for e in json.load(f)['models'] if e['role'] == 'deployed')
    log(f'deployed model loaded from the committed deployed.onnx ({len(state)} initializers)')
    return model, {k: v for k, v in committed['training'].items() if k != 'recipe'}


def check_committed_deployed(deployed, out_dir):
    """Stops the build unless the deployed model exports to the committed deployed.onnx's bytes."""
    with open(os.path.join(out_dir, 'manifest.json')) as f:
        committed = next(e for e in json.load(f)['models'] if e['role'] == 'deployed')
    with tempfile.TemporaryDirectory() as tmp:
        sha = export_onnx(deployed, os.path.join(tmp, 'deployed.onnx'))
    if sha != committed['sha256']:
        sys.exit(f'the retrained deployed model exports to sha256 {sha}, not the committed {committed["sha256"]}: '
                 'parity models trained for it would not fit the committed deployed model; nothing written')
    log(f'deployed model reproduces the committed deployed.onnx (sha256 {sha})')


def merge_into_manifest(out_dir, new_entries, new_trials):
    """Exports the new parity models and puts their entries and recipe trials into the committed
    manifest: an entry with the same id is replaced unless it is a parity model with at least the
    new one's validation degraded accuracy; trials with the same (encoder, k, recipe, epochs) are
    replaced, the new ones going after the committed ones of that (encoder, k); the rest of the
    manifest is rewritten unchanged (same key order, same formatting)."""
    path = os.path.join(out_dir, 'manifest.json')
    with open(path) as f:
        manifest = json.load(f)
    for e in new_entries:
        ids = [m['id'] for m in manifest['models']]
        if e['id'] in ids:
            committed = manifest['models'][ids.index(e['id'])]
            score = lambda m: m['training'].get('validation_degraded_accuracy', -1)
            if e['role'] == 'parity' and score(committed) >= score(e):
                # selection by validation over every trial, the committed one's included
                log(f'{e["id"]}: the committed model keeps its place (validation {score(committed)} >= {score(e)})')
                e.pop('model')
                continue
            e['sha256'] = export_onnx(e.pop('model'), os.path.join(out_dir, e['file']))
            manifest['models'][ids.index(e['id'])] = e
        else:
            e['sha256'] = export_onnx(e.pop('model'), os.path.join(out_dir, e['file']))
            manifest['models'].insert(merge_position(manifest['models'], e['encoder'], e['k']), e)
    for encoder, k in dict.fromkeys((t['encoder'], t['k']) for t in new_trials):
        # committed trials of other (recipe, epochs) stay (trained before, maybe on another machine)
        mine = [t for t in new_trials if (t['encoder'], t['k']) == (encoder, k)]
        rerun = {(t['recipe'], t['epochs']) for t in mine}
        trials = [t for t in manifest['recipe_trials']
                  if (t['encoder'], t['k']) != (encoder, k) or (t['recipe'], t['epochs']) not in rerun]
        at = merge_position(trials, encoder, k)
        at = max([i + 1 for i, t in enumerate(trials) if (t['encoder'], t['k']) == (encoder, k)], default=at)
        trials[at:at] = mine
        manifest['recipe_trials'] = trials
    with open(path, 'w') as f:
        json.dump(manifest, f, indent=2)
        f.write('\n')
    log('merged', ', '.join(e['id'] for e in new_entries), 'into', path)


def merge_position(items, encoder, k):
    """Where a new item for (encoder, k) goes: before the first one of the same encoder with a
    larger k, else at the end; so the order does not depend on which configs were added first."""
    return next((i for i, m in enumerate(items) if m.get('encoder') == encoder and (m.get('k') or 0) > k), len(items))


def parse_configs(text):
    return [(c.split(':')[0], int(c.split(':')[1])) for c in text.split(',')]


def parse_epochs(text, recipes):
    """{recipe: [n, ...]} plus {(recipe, encoder, k): [n, ...]} for per-config overrides."""
    if '=' not in text:
        return {r: [int(text)] for r in recipes}
    pairs = dict(p.split('=') for p in text.split(','))
    counts = lambda v: [int(n) for n in v.split('+')]
    epochs = {r: counts(pairs[r]) for r in recipes}
    for key, v in pairs.items():
        if '@' in key:
            r, config = key.split('@')
            assert r in recipes, key
            (encoder, k), = parse_configs(config)
            epochs[(r, encoder, k)] = counts(v)
    return epochs


if __name__ == '__main__':
    main()
