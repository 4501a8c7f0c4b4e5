// A tiny static file server for the benchmark, on loopback only. Serves bench/, the npm
// peers from node_modules/ and the app's dist/ (for the first-paint measurement).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.css': 'text/css', '.png': 'image/png', '.json': 'application/json' };
const ALLOWED = ['bench/', 'node_modules/', 'dist/'];

/**
 * Starts the server on 127.0.0.1 (port 0 = any); resolves to `{ url, close }`.
 * With `app = true` it serves the built app (dist/) at `/` instead, index.html for unknown
 * paths, as the app is deployed.
 */
export function serve(port = 0, { app = false } = {}) {
  const server = createServer(async (req, res) => {
    let rel = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '');
    if (app) rel = `dist/${rel}`;
    if (rel === '') rel = 'bench/index.html';
    if (rel === 'dist/' || (app && !path.extname(rel))) rel = 'dist/index.html';
    const file = path.resolve(root, rel);
    if (!file.startsWith(root + path.sep) || !ALLOWED.some((p) => rel.startsWith(p))) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => {
    const { port: p } = server.address();
    resolve({ url: `http://127.0.0.1:${p}/`, close: () => new Promise((r) => server.close(r)) });
  }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  serve(Number(process.env.PORT ?? 8787)).then(({ url }) => console.log(`bench at ${url}`));
}
