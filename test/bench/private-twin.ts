import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Twin, TwinOptions } from '../../infra/local/twin';
import { startTwin } from '../../infra/local/twin';

/**
 * The twin a bench child process measures on: its own (the bench process holds the in-process
 * section's mocked SDK clients, which must not leak in), in memory, without schedules (a scheduled
 * sweep in the window would be measured too), in a temporary data directory that `dispose` removes.
 */
export async function startPrivateTwin(
  name: string,
  options: Omit<TwinOptions, 'port' | 'dataDir' | 'inMemory' | 'region' | 'schedules'> = {},
): Promise<{ twin: Twin; dispose: () => Promise<void> }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `lienthong-bench-${name}-`));
  const twin = await startTwin({ port: 0, dataDir, inMemory: true, region: 'ap-southeast-1', schedules: false, ...options });
  return {
    twin,
    dispose: async () => {
      await twin.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
