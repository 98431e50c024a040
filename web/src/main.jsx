// GraphiQL for Wushe Hub: the page served at / by the hub. Everything it
// needs is bundled into one HTML file by build.mjs, so it works offline.
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import 'graphiql/style.css';
import './main.css';
// Monaco's workers, bundled by build.mjs into strings (see workerSource).
import editorWorker from 'worker-source:monaco-editor/esm/vs/editor/editor.worker.js';
import jsonWorker from 'worker-source:monaco-editor/esm/vs/language/json/json.worker.js';
import graphqlWorker from 'worker-source:monaco-graphql/esm/graphql.worker.js';

// Monaco starts its workers from blob URLs: no extra request, no CDN.
const workerURLs = {};
function workerURL(name, source) {
  workerURLs[name] ??= URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  return workerURLs[name];
}
globalThis.MonacoEnvironment = {
  getWorker(_id, label) {
    switch (label) {
      case 'json':
        return new Worker(workerURL('json', jsonWorker), { name: label });
      case 'graphql':
        return new Worker(workerURL('graphql', graphqlWorker), { name: label });
      default:
        return new Worker(workerURL('editor', editorWorker), { name: label });
    }
  },
};

// The bearer token lives in localStorage under this key (the same key the
// earlier console used); blank means the PUBLIC viewer.
const tokenKey = 'wushe.token';
const readToken = () => (localStorage.getItem(tokenKey) || '').trim().replace(/^bearer\s+/i, '');
const authHeaders = () => {
  const token = readToken();
  return token ? { Authorization: `Bearer ${token}` } : {};
};

const url = new URL('/graphql', location.href).toString();
const subscriptionUrl = url.replace(/^http/, 'ws'); // ws: or wss:, graphql-transport-ws
const base = createGraphiQLFetcher({ url, subscriptionUrl, enableIncrementalDelivery: false });

// fetcher adds the token of the token box to every request; a header set in
// GraphiQL's headers editor wins. Over WebSocket the same headers become the
// connection_init payload.
const fetcher = (params, opts) => base(params, { ...opts, headers: { ...authHeaders(), ...(opts?.headers ?? {}) } });

const defaultQuery = `# 五社联动数据枢纽 · Wushe Hub
#
# Paste a bearer token in the box above (blank = PUBLIC 公众);
# run with Ctrl+Enter or the ▶ button. The Docs panel lists every type.

{
  viewer { role agency }
  communities(first: 5, orderBy: [{field: NAME}]) {
    totalCount
    edges { node { id code name households population } }
  }
}
`;

// TokenBox edits the token and shows who the hub takes the viewer to be.
function TokenBox() {
  const [token, setToken] = useState(readToken);
  const [viewer, setViewer] = useState('');
  useEffect(() => {
    localStorage.setItem(tokenKey, token.trim());
    const ctl = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const res = await fetch(url, {
          method: 'POST',
          signal: ctl.signal,
          headers: { 'Content-Type': 'application/json', Accept: 'application/graphql-response+json', ...authHeaders() },
          body: JSON.stringify({ query: '{ viewer { role agency } }' }),
        });
        const body = await res.json();
        const v = body?.data?.viewer;
        setViewer(v ? `${v.role}${v.agency ? ' · ' + v.agency : ''}` : `✗ ${body?.errors?.[0]?.message ?? res.status}`);
      } catch (err) {
        if (err.name !== 'AbortError') setViewer(`✗ ${err.message}`);
      }
    }, 300);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [token]);
  return (
    <header className="wushe-bar">
      <h1>五社联动数据枢纽 · Wushe Hub</h1>
      <label>
        Bearer token 令牌
        <input
          id="wushe-token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder="blank = PUBLIC 公众"
          value={token}
          onChange={(e) => setToken(e.target.value)}
        />
      </label>
      <output id="wushe-viewer" title="viewer { role agency }">{viewer}</output>
      <a href="/schema.graphql">schema.graphql</a>
    </header>
  );
}

function App() {
  return (
    <div className="wushe-page">
      <TokenBox />
      <GraphiQL fetcher={fetcher} defaultQuery={defaultQuery}>
        <GraphiQL.Logo>Wushe Hub</GraphiQL.Logo>
      </GraphiQL>
    </div>
  );
}

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
