import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, GetCommand, paginateQuery, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { counterNames, type Counters } from '../../../contracts/insight/scorecard';
import { platformLimits } from '../../../contracts/platform/limits';
import type { EvaluationKind, EvaluationRow } from '../../../contracts/portal/evaluation';
import type { BucketDelta, BucketKey } from '../../core/insight/buckets';
import type { RefreshInputs, RiskEntry, SideItems, StoredContribution } from '../../core/insight/contribution-update';
import type { Adjustment } from '../../core/insight/freeze';
import type { PortalRating } from '../../core/insight/portal-rating';
import type { PortalSubmission } from '../../core/insight/portal-submission';
import { ignoreConditionFailed } from '../aws/condition-failed';
import { documentClient } from '../aws/dynamodb-client';
import { partitionFromItems, partitionItemKeys } from '../dossier/dossier-store';
import { tableName } from '../aws/resource-names';

/**
 * The insight table. Counters live as top-level `c_<name>` attributes (ADD creates them), so a
 * delta is one UpdateExpression; an operation's marker is a top-level `op_<opId>` attribute, so
 * "applied once" is a condition on one attribute and never grows a map.
 */

const table = () => tableName('insight');
const contributionKey = (dossierCode: string) => ({ pk: `DOSSIER#${dossierCode}`, sk: 'CONTRIB' });
const riskKey = (unitKey: string, dossierCode: string) => ({ pk: `RISK#${unitKey}`, sk: dossierCode });
const markerOf = (opId: string) => `op_${opId}`;
const submissionKey = (dossierCode: string) => ({ pk: `SUBMITTED#${dossierCode}`, sk: 'PORTAL' });
const unitNameKey = (unitName: string) => ({ pk: `UNITNAME#${unitName}`, sk: 'CODE' });
const freezeKey = (month: string) => ({ pk: `FREEZE#${month}`, sk: 'STATE' });
const adjustmentKey = (a: Adjustment) => ({ pk: `ADJUST#${a.month}`, sk: `${a.unitKey}#${a.dossierCode}#${a.rev}` });
const ratingKey = (dossierCode: string) => ({ pk: `RATED#${dossierCode}`, sk: 'PORTAL' });
/** Frozen months never thaw: cached for good; an open month is asked again after a minute. */
const frozenCache = new Map<string, { frozenAt: string | undefined; until: number }>();
export const checkIndex = 'insight-checks-due';

/** Local date (GMT+7) of a check instant: the sparse index's partition. */
export function checkBucketOf(checkAt: string): string {
  return new Date(Date.parse(checkAt) + 7 * 3_600_000).toISOString().slice(0, 10);
}

function contributionOfItem(Item: Record<string, unknown>): StoredContribution {
  const { pk: _pk, sk: _sk, checkBucket: _b, checkAt: _a, ...record } = Item;
  return record as unknown as StoredContribution;
}

/**
 * One refresh's reads in one strongly consistent BatchGetItem across the dossiers and insight
 * tables: the dossier's partition items, its contribution, its relayed rating, and — unless
 * cached — the freeze marker of the current month (the month most updates fall in).
 */
export async function readRefreshInputs(dossierCode: string): Promise<RefreshInputs> {
  const dossiers = tableName('dossiers');
  const insight = table();
  const month = localMonth(Date.now());
  const freezeWanted = !freezeCached(month);
  let request: Record<string, { Keys: Record<string, unknown>[]; ConsistentRead: true }> | undefined = {
    [dossiers]: { Keys: partitionItemKeys(dossierCode), ConsistentRead: true },
    [insight]: { Keys: [contributionKey(dossierCode), ratingKey(dossierCode), ...(freezeWanted ? [freezeKey(month)] : [])], ConsistentRead: true },
  };
  const dossierItems: Record<string, unknown>[] = [];
  const insightItems: Record<string, unknown>[] = [];
  for (let attempt = 0; request && Object.keys(request).length > 0; attempt++) {
    if (attempt > 8) throw new Error(`insight inputs of ${dossierCode}: keys left unprocessed`);
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
    const answer = await documentClient().send(new BatchGetCommand({ RequestItems: request }));
    dossierItems.push(...(answer.Responses?.[dossiers] ?? []));
    insightItems.push(...(answer.Responses?.[insight] ?? []));
    request = answer.UnprocessedKeys as typeof request;
  }
  const itemOf = (pk: string) => insightItems.find((item) => item.pk === pk);
  const contribution = itemOf(contributionKey(dossierCode).pk);
  const rating = itemOf(ratingKey(dossierCode).pk);
  if (freezeWanted) cacheFreeze(month, itemOf(freezeKey(month).pk));
  return {
    partition: partitionFromItems(dossierItems),
    contribution: contribution ? contributionOfItem(contribution) : undefined,
    rating: rating ? { score: Number(rating.score), ratedAt: String(rating.ratedAt) } : undefined,
  };
}

/** GMT+7 month of an instant, as the freeze markers name it. */
function localMonth(ms: number): string {
  return new Date(ms + 7 * 3_600_000).toISOString().slice(0, 7);
}

export async function writeContribution(record: StoredContribution, expectedRev: number | null): Promise<boolean> {
  const check = record.nextCheckAt ? { checkBucket: checkBucketOf(record.nextCheckAt), checkAt: record.nextCheckAt } : {};
  try {
    await documentClient().send(
      new PutCommand({
        TableName: table(),
        Item: { ...contributionKey(record.dossierCode), ...record, ...check },
        ...(expectedRev === null
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : {
              ConditionExpression: '#rev = :expected AND attribute_not_exists(#op)',
              ExpressionAttributeNames: { '#rev': 'rev', '#op': 'pendingOp' },
              ExpressionAttributeValues: { ':expected': expectedRev },
            }),
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

export async function clearPendingOperation(dossierCode: string, opId: string): Promise<void> {
  await documentClient()
    .send(
      new UpdateCommand({
        TableName: table(),
        Key: contributionKey(dossierCode),
        UpdateExpression: 'REMOVE #op',
        ConditionExpression: '#op.#id = :id',
        ExpressionAttributeNames: { '#op': 'pendingOp', '#id': 'opId' },
        ExpressionAttributeValues: { ':id': opId },
      }),
    )
    // Already cleared by another run finishing the same operation.
    .catch(ignoreConditionFailed);
}

export async function applyBucketDelta(delta: BucketDelta, opId: string): Promise<void> {
  const names: Record<string, string> = { '#marker': markerOf(opId) };
  const values: Record<string, unknown> = { ':at': new Date().toISOString() };
  const adds: string[] = [];
  Object.entries(delta.delta).forEach(([name, value], index) => {
    names[`#c${index}`] = `c_${name}`;
    values[`:c${index}`] = value;
    adds.push(`#c${index} :c${index}`);
  });
  const sets = ['#marker = :at'];
  if (delta.label !== undefined) {
    names['#label'] = 'label';
    values[':label'] = delta.label;
    sets.push('#label = :label');
  }
  await documentClient()
    .send(
      new UpdateCommand({
        TableName: table(),
        Key: { pk: delta.pk, sk: delta.sk },
        UpdateExpression: `SET ${sets.join(', ')}${adds.length > 0 ? ` ADD ${adds.join(', ')}` : ''}`,
        ConditionExpression: 'attribute_not_exists(#marker)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    )
    // The marker is there: this operation's delta was applied by an earlier run.
    .catch(ignoreConditionFailed);
}

export async function releaseBucketMarker(key: BucketKey, opId: string): Promise<void> {
  await documentClient().send(
    new UpdateCommand({
      TableName: table(),
      Key: { pk: key.pk, sk: key.sk },
      UpdateExpression: 'REMOVE #marker',
      ExpressionAttributeNames: { '#marker': markerOf(opId) },
    }),
  );
}

/** An operation's plain writes (risk entry, unit name, adjustments) in one BatchWriteItem. */
export async function writeSideItems(items: SideItems): Promise<void> {
  const requests: Record<string, unknown>[] = [];
  if (items.riskDelete) requests.push({ DeleteRequest: { Key: riskKey(items.riskDelete.unitKey, items.riskDelete.dossierCode) } });
  if (items.riskPut) requests.push({ PutRequest: { Item: { ...riskKey(items.riskPut.unitKey, items.riskPut.dossierCode), ...items.riskPut } } });
  if (items.unitName) requests.push({ PutRequest: { Item: { ...unitNameKey(items.unitName.unitName), unitKey: items.unitName.unitKey } } });
  for (const adjustment of items.adjustments ?? []) requests.push({ PutRequest: { Item: { ...adjustmentKey(adjustment), ...adjustment } } });
  await batchWrite(requests, 'insight side items');
}

/** BatchWriteItem in chunks of the service's limit, resending what it leaves unprocessed (with backoff). */
async function batchWrite(requests: readonly Record<string, unknown>[], what: string): Promise<void> {
  const size = platformLimits.dynamoBatchWriteItems;
  for (let i = 0; i < requests.length; i += size) {
    let pending = requests.slice(i, i + size);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 8) throw new Error(`${what}: ${pending.length} items left unprocessed`);
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
      const answer = await documentClient().send(new BatchWriteCommand({ RequestItems: { [table()]: pending as never } }));
      pending = (answer.UnprocessedItems?.[table()] ?? []) as Record<string, unknown>[];
    }
  }
}

export interface CounterRow {
  readonly key: string;
  readonly label?: string;
  readonly counters: Counters;
}

function countersOf(item: Record<string, unknown>): Counters {
  return Object.fromEntries(counterNames.map((name) => [name, Number(item[`c_${name}`] ?? 0)])) as Counters;
}

/** Every counter item of one partition (one unit-month list, one unit's procedures of a month…). */
export async function readCounterRows(pk: string): Promise<CounterRow[]> {
  const rows: CounterRow[] = [];
  const pages = paginateQuery(
    { client: documentClient() },
    {
      TableName: table(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
    },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) {
      rows.push({ key: String(item.sk), ...(typeof item.label === 'string' ? { label: item.label } : {}), counters: countersOf(item) });
    }
  }
  return rows;
}

export async function readRisks(unitKey: string, limit: number): Promise<RiskEntry[]> {
  const entries: RiskEntry[] = [];
  const pages = paginateQuery(
    { client: documentClient() },
    {
      TableName: table(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `RISK#${unitKey}` },
    },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) {
      const { pk: _pk, sk: _sk, ...entry } = item;
      entries.push(entry as RiskEntry);
    }
    if (entries.length >= limit) break;
  }
  return entries;
}

/** Dossier codes whose next check is due, from one day bucket of the sparse index. */
export async function checksDue(bucket: string, untilIso: string, limit: number): Promise<string[]> {
  const codes: string[] = [];
  const pages = paginateQuery(
    { client: documentClient() },
    {
      TableName: table(),
      IndexName: checkIndex,
      KeyConditionExpression: 'checkBucket = :b AND checkAt <= :until',
      ExpressionAttributeValues: { ':b': bucket, ':until': untilIso },
      Limit: Math.min(limit, 500),
    },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) codes.push(String(item.dossierCode));
    if (codes.length >= limit) break;
  }
  return codes;
}

/**
 * The portal's published rows of a month for one evaluation kind, as the reconciler pulled them
 * (one item per month and kind: a few hundred departments × a dozen numbers, far below the item limit).
 */
export async function putOfficialRows(month: string, kind: EvaluationKind, rows: readonly EvaluationRow[], pulledAt: string): Promise<void> {
  await documentClient().send(new PutCommand({ TableName: table(), Item: { pk: `OFFICIAL#${month}`, sk: kind, month, rows, pulledAt } }));
}

/** Every kind pulled for a month, and the latest pull time; undefined when nothing was pulled. */
export async function readOfficialRows(month: string): Promise<{ figures: Map<EvaluationKind, EvaluationRow[]>; pulledAt: string } | undefined> {
  const { Items = [] } = await documentClient().send(
    new QueryCommand({ TableName: table(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `OFFICIAL#${month}` } }),
  );
  if (Items.length === 0) return undefined;
  const figures = new Map<EvaluationKind, EvaluationRow[]>();
  let pulledAt = '';
  for (const item of Items) {
    figures.set(item.sk as EvaluationKind, item.rows as EvaluationRow[]);
    if (String(item.pulledAt) > pulledAt) pulledAt = String(item.pulledAt);
  }
  return { figures, pulledAt };
}

/** The first relayed portal submission of a dossier (a resent callback changes nothing). */
export async function putSubmissionOnce(submission: PortalSubmission): Promise<void> {
  await documentClient()
    .send(
      new PutCommand({ TableName: table(), Item: { ...submissionKey(submission.dossierCode), ...submission }, ConditionExpression: 'attribute_not_exists(pk)' }),
    )
    .catch(ignoreConditionFailed);
}

export async function readSubmission(dossierCode: string): Promise<PortalSubmission | undefined> {
  const { Item } = await documentClient().send(new GetCommand({ TableName: table(), Key: submissionKey(dossierCode) }));
  if (!Item) return undefined;
  return { dossierCode: String(Item.dossierCode), snapshot: Item.snapshot as PortalSubmission['snapshot'], recordedAt: String(Item.recordedAt) };
}

export async function unitCodeByName(unitName: string): Promise<string | undefined> {
  const { Item } = await documentClient().send(new GetCommand({ TableName: table(), Key: unitNameKey(unitName) }));
  return typeof Item?.unitKey === 'string' ? Item.unitKey : undefined;
}

function freezeCached(month: string): boolean {
  const cached = frozenCache.get(month);
  return cached !== undefined && (cached.frozenAt !== undefined || cached.until > Date.now());
}

function cacheFreeze(month: string, item: Record<string, unknown> | undefined): string | undefined {
  const at = typeof item?.frozenAt === 'string' ? item.frozenAt : undefined;
  frozenCache.set(month, { frozenAt: at, until: Date.now() + 60_000 });
  return at;
}

export async function frozenAt(month: string): Promise<string | undefined> {
  if (freezeCached(month)) return frozenCache.get(month)!.frozenAt;
  const { Item } = await documentClient().send(new GetCommand({ TableName: table(), Key: freezeKey(month), ConsistentRead: true }));
  return cacheFreeze(month, Item);
}

export async function markFrozen(month: string, at: string): Promise<void> {
  await documentClient().send(new PutCommand({ TableName: table(), Item: { ...freezeKey(month), month, frozenAt: at } }));
}

/** The frozen copy of a counter partition: `FROZEN#<pk>`, same items, written in batches. */
export const frozenPk = (pk: string) => `FROZEN#${pk}`;

export async function putFrozenRows(pk: string, rows: readonly CounterRow[]): Promise<void> {
  const items = rows.map((row) => ({
    pk: frozenPk(pk),
    sk: row.key,
    ...(row.label !== undefined ? { label: row.label } : {}),
    ...Object.fromEntries(Object.entries(row.counters).filter(([, v]) => v !== 0).map(([name, v]) => [`c_${name}`, v])),
  }));
  await batchWrite(items.map((Item) => ({ PutRequest: { Item } })), `frozen copy of ${pk}`);
}

/** Late corrections of a frozen month, of one unit (prefix) or all, at most `limit`. */
export async function readAdjustments(month: string, unitKey: string | undefined, limit: number): Promise<Adjustment[]> {
  const found: Adjustment[] = [];
  const pages = paginateQuery(
    { client: documentClient() },
    {
      TableName: table(),
      KeyConditionExpression: unitKey ? 'pk = :pk AND begins_with(sk, :unit)' : 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `ADJUST#${month}`, ...(unitKey ? { ':unit': `${unitKey}#` } : {}) },
    },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) {
      const { pk: _pk, sk: _sk, ...adjustment } = item;
      found.push(adjustment as Adjustment);
    }
    if (found.length >= limit) break;
  }
  return found.slice(0, limit);
}

export async function putRatingIfNewer(rating: PortalRating): Promise<void> {
  await documentClient()
    .send(
      new PutCommand({
        TableName: table(),
        Item: { ...ratingKey(rating.dossierCode), ...rating },
        ConditionExpression: 'attribute_not_exists(pk) OR ratedAt <= :at',
        ExpressionAttributeValues: { ':at': rating.ratedAt },
      }),
    )
    // A later rating is already kept.
    .catch(ignoreConditionFailed);
}
