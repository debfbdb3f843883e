import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/*
 * Runs an embedded AWS service (dynalite, local-aws-sqs) on its own thread, so its request
 * parsing, validation and storage work uses the second core instead of competing with the
 * handlers on the twin's main event loop. The services are plain HTTP servers, so nothing else
 * changes: the SDK clients talk to them over loopback exactly as before.
 *
 * The worker's code is plain CommonJS JavaScript evaluated from a string, not a module file: it
 * must start the same way under tsx (npm start), vitest and the bench, and only the first has a
 * TypeScript loader that a worker could inherit. It loads the service packages from the project.
 */

const projectPackageJson = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../package.json');

export type EmbeddedServiceKind = 'dynalite' | 'sqs';

export interface EmbeddedServiceSettings {
  /** dynalite: LevelDB directory; absent keeps the data in memory. */
  readonly dataDir?: string;
  /** local-aws-sqs: the region its queue URLs and ARNs carry. */
  readonly region?: string;
}

export interface EmbeddedServiceThread {
  readonly port: number;
  /** Closes the server (dynalite also closes its database) and ends the thread. */
  readonly stop: () => Promise<void>;
}

const workerSource = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const projectRequire = require('node:module').createRequire(workerData.projectPackageJson);

function listen(server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve(server.address().port);
    });
  });
}

function close(server) {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Idle keep-alive sockets would otherwise hold the close until the clients let go.
    if (server.closeAllConnections) server.closeAllConnections();
  });
}

async function start() {
  const { kind, settings } = workerData;
  let server;
  let port;
  if (kind === 'dynalite') {
    const dynalite = projectRequire('dynalite');
    server = dynalite({ path: settings.dataDir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    port = await listen(server);
  } else if (kind === 'sqs') {
    const { createSqsServer } = projectRequire('local-aws-sqs');
    server = await createSqsServer({ port: 0, hostname: '127.0.0.1', region: settings.region, emulateQueueCreationLifecycle: false });
    port = server.address().port;
  } else {
    throw new Error('unknown embedded service ' + kind);
  }
  parentPort.on('message', async (message) => {
    if (message !== 'stop') return;
    try {
      await close(server);
    } finally {
      parentPort.postMessage({ stopped: true });
    }
  });
  parentPort.postMessage({ port });
}

start().catch((error) => {
  parentPort.postMessage({ error: error && error.stack ? error.stack : String(error) });
});
`;

/** Starts one embedded service on its own thread and resolves once it listens on a free port. */
export function startEmbeddedServiceThread(kind: EmbeddedServiceKind, settings: EmbeddedServiceSettings): Promise<EmbeddedServiceThread> {
  const worker = new Worker(workerSource, {
    eval: true,
    name: `lienthong-${kind}`,
    workerData: { kind, settings, projectPackageJson },
  });
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve));

  return new Promise<EmbeddedServiceThread>((resolve, reject) => {
    const failedToStart = (error: Error) => reject(new Error(`embedded ${kind} did not start: ${error.message}`));
    worker.once('error', failedToStart);
    void exited.then((code) => failedToStart(new Error(`its thread exited with code ${code}`)));
    worker.once('message', (message: { port?: number; error?: string }) => {
      if (message.error !== undefined || message.port === undefined) {
        void worker.terminate();
        failedToStart(new Error(message.error ?? 'no port'));
        return;
      }
      worker.off('error', failedToStart);
      // After the start, a crash of the service thread is loud: every storage or queue call would fail.
      worker.on('error', (error) => console.error(`[twin] embedded ${kind} thread failed`, error));

      let stopping: Promise<void> | undefined;
      resolve({
        port: message.port,
        stop: () =>
          (stopping ??= (async () => {
            const stopped = new Promise<void>((done) => worker.once('message', () => done()));
            worker.postMessage('stop');
            // A thread that already died has nothing to close.
            await Promise.race([stopped, exited]);
            await worker.terminate();
          })()),
      });
    });
  });
}
