// Runs the GraphQL-over-HTTP audits of graphql-http (serverAudits) against a
// URL, prints each audit's id, level, status and reason, and exits non-zero
// when a MUST or SHOULD audit fails (MAY failures are reported, not fatal).
//
//   node audit.mjs http://127.0.0.1:8080/graphql
import { serverAudits } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs <graphql url>');
  process.exit(2);
}

const counts = {};
let fatal = 0;
for (const audit of serverAudits({ url })) {
  const level = audit.name.split(' ')[0]; // MUST, SHOULD or MAY
  counts[level] ??= { passed: 0, failed: 0 };
  let result;
  try {
    result = await audit.fn();
  } catch (err) {
    result = { status: 'error', reason: `audit threw: ${err?.message ?? err}` };
  }
  const ok = result.status === 'ok';
  counts[level][ok ? 'passed' : 'failed']++;
  if (!ok && level !== 'MAY') fatal++;
  let line = `${ok ? 'ok  ' : 'FAIL'} ${audit.id} ${audit.name}`;
  if (!ok) {
    line += `\n       ${result.status}: ${result.reason}`;
    if (result.response) {
      const body = await result.response.text().catch(() => '');
      line += `\n       response: ${result.response.status} ${result.response.headers.get('content-type') ?? ''} ${body.slice(0, 300)}`;
    }
  }
  console.log(line);
}

console.log('');
for (const level of ['MUST', 'SHOULD', 'MAY']) {
  const c = counts[level] ?? { passed: 0, failed: 0 };
  console.log(`${level.padEnd(6)} ${c.passed} passed, ${c.failed} failed`);
}
process.exit(fatal > 0 ? 1 : 0);
