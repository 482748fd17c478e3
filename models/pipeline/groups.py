"""
Seeded grouping that the TypeScript side reproduces exactly (sim/predict/groups.ts), so that
both compute accuracy on the same coding groups. numpy/torch generators are avoided on purpose:
their streams are not specified anywhere TypeScript could follow.

Generator: 32-bit LCG, state' = (1664525 * state + 1013904223) mod 2^32, first draw is the
state after one step from the seed. A draw below m is (state * m) >> 32 (high bits: the low bits
of a power-of-two LCG are weak). Permutation: Fisher-Yates from the top, i = n-1 .. 1,
j = draw below i+1, swap(i, j). Groups: consecutive runs of k in the permutation; the remainder
(n mod k samples) is left out.
"""
import numpy as np

MASK = 0xFFFFFFFF


def permutation(n, seed):
    state = seed & MASK
    perm = list(range(n))
    for i in range(n - 1, 0, -1):
        state = (1664525 * state + 1013904223) & MASK
        j = (state * (i + 1)) >> 32
        perm[i], perm[j] = perm[j], perm[i]
    return np.array(perm, dtype=np.int64)


def groups(n, k, seed):
    perm = permutation(n, seed)
    count = n // k
    return perm[: count * k].reshape(count, k)
