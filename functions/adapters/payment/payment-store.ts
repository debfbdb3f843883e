import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, paginateQuery, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { confirmationSortKey, paymentKeyParts } from '../../../contracts/payment/identifiers';
import type { PaymentConfirmation, PaymentStatus, StoredPayment, TransitionFields } from '../../core/payment/payment-records';
import { documentClient } from '../aws/dynamodb-client';
import { tableName } from '../aws/resource-names';

/**
 * The payments table: the payment (sk PAYMENT) and every confirmation received (sk CONFIRMATION#…).
 * The key layout is declared in contracts/payment/identifiers.ts, which bounds what goes into it.
 */

const key = (reference: string) => ({ pk: `${paymentKeyParts.paymentPartition}${reference}`, sk: paymentKeyParts.paymentSort });

function isConditionFailure(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException;
}

export async function createPayment(payment: StoredPayment): Promise<void> {
  await documentClient().send(
    new PutCommand({ TableName: tableName('payments'), Item: { ...key(payment.reference), ...payment }, ConditionExpression: 'attribute_not_exists(pk)' }),
  );
}

export async function readPayment(reference: string): Promise<StoredPayment | undefined> {
  const { Item } = await documentClient().send(new GetCommand({ TableName: tableName('payments'), Key: key(reference), ConsistentRead: true }));
  if (!Item) return undefined;
  const { pk: _pk, sk: _sk, ...payment } = Item;
  return payment as StoredPayment;
}

export async function setPayUrl(reference: string, payUrl: string): Promise<void> {
  await documentClient().send(
    new UpdateCommand({
      TableName: tableName('payments'),
      Key: key(reference),
      UpdateExpression: 'SET #payUrl = :url',
      ExpressionAttributeNames: { '#payUrl': 'payUrl' },
      ExpressionAttributeValues: { ':url': payUrl },
    }),
  );
}

/**
 * The only way a payment's state changes: one conditional update from PENDING. Returns false
 * when the payment was no longer PENDING (another confirmation, or the reconciler, won).
 */
export async function transitionPayment(
  reference: string,
  to: Exclude<PaymentStatus, 'PENDING'>,
  fields: TransitionFields,
): Promise<boolean> {
  const { exception, ...plain } = fields;
  const set = Object.entries(plain).filter(([, v]) => v !== undefined);
  // The exception is written by the same conditional update as the state, so a crash between two
  // writes can never leave an unverified expiry without the exception that asks for review.
  const withException: { set: string; add: string; names: Record<string, string>; values: Record<string, unknown> } = exception
    ? {
        set: ', #exceptions = list_append(if_not_exists(#exceptions, :none), :one)',
        add: ' ADD #keys :keySet',
        names: { '#exceptions': 'exceptions', '#keys': 'exceptionKeys' },
        values: { ':none': [], ':one': [{ kind: exception.kind, at: exception.at, detail: exception.detail }], ':keySet': new Set([exception.key]) },
      }
    : { set: '', add: '', names: {}, values: {} };
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName('payments'),
        Key: key(reference),
        // A paid payment keeps an index entry until its effects are applied; the others leave the index.
        UpdateExpression:
          `SET #status = :to${set.map(([k]) => `, #${k} = :${k}`).join('')}${withException.set}` +
          (to === 'PAID' ? ', #reconcile = :effects' : ' REMOVE #reconcile') +
          withException.add,
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: {
          '#status': 'status',
          '#reconcile': 'reconcile',
          ...Object.fromEntries(set.map(([k]) => [`#${k}`, k])),
          ...withException.names,
        },
        ExpressionAttributeValues: {
          ':to': to,
          ':pending': 'PENDING',
          ...Object.fromEntries(set.map(([k, v]) => [`:${k}`, v])),
          ...(to === 'PAID' ? { ':effects': 'EFFECTS' } : {}),
          ...withException.values,
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** True when this call removed the marker: concurrent finishers learn that someone else did. */
export async function markEffectsApplied(reference: string): Promise<boolean> {
  return documentClient().send(
    new UpdateCommand({
      TableName: tableName('payments'),
      Key: key(reference),
      UpdateExpression: 'REMOVE #reconcile',
      ConditionExpression: '#reconcile = :effects',
      ExpressionAttributeNames: { '#reconcile': 'reconcile' },
      ExpressionAttributeValues: { ':effects': 'EFFECTS' },
    }),
  ).then(
    () => true,
    (error: unknown) => {
      if (!isConditionFailure(error)) throw error;
      return false;
    },
  );
}

export async function recordPaymentException(reference: string, exception: { kind: string; at: string; detail: string; key: string }): Promise<void> {
  const { key: exceptionKey, ...entry } = exception;
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName('payments'),
        Key: key(reference),
        UpdateExpression: 'SET #exceptions = list_append(if_not_exists(#exceptions, :none), :one) ADD #keys :keySet',
        // One entry per provider transaction: a resent confirmation must not ask for a second refund.
        ConditionExpression: 'attribute_not_exists(#keys) OR NOT contains(#keys, :key)',
        ExpressionAttributeNames: { '#exceptions': 'exceptions', '#keys': 'exceptionKeys' },
        ExpressionAttributeValues: { ':none': [], ':one': [entry], ':keySet': new Set([exceptionKey]), ':key': exceptionKey },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/** Keeps every confirmation received, accepted or not: the audit trail of a payment. */
export async function recordConfirmation(confirmation: PaymentConfirmation, decision: string): Promise<void> {
  await documentClient().send(
    new PutCommand({
      TableName: tableName('payments'),
      Item: {
        ...key(confirmation.reference),
        sk: confirmationSortKey(confirmation.receivedAt, confirmation.provider, confirmation.providerTransactionId),
        ...confirmation,
        decision,
      },
    }),
  );
}

/** Payments in the reconcile index of one kind, created before `olderThan`, oldest first. */
export async function* paymentsToReconcile(kind: 'PENDING' | 'EFFECTS', olderThan: string): AsyncGenerator<StoredPayment[]> {
  const pages = paginateQuery(
    { client: documentClient(), pageSize: 100 },
    {
      TableName: tableName('payments'),
      IndexName: 'payments-to-reconcile',
      KeyConditionExpression: 'reconcile = :kind AND createdAt < :olderThan',
      ExpressionAttributeValues: { ':kind': kind, ':olderThan': olderThan },
    },
  );
  for await (const page of pages) yield (page.Items ?? []).map(({ pk: _pk, sk: _sk, ...payment }) => payment as StoredPayment);
}
