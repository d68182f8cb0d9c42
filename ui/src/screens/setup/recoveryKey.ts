/** The printed groups of a recovery key such as "7QK2-AB3D-…", in order (group 1 first). */
export function keyGroups(key: string): string[] {
  return key
    .trim()
    .split(/[\s-]+/)
    .filter((g) => g.length > 0);
}

/**
 * The typed-back groups in the order the server asked for them (`confirmGroups`
 * holds 1-based group numbers); `typed` maps a group number to what was typed.
 */
export function groupsToConfirm(confirmGroups: readonly number[], typed: Readonly<Record<number, string>>): string[] {
  return confirmGroups.map((n) => (typed[n] ?? '').trim());
}
