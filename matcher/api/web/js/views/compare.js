// Two towns side by side, and how well they match (the pair's score and reasons).

import { h, replace } from "../dom.js";
import { request } from "../api.js";
import { t, pick } from "../i18n.js";
import { townPicker, townLink, townMeta, reasonBars, notice, loading } from "../components.js";
import { drawMap } from "../map.js";
import { factsSection } from "./town.js";

// With a third part (the list's wish and filters, as the share link writes them) the pair is
// explained as in that list: same score, same reasons.
export async function render(main, [aId, bId, shared]) {
  const asked = location.hash;
  const [a, b] = await Promise.all([load(aId), load(bId)]);
  if (location.hash !== asked) return; // the reader moved on while this page loaded
  const pickA = townPicker({ label: t("page.compare.first"), name: "town-a", value: a && !a.error ? a : null });
  const pickB = townPicker({ label: t("page.compare.second"), name: "town-b", value: b && !b.error ? b : null });
  const msg = h("div", {});
  const form = h(
    "form",
    { class: "card compare-form" },
    h("div", { class: "two" }, pickA.el, pickB.el),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, t("page.compare.submit"))),
    msg,
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    if (!pickA.value || !pickB.value) return replace(msg, notice("error", t("page.town.pickFirst")));
    if (pickA.value.id === pickB.value.id) return replace(msg, notice("error", t("page.compare.same")));
    const suffix = shared ? "/" + encodeURIComponent(shared) : "";
    location.hash = `#/compare/${encodeURIComponent(pickA.value.id)}/${encodeURIComponent(pickB.value.id)}${suffix}`;
  });
  const body = h("div", { class: "compare-body" });
  replace(main, h("h1", {}, t("page.compare.title")), form, body);
  for (const town of [a, b]) if (town && town.error) body.append(notice("error", town.error));
  if (!a || !b || a.error || b.error) return;
  if (a.id === b.id) return replace(body, notice("error", t("page.compare.same")));

  const match = h("section", { class: "card match" }, loading());
  body.append(match, h("div", { class: "two compare-cols" }, column(a), column(b)), common(a, b), drawMap({ source: a, suggestions: [{ ...b, rank: "" }], label: t("page.compare.match", { a: a.name, b: b.name }) }));
  try {
    const wish = new URLSearchParams(shared || "");
    const params = { q: wish.get("q") || "", country: wish.getAll("country"), theme: wish.getAll("theme") };
    const s = await request(`/towns/${encodeURIComponent(a.id)}/explain/${encodeURIComponent(b.id)}`, { params });
    replace(
      match,
      h("h2", {}, t("page.compare.match", { a: a.name, b: b.name })),
      params.q ? h("p", { class: "wish", id: "compare-wish" }, t("page.compare.withWish", { wish: params.q })) : null,
      h("p", { class: "score big" }, t("page.common.score"), ": ", h("strong", {}, s.score.toFixed(2))),
      reasonBars(s.reasons, undefined, { shown: Infinity }),
    );
  } catch (err) {
    replace(match, notice("error", err.message));
  }
}

async function load(id) {
  if (!id) return null;
  try {
    return await request(`/towns/${encodeURIComponent(id)}`);
  } catch (err) {
    return { error: err.message };
  }
}

function column(town) {
  return h("div", { class: "compare-col" }, h("h2", {}, townLink(town)), h("p", { class: "meta" }, townMeta(town)), factsSection(town));
}

function common(a, b) {
  const themesB = new Set(b.themes.map((x) => x.code));
  const netsB = new Set(b.networks.map((x) => x.id));
  const themes = a.themes.filter((x) => themesB.has(x.code)).map((x) => pick(x, "name"));
  const nets = a.networks.filter((x) => netsB.has(x.id)).map((x) => x.name);
  return h(
    "section",
    { class: "card common" },
    h("h2", {}, t("page.compare.common")),
    h("dl", {}, h("dt", {}, t("page.compare.commonThemes")), h("dd", {}, themes.join(", ") || t("page.common.none")), h("dt", {}, t("page.compare.commonNetworks")), h("dd", {}, nets.join(", ") || t("page.common.none"))),
  );
}
