import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface TwinLedgerFiles {
  readonly signingKeyFile: string;
  readonly publicKeyFile: string;
  readonly anchorDir: string;
}

/**
 * The twin's stand-ins for the KMS key and the Object Lock bucket: a P-256 key generated on first
 * start under the data dir (kept across restarts, like the data), and a folder of anchors. An
 * in-memory twin forgets its records at exit, so its anchors live in their own folder, emptied at
 * start: old anchors would otherwise name records that no longer exist.
 */
export function ensureTwinLedgerFiles(dataDir: string, inMemory: boolean): TwinLedgerFiles {
  const signingKeyFile = path.join(dataDir, 'ledger-signing-key.pem');
  const publicKeyFile = path.join(dataDir, 'ledger-public-key.pem');
  if (!existsSync(signingKeyFile)) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    writeFileSync(signingKeyFile, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    writeFileSync(publicKeyFile, publicKey.export({ format: 'pem', type: 'spki' }));
  }
  const anchorDir = path.join(dataDir, inMemory ? 'ledger-anchors.in-memory' : 'ledger-anchors');
  if (inMemory) rmSync(anchorDir, { recursive: true, force: true });
  mkdirSync(anchorDir, { recursive: true });
  return { signingKeyFile, publicKeyFile, anchorDir };
}
