import { scopes } from '../../contracts/api/scopes';
import { findApiKey, saveNewApiKey } from '../../functions/adapters/api-key-store';
import { generateApiKey, hashApiKey, looksLikeApiKey } from '../../functions/core/api-keys';

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
