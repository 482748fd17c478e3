"""Degraded-mode figures of a parity model on given coding groups, every position erased in turn."""
import numpy as np

from common import logits_of
from encoders import encode, weights


def degraded_figures(parity_model, encoder, images, member_logits_all, labels, groups):
    """
    degraded: decoded output's argmax vs the true label; reconstruction: vs the deployed
    model's own prediction. `member_logits_all` are the deployed outputs for `images`. The erased
    member is decoded as (F_P(P) - sum_{j != i} w_j F(X_j)) / w_i with the encoder's weights
    (all 1 but for weighted), float32 in slot order as encoders.decode.
    """
    parity_out = logits_of(parity_model, encode(encoder, images, groups))
    k = groups.shape[1]
    w = weights(encoder, k)
    right_label = right_deployed = total = 0
    for i in range(k):
        decoded = parity_out.copy()
        for j in range(k):
            if j != i:
                member = member_logits_all[groups[:, j]]
                decoded = decoded - (member if w[j] == 1 else np.float32(w[j]) * member)
        if w[i] != 1:
            decoded = decoded / np.float32(w[i])
        pred = decoded.argmax(1)
        right_label += int((pred == labels[groups[:, i]]).sum())
        right_deployed += int((pred == member_logits_all[groups[:, i]].argmax(1)).sum())
        total += groups.shape[0]
    return {'degraded_accuracy': right_label / total, 'reconstruction_accuracy': right_deployed / total}
