"""
Training a parity model F_P so that F_P(encode(X_1..X_k)) ~ F(X_1) + ... + F(X_k).

Recipes (all keep the deployed architecture, the encoder and the decoder unchanged):
- paper: ParM's recipe: fresh init, MSE against the sum of the deployed logits, Adam
  (lr 1e-3, wd 1e-5), 64 groups a step, groups re-drawn every epoch (ParM's loader shuffles the
  training subset every epoch, which re-forms groups), best epoch by validation degraded accuracy.
- Options beyond it: init 'deployed' starts from the deployed model's weights; loss
  'mse+ce' adds a cross-entropy term on every decoded output F(X_i) + (F_P(P) - sum F(X_j))
  against the true label, which is what degraded-mode accuracy measures; schedule 'cosine'
  anneals the learning rate to zero over the run; 'lr' sets the peak learning rate (default
  1e-3) and 'label_smoothing' smooths the cross-entropy term's targets (default none).
"""
import copy

import numpy as np
import torch
from torch import nn

from common import BATCH, log, seed_everything
from encoders import encode
from evaluate import degraded_figures
from nets import ARCHITECTURES, Normalised

RECIPES = {
    'paper': {'init': 'fresh', 'loss': 'mse', 'schedule': 'constant'},
    'warm-start': {'init': 'deployed', 'loss': 'mse', 'schedule': 'constant'},
    'decoded-ce': {'init': 'fresh', 'loss': 'mse+ce', 'ce_weight': 3.0, 'schedule': 'constant'},
    'warm-ce-cosine': {'init': 'deployed', 'loss': 'mse+ce', 'ce_weight': 3.0, 'schedule': 'cosine'},
    'warm-ce10-cosine': {'init': 'deployed', 'loss': 'mse+ce', 'ce_weight': 10.0, 'schedule': 'cosine'},
    'warm-ce30-cosine': {'init': 'deployed', 'loss': 'mse+ce', 'ce_weight': 30.0, 'schedule': 'cosine'},
    'warm-ce100-cosine': {'init': 'deployed', 'loss': 'mse+ce', 'ce_weight': 100.0, 'schedule': 'cosine'},
    'warm-ce300-cosine': {'init': 'deployed', 'loss': 'mse+ce', 'ce_weight': 300.0, 'schedule': 'cosine'},
    'warm-ce1000-cosine': {'init': 'deployed', 'loss': 'mse+ce', 'ce_weight': 1000.0, 'schedule': 'cosine'},
    # Variations on warm-ce300-cosine (peak learning rate, CE weight, label smoothing on the CE term).
    'warm-ce300-lr5e4-cosine': {'init': 'deployed', 'loss': 'mse+ce', 'ce_weight': 300.0, 'schedule': 'cosine',
                                'lr': 5e-4},
    'warm-ce300-lr2e3-cosine': {'init': 'deployed', 'loss': 'mse+ce', 'ce_weight': 300.0, 'schedule': 'cosine',
                                'lr': 2e-3},
    'warm-ce200-cosine': {'init': 'deployed', 'loss': 'mse+ce', 'ce_weight': 200.0, 'schedule': 'cosine'},
    'warm-ce500-cosine': {'init': 'deployed', 'loss': 'mse+ce', 'ce_weight': 500.0, 'schedule': 'cosine'},
    'warm-ce300-ls-cosine': {'init': 'deployed', 'loss': 'mse+ce', 'ce_weight': 300.0, 'schedule': 'cosine',
                             'label_smoothing': 0.1},
}


def parity_input_stats(encoder, k, images, seed):
    """Mean/std of encoded parity inputs, for the parity model's own in-graph normalisation."""
    rng = np.random.default_rng(seed)
    groups = rng.integers(0, images.shape[0], size=(4096, k))
    x = encode(encoder, images, groups)
    return float(x.mean()), float(x.std())


def train_parity(arch, deployed, encoder, k, train, val, recipe_name, epochs, seed):
    """
    train/val: dicts with uint8 `images`, deployed `logits` (float32) and `labels`; val also
    has `groups` (fixed, LCG-drawn). Returns the best model by validation degraded accuracy.
    """
    recipe = RECIPES[recipe_name]
    seed_everything(seed)
    mean, std = parity_input_stats(encoder, k, train['images'], seed)
    net = ARCHITECTURES[arch]()
    if recipe['init'] == 'deployed':
        net.load_state_dict(deployed.net.state_dict())
    model = Normalised(net, mean, std)
    opt = torch.optim.Adam(model.parameters(), lr=recipe.get('lr', 1e-3), weight_decay=1e-5)
    steps_per_epoch = -(-(train['images'].shape[0] // k) // BATCH)
    sched = None
    if recipe['schedule'] == 'cosine':
        sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=epochs * steps_per_epoch)
    gen = torch.Generator().manual_seed(seed)
    logits = torch.from_numpy(train['logits'])
    labels = torch.from_numpy(train['labels'].astype(np.int64))
    use_ce = recipe['loss'] == 'mse+ce'
    best, best_fig, history = None, None, []
    for epoch in range(epochs):
        model.train()
        n = train['images'].shape[0]
        groups = torch.randperm(n, generator=gen)[: (n // k) * k].reshape(-1, k)
        x = torch.from_numpy(encode(encoder, train['images'], groups.numpy()))
        member_logits = logits[groups]          # [G, k, 10]
        target = member_logits.sum(1)
        member_labels = labels[groups]           # [G, k]
        order = torch.randperm(groups.shape[0], generator=gen)
        for s in range(0, groups.shape[0], BATCH):
            idx = order[s:s + BATCH]
            out = model(x[idx])
            loss = nn.functional.mse_loss(out, target[idx])
            if use_ce:
                # decoded_i = F_P(P) - sum_{j != i} F(X_j) = F(X_i) + (F_P(P) - sum_j F(X_j))
                decoded = member_logits[idx] + (out - target[idx])[:, None, :]
                ce = nn.functional.cross_entropy(decoded.reshape(-1, 10), member_labels[idx].reshape(-1),
                                                 label_smoothing=recipe.get('label_smoothing', 0.0))
                loss = loss + recipe['ce_weight'] * ce
            opt.zero_grad()
            loss.backward()
            opt.step()
            if sched:
                sched.step()
        fig = degraded_figures(model, encoder, val['images'], val['logits'], val['labels'], val['groups'])
        history.append(round(fig['degraded_accuracy'], 4))
        log(f'  {arch} {encoder} k={k} {recipe_name} epoch {epoch + 1}/{epochs}: '
            f'val degraded {fig["degraded_accuracy"]:.4f} reconstruction {fig["reconstruction_accuracy"]:.4f}')
        if best_fig is None or fig['degraded_accuracy'] > best_fig['degraded_accuracy']:
            best_fig, best = fig, copy.deepcopy(model.state_dict())
            best_epoch = epoch + 1
    model.load_state_dict(best)
    model.eval()
    info = {'recipe': recipe_name, **recipe, 'epochs': epochs, 'best_epoch': best_epoch,
            'input_normalisation': {'mean': mean, 'std': std},
            'validation_degraded_accuracy': round(best_fig['degraded_accuracy'], 4),
            'validation_reconstruction_accuracy': round(best_fig['reconstruction_accuracy'], 4),
            'validation_history': history}
    return model, info
