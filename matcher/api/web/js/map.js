// A map of Europe drawn as SVG: country outlines shipped in europe.json, towns as points.
// Projection: Lambert azimuthal equal-area centred on 52°N 10°E (as EPSG:3035), no tiles.

import { svg, h } from "./dom.js";
import { t, countryName, fmtInt } from "./i18n.js";

const RAD = Math.PI / 180;
const LAT0 = 52 * RAD;
const LON0 = 10 * RAD;
const R = 1000;
// The part of Europe always shown; the view grows to include every point.
const DEFAULT_VIEW = { lon: [-11, 38], lat: [35, 69] };

/** [x, y] in SVG units (y down) for a longitude/latitude in degrees. */
export function project(lon, lat) {
  const phi = lat * RAD;
  const dl = lon * RAD - LON0;
  const cosc = Math.sin(LAT0) * Math.sin(phi) + Math.cos(LAT0) * Math.cos(phi) * Math.cos(dl);
  const k = Math.sqrt(2 / (1 + cosc));
  const x = k * Math.cos(phi) * Math.sin(dl);
  const y = k * (Math.cos(LAT0) * Math.sin(phi) - Math.sin(LAT0) * Math.cos(phi) * Math.cos(dl));
  return [x * R, -y * R];
}

let outline = null;

/** Country outlines as SVG path strings, loaded once (europe.json is already projected). */
async function loadOutline() {
  if (!outline) {
    outline = fetch("europe.json")
      .then((r) => (r.ok ? r.json() : { countries: [] }))
      .then((data) =>
        data.countries.map((c) => ({
          code: c.code,
          name: c.name,
          // rings come projected by scripts/make_outline.py with this same projection
          d: c.rings.map((ring) => `M${ring.join("L")}Z`).join(""),
        })),
      )
      .catch(() => []);
  }
  return outline;
}

loadOutline(); // start the download with the page, not with the first map

function defaultBounds() {
  const xs = [];
  const ys = [];
  for (let lon = DEFAULT_VIEW.lon[0]; lon <= DEFAULT_VIEW.lon[1]; lon += 7) {
    for (const lat of DEFAULT_VIEW.lat) {
      const [x, y] = project(lon, lat);
      xs.push(x);
      ys.push(y);
    }
  }
  return { xs, ys };
}

function hasCoords(town) {
  return town && typeof town.latitude === "number" && typeof town.longitude === "number";
}

// Beyond this box a point would stretch the map of Europe to a sliver: such towns are
// listed by name instead (outsideEurope), not drawn.
const EUROPE_BOX = { lon: [-32, 50], lat: [27, 72] };

function inEurope(town) {
  const { longitude: lon, latitude: lat } = town;
  return lon >= EUROPE_BOX.lon[0] && lon <= EUROPE_BOX.lon[1] && lat >= EUROPE_BOX.lat[0] && lat <= EUROPE_BOX.lat[1];
}

/** The towns of `towns` the map does not draw (outside Europe, or without coordinates). */
export function outsideEurope(towns) {
  return towns.filter((town) => !hasCoords(town) || !inEurope(town));
}

function drawable(town) {
  return hasCoords(town) && inEurope(town);
}

/**
 * Draw the map. `source`: the town searched for; `suggestions`: ranked towns (numbered);
 * `partners`: existing partners; `highlight`: country codes to tint. Returns a <figure>.
 */
export function drawMap({ source = null, suggestions = [], partners = [], label = "" } = {}) {
  const figure = h("figure", { class: "map" });
  const holder = h("div", { class: "map-canvas" });
  figure.append(holder, legend(source, suggestions, partners));
  loadOutline().then((countries) => {
    holder.append(render(countries, source, suggestions, partners, label));
  });
  return figure;
}

function render(countries, source, suggestions, partners, label) {
  const { xs, ys } = defaultBounds();
  const towns = [source, ...suggestions, ...partners].filter(drawable);
  const projected = new Map();
  for (const town of towns) {
    const p = project(town.longitude, town.latitude);
    projected.set(town, p);
    xs.push(p[0]);
    ys.push(p[1]);
  }
  const pad = 30;
  const x0 = Math.min(...xs) - pad;
  const y0 = Math.min(...ys) - pad;
  const w = Math.max(...xs) + pad - x0;
  const hgt = Math.max(...ys) + pad - y0;
  const unit = w / 100; // marker sizes relative to the view
  const highlight = new Set([source, ...suggestions].filter(Boolean).map((town) => town.country_code));

  const root = svg("svg", {
    viewBox: `${x0.toFixed(0)} ${y0.toFixed(0)} ${w.toFixed(0)} ${hgt.toFixed(0)}`,
    role: "img",
    "aria-label": label || t("page.map.title"),
    class: "map-svg",
    preserveAspectRatio: "xMidYMid meet",
  });
  root.append(svg("title", { text: label || t("page.map.title") }));
  root.append(svg("rect", { x: x0, y: y0, width: w, height: hgt, class: "sea" }));
  const land = svg("g", { class: "land" });
  for (const c of countries) {
    const path = svg("path", { d: c.d, class: highlight.has(c.code) ? "country hl" : "country" });
    path.append(svg("title", { text: c.code ? countryName(c.code) : c.name }));
    land.append(path);
  }
  root.append(land);

  const marks = svg("g", { class: "marks" });
  for (const town of partners.filter(drawable)) {
    const [x, y] = projected.get(town);
    const s = unit * 0.9;
    const g = svg("g", { class: "mark partner", "data-id": town.id });
    g.append(svg("rect", { x: x - s, y: y - s, width: 2 * s, height: 2 * s, transform: `rotate(45 ${x} ${y})` }));
    g.append(svg("title", { text: `${t("page.map.partner")}: ${town.name} (${town.country_code})` }));
    marks.append(g);
  }
  // Draw the best suggestion last, so it stays on top where points overlap.
  const ranked = suggestions.filter(drawable).slice().reverse();
  for (const town of ranked) {
    const [x, y] = projected.get(town);
    const g = svg("g", { class: "mark suggestion", "data-id": town.id });
    g.append(svg("circle", { cx: x, cy: y, r: unit * 1.5 }));
    if (town.rank) {
      g.append(svg("text", { x, y: y + unit * 0.55, "font-size": unit * 1.6, "text-anchor": "middle", text: town.rank }));
    }
    g.append(svg("title", { text: `${town.rank ? `${town.rank}. ` : ""}${town.name} (${town.country_code}), ${fmtInt(town.population)}` }));
    marks.append(g);
  }
  if (drawable(source)) {
    const [x, y] = projected.get(source);
    const g = svg("g", { class: "mark source", "data-id": source.id });
    g.append(svg("circle", { cx: x, cy: y, r: unit * 1.8 }));
    g.append(svg("circle", { cx: x, cy: y, r: unit * 0.6, class: "dot" }));
    g.append(svg("text", { x: x + unit * 2.4, y: y + unit * 0.6, "font-size": unit * 2.2, class: "label", text: source.name }));
    g.append(svg("title", { text: `${t("page.map.source")}: ${source.name}` }));
    marks.append(g);
  }
  root.append(marks);
  return root;
}

function legend(source, suggestions, partners) {
  const items = [];
  if (source) items.push(h("li", {}, h("span", { class: "key key-source", "aria-hidden": "true" }), t("page.map.source")));
  if (suggestions.length) items.push(h("li", {}, h("span", { class: "key key-suggestion", "aria-hidden": "true" }), t("page.map.suggestion")));
  if (partners.some(drawable)) items.push(h("li", {}, h("span", { class: "key key-partner", "aria-hidden": "true" }), t("page.map.partner")));
  return h("figcaption", {}, h("ul", { class: "legend" }, items), h("small", { class: "attribution" }, t("page.map.attribution")));
}
