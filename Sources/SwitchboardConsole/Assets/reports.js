// Reports for admins and supervisors over the API's report routes: the period's figures beside the
// period before it, the busiest hours of the week, a breakdown by agent, team, inbox, channel, label or
// category, and the exports (CSV, XLSX) as links the browser downloads with the session.
import { ApiError, get, query } from "./api.js";
import { fill, h } from "./dom.js";
import { t } from "./i18n.js";

const counts = ["conversations_created", "conversations_resolved", "missed", "messages_incoming", "messages_outgoing"];
const timers = ["first_response_seconds", "resolution_seconds", "wait_for_assignment_seconds"];
// For these a fall is the good direction (the trend arrow's colour says so).
const lowerIsBetter = new Set(["missed", "first_response_seconds", "resolution_seconds", "wait_for_assignment_seconds", "calls_missed"]);
// Phone calls, shown only to accounts that had calls in either period.
const callCounts = ["missed", "answered", "called_back"];
const dimensions = ["agent", "team", "inbox", "channel", "label", "category"];
const weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

function isoDate(date) { return date.toISOString().slice(0, 10); }

export async function mountReports(root) {
  const today = new Date();
  const from = h("input", { type: "date", id: "report-from", value: isoDate(new Date(today.getTime() - 6 * 86400000)), required: true });
  const to = h("input", { type: "date", id: "report-to", value: isoDate(today), required: true });
  const by = h("select", { id: "report-by" }, dimensions.map((value) => h("option", { value }, t(`report.by.${value}`))));
  const output = h("div", { class: "report", id: "report", "aria-live": "polite" });
  const run = () => showReport(output, { from: from.value, to: to.value }, by.value).catch((error) => {
    fill(output, h("p", { class: "error", role: "alert" }, error instanceof ApiError ? error.fieldError : error.message));
  });
  by.addEventListener("change", run);
  fill(root,
    h("form", { class: "inline-form report-period", onsubmit: (event) => { event.preventDefault(); run(); } },
      h("label", { for: "report-from" }, t("report.from")), from,
      h("label", { for: "report-to" }, t("report.to")), to,
      h("label", { for: "report-by" }, t("report.by")), by,
      h("button", { type: "submit", class: "primary", id: "report-show" }, t("report.show"))),
    output);
  await run();
}

async function showReport(output, period, by) {
  const [summary, heatmap, breakdown] = await Promise.all([
    get(`/api/v1/reports/summary${query(period)}`),
    get(`/api/v1/reports/heatmap${query(period)}`),
    get(`/api/v1/reports/breakdown${query({ ...period, by })}`),
  ]);
  fill(output,
    h("h3", {}, t("report.summary")),
    h("div", { class: "tiles", id: "report-summary" },
      counts.map((key) => tile(key, summary[key], summary.previous[key], String)),
      timers.map((key) => tile(key, summary[key].median, summary.previous[key].median, seconds)),
      tile("csat", summary.csat.average, summary.previous.csat.average, (value) => value.toFixed(2)),
      hadCalls(summary) ? callCounts.map((key) => tile(`calls_${key}`, summary.calls[key], summary.previous.calls[key], String)) : []),
    h("h3", {}, t("report.heatmap")),
    heatmapTable(heatmap.items),
    h("h3", {}, t("report.breakdown")),
    breakdownTable(breakdown.items),
    h("h3", {}, t("report.export")),
    h("p", { class: "exports" },
      h("a", { href: `/api/v1/exports/conversations${query({ ...period, format: "csv" })}`, id: "export-csv", download: "" }, t("report.export.csv")),
      h("a", { href: `/api/v1/exports/conversations${query({ ...period, format: "xlsx" })}`, id: "export-xlsx", download: "" }, t("report.export.xlsx")),
      h("a", { href: `/api/v1/reports/breakdown${query({ ...period, by, format: "csv" })}`, download: "" }, t("report.export.breakdown"))));
}

function hadCalls(summary) {
  return [summary.calls, summary.previous.calls].some((calls) => calls.missed + calls.answered + calls.outgoing > 0);
}

/** One figure with the previous period's beside it and an arrow that says which way it went. */
function tile(key, value, previous, format) {
  const known = value !== null && value !== undefined;
  const before = previous !== null && previous !== undefined;
  let trend = "";
  let direction = "same";
  if (known && before && value !== previous) {
    direction = value > previous ? "up" : "down";
    const better = (direction === "down") === lowerIsBetter.has(key);
    trend = h("span", { class: `trend ${better ? "better" : "worse"}` }, direction === "up" ? "▲" : "▼",
      h("span", { class: "visually-hidden" }, t(better ? "report.better" : "report.worse")));
  }
  return h("div", { class: "tile", dataset: { metric: key, trend: direction } },
    h("span", { class: "tile-name" }, t(`report.${key}`)),
    h("strong", { class: "tile-value" }, known ? format(value) : "—", " ", trend),
    h("span", { class: "tile-previous" }, t("report.previous", { value: before ? format(previous) : "—" })));
}

function seconds(value) {
  if (value < 60) return `${Math.round(value)} s`;
  if (value < 3600) return `${Math.round(value / 60)} min`;
  return `${(value / 3600).toFixed(1)} h`;
}

/** Conversations started per weekday and hour; the darker the cell, the busier (the number is always there). */
function heatmapTable(items) {
  const cells = new Map(items.map((item) => [`${item.weekday} ${item.hour}`, item.conversations]));
  const top = Math.max(1, ...items.map((item) => item.conversations));
  const hours = [...Array(24).keys()];
  return h("div", { class: "heatmap-wrap" }, h("table", { class: "heatmap", id: "report-heatmap" },
    h("caption", { class: "visually-hidden" }, t("report.heatmap")),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, ""), hours.map((hour) => h("th", { scope: "col" }, String(hour))))),
    h("tbody", {}, weekdays.map((day) => h("tr", {},
      h("th", { scope: "row" }, t(`weekday.${day}`)),
      hours.map((hour) => {
        const value = cells.get(`${day} ${hour}`) ?? 0;
        return h("td", { class: `heat-${Math.ceil((value / top) * 4)}` }, value ? String(value) : "");
      }))))));
}

function breakdownTable(items) {
  const columns = ["conversations_created", "conversations_resolved", "missed", "first_response_seconds"];
  return h("div", { class: "table-wrap" }, h("table", { class: "admin-list breakdown", id: "report-breakdown" },
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("report.key")), columns.map((key) => h("th", { scope: "col" }, t(`report.${key}`))))),
    h("tbody", {}, items.length ? items.map((item) => h("tr", {},
      h("th", { scope: "row" }, item.key.name),
      columns.map((key) => h("td", {}, typeof item[key] === "number" ? String(item[key])
        : item[key]?.median != null ? seconds(item[key].median) : "—"))))
      : h("tr", {}, h("td", { colspan: columns.length + 1 }, t("report.empty"))))));
}
