// Curators' shortlists: statuses with notes, the history of each item, spreadsheet export.

import { h, replace, uid } from "../dom.js";
import { request, download, currentUser } from "../api.js";
import { t, lang, statusName, fmtDate, fmtNum } from "../i18n.js";
import { townPicker, townLink, townMeta, notice, loading } from "../components.js";

/** Statuses an item may move to (as matcher.curation.TRANSITIONS; the server has the final
 * word). Keeping the current status is always allowed: it records a note. */
export const NEXT = {
  suggested: ["proposed", "declined"],
  proposed: ["contacted", "declined"],
  contacted: ["accepted", "declined"],
  accepted: [],
  declined: ["proposed"],
};

export async function render(main, [townId]) {
  const user = currentUser();
  if (!user) {
    replace(main, h("h1", {}, t("page.shortlist.title")), notice("info", t("page.auth.needed")), h("p", {}, h("a", { class: "button primary", href: "#/signin" }, t("page.auth.signin"))));
    return;
  }
  const id = townId || user.town_id;
  let town = null;
  if (id) {
    try {
      town = await request(`/towns/${encodeURIComponent(id)}`);
    } catch (err) {
      replace(main, h("h1", {}, t("page.shortlist.title")), notice("error", err.message));
      return;
    }
  }
  const picker = townPicker({ label: t("page.town.label"), name: "shortlist-town", value: town });
  const form = h("form", { class: "card inline-form" }, picker.el, h("button", { type: "submit" }, t("page.shortlist.pick")));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    if (picker.value) location.hash = `#/shortlist/${encodeURIComponent(picker.value.id)}`;
  });
  const body = h("div", { class: "shortlist" });
  replace(main, h("h1", {}, t("page.shortlist.title")), form, body);
  if (town) await showList(body, town);
}

async function showList(body, town, flash = null) {
  replace(body, loading());
  let list;
  try {
    list = await request(`/shortlists/${encodeURIComponent(town.id)}`);
  } catch (err) {
    replace(body, notice("error", err.message));
    return;
  }
  const msg = h("div", { class: "messages" }, flash);
  replace(
    body,
    h(
      "div",
      { class: "results-head" },
      h("h2", {}, t("page.shortlist.for", { town: town.name })),
      h("div", { class: "actions", role: "group", "aria-label": t("page.shortlist.export") }, exportButton(town, "csv", msg), exportButton(town, "xlsx", msg)),
    ),
    msg,
    list.items.length
      ? h("ul", { class: "items" }, list.items.map((item) => h("li", {}, itemCard(town, item, (note) => showList(body, town, note), msg))))
      : notice("info", t("page.shortlist.empty")),
  );
}

function exportButton(town, format, msg) {
  const label = format === "csv" ? t("page.shortlist.exportCsv") : t("page.shortlist.exportXlsx");
  const button = h("button", { type: "button", dataset: { format } }, label);
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const name = await download(`/shortlists/${encodeURIComponent(town.id)}/export`, { format, lang: lang() }, `shortlist-${town.id}.${format}`);
      replace(msg, notice("ok", t("page.shortlist.downloaded", { file: name })));
    } catch (err) {
      replace(msg, notice("error", err.message));
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

function itemCard(town, item, reload, msg) {
  const cand = item.candidate;
  const select = h(
    "select",
    { name: "status", id: uid("status") },
    (NEXT[item.status] || []).map((s) => h("option", { value: s }, statusName(s))),
    h("option", { value: item.status }, t("page.shortlist.keep", { status: statusName(item.status) })),
  );
  const note = h("input", { type: "text", name: "note", id: uid("note"), maxlength: 2000 });
  const form = h(
    "form",
    { class: "status-form" },
    h("div", { class: "field" }, h("label", { for: select.id }, t("page.shortlist.newStatus")), select),
    h("div", { class: "field grow" }, h("label", { for: note.id }, t("page.shortlist.note")), note),
    h("button", { type: "submit" }, t("page.shortlist.change")),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (item.status === "declined" && select.value === "proposed" && !note.value.trim()) {
      replace(msg, notice("error", t("page.shortlist.noteRequired")));
      note.focus();
      return;
    }
    try {
      await request(`/shortlists/${encodeURIComponent(town.id)}/items/${item.id}`, {
        method: "PATCH",
        body: { status: select.value, note: note.value.trim(), version: item.version },
      });
      await reload(notice("ok", t("page.shortlist.saved")));
    } catch (err) {
      replace(msg, notice("error", err.message));
    }
  });

  const historyBox = h("div", { class: "history", hidden: true, id: uid("history") });
  const toggle = h("button", { type: "button", class: "link", "aria-expanded": "false", "aria-controls": historyBox.id }, t("page.shortlist.history"));
  toggle.addEventListener("click", async () => {
    const open = toggle.getAttribute("aria-expanded") === "true";
    toggle.setAttribute("aria-expanded", String(!open));
    toggle.textContent = open ? t("page.shortlist.history") : t("page.shortlist.hideHistory");
    historyBox.hidden = open;
    if (!open) await showHistory(historyBox, town, item);
  });

  return h(
    "article",
    { class: "card item", dataset: { id: item.id, candidate: cand.id, status: item.status } },
    h(
      "header",
      {},
      h("div", { class: "who" }, h("h3", {}, townLink(cand)), h("p", { class: "meta" }, townMeta(cand))),
      h("span", { class: `status status-${item.status}` }, statusName(item.status)),
      item.score !== null && item.score !== undefined ? h("div", { class: "score" }, h("span", { class: "score-label" }, t("page.common.score")), h("strong", {}, fmtNum(item.score, 2))) : null,
    ),
    item.note ? h("p", { class: "note" }, h("strong", {}, `${t("page.shortlist.note")}: `), item.note) : null,
    h("p", { class: "muted small" }, `${t("page.shortlist.updated")}: ${fmtDate(item.updated_at)}`),
    form,
    toggle,
    historyBox,
  );
}

async function showHistory(box, town, item) {
  replace(box, loading());
  try {
    const steps = await request(`/shortlists/${encodeURIComponent(town.id)}/items/${item.id}/history`);
    replace(
      box,
      steps.length
        ? h(
            "ol",
            { class: "timeline" },
            steps.map((s) =>
              h(
                "li",
                {},
                h("time", { datetime: s.at }, fmtDate(s.at)),
                " ",
                h("strong", {}, `${s.from_status ? statusName(s.from_status) : "—"} → ${statusName(s.to_status)}`),
                " ",
                h("span", { class: "muted" }, t("page.shortlist.by", { user: s.user })),
                s.note ? h("p", { class: "note" }, s.note) : null,
              ),
            ),
          )
        : h("p", { class: "muted" }, t("page.shortlist.noHistory")),
    );
  } catch (err) {
    replace(box, notice("error", err.message));
  }
}
