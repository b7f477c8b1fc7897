// Coordinators: build a consortium for an EU call and see each of the call's rules checked.

import { h, replace, uid } from "../dom.js";
import { request, cached } from "../api.js";
import { t, tn, lang, pick, fmtNum, memberRoleName } from "../i18n.js";
import { townPicker, townLink, townMeta, reasonBars, barScale, notice, loading, field } from "../components.js";
import { drawMap } from "../map.js";

const state = { lead: null, call: "", size: "", theme: "", topic: "", result: null, error: "" };

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
  const size = h("input", { type: "number", name: "size", min: 2, max: 12, step: 1, inputmode: "numeric" });
  const hint = h("small", { class: "muted" });
  const theme = h("select", { name: "theme" }, h("option", { value: "" }, t("page.consortium.anyTheme")), themes.map((th) => h("option", { value: th.code, selected: th.code === state.theme }, pick(th, "name"))));
  const topic = h("input", { type: "text", name: "topic", maxlength: 500 });
  topic.value = state.topic;

  function syncCall() {
    const c = calls.find((x) => x.id === call.value);
    if (!c) return;
    if (!state.size || !size.value) size.value = String(c.min_members ?? 4);
    size.max = String(c.max_members ?? 30);
    hint.textContent = [
      c.min_members ? tn("page.consortium.minMembers", c.min_members) : "",
      c.min_countries ? tn("page.consortium.minCountries", c.min_countries) : "",
      c.min_eu_countries ? tn("page.consortium.minEu", c.min_eu_countries) : "",
    ]
      .filter(Boolean)
      .join(", ");
  }
  size.value = state.size;
  call.addEventListener("change", () => {
    state.size = "";
    size.value = "";
    syncCall();
  });
  syncCall();

  const results = h("section", { class: "results", "aria-live": "polite" });
  const form = h(
    "form",
    { class: "card consortium-form", novalidate: true },
    picker.el,
    field(t("page.consortium.call"), call),
    h("div", { class: "numbers" }, h("div", {}, field(t("page.consortium.size"), size), hint), field(t("page.consortium.theme"), theme)),
    field(t("page.consortium.topic"), topic),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, t("page.consortium.submit"))),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    state.lead = picker.value;
    state.call = call.value;
    state.size = size.value;
    state.theme = theme.value;
    state.topic = topic.value.trim();
    if (!state.lead) {
      state.result = null;
      state.error = t("page.town.pickFirst");
      show(results);
      picker.input.focus();
      return;
    }
    replace(results, loading());
    const body = { lead_town_id: state.lead.id, call: state.call, size: Number(state.size) || undefined };
    if (state.theme) body.theme = state.theme;
    if (state.topic) body.topic = state.topic;
    try {
      state.result = await request("/consortia", { method: "POST", body });
      state.resultLang = lang();
      state.error = "";
    } catch (err) {
      state.result = null;
      state.error = err.message;
    }
    show(results);
  });
  replace(main, h("h1", {}, t("page.consortium.title")), h("p", { class: "intro" }, t("page.consortium.intro")), problems.map((p) => notice("error", p)), form, results);
  if (state.result && state.resultLang !== lang()) form.requestSubmit(); // reasons in the new language
  else if (state.result || state.error) show(results);
}

function show(results) {
  if (state.error) return replace(results, notice("error", state.error));
  const r = state.result;
  if (!r) return;
  const members = r.members.map((m, i) => ({ ...m, town: { ...m.town, rank: i + 1 } }));
  const scale = barScale(members.map((m) => ({ reasons: m.town.reasons || m.reasons || [] })));
  replace(
    results,
    notice(r.passed ? "ok" : "error", r.passed ? t("page.consortium.passed") : t("page.consortium.failed")),
    h("section", { class: "card checks" }, h("h2", {}, t("page.consortium.checks")), h("ul", { class: "rule-checks" }, r.checks.map(check))),
    pick(r, "explanation") ? h("p", { class: "explanation" }, pick(r, "explanation")) : null,
    pick(r, "notes")?.length ? h("ul", { class: "notes muted small" }, pick(r, "notes").map((n) => h("li", {}, n))) : null,
    h(
      "div",
      { class: "split" },
      h(
        "div",
        { class: "split-main" },
        h("h2", {}, t("page.consortium.members")),
        h("ol", { class: "suggestions members" }, members.map((m) => h("li", {}, member(m, scale)))),
      ),
      h("aside", { class: "split-side" }, drawMap({ source: r.lead, suggestions: members.map((m) => m.town).filter((x) => x.id !== r.lead.id), label: t("page.consortium.members") })),
    ),
  );
}

function check(c) {
  return h(
    "li",
    { class: `rule ${c.passed ? "pass" : "fail"}`, dataset: { rule: c.rule } },
    h("span", { class: "icon", "aria-hidden": "true" }, c.passed ? "✓" : "✗"),
    h("span", { class: "verdict" }, c.passed ? t("page.consortium.pass") : t("page.consortium.fail")),
    h("span", { class: "detail" }, pick(c, "detail") || c.rule),
  );
}

function member(m, scale) {
  const town = m.town;
  const reasons = town.reasons || m.reasons || [];
  const score = town.score ?? m.score;
  const role = memberRoleName(m.role);
  return h(
    "article",
    { class: "suggestion card", dataset: { id: town.id } },
    h(
      "header",
      {},
      h("span", { class: "rank", "aria-hidden": "true" }, town.rank),
      h("div", { class: "who" }, h("h3", {}, townLink(town)), h("p", { class: "meta" }, `${townMeta(town)} · `, h("span", { class: "tag" }, role))),
      score !== undefined && score !== null ? h("div", { class: "score" }, h("span", { class: "score-label" }, t("page.common.score")), h("strong", {}, fmtNum(score, 2))) : null,
    ),
    pick(m, "why") ? h("p", { class: "why-member" }, pick(m, "why")) : null,
    reasons.length ? reasonBars(reasons, scale) : null,
  );
}
