// The page shell: header (navigation, language, sign-in), hash routing, re-render on language.

import { h, replace } from "./dom.js";
import { t, lang, setLang, onLangChange } from "./i18n.js";
import { currentUser, signOut } from "./api.js";
import { notice } from "./components.js";
import * as find from "./views/find.js";
import * as town from "./views/town.js";
import * as compare from "./views/compare.js";
import * as shortlist from "./views/shortlist.js";
import * as consortium from "./views/consortium.js";
import * as signin from "./views/signin.js";

const ROUTES = { find, town, compare, shortlist, consortium, signin };
const NAV = [
  ["find", "nav.find"],
  ["compare", "nav.compare"],
  ["shortlist", "nav.shortlist"],
  ["consortium", "nav.consortium"],
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
  const langButton = h("button", { type: "button", class: "lang", lang: lang() === "pl" ? "en" : "pl", "aria-label": t("lang.switchLabel"), id: "lang-switch" }, t("lang.switch"));
  langButton.addEventListener("click", () => setLang(lang() === "pl" ? "en" : "pl"));
  let auth;
  if (user) {
    const out = h("button", { type: "button", class: "link", id: "signout" }, t("auth.signout"));
    out.addEventListener("click", () => {
      signOut();
      renderHeader();
      route();
    });
    auth = h("div", { class: "auth" }, h("span", { class: "who", id: "signed-in" }, t("auth.signedInAs", { name: user.name, role: user.role })), out);
  } else {
    auth = h("div", { class: "auth" }, h("a", { href: "#/signin", class: "button", id: "signin-link" }, t("auth.signin")));
  }
  replace(
    header,
    h("a", { href: "#/", class: "skip", onClick: skipToMain }, `↓ ${t("nav.main")}`),
    h("div", { class: "brand" }, h("a", { href: "#/find" }, t("app.title")), h("span", { class: "tagline" }, t("app.tagline"))),
    h(
      "nav",
      { "aria-label": t("nav.main") },
      h("ul", {}, NAV.map(([name, key]) => h("li", {}, h("a", { href: `#/${name}`, "aria-current": current === name ? "page" : false }, t(key))))),
    ),
    h("div", { class: "tools" }, auth, langButton),
  );
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
  document.title = t("app.title");
  if (!view) {
    replace(main, h("h1", {}, t("notFound.title")), h("p", {}, h("a", { href: "#/find" }, t("notFound.back"))));
    return;
  }
  try {
    await view.render(main, args);
  } catch (err) {
    if (mine === renderSeq) replace(main, notice("error", err.message || String(err)));
  }
  if (mine === renderSeq) document.body.dataset.ready = name;
}

document.documentElement.lang = lang();
onLangChange(() => {
  route();
  document.getElementById("lang-switch")?.focus();
});
document.addEventListener("auth-changed", renderHeader);
window.addEventListener("hashchange", () => {
  route();
  main.focus({ preventScroll: true });
});
route();
