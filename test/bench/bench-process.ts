import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { repoRoot } from './bundles';

/**
 * Runs one bench section's script in its own Node process (its own twin, so sections never share
 * a machine state) and reads the one result line it prints after a random marker.
 */
export async function runBenchProcess<T>(script: string, label: string): Promise<T> {
  const marker = `LIENTHONG_BENCH_${randomBytes(4).toString('hex')} `;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, script), marker], {
    cwd: repoRoot,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (err = (err + chunk.toString('utf8')).slice(-4000)));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const line = out.split('\n').find((l) => l.startsWith(marker));
  if (code !== 0 || !line) throw new Error(`${label} failed (exit ${code}): ${err}`);
  return JSON.parse(line.slice(marker.length)) as T;
}
