"""
Training a parity model F_P so that F_P(encode(X_1..X_k)) ~ F(X_1) + ... + F(X_k) (for the
weighted encoder: ~ 1 F(X_1) + 2 F(X_2) + ... + k F(X_k), and the decoded output of member i is
(F_P(P) - sum_{j != i} j F(X_j)) / i, the decode the figures and parm-sim use).

Recipes (all keep the deployed architecture, the encoder and the decoder unchanged):
- paper: ParM's recipe: fresh init, MSE against the sum of the deployed logits, Adam
  (lr 1e-3, wd 1e-5), 64 groups a step, groups re-drawn every epoch (ParM's loader shuffles the
  training subset every epoch, which re-forms groups), best epoch by validation degraded accuracy.
- Options beyond it: init 'deployed' starts from the deployed model's weights; loss
  'mse+ce' adds a cross-entropy term on every decoded output F(X_i) + (F_P(P) - sum F(X_j))
  against the true label, which is what degraded-mode accuracy measures; schedule 'cosine'
  anneals the learning rate to zero over the run; 'lr' sets the peak learning rate (default
  1e-3) and 'label_smoothing' smooths the cross-entropy term's targets (default none).
- Options added for addition k=3 (none changes the architecture, the encoder or the decoder; a
  recipe without them trains exactly as before):
  'ema': decay per step of an exponential moving average of the weights; the average (same size)
  is what is evaluated on validation every epoch, selected and exported.
  'swa_start': fraction of the run after which a uniform average of the weights (one snapshot per
  epoch) is kept, evaluated, selected and exported instead (stochastic weight averaging).
  'flip': probability that a group member is mirrored left-right (Fashion-MNIST garments stay
  garments), with the deployed model's logits on the mirrored images precomputed as its targets.
  'distill_T'/'distill_alpha': the decoded cross-entropy term becomes (1 - alpha) x CE(true label)
  + alpha x T^2 x CE(decoded / T, softmax(deployed logits / T)) (knowledge distillation).
  'ce_temperature': tau, the cross-entropy term is taken on decoded / tau (tau > 1 keeps pushing
  margins that are already right; tau < 1 concentrates on the decoded outputs that are wrong).
  'teacher': (recipe, epochs) of another parity model for the same (encoder, k), trained first
  (build.py caches it) and used only during training; with 'teacher_alpha' and 'teacher_T' the
  decoded cross-entropy term becomes (1 - alpha) x CE(true label) + alpha x T^2 x
  CE(decoded / T, softmax(teacher's decoded output / T)).
"""
import copy
import math

import numpy as np
import torch
from torch import nn

from common import BATCH, log, logits_of, seed_everything
from encoders import encode, to_unit, weights
from evaluate import degraded_figures
from nets import ARCHITECTURES, Normalised


def warm_ce_cosine(ce_weight, **options):
    """Warm start from the deployed model, MSE + ce_weight x decoded cross-entropy, cosine schedule."""
    return {'init': 'deployed', 'loss': 'mse+ce', 'ce_weight': ce_weight, 'schedule': 'cosine', **options}


RECIPES = {
    'paper': {'init': 'fresh', 'loss': 'mse', 'schedule': 'constant'},
    'warm-start': {'init': 'deployed', 'loss': 'mse', 'schedule': 'constant'},
    'decoded-ce': {'init': 'fresh', 'loss': 'mse+ce', 'ce_weight': 3.0, 'schedule': 'constant'},
    'warm-ce-cosine': warm_ce_cosine(3.0),
    'warm-ce10-cosine': warm_ce_cosine(10.0),
    'warm-ce30-cosine': warm_ce_cosine(30.0),
    'warm-ce100-cosine': warm_ce_cosine(100.0),
    'warm-ce300-cosine': warm_ce_cosine(300.0),
    'warm-ce1000-cosine': warm_ce_cosine(1000.0),
    # Variations on warm-ce300-cosine (peak learning rate, CE weight, label smoothing on the CE term).
    'warm-ce300-lr5e4-cosine': warm_ce_cosine(300.0, lr=5e-4),
    'warm-ce300-lr2e3-cosine': warm_ce_cosine(300.0, lr=2e-3),
    'warm-ce200-cosine': warm_ce_cosine(200.0),
    'warm-ce500-cosine': warm_ce_cosine(500.0),
    'warm-ce300-ls-cosine': warm_ce_cosine(300.0, label_smoothing=0.1),
    # Weight averaging on warm-ce300-cosine: EMA of the weights (decay per step), or SWA (uniform
    # average of per-epoch snapshots over the last quarter of the run); the average is selected/exported.
    'warm-ce300-cosine-ema': warm_ce_cosine(300.0, ema=0.9998),
    'warm-ce300-cosine-swa': warm_ce_cosine(300.0, swa_start=0.75),
    # Augmentation: each group member mirrored left-right with probability 0.5.
    'warm-ce300-flip-cosine': warm_ce_cosine(300.0, flip=0.5),
    # Temperature of the decoded CE term (see 'ce_temperature' above); warm-ce300-t4-cosine at
    # 1200 epochs is the committed addition k=3 model.
    'warm-ce300-t2-cosine': warm_ce_cosine(300.0, ce_temperature=2.0),
    'warm-ce300-t05-cosine': warm_ce_cosine(300.0, ce_temperature=0.5),
    'warm-ce300-t4-cosine': warm_ce_cosine(300.0, ce_temperature=4.0),
    'warm-ce300-t8-cosine': warm_ce_cosine(300.0, ce_temperature=8.0),
    'warm-ce300-t16-cosine': warm_ce_cosine(300.0, ce_temperature=16.0),
    'warm-ce1000-t8-cosine': warm_ce_cosine(1000.0, ce_temperature=8.0),
    # Born-again distillation: the warm-ce300-cosine (500 epochs) model, committed until the
    # temperature recipes won, as the teacher (same architecture),
    # decoded CE half against the true label, half against the teacher's decoded outputs (T = 2).
    'warm-ce300-ba-cosine': warm_ce_cosine(300.0, teacher=('warm-ce300-cosine', 500), teacher_alpha=0.5, teacher_T=2.0),
    # Distillation: decoded CE half against the true label, half against the deployed model's
    # softened outputs (T = 4).
    'warm-ce300-kd-cosine': warm_ce_cosine(300.0, distill_T=4.0, distill_alpha=0.5),
}


def with_soft_targets(ce, decoded, teacher_logits, t, alpha):
    """Distillation: (1 - alpha) x the label cross-entropy `ce` + alpha x T^2 x the cross-entropy of
    decoded / T against softmax(teacher_logits / T)."""
    soft = torch.softmax(teacher_logits.reshape(-1, 10) / t, dim=1)
    kd = nn.functional.cross_entropy(decoded.reshape(-1, 10) / t, soft) * t * t
    return (1 - alpha) * ce + alpha * kd


def parity_input_stats(encoder, k, images, seed):
    """Mean/std of encoded parity inputs, for the parity model's own in-graph normalisation."""
    rng = np.random.default_rng(seed)
    groups = rng.integers(0, images.shape[0], size=(4096, k))
    x = encode(encoder, images, groups)
    return float(x.mean()), float(x.std())


def train_parity(arch, deployed, encoder, k, train, val, recipe_name, epochs, seed, teacher=None):
    """
    train/val: dicts with uint8 `images`, deployed `logits` (float32) and `labels`; val also
    has `groups` (fixed, LCG-drawn). Returns the best model by validation degraded accuracy.
    teacher: a callable returning the trained teacher parity model, for recipes with 'teacher'.
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
    # Position weights of the parity (weighted: 1..k, target sum_i w_i F(X_i)); None for the
    # unweighted encoders, which train exactly as before.
    w = torch.from_numpy(weights(encoder, k)) if encoder == 'weighted' else None
    images = train['images']
    n = images.shape[0]
    if recipe.get('flip'):
        # indices n..2n-1 are the mirrored images, with the deployed model's logits on them
        mirrored = images[:, :, ::-1].copy()
        images = np.concatenate([images, mirrored])
        logits = torch.cat([logits, torch.from_numpy(logits_of(deployed, to_unit(mirrored)[:, None]))])
        labels = torch.cat([labels, labels])
    teacher_model = teacher() if recipe.get('teacher') else None
    averaged = None
    if recipe.get('ema') or recipe.get('swa_start') is not None:
        averaged = copy.deepcopy(model)
        averaged_count = 0
        swa_from = math.floor(recipe['swa_start'] * epochs) if recipe.get('swa_start') is not None else None
    best, best_fig, history = None, None, []
    for epoch in range(epochs):
        model.train()
        groups = torch.randperm(n, generator=gen)[: (n // k) * k].reshape(-1, k)
        if recipe.get('flip'):
            groups = groups + n * (torch.rand(groups.shape, generator=gen) < recipe['flip']).long()
        x = torch.from_numpy(encode(encoder, images, groups.numpy()))
        member_logits = logits[groups]          # [G, k, 10]
        target = member_logits.sum(1) if w is None else (member_logits * w[None, :, None]).sum(1)
        member_labels = labels[groups]           # [G, k]
        if teacher_model is not None:
            teacher_out = torch.from_numpy(logits_of(teacher_model, x.numpy()))
        order = torch.randperm(groups.shape[0], generator=gen)
        for s in range(0, groups.shape[0], BATCH):
            idx = order[s:s + BATCH]
            out = model(x[idx])
            loss = nn.functional.mse_loss(out, target[idx])
            if use_ce:
                # decoded_i = F_P(P) - sum_{j != i} F(X_j) = F(X_i) + (F_P(P) - sum_j F(X_j))
                # weighted: decoded_i = (F_P(P) - sum_{j != i} w_j F(X_j)) / w_i = F(X_i) + (F_P(P) - target) / w_i
                decoded = (member_logits[idx] + (out - target[idx])[:, None, :] if w is None
                           else member_logits[idx] + (out - target[idx])[:, None, :] / w[None, :, None])
                if recipe.get('ce_temperature'):
                    decoded = decoded / recipe['ce_temperature']
                ce = nn.functional.cross_entropy(decoded.reshape(-1, 10), member_labels[idx].reshape(-1),
                                                 label_smoothing=recipe.get('label_smoothing', 0.0))
                if recipe.get('distill_T'):
                    ce = with_soft_targets(ce, decoded, member_logits[idx], recipe['distill_T'], recipe['distill_alpha'])
                if teacher_model is not None:
                    teacher_decoded = (member_logits[idx] + (teacher_out[idx] - target[idx])[:, None, :] if w is None
                                       else member_logits[idx] + (teacher_out[idx] - target[idx])[:, None, :] / w[None, :, None])
                    ce = with_soft_targets(ce, decoded, teacher_decoded, recipe['teacher_T'], recipe['teacher_alpha'])
                loss = loss + recipe['ce_weight'] * ce
            opt.zero_grad()
            loss.backward()
            opt.step()
            if sched:
                sched.step()
            if recipe.get('ema'):
                with torch.no_grad():
                    for a, p in zip(averaged.parameters(), model.parameters()):
                        a.mul_(recipe['ema']).add_(p, alpha=1 - recipe['ema'])
        if averaged is not None:
            if swa_from is not None:
                if epoch >= swa_from:
                    averaged_count += 1
                    with torch.no_grad():
                        for a, p in zip(averaged.parameters(), model.parameters()):
                            a.mul_((averaged_count - 1) / averaged_count).add_(p, alpha=1 / averaged_count)
                else:
                    averaged.load_state_dict(model.state_dict())
            raw = degraded_figures(model, encoder, val['images'], val['logits'], val['labels'], val['groups'])
            log(f'  {arch} {encoder} k={k} {recipe_name} epoch {epoch + 1}/{epochs}: '
                f'raw weights val degraded {raw["degraded_accuracy"]:.4f}')
            model_to_score = averaged
        else:
            model_to_score = model
        fig = degraded_figures(model_to_score, encoder, val['images'], val['logits'], val['labels'], val['groups'])
        history.append(round(fig['degraded_accuracy'], 4))
        log(f'  {arch} {encoder} k={k} {recipe_name} epoch {epoch + 1}/{epochs}: '
            f'val degraded {fig["degraded_accuracy"]:.4f} reconstruction {fig["reconstruction_accuracy"]:.4f}')
        if best_fig is None or fig['degraded_accuracy'] > best_fig['degraded_accuracy']:
            best_fig, best = fig, copy.deepcopy(model_to_score.state_dict())
            best_epoch = epoch + 1
    model.load_state_dict(best)
    model.eval()
    info = {'recipe': recipe_name, **recipe, 'epochs': epochs, 'best_epoch': best_epoch,
            'input_normalisation': {'mean': mean, 'std': std},
            'validation_degraded_accuracy': round(best_fig['degraded_accuracy'], 4),
            'validation_reconstruction_accuracy': round(best_fig['reconstruction_accuracy'], 4),
            'validation_history': history}
    return model, info
