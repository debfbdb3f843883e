import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { consoleFiles } from '../console/build-console';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/**
 * The same headers CloudFront's response-headers policy sets in AWS: the console talks only to its
 * own origin, is never framed, and its key never leaves as a referrer. Chart.js sizes its canvas
 * with inline styles, hence `style-src 'unsafe-inline'` (styles only; scripts stay 'self').
 */
export const consoleSecurityHeaders = {
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
} as const;

/** Serves the built console under /console (the twin's stand-in for CloudFront + S3). Returns false for other paths. */
export function serveConsole(dir: string, request: IncomingMessage, response: ServerResponse): boolean {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (url.pathname === '/console') {
    response.writeHead(301, { location: '/console/' }).end();
    return true;
  }
  if (!url.pathname.startsWith('/console/')) return false;
  const name = url.pathname.slice('/console/'.length) || 'index.html';
  if (!(consoleFiles as readonly string[]).includes(name) || (request.method !== 'GET' && request.method !== 'HEAD')) {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
    return true;
  }
  readFile(path.join(dir, name)).then(
    (body) => {
      response.writeHead(200, { 'content-type': contentTypes[path.extname(name)] ?? 'application/octet-stream', 'cache-control': 'no-cache', ...consoleSecurityHeaders });
      response.end(request.method === 'HEAD' ? undefined : body);
    },
    () => response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('console not built'),
  );
  return true;
}
