// Coordinators: build a consortium for an EU call, shape it (pin, exclude, swap, countries),
// see each rule checked, and export it. Every rule, verdict and sentence comes from the API.

import { h, replace, uid } from "../dom.js";
import { request, cached, download } from "../api.js";
import { t, lang, pick, fmtNum, countryName, memberRoleName } from "../i18n.js";
import { townPicker, townLink, townMeta, reasonBars, barScale, notice, loading, field } from "../components.js";
import { drawMap } from "../map.js";

const state = {
  lead: null,
  call: "",
  size: "",
  theme: "",
  topic: "",
  countries: [],
  pinned: [], // [{id, name, country_code}]
  excluded: [], // town ids
  names: {}, // id -> name, for the excluded list
  result: null,
  error: "",
};

const VERDICTS = { pass: "✓", warning: "!", fail: "✗" };

export async function render(main) {
  let calls = [];
  let themes = [];
  const problems = [];
  try {
    calls = await cached("/calls");
  } catch (err) {
    problems.push(err.message);
  }
  try {
    themes = await cached("/themes");
  } catch {
    themes = [];
  }
  const picker = townPicker({ label: t("page.consortium.lead"), name: "lead", value: state.lead, onPick: (town) => (state.lead = town) });
  const call = h("select", { name: "call", id: uid("call") }, calls.map((c) => h("option", { value: c.id, selected: c.id === state.call }, pick(c, "name"))));
  const size = h("input", { type: "number", name: "size", step: 1, inputmode: "numeric" });
  const hint = h("small", { class: "muted" });
  const theme = h("select", { name: "theme" }, h("option", { value: "" }, t("page.consortium.anyTheme")), themes.map((th) => h("option", { value: th.code, selected: th.code === state.theme }, pick(th, "name"))));
  const topic = h("input", { type: "text", name: "topic", maxlength: 500 });
  topic.value = state.topic;
  const countries = h("select", { name: "countries", multiple: true, size: 6, id: uid("countries") });
  const pinPicker = townPicker({ label: t("page.consortium.pinTown"), name: "pin" });
  const pinButton = h("button", { type: "button" }, t("page.consortium.pin"));
  const pinnedBox = h("div", { class: "chips", id: "pinned" });
  const excludedBox = h("div", { class: "chips", id: "excluded" });

  function syncCall() {
    const c = calls.find((x) => x.id === call.value);
    if (!c) return;
    if (!state.size || !size.value) size.value = String(c.min_members ?? 4);
    // the page holds no rule: the hint and the country list are the call's own data
    hint.textContent = (c.notes || []).join(" ");
    const chosen = new Set(state.countries);
    replace(
      countries,
      [...c.eligible_countries]
        .sort((a, b) => countryName(a).localeCompare(countryName(b), lang()))
        .map((code) => h("option", { value: code, selected: chosen.has(code) }, countryName(code))),
    );
  }
  function syncChips() {
    replace(
      pinnedBox,
      state.pinned.length ? h("span", { class: "muted" }, `${t("page.consortium.pinned")}: `) : null,
      state.pinned.map((p) => chip(p.name, t("page.consortium.unpin", { town: p.name }), () => unpin(p.id))),
    );
    replace(
      excludedBox,
      state.excluded.length ? h("span", { class: "muted" }, `${t("page.consortium.excluded")}: `) : null,
      state.excluded.map((id) => chip(state.names[id] || id, t("page.consortium.include", { town: state.names[id] || id }), () => include(id))),
    );
  }
  size.value = state.size;
  call.addEventListener("change", () => {
    state.size = "";
    size.value = "";
    syncCall();
  });
  syncCall();
  syncChips();

  const results = h("section", { class: "results", "aria-live": "polite" });

  function readForm() {
    state.lead = picker.value;
    state.call = call.value;
    state.size = size.value;
    state.theme = theme.value;
    state.topic = topic.value.trim();
    state.countries = [...countries.selectedOptions].map((o) => o.value);
  }
  function body(extra = {}) {
    const b = { lead_town_id: state.lead.id, call: state.call, size: Number(state.size) || 0 };
    if (state.theme) b.theme = state.theme;
    if (state.topic) b.topic = state.topic;
    if (state.countries.length) b.countries = state.countries;
    if (state.pinned.length) b.pinned = state.pinned.map((p) => p.id);
    if (state.excluded.length) b.excluded = state.excluded;
    return { ...b, ...extra };
  }
  async function build(extra = {}) {
    readForm();
    if (!state.lead) {
      state.result = null;
      state.error = t("page.town.pickFirst");
      show();
      picker.input.focus();
      return;
    }
    replace(results, loading());
    try {
      state.result = await request("/consortia", { method: "POST", body: body(extra) });
      state.resultLang = lang();
      state.error = "";
      state.excluded = state.result.excluded;
      for (const m of state.result.members) state.names[m.town.id] = m.town.name;
    } catch (err) {
      state.result = null;
      state.error = err.message;
    }
    syncChips();
    show();
  }
  function partners() {
    return state.result ? state.result.members.filter((m) => m.role !== "lead").map((m) => m.town.id) : [];
  }
  function pin(town) {
    if (!state.pinned.some((p) => p.id === town.id)) state.pinned.push({ id: town.id, name: town.name, country_code: town.country_code });
    state.excluded = state.excluded.filter((id) => id !== town.id);
    return build();
  }
  function unpin(id) {
    state.pinned = state.pinned.filter((p) => p.id !== id);
    return build();
  }
  function exclude(town) {
    state.names[town.id] = town.name;
    state.pinned = state.pinned.filter((p) => p.id !== town.id);
    if (!state.excluded.includes(town.id)) state.excluded.push(town.id);
    return build();
  }
  function include(id) {
    state.excluded = state.excluded.filter((x) => x !== id);
    return build();
  }
  function swap(town) {
    state.names[town.id] = town.name;
    state.pinned = state.pinned.filter((p) => p.id !== town.id);
    return build({ members: partners(), swap: town.id });
  }
  async function exportAs(format, button, msg) {
    button.disabled = true;
    try {
      const name = await download("/consortia/export", { format }, `consortium.${format}`, { method: "POST", body: body({ members: partners() }) });
      replace(msg, notice("ok", t("page.consortium.downloaded", { file: name })));
    } catch (err) {
      replace(msg, notice("error", err.message));
    } finally {
      button.disabled = false;
    }
  }

  function show() {
    if (state.error) return replace(results, notice("error", state.error));
    const r = state.result;
    if (!r) return replace(results);
    const members = r.members.map((m, i) => ({ ...m, town: { ...m.town, rank: i + 1 } }));
    const scale = barScale(members.map((m) => ({ reasons: m.reasons || [] })));
    const msg = h("div", { class: "messages" });
    const exports = ["xlsx", "pdf"].map((format) => {
      const b = h("button", { type: "button", dataset: { format } }, format === "xlsx" ? t("page.consortium.exportXlsx") : t("page.consortium.exportPdf"));
      b.addEventListener("click", () => exportAs(format, b, msg));
      return b;
    });
    replace(
      results,
      notice(r.passed ? "ok" : "error", r.summary.text),
      h("div", { class: "actions", role: "group", "aria-label": t("page.consortium.export") }, exports),
      msg,
      h("section", { class: "card checks" }, h("h2", {}, t("page.consortium.checks")), h("ul", { class: "rule-checks" }, r.checks.map(check))),
      r.notes?.length ? h("ul", { class: "notes muted small" }, r.notes.map((n) => h("li", {}, n))) : null,
      h(
        "div",
        { class: "split" },
        h(
          "div",
          { class: "split-main" },
          h("h2", {}, t("page.consortium.members")),
          h("ol", { class: "suggestions members" }, members.map((m) => h("li", {}, member(m, scale, { pin, unpin, exclude, swap })))),
        ),
        h("aside", { class: "split-side" }, drawMap({ source: r.lead, suggestions: members.map((m) => m.town).filter((x) => x.id !== r.lead.id), label: t("page.consortium.members") })),
      ),
    );
  }

  pinButton.addEventListener("click", () => {
    const town = pinPicker.value;
    if (!town) return pinPicker.input.focus();
    pinPicker.value = null;
    return pin(town);
  });

  const form = h(
    "form",
    { class: "card consortium-form", novalidate: true },
    picker.el,
    field(t("page.consortium.call"), call),
    h("div", { class: "numbers" }, h("div", {}, field(t("page.consortium.size"), size), hint), field(t("page.consortium.theme"), theme)),
    field(t("page.consortium.topic"), topic),
    field(t("page.consortium.countries"), countries, t("page.consortium.countriesHint")),
    h("div", { class: "inline-form" }, pinPicker.el, pinButton),
    pinnedBox,
    excludedBox,
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, t("page.consortium.submit"))),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    build();
  });
  replace(main, h("h1", {}, t("page.consortium.title")), h("p", { class: "intro" }, t("page.consortium.intro")), problems.map((p) => notice("error", p)), form, results);
  if (state.result && state.resultLang !== lang()) build(); // sentences in the new language
  else if (state.result || state.error) show();
}

function chip(label, removeLabel, onRemove) {
  const remove = h("button", { type: "button", class: "link", "aria-label": removeLabel, title: removeLabel }, "×");
  remove.addEventListener("click", onRemove);
  return h("span", { class: "chip" }, label, " ", remove);
}

function check(c) {
  const verdict = { pass: t("page.consortium.pass"), warning: t("page.consortium.warning"), fail: t("page.consortium.fail") }[c.verdict];
  return h(
    "li",
    { class: `rule ${c.verdict}`, dataset: { rule: c.rule, verdict: c.verdict } },
    h("span", { class: "icon", "aria-hidden": "true" }, VERDICTS[c.verdict]),
    h("span", { class: "verdict" }, verdict),
    h("span", { class: "detail" }, c.text || c.rule),
  );
}

function member(m, scale, actions) {
  const town = m.town;
  const role = memberRoleName(m.role);
  const buttons = [];
  if (m.role !== "lead") {
    const pinToggle = h("button", { type: "button", class: "pin", "aria-pressed": String(m.pinned) }, m.pinned ? t("page.consortium.unpinShort") : t("page.consortium.pinShort"));
    pinToggle.addEventListener("click", () => (m.pinned ? actions.unpin(town.id) : actions.pin(town)));
    const swap = h("button", { type: "button", class: "swap" }, t("page.consortium.swap"));
    swap.addEventListener("click", () => actions.swap(town));
    const exclude = h("button", { type: "button", class: "exclude" }, t("page.consortium.exclude"));
    exclude.addEventListener("click", () => actions.exclude(town));
    buttons.push(pinToggle, swap, exclude);
  }
  return h(
    "article",
    { class: "suggestion card", dataset: { id: town.id, pinned: String(m.pinned), swappedIn: String(m.swapped_in) } },
    h(
      "header",
      {},
      h("span", { class: "rank", "aria-hidden": "true" }, town.rank),
      h(
        "div",
        { class: "who" },
        h("h3", {}, townLink(town)),
        h("p", { class: "meta" }, `${townMeta(town)} · `, h("span", { class: "tag" }, role), m.pinned ? h("span", { class: "tag pinned" }, t("page.consortium.pinnedTag")) : null, m.swapped_in ? h("span", { class: "tag new" }, t("page.consortium.newTag")) : null),
      ),
      m.score !== undefined && m.score !== null ? h("div", { class: "score" }, h("span", { class: "score-label" }, t("page.common.score")), h("strong", {}, fmtNum(m.score, 2))) : null,
    ),
    m.fit?.length ? h("ul", { class: "fit" }, m.fit.map((f) => h("li", { dataset: { kind: f.kind } }, f.text))) : null,
    m.reasons?.length ? reasonBars(m.reasons, scale) : null,
    buttons.length ? h("div", { class: "actions member-actions", role: "group", "aria-label": t("page.consortium.memberActions", { town: town.name }) }, buttons) : null,
  );
}
