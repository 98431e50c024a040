// Builds GraphiQL into one self-contained HTML page,
// ../internal/server/graphiql/index.html, embedded in the hub's binary and
// served at /: the script, the styles, the fonts and Monaco's web workers
// are all inline (the workers as strings started from blob URLs), so the
// page makes no request but to /graphql and works offline.
//
//   npm ci && npm run build
import { build } from 'esbuild';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'internal', 'server', 'graphiql', 'index.html');
const require = createRequire(import.meta.url);

const common = {
  bundle: true,
  minify: true,
  target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
  write: false,
  charset: 'utf8',
};

// workerSource turns `import x from 'worker-source:PKG/PATH.js'` into the
// bundled source of that worker as a string.
const workerSource = {
  name: 'worker-source',
  setup(b) {
    b.onResolve({ filter: /^worker-source:/ }, (args) => ({
      path: require.resolve(args.path.slice('worker-source:'.length)),
      namespace: 'worker-source',
    }));
    b.onLoad({ filter: /.*/, namespace: 'worker-source' }, async (args) => {
      const r = await build({ ...common, entryPoints: [args.path], format: 'iife' });
      return { contents: `export default ${JSON.stringify(r.outputFiles[0].text)};`, loader: 'js' };
    });
  },
};

const started = Date.now();
const result = await build({
  ...common,
  entryPoints: [join(here, 'src', 'main.jsx')],
  outdir: join(here, 'build'),
  format: 'iife',
  jsx: 'automatic',
  loader: { '.ttf': 'dataurl', '.woff': 'dataurl', '.woff2': 'dataurl', '.svg': 'dataurl', '.png': 'dataurl' },
  plugins: [workerSource],
});
const css = result.outputFiles.find((f) => f.path.endsWith('.css')).text;
// An inline script must not contain "<!--", "<script" or "</script" (the
// HTML tokenizer would end it early or swallow its end tag). esbuild prints
// none in code, only inside literals: escape them there as the HTML standard
// advises ("\x3C!--"), minding a backslash that already escapes the "<".
const js = result.outputFiles
  .find((f) => f.path.endsWith('.js'))
  .text.replace(/(\\*)<(!--|\/?script)/gi, (_, slashes, rest) => `${slashes.length % 2 ? slashes.slice(1) : slashes}\\x3C${rest}`);

for (const [what, text, bad] of [['script', js, /<\/script|<!--|<script/i], ['style', css, /<\/style/i]]) {
  const m = text.match(bad);
  if (m) throw new Error(`the ${what} contains ${JSON.stringify(m[0])} and cannot be inlined`);
}
// Nothing may be loaded from elsewhere at run time.
const external = [...js.matchAll(/(?:importScripts|import)\(\s*["'`](https?:)?\/\//g), ...css.matchAll(/url\(\s*["']?(https?:)?\/\//g)];
if (external.length) throw new Error(`the bundle loads from another origin: ${external.map((m) => m[0]).join(', ')}`);

const template = await readFile(join(here, 'src', 'index.html'), 'utf8');
const html = template.replace('/*CSS*/', () => css).replace('/*JS*/', () => js);
await mkdir(dirname(out), { recursive: true });
await writeFile(out, html);
const mb = (s) => (Buffer.byteLength(s) / 1e6).toFixed(2);
console.log(`wrote ${out}: ${mb(html)} MB (script ${mb(js)} MB, style ${mb(css)} MB) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
