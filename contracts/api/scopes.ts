import * as z from 'zod';

/**
 * Every permission an API key can carry. Routes name the scopes they need; deny by default.
 * `ops:*` are the operators' (GET /v1/ops/*, and the actions that change state).
 */
export const scopes = ['dossiers:write', 'dossiers:read', 'deliveries:read', 'identity:verify', 'payments:write', 'payments:read', 'insight:read', 'ops:read', 'ops:write'] as const;

export const Scope = /* @__PURE__ */ (() => z.enum(scopes))();
export type Scope = z.infer<typeof Scope>;
