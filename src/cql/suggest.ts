/**
 * "Did you mean" suggestions: the closest candidate by edit distance, used for mistyped field
 * names, function names, content types and space keys.
 */

/**
 * Edit distance counting insertions, deletions, substitutions and swaps of two neighbouring
 * characters (so `sapce` is one edit from `space`). Case-sensitive; callers fold case first.
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i += 1) {
    for (let j = 1; j < cols; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[rows - 1][cols - 1];
}

/**
 * The candidate closest to `word`, ignoring case, or `null` when none is close enough: at most
 * `maxDistance` edits (default: 1 for words up to 4 characters, 2 up to 8, then 3).
 * An exact match ignoring case always wins.
 */
export function closestMatch(
  word: string,
  candidates: Iterable<string>,
  maxDistance?: number,
): string | null {
  const target = word.toLowerCase();
  const limit = maxDistance ?? (target.length <= 4 ? 1 : target.length <= 8 ? 2 : 3);
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(target, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : null;
}
