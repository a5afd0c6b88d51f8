// Calls of the query-service API from the page, with the bearer token the user entered (kept in
// localStorage) when auth is on. Errors come back as ApiError with the service's JSON message.

const TOKEN_KEY = 'metrics-lakehouse.token';

export class ApiError extends Error {
  constructor(status, body) {
    const where = body && body.parameter ? ` (${body.parameter})` : '';
    super((body && body.message ? body.message : `HTTP ${status}`) + where);
    this.status = status;
    this.body = body;
  }
}

export function token() {
  return localStorage.getItem(TOKEN_KEY) || '';
}

export function setToken(value) {
  if (value) {
    localStorage.setItem(TOKEN_KEY, value);
  } else {
    localStorage.removeItem(TOKEN_KEY);
  }
}

export async function request(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (token()) {
    headers.Authorization = `Bearer ${token()}`;
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status === 204) {
    return null;
  }
  let json = null;
  try {
    json = await response.json();
  } catch (e) {
    json = null;
  }
  if (!response.ok) {
    if (response.status === 401) {
      throw new ApiError(401, { message: 'a bearer token is required: enter it under "API token"' });
    }
    throw new ApiError(response.status, json);
  }
  return json;
}

export const get = (path) => request('GET', path);
