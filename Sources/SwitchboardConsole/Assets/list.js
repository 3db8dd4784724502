// The conversation list: Mine / Unassigned / All with their counts, filters (status, inbox, team, channel,
// label, category) and search, an unread mark per row, paged by the API's cursor.
import { get, query } from "./api.js";
import { fill, h } from "./dom.js";
import { duration } from "./format.js";
import { t } from "./i18n.js";
import { agentName, channelOf, emit, on, state } from "./state.js";

const channelKinds = ["api", "email", "phone", "telegram", "viber", "vk", "webform", "whatsapp"];
const noFilters = { inbox_id: "", team_id: "", channel: "", label: "", category: "" };
const view = { tab: "mine", status: "open", q: "", filters: { ...noFilters }, contact: null, counts: null, items: [], cursor: null, loading: false };
let root;
let rows;

on("conversation-changed", (conversation) => {
  const index = view.items.findIndex((item) => item.id === conversation.id);
  // A change's answer says nothing of the unread mark, which is the asking agent's alone: keep the row's.
  if (index >= 0) { view.items[index] = { unread: view.items[index].unread, ...conversation }; renderRows(); }
});
on("seen", (id) => {
  const item = view.items.find((candidate) => candidate.id === id);
  if (item?.unread) { item.unread = false; renderRows(); }
});
on("open", () => renderRows());

export function mountList(container) {
  root = container;
  render();
  refreshList();
}

const tabs = ["mine", "unassigned", "all"];

/** Shows a tab; the list is drawn again, so the focus goes to the new tab's button. */
function showTab(tab) {
  view.tab = tab;
  render();
  refreshList();
  document.getElementById(`tab-${tab}`).focus();
}

/** The tab list as WAI-ARIA describes it: one stop in the focus order (the selected tab); the arrow keys,
 *  Home and End move to another tab and show it. */
function tabKey(event) {
  const at = tabs.indexOf(view.tab);
  const next = { ArrowRight: at + 1, ArrowLeft: at - 1 + tabs.length, Home: 0, End: tabs.length - 1 }[event.key];
  if (next === undefined) return;
  event.preventDefault();
  showTab(tabs[next % tabs.length]);
}

function tabButton(tab) {
  const selected = view.tab === tab;
  return h("button", {
    type: "button", role: "tab", id: `tab-${tab}`, "aria-selected": selected ? "true" : "false", tabindex: selected ? "0" : "-1",
    onclick: () => showTab(tab), onkeydown: tabKey,
  }, t(`tab.${tab}`), " ", h("span", { class: "count", id: `count-${tab}` }, view.counts ? String(view.counts[tab]) : ""));
}

/** A select of one filter; `options` are [value, label] pairs. */
function filterSelect(name, options) {
  return h("label", {}, h("span", { class: "filter-name" }, t(`filter.${name}`)),
    h("select", { id: `filter-${name}`, onchange: (event) => setFilter(name, event.target.value) },
      h("option", { value: "" }, t("filter.any")),
      options.map(([value, label]) => h("option", { value, selected: String(view.filters[name]) === String(value) }, label))));
}

function setFilter(name, value) {
  view.filters[name] = value;
  view.cursor = null;
  renderFilterSummary();
  refreshList();
}

let filterSummary;
function renderFilterSummary() {
  const active = Object.values(view.filters).filter(Boolean).length;
  if (filterSummary) filterSummary.textContent = active ? t("filters.active", { count: active }) : t("filters");
}

function moreFilters() {
  let typing;
  filterSummary = h("summary", { id: "filters-toggle" });
  renderFilterSummary();
  return h("details", { class: "more-filters", open: Object.values(view.filters).some(Boolean) },
    filterSummary,
    h("div", { class: "filter-grid" },
      filterSelect("inbox_id", [...state.inboxes.values()].map((inbox) => [inbox.id, inbox.name])),
      state.teams.size ? filterSelect("team_id", [...state.teams.values()].map((team) => [team.id, team.name])) : null,
      filterSelect("channel", channelKinds.map((kind) => [kind, kind])),
      state.categories.length ? filterSelect("category", state.categories.map((path) => [path, path])) : null,
      h("label", {}, h("span", { class: "filter-name" }, t("filter.label")),
        h("input", {
          id: "filter-label", value: view.filters.label, autocomplete: "off",
          oninput: (event) => { clearTimeout(typing); typing = setTimeout(() => setFilter("label", event.target.value.trim()), 300); },
        })),
      h("button", { type: "button", id: "filters-clear", onclick: () => { view.filters = { ...noFilters }; render(); refreshList(); } }, t("filters.clear"))));
}

function render() {
  const status = h("select", { id: "status-filter", "aria-label": t("status"), onchange: (event) => { view.status = event.target.value; refreshList(); } },
    ["open", "pending", "snoozed", "resolved", ""].map((value) =>
      h("option", { value, selected: view.status === value }, t(value ? `status.${value}` : "status.any"))));
  let typing;
  const search = h("input", {
    type: "search", id: "search", placeholder: t("search.placeholder"), "aria-label": t("search"), value: view.q,
    oninput: (event) => {
      clearTimeout(typing);
      typing = setTimeout(() => { view.q = event.target.value.trim(); refreshList(); }, 250);
    },
  });
  rows = h("ul", { id: "conversation-list", class: "rows", "aria-label": t("list.label") });
  const contact = view.contact ? h("p", { class: "contact-filter", id: "contact-filter" },
    t("filter.contact", { name: view.contact.name }), " ",
    h("button", { type: "button", onclick: () => { view.contact = null; render(); refreshList(); } }, t("filter.clear"))) : null;
  fill(root,
    h("div", { class: "tabs", role: "tablist", "aria-label": t("tabs.label") }, tabs.map(tabButton)),
    h("div", { class: "filters" }, status, search),
    moreFilters(),
    contact,
    rows);
  renderRows();
}

/** The filters the list and its tab counts share. */
function filterParameters() {
  return { status: view.status, q: view.q, contact_id: view.contact?.id, ...view.filters };
}

function parameters(cursor) {
  const assignee = { mine: "me", unassigned: "none", all: "" }[view.tab];
  return query({ assignee_id: assignee, ...filterParameters(), limit: 50, cursor });
}

/** The number of conversations in each tab, shown in the tab (and read out with it). */
async function refreshCounts() {
  const asked = query(filterParameters());
  const counts = await get(`/api/v1/conversations/counts${asked}`);
  if (asked !== query(filterParameters())) return;
  view.counts = counts;
  for (const tab of ["mine", "unassigned", "all"]) {
    const label = root?.querySelector(`#count-${tab}`);
    if (label) label.textContent = String(counts[tab]);
  }
}

/** Reloads the first page (keeping what further pages were shown as they were). */
export async function refreshList() {
  const asked = parameters();
  const [page] = await Promise.all([get(`/api/v1/conversations${asked}`), refreshCounts()]);
  if (asked !== parameters()) return; // the filters changed while this was on its way
  const fresh = new Set(page.items.map((item) => item.id));
  const older = view.cursor === null ? [] : view.items.slice(page.items.length).filter((item) => !fresh.has(item.id));
  view.items = page.items.concat(older);
  if (older.length === 0) view.cursor = page.next_cursor;
  renderRows();
  emit("list-refreshed", view.items);
}

async function loadMore() {
  if (!view.cursor || view.loading) return;
  view.loading = true;
  try {
    const page = await get(`/api/v1/conversations${parameters(view.cursor)}`);
    const known = new Set(view.items.map((item) => item.id));
    view.items = view.items.concat(page.items.filter((item) => !known.has(item.id)));
    view.cursor = page.next_cursor;
    renderRows();
  } finally {
    view.loading = false;
  }
}

function row(conversation) {
  const last = conversation.last_message;
  const waiting = last && last.direction === "in" && conversation.status !== "resolved";
  const assignee = agentName(conversation.assignee_id);
  const unread = conversation.unread && state.openID !== conversation.id;
  return h("li", {},
    h("a", {
      href: `#/conversations/${conversation.id}`, class: unread ? "conversation-row unread" : "conversation-row",
      dataset: { id: conversation.id, unread: unread ? "true" : "false" },
      "aria-current": state.openID === conversation.id ? "true" : false,
    },
      h("span", { class: `channel channel-${channelOf(conversation.inbox_id)}` }, channelOf(conversation.inbox_id)),
      h("span", { class: "contact" }, unread ? h("span", { class: "unread-mark", title: t("unread") }, h("span", { class: "visually-hidden" }, t("unread"))) : null,
        conversation.contact?.name || `#${conversation.contact?.id ?? ""}`),
      conversation.priority !== "none" ? h("span", { class: `priority priority-${conversation.priority}` }, t(`priority.${conversation.priority}`)) : null,
      h("span", { class: "excerpt" }, last ? last.content.slice(0, 140) : ""),
      h("span", { class: "meta" },
        waiting ? h("span", { class: "waiting" }, t("waiting", { time: duration(last.created_at) })) : null,
        h("span", { class: "assignee" }, assignee ?? t("unassigned")),
        h("span", { class: `status status-${conversation.status}` }, t(`state.${conversation.status}`)))));
}

function renderRows() {
  if (!rows) return;
  fill(rows, view.items.length ? view.items.map(row) : h("li", { class: "empty" }, t("list.empty")));
  if (view.cursor) rows.append(h("li", {}, h("button", { type: "button", id: "list-more", onclick: loadMore }, t("list.more"))));
}

/** The id of the conversation `delta` rows away from the open one (j/k). */
export function neighbour(delta) {
  if (!view.items.length) return null;
  const index = view.items.findIndex((item) => item.id === state.openID);
  const next = index < 0 ? 0 : Math.min(Math.max(index + delta, 0), view.items.length - 1);
  return view.items[next].id;
}

/** Every conversation of one contact, on any channel and in any state. */
export function showContact(contact) {
  Object.assign(view, { contact, tab: "all", status: "", cursor: null, filters: { ...noFilters } });
  render();
  refreshList();
}

export function focusSearch() { root.querySelector("#search")?.focus(); }
on("contact-changed", () => { refreshList().catch(() => {}); });
