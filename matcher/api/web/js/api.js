// Talking to the HTTP API: one fetch wrapper, errors as readable messages, the API key.

import { lang, t } from "./i18n.js";

const BASE = "/api/v1";
const KEY_STORAGE = "matcher.key";
const USER_STORAGE = "matcher.user";

/** An API failure with a message in the user's language. */
export class ApiError extends Error {
  constructor(status, message, body = null) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

export function apiKey() {
  return sessionStorage.getItem(KEY_STORAGE) || "";
}

/** The signed-in user ({name, role, town_id}) or null. */
export function currentUser() {
  const raw = sessionStorage.getItem(USER_STORAGE);
  return raw ? JSON.parse(raw) : null;
}

/** Check the key with GET /me and keep it for this tab. */
export async function signIn(key) {
  const me = await request("/me", { key });
  sessionStorage.setItem(KEY_STORAGE, key);
  sessionStorage.setItem(USER_STORAGE, JSON.stringify(me));
  return me;
}

export function signOut() {
  sessionStorage.removeItem(KEY_STORAGE);
  sessionStorage.removeItem(USER_STORAGE);
}

/** Build "?a=1&b=x&b=y" from an object; arrays repeat the key, empty values are skipped. */
export function queryString(params = {}) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === null || v === undefined || v === "") continue;
    for (const one of Array.isArray(v) ? v : [v]) qs.append(k, String(one));
  }
  const s = qs.toString();
  return s ? `?${s}` : "";
}

async function send(path, { method = "GET", params, body, key } = {}) {
  const headers = { Accept: "application/json", "Accept-Language": lang() };
  const useKey = key ?? apiKey();
  if (useKey) headers["X-API-Key"] = useKey;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let res;
  try {
    res = await fetch(BASE + path + queryString(params), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, t("page.common.network"));
  }
  if (!res.ok) throw await toError(res);
  return res;
}

/** Call the API and return its JSON; throws ApiError with a message in the chosen language. */
export async function request(path, options = {}) {
  const res = await send(path, options);
  if (res.status === 204) return null;
  return res.json();
}

async function toError(res) {
  let body = null;
  try {
    body = await res.json();
  } catch {
    // not JSON (e.g. a proxy page): fall back to the status text
  }
  // `detail` is in the language the request asked for (Accept-Language); `detail_pl` is the
  // deprecated Polish alias of servers that do not negotiate yet
  let message = body && ((lang() === "pl" && body.detail_pl) || body.detail);
  if (typeof message !== "string" || !message) {
    message = `${t("page.common.error")} ${res.status}${res.statusText ? `: ${res.statusText}` : ""}`;
  }
  if (res.status === 401) signOut();
  return new ApiError(res.status, message, body);
}

/** Fetch a file with the key and hand it to the browser as a download (GET, or POST with a
 * JSON body). */
export async function download(path, params, fallbackName, { method = "GET", body } = {}) {
  const res = await send(path, { method, params, body });
  const blob = await res.blob();
  const disposition = res.headers.get("Content-Disposition") || "";
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  const name = match ? decodeURIComponent(match[1]) : fallbackName;
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

// Small cache for lists that do not change while the page is open, one per language (their
// names come in the language of the request).
const cache = new Map();

export function cached(path) {
  const key = `${lang()} ${path}`;
  if (!cache.has(key)) {
    const p = request(path).catch((err) => {
      cache.delete(key);
      throw err;
    });
    cache.set(key, p);
  }
  return cache.get(key);
}
