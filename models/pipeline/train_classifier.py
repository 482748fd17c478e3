"""Training the deployed models and the approximate backup model (plain cross-entropy)."""
import copy

import numpy as np
import torch
from torch import nn

from common import BATCH, PIXEL_MEAN, PIXEL_STD, log, logits_of, seed_everything
from nets import ARCHITECTURES, Normalised


def train_classifier(arch, train_x, train_y, val_x, val_y, epochs, seed):
    """Adam (lr 1e-3, weight decay 1e-5); keeps the epoch with the best validation accuracy."""
    seed_everything(seed)
    model = Normalised(ARCHITECTURES[arch](), PIXEL_MEAN, PIXEL_STD)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-5)
    gen = torch.Generator().manual_seed(seed)
    x = torch.from_numpy(train_x)
    y = torch.from_numpy(train_y.astype(np.int64))
    best, best_acc, history = None, -1.0, []
    for epoch in range(epochs):
        model.train()
        order = torch.randperm(x.shape[0], generator=gen)
        for s in range(0, x.shape[0], BATCH):
            idx = order[s:s + BATCH]
            loss = nn.functional.cross_entropy(model(x[idx]), y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
        acc = float((logits_of(model, val_x).argmax(1) == val_y).mean())
        history.append(round(acc, 4))
        log(f'  {arch} epoch {epoch + 1}/{epochs}: validation accuracy {acc:.4f}')
        if acc > best_acc:
            best_acc, best = acc, copy.deepcopy(model.state_dict())
    model.load_state_dict(best)
    model.eval()
    return model, {'epochs': epochs, 'best_validation_accuracy': round(best_acc, 4), 'validation_history': history}
