/** Drives the portal simulator over HTTP, as an operator or a test would. */
export async function setPortalFaults(portalUrl: string, knobs: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${portalUrl}/_faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(knobs) });
  if (!response.ok) throw new Error(`portal knobs refused: ${await response.text()}`);
}

export interface PortalView {
  dossier: Record<string, any>;
  history: Record<string, any>[];
  /** Every DongBoHoSoMC payload accepted for the dossier, in arrival order. */
  received: Record<string, any>[];
  calls: { service: string; outcome: string; errorCode?: string; isUpdating?: string; delivery?: 'answer-lost' | 'applied-late' }[];
}

export async function inspectPortalDossier(portalUrl: string, code: string): Promise<PortalView | undefined> {
  const response = await fetch(`${portalUrl}/_inspect/dossiers/${encodeURIComponent(code)}`);
  if (response.status === 404) return undefined;
  return (await response.json()) as PortalView;
}

export async function portalCalls(portalUrl: string): Promise<{ logins: number; calls: { service: string; outcome: string; errorCode?: string; dossierCodes: string[] }[] }> {
  return (await fetch(`${portalUrl}/_inspect/calls`)).json() as never;
}
