import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TwinDescription } from '../../infra/local/twin';
import { sampleDossier } from '../../infra/local/sample-dossier';
import { call } from '../support/twin-fixture';

const dataDir = mkdtempSync(path.join(tmpdir(), 'lienthong-persist-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Runs the real `npm start` entry point as its own process, on a free port. */
async function startTwinProcess(): Promise<{ child: ChildProcess; twin: TwinDescription; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/main.ts', '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'SILENT' },
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`twin did not start:\n${output}`)), 30_000);
    child.stdout?.on('data', () => {
      if (output.includes('Ctrl-C stops the twin')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`twin exited with ${code}:\n${output}`)));
  });
  const twin = JSON.parse(readFileSync(path.join(dataDir, 'twin.json'), 'utf8')) as TwinDescription;
  return { child, twin, output: () => output };
}

function stopTwinProcess(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

describe('npm start with a persistent data dir', () => {
  it('keeps dossiers and the demo key across a stop and a start, and stops cleanly on SIGTERM', async () => {
    const first = await startTwinProcess();
    expect(first.output()).toContain(`curl -i -X PUT ${first.twin.gatewayUrl}/v1/dossiers/`);
    const put = await call(first.twin.gatewayUrl, 'PUT', '/v1/dossiers/H29-KEEP-1', { key: first.twin.apiKey, body: sampleDossier() });
    expect(put.status).toBe(202);
    expect(await stopTwinProcess(first.child)).toBe(0);

    const second = await startTwinProcess();
    try {
      expect(second.twin.apiKey).toBe(first.twin.apiKey);
      const get = await call(second.twin.gatewayUrl, 'GET', '/v1/dossiers/H29-KEEP-1', { key: second.twin.apiKey });
      expect(get.status).toBe(200);
      expect(get.body.version).toBe(1);
    } finally {
      expect(await stopTwinProcess(second.child)).toBe(0);
    }
  });
});
