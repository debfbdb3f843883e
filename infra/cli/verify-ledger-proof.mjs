#!/usr/bin/env node
// Checks a Lienthong ledger inclusion proof (the JSON `npm run ops -- ledger prove <messageId>`
// prints, one proof or an array) with nothing but the ledger's public key and Node's own crypto.
// No project code: copy this file anywhere.  usage: node verify-ledger-proof.mjs proof.json public-key.pem
import { createHash, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';

const [proofFile, keyFile] = process.argv.slice(2);
if (!proofFile || !keyFile) {
  console.error('usage: node verify-ledger-proof.mjs <proof.json> <public-key.pem>');
  process.exit(2);
}
const sha256 = (...parts) => parts.reduce((h, p) => h.update(p), createHash('sha256')).digest();
const publicKey = readFileSync(keyFile, 'utf8');
const parsed = JSON.parse(readFileSync(proofFile, 'utf8'));
let failed = 0;
for (const proof of Array.isArray(parsed) ? parsed : [parsed]) {
  if (!proof.headCanonical) {
    console.log(`SKIP ${proof.record?.recordId}: not sealed yet`);
    continue;
  }
  // 1. The leaf: SHA-256(0x00 ‖ the record's canonical JSON) (RFC 9162 §2.1.1).
  let hash = sha256(Buffer.from([0]), proof.recordCanonical);
  // 2. Up the audit path to the root (RFC 9162 §2.1.3.2).
  let fn = proof.leafIndex;
  let sn = proof.treeSize - 1;
  for (const siblingHex of proof.path) {
    const sibling = Buffer.from(siblingHex, 'hex');
    if (fn % 2 === 1 || fn === sn) {
      hash = sha256(Buffer.from([1]), sibling, hash);
      while (fn % 2 === 0 && fn !== 0) { fn >>= 1; sn >>= 1; }
    } else {
      hash = sha256(Buffer.from([1]), hash, sibling);
    }
    fn >>= 1;
    sn >>= 1;
  }
  const head = JSON.parse(proof.headCanonical);
  const rootOk = sn === 0 && hash.toString('hex') === head.root && head.size === proof.treeSize;
  // 3. The head's signature: ECDSA P-256 over SHA-256 of the exact signed bytes (DER signature).
  const signatureOk = verify('sha256', Buffer.from(proof.headCanonical), publicKey, Buffer.from(proof.signature, 'base64'));
  const ok = rootOk && signatureOk;
  if (!ok) failed++;
  const record = JSON.parse(proof.recordCanonical);
  console.log(
    `${ok ? 'OK  ' : 'FAIL'} ${record.partner} ${record.operation} ${record.messageId} ${record.writtenAt}: ` +
      `leaf ${proof.leafIndex}/${proof.treeSize} of tree ${head.seq} ${rootOk ? 'reaches' : 'does NOT reach'} the root, ` +
      `head signature ${signatureOk ? 'valid' : 'INVALID'}`,
  );
}
process.exit(failed === 0 ? 0 : 1);
