// The dashboards page: a dashboard is {name, panels, time_range, refresh}, saved through
// /v1/dashboards. The URL is the share link: /dashboards/{id}?from=now-6h&to=now&refresh=30s opens
// that dashboard with that range (query parameters override the saved ones).

import { ApiError, get, request, setToken, token } from './api.js';
import { renderAlerts } from './alerts.js';
import { createPanel, destroy, render, resizeAll } from './panel.js';
import { PRESETS, REFRESH_MS, isoToLocalInput, localInputToIso, presetOf } from './timerange.js';

const $ = (id) => document.getElementById(id);

const state = {
  id: null,
  name: '',
  panels: [],
  range: { from: 'now-1h', to: 'now' },
  refresh: 'off',
  editing: null, // index of the panel in the editor, null when adding
};
let refreshTimer = null;

function status(text, isError = false) {
  const element = $('status');
  element.textContent = text;
  element.classList.toggle('error', isError);
}

function idFromPath() {
  const match = window.location.pathname.match(/^\/dashboards\/([^/]+)\/?$/);
  return match ? decodeURIComponent(match[1]) : null;
}

/** The page's URL for the current state: what "share" means. */
function shareUrl() {
  const params = new URLSearchParams({ from: state.range.from, to: state.range.to });
  if (state.refresh !== 'off') {
    params.set('refresh', state.refresh);
  }
  return `${state.id ? `/dashboards/${encodeURIComponent(state.id)}` : '/dashboards'}?${params}`;
}

function updateUrl(push = false) {
  const url = shareUrl();
  if (url !== window.location.pathname + window.location.search) {
    (push ? history.pushState : history.replaceState).call(history, null, '', url);
  }
}

// ---- rendering

function panelActions() {
  return {
    Edit: (index) => editPanel(index),
    Remove: (index) => {
      state.panels.splice(index, 1);
      drawPanels();
      status('panel removed (not saved yet)');
    },
  };
}

function drawPanels() {
  const container = $('panels');
  window.dashboardCharts.forEach((_, index) => destroy(index));
  window.dashboardCharts.length = 0;
  container.replaceChildren(...state.panels.map((panel, index) => createPanel(panel, index, panelActions())));
  refreshPanels();
}

function refreshPanels() {
  const elements = $('panels').querySelectorAll('.panel');
  elements.forEach((element, index) => render(element, state.panels[index], index, state.range));
  renderAlerts($('alerts-body'));
}

function scheduleRefresh() {
  clearInterval(refreshTimer);
  refreshTimer = null;
  const ms = REFRESH_MS[state.refresh] || 0;
  if (ms > 0) {
    refreshTimer = setInterval(refreshPanels, ms);
  }
}

function showControls() {
  $('dashboard-name').value = state.name;
  const preset = presetOf(state.range);
  $('range').value = preset;
  $('custom-range').hidden = preset !== 'custom';
  $('custom-start').value = isoToLocalInput(state.range.from);
  $('custom-end').value = isoToLocalInput(state.range.to);
  $('refresh').value = state.refresh in REFRESH_MS ? state.refresh : 'off';
  $('delete').disabled = !state.id;
  $('dashboard-list').value = state.id || '';
  document.title = `${state.name || 'New dashboard'} · Dashboards`;
}

// ---- loading and saving

async function loadList() {
  try {
    const body = await get('/v1/dashboards');
    const select = $('dashboard-list');
    const options = body.dashboards.map((d) => {
      const option = document.createElement('option');
      option.value = d.id;
      option.textContent = d.name;
      return option;
    });
    const blank = document.createElement('option');
    blank.value = '';
    blank.textContent = '(new dashboard)';
    select.replaceChildren(blank, ...options);
    select.value = state.id || '';
  } catch (e) {
    status(`could not list dashboards: ${e.message}`, true);
  }
}

async function open(id) {
  const params = new URLSearchParams(window.location.search);
  if (id) {
    try {
      const dashboard = await get(`/v1/dashboards/${encodeURIComponent(id)}`);
      state.id = dashboard.id;
      state.name = dashboard.name;
      state.panels = dashboard.panels;
      state.range = { ...dashboard.time_range };
      state.refresh = dashboard.refresh;
      status('');
    } catch (e) {
      state.id = null;
      status(e instanceof ApiError && e.status === 404 ? `no dashboard with id ${id}` : e.message, true);
    }
  } else {
    Object.assign(state, { id: null, name: '', panels: [], range: { from: 'now-1h', to: 'now' }, refresh: 'off' });
  }
  // The link's own range and refresh win over the saved ones: that is what sharing a view means.
  if (params.get('from')) {
    state.range = { from: params.get('from'), to: params.get('to') || 'now' };
  } else if (params.get('to')) {
    state.range = { ...state.range, to: params.get('to') };
  }
  if (params.get('refresh') in REFRESH_MS) {
    state.refresh = params.get('refresh');
  }
  showControls();
  drawPanels();
  scheduleRefresh();
}

function spec() {
  return { name: $('dashboard-name').value.trim(), panels: state.panels, time_range: state.range, refresh: state.refresh };
}

async function save(asNew) {
  try {
    const saved = asNew || !state.id
      ? await request('POST', '/v1/dashboards', spec())
      : await request('PUT', `/v1/dashboards/${encodeURIComponent(state.id)}`, spec());
    state.id = saved.id;
    state.name = saved.name;
    state.panels = saved.panels;
    updateUrl(true);
    await loadList();
    showControls();
    drawPanels();
    status(`saved “${saved.name}”`);
  } catch (e) {
    status(`not saved: ${e.message}`, true);
  }
}

async function remove() {
  if (!state.id || !window.confirm(`Delete dashboard “${state.name}”?`)) {
    return;
  }
  try {
    await request('DELETE', `/v1/dashboards/${encodeURIComponent(state.id)}`);
    history.pushState(null, '', '/dashboards');
    await open(null);
    await loadList();
    status('dashboard deleted');
  } catch (e) {
    status(`not deleted: ${e.message}`, true);
  }
}

// ---- the panel editor

const form = () => $('panel-editor');

function splitList(text) {
  // Commas inside (), [] and {} belong to a filter (in-lists, regexes), as in the query API.
  const parts = [];
  let depth = 0;
  let current = '';
  for (const c of text) {
    if ('([{'.includes(c)) depth++;
    if (')]}'.includes(c) && depth > 0) depth--;
    if (c === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter(Boolean);
}

function editPanel(index) {
  const panel = state.panels[index];
  const fields = form().elements;
  fields.title.value = panel.title || '';
  fields.metric.value = panel.metric;
  fields.tags.value = (panel.tags || []).join(', ');
  fields.group_by.value = (panel.group_by || []).join(', ');
  fields.agg.value = panel.agg || 'avg';
  fields.step.value = panel.step || '';
  state.editing = index;
  $('editor-title').textContent = `Edit panel “${panel.title || panel.metric}”`;
  $('editor-submit').textContent = 'Update panel';
  $('editor-cancel').hidden = false;
  loadTagHints(panel.metric);
  form().scrollIntoView({ behavior: 'smooth' });
}

function resetEditor() {
  form().reset();
  state.editing = null;
  $('editor-title').textContent = 'Add a panel';
  $('editor-submit').textContent = 'Add panel';
  $('editor-cancel').hidden = true;
  $('tag-hints').textContent = '';
}

function panelFromForm() {
  const fields = form().elements;
  const panel = {
    title: fields.title.value.trim() || fields.metric.value.trim(),
    metric: fields.metric.value.trim(),
    tags: splitList(fields.tags.value),
    group_by: splitList(fields.group_by.value),
    agg: fields.agg.value,
  };
  if (fields.step.value.trim()) {
    panel.step = fields.step.value.trim();
  }
  return panel;
}

let suggestTimer = null;

function suggestMetrics(text) {
  clearTimeout(suggestTimer);
  suggestTimer = setTimeout(async () => {
    try {
      const body = await get(`/v1/metrics?match=${encodeURIComponent(text.trim())}`);
      $('metric-options').replaceChildren(...body.metrics.slice(0, 50).map((m) => {
        const option = document.createElement('option');
        option.value = m.name;
        option.label = [m.type, m.unit].filter(Boolean).join(', ');
        return option;
      }));
    } catch (e) {
      // A half-typed name the API refuses: no suggestions, no error.
    }
  }, 200);
}

async function loadTagHints(metric) {
  const hints = $('tag-hints');
  if (!metric) {
    hints.textContent = '';
    return;
  }
  try {
    const body = await get(`/v1/metrics/${encodeURIComponent(metric)}/tags`);
    const keys = Object.keys(body.tags);
    $('tag-key-options').replaceChildren(...keys.map((key) => Object.assign(document.createElement('option'), { value: key })));
    hints.textContent = keys.length
      ? `tags seen in the last ${body.lookback}: ` + keys.map((key) => `${key} (${body.tags[key].slice(0, 5).map((v) => v.value).join(', ')})`).join('; ')
      : `no tags seen in the last ${body.lookback}`;
  } catch (e) {
    hints.textContent = '';
  }
}

// ---- wiring

function wire() {
  $('token').value = token();
  $('token').addEventListener('change', (e) => {
    setToken(e.target.value.trim());
    loadList();
    refreshPanels();
  });
  $('dashboard-list').addEventListener('change', (e) => {
    const id = e.target.value;
    history.pushState(null, '', id ? `/dashboards/${encodeURIComponent(id)}` : '/dashboards');
    open(id || null);
  });
  $('dashboard-name').addEventListener('input', (e) => {
    state.name = e.target.value;
  });
  $('save').addEventListener('click', () => save(false));
  $('save-as').addEventListener('click', () => save(true));
  $('delete').addEventListener('click', remove);
  $('reload').addEventListener('click', refreshPanels);
  $('range').addEventListener('change', (e) => {
    const preset = e.target.value;
    $('custom-range').hidden = preset !== 'custom';
    if (preset !== 'custom') {
      state.range = { from: PRESETS[preset], to: 'now' };
      updateUrl();
      refreshPanels();
    }
  });
  const customChanged = () => {
    const from = localInputToIso($('custom-start').value);
    const to = localInputToIso($('custom-end').value);
    if (from && to) {
      state.range = { from, to };
      updateUrl();
      refreshPanels();
    }
  };
  $('custom-start').addEventListener('change', customChanged);
  $('custom-end').addEventListener('change', customChanged);
  $('refresh').addEventListener('change', (e) => {
    state.refresh = e.target.value;
    updateUrl();
    scheduleRefresh();
  });
  form().elements.metric.addEventListener('input', (e) => suggestMetrics(e.target.value));
  form().elements.metric.addEventListener('change', (e) => loadTagHints(e.target.value.trim()));
  form().addEventListener('submit', (e) => {
    e.preventDefault();
    const panel = panelFromForm();
    if (state.editing === null) {
      state.panels.push(panel);
    } else {
      state.panels[state.editing] = panel;
    }
    resetEditor();
    drawPanels();
    status('panel changed (not saved yet)');
  });
  $('editor-cancel').addEventListener('click', resetEditor);
  window.addEventListener('popstate', () => open(idFromPath()));
  window.addEventListener('resize', resizeAll);
}

wire();
suggestMetrics('');
loadList();
open(idFromPath());
