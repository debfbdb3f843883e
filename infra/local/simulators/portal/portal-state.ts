import { randomUUID } from 'node:crypto';
import type { PortalDossier } from '../../../../contracts/portal/dossier';
import type { PortalStep } from '../../../../contracts/portal/progress';

export interface PortalCall {
  readonly at: string;
  readonly service: string;
  readonly outcome: 'accepted' | 'rejected' | 'fault';
  readonly errorCode?: string;
  readonly isUpdating?: string;
  readonly dossierCodes: readonly string[];
  /** Set by the ambiguity knobs: applied but unanswered, or applied after the client gave up. */
  readonly delivery?: 'answer-lost' | 'applied-late';
}

/** What the simulated portal holds: sessions, dossiers with their step history, every call. */
export class PortalState {
  readonly sessions = new Map<string, number>();
  readonly dossiers = new Map<string, { dossier: PortalDossier; history: PortalStep[]; versions: PortalDossier[]; receivedSyncAt?: number }>();
  readonly calls: PortalCall[] = [];
  logins = 0;

  openSession(ttlSeconds: number): string {
    const token = randomUUID();
    this.sessions.set(token, Date.now() + ttlSeconds * 1000);
    this.logins++;
    return token;
  }

  isSessionValid(token: unknown): boolean {
    const expiresAt = typeof token === 'string' ? this.sessions.get(token) : undefined;
    return expiresAt !== undefined && expiresAt > Date.now();
  }

  expireAllSessions(): void {
    this.sessions.clear();
  }

  record(call: Omit<PortalCall, 'at'>): void {
    this.calls.push({ at: new Date().toISOString(), ...call });
  }

  callsFor(dossierCode: string): PortalCall[] {
    return this.calls.filter((c) => c.dossierCodes.includes(dossierCode));
  }

  reset(): void {
    this.sessions.clear();
    this.dossiers.clear();
    this.calls.length = 0;
    this.logins = 0;
  }
}
