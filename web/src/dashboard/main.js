// The dashboard page served at /dashboard: the figures of an area and of
// each division or community below it, as charts, tiles, a table and a map
// drawn from coordinates. It asks /graphql with the viewer's token (kept
// in localStorage under wushe.token, as GraphiQL does) and shows what the
// hub gives that viewer: withheld figures are shown as "—" with the reason.
// build-dashboard.mjs bundles it with ECharts into one offline page.
import { BarChart, CustomChart, LineChart, LinesChart, PieChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, CustomChart, LineChart, LinesChart, PieChart, ScatterChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, SVGRenderer]);

const endpoint = new URL('/graphql', location.href).toString();
const tokenKey = 'wushe.token';
const $ = (id) => document.getElementById(id);

const readToken = () => (localStorage.getItem(tokenKey) || '').trim().replace(/^bearer\s+/i, '');

// gql posts a query with the viewer's token and returns its data, throwing
// the first error's message.
async function gql(query, variables = {}) {
  const token = readToken();
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/graphql-response+json, application/json',
      'Accept-Language': navigator.language || 'zh-CN',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json().catch(() => ({}));
  if (body.errors?.length) throw new Error(body.errors[0].message);
  if (!res.ok || !body.data) throw new Error(`HTTP ${res.status}`);
  return body.data;
}

const figures = `
fragment Count on PersonCount { value suppressed reason }
fragment Measure on PersonMeasure { value suppressed reason }
fragment Activity on ActivityFigures { count participants { ...Count } volunteerHours offSite offSiteShare }
fragment Figures on DashboardFigures {
  code name level access communities households population
  division { id } community { id }
  pairing { communities paired coverage activePairings groupsPerCommunity { groups communities } }
  activities { total { ...Activity } byCategory { category ...Activity } byMonth { month ...Activity } }
  volunteers { total { ...Count } hours { ...Measure } byKind { kind count { ...Count } hours { ...Measure } } stars { stars minHours count { ...Count } } starHours serviceTeams }
  socialWorkers { total { ...Count } certified { ...Count } byLevel { level count { ...Count } } perCommunity { ...Measure } communitiesWithout }
  consultations { raised resolved open rejected medianDaysToResolve byCategory { category raised resolved } }
  selfFunding { projects income expense balance incomeByCategory { category amount entries } expenseByCategory { category amount entries } }
  space { officeM2 serviceM2 officeShare limit flagged communitiesMeasured communitiesFlagged communities { community { id name } officeShare flagged } }
  training { batches completed byPhase { phase batches } studentsTrained { ...Count } agreements bilateral tripartite teachingSites oneStopItems }
}`;

const dashboardQuery = `query Dashboard($id: ID!, $from: Date, $to: Date) {
  dashboard(division: $id, from: $from, to: $to) {
    ...Figures from to
    breakdown { ...Figures }
    map {
      communities { id code name latitude longitude }
      campuses { id name latitude longitude }
      teachingSites { id name latitude longitude }
      pairings { community { id } university { id } groups }
    }
  }
}
${figures}`;

// Chinese names of the enum values shown.
const names = {
  ELDERLY_DISABLED: '敬老助残', MEDICAL: '医疗服务', SAFETY: '平安建设', CULTURE_SCIENCE: '文化科普', CHILDREN: '一小',
  ELDERLY: '一老', EDUCATION: '助学辅导', PSYCHOLOGY: '心理健康', LEGAL: '法律服务', ENVIRONMENT: '环境治理',
  EMPLOYMENT: '就业创业', GOVERNANCE: '协商议事', OTHER: '其他',
  RESIDENT: '居民', PARTY_MEMBER: '党员双报到', STUDENT: '大学生', STAFF: '职工',
  NONE: '未持证', ASSISTANT: '助理社工师', INTERMEDIATE: '社工师', SENIOR: '高级社工师',
  FLYING_WIRE_CHARGING: '飞线充电', PARKING: '车辆停放', CHARGING_PILES: '充电桩缺位', SANITATION: '环境卫生',
  NOISE: '噪音扰民', PROPERTY_MANAGEMENT: '物业管理', PUBLIC_SAFETY: '公共安全', FACILITIES: '公共设施', NEIGHBOUR_DISPUTE: '邻里纠纷',
  RENT: '租金', OPERATING: '经营', SPONSORSHIP: '赞助', OTHER_INCOME: '其他收入', INFRASTRUCTURE: '基础设施维护',
  PUBLIC_LIGHTING: '公共照明', OFFICE_SUPPLIES: '办公耗材', STUDENT_AID: '助学助残', CARE_VISITS: '爱心帮扶慰问',
  ELDERLY_MEALS: '养老助餐', CHILDCARE: '幼儿托育', OTHER_EXPENSE: '其他支出',
  GROUP_DISCUSSION: '分组讨论', PLAN_GUIDANCE: '方案指导', COMMUNITY_PRACTICE: '社区实践', EXPERIENCE_SUMMARY: '经验总结', ROADSHOW: '汇报路演',
  PROVINCE: '省', CITY: '市', DISTRICT: '区县', STREET: '街道', COMMUNITY: '社区',
};
const name = (v) => names[v] ?? v;

// Formatting: numbers with separators, shares in percent, fen as yuan;
// a withheld figure as "—".
const num = (n, digits = 0) => (n == null ? '—' : Number(n).toLocaleString('en-US', { maximumFractionDigits: digits }));
const pct = (x) => (x == null ? '—' : `${(x * 100).toFixed(1)}%`);
const yuan = (fen) => num(fen / 100, 2);
const person = (c, digits = 0) => (c?.value == null ? '—' : num(c.value, digits));
const plain = (c) => c?.value ?? null; // for charts: null is a gap

// tile shows one figure; withheld is the reason a figure is withheld,
// flag a warning (the 20% office limit exceeded).
function tile(key, label, value, sub, { withheld, flag } = {}) {
  const el = document.createElement('div');
  el.className = 'tile' + (withheld ? ' withheld' : '') + (flag ? ' flagged' : '');
  el.innerHTML = `<span class="label"></span><strong data-figure="${key}"></strong><span class="sub"></span>`;
  el.querySelector('.label').textContent = label;
  el.querySelector('strong').textContent = value;
  el.querySelector('.sub').textContent = sub ?? '';
  if (withheld || flag) el.title = withheld || flag;
  return el;
}

function renderTiles(d) {
  const t = $('tiles');
  t.replaceChildren();
  const w = (c) => ({ withheld: c?.value == null ? c?.reason ?? '' : '' });
  const s = d.socialWorkers;
  const sp = d.space;
  const a = d.activities.total;
  t.append(
    tile('communities', '社区 Communities', num(d.communities), `${num(d.households)} 户 · ${num(d.population)} 人`),
    tile('paired', '已结对 Paired', `${num(d.pairing.paired)} / ${num(d.pairing.communities)}`, `覆盖率 ${pct(d.pairing.coverage)} · ${num(d.pairing.activePairings)} 对`),
    tile('activities', '活动 Activities', num(a.count), `飞地 off-site ${pct(a.offSiteShare)}`),
    tile('participants', '参与人次 Participants', person(a.participants), `志愿时长 ${num(a.volunteerHours, 1)} h`, w(a.participants)),
    tile('volunteers', '志愿者 Volunteers', person(d.volunteers.total), `${person(d.volunteers.hours, 1)} h · ${num(d.volunteers.serviceTeams)} 支服务队`, w(d.volunteers.total)),
    tile('workers', '社工 Social workers', person(s.total), `每社区 ${person(s.perCommunity, 1)}`, w(s.total)),
    tile('certified', '持证社工 Certified', person(s.certified), `无驻点社区 ${num(s.communitiesWithout)}`, w(s.certified)),
    tile('resolved', '议事解决 Resolved', num(d.consultations.resolved), `提出 ${num(d.consultations.raised)} · 中位 ${num(d.consultations.medianDaysToResolve, 1)} 天`),
    tile('balance', '造血结余 Balance (元)', yuan(d.selfFunding.balance), `收入 ${yuan(d.selfFunding.income)} · 支出 ${yuan(d.selfFunding.expense)}`),
    tile('office-share', '办公占比 Office share', pct(sp.officeShare), `超20%社区 ${num(sp.communitiesFlagged)} / ${num(sp.communitiesMeasured)}`, { flag: sp.flagged ? '超过20%上限 over the 20% limit' : '' }),
    tile('students', '参训学生 Students trained', person(d.training.studentsTrained), `${num(d.training.batches)} 批次 batches`, w(d.training.studentsTrained)),
    tile('agreements', '合作协议 Agreements', num(d.training.agreements), `双方 ${num(d.training.bilateral)} · 三方 ${num(d.training.tripartite)}`),
    tile('teaching-sites', '现场教学点 Teaching sites', num(d.training.teachingSites)),
    tile('one-stop', '一站通办 One-stop items', num(d.training.oneStopItems)),
  );
}

const charts = new Map();
function chart(id, option) {
  let c = charts.get(id);
  if (!c) {
    c = echarts.init($(id), null, { renderer: 'svg' });
    charts.set(id, c);
  }
  c.setOption({ animation: false, tooltip: { trigger: 'axis', confine: true }, ...option }, true);
  return c;
}

const bar = (labels, series, extra = {}) => ({
  grid: { left: 48, right: 16, top: 28, bottom: 56 },
  legend: series.length > 1 ? { top: 0 } : undefined,
  xAxis: { type: 'category', data: labels, axisLabel: { rotate: labels.length > 6 ? 40 : 0, fontSize: 11 } },
  yAxis: { type: 'value' },
  series: series.map((s) => ({ type: 'bar', ...s })),
  ...extra,
});

function renderCharts(d) {
  chart('chart-pairing', bar(d.pairing.groupsPerCommunity.map((b) => `${b.groups} 个`), [{ name: '社区数', data: d.pairing.groupsPerCommunity.map((b) => b.communities), label: { show: true, position: 'top' } }]));
  const months = d.activities.byMonth;
  chart('chart-months', {
    grid: { left: 48, right: 48, top: 28, bottom: 40 },
    legend: { top: 0 },
    xAxis: { type: 'category', data: months.map((m) => m.month) },
    yAxis: [{ type: 'value', name: '场次' }, { type: 'value', name: '人次' }],
    series: [
      { type: 'bar', name: '活动 activities', data: months.map((m) => m.count) },
      { type: 'line', name: '参与人次 participants', yAxisIndex: 1, data: months.map((m) => plain(m.participants)), connectNulls: false },
    ],
  });
  const cats = d.activities.byCategory;
  chart('chart-categories', bar(cats.map((c) => name(c.category)), [
    { name: '活动 activities', data: cats.map((c) => c.count) },
    { name: '飞地 off-site', data: cats.map((c) => c.offSite) },
  ]));
  const v = d.volunteers;
  chart('chart-volunteers', {
    tooltip: { trigger: 'item', confine: true },
    legend: { top: 0 },
    grid: { left: '58%', right: 12, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: v.stars.map((s) => `${s.stars}★`) },
    yAxis: { type: 'value' },
    series: [
      { type: 'pie', radius: ['25%', '55%'], center: ['27%', '56%'], label: { formatter: '{b}\n{c}' },
        data: v.byKind.map((k) => ({ name: name(k.kind), value: plain(k.count) })).filter((x) => x.value != null) },
      { type: 'bar', name: '星级 stars', data: v.stars.map((s) => plain(s.count)), label: { show: true, position: 'top', fontSize: 10 } },
    ],
  });
  const levels = d.socialWorkers.byLevel;
  chart('chart-workers', bar(levels.map((l) => name(l.level)), [{ name: '人数', data: levels.map((l) => plain(l.count)), label: { show: true, position: 'top' } }]));
  const cons = d.consultations.byCategory;
  chart('chart-consultations', bar(cons.map((c) => name(c.category)), [
    { name: '提出 raised', data: cons.map((c) => c.raised) },
    { name: '解决 resolved', data: cons.map((c) => c.resolved) },
  ]));
  const exp = d.selfFunding.expenseByCategory;
  chart('chart-funding', bar(exp.map((c) => name(c.category)), [{ name: '支出 expense', data: exp.map((c) => c.amount / 100) }]));
  const rooms = d.space.communities.slice(0, 40);
  chart('chart-space', bar(rooms.map((c) => c.community.name), [{
    name: '办公占比',
    data: rooms.map((c) => ({ value: +(c.officeShare * 100).toFixed(1), itemStyle: { color: c.flagged ? '#d9534f' : '#5b8def' } })),
    markLine: { symbol: 'none', data: [{ yAxis: d.space.limit * 100, name: '20%' }], lineStyle: { color: '#d9534f', type: 'dashed' } },
  }], { yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } } }));
  chart('chart-training', bar(d.training.byPhase.map((p) => name(p.phase)), [{ name: '批次', data: d.training.byPhase.map((p) => p.batches), label: { show: true, position: 'top' } }]));
}

// Digits of a division code that name each level's children: a
// province's cities (4), a city's districts (6), a district's streets (9).
const childPrefix = { PROVINCE: 4, CITY: 6, DISTRICT: 9 };

// hull is the convex hull (monotone chain) of points [x, y].
function hull(points) {
  const p = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (p.length < 3) return p;
  const cross = (o, a, b) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const half = (list) => {
    const out = [];
    for (const q of list) {
      while (out.length >= 2 && cross(out[out.length - 2], out[out.length - 1], q) <= 0) out.pop();
      out.push(q);
    }
    out.pop();
    return out;
  };
  return [...half(p), ...half([...p].reverse())];
}

// areas are the base layer of the map, drawn offline from the data: for a
// province, city or district the outline of each area below it (the hull
// of its communities, a little widened), named; for a street its own.
function areas(m, d) {
  const located = m.communities.filter((c) => c.latitude != null && c.longitude != null && c.code);
  const groups = new Map();
  const n = childPrefix[d.level];
  if (n) {
    const names = new Map(d.breakdown.map((b) => [b.code.slice(0, n), b.name]));
    for (const c of located) {
      const key = c.code.slice(0, n);
      if (!groups.has(key)) groups.set(key, { name: names.get(key) ?? key, points: [] });
      groups.get(key).points.push(c);
    }
  } else if (d.level === 'STREET') {
    groups.set(d.code, { name: d.name, points: located });
  }
  const r = 0.004; // degrees around each community
  return [...groups.values()].filter((g) => g.points.length).map((g) => {
    const widened = g.points.flatMap((c) => [[c.longitude - r, c.latitude - r], [c.longitude + r, c.latitude - r], [c.longitude + r, c.latitude + r], [c.longitude - r, c.latitude + r]]);
    const centre = [g.points.reduce((s, c) => s + c.longitude, 0) / g.points.length, g.points.reduce((s, c) => s + c.latitude, 0) / g.points.length];
    return { name: g.name, outline: hull(widened), centre, communities: g.points.length };
  });
}

const areaColours = ['#5b8def', '#2e9d5b', '#e8a33d', '#8e44ad', '#d9534f', '#17a2b8', '#6c757d', '#c0392b'];

// renderMap draws the map on a plain longitude/latitude grid, scaled so
// that a degree of longitude is cos(latitude) of a degree of latitude,
// over the outlines of the areas (see areas).
function renderMap(m, d) {
  const el = $('chart-map');
  const at = (p) => [p.longitude, p.latitude];
  const points = [...m.communities, ...m.campuses, ...m.teachingSites].filter((p) => p.latitude != null && p.longitude != null);
  if (!points.length) {
    chart('chart-map', { xAxis: { type: 'value' }, yAxis: { type: 'value' }, series: [] });
    return;
  }
  const lon = points.map((p) => p.longitude);
  const lat = points.map((p) => p.latitude);
  let [x0, x1, y0, y1] = [Math.min(...lon), Math.max(...lon), Math.min(...lat), Math.max(...lat)];
  const pad = 0.02 + 0.05 * Math.max(x1 - x0, y1 - y0);
  [x0, x1, y0, y1] = [x0 - pad, x1 + pad, y0 - pad, y1 + pad];
  const k = Math.cos((((y0 + y1) / 2) * Math.PI) / 180);
  const w = el.clientWidth - 70;
  const h = el.clientHeight - 60;
  const dx = (x1 - x0) * k;
  const dy = y1 - y0;
  if (dx / w > dy / h) {
    const grow = (dx * h) / w - dy;
    [y0, y1] = [y0 - grow / 2, y1 + grow / 2];
  } else {
    const grow = ((dy * w) / h - dx) / k;
    [x0, x1] = [x0 - grow / 2, x1 + grow / 2];
  }
  const byID = new Map([...m.communities, ...m.campuses].map((p) => [p.id, p]));
  const paired = new Set(m.pairings.map((p) => p.community.id));
  const outlines = areas(m, d);
  chart('chart-map', {
    tooltip: { trigger: 'item', confine: true, formatter: (p) => p.data?.name ?? p.name },
    legend: { top: 0 },
    grid: { left: 54, right: 16, top: 36, bottom: 24 },
    xAxis: { type: 'value', min: x0, max: x1, name: '经度', axisLabel: { formatter: (x) => x.toFixed(2) }, splitLine: { lineStyle: { opacity: 0.3 } } },
    yAxis: { type: 'value', min: y0, max: y1, name: '纬度', axisLabel: { formatter: (y) => y.toFixed(2) }, splitLine: { lineStyle: { opacity: 0.3 } } },
    series: [
      { type: 'custom', name: '区域 areas', silent: false, z: 1,
        data: outlines.map((a, i) => ({ name: `${a.name}：${a.communities} 个社区`, value: [i] })),
        renderItem: (params, api) => {
          const a = outlines[params.dataIndex];
          const colour = areaColours[params.dataIndex % areaColours.length];
          return { type: 'group', children: [
            { type: 'polygon', shape: { points: a.outline.map((p) => api.coord(p)) },
              style: { fill: colour, opacity: 0.12, stroke: colour, lineWidth: 1 } },
            { type: 'text', x: api.coord(a.centre)[0], y: api.coord(a.centre)[1],
              style: { text: a.name, fill: '#444', fontSize: 12, align: 'center', verticalAlign: 'middle', opacity: 0.8 } },
          ] };
        } },
      { type: 'lines', name: '结对 pairings', coordinateSystem: 'cartesian2d', lineStyle: { color: '#5b8def', opacity: 0.35, width: 1 },
        data: m.pairings.map((p) => ({ coords: [at(byID.get(p.community.id)), at(byID.get(p.university.id))] })).filter((l) => l.coords.every(Boolean)) },
      { type: 'scatter', name: '社区 communities', symbolSize: 7, itemStyle: { color: '#2e9d5b' },
        data: m.communities.map((c) => ({ name: c.name, value: at(c), itemStyle: { color: paired.has(c.id) ? '#2e9d5b' : '#999' } })) },
      { type: 'scatter', name: '高校 campuses', symbol: 'triangle', symbolSize: 14, itemStyle: { color: '#d9534f' },
        data: m.campuses.map((u) => ({ name: u.name, value: at(u) })) },
      { type: 'scatter', name: '教学点 teaching sites', symbol: 'diamond', symbolSize: 12, itemStyle: { color: '#8e44ad' },
        data: m.teachingSites.filter((s) => s.latitude != null).map((s) => ({ name: s.name, value: at(s) })) },
    ],
  });
}

function renderBreakdown(d) {
  const table = $('breakdown');
  const head = ['名称 Name', '权限 Access', '社区', '已结对', '活动', '参与人次', '志愿者', '社工', '持证', '议事解决', '办结中位天数', '办公占比', '参训学生'];
  table.innerHTML = '<thead><tr></tr></thead><tbody></tbody>';
  for (const h of head) table.tHead.rows[0].append(Object.assign(document.createElement('th'), { textContent: h }));
  for (const b of d.breakdown) {
    const tr = table.tBodies[0].insertRow();
    const id = b.division?.id ?? b.community?.id;
    const cells = [
      null, b.access === 'FULL' ? '完整 full' : '汇总 aggregate', num(b.communities), `${num(b.pairing.paired)} / ${num(b.pairing.communities)}`,
      num(b.activities.total.count), person(b.activities.total.participants), person(b.volunteers.total), person(b.socialWorkers.total),
      person(b.socialWorkers.certified), num(b.consultations.resolved), num(b.consultations.medianDaysToResolve, 1), pct(b.space.officeShare),
      person(b.training.studentsTrained),
    ];
    const a = document.createElement('a');
    a.href = `?division=${encodeURIComponent(b.code)}`;
    a.textContent = b.name;
    a.addEventListener('click', (e) => {
      e.preventDefault();
      select(id, `${b.name} ${b.code}`);
    });
    tr.insertCell().append(a);
    for (const c of cells.slice(1)) tr.insertCell().textContent = c;
    tr.dataset.code = b.code;
  }
  if (!d.breakdown.length) table.innerHTML = '<tbody><tr><td>无下级 No areas below</td></tr></tbody>';
}

// The volunteer-service dashboard (volunteeringDashboard): a figure that is
// null is withheld for the viewer (fewer than 5 persons, or one that
// would reveal such a figure) and is shown as "—", never as 0.
const volunteeringQuery = `query Volunteering($id: ID!, $from: Date, $to: Date) {
  volunteeringDashboard(division: $id, from: $from, to: $to) {
    area { code name access hours activeVolunteers pointsIssued pointsRedeemed talentTitles housingGrants }
    breakdown { code name access hours activeVolunteers pointsIssued pointsRedeemed talentTitles housingGrants }
    byMonth { month hours activeVolunteers pointsIssued pointsRedeemed }
    stars { level count }
    talents { kind name count }
  }
}`;

const withheldNote = '不予显示：人数少于5人或可由合计推算 withheld: fewer than 5 persons, or it would reveal such a figure';

// cell fills a table cell with a figure, marking a withheld one.
function cell(tr, value, digits = 0) {
  const td = tr.insertCell();
  td.textContent = num(value, digits);
  if (value == null) {
    td.className = 'withheld';
    td.dataset.withheld = '';
    td.title = withheldNote;
  }
  return td;
}

function table(id, head, rows, empty) {
  const t = $(id);
  t.innerHTML = '<thead><tr></tr></thead><tbody></tbody>';
  for (const h of head) t.tHead.rows[0].append(Object.assign(document.createElement('th'), { textContent: h }));
  for (const r of rows) r(t.tBodies[0].insertRow());
  if (!rows.length) t.innerHTML = `<tbody><tr><td>${empty}</td></tr></tbody>`;
}

function renderVolunteering(v) {
  const a = v.area;
  const w = (x) => ({ withheld: x == null ? withheldNote : '' });
  const vt = $('vol-tiles');
  vt.replaceChildren(
    tile('vol-hours', '服务时长 Hours', num(a.hours, 1), '已确认 confirmed', w(a.hours)),
    tile('vol-active', '活跃志愿者 Active volunteers', num(a.activeVolunteers), '有已确认记录 with a confirmed record', w(a.activeVolunteers)),
    tile('vol-points-issued', '积分发放 Points issued', num(a.pointsIssued), '', w(a.pointsIssued)),
    tile('vol-points-redeemed', '积分兑换 Points redeemed', num(a.pointsRedeemed), '', w(a.pointsRedeemed)),
    tile('vol-titles', '人才称号 Talent titles', num(a.talentTitles), '社工 social workers', w(a.talentTitles)),
    tile('vol-grants', '住房保障等待遇 Housing grants', num(a.housingGrants), '社工 social workers', w(a.housingGrants)),
  );
  const months = v.byMonth;
  chart('chart-vol-months', {
    grid: { left: 56, right: 56, top: 28, bottom: 40 },
    legend: { top: 0 },
    xAxis: { type: 'category', data: months.map((m) => m.month) },
    yAxis: [{ type: 'value', name: '小时 h' }, { type: 'value', name: '积分' }],
    series: [
      { type: 'bar', name: '服务时长 hours', data: months.map((m) => m.hours) },
      { type: 'line', name: '发放 issued', yAxisIndex: 1, data: months.map((m) => m.pointsIssued), connectNulls: false },
      { type: 'line', name: '兑换 redeemed', yAxisIndex: 1, data: months.map((m) => m.pointsRedeemed), connectNulls: false },
    ],
  });
  chart('chart-vol-stars', bar(v.stars.map((s) => `${s.level}★`), [{ name: '志愿者', data: v.stars.map((s) => s.count), label: { show: true, position: 'top' } }]));
  const figuresOf = (tr, x) => {
    cell(tr, x.hours, 1);
    cell(tr, x.activeVolunteers);
    cell(tr, x.pointsIssued);
    cell(tr, x.pointsRedeemed);
  };
  table('vol-breakdown', ['名称 Name', '权限 Access', '服务时长 h', '活跃志愿者', '积分发放', '积分兑换', '人才称号', '住房保障等待遇'],
    v.breakdown.map((b) => (tr) => {
      tr.dataset.code = b.code;
      tr.insertCell().textContent = b.name;
      tr.insertCell().textContent = b.access === 'FULL' ? '完整 full' : '汇总 aggregate';
      figuresOf(tr, b);
      cell(tr, b.talentTitles);
      cell(tr, b.housingGrants);
    }), '无下级 No areas below');
  table('vol-months', ['月份 Month', '服务时长 h', '活跃志愿者', '积分发放', '积分兑换'],
    months.map((m) => (tr) => {
      tr.dataset.month = m.month;
      tr.insertCell().textContent = m.month;
      figuresOf(tr, m);
    }), '无已确认记录 No confirmed records');
  table('vol-talents', ['类别 Kind', '名称 Name', '人数 Holders'],
    v.talents.map((t) => (tr) => {
      tr.insertCell().textContent = t.kind === 'TITLE' ? '称号 title' : '待遇 benefit';
      tr.insertCell().textContent = t.name;
      cell(tr, t.count);
    }), '无 None');
}

let loading = 0;
async function load() {
  const id = $('wushe-division').value;
  if (!id) return;
  const ticket = ++loading;
  $('status').textContent = '加载中 Loading…';
  document.body.dataset.state = 'loading';
  try {
    const vars = { id, from: $('wushe-from').value || null, to: $('wushe-to').value || null };
    const [{ dashboard: d }, { volunteeringDashboard: v }] = await Promise.all([gql(dashboardQuery, vars), gql(volunteeringQuery, vars)]);
    if (ticket !== loading) return;
    $('title').innerHTML = '<h2></h2><p></p>';
    $('title').querySelector('h2').textContent = `${d.name} · ${name(d.level)} (${d.code})`;
    $('title').querySelector('p').textContent = d.access === 'FULL'
      ? '完整数据 Full figures'
      : '仅汇总数据：统计人数少于5人的数字不予显示 Aggregates only: figures counting fewer than 5 persons are withheld';
    named(id, d);
    renderTiles(d);
    renderCharts(d);
    renderMap(d.map, d);
    renderBreakdown(d);
    renderVolunteering(v);
    $('status').textContent = '';
    document.body.dataset.state = 'ready';
    document.body.dataset.code = d.code;
  } catch (err) {
    if (ticket !== loading) return;
    $('status').textContent = `✗ ${err.message}`;
    document.body.dataset.state = 'error';
  }
}

// select shows the area with global ID id, adding it to the picker when it
// is not there (a community reached from a street's breakdown).
function select(id, label) {
  const picker = $('wushe-division');
  if (![...picker.options].some((o) => o.value === id)) picker.append(new Option(label ?? '…', id));
  picker.value = id;
  load();
}

// named puts the area's name and code on its picker entry and its code in
// the URL (?division=<code>), so that a reload shows "沙龙社区 520204002012"
// and opens the same area.
function named(id, d) {
  const option = [...$('wushe-division').options].find((o) => o.value === id);
  if (option && (option.text === '…' || option.text === id)) option.text = `${d.name} ${d.code}`;
  const url = new URL(location.href);
  url.searchParams.set('division', d.code);
  url.searchParams.delete('id');
  history.replaceState(null, '', url);
}

// init fills the picker with the divisions the viewer may choose and
// picks the one the URL names (?id=… or ?division=<code>), else the
// viewer's own division, else the first district.
async function init() {
  const token = $('wushe-token');
  token.value = readToken();
  let viewer = { role: 'PUBLIC' };
  try {
    ({ viewer } = await gql('{ viewer { role agency } }'));
    $('wushe-viewer').textContent = `${viewer.role}${viewer.agency ? ' · ' + viewer.agency : ''}`;
  } catch (err) {
    $('wushe-viewer').textContent = `✗ ${err.message}`;
  }
  const { divisions } = await gql(`{ divisions(first: 1000, where: {levelIn: [PROVINCE, CITY, DISTRICT, STREET]}, orderBy: [{field: CODE}]) {
    edges { node { id code name level } } } }`);
  const picker = $('wushe-division');
  picker.replaceChildren();
  const indent = { PROVINCE: '', CITY: '\u3000', DISTRICT: '\u3000\u3000', STREET: '\u3000\u3000\u3000' };
  for (const { node } of divisions.edges) {
    picker.append(new Option(`${indent[node.level] ?? ''}${node.name} ${node.code}`, node.id));
  }
  const params = new URLSearchParams(location.search);
  const byCode = (code) => divisions.edges.find((e) => e.node.code === code)?.node.id;
  // area finds a division or community by its code.
  const area = async (code) => {
    if (!code) return null;
    const id = byCode(code);
    if (id || code.length !== 12) return id ?? null;
    const { communities } = await gql('query($c: String!) { communities(where: {code: $c}) { edges { node { id name } } } }', { c: code });
    const c = communities.edges[0]?.node;
    if (!c) return null;
    picker.append(new Option(`${c.name} ${code}`, c.id));
    return c.id;
  };
  let id = params.get('id') ?? await area(params.get('division'));
  // Else the viewer's own area, else the district with the most
  // communities.
  id ??= await area(viewer.agency) ?? await largestDistrict(divisions.edges.map((e) => e.node)) ?? divisions.edges[0]?.node.id;
  if (id) select(id);
  else $('status').textContent = '无区划 No divisions';
}

// largestDistrict is the district holding the most communities (one
// request, a count per district).
async function largestDistrict(all) {
  const districts = all.filter((d) => d.level === 'DISTRICT');
  if (districts.length < 2) return districts[0]?.id;
  const counts = districts.map((d, i) => `d${i}: communities(first: 0, where: {codeHasPrefix: "${d.code.slice(0, 6)}"}) { totalCount }`);
  try {
    const r = await gql(`{ ${counts.join(' ')} }`);
    let best = districts[0];
    let most = -1;
    districts.forEach((d, i) => {
      if (r[`d${i}`].totalCount > most) [best, most] = [d, r[`d${i}`].totalCount];
    });
    return best.id;
  } catch {
    return districts[0].id;
  }
}

// The import panel (表格导入): a file is uploaded to /graphql as a GraphQL
// multipart request (importRows), first as a dry run; the job is polled
// (importJob) and its report shown — counts, and every refused row with
// its bad cells — and "确认导入" uploads the same file again for real. The
// annotated copy of the file and the export are fetched with the token
// (they need it) and saved from blob: URLs.
const authHeaders = () => {
  const token = readToken();
  return {
    Accept: 'application/graphql-response+json, application/json',
    'Accept-Language': navigator.language || 'zh-CN',
    ...(token ? { Authorization: `Bearer ${token}` } : {}),
  };
};

const jobFields = `id status entity fileName dryRun partial createOnly rowsTotal rowsDone created updated unchanged refused committed
  reportURL error errorCode rows(refusedOnly: true, first: 200) { row outcome cells { column header code message } }`;

const importState = (state) => { document.body.dataset.import = state; };

function importStatus(text, error = false) {
  const el = $('import-status');
  el.textContent = text;
  el.classList.toggle('error', error);
}

// upload sends the chosen file to importRows and returns the job.
async function upload(dryRun) {
  const file = $('import-file').files[0];
  const operations = {
    query: `mutation Import($file: Upload!, $entity: String!, $dryRun: Boolean, $partial: Boolean, $createOnly: Boolean) {
      importRows(file: $file, entity: $entity, dryRun: $dryRun, partial: $partial, createOnly: $createOnly) { ${jobFields} } }`,
    variables: { file: null, entity: $('import-entity').value, dryRun, partial: $('import-partial').checked, createOnly: $('import-create-only').checked },
  };
  const form = new FormData();
  form.append('operations', JSON.stringify(operations));
  form.append('map', JSON.stringify({ 0: ['variables.file'] }));
  form.append('0', file, file.name);
  const res = await fetch(endpoint, { method: 'POST', headers: authHeaders(), body: form });
  const body = await res.json().catch(() => ({}));
  if (body.errors?.length) throw new Error(body.errors[0].message);
  if (!res.ok || !body.data) throw new Error(`HTTP ${res.status}`);
  return body.data.importRows;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// follow polls a job until it is finished, showing its progress.
async function follow(job) {
  const bar = $('import-progress');
  bar.hidden = false;
  while (job.status === 'QUEUED' || job.status === 'RUNNING') {
    if (job.status === 'QUEUED') {
      importStatus('排队中：等待前面的导入完成…');
      bar.removeAttribute('value');
    } else {
      importStatus(`${job.dryRun ? '试运行' : '导入'}中：已处理 ${num(job.rowsDone)}${job.rowsTotal ? ' / ' + num(job.rowsTotal) : ''} 行`);
      if (job.rowsTotal) {
        bar.max = job.rowsTotal;
        bar.value = job.rowsDone;
      } else bar.removeAttribute('value');
    }
    await sleep(300);
    ({ importJob: job } = await gql(`query($id: ID!) { importJob(id: $id) { ${jobFields} } }`, { id: job.id }));
  }
  bar.hidden = true;
  return job;
}

let checked = null; // the dry run whose report is shown

function showReport(job) {
  $('import-report').hidden = false;
  const counts = $('import-counts');
  counts.replaceChildren(
    tile('import-rows', '行数 Rows', num(job.rowsDone)),
    tile('import-created', '新增 Created', num(job.created)),
    tile('import-updated', '更新 Updated', num(job.updated)),
    tile('import-unchanged', '未变 Unchanged', num(job.unchanged)),
    tile('import-refused', '拒绝 Refused', num(job.refused), '', { flag: job.refused ? '有被拒绝的行' : '' }),
  );
  const table = $('import-refused');
  table.innerHTML = '<thead><tr><th>行 Row</th><th>列 Column</th><th>列名 Header</th><th>类别 Code</th><th>说明 Problem</th></tr></thead><tbody></tbody>';
  for (const r of job.rows) {
    for (const c of r.cells) {
      const tr = table.tBodies[0].insertRow();
      tr.dataset.row = r.row;
      for (const v of [r.row, c.column ?? '—', c.header ?? '整行', c.code, c.message]) tr.insertCell().textContent = v;
      tr.cells[4].className = 'msg';
    }
  }
  if (!job.rows.length) table.innerHTML = '<tbody><tr><td>没有被拒绝的行 No refused rows</td></tr></tbody>';
  if (job.refused > job.rows.length) {
    table.tBodies[0].insertRow().insertCell().textContent = `……另有被拒绝的行，见批注报告`;
  }
}

async function check(e) {
  e.preventDefault();
  if (!$('import-file').files.length) {
    importStatus('请选择要导入的文件', true);
    return;
  }
  $('import-confirm').disabled = true;
  $('import-confirm-note').textContent = '';
  $('import-report').hidden = true;
  checked = null;
  importState('checking');
  try {
    importStatus('上传中…');
    const job = await follow(await upload(true));
    if (job.status === 'FAILED') throw new Error(job.error);
    checked = job;
    showReport(job);
    const blocked = job.refused > 0 && !job.partial;
    const nothing = job.created + job.updated === 0;
    $('import-confirm').disabled = blocked || nothing;
    $('import-confirm-note').textContent = blocked
      ? '有被拒绝的行：请修改文件后重新试运行，或勾选“部分导入”只写入无误的行。'
      : nothing ? '没有需要写入的行。' : `确认后将新增 ${job.created} 条、更新 ${job.updated} 条记录。`;
    importStatus(`试运行完成（未写入）：共 ${num(job.rowsDone)} 行，新增 ${job.created}，更新 ${job.updated}，未变 ${job.unchanged}，拒绝 ${job.refused}`);
    importState('checked');
  } catch (err) {
    importStatus(`✗ ${err.message}`, true);
    importState('failed');
  }
}

async function confirmImport() {
  if (!checked) return;
  $('import-confirm').disabled = true;
  importState('importing');
  try {
    importStatus('导入中…');
    const job = await follow(await upload(false));
    if (job.status === 'FAILED') throw new Error(job.error);
    checked = job;
    showReport(job);
    $('import-confirm-note').textContent = '';
    importStatus(job.committed
      ? `已导入：新增 ${job.created}，更新 ${job.updated}，未变 ${job.unchanged}，拒绝 ${job.refused}`
      : `未写入任何数据：有 ${job.refused} 行被拒绝`, !job.committed);
    importState(job.committed ? 'imported' : 'failed');
  } catch (err) {
    importStatus(`✗ ${err.message}`, true);
    importState('failed');
  }
}

// save fetches url with the token and saves the answer as name.
async function save(url, name) {
  try {
    const res = await fetch(url, { headers: authHeaders() });
    if (!res.ok) {
      const body = await res.json().catch(() => ({}));
      throw new Error(body.errors?.[0]?.message ?? `HTTP ${res.status}`);
    }
    const href = URL.createObjectURL(await res.blob());
    const a = Object.assign(document.createElement('a'), { href, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(href), 10_000);
  } catch (err) {
    importStatus(`✗ ${err.message}`, true);
  }
}

async function initImport() {
  const picker = $('import-entity');
  const choose = () => { $('import-template').href = `/templates/${picker.value}.xlsx`; };
  picker.addEventListener('change', choose);
  try {
    const { spreadsheetTemplates } = await gql('{ spreadsheetTemplates { entity name templateURL } }');
    for (const t of spreadsheetTemplates) picker.append(new Option(`${t.name} ${t.entity}`, t.entity));
    picker.value = 'volunteer';
    choose();
  } catch (err) {
    importStatus(`✗ ${err.message}`, true);
  }
  $('import-form').addEventListener('submit', check);
  $('import-confirm').addEventListener('click', confirmImport);
  $('import-download').addEventListener('click', () => checked?.reportURL && save(checked.reportURL, `${checked.entity}-导入报告.xlsx`));
  $('import-export').addEventListener('click', () => {
    const code = document.body.dataset.code;
    const q = code ? `?codePrefix=${encodeURIComponent(code)}` : '';
    save(`/export/${picker.value}.xlsx${q}`, `${picker.value}.xlsx`);
  });
  importState('idle');
}
initImport();

$('wushe-division').addEventListener('change', (e) => select(e.target.value));
$('wushe-from').addEventListener('change', load);
$('wushe-to').addEventListener('change', load);
let typing;
$('wushe-token').addEventListener('input', (e) => {
  localStorage.setItem(tokenKey, e.target.value.trim());
  clearTimeout(typing);
  typing = setTimeout(init, 400);
});
addEventListener('resize', () => charts.forEach((c) => c.resize()));
init().catch((err) => {
  $('status').textContent = `✗ ${err.message}`;
  document.body.dataset.state = 'error';
});
