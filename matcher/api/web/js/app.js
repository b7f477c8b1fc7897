// The page shell: header (navigation, language, sign-in), hash routing, re-render on language.
// The language catalogue is loaded from the server before anything renders.

import { h, replace } from "./dom.js";
import { t, N_, lang, languages, setLang, onLangChange, loadCatalogue, roleName } from "./i18n.js";
import { currentUser, signOut } from "./api.js";
import { notice } from "./components.js";
import * as find from "./views/find.js";
import * as town from "./views/town.js";
import * as compare from "./views/compare.js";
import * as shortlist from "./views/shortlist.js";
import * as shortlists from "./views/shortlists.js";
import * as consortium from "./views/consortium.js";
import * as signin from "./views/signin.js";
import * as inbox from "./views/inbox.js";

const ROUTES = { find, town, compare, shortlist, shortlists, consortium, signin, inbox };
const NAV = [
  ["find", N_("page.nav.find")],
  ["compare", N_("page.nav.compare")],
  ["shortlist", N_("page.nav.shortlist")],
  ["shortlists", N_("page.nav.overview")],
  ["consortium", N_("page.nav.consortium")],
];

const header = document.getElementById("site-header");
const main = document.getElementById("main");

/** "#/town/PL-1465011" -> ["town", ["PL-1465011"]] */
function parseHash() {
  const parts = location.hash.replace(/^#\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);
  const [name = "find", ...args] = parts;
  return [name, args];
}

function renderHeader() {
  const [current] = parseHash();
  const user = currentUser();
  const langSwitch = languageSwitch();
  let auth;
  if (user) {
    const out = h("button", { type: "button", class: "link", id: "signout" }, t("page.auth.signout"));
    out.addEventListener("click", () => {
      signOut();
      renderHeader();
      route();
    });
    const inboxLink = h("a", { href: "#/inbox", class: "link", id: "inbox-nav" }, t("page.inbox.title"));
    auth = h("div", { class: "auth" }, h("span", { class: "who", id: "signed-in" }, t("page.auth.signedInAs", { name: user.name, role: roleName(user.role) })), inboxLink, out);
  } else {
    auth = h("div", { class: "auth" }, h("a", { href: "#/signin", class: "button", id: "signin-link" }, t("page.auth.signin")));
  }
  replace(
    header,
    h("a", { href: "#/", class: "skip", onClick: skipToMain }, `↓ ${t("page.nav.skip")}`),
    h("div", { class: "brand" }, h("a", { href: "#/find" }, t("page.app.title")), h("span", { class: "tagline" }, t("page.app.tagline"))),
    h(
      "nav",
      { "aria-label": t("page.nav.main") },
      h("ul", {}, NAV.map(([name, key]) => h("li", {}, h("a", { href: `#/${name}`, "aria-current": current === name ? "page" : false }, t(key))))),
    ),
    h("div", { class: "tools" }, auth, langSwitch),
  );
}

/** One button per language, each named in its own language (lang attribute set), the
 * current one pressed. */
function languageSwitch() {
  const buttons = languages().map(({ code, name }) => {
    const current = code === lang();
    const button = h("button", { type: "button", class: "lang", lang: code, "aria-pressed": String(current), dataset: { lang: code } }, name);
    button.addEventListener("click", async () => {
      if (current) return;
      try {
        await setLang(code);
      } catch (err) {
        replace(main, notice("error", t("page.common.network")));
      }
    });
    return button;
  });
  return h("div", { class: "lang-switch", role: "group", "aria-label": t("page.lang.choose"), id: "lang-switch" }, buttons);
}

function skipToMain(e) {
  e.preventDefault();
  main.focus();
}

let renderSeq = 0;

async function route() {
  const mine = ++renderSeq;
  const [name, args] = parseHash();
  const view = ROUTES[name];
  renderHeader();
  document.title = t("page.app.title");
  if (!view) {
    replace(main, h("h1", {}, t("page.notFound.title")), h("p", {}, h("a", { href: "#/find" }, t("page.notFound.back"))));
    document.body.dataset.ready = "not-found";
    return;
  }
  // each render gets its own slot: a view still awaiting the API when the next one starts
  // (the sign-in redirect, a quick second click) writes into a slot no longer on the page
  const slot = h("div", { class: "view", dataset: { view: name } });
  replace(main, slot);
  try {
    await view.render(slot, args);
  } catch (err) {
    if (mine === renderSeq) replace(slot, notice("error", err.message || String(err)));
  }
  if (mine === renderSeq) document.body.dataset.ready = name;
}

async function start() {
  try {
    await loadCatalogue();
  } catch {
    document.getElementById("boot-error").hidden = false; // no catalogue, no words of ours
    return;
  }
  onLangChange(async (code) => {
    await route();
    document.querySelector(`#lang-switch [data-lang="${code}"]`)?.focus();
  });
  document.addEventListener("auth-changed", renderHeader);
  window.addEventListener("hashchange", () => {
    route();
    main.focus({ preventScroll: true });
  });
  await route();
}

start();
