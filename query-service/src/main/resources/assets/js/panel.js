// One panel: runs its query (GET /v1/query) over the dashboard's range and draws it with uPlot.
// What was drawn is also exposed for tests and tooling: the panel element's data-* attributes
// (state, series labels, points per series, tiers) and the uPlot instance in window.dashboardCharts.

import uPlot from '/vendor/uplot/uPlot.esm.js';
import { get } from './api.js';

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];
const HEIGHT = 240;

window.dashboardCharts = window.dashboardCharts || [];

/** The query string of a panel over a range. */
export function queryPath(panel, range) {
  const params = new URLSearchParams({ metric: panel.metric, start: range.from, end: range.to });
  if (panel.agg) {
    params.set('agg', panel.agg);
  }
  for (const filter of panel.tags || []) {
    params.append('tags', filter);
  }
  if (panel.group_by && panel.group_by.length) {
    params.set('group_by', panel.group_by.join(','));
  }
  if (panel.step) {
    params.set('step', panel.step);
  }
  return `/v1/query?${params}`;
}

/** "host=web-01, region=us-east-1"; the metric when the series has no tags (a total). */
export function seriesLabel(tags, metric) {
  const entries = Object.entries(tags || {});
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(', ') : metric;
}

/** uPlot's columnar data: shared x (seconds) from the union of timestamps, null where a series has no point. */
export function toColumns(series) {
  const xs = [...new Set(series.flatMap((s) => s.points.map((p) => p[0])))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const columns = [xs.map((ms) => ms / 1000)];
  for (const s of series) {
    const ys = new Array(xs.length).fill(null);
    for (const [ms, value] of s.points) {
      ys[index.get(ms)] = value;
    }
    columns.push(ys);
  }
  return columns;
}

function tiersText(tiers) {
  return 'served by ' + tiers.map((t) => `${t.tier} (${new Date(t.start).toLocaleString()} – `
      + `${new Date(t.end).toLocaleString()}, step ${t.resolution})`).join(' · ');
}

function header(panel, index, actions) {
  const title = document.createElement('h3');
  const text = document.createElement('span');
  text.className = 'title';
  text.textContent = panel.title || panel.metric;
  const buttons = document.createElement('span');
  for (const [label, action] of Object.entries(actions)) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = label;
    button.addEventListener('click', () => action(index));
    buttons.append(button);
  }
  title.append(text, buttons);
  return title;
}

/** A panel element (not yet loaded); render() fills it. */
export function createPanel(panel, index, actions) {
  const element = document.createElement('section');
  element.className = 'panel';
  element.dataset.panelIndex = String(index);
  element.dataset.state = 'loading';
  const query = document.createElement('p');
  query.className = 'query';
  query.textContent = [panel.agg || 'avg', panel.metric, ...(panel.tags || []),
    panel.group_by && panel.group_by.length ? `by ${panel.group_by.join(', ')}` : ''].filter(Boolean).join(' ');
  const tiers = document.createElement('p');
  tiers.className = 'tiers';
  const message = document.createElement('p');
  message.className = 'message';
  message.textContent = 'loading…';
  const chart = document.createElement('div');
  chart.className = 'chart';
  element.append(header(panel, index, actions), query, tiers, message, chart);
  return element;
}

/** Runs the panel's query and draws it; never throws (the panel shows the error). */
export async function render(element, panel, index, range) {
  const message = element.querySelector('.message');
  const chartBox = element.querySelector('.chart');
  const tiers = element.querySelector('.tiers');
  // A refresh can start before the previous one answered: only the latest may draw.
  const generation = (Number(element.dataset.generation) || 0) + 1;
  element.dataset.generation = String(generation);
  const stale = () => Number(element.dataset.generation) !== generation;
  let body;
  try {
    body = await get(queryPath(panel, range));
  } catch (e) {
    if (stale()) {
      return;
    }
    destroy(index);
    chartBox.replaceChildren();
    element.dataset.state = 'error';
    message.hidden = false;
    message.textContent = e.message;
    return;
  }
  if (stale()) {
    return;
  }
  element.dataset.tiers = body.tiers.map((t) => t.tier).join(',');
  element.dataset.resolution = body.resolution;
  tiers.textContent = body.tiers.length ? tiersText(body.tiers) : '';
  const labels = body.series.map((s) => seriesLabel(s.tags, body.metric));
  element.dataset.seriesCount = String(body.series.length);
  element.dataset.seriesLabels = JSON.stringify(labels);
  element.dataset.pointCounts = JSON.stringify(body.series.map((s) => s.points.length));
  destroy(index);
  chartBox.replaceChildren();
  if (!body.series.length) {
    message.hidden = false;
    message.textContent = 'no data in this range';
    element.dataset.state = 'empty';
    return;
  }
  message.hidden = true;
  const options = {
    width: Math.max(chartBox.clientWidth, 300),
    height: HEIGHT,
    scales: { x: { time: true } },
    series: [{}, ...labels.map((label, i) => ({
      label,
      stroke: COLORS[i % COLORS.length],
      width: 1.5,
      spanGaps: false,
      points: { show: true, size: 4 },
    }))],
  };
  window.dashboardCharts[index] = new uPlot(options, toColumns(body.series), chartBox);
  element.dataset.state = 'rendered';
}

export function destroy(index) {
  const chart = window.dashboardCharts[index];
  if (chart) {
    chart.destroy();
    window.dashboardCharts[index] = undefined;
  }
}

/** Charts follow their box's width. */
export function resizeAll() {
  for (const chart of window.dashboardCharts) {
    if (chart && chart.root && chart.root.parentElement) {
      chart.setSize({ width: Math.max(chart.root.parentElement.clientWidth, 300), height: HEIGHT });
    }
  }
}
