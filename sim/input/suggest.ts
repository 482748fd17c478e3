import { distance } from 'fastest-levenshtein';

/**
 * The candidate a user most likely meant, or undefined when none is close enough to be a
 * plausible typo (a far-fetched "did you mean" is worse than none). A match that differs only
 * in case wins outright: `mb` almost certainly means `MB`.
 */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  const sameLetters = candidates.find((c) => c.toLowerCase() === lower);
  if (sameLetters !== undefined) return sameLetters;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const tolerated = Math.max(2, Math.floor(word.length / 3));
  return bestDistance <= tolerated ? best : undefined;
}

/** The nearest candidate whatever the distance (for paths, where any pointer helps). */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(word, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
