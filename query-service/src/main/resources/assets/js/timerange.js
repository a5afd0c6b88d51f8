// Time ranges in the query API's syntax ("now-6h", ISO-8601), and the page's presets.

export const PRESETS = { '1h': 'now-1h', '6h': 'now-6h', '24h': 'now-24h', '7d': 'now-7d', '30d': 'now-30d', '1y': 'now-365d' };
export const REFRESH_MS = { off: 0, '10s': 10_000, '30s': 30_000, '1m': 60_000 };

/** The preset of a range, or "custom". */
export function presetOf(range) {
  if (range.to === 'now') {
    for (const [name, from] of Object.entries(PRESETS)) {
      if (from === range.from) {
        return name;
      }
    }
  }
  return 'custom';
}

/** A datetime-local input's value (local time) as ISO-8601 UTC, or null when empty. */
export function localInputToIso(value) {
  if (!value) {
    return null;
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** A range bound as a datetime-local value, for the custom inputs; '' when relative. */
export function isoToLocalInput(value) {
  if (!value || value.startsWith('now')) {
    return '';
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    return '';
  }
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 19);
}
