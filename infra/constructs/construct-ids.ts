/**
 * Construct ids and stack output names are derived from the topology keys (`portalSync` →
 * `PortalSync`), so a key renamed in infra/topology renames its resources predictably.
 */
export function pascal(key: string): string {
  return key.charAt(0).toUpperCase() + key.slice(1);
}
