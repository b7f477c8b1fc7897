// Every user-visible string of the page, in English and Polish, in one table.

const STRINGS = {
  en: {
    "app.title": "Partner towns",
    "app.tagline": "Find partner towns in Europe, with reasons you can show your mayor.",
    "nav.find": "Find partners",
    "nav.compare": "Compare",
    "nav.shortlist": "Shortlists",
    "nav.consortium": "Consortium",
    "nav.main": "Main",
    "lang.switch": "Polski",
    "lang.switchLabel": "Przełącz na język polski",
    "auth.signin": "Sign in",
    "auth.signout": "Sign out",
    "auth.signedInAs": "Signed in as {name} ({role})",
    "auth.title": "Sign in with an API key",
    "auth.help": "Curators and town editors receive a key from the administrator (`matcher users add`). The key is kept only in this browser tab.",
    "auth.key": "API key",
    "auth.ok": "Signed in as {name}.",
    "auth.needed": "Sign in as a curator to use shortlists.",
    "common.loading": "Loading…",
    "common.search": "Search",
    "common.none": "None",
    "common.error": "Error",
    "common.network": "The server cannot be reached. Is `matcher serve` running?",
    "common.population": "Population",
    "common.inhabitants": "{n} inhabitants",
    "common.country": "Country",
    "common.score": "Score",
    "common.source": "Source",
    "common.save": "Save",
    "common.cancel": "Cancel",
    "common.close": "Close",
    "common.km": "{n} km",
    "common.unknown": "unknown",
    "town.label": "Town",
    "town.placeholder": "Type a town name, e.g. Zakopane",
    "town.noMatch": "No town matches “{q}”.",
    "town.pickFirst": "Pick a town from the list.",
    "find.title": "Find partner towns",
    "find.intro": "Pick your town, optionally narrow the search, and describe what you are looking for in Polish or English.",
    "find.filters": "Filters",
    "find.countries": "Countries",
    "find.anyCountry": "any country",
    "find.minPop": "Minimum population",
    "find.maxPop": "Maximum population",
    "find.maxDist": "Maximum distance (km)",
    "find.themes": "Themes",
    "find.wish": "What are you looking for? (optional)",
    "find.wishPlaceholder": "e.g. small spa town, looking for a partner in France",
    "find.sameCountry": "Include towns in my own country",
    "find.limit": "Number of suggestions",
    "find.submit": "Find partners",
    "find.needInput": "Pick a town or write what you are looking for.",
    "find.results": "Suggestions for {town}",
    "find.resultsText": "Towns matching your description",
    "find.empty": "No suggestions match these filters. Try fewer filters.",
    "find.took": "{n} suggestions in {ms} ms",
    "find.scoreHelp": "The score is the sum of the factors below: bars to the right speak for the match, bars to the left against it.",
    "find.shortlist": "Add to shortlist",
    "find.shortlisted": "On the shortlist",
    "find.compare": "Compare",
    "find.openTown": "Town page",
    "map.title": "Map",
    "map.label": "Map of Europe with {town} and its suggestions",
    "map.source": "Your town",
    "map.suggestion": "Suggestion",
    "map.partner": "Existing partner",
    "map.attribution": "Outlines: Natural Earth (public domain)",
    "reason.positive": "for",
    "reason.negative": "against",
    "reason.showAll": "Show all factors ({n} more)",
    "factor.text": "Profile text",
    "factor.themes": "Shared themes",
    "factor.networks": "Shared networks",
    "factor.population": "Population",
    "factor.distance": "Distance",
    "factor.country_affinity": "Country ties",
    "factor.regional_affinity": "Regional ties",
    "factor.ties": "Existing ties",
    "factor.partners_of_partners": "Partners of partners",
    "factor.openness": "Openness to twinning",
    "factor.needs_offers": "Needs and offers",
    "factor.query": "Your description",
    "factor.query_match": "Understood from your text",
    "townPage.facts": "Facts",
    "townPage.fact": "Fact",
    "townPage.value": "Value",
    "townPage.themes": "Themes",
    "townPage.networks": "Networks",
    "townPage.projects": "Projects",
    "townPage.partners": "Existing partners",
    "townPage.profile": "Profile",
    "townPage.offers": "We offer",
    "townPage.seeks": "We seek",
    "townPage.contact": "Contact",
    "townPage.findFor": "Find partners for {town}",
    "townPage.compareWith": "Compare with another town",
    "townPage.role": "role: {role}",
    "townPage.since": "since {year}",
    "townPage.evidence": "Evidence",
    "townPage.noProfile": "This town has not written a profile yet.",
    "compare.title": "Compare two towns",
    "compare.first": "First town",
    "compare.second": "Second town",
    "compare.submit": "Compare",
    "compare.match": "How well {a} and {b} match",
    "compare.common": "In common",
    "compare.commonThemes": "Shared themes",
    "compare.commonNetworks": "Shared networks",
    "compare.same": "The two towns must differ.",
    "shortlist.title": "Shortlists",
    "shortlist.for": "Shortlist of {town}",
    "shortlist.pick": "Show shortlist",
    "shortlist.empty": "The shortlist is empty. Add suggestions from the “Find partners” page.",
    "shortlist.candidate": "Candidate",
    "shortlist.status": "Status",
    "shortlist.note": "Note",
    "shortlist.newStatus": "New status",
    "shortlist.updated": "Updated",
    "shortlist.change": "Change",
    "shortlist.history": "History",
    "shortlist.hideHistory": "Hide history",
    "shortlist.noHistory": "No changes yet.",
    "shortlist.by": "by {user}",
    "shortlist.export": "Export",
    "shortlist.exportCsv": "Download CSV",
    "shortlist.exportXlsx": "Download Excel (XLSX)",
    "shortlist.added": "{town} was added to the shortlist.",
    "shortlist.saved": "Status saved.",
    "shortlist.downloaded": "Downloaded {file}.",
    "shortlist.noteRequired": "Write a note when reopening.",
    "shortlist.keep": "keep “{status}”, add a note",
    "status.suggested": "suggested",
    "status.proposed": "proposed",
    "status.contacted": "contacted",
    "status.accepted": "accepted",
    "status.declined": "declined",
    "consortium.title": "Build a consortium",
    "consortium.intro": "Pick the lead town and an EU call; we propose members that fit the theme and check the call's rules.",
    "consortium.lead": "Lead town",
    "consortium.call": "Call",
    "consortium.size": "Number of towns (with the lead)",
    "consortium.theme": "Theme",
    "consortium.anyTheme": "any theme",
    "consortium.topic": "Topic (free text, optional)",
    "consortium.submit": "Build consortium",
    "consortium.checks": "Rule check",
    "consortium.passed": "All rules of the call are met.",
    "consortium.failed": "Some rules of the call are not met.",
    "consortium.pass": "passed",
    "consortium.fail": "failed",
    "consortium.members": "Members",
    "consortium.role.lead": "lead",
    "consortium.role.member": "member",
    "consortium.role.partner": "partner",
    "consortium.minMembers": "at least {n} towns",
    "consortium.minCountries": "from at least {n} countries",
    "consortium.minEu": "at least {n} of them EU Member States",
    "notFound.title": "Page not found",
    "notFound.back": "Back to the start page",
  },
  pl: {
    "app.title": "Miasta partnerskie",
    "app.tagline": "Znajdź miasta partnerskie w Europie, z uzasadnieniem, które można pokazać burmistrzowi.",
    "nav.find": "Szukaj partnerów",
    "nav.compare": "Porównaj",
    "nav.shortlist": "Listy kandydatów",
    "nav.consortium": "Konsorcjum",
    "nav.main": "Główne",
    "lang.switch": "English",
    "lang.switchLabel": "Switch to English",
    "auth.signin": "Zaloguj się",
    "auth.signout": "Wyloguj się",
    "auth.signedInAs": "Zalogowano jako {name} ({role})",
    "auth.title": "Logowanie kluczem API",
    "auth.help": "Kuratorzy i redaktorzy gmin otrzymują klucz od administratora (`matcher users add`). Klucz jest przechowywany tylko w tej karcie przeglądarki.",
    "auth.key": "Klucz API",
    "auth.ok": "Zalogowano jako {name}.",
    "auth.needed": "Zaloguj się jako kurator, aby korzystać z list kandydatów.",
    "common.loading": "Wczytywanie…",
    "common.search": "Szukaj",
    "common.none": "Brak",
    "common.error": "Błąd",
    "common.network": "Brak połączenia z serwerem. Czy `matcher serve` działa?",
    "common.population": "Liczba mieszkańców",
    "common.inhabitants": "{n} mieszkańców",
    "common.country": "Kraj",
    "common.score": "Wynik",
    "common.source": "Źródło",
    "common.save": "Zapisz",
    "common.cancel": "Anuluj",
    "common.close": "Zamknij",
    "common.km": "{n} km",
    "common.unknown": "nieznana",
    "town.label": "Miejscowość",
    "town.placeholder": "Wpisz nazwę, np. Zakopane",
    "town.noMatch": "Żadna miejscowość nie pasuje do „{q}”.",
    "town.pickFirst": "Wybierz miejscowość z listy.",
    "find.title": "Szukaj miast partnerskich",
    "find.intro": "Wybierz swoją gminę, opcjonalnie zawęź wyszukiwanie i opisz, czego szukasz, po polsku lub po angielsku.",
    "find.filters": "Filtry",
    "find.countries": "Kraje",
    "find.anyCountry": "dowolny kraj",
    "find.minPop": "Minimalna liczba mieszkańców",
    "find.maxPop": "Maksymalna liczba mieszkańców",
    "find.maxDist": "Maksymalna odległość (km)",
    "find.themes": "Tematy",
    "find.wish": "Czego szukasz? (opcjonalnie)",
    "find.wishPlaceholder": "np. małe miasto uzdrowiskowe, szukamy partnera we Francji",
    "find.sameCountry": "Uwzględnij miejscowości z mojego kraju",
    "find.limit": "Liczba propozycji",
    "find.submit": "Szukaj partnerów",
    "find.needInput": "Wybierz miejscowość albo opisz, czego szukasz.",
    "find.results": "Propozycje dla: {town}",
    "find.resultsText": "Miejscowości pasujące do opisu",
    "find.empty": "Żadna propozycja nie spełnia tych filtrów. Spróbuj z mniejszą liczbą filtrów.",
    "find.took": "{n} propozycji w {ms} ms",
    "find.scoreHelp": "Wynik to suma czynników poniżej: paski w prawo przemawiają za dopasowaniem, paski w lewo przeciw niemu.",
    "find.shortlist": "Dodaj do listy kandydatów",
    "find.shortlisted": "Na liście kandydatów",
    "find.compare": "Porównaj",
    "find.openTown": "Strona miejscowości",
    "map.title": "Mapa",
    "map.label": "Mapa Europy: {town} i proponowani partnerzy",
    "map.source": "Twoja miejscowość",
    "map.suggestion": "Propozycja",
    "map.partner": "Obecny partner",
    "map.attribution": "Granice: Natural Earth (domena publiczna)",
    "reason.positive": "za",
    "reason.negative": "przeciw",
    "reason.showAll": "Pokaż wszystkie czynniki (jeszcze {n})",
    "factor.text": "Opis miejscowości",
    "factor.themes": "Wspólne tematy",
    "factor.networks": "Wspólne sieci",
    "factor.population": "Liczba mieszkańców",
    "factor.distance": "Odległość",
    "factor.country_affinity": "Więzi między krajami",
    "factor.regional_affinity": "Więzi regionalne",
    "factor.ties": "Istniejące powiązania",
    "factor.partners_of_partners": "Partnerzy partnerów",
    "factor.openness": "Otwartość na partnerstwa",
    "factor.needs_offers": "Potrzeby i oferty",
    "factor.query": "Twój opis",
    "factor.query_match": "Zrozumiane z opisu",
    "townPage.facts": "Fakty",
    "townPage.fact": "Fakt",
    "townPage.value": "Wartość",
    "townPage.themes": "Tematy",
    "townPage.networks": "Sieci",
    "townPage.projects": "Projekty",
    "townPage.partners": "Obecni partnerzy",
    "townPage.profile": "Profil",
    "townPage.offers": "Oferujemy",
    "townPage.seeks": "Szukamy",
    "townPage.contact": "Kontakt",
    "townPage.findFor": "Szukaj partnerów dla: {town}",
    "townPage.compareWith": "Porównaj z inną miejscowością",
    "townPage.role": "rola: {role}",
    "townPage.since": "od {year}",
    "townPage.evidence": "Dowody",
    "townPage.noProfile": "Ta miejscowość nie ma jeszcze profilu.",
    "compare.title": "Porównaj dwie miejscowości",
    "compare.first": "Pierwsza miejscowość",
    "compare.second": "Druga miejscowość",
    "compare.submit": "Porównaj",
    "compare.match": "Jak bardzo pasują do siebie {a} i {b}",
    "compare.common": "Wspólne",
    "compare.commonThemes": "Wspólne tematy",
    "compare.commonNetworks": "Wspólne sieci",
    "compare.same": "Wybierz dwie różne miejscowości.",
    "shortlist.title": "Listy kandydatów",
    "shortlist.for": "Lista kandydatów: {town}",
    "shortlist.pick": "Pokaż listę",
    "shortlist.empty": "Lista jest pusta. Dodaj propozycje na stronie „Szukaj partnerów”.",
    "shortlist.candidate": "Kandydat",
    "shortlist.status": "Status",
    "shortlist.note": "Notatka",
    "shortlist.newStatus": "Nowy status",
    "shortlist.updated": "Zmieniono",
    "shortlist.change": "Zmień",
    "shortlist.history": "Historia",
    "shortlist.hideHistory": "Ukryj historię",
    "shortlist.noHistory": "Brak zmian.",
    "shortlist.by": "zmienił(a): {user}",
    "shortlist.export": "Eksport",
    "shortlist.exportCsv": "Pobierz CSV",
    "shortlist.exportXlsx": "Pobierz Excel (XLSX)",
    "shortlist.added": "Dodano {town} do listy kandydatów.",
    "shortlist.saved": "Zapisano status.",
    "shortlist.downloaded": "Pobrano {file}.",
    "shortlist.noteRequired": "Przy ponownym otwarciu wpisz notatkę.",
    "shortlist.keep": "bez zmiany („{status}”), dodaj notatkę",
    "status.suggested": "sugerowany",
    "status.proposed": "zaproponowany",
    "status.contacted": "nawiązano kontakt",
    "status.accepted": "przyjęty",
    "status.declined": "odrzucony",
    "consortium.title": "Zbuduj konsorcjum",
    "consortium.intro": "Wybierz miasto wiodące i nabór UE; zaproponujemy członków pasujących do tematu i sprawdzimy zasady naboru.",
    "consortium.lead": "Miasto wiodące",
    "consortium.call": "Nabór",
    "consortium.size": "Liczba miejscowości (z wiodącą)",
    "consortium.theme": "Temat",
    "consortium.anyTheme": "dowolny temat",
    "consortium.topic": "Temat projektu (opis, opcjonalnie)",
    "consortium.submit": "Zbuduj konsorcjum",
    "consortium.checks": "Sprawdzenie zasad",
    "consortium.passed": "Wszystkie zasady naboru są spełnione.",
    "consortium.failed": "Niektóre zasady naboru nie są spełnione.",
    "consortium.pass": "spełniona",
    "consortium.fail": "niespełniona",
    "consortium.members": "Członkowie",
    "consortium.role.lead": "lider",
    "consortium.role.member": "członek",
    "consortium.role.partner": "partner",
    "consortium.minMembers": "co najmniej {n} miejscowości",
    "consortium.minCountries": "z co najmniej {n} krajów",
    "consortium.minEu": "w tym co najmniej {n} z państw członkowskich UE",
    "notFound.title": "Nie ma takiej strony",
    "notFound.back": "Wróć na stronę główną",
  },
};

// Countries of the data universe (EU, EEA, CH, UK, candidates and neighbours), for filters.
export const COUNTRIES = {
  AL: ["Albania", "Albania"], AT: ["Austria", "Austria"], BA: ["Bosnia and Herzegovina", "Bośnia i Hercegowina"],
  BE: ["Belgium", "Belgia"], BG: ["Bulgaria", "Bułgaria"], CH: ["Switzerland", "Szwajcaria"],
  CY: ["Cyprus", "Cypr"], CZ: ["Czechia", "Czechy"], DE: ["Germany", "Niemcy"], DK: ["Denmark", "Dania"],
  EE: ["Estonia", "Estonia"], ES: ["Spain", "Hiszpania"], FI: ["Finland", "Finlandia"], FR: ["France", "Francja"],
  GB: ["United Kingdom", "Wielka Brytania"], GE: ["Georgia", "Gruzja"], GR: ["Greece", "Grecja"],
  HR: ["Croatia", "Chorwacja"], HU: ["Hungary", "Węgry"], IE: ["Ireland", "Irlandia"], IS: ["Iceland", "Islandia"],
  IT: ["Italy", "Włochy"], LI: ["Liechtenstein", "Liechtenstein"], LT: ["Lithuania", "Litwa"],
  LU: ["Luxembourg", "Luksemburg"], LV: ["Latvia", "Łotwa"], MD: ["Moldova", "Mołdawia"],
  ME: ["Montenegro", "Czarnogóra"], MK: ["North Macedonia", "Macedonia Północna"], MT: ["Malta", "Malta"],
  NL: ["Netherlands", "Holandia"], NO: ["Norway", "Norwegia"], PL: ["Poland", "Polska"], PT: ["Portugal", "Portugalia"],
  RO: ["Romania", "Rumunia"], RS: ["Serbia", "Serbia"], SE: ["Sweden", "Szwecja"], SI: ["Slovenia", "Słowenia"],
  SK: ["Slovakia", "Słowacja"], TR: ["Türkiye", "Turcja"], UA: ["Ukraine", "Ukraina"], XK: ["Kosovo", "Kosowo"],
};

const STORAGE_KEY = "matcher.lang";
const listeners = new Set();
let current = initialLang();

function initialLang() {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === "en" || saved === "pl") return saved;
  } catch {
    // storage may be disabled; fall through to the browser's language
  }
  return (navigator.language || "en").toLowerCase().startsWith("pl") ? "pl" : "en";
}

/** The current language: 'en' or 'pl'. */
export function lang() {
  return current;
}

/** Switch language, remember it, update <html lang> and tell the listeners. */
export function setLang(value) {
  current = value === "pl" ? "pl" : "en";
  try {
    localStorage.setItem(STORAGE_KEY, current);
  } catch {
    // not remembered; still switched
  }
  document.documentElement.lang = current;
  for (const fn of listeners) fn(current);
}

export function onLangChange(fn) {
  listeners.add(fn);
}

/** The string `key` in the current language, with `{name}` placeholders filled from `vars`. */
export function t(key, vars = {}) {
  const table = STRINGS[current];
  const raw = table[key] ?? STRINGS.en[key] ?? key;
  return raw.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : `{${name}}`));
}

/** A text with English and Polish variants (`obj[base + '_en']`, `obj[base + '_pl']`). */
export function pick(obj, base) {
  return obj[`${base}_${current}`] ?? obj[`${base}_en`] ?? "";
}

/** Country name in the current language (the code itself when unknown). */
export function countryName(code) {
  const names = COUNTRIES[code];
  return names ? names[current === "pl" ? 1 : 0] : code;
}

/** Factor label; falls back to the key with underscores as spaces. */
export function factorName(factor) {
  const key = `factor.${factor}`;
  const label = t(key);
  return label === key ? factor.replaceAll("_", " ") : label;
}

/** Status label in the current language. */
export function statusName(status) {
  const key = `status.${status}`;
  const label = t(key);
  return label === key ? status : label;
}

/** Integer with the locale's digit grouping. */
export function fmtInt(n) {
  return n === null || n === undefined ? t("common.unknown") : Math.round(n).toLocaleString(locale());
}

/** Number with fixed decimals, signed when asked. */
export function fmtNum(n, digits = 2, signed = false) {
  const s = Number(n).toLocaleString(locale(), {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return signed && n > 0 ? `+${s}` : s.replace("-", "−");
}

export function fmtDate(iso) {
  if (!iso) return "";
  return new Date(iso).toLocaleString(locale(), { dateStyle: "medium", timeStyle: "short" });
}

function locale() {
  return current === "pl" ? "pl-PL" : "en-GB";
}

/** Keys of one language missing in the other (used by the tests). */
export function missingKeys() {
  const en = Object.keys(STRINGS.en);
  const pl = Object.keys(STRINGS.pl);
  return [...en.filter((k) => !pl.includes(k)), ...pl.filter((k) => !en.includes(k))];
}
