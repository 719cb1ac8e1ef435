/**
 * Grouping accuracy (GA) as LogHub's benchmark defines it: the share of lines whose predicted group
 * holds exactly the lines of their true group. Inputs are one label per line, in the same order.
 */
export function groupingAccuracy(predicted: readonly string[], truth: readonly string[]): number {
  if (predicted.length !== truth.length) throw new Error(`GA needs one label per line: ${predicted.length} predicted, ${truth.length} true`);
  if (predicted.length === 0) return 1;
  const byPred = new Map<string, number[]>();
  predicted.forEach((p, i) => {
    const list = byPred.get(p);
    if (list) list.push(i);
    else byPred.set(p, [i]);
  });
  const truthSize = new Map<string, number>();
  for (const t of truth) truthSize.set(t, (truthSize.get(t) ?? 0) + 1);
  let correct = 0;
  for (const members of byPred.values()) {
    const label = truth[members[0]!]!;
    if (members.every((i) => truth[i] === label) && truthSize.get(label) === members.length) correct += members.length;
  }
  return correct / predicted.length;
}
