"""
Parity encoders, defined on the uint8 pixels so that TypeScript can repeat them float for float:
every encoded pixel is (an integer sum of uint8 pixels) / (255 * m), divided in float64 and
rounded once to float32. Both Python (numpy) and JavaScript (Math.fround) do exactly that.

- addition: pixel-wise sum of the k images, m = 1 (values in [0, k]).
- concatenation k=2: each image halved horizontally (mean of pixel pairs 2c, 2c+1: m = 2) to
  28x14, placed side by side in group order.
- concatenation k=4: each image reduced to 14x14 (mean of 2x2 blocks: m = 4), tiled 2x2 in
  group order, row by row.
- concatenation k=9: each image's top-left 27x27 reduced to 9x9 (mean of 3x3 blocks: m = 9; the
  last row and column, background in Fashion-MNIST, are left out), tiled 3x3 in group order, row
  by row; the collage's last row and column stay blank.
- weighted: pixel-wise sum of the k images weighted by their position in the group,
  sum_i (i + 1) X_i (weights 1, 2, ..., k), m = 1 (values in [0, k(k+1)/2]). With addition as a
  first parity and weighted as a second, any two erased members of a group can be recovered.
An empty slot (index -1) is a blank (all-zero) image.
"""
import numpy as np


def to_unit(pixels):
    """uint8 images -> float32 in [0, 1], the deployed model's input."""
    return (pixels.astype(np.float64) / 255.0).astype(np.float32)


def _members(images, group_indices):
    """[G, k] indices (-1 = empty) -> [G, k, 28, 28] int32 pixels."""
    idx = np.asarray(group_indices)
    out = images[np.maximum(idx, 0)].astype(np.int32)
    out[idx < 0] = 0
    return out


def encode_addition(images, group_indices):
    m = _members(images, group_indices)
    return (m.sum(axis=1).astype(np.float64) / 255.0).astype(np.float32)[:, None]


def encode_concatenation(images, group_indices):
    m = _members(images, group_indices)
    g, k = m.shape[0], m.shape[1]
    out = np.zeros((g, 28, 28), dtype=np.int32)
    if k == 2:
        halves = m[:, :, :, 0::2] + m[:, :, :, 1::2]  # [G, 2, 28, 14]
        out[:, :, 0:14] = halves[:, 0]
        out[:, :, 14:28] = halves[:, 1]
        div = 510.0
    elif k in (4, 9):
        # k = b*b: each image's top-left (side*b)^2 as side x side means of b x b blocks, tiled b x b.
        b = 2 if k == 4 else 3
        side = 28 // b
        tiles = sum(m[:, :, dr:side * b:b, dc:side * b:b] for dr in range(b) for dc in range(b))  # [G, k, side, side]
        for slot in range(k):
            r, c = divmod(slot, b)
            out[:, r * side:(r + 1) * side, c * side:(c + 1) * side] = tiles[:, slot]
        div = 255.0 * b * b
    else:
        raise ValueError(f'concatenation supports k = 2, 4 or 9, not {k}')
    return (out.astype(np.float64) / div).astype(np.float32)[:, None]


def encode_weighted(images, group_indices):
    m = _members(images, group_indices)
    w = np.arange(1, m.shape[1] + 1, dtype=np.int32)[None, :, None, None]
    return ((m * w).sum(axis=1).astype(np.float64) / 255.0).astype(np.float32)[:, None]


ENCODERS = {'addition': encode_addition, 'concatenation': encode_concatenation, 'weighted': encode_weighted}


def weights(name, k):
    """The weight w_i of each group position in the parity the encoder's model is trained for:
    F_P(P) ~ sum_i w_i F(X_i). All ones but for weighted (1, 2, ..., k)."""
    return np.arange(1, k + 1, dtype=np.float32) if name == 'weighted' else np.ones(k, dtype=np.float32)


def encode(name, images, group_indices):
    return ENCODERS[name](images, group_indices)


def decode(parity_out, member_outs, position, present, w=None):
    """F(X_i) ~ (F_P(P) - sum_{j != i, present} w_j F(X_j)) / w_i; float32 throughout, in slot
    order; with every weight 1 (w None: addition, concatenation) ParM's subtraction, no multiply
    or divide at all."""
    acc = parity_out.astype(np.float32).copy()
    for j in range(member_outs.shape[0]):
        if j != position and present[j]:
            acc = acc - (member_outs[j] if w is None or w[j] == 1 else np.float32(w[j]) * member_outs[j])
    if w is not None and w[position] != 1:
        acc = acc / np.float32(w[position])
    return acc
