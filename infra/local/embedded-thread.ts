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
  /** dynalite: keep successful expression parses (see cacheExpressionParses); on unless false. */
  readonly parseCache?: boolean;
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

/*
 * dynalite parses every ConditionExpression, UpdateExpression, KeyConditionExpression and
 * ProjectionExpression with a PEG parser on every request: under the twin bench that was ~38% of
 * its thread's time, for the same few expression strings over and over. The parse depends on the
 * expression, the attribute names and the attribute values' types (which it checks), never on the
 * values themselves except in two checks (BETWEEN's bounds, attribute_type's type name): those
 * expressions are parsed every time. A successful parse is kept, keyed by all that it depends on,
 * and handed out again as a copy holding this request's own values, with the same bookkeeping of
 * the names and values the expression used. Errors are never kept: they are parsed again. What
 * dynalite answers is unchanged; only the repeated work goes. LIENTHONG_DYNALITE_PARSE_CACHE=off
 * turns it off.
 */
function cacheExpressionParses() {
  const valueTypes = ['S', 'N', 'B', 'NULL', 'BOOL', 'SS', 'NS', 'BS', 'L', 'M'];
  const typeOf = (value) => valueTypes.find((type) => value != null && typeof value === 'object' && value[type] != null) || '?';
  for (const name of ['conditionParser', 'updateParser', 'projectionParser']) {
    const parser = projectRequire('dynalite/db/' + name);
    const parse = parser.parse;
    const cache = new Map();
    parser.parse = (expression, options) => {
      const context = options && options.context;
      if (!context || !context.unusedAttrNames || !context.unusedAttrVals || typeof expression !== 'string' || /between|attribute_type/i.test(expression)) {
        return parse(expression, options);
      }
      const names = context.attrNames || {};
      const values = context.attrVals || {};
      const valueKeys = Object.keys(values);
      const key = JSON.stringify([expression, context.isKeyCondition === true, names, valueKeys.map((k) => [k, typeOf(values[k])])]);
      const kept = cache.get(key);
      if (kept) {
        for (const used of kept.usedNames) delete context.unusedAttrNames[used];
        for (const used of kept.usedValues) delete context.unusedAttrVals[used];
        return copyWithValues(kept.result, kept.valueNames, values);
      }
      const unusedNamesBefore = Object.keys(context.unusedAttrNames || {});
      const unusedValuesBefore = Object.keys(context.unusedAttrVals || {});
      const result = parse(expression, options);
      if (result !== null && typeof result === 'object') {
        if (cache.size >= 1000) cache.delete(cache.keys().next().value);
        // The parser put this request's value objects into the result: they mark where a later
        // request's own values go. The kept copy is apart from what dynalite goes on to use.
        const valueNames = new Map(valueKeys.map((k) => [values[k], k]));
        cache.set(key, {
          result: copyWithValues(result, valueNames, values),
          valueNames,
          usedNames: unusedNamesBefore.filter((k) => !(k in context.unusedAttrNames)),
          usedValues: unusedValuesBefore.filter((k) => !(k in context.unusedAttrVals)),
        });
      }
      return result;
    };
  }
}

/** A deep copy of a parse result in which every attribute value is the current request's own. */
function copyWithValues(node, valueNames, values) {
  if (node === null || typeof node !== 'object') return node;
  const valueName = valueNames.get(node);
  if (valueName !== undefined) return values[valueName];
  if (Array.isArray(node)) return node.map((element) => copyWithValues(element, valueNames, values));
  const copy = Object.create(Object.getPrototypeOf(node));
  for (const key of Object.keys(node)) copy[key] = copyWithValues(node[key], valueNames, values);
  return copy;
}

async function start() {
  const { kind, settings } = workerData;
  let server;
  let port;
  if (kind === 'dynalite') {
    if (settings.parseCache !== false) cacheExpressionParses();
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
