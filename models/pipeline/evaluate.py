"""Degraded-mode figures of a parity model on given coding groups, every position erased in turn."""
import numpy as np

from common import logits_of
from encoders import encode


def degraded_figures(parity_model, encoder, images, member_logits_all, labels, groups):
    """
    degraded: decoded output's argmax vs the true label; reconstruction: vs the deployed
    model's own prediction. `member_logits_all` are the deployed outputs for `images`.
    """
    parity_out = logits_of(parity_model, encode(encoder, images, groups))
    k = groups.shape[1]
    right_label = right_deployed = total = 0
    for i in range(k):
        decoded = parity_out.copy()
        for j in range(k):
            if j != i:
                decoded = decoded - member_logits_all[groups[:, j]]
        pred = decoded.argmax(1)
        right_label += int((pred == labels[groups[:, i]]).sum())
        right_deployed += int((pred == member_logits_all[groups[:, i]].argmax(1)).sum())
        total += groups.shape[0]
    return {'degraded_accuracy': right_label / total, 'reconstruction_accuracy': right_deployed / total}
