import type { SessionPackage } from '../../bindings/SessionPackage';

/** Packages that can still be used today. */
export function usable(packages: SessionPackage[]): SessionPackage[] {
  return packages.filter((k) => k.remaining > 0 && !k.expired && k.closed_at === null);
}

/** What the unused sessions come to, as the service reckons it: pro rata, rounded down to the paisa. */
export function proRataPaisa(k: SessionPackage): number {
  if (k.sessions <= 0) return 0;
  return Math.floor((k.price_paisa * k.remaining) / k.sessions);
}
