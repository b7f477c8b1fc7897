// The page's language: its catalogue comes from the server (GET /api/v1/i18n/{lang}, the
// same gettext catalogues as the API and the CLI); plurals and numbers use the browser's
// Intl (CLDR rules, like Babel on the server). No translation lives in this file.

const BASE = "/api/v1/i18n";
const STORAGE_KEY = "matcher.lang";
const listeners = new Set();

let bundle = { lang: "en", languages: [], messages: {}, countries: {}, universe: [] };
let plurals = new Intl.PluralRules("en");
let ordinals = new Intl.PluralRules("en", { type: "ordinal" });

/** Codes of the countries the data covers -> CLDR name in the current language (filled in
 * place on every language change, so importers keep one live object). */
export const COUNTRIES = {};

/** Mark a key for extraction where the call builds it later (a table of keys). */
export function N_(key) {
  return key;
}

const ROLES = {
  editor: N_("role.editor"),
  curator: N_("role.curator"),
  admin: N_("role.admin"),
};
const STATUSES = {
  suggested: N_("page.status.suggested"),
  proposed: N_("page.status.proposed"),
  contacted: N_("page.status.contacted"),
  accepted: N_("page.status.accepted"),
  declined: N_("page.status.declined"),
};
const MEMBER_ROLES = {
  lead: N_("page.consortium.role.lead"),
  member: N_("page.consortium.role.member"),
  partner: N_("page.consortium.role.partner"),
};

function savedLang() {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage may be disabled: the server negotiates from Accept-Language
  }
}

async function fetchBundle(code) {
  const url = code ? `${BASE}/${encodeURIComponent(code)}` : BASE;
  const res = await fetch(url, { headers: { Accept: "application/json" } });
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return res.json();
}

function install(next) {
  bundle = next;
  plurals = new Intl.PluralRules(next.lang);
  ordinals = new Intl.PluralRules(next.lang, { type: "ordinal" });
  for (const code of Object.keys(COUNTRIES)) delete COUNTRIES[code];
  for (const code of next.universe) COUNTRIES[code] = next.countries[code] || code;
  document.documentElement.lang = next.lang;
}

/** Load the catalogue of the remembered language, or the one the server negotiates from
 * the browser's Accept-Language. The page renders only after this resolved. */
export async function loadCatalogue() {
  const saved = savedLang();
  try {
    install(await fetchBundle(saved));
  } catch (err) {
    if (!saved) throw err;
    install(await fetchBundle(null)); // a stale remembered code: negotiate instead
  }
}

/** The current language code ('en', 'pl', 'de', ...). */
export function lang() {
  return bundle.lang;
}

/** The languages the page can switch to: [{code, name}] with each language's own name. */
export function languages() {
  return bundle.languages;
}

/** Switch language: load its catalogue, remember it, tell the listeners. */
export async function setLang(code) {
  if (code === bundle.lang) return;
  install(await fetchBundle(code));
  try {
    localStorage.setItem(STORAGE_KEY, bundle.lang);
  } catch {
    // not remembered; still switched
  }
  for (const fn of listeners) fn(bundle.lang);
}

export function onLangChange(fn) {
  listeners.add(fn);
}

function number(value, spec) {
  if (spec === "percent") return new Intl.NumberFormat(bundle.lang, { style: "percent" }).format(value);
  if (spec === "ordinal") return ordinal(value);
  if (/^0(\.0+)?$/.test(spec)) {
    const digits = spec.length > 1 ? spec.length - 2 : 0;
    return new Intl.NumberFormat(bundle.lang, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
  }
  return new Intl.NumberFormat(bundle.lang, { maximumFractionDigits: 3 }).format(value);
}

function fill(template, vars) {
  return template.replace(/\{(\w+)(?::([^}]*))?\}/g, (whole, name, spec = "") => {
    if (!(name in vars)) return whole;
    const value = vars[name];
    return typeof value === "number" ? number(value, spec) : String(value);
  });
}

function template(key, form) {
  const entry = bundle.messages[key];
  if (entry === undefined) {
    console.warn(`i18n: no message ${key} in ${bundle.lang}`);
    return key; // visible, and caught by the browser tests
  }
  if (typeof entry === "string") return entry;
  return entry[form] ?? entry.other ?? Object.values(entry)[0];
}

/** The message `key` in the current language; `{name}` placeholders from `vars` (numbers
 * are formatted for the language: pass years and ids as strings). */
export function t(key, vars = {}) {
  return fill(template(key, "other"), vars);
}

/** The plural message `key` for `count` (CLDR category by Intl.PluralRules): `{count}`. */
export function tn(key, count, vars = {}) {
  return fill(template(key, plurals.select(count)), { ...vars, count });
}

/** 3 -> "3rd" / "3." (the ordinal templates of the catalogue). */
export function ordinal(n) {
  return fill(template(`ordinal.${ordinals.select(n)}`, "other"), { n: String(n) });
}

/** Whether the catalogue has `key` (for optional labels). */
export function has(key) {
  return key in bundle.messages;
}

/** The API's sentence in the current language: `obj[base]` (rendered by the server in the
 * negotiated language), else the deprecated per-language fields. */
export function pick(obj, base) {
  return obj[base] ?? obj[`${base}_${bundle.lang}`] ?? obj[`${base}_en`] ?? "";
}

/** Country name in the current language (CLDR, from the server); the code when unknown. */
export function countryName(code) {
  return bundle.countries[code] || code;
}

function label(table, code) {
  const key = table[code];
  return key && has(key) ? t(key) : code;
}

/** Factor label (reason.factor.<factor> of the catalogue); the factor key when unknown. */
export function factorName(factor) {
  const key = `reason.factor.${factor}`;
  return has(key) ? t(key) : factor.replaceAll("_", " ");
}

/** Status label of a shortlist item in the current language. */
export function statusName(status) {
  return label(STATUSES, status);
}

/** A user's role in words ("curator" -> "kurator"). */
export function roleName(role) {
  return label(ROLES, role);
}

/** A consortium member's role in words. */
export function memberRoleName(role) {
  return label(MEMBER_ROLES, role);
}

/** Integer with the locale's digit grouping. */
export function fmtInt(n) {
  return n === null || n === undefined ? t("page.common.unknown") : Math.round(n).toLocaleString(bundle.lang);
}

/** Number with fixed decimals, signed when asked. */
export function fmtNum(n, digits = 2, signed = false) {
  const s = Number(n).toLocaleString(bundle.lang, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return signed && n > 0 ? `+${s}` : s.replace("-", "−");
}

export function fmtDate(iso) {
  if (!iso) return "";
  return new Date(iso).toLocaleString(bundle.lang, { dateStyle: "medium", timeStyle: "short" });
}
