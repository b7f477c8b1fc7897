// The town page: facts with sources, themes with evidence, networks, projects, partners, map.

import { h, replace } from "../dom.js";
import { request } from "../api.js";
import { t, lang, pick, countryName, fmtInt } from "../i18n.js";
import { townLink, townMeta, notice, loading } from "../components.js";
import { drawMap, outsideEurope } from "../map.js";
import { profileSection } from "./profile.js";

export async function render(main, [townId]) {
  replace(main, loading());
  const asked = location.hash;
  let town, profile, may;
  try {
    const id = encodeURIComponent(townId || "");
    [town, profile, may] = await Promise.all([request(`/towns/${id}`), request(`/towns/${id}/profile`), request(`/towns/${id}/permissions`)]);
  } catch (err) {
    replace(main, h("h1", {}, t("page.town.label")), notice("error", err.message));
    return;
  }
  if (location.hash !== asked) return; // the reader moved on while this page loaded
  document.title = `${town.name} · ${t("page.app.title")}`;
  replace(
    main,
    h(
      "header",
      { class: "page-head" },
      h("h1", {}, town.name),
      h("p", { class: "meta" }, [townMeta(town), town.region_name || town.voivodeship].filter(Boolean).join(" · ")),
      h(
        "div",
        { class: "actions" },
        h("a", { class: "button primary", href: `#/find/${encodeURIComponent(town.id)}` }, t("page.townPage.findFor", { town: town.name })),
        h("a", { class: "button", href: `#/compare/${encodeURIComponent(town.id)}` }, t("page.townPage.compareWith")),
        may.read_inbox ? h("a", { class: "button", href: `#/inbox/${encodeURIComponent(town.id)}`, id: "inbox-link" }, t("page.inbox.open")) : null,
      ),
    ),
    h(
      "div",
      { class: "split" },
      h(
        "div",
        { class: "split-main" },
        profileSection(town, profile, may),
        factsSection(town),
        themesSection(town),
        networksSection(town),
        projectsSection(town),
        partnersSection(town),
      ),
      h("aside", { class: "split-side" }, drawMap({ source: town, partners: town.partners, label: t("page.map.label", { town: town.name }) }), farPartners(town.partners)),
    ),
  );
}

export function factsSection(town) {
  return h(
    "section",
    { class: "card facts" },
    h("h2", {}, t("page.townPage.facts")),
    h(
      "table",
      {},
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("page.townPage.fact")), h("th", { scope: "col" }, t("page.townPage.value")), h("th", { scope: "col" }, t("page.common.source")))),
      h(
        "tbody",
        {},
        town.facts.map((f) => h("tr", {}, h("th", { scope: "row" }, pick(f, "label")), h("td", {}, factValue(f.value)), h("td", { class: "source" }, f.source))),
      ),
    ),
  );
}

function factValue(v) {
  if (typeof v === "boolean") return v ? t("page.common.yes") : t("page.common.no");
  if (typeof v === "number") return Number.isInteger(v) ? fmtInt(v) : v.toLocaleString(lang(), { maximumFractionDigits: 2 });
  return String(v);
}

function themesSection(town) {
  return h(
    "section",
    { class: "card themes" },
    h("h2", {}, t("page.townPage.themes")),
    town.themes.length
      ? h(
          "ul",
          { class: "plain" },
          town.themes.map((th) =>
            h(
              "li",
              {},
              h("strong", {}, pick(th, "name")),
              th.evidence.length
                ? h("ul", { class: "evidence", "aria-label": t("page.townPage.evidence") }, th.evidence.map((e) => h("li", {}, h("span", { class: "tag" }, e.source_kind), " ", e.evidence || e.source_id)))
                : null,
            ),
          ),
        )
      : h("p", { class: "muted" }, t("page.common.none")),
  );
}

function networksSection(town) {
  return h(
    "section",
    { class: "card networks" },
    h("h2", {}, t("page.townPage.networks")),
    town.networks.length
      ? h(
          "ul",
          { class: "plain" },
          town.networks.map((n) =>
            h("li", {}, h("strong", {}, n.name), " ", h("span", { class: "tag" }, n.kind), n.role ? ` · ${t("page.townPage.role", { role: n.role })}` : "", n.year ? ` · ${t("page.townPage.since", { year: String(n.year) })}` : ""),
          ),
        )
      : h("p", { class: "muted" }, t("page.common.none")),
  );
}

function projectsSection(town) {
  return h(
    "section",
    { class: "card projects" },
    h("h2", {}, t("page.townPage.projects")),
    town.projects.length
      ? h("ul", { class: "plain" }, town.projects.map((p) => h("li", {}, h("strong", {}, p.acronym), ` – ${p.title} `, h("span", { class: "tag" }, p.programme), ` · ${t("page.townPage.role", { role: p.role })}`)))
      : h("p", { class: "muted" }, t("page.common.none")),
  );
}

function partnersSection(town) {
  const sorted = town.partners.slice().sort((a, b) => a.country_code.localeCompare(b.country_code) || a.name.localeCompare(b.name));
  return h(
    "section",
    { class: "card partners" },
    h("h2", {}, t("page.townPage.partners"), " ", h("span", { class: "count" }, `(${sorted.length})`)),
    sorted.length
      ? h(
          "ul",
          { class: "columns" },
          sorted.map((p) => h("li", {}, townLink(p), h("span", { class: "muted" }, ` · ${countryName(p.country_code)}`))),
        )
      : h("p", { class: "muted" }, t("page.common.none")),
  );
}

/** Partners the map of Europe cannot show (beyond its frame), listed by name and country. */
function farPartners(partners) {
  const far = outsideEurope(partners);
  if (!far.length) return null;
  return h(
    "section",
    { class: "card far-partners" },
    h("h2", {}, t("page.townPage.farPartners"), " ", h("span", { class: "count" }, `(${far.length})`)),
    h("ul", { class: "plain" }, far.map((p) => h("li", {}, townLink(p), h("span", { class: "muted" }, ` · ${countryName(p.country_code)}`)))),
  );
}
