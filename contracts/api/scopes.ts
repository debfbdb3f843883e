import * as z from 'zod';

/** Every permission an API key can carry. Routes name the scopes they need; deny by default. */
export const scopes = ['dossiers:write', 'dossiers:read', 'deliveries:read', 'identity:verify', 'payments:write', 'payments:read', 'insight:read'] as const;

export const Scope = z.enum(scopes);
export type Scope = z.infer<typeof Scope>;
