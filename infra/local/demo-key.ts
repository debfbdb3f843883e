import { scopes } from '../../contracts/api/scopes';
import { findApiKey, saveNewApiKey } from '../../functions/adapters/api-key-store';
import { generateApiKey, hashApiKey, looksLikeApiKey } from '../../functions/core/access/api-keys';

/**
 * The twin's demo key carries every scope. It is reused across restarts while the persisted
 * clients table still holds it active, so a copied curl keeps working.
 */
export async function ensureDemoKey(previousKey: string | undefined): Promise<string> {
  if (previousKey && looksLikeApiKey(previousKey)) {
    const record = await findApiKey(hashApiKey(previousKey));
    // A key from an older twin may lack scopes added since; then a fresh one replaces it.
    if (record?.status === 'active' && scopes.every((scope) => record.scopes.includes(scope))) return previousKey;
  }
  const { key, keyId, keyHash } = generateApiKey();
  await saveNewApiKey({ keyHash, keyId, name: 'twin-demo', scopes: [...scopes], status: 'active', createdAt: new Date().toISOString() });
  return key;
}

/**
 * The scopes an operator's key carries: the console and `npm run ops` need nothing else. The
 * console's scorecard pages read /v1/insight, so the operator reads the scorecard with this key too.
 */
export const operatorScopes = ['ops:read', 'ops:write', 'insight:read'] as const;

/**
 * The twin's operator key (ops scopes only, named `twin-operator`: the name every operator action
 * is ledgered with), reused across restarts like the demo key.
 */
export async function ensureOperatorKey(previousKey: string | undefined): Promise<string> {
  if (previousKey && looksLikeApiKey(previousKey)) {
    const record = await findApiKey(hashApiKey(previousKey));
    if (record?.status === 'active' && operatorScopes.every((scope) => record.scopes.includes(scope))) return previousKey;
  }
  const { key, keyId, keyHash } = generateApiKey();
  await saveNewApiKey({ keyHash, keyId, name: 'twin-operator', scopes: [...operatorScopes], status: 'active', createdAt: new Date().toISOString() });
  return key;
}
