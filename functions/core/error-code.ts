import { GatewayError } from './errors';

const codeShape = /^[A-Za-z0-9][\w.:-]{0,79}$/;

/**
 * The stable code the ledger records for an error: the error's own `code` when it declares one
 * (partner errors, Node transport codes as the partner HTTP client names them), a gateway error's problem reason or type,
 * else the caller's fallback. Never the class's run-time name: bundles minify class names.
 */
export function stableErrorCode(error: unknown, fallback: string): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && codeShape.test(code)) return code;
  if (error instanceof GatewayError) return String(error.extensions.reason ?? error.type.split(':').at(-1));
  return fallback;
}

/**
 * The stable code of any error when the caller has no better fallback: its own code, else its
 * `name` — every error class of the gateway spells its `name` out (test/unit/error-names.test.ts),
 * and so do zod (`ZodError`) and the built-in errors (`TypeError`).
 */
export function errorCodeOf(error: unknown): string {
  return stableErrorCode(error, error instanceof Error ? error.name : 'non-error');
}
