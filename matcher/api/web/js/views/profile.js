// A town's own profile on its page: what it wrote (or, honestly, that it wrote nothing yet),
// its completeness and what a better profile would change, and the editor for those the API
// allows (GET /towns/{id}/permissions). A stale save (409) keeps what was typed and offers
// to load the newer version or to put these changes on top of it.

import { h, replace, uid } from "../dom.js";
import { request, cached } from "../api.js";
import { t, N_, lang, pick, countryName, COUNTRIES } from "../i18n.js";
import { notice, field } from "../components.js";

// Languages a town may name (ISO 639-1), shown by the browser's CLDR names.
const LANGUAGES = ["bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr", "hu", "it", "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv", "uk", "no", "is", "sq", "sr", "mk", "bs", "lb", "ca", "eu", "gl", "tr", "ru", "be"];

// The parts of a profile the completeness names (GET .../profile/completeness).
const PARTS = {
  description: N_("page.profile.part.description"),
  offers: N_("page.profile.part.offers"),
  seeks: N_("page.profile.part.seeks"),
  themes: N_("page.profile.part.themes"),
  seeking: N_("page.profile.part.seeking"),
  preferred_countries: N_("page.profile.part.preferred_countries"),
  languages: N_("page.profile.part.languages"),
  contact: N_("page.profile.part.contact"),
};

export function languageName(code) {
  try {
    return new Intl.DisplayNames([lang()], { type: "language" }).of(code) || code;
  } catch {
    return code;
  }
}

function fmtDay(iso) {
  return iso ? new Date(`${iso}T12:00:00`).toLocaleDateString(lang(), { dateStyle: "long" }) : "";
}

/** The profile card: a view of what the town wrote, and (when allowed) an editor. */
export function profileSection(town, profile, may) {
  const section = h("section", { class: "card profile", id: "profile" });
  const state = { profile, town, may };
  showView(section, state);
  return section;
}

async function themeNames() {
  try {
    const themes = await cached("/themes");
    return Object.fromEntries(themes.map((th) => [th.code, pick(th, "name")]));
  } catch {
    return {};
  }
}

async function showView(section, state, message = null) {
  const { town, profile: p, may } = state;
  const names = await themeNames();
  const head = h("h2", {}, t("page.townPage.profile"));
  const edit = may.edit_profile
    ? h("button", { type: "button", class: p.version ? "" : "primary", id: "profile-edit", onClick: () => showEditor(section, state) }, p.version ? t("page.profile.edit") : t("page.profile.write"))
    : null;
  if (!p.version) {
    replace(
      section,
      head,
      message,
      h("p", { class: "no-profile" }, t("page.profile.none", { town: town.name })),
      h("p", { class: "muted" }, t("page.profile.factsOnly")),
      may.edit_profile ? h("div", { class: "actions" }, edit) : h("p", { class: "cta" }, may.signed_in ? t("page.profile.askEditor", { town: town.name }) : h("a", { href: "#/signin" }, t("page.profile.signInToWrite", { town: town.name }))),
      may.edit_profile ? await completenessBlock(town) : null,
    );
    return;
  }
  const rows = [
    [t("page.townPage.offers"), p.offers],
    [t("page.townPage.seeks"), p.seeks],
    [t("page.profile.themes"), p.themes.map((c) => names[c] || c).join(", ")],
    [t("page.profile.languages"), p.languages.map(languageName).join(", ")],
    [t("page.profile.countries"), p.preferred_countries.map(countryName).join(", ")],
  ].filter(([, v]) => v);
  const seeking = p.seeking_now
    ? h("p", { class: "seeking", id: "seeking" }, p.seeking_until ? t("page.profile.seekingUntil", { since: fmtDay(p.seeking_since), until: fmtDay(p.seeking_until) }) : t("page.profile.seekingSince", { since: fmtDay(p.seeking_since) }))
    : null;
  replace(
    section,
    head,
    message,
    seeking,
    p.description ? h("p", { class: "description" }, p.description) : null,
    h("dl", {}, rows.map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)])),
    contactBlock(p),
    h("p", { class: "muted small" }, t("page.profile.version", { version: String(p.version), by: p.updated_by, at: p.updated_at ? new Date(p.updated_at).toLocaleDateString(lang()) : "" })),
    edit ? h("div", { class: "actions" }, edit) : null,
    may.edit_profile ? await completenessBlock(town) : null,
  );
}

function contactBlock(p) {
  if (p.contact) {
    const c = p.contact;
    return h(
      "div",
      { class: "contact", id: "contact" },
      h("h3", {}, t("page.townPage.contact")),
      h("p", {}, [c.name, c.role].filter(Boolean).join(", ")),
      c.email ? h("p", {}, h("a", { href: `mailto:${c.email}` }, c.email)) : null,
      c.phone ? h("p", {}, h("a", { href: `tel:${c.phone.replace(/[^+0-9]/g, "")}` }, c.phone)) : null,
    );
  }
  if (p.contact_hidden) return h("p", { class: "contact-hidden", id: "contact" }, h("a", { href: "#/signin" }, t("page.profile.contactHidden")));
  return null;
}

async function completenessBlock(town) {
  let c;
  try {
    c = await request(`/towns/${encodeURIComponent(town.id)}/profile/completeness`);
  } catch (err) {
    return notice("error", err.message);
  }
  const pct = Math.round(c.score * 100);
  return h(
    "div",
    { class: "completeness", id: "completeness" },
    h("h3", {}, t("page.profile.completeness", { pct: String(pct) })),
    h("meter", { min: 0, max: 1, value: c.score, "aria-label": t("page.profile.completeness", { pct: String(pct) }) }),
    c.missing.length
      ? h("ul", { class: "plain advice" }, c.missing.map((m) => h("li", { dataset: { part: m.part } }, h("strong", {}, PARTS[m.part] ? t(PARTS[m.part]) : m.part), ": ", m.effect)))
      : h("p", {}, t("page.profile.complete")),
  );
}

function checkbox(name, value, label, isChecked) {
  const id = uid(name);
  return h("div", { class: "check" }, h("input", { type: "checkbox", id, name, value, checked: isChecked }), h("label", { for: id }, label));
}

function checkedValues(form, name) {
  return [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((el) => el.value);
}

/** The form's values as the PUT body (without the version). */
function readForm(form) {
  const v = (name) => form.elements[name].value;
  const seeking = form.elements.seeking.checked;
  return {
    description: v("description"),
    offers: v("offers"),
    seeks: v("seeks"),
    themes: checkedValues(form, "theme"),
    languages: checkedValues(form, "language"),
    preferred_countries: checkedValues(form, "country"),
    seeking,
    seeking_until: seeking && v("seeking_until") ? v("seeking_until") : null,
    contact_name: v("contact_name"),
    contact_role: v("contact_role"),
    contact_email: v("contact_email"),
    contact_phone: v("contact_phone"),
  };
}

async function showEditor(section, state, draft = null) {
  const { town, profile: p } = state;
  const values = draft || {
    ...p,
    contact_name: p.contact?.name || "",
    contact_role: p.contact?.role || "",
    contact_email: p.contact?.email || "",
    contact_phone: p.contact?.phone || "",
  };
  let themes = [];
  try {
    themes = await cached("/themes");
  } catch {
    themes = [];
  }
  const text = (name, rows, max) => {
    const el = h("textarea", { name, rows, maxlength: max });
    el.value = values[name] || "";
    return el;
  };
  const input = (name, type, attrs = {}) => h("input", { name, type, value: values[name] || "", ...attrs });
  const seeking = h("input", { type: "checkbox", name: "seeking", id: uid("seeking"), checked: Boolean(values.seeking) });
  const msg = h("div", { class: "form-msg", "aria-live": "polite" });
  const form = h(
    "form",
    { class: "profile-form", novalidate: true },
    field(t("page.profile.description"), text("description", 5, 5000)),
    field(t("page.townPage.offers"), text("offers", 3, 3000)),
    field(t("page.townPage.seeks"), text("seeks", 3, 3000)),
    h("fieldset", { class: "checks themes" }, h("legend", {}, t("page.profile.themes")), h("div", { class: "check-list" }, themes.map((th) => checkbox("theme", th.code, pick(th, "name"), (values.themes || []).includes(th.code))))),
    h(
      "fieldset",
      { class: "checks languages" },
      h("legend", {}, t("page.profile.languages")),
      h("div", { class: "check-list" }, LANGUAGES.map((c) => [c, languageName(c)]).sort((a, b) => a[1].localeCompare(b[1], lang())).map(([c, name]) => checkbox("language", c, name, (values.languages || []).includes(c)))),
    ),
    h(
      "fieldset",
      { class: "checks countries" },
      h("legend", {}, t("page.profile.countries")),
      h("div", { class: "check-list" }, Object.keys(COUNTRIES).sort((a, b) => countryName(a).localeCompare(countryName(b), lang())).map((c) => checkbox("country", c, countryName(c), (values.preferred_countries || []).includes(c)))),
    ),
    h(
      "fieldset",
      { class: "seeking-fields" },
      h("legend", {}, t("page.profile.seekingLegend")),
      h("div", { class: "field inline" }, seeking, h("label", { for: seeking.id }, t("page.profile.seeking"))),
      field(t("page.profile.until"), input("seeking_until", "date")),
    ),
    h(
      "fieldset",
      { class: "contact-fields" },
      h("legend", {}, t("page.townPage.contact")),
      h("p", { class: "muted small" }, t("page.profile.contactPrivacy")),
      field(t("page.profile.contactName"), input("contact_name", "text", { maxlength: 200, autocomplete: "name" })),
      field(t("page.profile.contactRole"), input("contact_role", "text", { maxlength: 200 })),
      field(t("page.profile.contactEmail"), input("contact_email", "email", { maxlength: 254, autocomplete: "email" })),
      field(t("page.profile.contactPhone"), input("contact_phone", "tel", { maxlength: 50, autocomplete: "tel" })),
    ),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary", id: "profile-save" }, t("page.profile.save")), h("button", { type: "button", id: "profile-cancel", onClick: () => showView(section, state) }, t("page.profile.cancel"))),
    msg,
  );
  const save = async (version) => {
    const body = { ...readForm(form), version };
    form.setAttribute("aria-busy", "true");
    try {
      state.profile = await request(`/towns/${encodeURIComponent(town.id)}/profile`, { method: "PUT", body });
      await showView(section, state, notice("ok", t("page.profile.saved", { version: String(state.profile.version) })));
      section.querySelector(".notice")?.focus?.();
    } catch (err) {
      if (err.status === 409) return conflict(err);
      replace(msg, notice("error", err.message));
    } finally {
      form.removeAttribute("aria-busy");
    }
  };
  // Someone saved meanwhile: keep what was typed; load theirs, or put ours on top of theirs.
  const conflict = async (err) => {
    let latest;
    try {
      latest = await request(`/towns/${encodeURIComponent(town.id)}/profile`);
    } catch (e) {
      return replace(msg, notice("error", e.message));
    }
    replace(
      msg,
      h(
        "div",
        { class: "notice notice-error conflict", role: "alert" },
        h("p", {}, err.message),
        h("p", {}, t("page.profile.conflict", { by: latest.updated_by, version: String(latest.version) })),
        h(
          "div",
          { class: "actions" },
          h("button", { type: "button", id: "profile-reload", onClick: () => { state.profile = latest; showEditor(section, state); } }, t("page.profile.reload")),
          h("button", { type: "button", class: "primary", id: "profile-reapply", onClick: () => { state.profile = latest; save(latest.version); } }, t("page.profile.reapply")),
        ),
      ),
    );
  };
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    save(state.profile.version);
  });
  replace(section, h("h2", {}, t("page.profile.editTitle", { town: town.name })), form);
  form.elements.description.focus();
}
