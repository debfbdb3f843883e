import { GetObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { once } from '../../config/once';
import type { LedgerPartner } from '../../core/ledger/ledger-record';
import { ledgerSealConfig } from './ledger-config';

/**
 * The append-only anchor: one object per tree head, named by partner and sequence number, written
 * once and never replaced. AWS: S3 with Object Lock in compliance mode (nobody, root included,
 * can delete or overwrite before the retention ends); the twin: a folder.
 */
export interface AnchorStore {
  /** false when an anchor with this number already exists (another sealer, or a rerun). */
  putOnce(partner: LedgerPartner, seq: number, body: string): Promise<boolean>;
  get(partner: LedgerPartner, seq: number): Promise<string | undefined>;
  list(partner: LedgerPartner): Promise<number[]>;
}

const nameOf = (seq: number) => `${String(seq).padStart(10, '0')}.json`;
const seqOf = (name: string) => (/^(\d{10})\.json$/.exec(name) ? Number(name.slice(0, 10)) : undefined);

export function folderAnchorStore(dir: string): AnchorStore {
  const file = (partner: string, seq: number) => path.join(dir, partner, nameOf(seq));
  return {
    putOnce: async (partner, seq, body) => {
      mkdirSync(path.join(dir, partner), { recursive: true });
      try {
        writeFileSync(file(partner, seq), body, { flag: 'wx', mode: 0o444 });
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw error;
      }
    },
    get: async (partner, seq) => {
      try {
        return readFileSync(file(partner, seq), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    list: async (partner) => {
      let names: string[];
      try {
        names = readdirSync(path.join(dir, partner));
      } catch {
        return [];
      }
      return names.map(seqOf).filter((seq): seq is number => seq !== undefined).sort((a, b) => a - b);
    },
  };
}

export function s3AnchorStore(bucket: string, client: S3Client = new S3Client({})): AnchorStore {
  const key = (partner: string, seq: number) => `${partner}/${nameOf(seq)}`;
  return {
    putOnce: async (partner, seq, body) => {
      try {
        // If-None-Match: S3 refuses to replace an existing object (412), so two sealers cannot both write tree n.
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: key(partner, seq), Body: body, ContentType: 'application/json', IfNoneMatch: '*' }));
        return true;
      } catch (error) {
        if (error instanceof S3ServiceException && (error.$metadata.httpStatusCode === 412 || error.$metadata.httpStatusCode === 409)) return false;
        throw error;
      }
    },
    get: async (partner, seq) => {
      try {
        const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key(partner, seq) }));
        return await answer.Body?.transformToString('utf8');
      } catch (error) {
        if (error instanceof NoSuchKey) return undefined;
        throw error;
      }
    },
    list: async (partner) => {
      const seqs: number[] = [];
      let ContinuationToken: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${partner}/`, ContinuationToken }));
        for (const object of page.Contents ?? []) {
          const seq = seqOf(object.Key?.slice(partner.length + 1) ?? '');
          if (seq !== undefined) seqs.push(seq);
        }
        ContinuationToken = page.NextContinuationToken;
      } while (ContinuationToken);
      return seqs.sort((a, b) => a - b);
    },
  };
}

export const anchorStore = once((): AnchorStore => {
  const config = ledgerSealConfig();
  return config.LEDGER_ANCHOR_BUCKET ? s3AnchorStore(config.LEDGER_ANCHOR_BUCKET) : folderAnchorStore(config.LEDGER_ANCHOR_DIR!);
});
