import { DossierSnapshotInput, type DossierSnapshotInput as SnapshotInput } from '../../contracts/api/dossier';
import { ScorecardConfig } from '../../contracts/insight/scorecard';
import scorecardData from '../../contracts/insight/scorecard-766.json' with { type: 'json' };
import catalogueData from '../../contracts/insight/procedure-catalogue.json' with { type: 'json' };
import { ProcedureCatalogue } from '../../contracts/insight/procedures';
import { counterNames, type Counters } from '../../contracts/insight/scorecard';
import { defaultCalendar } from '../../functions/core/deadlines/default-calendar';
import type { DossierPartition } from '../../functions/core/dossier/dossier-records';
import type { StoredEvent } from '../../functions/core/delivery/event-records';
import type { BucketDelta, BucketKey } from '../../functions/core/insight/buckets';
import type { ContributionPorts, RiskEntry, StoredContribution } from '../../functions/core/insight/contribution-update';
import type { PortalSubmission } from '../../functions/core/insight/portal-submission';
import type { Adjustment } from '../../functions/core/insight/freeze';

/**
 * The insight table, the dossiers and the event store in memory, with the same conditional
 * semantics as the DynamoDB adapter; `failAfter` makes the n-th write throw (a crash mid-update).
 */
export class InsightMemory {
  readonly dossiers = new Map<string, DossierPartition>();
  readonly contributions = new Map<string, StoredContribution>();
  readonly buckets = new Map<string, Record<string, number> & { markers?: never }>();
  readonly markers = new Map<string, Set<string>>();
  readonly risks = new Map<string, RiskEntry>();
  readonly events = new Map<string, StoredEvent>();
  readonly submissions = new Map<string, PortalSubmission>();
  readonly unitNames = new Map<string, string>();
  readonly frozen = new Map<string, string>();
  readonly ratings = new Map<string, { score: number; ratedAt: string }>();
  readonly adjustments = new Map<string, Adjustment>();
  readonly queued: string[] = [];
  writes = 0;
  failAfter: number | undefined;
  /** Yield a random number of macrotask turns in every storage call, so concurrent runs interleave. */
  jitter: (() => number) | undefined;
  now = new Date('2026-11-24T09:00:00+07:00');
  readonly config = ScorecardConfig.parse(scorecardData);
  private readonly catalogue = ProcedureCatalogue.parse(catalogueData);

  putSnapshot(code: string, input: Partial<SnapshotInput>, version: number, ack?: { ackedAt: string }): void {
    const snapshot = { ...DossierSnapshotInput.parse({ ...input, version }), dossierCode: code };
    const storedAt = this.now.toISOString();
    const previous = this.dossiers.get(code);
    this.dossiers.set(code, {
      ...previous,
      state: { dossierCode: code, version, contentHash: String(version), snapshot, storedAt },
      ...(ack ? { portalSync: { ackVersion: version, ackRevision: 0, ackedAt: ack.ackedAt, attempts: 1 } } : {}),
    });
  }

  private async turn(): Promise<void> {
    const turns = this.jitter ? Math.floor(this.jitter() * 4) : 0;
    for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
  }

  private write(): void {
    this.writes++;
    if (this.failAfter !== undefined && this.writes > this.failAfter) {
      this.failAfter = undefined;
      throw new Error('crash');
    }
  }

  counters(pk: string, sk: string): Counters {
    const item = this.buckets.get(`${pk}|${sk}`) ?? {};
    return Object.fromEntries(counterNames.map((n) => [n, item[n] ?? 0])) as Counters;
  }

  rows(pk: string) {
    return [...this.buckets.entries()]
      .filter(([key]) => key.startsWith(`${pk}|`))
      .map(([key]) => ({ key: key.slice(pk.length + 1), counters: this.counters(pk, key.slice(pk.length + 1)) }));
  }

  ports(): ContributionPorts {
    const calendar = defaultCalendar();
    return {
      readInputs: async (code) => {
        await this.turn();
        return { partition: this.dossiers.get(code) ?? {}, contribution: structuredClone(this.contributions.get(code)), rating: this.ratings.get(code) };
      },
      readSubmission: async (code) => structuredClone(this.submissions.get(code)),
      frozenAt: async (month) => this.frozen.get(month),
      writeContribution: async (record, expectedRev) => {
        await this.turn();
        this.write();
        const current = this.contributions.get(record.dossierCode);
        if (expectedRev === null ? current !== undefined : current?.rev !== expectedRev || current.pendingOp !== undefined) return false;
        this.contributions.set(record.dossierCode, structuredClone(record));
        return true;
      },
      applyBucketDelta: async (delta: BucketDelta, opId) => {
        await this.turn();
        this.write();
        const key = `${delta.pk}|${delta.sk}`;
        const marks = this.markers.get(key) ?? new Set();
        if (marks.has(opId)) return;
        const item = this.buckets.get(key) ?? {};
        for (const [name, value] of Object.entries(delta.delta)) item[name] = (item[name] ?? 0) + value!;
        marks.add(opId);
        this.markers.set(key, marks);
        this.buckets.set(key, item);
      },
      releaseBucketMarker: async (key: BucketKey, opId) => {
        await this.turn();
        this.write();
        this.markers.get(`${key.pk}|${key.sk}`)?.delete(opId);
      },
      writeSideItems: async (items) => {
        await this.turn();
        this.write();
        if (items.riskDelete) this.risks.delete(`${items.riskDelete.unitKey}|${items.riskDelete.dossierCode}`);
        if (items.riskPut) this.risks.set(`${items.riskPut.unitKey}|${items.riskPut.dossierCode}`, items.riskPut);
        if (items.unitName) this.unitNames.set(items.unitName.unitName, items.unitName.unitKey);
        for (const a of items.adjustments ?? []) this.adjustments.set(`${a.month}|${a.dossierCode}#${a.rev}|${a.unitKey}`, a);
      },
      clearPendingOperation: async (code, opId) => {
        await this.turn();
        this.write();
        const current = this.contributions.get(code);
        if (current?.pendingOp?.opId === opId) {
          const { pendingOp: _op, ...rest } = current;
          this.contributions.set(code, rest);
        }
      },
      storeEventOnce: async (event) => {
        const existing = this.events.get(event.eventId);
        if (existing) return { stored: false, existing };
        this.events.set(event.eventId, event);
        return { stored: true };
      },
      enqueueCityDelivery: async ({ eventId }) => {
        this.queued.push(eventId);
      },
      markEvent: async (eventId, status) => {
        const e = this.events.get(eventId);
        if (e) this.events.set(eventId, { ...e, status });
      },
      procedureRule: (code) => this.catalogue.procedures[code],
      calendar,
      config: this.config,
      dueSoonLeadMinutes: 480,
      operationLeaseMs: 120_000,
      now: () => this.now,
    };
  }
}
