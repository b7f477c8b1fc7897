// Sign in with an API key (checked by GET /me, kept in sessionStorage for this tab only).

import { h, replace } from "../dom.js";
import { signIn } from "../api.js";
import { t } from "../i18n.js";
import { notice, field } from "../components.js";

export function render(main) {
  const key = h("input", { type: "password", name: "key", autocomplete: "off", required: true, spellcheck: "false" });
  const msg = h("div", {});
  const form = h(
    "form",
    { class: "card signin-form" },
    h("p", {}, t("page.auth.help")),
    field(t("page.auth.key"), key),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, t("page.auth.signin"))),
    msg,
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (!key.value.trim()) {
      replace(msg, notice("error", t("page.auth.key")));
      key.focus();
      return;
    }
    try {
      const me = await signIn(key.value.trim());
      document.dispatchEvent(new CustomEvent("auth-changed"));
      replace(msg, notice("ok", t("page.auth.ok", { name: me.name })));
      location.hash = me.town_id && me.role === "editor" ? `#/shortlist/${encodeURIComponent(me.town_id)}` : "#/shortlist";
    } catch (err) {
      replace(msg, notice("error", err.message));
      key.select();
    }
  });
  replace(main, h("h1", {}, t("page.auth.title")), form);
  key.focus();
}
