// A run's time budget (train.max_minutes) bounds how long it has left, whatever its pace says.

/** Time left (ms): what the steps still need, capped by what is left of `maxMinutes` after `elapsedMs`. */
export function remainingWithinBudgetMs(stepsLeftMs: number, maxMinutes: number | undefined, elapsedMs: number): number {
  if (maxMinutes === undefined) return stepsLeftMs;
  const budgetLeftMs = Math.max(0, maxMinutes * 60_000 - elapsedMs);
  return Number.isNaN(stepsLeftMs) ? budgetLeftMs : Math.min(stepsLeftMs, budgetLeftMs);
}
