"""
A collage classifier: one network that classifies the k images of a `concatenation` parity image at
once (k = 4: four 14x14 tiles, 2x2 in group order), with logits [N, 10 k], 10 per tile in group
order. Trained with cross-entropy of each tile's logits against that tile's true label, groups
re-drawn every epoch, Adam (lr 1e-3, wd 1e-5), 64 groups a step, cosine decay; the epoch with the
best per-tile accuracy on the validation groups is kept.
"""
import copy

import numpy as np
import torch
from torch import nn

from common import BATCH, log, logits_of, seed_everything
from encoders import encode
from nets import ARCHITECTURES, Normalised
from train_parity import parity_input_stats


def collage_net(arch, k):
    """The set's architecture with a 10 k-wide last layer."""
    net = ARCHITECTURES[arch]()
    last = net.body[-1]
    net.body[-1] = nn.Linear(last.in_features, 10 * k)
    return net


def tile_accuracy(model, images, labels, groups):
    """Share of tiles whose 10 logits' argmax is the tile's true label (empty slots: none here)."""
    out = logits_of(model, encode('concatenation', images, groups))
    k = groups.shape[1]
    pred = out.reshape(-1, k, 10).argmax(2)
    return float((pred == labels[groups]).mean())


def train_collage(arch, k, train, val, epochs, seed):
    seed_everything(seed)
    mean, std = parity_input_stats('concatenation', k, train['images'], seed)
    model = Normalised(collage_net(arch, k), mean, std)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-5)
    n = train['images'].shape[0]
    steps_per_epoch = -(-(n // k) // BATCH)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=epochs * steps_per_epoch)
    gen = torch.Generator().manual_seed(seed)
    labels = torch.from_numpy(train['labels'].astype(np.int64))
    best, best_acc, history = None, -1.0, []
    for epoch in range(epochs):
        model.train()
        groups = torch.randperm(n, generator=gen)[: (n // k) * k].reshape(-1, k)
        x = torch.from_numpy(encode('concatenation', train['images'], groups.numpy()))
        y = labels[groups]
        order = torch.randperm(groups.shape[0], generator=gen)
        for s in range(0, groups.shape[0], BATCH):
            idx = order[s:s + BATCH]
            loss = nn.functional.cross_entropy(model(x[idx]).reshape(-1, 10), y[idx].reshape(-1))
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
        acc = tile_accuracy(model, val['images'], val['labels'], val['groups'])
        history.append(round(acc, 4))
        log(f'  {arch} collage k={k} epoch {epoch + 1}/{epochs}: validation tile accuracy {acc:.4f}')
        if acc > best_acc:
            best_acc, best, best_epoch = acc, copy.deepcopy(model.state_dict()), epoch + 1
    model.load_state_dict(best)
    model.eval()
    info = {'recipe': 'cross-entropy per tile, Adam lr 1e-3 wd 1e-5, batch 64 groups, cosine', 'epochs': epochs,
            'best_epoch': best_epoch, 'input_normalisation': {'mean': mean, 'std': std},
            'validation_tile_accuracy': round(best_acc, 4), 'validation_history': history}
    return model, info
