/** Delay before retry number `attempt` (1-based): 250 ms doubling, capped at 30 s, ±20 % jitter. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(250 * 2 ** (attempt - 1), 30_000);
  return Math.round(base * (0.8 + 0.4 * random()));
}
