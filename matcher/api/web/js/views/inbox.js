// A town's interest inbox: threads other towns started and its own, each thread with its
// messages and the actions the API allows this side now (thread.actions). Curators without a
// town see every thread (GET /interest).

import { h, replace } from "../dom.js";
import { request, currentUser } from "../api.js";
import { t, N_, fmtDate, countryName } from "../i18n.js";
import { notice, loading, field } from "../components.js";

const ACTIONS = {
  answer: N_("page.inbox.action.answer"),
  reply: N_("page.inbox.action.reply"),
  decline: N_("page.inbox.action.decline"),
};
const KINDS = {
  interest: N_("page.inbox.kind.interest"),
  reply: N_("page.inbox.kind.reply"),
  answer: N_("page.inbox.kind.answer"),
  decline: N_("page.inbox.kind.decline"),
};

export async function render(main, [townId, threadId]) {
  replace(main, loading());
  if (!townId) return renderAll(main);
  const base = `/towns/${encodeURIComponent(townId)}/interest`;
  const asked = location.hash;
  let inbox, town;
  try {
    [town, inbox] = await Promise.all([request(`/towns/${encodeURIComponent(townId)}`), request(base)]);
  } catch (err) {
    replace(main, h("h1", {}, t("page.inbox.title")), notice("error", err.message), err.status === 401 ? h("p", {}, h("a", { href: "#/signin" }, t("page.auth.signin"))) : null);
    return;
  }
  if (location.hash !== asked) return; // the reader moved on while this page loaded
  const detail = h("section", { class: "thread-detail", "aria-live": "polite" });
  replace(
    main,
    h("h1", {}, t("page.inbox.titleFor", { town: town.name })),
    h(
      "div",
      { class: "split" },
      h(
        "div",
        { class: "split-main" },
        threadList(t("page.inbox.incoming"), inbox.incoming, townId, "incoming"),
        threadList(t("page.inbox.outgoing"), inbox.outgoing, townId, "outgoing"),
      ),
      h("div", { class: "split-side" }, detail),
    ),
  );
  if (threadId) await showThread(detail, townId, threadId);
}

function other(thread, townId) {
  return thread.from_town.id === townId ? thread.to_town : thread.from_town;
}

function threadList(title, threads, townId, kind) {
  return h(
    "section",
    { class: `card threads ${kind}` },
    h("h2", {}, title, " ", h("span", { class: "count" }, `(${threads.length})`)),
    threads.length
      ? h(
          "ul",
          { class: "plain" },
          threads.map((th) => {
            const o = other(th, townId);
            return h(
              "li",
              { class: `thread status-${th.status}`, dataset: { id: th.id } },
              h("a", { href: `#/inbox/${encodeURIComponent(townId)}/${th.id}` }, o.name),
              h("span", { class: "muted" }, ` · ${countryName(o.country_code)} · `),
              h("span", { class: "tag status" }, th.status_label),
              h("p", { class: "muted small" }, th.last_message),
            );
          }),
        )
      : h("p", { class: "muted" }, t("page.inbox.empty")),
  );
}

async function showThread(detail, townId, threadId) {
  replace(detail, loading());
  const url = `/towns/${encodeURIComponent(townId)}/interest/${encodeURIComponent(threadId)}`;
  let th;
  try {
    th = await request(url);
  } catch (err) {
    replace(detail, notice("error", err.message));
    return;
  }
  const o = other(th, townId);
  const body = h("textarea", { name: "body", rows: 3, maxlength: 2000 });
  const msg = h("div", { "aria-live": "polite" });
  const send = async (kind) => {
    try {
      await request(`${url}/messages`, { method: "POST", body: { kind, body: body.value, version: th.version } });
      location.hash = `#/inbox/${encodeURIComponent(townId)}/${th.id}`;
      await render(document.getElementById("main"), [townId, String(th.id)]);
    } catch (err) {
      replace(msg, notice("error", err.message), err.status === 409 ? h("button", { type: "button", onClick: () => showThread(detail, townId, threadId) }, t("page.inbox.reload")) : null);
    }
  };
  replace(
    detail,
    h(
      "article",
      { class: "card thread-view", id: "thread" },
      h("h2", {}, t("page.inbox.with", { town: o.name })),
      h("p", {}, h("span", { class: "tag status", id: "thread-status" }, th.status_label)),
      h(
        "ol",
        { class: "messages plain" },
        th.messages.map((m) =>
          h(
            "li",
            { class: `message ${m.town_id === townId ? "mine" : "theirs"}`, dataset: { kind: m.kind } },
            h("p", { class: "muted small" }, `${t(KINDS[m.kind] || KINDS.reply)} · ${m.author} · ${fmtDate(m.at)}`),
            m.body ? h("p", {}, m.body) : null,
          ),
        ),
      ),
      th.actions.length
        ? h(
            "form",
            { class: "reply-form", onSubmit: (e) => e.preventDefault() },
            field(t("page.inbox.message"), body),
            h("div", { class: "actions" }, th.actions.map((kind) => h("button", { type: "button", class: kind === "decline" ? "danger" : "primary", dataset: { action: kind }, onClick: () => send(kind) }, t(ACTIONS[kind])))),
            msg,
          )
        : h("p", { class: "muted" }, t("page.inbox.closed")),
    ),
  );
}

// Every thread when the API allows it (curators); otherwise the signed-in user's own town.
async function renderAll(main) {
  let list;
  try {
    list = await request("/interest");
  } catch (err) {
    const own = currentUser()?.town_id;
    if (err.status === 403 && own) {
      history.replaceState(null, "", `#/inbox/${encodeURIComponent(own)}`);
      return render(main, [own]);
    }
    replace(main, h("h1", {}, t("page.inbox.title")), notice("error", err.message));
    return;
  }
  replace(
    main,
    h("h1", {}, t("page.inbox.all")),
    h(
      "section",
      { class: "card threads" },
      list.data.length
        ? h(
            "ul",
            { class: "plain" },
            list.data.map((th) =>
              h(
                "li",
                { class: "thread" },
                h("a", { href: `#/inbox/${encodeURIComponent(th.to_town.id)}/${th.id}` }, `${th.from_town.name} → ${th.to_town.name}`),
                " ",
                h("span", { class: "tag status" }, th.status_label),
              ),
            ),
          )
        : h("p", { class: "muted" }, t("page.inbox.empty")),
    ),
  );
}
