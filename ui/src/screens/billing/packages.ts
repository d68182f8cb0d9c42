import type { SessionPackage } from '../../bindings/SessionPackage';

/** Packages that can still be used today. */
export function usable(packages: SessionPackage[]): SessionPackage[] {
  return packages.filter((k) => k.remaining > 0 && !k.expired && k.closed_at === null);
}
