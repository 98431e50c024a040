// The organisers' check-in page (扫码签到): scans a volunteer's identity
// code with the device's camera (BarcodeDetector, where the browser has it)
// or takes the scanned text pasted, and checks the volunteer in or out of
// an activity through /graphql (checkIn). Scans that cannot reach the hub
// are kept in localStorage with their time and uploaded later
// (uploadScans), which deduplicates them.
const $ = (id) => document.getElementById(id);
const TOKEN = 'wushe.token';
const QUEUE = 'wushe.checkin.queue';

const state = { busy: false, last: '', lastAt: 0 };

function token() {
  return $('token').value.trim();
}

async function gql(query, variables) {
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
  if (token()) headers.Authorization = `Bearer ${token()}`;
  const r = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return r.json();
}

function say(text, kind) {
  const s = $('status');
  s.textContent = text;
  s.className = kind ?? '';
}

function log(text, kind) {
  const li = document.createElement('li');
  li.textContent = `${new Date().toLocaleTimeString('zh-CN', { hour12: false })} ${text}`;
  if (kind) li.className = kind;
  $('log').prepend(li);
}

function queue() {
  try {
    return JSON.parse(localStorage.getItem(QUEUE) ?? '[]');
  } catch {
    return [];
  }
}

function setQueue(q) {
  localStorage.setItem(QUEUE, JSON.stringify(q));
  $('queued').textContent = String(q.length);
  $('upload').disabled = q.length === 0;
}

function direction() {
  return document.querySelector('input[name=direction]:checked').value;
}

async function loadActivities() {
  const sel = $('activity');
  const r = await gql('{ activities(first: 50, orderBy: [{field: HELD_ON, direction: DESC}]) { edges { node { id title heldOn community { name } } } } }').catch(() => null);
  const edges = r?.data?.activities?.edges ?? [];
  const keep = sel.value;
  sel.replaceChildren(new Option('—', ''));
  for (const { node } of edges) sel.add(new Option(`${node.heldOn} ${node.title}（${node.community?.name ?? ''}）`, node.id));
  if (keep) sel.value = keep;
}

const CHECK_IN = `mutation($input: ScanInput!) { checkIn(input: $input) {
  id status hours startedAt endedAt volunteer { name } } }`;

async function submit(text) {
  const code = text.trim();
  if (!code) return say('请扫码或粘贴扫码内容 Scan or paste a code', 'error');
  if (!$('activity').value) return say('请先选择活动 Choose the activity first', 'error');
  const scan = { code, direction: direction(), activity: $('activity').value, at: new Date().toISOString() };
  if (!navigator.onLine) return keep(scan);
  let r;
  try {
    r = await gql(CHECK_IN, { input: scan });
  } catch {
    return keep(scan);
  }
  if (r.errors?.length) {
    const e = r.errors[0];
    say(`${e.message} (${e.extensions?.code ?? ''})`, 'error');
    log(`✗ ${e.message}`, 'error');
    return;
  }
  const rec = r.data.checkIn;
  const what = scan.direction === 'IN' ? '签到成功 checked in' : `签退成功 checked out, ${rec.hours} 小时 hours`;
  say(`${rec.volunteer?.name ?? ''} ${what}`, 'ok');
  log(`✓ ${rec.volunteer?.name ?? ''} ${what}`);
  $('code').value = '';
}

function keep(scan) {
  setQueue([...queue(), scan]);
  say('离线：扫码已保存，联网后上传 Offline: the scan is kept for upload', 'ok');
  log(`… ${scan.direction} 离线保存 kept offline`);
  $('code').value = '';
}

async function upload() {
  // One upload at a time: coming back online and a click may both ask.
  if (state.busy) return;
  state.busy = true;
  try {
    await uploadQueue();
  } finally {
    state.busy = false;
  }
}

async function uploadQueue() {
  const q = queue();
  if (!q.length) return;
  let r;
  try {
    r = await gql(`mutation($scans: [ScanInput!]!) { uploadScans(scans: $scans) {
      index duplicate errorCode errorMessage record { id status volunteer { name } } } }`, { scans: q });
  } catch {
    return say('仍然离线 Still offline', 'error');
  }
  if (r.errors?.length) return say(`${r.errors[0].message} (${r.errors[0].extensions?.code ?? ''})`, 'error');
  let taken = 0;
  for (const o of r.data.uploadScans) {
    if (o.record) taken++;
    if (o.errorMessage) log(`✗ #${o.index + 1} ${o.errorMessage}`, 'error');
    else if (o.duplicate) log(`= #${o.index + 1} 重复扫码 duplicate`);
    else log(`✓ #${o.index + 1} ${o.record?.volunteer?.name ?? ''}`);
  }
  setQueue([]);
  say(`已上传 uploaded: ${taken} / ${q.length}`, 'ok');
}

async function camera() {
  const note = $('camera-note');
  if (!('BarcodeDetector' in window) || !navigator.mediaDevices?.getUserMedia) {
    note.hidden = false;
    note.textContent = '此浏览器不能直接识别二维码：请用扫码枪或粘贴扫码内容 This browser cannot read QR codes: paste the scanned text';
    return;
  }
  const video = $('video');
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
  video.srcObject = stream;
  video.hidden = false;
  await video.play();
  const detector = new window.BarcodeDetector({ formats: ['qr_code'] });
  const tick = async () => {
    if (video.hidden) return;
    try {
      const found = await detector.detect(video);
      const text = found[0]?.rawValue;
      // The same code in view is one scan, not one per frame.
      if (text && (text !== state.last || Date.now() - state.lastAt > 5000)) {
        state.last = text;
        state.lastAt = Date.now();
        await submit(text);
      }
    } catch {
      // a frame that cannot be read
    }
    setTimeout(tick, 300);
  };
  tick();
}

$('token').value = localStorage.getItem(TOKEN) ?? '';
$('token').addEventListener('change', () => {
  localStorage.setItem(TOKEN, token());
  loadActivities();
});
$('submit').addEventListener('click', () => submit($('code').value));
$('upload').addEventListener('click', upload);
$('camera').addEventListener('click', () => camera().catch((e) => say(`摄像头不可用 camera unavailable: ${e.message}`, 'error')));
window.addEventListener('online', () => queue().length && upload());
setQueue(queue());
loadActivities().then(() => {
  document.body.dataset.state = 'ready';
});
