// The "firing alerts" box: GET /v1/alert-events?status=firing. A 404 means the alerting feature is
// not part of this service (yet): the box says so instead of showing an error.

import { ApiError, get } from './api.js';

export async function renderAlerts(box) {
  let body;
  try {
    body = await get('/v1/alert-events?status=firing');
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      box.dataset.state = 'disabled';
      box.textContent = 'alerting not enabled';
    } else {
      box.dataset.state = 'error';
      box.textContent = `could not load alerts: ${e.message}`;
    }
    return;
  }
  const events = (body && body.events) || [];
  box.dataset.state = events.length ? 'firing' : 'none';
  box.dataset.count = String(events.length);
  if (!events.length) {
    box.textContent = 'no alert is firing';
    return;
  }
  const list = document.createElement('ul');
  for (const event of events) {
    const item = document.createElement('li');
    item.dataset.eventId = event.id;
    const title = document.createElement('strong');
    title.textContent = event.rule_name || event.rule_id;
    item.append(title);
    if (event.severity) {
      item.append(` [${event.severity}]`);
    }
    item.append(document.createElement('br'), `since ${new Date(event.fired_at).toLocaleString()}`);
    const labels = Object.entries(event.labels || {}).map(([k, v]) => `${k}=${v}`).join(', ');
    if (labels) {
      const span = document.createElement('div');
      span.className = 'labels';
      span.textContent = labels;
      item.append(span);
    }
    list.append(item);
  }
  box.replaceChildren(list);
}
