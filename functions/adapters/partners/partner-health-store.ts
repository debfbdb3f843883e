import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { GatedPartner, PartnerHealth } from '../../core/partners/partner-health';
import { healthyPartner } from '../../core/partners/partner-health';
import { documentClient } from '../aws/dynamodb-client';
import { tableName } from '../aws/resource-names';

/*
 * The PARTNER#<partner> record. Every write is conditional on the state it moves from, so
 * containers racing on the same transition agree on one winner; none is made per partner call
 * (reads are cached by the gate), so the key stays cool however busy the partner is.
 */

const key = (partner: GatedPartner) => ({ pk: `PARTNER#${partner}`, sk: 'HEALTH' });

export async function readPartnerHealth(partner: GatedPartner): Promise<PartnerHealth> {
  const { Item } = await documentClient().send(new GetCommand({ TableName: tableName('partnerHealth'), Key: key(partner), ConsistentRead: true }));
  if (!Item) return healthyPartner(partner);
  const { pk: _pk, sk: _sk, ...health } = Item;
  return { ...healthyPartner(partner), ...health } as PartnerHealth;
}

async function conditionalUpdate(
  partner: GatedPartner,
  update: string,
  condition: string | undefined,
  names: Record<string, string>,
  values: Record<string, unknown>,
): Promise<Record<string, unknown> | undefined> {
  try {
    const { Attributes } = await documentClient().send(
      new UpdateCommand({
        TableName: tableName('partnerHealth'),
        Key: key(partner),
        UpdateExpression: update,
        ConditionExpression: condition,
        ExpressionAttributeNames: { '#writes': 'writes', ...names },
        ExpressionAttributeValues: { ':one': 1, ...values },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes ?? {};
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}

/** Counts one unavailable call; returns the streak it makes. */
export async function recordUnavailable(partner: GatedPartner, at: string): Promise<number> {
  const attributes = await conditionalUpdate(partner, 'ADD failureStreak :one, #writes :one SET lastFailureAt = :at', undefined, {}, { ':at': at });
  return Number(attributes?.failureStreak ?? 1);
}

/** An answer ends a streak (not while down: only a probe brings a partner back). */
export async function resetFailureStreak(partner: GatedPartner, at: string): Promise<void> {
  await conditionalUpdate(
    partner,
    'SET failureStreak = :zero, lastAnswerAt = :at ADD #writes :one',
    'failureStreak > :zero AND (attribute_not_exists(#state) OR #state <> :down)',
    { '#state': 'state' },
    { ':zero': 0, ':at': at, ':down': 'down' },
  );
}

/** Up → down; true for the one caller that made the transition (it starts the probe ticks). */
export async function declareDown(partner: GatedPartner, at: string, nextProbeAt: string): Promise<boolean> {
  const attributes = await conditionalUpdate(
    partner,
    'SET #state = :down, downSince = :at, nextProbeAt = :next, releasePending = :false ADD #writes :one',
    'attribute_not_exists(#state) OR #state <> :down',
    { '#state': 'state' },
    { ':down': 'down', ':at': at, ':next': nextProbeAt, ':false': false },
  );
  return attributes !== undefined;
}

/** Takes the probe slot when it is due: of all containers, one probes per interval. */
export async function claimProbe(partner: GatedPartner, at: string, nextProbeAt: string): Promise<boolean> {
  const attributes = await conditionalUpdate(
    partner,
    'SET nextProbeAt = :next, lastProbeAt = :at ADD probes :one, #writes :one',
    '#state = :down AND nextProbeAt <= :at',
    { '#state': 'state' },
    { ':down': 'down', ':at': at, ':next': nextProbeAt },
  );
  return attributes !== undefined;
}

/** Down → up; true for the one caller that made the transition (it releases the parked work). */
export async function declareUp(partner: GatedPartner, at: string): Promise<boolean> {
  const attributes = await conditionalUpdate(
    partner,
    'SET #state = :up, upSince = :at, failureStreak = :zero, releasePending = :true ADD #writes :one',
    '#state = :down',
    { '#state': 'state' },
    { ':up': 'up', ':down': 'down', ':at': at, ':zero': 0, ':true': true },
  );
  return attributes !== undefined;
}

export async function finishRelease(partner: GatedPartner, at: string, released: number): Promise<void> {
  await conditionalUpdate(
    partner,
    'SET releasePending = :false, releasedAt = :at, released = :released ADD #writes :one',
    '#state = :up',
    { '#state': 'state' },
    { ':false': false, ':at': at, ':released': released, ':up': 'up' },
  );
}

/**
 * Moves the shared pace from what the caller read to `to`; false when another container moved
 * it first (its change stands). A cut also counts itself.
 */
export async function changePace(partner: GatedPartner, from: number | undefined, to: number, at: string, kind: 'cut' | 'grow'): Promise<boolean> {
  const attributes = await conditionalUpdate(
    partner,
    `SET pacePerSecond = :to, paceChangedAt = :at ADD #writes :one${kind === 'cut' ? ', paceCuts :one' : ''}`,
    from === undefined ? 'attribute_not_exists(pacePerSecond)' : 'pacePerSecond = :from',
    {},
    { ':to': to, ':at': at, ...(from === undefined ? {} : { ':from': from }) },
  );
  return attributes !== undefined;
}
