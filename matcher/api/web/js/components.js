// Reusable pieces: the town picker (autocomplete), reason bars, messages, town labels.

import { h, uid } from "./dom.js";
import { request } from "./api.js";
import { t, tn, pick, factorName, fmtInt, fmtNum, countryName } from "./i18n.js";

/**
 * An accessible autocomplete for towns (ARIA combobox + listbox), backed by GET /towns?q=.
 * `picker.value` is the chosen TownRef or null; `onPick(town)` runs when one is chosen.
 */
export function townPicker({ label, name = "town", value = null, onPick = () => {}, required = false }) {
  const id = uid(name);
  const listId = `${id}-list`;
  const input = h("input", {
    id,
    name,
    type: "text",
    role: "combobox",
    "aria-autocomplete": "list",
    "aria-expanded": "false",
    "aria-controls": listId,
    autocomplete: "off",
    spellcheck: "false",
    placeholder: t("page.town.placeholder"),
    required,
  });
  const list = h("ul", { id: listId, role: "listbox", class: "listbox", hidden: true, "aria-label": label });
  const hint = h("div", { class: "picker-hint", "aria-live": "polite" });
  const el = h("div", { class: "field picker" }, h("label", { for: id }, label), input, list, hint);
  let options = [];
  let active = -1;
  let chosen = value;
  let seq = 0;
  let timer = null;
  if (value) input.value = townLabel(value);

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function setActive(i) {
    active = i;
    [...list.children].forEach((li, j) => li.setAttribute("aria-selected", String(j === i)));
    if (i >= 0 && list.children[i]) {
      input.setAttribute("aria-activedescendant", list.children[i].id);
      list.children[i].scrollIntoView({ block: "nearest" });
    }
  }

  function choose(town) {
    chosen = town;
    input.value = townLabel(town);
    hint.textContent = "";
    close();
    onPick(town);
  }

  async function lookup(q) {
    const mine = ++seq;
    try {
      const res = await request("/towns", { params: { q, limit: 8 } });
      if (mine !== seq) return;
      options = res.data;
      list.replaceChildren(
        ...options.map((town, i) =>
          h(
            "li",
            { id: `${id}-opt-${i}`, role: "option", "aria-selected": "false", class: "option", onMousedown: (e) => { e.preventDefault(); choose(town); } },
            h("span", { class: "opt-name" }, town.name),
            h("span", { class: "opt-meta" }, `${countryName(town.country_code)} · ${fmtInt(town.population)} · ${town.id}`),
          ),
        ),
      );
      hint.textContent = options.length ? "" : t("page.town.noMatch", { q });
      list.hidden = options.length === 0;
      input.setAttribute("aria-expanded", String(options.length > 0));
      active = -1;
    } catch (err) {
      if (mine === seq) hint.textContent = err.message;
    }
  }

  input.addEventListener("input", () => {
    chosen = null;
    const q = input.value.trim();
    clearTimeout(timer);
    if (q.length < 2) {
      close();
      hint.textContent = "";
      return;
    }
    timer = setTimeout(() => lookup(q), 120);
  });
  input.addEventListener("keydown", (e) => {
    const open = !list.hidden && options.length > 0;
    if (e.key === "ArrowDown" && open) {
      e.preventDefault();
      setActive((active + 1) % options.length);
    } else if (e.key === "ArrowUp" && open) {
      e.preventDefault();
      setActive((active - 1 + options.length) % options.length);
    } else if (e.key === "Enter" && open) {
      e.preventDefault();
      choose(options[Math.max(active, 0)]);
    } else if (e.key === "Escape" && open) {
      e.preventDefault();
      close();
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 150));

  return {
    el,
    input,
    get value() {
      return chosen;
    },
    set value(town) {
      chosen = town;
      input.value = town ? townLabel(town) : "";
    },
  };
}

export function townLabel(town) {
  return `${town.name} (${town.country_code})`;
}

/** A link to the town page. */
export function townLink(town) {
  return h("a", { href: `#/town/${encodeURIComponent(town.id)}`, class: "town-link" }, town.name);
}

/** "Germany · 12,345 inhabitants" */
export function townMeta(town) {
  const parts = [countryName(town.country_code)];
  if (town.population) parts.push(tn("page.common.inhabitants", town.population));
  return parts.join(" · ");
}

/** The largest positive and negative contribution across suggestions, for one bar scale. */
export function barScale(suggestions) {
  let pos = 0;
  let neg = 0;
  for (const s of suggestions) {
    for (const r of s.reasons || []) {
      if (r.contribution > pos) pos = r.contribution;
      if (-r.contribution > neg) neg = -r.contribution;
    }
  }
  return { pos: pos || 1, neg };
}

/** How many of the strongest reasons a card shows before "show all factors". */
export const STRONGEST = 4;

/**
 * One horizontal bar per factor, from a shared zero line: right (solid) for, left (striped)
 * against; the sentence behind each below it, in the chosen language.
 *
 * The real ranker gives a dozen factors, too many to read at a glance: the `shown` strongest
 * (by size of contribution) come first, the rest fold behind a "show all factors" toggle
 * (a native <details>, so keyboard and screen readers get it for free). Every factor stays in
 * the page, and all of them together still add up to the score.
 */
export function reasonBars(reasons, scale = barScale([{ reasons }]), { shown = STRONGEST } = {}) {
  const total = scale.pos + scale.neg;
  const zero = (scale.neg / total) * 100;
  const ordered = [...reasons].sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
  const bar = (r) => {
    const positive = r.contribution >= 0;
    const side = r.contribution > 0 ? t("page.reason.positive") : r.contribution < 0 ? t("page.reason.negative") : "";
    const width = (Math.abs(r.contribution) / total) * 100;
    const left = positive ? zero : zero - width;
    const sentence = pick(r, "text");
    return h(
      "li",
      { class: `reason ${positive ? "pos" : "neg"}`, dataset: { factor: r.factor } },
      h("span", { class: "factor" }, factorName(r.factor)),
      h(
        "span",
        { class: "track", "aria-hidden": "true" },
        zero > 0 ? h("span", { class: "zero", style: `left:${zero}%` }) : null,
        h("span", { class: "bar", style: `left:${left.toFixed(2)}%;width:${Math.max(width, 0.6).toFixed(2)}%` }),
      ),
      h(
        "span",
        { class: "points" },
        fmtNum(r.contribution, 2, true),
        side ? h("span", { class: "sr-only" }, ` (${side})`) : null,
      ),
      h("p", { class: "why" }, sentence),
    );
  };
  const first = ordered.slice(0, shown);
  const rest = ordered.slice(shown);
  return h(
    "div",
    { class: "reason-list" },
    h("ul", { class: "reasons" }, first.map(bar)),
    rest.length
      ? h(
          "details",
          { class: "more-reasons" },
          h("summary", {}, t("page.reason.showAll", { n: rest.length })),
          h("ul", { class: "reasons" }, rest.map(bar)),
        )
      : null,
  );
}

/** A message box: kind 'error' (role=alert), 'ok' or 'info' (role=status). */
export function notice(kind, text) {
  return h("div", { class: `notice notice-${kind}`, role: kind === "error" ? "alert" : "status" }, text);
}

export function loading() {
  return h("p", { class: "loading", role: "status" }, t("page.common.loading"));
}

/** A labelled form field around `control` (an input/select/textarea). */
export function field(label, control, hintText = "") {
  const id = control.id || uid("f");
  control.id = id;
  return h("div", { class: "field" }, h("label", { for: id }, label), control, hintText ? h("small", {}, hintText) : null);
}
