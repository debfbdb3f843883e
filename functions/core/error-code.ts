import { GatewayError } from './errors';

const codeShape = /^[A-Za-z0-9][\w.:-]{0,79}$/;

/**
 * The stable code the ledger records for an error: the error's own `code` when it declares one
 * (partner errors, Node and axios transport codes), a gateway error's problem reason or type,
 * else the caller's fallback. Never `constructor.name`: bundles minify class names.
 */
export function stableErrorCode(error: unknown, fallback: string): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && codeShape.test(code)) return code;
  if (error instanceof GatewayError) return String(error.extensions.reason ?? error.type.split(':').at(-1));
  return fallback;
}
