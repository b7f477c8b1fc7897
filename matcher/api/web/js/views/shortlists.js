// Staff: every shortlist at a glance (counts per status, last change, who), filtered, sorted
// and exported by the API; the page only renders what GET /shortlist-overview answers.

import { h, replace, uid } from "../dom.js";
import { request, download, currentUser, queryString } from "../api.js";
import { t, statusName, fmtDate, fmtInt, countryName, COUNTRIES, lang } from "../i18n.js";
import { notice, loading } from "../components.js";

const state = { q: "", country: "", status: "", sort: "last_change", order: "" };

export async function render(main) {
  if (!currentUser()) {
    replace(main, h("h1", {}, t("page.overview.title")), notice("info", t("page.auth.needed")), h("p", {}, h("a", { class: "button primary", href: "#/signin" }, t("page.auth.signin"))));
    return;
  }
  const q = h("input", { type: "search", name: "q", id: uid("q"), maxlength: 100, value: state.q });
  const country = h(
    "select",
    { name: "country", id: uid("country") },
    h("option", { value: "" }, t("page.overview.anyCountry")),
    Object.keys(COUNTRIES)
      .sort((a, b) => countryName(a).localeCompare(countryName(b), lang()))
      .map((c) => h("option", { value: c, selected: c === state.country }, countryName(c))),
  );
  const status = h("select", { name: "status", id: uid("status") });
  const body = h("div", { class: "overview", "aria-live": "polite" });
  const msg = h("div", { class: "messages" });
  const form = h(
    "form",
    { class: "card inline-form", role: "search" },
    h("div", { class: "field" }, h("label", { for: q.id }, t("page.overview.q")), q),
    h("div", { class: "field" }, h("label", { for: country.id }, t("page.overview.country")), country),
    h("div", { class: "field" }, h("label", { for: status.id }, t("page.overview.status")), status),
    h("button", { type: "submit" }, t("page.overview.filter")),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    state.q = q.value.trim();
    state.country = country.value;
    state.status = status.value;
    load();
  });
  const exports = ["csv", "xlsx"].map((format) => {
    const b = h("button", { type: "button", dataset: { format } }, format === "csv" ? t("page.shortlist.exportCsv") : t("page.shortlist.exportXlsx"));
    b.addEventListener("click", async () => {
      b.disabled = true;
      try {
        const name = await download("/shortlist-overview/export", { ...params(), format }, `shortlists.${format}`);
        replace(msg, notice("ok", t("page.shortlist.downloaded", { file: name })));
      } catch (err) {
        replace(msg, notice("error", err.message));
      } finally {
        b.disabled = false;
      }
    });
    return b;
  });
  replace(main, h("h1", {}, t("page.overview.title")), h("p", { class: "intro" }, t("page.overview.intro")), form, h("div", { class: "actions", role: "group", "aria-label": t("page.shortlist.export") }, exports), msg, body);

  function params() {
    return { q: state.q, country: state.country, status: state.status, sort: state.sort, order: state.order };
  }
  async function load() {
    replace(body, loading());
    let data;
    try {
      data = await request(`/shortlist-overview${queryString(params())}`);
    } catch (err) {
      replace(body, notice("error", err.message));
      return;
    }
    replace(status, h("option", { value: "" }, t("page.overview.anyStatus")), data.statuses.map((s) => h("option", { value: s, selected: s === state.status }, statusName(s))));
    if (!data.data.length) return replace(body, notice("info", t("page.overview.empty")));
    const sortButton = (key, label) => {
      const active = state.sort === key;
      const b = h("button", { type: "button", class: "link", dataset: { sort: key }, "aria-pressed": String(active) }, label, active ? (state.order === "asc" ? " ↑" : " ↓") : "");
      b.addEventListener("click", () => {
        state.order = active && state.order !== "asc" ? "asc" : active ? "desc" : "";
        state.sort = key;
        load();
      });
      return b;
    };
    const th = (key, label, cls = "") => h("th", { scope: "col", class: cls, "aria-sort": state.sort === key ? (state.order === "asc" ? "ascending" : "descending") : "none" }, sortButton(key, label));
    replace(
      body,
      h("p", { class: "muted" }, t("page.overview.count", { count: String(data.count) })),
      h(
        "table",
        { class: "overview-table" },
        h(
          "thead",
          {},
          h("tr", {}, th("town", t("page.overview.town")), h("th", { scope: "col" }, t("page.overview.country")), th("total", t("page.overview.total"), "num"), data.statuses.map((s) => th(s, statusName(s), "num")), th("last_change", t("page.overview.lastChange")), h("th", { scope: "col" }, t("page.overview.by"))),
        ),
        h(
          "tbody",
          {},
          data.data.map((row) =>
            h(
              "tr",
              { dataset: { town: row.town.id } },
              h("th", { scope: "row" }, h("a", { href: `#/shortlist/${encodeURIComponent(row.town.id)}` }, row.town.name)),
              h("td", {}, countryName(row.town.country_code)),
              h("td", { class: "num", dataset: { count: "total" } }, fmtInt(row.total)),
              data.statuses.map((s) => h("td", { class: "num", dataset: { count: s } }, fmtInt(row.counts[s]))),
              h("td", {}, row.last_change ? h("time", { datetime: row.last_change }, fmtDate(row.last_change)) : "—"),
              h("td", {}, row.last_user || "—"),
            ),
          ),
        ),
      ),
    );
  }
  await load();
}
