/** A cost for people: `$0.0123`, or `cost unknown` for a model without a price. */
export function formatUsd(usd: number | null): string {
  return usd === null ? "cost unknown" : `$${usd.toFixed(4)}`;
}
