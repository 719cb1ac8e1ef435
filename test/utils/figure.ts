/**
 * One measured figure of a fault scenario, printed as `FIGURE {json}` so that
 * `npm run test:fault 2>&1 | grep FIGURE` gives the numbers docs/RELIABILITY.md quotes.
 * Printed after the assertions pass: a figure is only ever shown for a scenario that held.
 */
export function figure(scenario: string, measured: Record<string, unknown>): void {
  process.stdout.write(`FIGURE ${JSON.stringify({ scenario, ...measured })}\n`);
}
