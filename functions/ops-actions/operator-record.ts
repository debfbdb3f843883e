import type { APIGatewayProxyEvent } from 'aws-lambda';
import { appendLedger } from '../adapters/ledger/ledger-store';
import { requestHash } from '../core/ledger/ledger-record';

/** Who acted: the operator key's name and id, as the authorizer put them in the request context. */
export function operatorOf(event: APIGatewayProxyEvent): { name: string; keyId: string } {
  const context = (event.requestContext.authorizer ?? {}) as { clientName?: unknown; keyId?: unknown };
  return { name: String(context.clientName ?? 'unknown'), keyId: String(context.keyId ?? 'unknown') };
}

/**
 * Every operator action is itself a ledger record (DESIGN §8): what was asked (hashed), by which
 * key, about which subject, and what it did. Returns the record's id for the answer.
 */
export async function recordOperatorAction(
  event: APIGatewayProxyEvent,
  requestId: string,
  action: { operation: string; subject?: string; request: unknown; attributes: Record<string, string>; startedAt: number },
): Promise<string | null> {
  const operator = operatorOf(event);
  const record = await appendLedger({
    partner: 'operator',
    direction: 'inbound',
    operation: action.operation,
    messageId: requestId,
    subject: action.subject,
    requestHash: requestHash(action.request ?? {}),
    outcome: 'ok',
    httpStatus: 200,
    durationMs: Math.round(performance.now() - action.startedAt),
    at: new Date().toISOString(),
    attributes: { operator: operator.name, keyId: operator.keyId, ...action.attributes },
  });
  return record?.recordId ?? null;
}
