import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { createHash, createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { once } from '../../config/once';
import { ledgerSealConfig } from './ledger-config';

/** Signs tree heads: ECDSA P-256 with SHA-256, DER signatures, as KMS and OpenSSL both produce and check. */
export interface LedgerSigner {
  /** SHA-256 (hex) of the public key's SPKI DER. */
  readonly keyId: string;
  readonly publicKeyPem: string;
  sign(data: string): Promise<Buffer>;
}

const keyIdOf = (spkiDer: Buffer) => createHash('sha256').update(spkiDer).digest('hex');
const pemOf = (spkiDer: Buffer) => createPublicKey({ key: spkiDer, format: 'der', type: 'spki' }).export({ format: 'pem', type: 'spki' }).toString();

/** The twin's key: a PKCS#8 PEM file the twin generates under its data dir on first start. */
export function fileSigner(file: string): LedgerSigner {
  const privateKey = createPrivateKey(readFileSync(file));
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return {
    keyId: keyIdOf(spki),
    publicKeyPem: pemOf(spki),
    sign: async (data) => sign('sha256', Buffer.from(data), privateKey),
  };
}

/** AWS: a KMS key with usage SIGN_VERIFY; the private half never leaves KMS. */
export async function kmsSigner(keyArn: string, client: KMSClient = new KMSClient({})): Promise<LedgerSigner> {
  const { PublicKey } = await client.send(new GetPublicKeyCommand({ KeyId: keyArn }));
  if (!PublicKey) throw new Error('KMS returned no public key for the ledger signing key');
  const spki = Buffer.from(PublicKey);
  return {
    keyId: keyIdOf(spki),
    publicKeyPem: pemOf(spki),
    sign: async (data) => {
      const { Signature } = await client.send(
        new SignCommand({ KeyId: keyArn, Message: Buffer.from(data), MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' }),
      );
      if (!Signature) throw new Error('KMS returned no signature');
      return Buffer.from(Signature);
    },
  };
}

/** The configured signer, once per container. */
export const ledgerSigner = once(async (): Promise<LedgerSigner> => {
  const config = ledgerSealConfig();
  return config.LEDGER_SIGNING_KEY_ARN ? kmsSigner(config.LEDGER_SIGNING_KEY_ARN) : fileSigner(config.LEDGER_SIGNING_KEY_FILE!);
});
