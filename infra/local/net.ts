import type { Server } from 'node:http';

export function listen(server: Server, port: number, host = '127.0.0.1'): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Closes a server, dropping idle keep-alive sockets so shutdown does not wait for clients. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections?.();
  });
}

/** SDK settings for the twin's own calls to the embedded services (they accept any credentials). */
export function embeddedServiceClientConfig(endpoint: string, region: string) {
  return { endpoint, region, credentials: { accessKeyId: 'local-twin', secretAccessKey: 'local-twin' } };
}
