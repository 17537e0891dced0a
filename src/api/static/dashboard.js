// Noord vacancy monitor dashboard: plain JS, inline SVG charts, data from the same-origin API (cookie auth).
'use strict';

(function () {
  const SVG = 'http://www.w3.org/2000/svg';
  const BAND_COLORS = { 'zeer ruim': '#2c7bb6', ruim: '#abd9e9', gemiddeld: '#ffffbf', krap: '#fdae61', 'zeer krap': '#d7191c' };
  const LINE_COLORS = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02'];
  const TOP_SKILLS = 5;
  const $ = (id) => document.getElementById(id);
  let meta = null;
  let generation = 0;

  function el(tag, attrs, text) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = String(text);
    return e;
  }
  function h(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  const fmt = (v, d = 2) => (v === null || v === undefined || Number.isNaN(v) ? '–' : Number(v).toFixed(d));
  const pct = (v) => (v === null || v === undefined ? '–' : (v * 100).toFixed(1) + '%');

  async function api(path, params) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) if (v !== undefined && v !== null && v !== '') qs.set(k, v);
    const res = await fetch(path + (qs.toString() ? '?' + qs : ''), { credentials: 'same-origin', headers: { accept: 'application/json' } });
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(body.error || res.status + ' ' + res.statusText);
    return body;
  }

  function filters() {
    const r = $('f-region').value;
    const [level, region] = r ? r.split('|') : ['', ''];
    return { level, region, fn: $('f-function').value, by: $('f-by').value };
  }

  function emptyChart(box, msg) {
    box.replaceChildren(h('p', { class: 'empty' }, msg));
  }

  // ─── tightness heatmap ─────────────────────────────────────────────────────────
  function drawTightness(data) {
    const box = $('tightness-chart');
    const rows = data.rows.filter((r) => r.functionId !== '*');
    if (!rows.length) return emptyChart(box, 'Geen vacatures voor deze selectie.');
    const fns = [...new Map(rows.map((r) => [r.functionId, r.functionLabel])).entries()];
    const regions = [...new Set(rows.map((r) => r.region))];
    const cellW = 120, cellH = 30, left = 210, top = 40;
    const W = left + regions.length * cellW + 10, H = top + fns.length * cellH + 10;
    const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', 'aria-label': 'krapte per functie en regio', id: 'tightness-svg' });
    regions.forEach((r, j) => svg.append(el('text', { x: left + j * cellW + cellW / 2, y: top - 12, 'text-anchor': 'middle', 'font-size': 13, class: 'col-label' }, r)));
    const by = new Map(rows.map((r) => [r.functionId + '\u0000' + r.region, r]));
    fns.forEach(([id, label], i) => {
      const y = top + i * cellH;
      svg.append(el('text', { x: left - 8, y: y + cellH / 2 + 4, 'text-anchor': 'end', 'font-size': 12, class: 'row-label' }, label.length > 30 ? label.slice(0, 29) + '…' : label));
      regions.forEach((reg, j) => {
        const r = by.get(id + '\u0000' + reg);
        if (!r) return;
        const g = el('g', { class: 'cell', 'data-function': id, 'data-region': reg, 'data-band': r.band || '', 'data-open': r.openStock });
        g.append(el('rect', { x: left + j * cellW + 1, y: y + 1, width: cellW - 2, height: cellH - 2, rx: 3, fill: BAND_COLORS[r.band] || '#eceff1', stroke: '#fff' }));
        const txt = r.ratio !== null ? fmt(r.ratio) : r.status === 'no_job_seekers' ? '∞' : String(r.openStock) + ' open';
        g.append(el('text', { x: left + j * cellW + cellW / 2, y: y + cellH / 2 + 4, 'text-anchor': 'middle', 'font-size': 12, fill: r.band === 'zeer krap' || r.band === 'zeer ruim' ? '#fff' : '#1d2733' }, txt));
        g.append(el('title', {}, `${label} · ${reg}\nopen: ${r.openStock} · werkzoekenden: ${r.jobSeekers ?? '–'} · ratio: ${fmt(r.ratio)} (${r.band || 'geen band'})\nmediane open duur: ${r.medianOpenDays ?? 'n.b.'} dagen (KM, n=${r.vacancies})`));
        svg.append(g);
      });
    });
    box.replaceChildren(svg);
    const lg = $('tightness-legend');
    lg.replaceChildren(
      ...Object.keys(BAND_COLORS).map((b) => { const s = h('span'); s.append(h('span', { class: 'sw sw-' + b.replace(' ', '-') }), document.createTextNode(b)); return s; }),
      (() => { const s = h('span'); s.append(h('span', { class: 'sw sw-none' }), document.createTextNode('geen werkzoekenden')); return s; })(),
    );
  }

  // ─── line chart (skill trends) ───────────────────────────────────────────────────
  function drawTrends(series) {
    const box = $('trend-chart');
    const withData = series.filter((s) => s.rows.length);
    if (!withData.length) return emptyChart(box, 'Geen vaardigheden gevonden voor deze selectie.');
    const periods = [...new Set(withData.flatMap((s) => s.rows.map((r) => r.periodStart)))].sort();
    const maxY = Math.max(0.05, ...withData.flatMap((s) => s.rows.map((r) => r.share)));
    const W = 900, H = 300, L = 50, R = 20, T = 15, B = 40;
    const x = (p) => L + (periods.length === 1 ? (W - L - R) / 2 : (periods.indexOf(p) * (W - L - R)) / (periods.length - 1));
    const y = (v) => T + (1 - v / maxY) * (H - T - B);
    const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', 'aria-label': 'trend van vaardigheden', id: 'trend-svg' });
    for (let k = 0; k <= 4; k++) {
      const v = (maxY * k) / 4;
      svg.append(el('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), stroke: '#eceff1' }));
      svg.append(el('text', { x: L - 6, y: y(v) + 4, 'text-anchor': 'end', 'font-size': 11 }, (v * 100).toFixed(0) + '%'));
    }
    const step = Math.max(1, Math.ceil(periods.length / 12));
    periods.forEach((p, i) => { if (i % step === 0) svg.append(el('text', { x: x(p), y: H - B + 16, 'text-anchor': 'middle', 'font-size': 11, class: 'x-label' }, p.slice(0, 7))); });
    const legend = $('trend-legend');
    legend.replaceChildren();
    withData.forEach((s, i) => {
      const color = LINE_COLORS[i % LINE_COLORS.length];
      const pts = s.rows.slice().sort((a, b) => (a.periodStart < b.periodStart ? -1 : 1));
      const line = el('polyline', {
        class: 'trend-line', 'data-skill': s.skill.id, 'data-points': pts.length, fill: 'none', stroke: color, 'stroke-width': 2,
        points: pts.map((r) => `${x(r.periodStart).toFixed(1)},${y(r.share).toFixed(1)}`).join(' '),
      });
      line.append(el('title', {}, s.skill.label));
      svg.append(line);
      for (const r of pts) {
        const c = el('circle', { cx: x(r.periodStart), cy: y(r.share), r: 3, fill: color, class: 'trend-point', 'data-skill': s.skill.id, 'data-share': r.share });
        c.append(el('title', {}, `${s.skill.label} · ${r.periodStart}: ${pct(r.share)} (${r.vacanciesWithSkill}/${r.vacanciesTotal})`));
        svg.append(c);
      }
      const item = h('span', { class: 'legend-item', 'data-skill': s.skill.id });
      const sw = el('svg', { width: 12, height: 12, viewBox: '0 0 12 12' });
      sw.append(el('rect', { width: 12, height: 12, fill: color }));
      item.append(sw, document.createTextNode(' ' + s.skill.label));
      legend.append(item);
    });
    box.replaceChildren(svg);
  }

  // ─── bars (new vacancies) + line (open stock) ──────────────────────────────────────
  function drawSeries(rows) {
    const box = $('series-chart');
    if (!rows.length) return emptyChart(box, 'Geen reeks voor deze selectie (draai de aggregatie).');
    const W = 900, H = 220, L = 50, R = 20, T = 15, B = 35;
    const maxY = Math.max(1, ...rows.map((r) => Math.max(r.newVacancies, r.openStock)));
    const bw = (W - L - R) / rows.length;
    const y = (v) => T + (1 - v / maxY) * (H - T - B);
    const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', 'aria-label': 'nieuwe vacatures en open voorraad', id: 'series-svg' });
    svg.append(el('text', { x: L - 6, y: y(maxY) + 4, 'text-anchor': 'end', 'font-size': 11 }, maxY));
    svg.append(el('text', { x: L - 6, y: y(0) + 4, 'text-anchor': 'end', 'font-size': 11 }, 0));
    const step = Math.max(1, Math.ceil(rows.length / 12));
    rows.forEach((r, i) => {
      const b = el('rect', { class: 'bar', x: L + i * bw + 1, y: y(r.newVacancies), width: Math.max(1, bw - 2), height: y(0) - y(r.newVacancies), fill: '#7fa7c9', 'data-period': r.periodStart, 'data-value': r.newVacancies });
      b.append(el('title', {}, `${r.periodStart}: ${r.newVacancies} nieuw, ${r.openStock} open, ${r.closed} gesloten, mediane duur ${r.medianOpenDays ?? '–'} d`));
      svg.append(b);
      if (i % step === 0) svg.append(el('text', { x: L + i * bw + bw / 2, y: H - B + 16, 'text-anchor': 'middle', 'font-size': 11 }, r.periodStart.slice(0, 7)));
    });
    svg.append(el('polyline', { class: 'stock-line', fill: 'none', stroke: '#d95f02', 'stroke-width': 2, points: rows.map((r, i) => `${(L + i * bw + bw / 2).toFixed(1)},${y(r.openStock).toFixed(1)}`).join(' ') }));
    box.replaceChildren(svg);
  }

  function fillTable(id, rows, cells) {
    const tb = $(id).querySelector('tbody');
    tb.replaceChildren();
    if (!rows.length) {
      const tr = h('tr');
      tr.append(h('td', { colspan: 8, class: 'empty' }, 'geen gegevens'));
      tb.append(tr);
      return;
    }
    for (const r of rows) {
      const tr = h('tr');
      for (const [v, cls] of cells(r)) tr.append(h('td', cls ? { class: cls } : {}, v));
      tb.append(tr);
    }
  }

  function labelOfSkill(id) {
    const s = meta && meta.skills.find((x) => x.id === id);
    return s ? s.label : id;
  }

  async function refresh() {
    const gen = ++generation;
    document.body.dataset.state = 'loading';
    $('status').textContent = 'laden…';
    const f = filters();
    const regionParams = f.region ? { region: f.region, level: f.level } : {};
    try {
      const topSkills = meta.skills.slice(0, TOP_SKILLS);
      const [tight, trends, series, emerging, sources] = await Promise.all([
        api('/api/tightness', { ...(f.region ? regionParams : { level: 'provincie' }), function: f.fn }),
        Promise.all(topSkills.map((s) => api('/api/trends/skill', { skill: s.id, by: f.by, function: f.fn, ...regionParams }))),
        api('/api/series', { by: f.by, function: f.fn, ...regionParams }),
        api('/api/emerging', { function: f.fn, ...regionParams, limit: 15, minSupport: 3 }),
        api('/api/sources'),
      ]);
      if (gen !== generation) return;
      drawTightness(tight);
      drawTrends(trends);
      drawSeries(series.rows);
      $('emerging-period').textContent = emerging.recent.from
        ? `recent ${emerging.recent.from} – ${emerging.recent.to} (${emerging.recent.vacancies} vacatures) tegen ${emerging.reference.from} – ${emerging.reference.to} (${emerging.reference.vacancies}); gewogen log-odds met Dirichlet-prior, z > 1,96 ≈ 95%; minimaal ${emerging.minSupport} vacatures`
        : 'geen gegevens';
      fillTable('emerging-table', emerging.rows, (r) => [
        [r.label || labelOfSkill(r.skillId)], [r.recent, 'num'], [r.reference, 'num'], [pct(r.recentShare), 'num'], [pct(r.referenceShare), 'num'], [fmt(r.z), 'num'], [r.isNew ? 'nieuw' : ''],
      ]);
      fillTable('sources-table', sources.rows, (r) => [
        [r.sourceId], [r.lastRunAt ? String(r.lastRunAt).slice(0, 16) : '–'], [r.lastStatus || '–'], [r.lastFound ?? '–', 'num'], [fmt(r.medianFound, 0), 'num'], [r.openVacancies, 'num'], [r.errors7d, 'num'], [r.flag, r.flag ? 'flag' : ''],
      ]);
      $('status').textContent = '';
      document.body.dataset.state = 'ready';
    } catch (e) {
      if (gen !== generation) return;
      $('status').textContent = 'fout: ' + e.message;
      document.body.dataset.state = 'error';
    }
  }

  async function init() {
    try {
      meta = await api('/api/meta');
    } catch (e) {
      $('meta-line').textContent = 'API niet bereikbaar: ' + e.message;
      document.body.dataset.state = 'error';
      return;
    }
    $('meta-line').textContent = `Taxonomie ${meta.taxonomyVersion} · gegevens t/m ${meta.observationDate || '–'} · ${meta.functions.reduce((a, f) => a + f.vacancies, 0)} unieke vacatures`;
    const rs = $('f-region');
    for (const level of ['provincie', 'arbeidsmarktregio']) {
      const og = h('optgroup', { label: level });
      for (const r of meta.regions.filter((x) => x.level === level && x.region !== 'onbekend')) og.append(h('option', { value: `${level}|${r.region}` }, `${r.region} (${r.vacancies})`));
      if (og.children.length) rs.append(og);
    }
    const fs = $('f-function');
    for (const f of meta.functions.filter((x) => x.id !== 'onbekend')) fs.append(h('option', { value: f.id }, `${f.label} (${f.vacancies})`));
    for (const s of ['f-region', 'f-function', 'f-by']) $(s).addEventListener('change', () => void refresh());
    await refresh();
  }

  document.addEventListener('DOMContentLoaded', () => void init());
})();
