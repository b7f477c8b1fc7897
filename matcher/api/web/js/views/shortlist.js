// Curators' shortlists: statuses with notes, the history of each item, conflicts shown side by
// side, bulk moves and adds, spreadsheet export. The statuses an item may move to, the ones
// that need a note and who may act all come from the API; the page holds no copy of them.

import { h, replace, uid } from "../dom.js";
import { request, download, currentUser } from "../api.js";
import { t, lang, statusName, fmtDate, fmtNum } from "../i18n.js";
import { townPicker, townLink, townMeta, notice, loading } from "../components.js";

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
  replace(main, h("h1", {}, t("page.shortlist.title")), h("p", {}, h("a", { href: "#/shortlists" }, t("page.overview.link"))), form, body);
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
  const reload = (note) => showList(body, town, note);
  const msg = h("div", { class: "messages" }, flash);
  const selected = new Set();
  const bulk = bulkBar(town, list, selected, reload, msg);
  replace(
    body,
    h(
      "div",
      { class: "results-head" },
      h("h2", {}, t("page.shortlist.for", { town: town.name })),
      h("div", { class: "actions", role: "group", "aria-label": t("page.shortlist.export") }, exportButton(town, "csv", msg), exportButton(town, "xlsx", msg)),
    ),
    msg,
    list.items.length ? bulk.el : null,
    list.items.length
      ? h("ul", { class: "items" }, list.items.map((item) => h("li", {}, itemCard(town, item, reload, msg, (on) => bulk.toggle(item, on)))))
      : notice("info", t("page.shortlist.empty")),
    addSuggestions(town, list, reload, msg),
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

/** The status menu: "no change" first (a note alone never moves an item), then the statuses
 * the API allows from here. */
function statusMenu(allowed, current) {
  const select = h("select", { name: "status", id: uid("status") }, h("option", { value: "" }, current ? t("page.shortlist.keep", { status: statusName(current) }) : t("page.shortlist.noChange")));
  for (const s of allowed) select.append(h("option", { value: s }, statusName(s)));
  return select;
}

function itemCard(town, item, reload, msg, onSelect) {
  const cand = item.candidate;
  const select = statusMenu(item.allowed_next, item.status);
  const note = h("input", { type: "text", name: "note", id: uid("note"), maxlength: 2000 });
  const needs = h("small", { class: "muted", hidden: true }, t("page.shortlist.noteNeeded"));
  select.addEventListener("change", () => {
    const required = item.note_required.includes(select.value);
    needs.hidden = !required;
    note.required = required;
  });
  const conflictBox = h("div", { class: "conflict-box" });
  const form = h(
    "form",
    { class: "status-form" },
    h("div", { class: "field" }, h("label", { for: select.id }, t("page.shortlist.newStatus")), select),
    h("div", { class: "field grow" }, h("label", { for: note.id }, t("page.shortlist.note")), note, needs),
    h("button", { type: "submit" }, t("page.shortlist.change")),
  );
  async function save(change, version) {
    const payload = { note: change.note, version };
    if (change.status) payload.status = change.status;
    try {
      await request(`/shortlists/${encodeURIComponent(town.id)}/items/${item.id}`, { method: "PATCH", body: payload });
      await reload(notice("ok", t("page.shortlist.saved")));
    } catch (err) {
      if (err.status === 409) return conflict(town, item, change, err.message, conflictBox, reload, save);
      replace(msg, notice("error", err.message));
    }
  }
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    save({ status: select.value, note: note.value.trim() }, item.version);
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
  const pickBox = h("input", { type: "checkbox", name: "select", "aria-label": t("page.shortlist.select", { town: cand.name }) });
  pickBox.addEventListener("change", () => onSelect(pickBox.checked));

  return h(
    "article",
    { class: "card item", dataset: { id: item.id, candidate: cand.id, status: item.status, version: item.version } },
    h(
      "header",
      {},
      pickBox,
      h("div", { class: "who" }, h("h3", {}, townLink(cand)), h("p", { class: "meta" }, townMeta(cand))),
      h("span", { class: `status status-${item.status}` }, statusName(item.status)),
      item.score !== null && item.score !== undefined ? h("div", { class: "score" }, h("span", { class: "score-label" }, t("page.common.score")), h("strong", {}, fmtNum(item.score, 2))) : null,
    ),
    item.note ? h("p", { class: "note" }, h("strong", {}, `${t("page.shortlist.note")}: `), item.note) : null,
    h("p", { class: "muted small" }, `${t("page.shortlist.updated")}: ${fmtDate(item.updated_at)} · ${t("page.shortlist.by", { user: item.updated_by })}`),
    form,
    conflictBox,
    toggle,
    historyBox,
  );
}

/** Someone changed the item first: their version beside yours, with reload and re-apply. */
async function conflict(town, item, yours, message, box, reload, save) {
  let current = null;
  try {
    current = await request(`/shortlists/${encodeURIComponent(town.id)}/items/${item.id}`);
  } catch (err) {
    replace(box, notice("error", err.message));
    return;
  }
  const again = h("button", { type: "button", class: "primary" }, t("page.shortlist.reapply"));
  again.addEventListener("click", () => save(yours, current.version));
  const fresh = h("button", { type: "button" }, t("page.shortlist.reload"));
  fresh.addEventListener("click", () => reload(null));
  const row = (label, value) => [h("dt", {}, label), h("dd", {}, value || "—")];
  replace(
    box,
    h(
      "section",
      { class: "card conflict", role: "alert" },
      h("p", {}, message),
      h(
        "div",
        { class: "split" },
        h("div", { class: "yours" }, h("h4", {}, t("page.shortlist.yours")), h("dl", {}, row(t("page.shortlist.status"), yours.status ? statusName(yours.status) : t("page.shortlist.noChange")), row(t("page.shortlist.note"), yours.note), row(t("page.shortlist.version"), String(item.version)))),
        h("div", { class: "theirs" }, h("h4", {}, t("page.shortlist.current")), h("dl", {}, row(t("page.shortlist.status"), statusName(current.status)), row(t("page.shortlist.note"), current.note), row(t("page.shortlist.changedBy"), current.updated_by), row(t("page.shortlist.version"), String(current.version)))),
      ),
      h("div", { class: "actions" }, again, fresh),
    ),
  );
  again.focus();
}

/** Several items at once: the statuses offered are those the API allows for every one of
 * the selected items; each item is sent with the version it was read at. */
function bulkBar(town, list, selected, reload, msg) {
  const count = h("span", { class: "muted", "aria-live": "polite" });
  const select = h("select", { name: "bulk-status", id: uid("bulk") });
  const note = h("input", { type: "text", name: "bulk-note", id: uid("bulk-note"), maxlength: 2000 });
  const button = h("button", { type: "submit" }, t("page.shortlist.moveSelected"));
  const el = h(
    "form",
    { class: "card bulk", "aria-label": t("page.shortlist.bulk") },
    count,
    h("div", { class: "field" }, h("label", { for: select.id }, t("page.shortlist.bulkStatus")), select),
    h("div", { class: "field grow" }, h("label", { for: note.id }, t("page.shortlist.note")), note),
    button,
  );
  function sync() {
    const items = list.items.filter((i) => selected.has(i.id));
    count.textContent = t("page.shortlist.selected", { count: String(items.length) });
    const common = items.length ? items.map((i) => i.allowed_next).reduce((a, b) => a.filter((s) => b.includes(s))) : [];
    replace(select, h("option", { value: "" }, t("page.shortlist.noChange")), common.map((s) => h("option", { value: s }, statusName(s))));
    button.disabled = items.length === 0;
  }
  el.addEventListener("submit", async (e) => {
    e.preventDefault();
    const items = list.items.filter((i) => selected.has(i.id)).map((i) => ({ id: i.id, version: i.version }));
    const payload = { items, note: note.value.trim() };
    if (select.value) payload.status = select.value;
    try {
      await request(`/shortlists/${encodeURIComponent(town.id)}/items`, { method: "PATCH", body: payload });
      await reload(notice("ok", t("page.shortlist.savedMany", { count: String(items.length) })));
    } catch (err) {
      const fresh = h("button", { type: "button" }, t("page.shortlist.reload"));
      fresh.addEventListener("click", () => reload(null));
      replace(msg, h("div", { class: "notice notice-error", role: "alert" }, err.message, " ", err.status === 409 ? fresh : null));
    }
  });
  sync();
  return {
    el,
    toggle(item, on) {
      if (on) selected.add(item.id);
      else selected.delete(item.id);
      sync();
    },
  };
}

/** The town's best suggestions not on the list yet, to add several at once. */
function addSuggestions(town, list, reload, msg) {
  const box = h("div", { class: "add-box" });
  const show = h("button", { type: "button" }, t("page.shortlist.showSuggestions"));
  show.addEventListener("click", async () => {
    replace(box, loading());
    let res;
    try {
      res = await request(`/towns/${encodeURIComponent(town.id)}/suggestions`, { params: { limit: 10 } });
    } catch (err) {
      replace(box, notice("error", err.message));
      return;
    }
    const listed = new Set(list.items.map((i) => i.candidate.id));
    const fresh = res.suggestions.filter((s) => !listed.has(s.id));
    if (!fresh.length) return replace(box, notice("info", t("page.shortlist.noSuggestions")));
    const boxes = fresh.map((s) => ({ s, input: h("input", { type: "checkbox", name: "add", value: s.id }) }));
    const add = h("button", { type: "submit", class: "primary" }, t("page.shortlist.addSelected"));
    const form = h("form", { class: "card" }, h("ul", { class: "plain" }, boxes.map(({ s, input }) => h("li", {}, h("label", {}, input, " ", s.name, " ", h("span", { class: "muted" }, townMeta(s)))))), add);
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const ids = boxes.filter((b) => b.input.checked).map((b) => b.s.id);
      if (!ids.length) return;
      try {
        const out = await request(`/shortlists/${encodeURIComponent(town.id)}/bulk`, { method: "POST", body: { candidate_ids: ids } });
        await reload(notice("ok", t("page.shortlist.addedMany", { count: String(out.added.length) })));
      } catch (err) {
        replace(msg, notice("error", err.message));
      }
    });
    replace(box, form);
  });
  return h("section", { class: "add-suggestions" }, h("h2", {}, t("page.shortlist.addTitle")), show, box);
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
