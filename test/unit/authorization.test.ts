import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { routes } from '../../contracts/api/routes';
import type { ApiKeyRecord } from '../../functions/core/access/api-keys';
import { bearerToken, generateApiKey, hashApiKey, looksLikeApiKey } from '../../functions/core/access/api-keys';
import { authorizeRequest } from '../../functions/core/access/authorize-request';
import { policyForKey } from '../../functions/core/access/authorization';
import { isInvokeAllowed } from '../../infra/local/iam-policy';

const arn = (method: string, path: string) => `arn:aws:execute-api:ap-southeast-1:123456789012:abc123/prod/${method}${path}`;

const record = (scopes: ApiKeyRecord['scopes'], status: ApiKeyRecord['status'] = 'active'): ApiKeyRecord => ({
  keyHash: 'h',
  keyId: '0123456789ab',
  name: 'ward-app',
  scopes,
  status,
  createdAt: '2026-11-22T00:00:00.000Z',
});

describe('api keys', () => {
  it('generates keys that look like keys and hash to what is stored', () => {
    const { key, keyHash } = generateApiKey();
    expect(looksLikeApiKey(key)).toBe(true);
    expect(hashApiKey(key)).toBe(keyHash);
    expect(keyHash).not.toContain(key.slice(16));
  });

  it('reads the bearer token case-insensitively and refuses other schemes', () => {
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});

describe('policyForKey', () => {
  it('allows every route the scopes cover, on any path parameter, and nothing else', () => {
    const policy = policyForKey(record(['dossiers:read']), arn('GET', '/v1/dossiers/A-1'), routes);
    expect(isInvokeAllowed(policy.policyDocument, arn('GET', '/v1/dossiers/A-1'))).toBe(true);
    expect(isInvokeAllowed(policy.policyDocument, arn('GET', '/v1/dossiers/B-2'))).toBe(true);
    expect(isInvokeAllowed(policy.policyDocument, arn('PUT', '/v1/dossiers/A-1'))).toBe(false);
  });

  it('denies everything for a key with no useful scope', () => {
    const policy = policyForKey(record([]), arn('GET', '/v1/dossiers/A-1'), routes);
    expect(policy.policyDocument.Statement[0]?.Effect).toBe('Deny');
    expect(isInvokeAllowed(policy.policyDocument, arn('GET', '/v1/dossiers/A-1'))).toBe(false);
  });

  it('passes the client name and scopes to the handlers as context', () => {
    const policy = policyForKey(record(['dossiers:read', 'dossiers:write']), arn('GET', '/x'), routes);
    expect(policy.context).toEqual({ clientName: 'ward-app', keyId: '0123456789ab', scopes: 'dossiers:read dossiers:write' });
  });
});

describe('authorizeRequest', () => {
  const event = (authorization?: string) =>
    ({ methodArn: arn('GET', '/v1/dossiers/A'), headers: authorization ? { Authorization: authorization } : {} }) as unknown as APIGatewayRequestAuthorizerEvent;

  it('throws Unauthorized without a key, with a malformed key, an unknown key or a revoked one', async () => {
    const { key } = generateApiKey();
    await expect(authorizeRequest(event(), { findApiKey: async () => record(['dossiers:read']), routes })).rejects.toThrow('Unauthorized');
    await expect(authorizeRequest(event('Bearer nope'), { findApiKey: async () => record(['dossiers:read']), routes })).rejects.toThrow('Unauthorized');
    await expect(authorizeRequest(event(`Bearer ${key}`), { findApiKey: async () => undefined, routes })).rejects.toThrow('Unauthorized');
    await expect(
      authorizeRequest(event(`Bearer ${key}`), { findApiKey: async () => record(['dossiers:read'], 'revoked'), routes }),
    ).rejects.toThrow('Unauthorized');
  });

  it('looks the key up by its hash only', async () => {
    const { key, keyHash } = generateApiKey();
    const seen: string[] = [];
    await authorizeRequest(event(`Bearer ${key}`), {
      findApiKey: async (hash) => {
        seen.push(hash);
        return record(['dossiers:read']);
      },
      routes,
    });
    expect(seen).toEqual([keyHash]);
  });
});
