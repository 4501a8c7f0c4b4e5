// Download sizes of the built app (issue 8 row 7), raw and brotli (quality 11).
//
// The release build is split (crates/wasm-split): index.html loads one main module (the
// `module_or_path` of Trunk's start script) and its JS; page groups are separate wasm files,
// `split_<group>.wasm`, each with the shared `chunk_<n>.wasm` files that `__wasm_split.js`
// lists under a `/* group, group */` comment, fetched on the first visit of one of the
// group's pages. An unsplit build (one .wasm in dist/) reports just its initial module.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

const brotli = (buf) => brotliCompressSync(buf, {
  params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: buf.length },
}).length;

async function measure(dir, rel) {
  const buf = await readFile(path.join(dir, rel));
  return { file: rel, raw: buf.length, br: brotli(buf) };
}

const sum = (files) => files.reduce((a, f) => ({ raw: a.raw + f.raw, br: a.br + f.br }), { raw: 0, br: 0 });

/**
 * Sizes of `dist`: `initial` (the wasm the first paint downloads), `initialJs` (its JS glue
 * plus the split loader), `groups` ({ name: { files, raw, br } }: what visiting a group's page
 * adds), `chunks` (every other wasm file), `total` (all wasm files). `null` without a build.
 */
export async function appSizes(dist) {
  const html = await readFile(path.join(dist, 'index.html'), 'utf8').catch(() => null);
  if (html === null) return null;
  const wasmRef = html.match(/module_or_path:\s*'\/?([^']+\.wasm)'/);
  const jsRef = html.match(/from\s+'\/?([^']+\.js)'/);
  if (!wasmRef) return null;
  const initial = await measure(dist, wasmRef[1]);
  const dir = path.dirname(wasmRef[1]);
  const jsFiles = jsRef ? [await measure(dist, jsRef[1])] : [];
  const loaderRel = path.join(dir, '__wasm_split.js');
  const loader = await readFile(path.join(dist, loaderRel), 'utf8').catch(() => null);
  if (loader !== null) jsFiles.push(await measure(dist, loaderRel));

  const wasmNames = (await readdir(path.join(dist, dir))).filter((f) => f.endsWith('.wasm'));
  const chunks = [];
  for (const name of wasmNames.sort()) {
    const rel = path.join(dir, name);
    if (rel !== path.normalize(wasmRef[1])) chunks.push(await measure(dist, rel));
  }
  const groups = {};
  if (loader !== null) {
    const byFile = new Map(chunks.map((c) => [path.basename(c.file), c]));
    for (const c of chunks) {
      const m = path.basename(c.file).match(/^split_(.+)\.wasm$/);
      if (m) groups[m[1]] = { files: [c.file], ...c };
    }
    for (const m of loader.matchAll(/\/\* ([^*]+) \*\/\s*const __chunk_\d+ = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([^"]+)"/g)) {
      const chunk = byFile.get(m[2]);
      if (!chunk) continue;
      for (const g of m[1].split(',').map((s) => s.trim())) {
        const grp = groups[g] ?? (groups[g] = { files: [], raw: 0, br: 0 });
        grp.files.push(chunk.file);
        grp.raw += chunk.raw;
        grp.br += chunk.br;
      }
    }
  }
  return { initial, initialJs: sum(jsFiles), groups, chunks, total: sum([initial, ...chunks]) };
}
