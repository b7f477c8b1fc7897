// "Find partners": a town, filters and a wish in, ranked suggestions with reasons and a map out.

import { h, replace, uid } from "../dom.js";
import { request, cached, download, apiKey, queryString, ApiError } from "../api.js";
import { t, tn, lang, pick, countryName, COUNTRIES, fmtNum, fmtInt } from "../i18n.js";
import { townPicker, townLink, townMeta, reasonBars, barScale, notice, loading, field } from "../components.js";
import { drawMap } from "../map.js";

// Kept across re-renders (language switch, coming back from a town page).
const state = {
  town: null,
  countries: [],
  themes: [],
  minPop: "",
  maxPop: "",
  maxDist: "",
  q: "",
  sameCountry: false,
  limit: "10",
  result: null,
  error: "",
  ms: 0,
  shortlisted: new Set(),
  may: null, // what the signed-in user may do for the source town (GET /permissions)
  interested: new Map(), // "source/candidate" -> thread id
};

/** The search as a query string, for the share link (#/find/<town or ->/<query>). */
function shareQuery() {
  const qs = new URLSearchParams();
  if (state.q) qs.set("q", state.q);
  for (const c of state.countries) qs.append("country", c);
  for (const th of state.themes) qs.append("theme", th);
  if (state.minPop) qs.set("min", state.minPop);
  if (state.maxPop) qs.set("max", state.maxPop);
  if (state.maxDist) qs.set("km", state.maxDist);
  if (state.sameCountry) qs.set("same", "1");
  if (state.limit !== "10") qs.set("limit", state.limit);
  return qs.toString();
}

function shareHash() {
  const town = state.town ? encodeURIComponent(state.town.id) : "-";
  const qs = shareQuery();
  return qs ? `#/find/${town}/${encodeURIComponent(qs)}` : state.town ? `#/find/${town}` : "#/find";
}

/** Restore a shared search (the second part of the hash). */
function restore(raw) {
  const qs = new URLSearchParams(raw || "");
  state.q = qs.get("q") || "";
  state.countries = qs.getAll("country");
  state.themes = qs.getAll("theme");
  state.minPop = qs.get("min") || "";
  state.maxPop = qs.get("max") || "";
  state.maxDist = qs.get("km") || "";
  state.sameCountry = qs.get("same") === "1";
  state.limit = qs.get("limit") || "10";
}

let picker = null;
let themeNames = {};

export async function render(main, [townId, shared]) {
  const results = h("section", { class: "results", "aria-live": "polite", "aria-busy": "false" });
  let pending = null;
  if (townId === "-") townId = "";
  if (shared !== undefined && shared !== shareQuery()) {
    restore(shared); // a shared link: its town, wish and filters
    state.town = townId ? { id: townId } : null;
    state.result = null;
    state.error = "";
    pending = search(results);
  } else if (townId && (!state.town || state.town.id !== townId)) {
    // Search at once (the answer names the town); build the form meanwhile.
    state.town = { id: townId };
    state.result = null;
    state.error = "";
    pending = search(results);
  } else if (state.result && state.resultLang !== lang()) {
    pending = search(results); // the server writes the reasons in the reader's language
  }
  const form = await buildForm(results);
  replace(
    main,
    h("h1", {}, t("page.find.title")),
    h("p", { class: "intro" }, t("page.find.intro")),
    form,
    results,
  );
  if (!pending && (state.result || state.error)) showResults(results);
  await pending;
}

async function buildForm(results) {
  picker = townPicker({ label: t("page.town.label"), value: state.town && state.town.name ? state.town : null, onPick: (town) => (state.town = town) });
  const wish = h("textarea", { name: "q", rows: 2, placeholder: t("page.find.wishPlaceholder") });
  wish.value = state.q;
  // Enter sends the wish, Shift+Enter starts a new line
  wish.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      wish.form.requestSubmit();
    }
  });
  const minPop = h("input", { type: "number", name: "min_population", min: 0, step: 1000, inputmode: "numeric", value: state.minPop });
  const maxPop = h("input", { type: "number", name: "max_population", min: 0, step: 1000, inputmode: "numeric", value: state.maxPop });
  const maxDist = h("input", { type: "number", name: "max_distance_km", min: 1, step: 50, inputmode: "numeric", value: state.maxDist });
  const same = h("input", { type: "checkbox", name: "include_same_country", id: uid("same"), checked: state.sameCountry });
  const limit = h("select", { name: "limit" }, ["5", "10", "20", "50"].map((n) => h("option", { value: n, selected: n === state.limit }, n)));

  const countryBoxes = Object.keys(COUNTRIES)
    .sort((a, b) => countryName(a).localeCompare(countryName(b), lang()))
    .map((code) => checkbox("country", code, countryName(code), state.countries.includes(code)));
  let themes = [];
  try {
    themes = await cached("/themes");
  } catch {
    themes = [];
  }
  const themeBoxes = themes.map((th) => checkbox("theme", th.code, pick(th, "name"), state.themes.includes(th.code)));
  themeNames = Object.fromEntries(themes.map((th) => [th.code, pick(th, "name")]));

  const form = h(
    "form",
    { class: "card find-form", novalidate: true },
    picker.el,
    field(t("page.find.wish"), wish),
    h(
      "details",
      { class: "filters", open: hasFilters() },
      h("summary", {}, t("page.find.filters")),
      h(
        "div",
        { class: "filter-grid" },
        h("fieldset", { class: "checks countries" }, h("legend", {}, t("page.find.countries")), h("div", { class: "check-list" }, countryBoxes)),
        themes.length ? h("fieldset", { class: "checks themes" }, h("legend", {}, t("page.find.themes")), h("div", { class: "check-list" }, themeBoxes)) : null,
        h(
          "div",
          { class: "numbers" },
          field(t("page.find.minPop"), minPop),
          field(t("page.find.maxPop"), maxPop),
          field(t("page.find.maxDist"), maxDist),
          field(t("page.find.limit"), limit),
          h("div", { class: "field inline" }, same, h("label", { for: same.id }, t("page.find.sameCountry"))),
        ),
      ),
    ),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, t("page.find.submit"))),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    state.town = picker.value;
    state.q = wish.value.trim();
    state.countries = checked(form, "country");
    state.themes = checked(form, "theme");
    state.minPop = minPop.value;
    state.maxPop = maxPop.value;
    state.maxDist = maxDist.value;
    state.sameCountry = same.checked;
    state.limit = limit.value;
    if (!state.town && picker.input.value.trim() && !state.q) {
      state.result = null;
      state.error = t("page.town.pickFirst");
      showResults(results);
      picker.input.focus();
      return;
    }
    if (!state.town && !state.q) {
      state.result = null;
      state.error = t("page.find.needInput");
      showResults(results);
      picker.input.focus();
      return;
    }
    search(results);
  });
  return form;
}

function hasFilters() {
  return Boolean(state.countries.length || state.themes.length || state.minPop || state.maxPop || state.maxDist || state.sameCountry);
}

function checkbox(name, value, label, isChecked) {
  const id = uid(name);
  return h("div", { class: "check" }, h("input", { type: "checkbox", id, name, value, checked: isChecked }), h("label", { for: id }, label));
}

function checked(form, name) {
  return [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((el) => el.value);
}

let searches = 0; // the latest search wins: an earlier, slower answer is dropped

async function search(results) {
  const seq = ++searches;
  const asked = lang(); // the language the server writes this answer in
  replace(results, loading());
  results.setAttribute("aria-busy", "true");
  const params = {
    country: state.countries,
    theme: state.themes,
    min_population: state.minPop,
    max_population: state.maxPop,
    max_distance_km: state.maxDist,
    q: state.q,
    limit: state.limit,
  };
  const started = performance.now();
  try {
    let result;
    if (state.town) {
      params.include_same_country = state.sameCountry ? "true" : "";
      result = await request(`/towns/${encodeURIComponent(state.town.id)}/suggestions`, { params });
    } else {
      result = await request("/search", { params });
    }
    if (seq !== searches) return; // a newer search (another language, town or wish) runs
    state.result = result;
    state.error = "";
    state.resultLang = asked;
    if (state.result.town) {
      state.town = state.result.town;
      if (picker && !picker.value) picker.value = state.town;
    }
    state.may = state.town && apiKey() ? await request(`/towns/${encodeURIComponent(state.town.id)}/permissions`) : null;
    const target = shareHash();
    if (location.hash !== target) history.replaceState(null, "", target);
  } catch (err) {
    if (seq !== searches) return;
    state.result = null;
    state.error = err instanceof ApiError ? err.message : String(err);
  }
  if (seq !== searches) return;
  state.ms = Math.round(performance.now() - started);
  results.setAttribute("aria-busy", "false");
  showResults(results);
}

function showResults(results) {
  if (state.error) {
    replace(results, notice("error", state.error));
    return;
  }
  const res = state.result;
  if (!res) return;
  const source = res.town;
  const title = source ? t("page.find.results", { town: source.name }) : t("page.find.resultsText");
  if (!res.suggestions.length) {
    replace(results, h("h2", {}, title), notice("info", t("page.find.empty")));
    return;
  }
  const scale = barScale(res.suggestions);
  const list = h("ol", { class: "suggestions" }, res.suggestions.map((s) => h("li", {}, card(s, source, scale))));
  replace(
    results,
    memoHead(source, title),
    h("div", { class: "results-head" }, h("h2", { id: "results-title" }, title), h("p", { class: "muted no-print" }, tn("page.find.took", res.suggestions.length, { ms: state.ms }))),
    memoTools(),
    h("p", { class: "help" }, t("page.find.scoreHelp")),
    h(
      "div",
      { class: "split" },
      h("div", { class: "split-main" }, list),
      h("aside", { class: "split-side" }, drawMap({ source, suggestions: res.suggestions, label: t("page.map.label", { town: source ? source.name : "" }) })),
    ),
  );
}

function card(s, source, scale) {
  const actions = [];
  if (source) {
    const wish = shareQuery();
    const suffix = wish ? "/" + encodeURIComponent(wish) : "";
    actions.push(h("a", { href: `#/compare/${encodeURIComponent(source.id)}/${encodeURIComponent(s.id)}${suffix}`, class: "button" }, t("page.find.compare")));
    if (state.may?.curate) actions.push(shortlistButton(source, s));
    if (state.may?.express_interest) actions.push(interestButton(source, s));
  }
  return h(
    "article",
    { class: "suggestion card", dataset: { id: s.id }, "aria-labelledby": `s-${s.id}` },
    h(
      "header",
      {},
      h("span", { class: "rank", "aria-hidden": "true" }, s.rank),
      h("div", { class: "who" }, h("h3", { id: `s-${s.id}` }, townLink(s)), h("p", { class: "meta" }, townMeta(s))),
      h("div", { class: "score" }, h("span", { class: "score-label" }, t("page.common.score")), h("strong", {}, fmtNum(s.score, 2))),
    ),
    reasonBars(s.reasons, scale),
    actions.length ? h("div", { class: "actions no-print" }, actions) : null,
  );
}

/** The params of the current search, as the suggestion routes and the memo take them. */
function searchParams() {
  return {
    town_id: state.town ? state.town.id : "",
    country: state.countries,
    theme: state.themes,
    min_population: state.minPop,
    max_population: state.maxPop,
    max_distance_km: state.town ? state.maxDist : "",
    include_same_country: state.town && state.sameCountry ? "true" : "",
    q: state.q,
    limit: state.limit,
  };
}

/** What only the printed page shows: the memo's head (town, date, wish and filters). */
function memoHead(source, title) {
  const filters = [];
  if (state.q) filters.push([t("page.memo.wish"), state.q]);
  if (state.countries.length) filters.push([t("page.find.countries"), state.countries.map(countryName).join(", ")]);
  if (state.themes.length) filters.push([t("page.find.themes"), state.themes.map((c) => themeNames[c] || c).join(", ")]);
  if (state.minPop) filters.push([t("page.find.minPop"), fmtInt(Number(state.minPop))]);
  if (state.maxPop) filters.push([t("page.find.maxPop"), fmtInt(Number(state.maxPop))]);
  if (state.maxDist) filters.push([t("page.find.maxDist"), state.maxDist]);
  return h(
    "header",
    { class: "print-only memo-head" },
    h("p", { class: "memo-title" }, title),
    h("p", {}, new Date().toLocaleDateString(lang(), { dateStyle: "long" })),
    filters.length ? h("dl", {}, filters.map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)])) : null,
  );
}

/** Print, copy the list, export (XLSX, PDF) and share: the result list leaves the screen. */
function memoTools() {
  const msg = h("span", { class: "inline-msg", role: "status", id: "memo-msg" });
  const link = () => new URL(shareHash(), location.href).href;
  const copy = async () => {
    try {
      const res = await fetch(`/api/v1/memo${queryString({ ...searchParams(), format: "text", lang: lang(), link: link() })}`, { headers: apiKey() ? { "X-API-Key": apiKey() } : {} });
      if (!res.ok) throw new ApiError(res.status, (await res.json()).detail);
      await navigator.clipboard.writeText(await res.text());
      msg.textContent = t("page.memo.copied");
    } catch (err) {
      msg.textContent = err.message || String(err);
    }
  };
  const share = async () => {
    try {
      await navigator.clipboard.writeText(link());
      msg.textContent = t("page.memo.linkCopied");
    } catch {
      msg.textContent = link();
    }
  };
  const exportAs = async (format) => {
    try {
      const name = await download("/memo", { ...searchParams(), format, lang: lang(), link: link() }, `memo.${format}`);
      msg.textContent = t("page.memo.downloaded", { name });
    } catch (err) {
      msg.textContent = err.message;
    }
  };
  return h(
    "div",
    { class: "memo-tools actions no-print", role: "group", "aria-label": t("page.memo.tools") },
    h("button", { type: "button", id: "memo-print", onClick: () => window.print() }, t("page.memo.print")),
    h("button", { type: "button", id: "memo-copy", onClick: copy }, t("page.memo.copy")),
    h("button", { type: "button", id: "memo-xlsx", onClick: () => exportAs("xlsx") }, t("page.memo.xlsx")),
    h("button", { type: "button", id: "memo-pdf", onClick: () => exportAs("pdf") }, t("page.memo.pdf")),
    h("button", { type: "button", id: "memo-share", onClick: share }, t("page.memo.share")),
    msg,
  );
}

/** "Jesteśmy zainteresowani": open the pair's interest thread with a short message. */
function interestButton(source, s) {
  const key = `${source.id}/${s.id}`;
  const box = h("span", { class: "interest-action" });
  const msg = h("span", { class: "inline-msg", role: "status" });
  const opened = (id) => {
    state.interested.set(key, id);
    replace(box, h("a", { href: `#/inbox/${encodeURIComponent(source.id)}/${id}`, class: "button" }, t("page.interest.open")), msg);
  };
  const button = h("button", { type: "button", class: "interest" }, t("page.interest.button"));
  button.addEventListener("click", () => {
    const text = h("textarea", { name: "message", rows: 2, maxlength: 2000, placeholder: t("page.interest.placeholder", { town: s.name }) });
    const sendButton = h("button", { type: "button", class: "primary" }, t("page.interest.send"));
    sendButton.addEventListener("click", async () => {
      sendButton.disabled = true;
      try {
        const thread = await request(`/towns/${encodeURIComponent(source.id)}/interest`, { method: "POST", body: { to_town_id: s.id, message: text.value } });
        opened(thread.id);
        msg.textContent = t("page.interest.sent", { town: s.name });
      } catch (err) {
        sendButton.disabled = false;
        msg.textContent = err.message;
        msg.setAttribute("role", "alert");
      }
    });
    replace(box, field(t("page.interest.message"), text), sendButton, msg);
    text.focus();
  });
  if (state.interested.has(key)) opened(state.interested.get(key));
  else replace(box, button, msg);
  return box;
}

function shortlistButton(source, s) {
  const done = state.shortlisted.has(`${source.id}/${s.id}`);
  const msg = h("span", { class: "inline-msg", role: "status" });
  const button = h("button", { type: "button", disabled: done }, done ? t("page.find.shortlisted") : t("page.find.shortlist"));
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      await request(`/shortlists/${encodeURIComponent(source.id)}/items`, { method: "POST", body: { candidate_id: s.id, note: "" } });
      state.shortlisted.add(`${source.id}/${s.id}`);
      button.textContent = t("page.find.shortlisted");
      msg.textContent = t("page.shortlist.added", { town: s.name });
    } catch (err) {
      if (err.status === 409) {
        state.shortlisted.add(`${source.id}/${s.id}`);
        button.textContent = t("page.find.shortlisted");
      } else {
        button.disabled = false;
      }
      msg.textContent = err.message;
      msg.setAttribute("role", "alert");
    }
  });
  return h("span", { class: "shortlist-action" }, button, msg);
}
