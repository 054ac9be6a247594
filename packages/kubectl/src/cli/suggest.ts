// "Did you mean this?": cobra suggests names within Levenshtein distance 2 or sharing a prefix.

export function levenshtein(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** All candidates close to typed, best first (cobra's SuggestionsFor). */
export function suggestions(typed: string, candidates: string[], maxDistance = 2): string[] {
  const t = typed.toLowerCase();
  const scored: Array<[string, number]> = [];
  for (const c of candidates) {
    const d = levenshtein(t, c.toLowerCase());
    if (d <= maxDistance || (t.length > 0 && c.toLowerCase().startsWith(t))) scored.push([c, d]);
  }
  return scored.sort((x, y) => x[1] - y[1]).map(([c]) => c);
}

export function suggest(typed: string, candidates: string[]): string | undefined {
  return suggestions(typed, candidates)[0];
}
