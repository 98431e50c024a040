// Builds the dashboard page into one self-contained HTML file,
// ../internal/server/dashboard/index.html, embedded in the hub's binary and
// served at /dashboard: ECharts (only the charts and components the page
// uses) is bundled and inlined with the page's script and styles, so the
// page loads nothing but /graphql and works offline. With the argument
// "checkin" it builds the check-in page the same way
// (../internal/server/checkin/index.html, served at /checkin).
//
//   npm ci && npm run build
import { build } from 'esbuild';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const page = process.argv[2] ?? 'dashboard';
const src = join(here, 'src', page);
const out = join(here, '..', 'internal', 'server', page, 'index.html');

const started = Date.now();
const result = await build({
  entryPoints: [join(src, 'main.js')],
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
  define: { 'process.env.NODE_ENV': '"production"' },
  legalComments: 'none',
  charset: 'utf8',
  write: false,
  logLevel: 'warning',
});
// An inline script must not contain "<!--", "<script" or "</script": escape
// them inside literals as the HTML standard advises (see build.mjs).
const js = result.outputFiles[0].text.replace(
  /(\\*)<(!--|\/?script)/gi,
  (_, slashes, rest) => `${slashes.length % 2 ? slashes.slice(1) : slashes}\\x3C${rest}`,
);
const css = await readFile(join(src, 'main.css'), 'utf8');
for (const [what, text, bad] of [['script', js, /<\/script|<!--|<script/i], ['style', css, /<\/style/i]]) {
  const m = text.match(bad);
  if (m) throw new Error(`the ${what} contains ${JSON.stringify(m[0])} and cannot be inlined`);
}
// Nothing may be loaded from elsewhere at run time: no map tiles, no CDN.
const external = [...js.matchAll(/(?:importScripts|import|fetch)\(\s*["'`](https?:)?\/\//g), ...css.matchAll(/url\(\s*["']?(https?:)?\/\//g)];
if (external.length) throw new Error(`the bundle loads from another origin: ${external.map((m) => m[0]).join(', ')}`);

const template = await readFile(join(src, 'index.html'), 'utf8');
const html = template.replace('/*CSS*/', () => css).replace('/*JS*/', () => js);
await mkdir(dirname(out), { recursive: true });
await writeFile(out, html);
const kb = (s) => (Buffer.byteLength(s) / 1024).toFixed(0);
console.log(`wrote ${out}: ${kb(html)} KB (script ${kb(js)} KB) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
