import { mkdtempSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * A scratch directory outside the repo for built Lambda bundles. Its `node_modules` is a symlink
 * to the project's: the bundles leave `@aws-sdk/*` as bare imports, and module resolution only
 * walks up parent folders (NODE_PATH is ignored by ESM), as /var/runtime provides them in Lambda.
 * Node resolves the symlink to the real path, so the SDK files loaded are exactly the project's.
 */
export function bundleWorkspace(prefix: string): { readonly dir: string; readonly cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const link = path.join(dir, 'node_modules');
  symlinkSync(path.join(projectRoot, 'node_modules'), link, 'dir');
  return {
    dir,
    cleanup: () => {
      // Unlink first so the recursive delete can never walk into the project's node_modules.
      unlinkSync(link);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
