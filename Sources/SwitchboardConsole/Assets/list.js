// The conversation list: Mine / Unassigned / All, a status filter and search, paged by the API's cursor.
import { get, query } from "./api.js";
import { fill, h } from "./dom.js";
import { duration } from "./format.js";
import { t } from "./i18n.js";
import { agentName, channelOf, emit, on, state } from "./state.js";

const view = { tab: "mine", status: "open", q: "", contact: null, items: [], cursor: null, loading: false };
let root;
let rows;

on("conversation-changed", (conversation) => {
  const index = view.items.findIndex((item) => item.id === conversation.id);
  if (index >= 0) { view.items[index] = conversation; renderRows(); }
});
on("open", () => renderRows());

export function mountList(container) {
  root = container;
  render();
  refreshList();
}

function tabButton(tab) {
  return h("button", {
    type: "button", role: "tab", id: `tab-${tab}`, "aria-selected": view.tab === tab ? "true" : "false",
    onclick: () => { view.tab = tab; render(); refreshList(); },
  }, t(`tab.${tab}`));
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
    h("div", { class: "tabs", role: "tablist" }, ["mine", "unassigned", "all"].map(tabButton)),
    h("div", { class: "filters" }, status, search),
    contact,
    rows);
  renderRows();
}

function parameters(cursor) {
  const assignee = { mine: "me", unassigned: "none", all: "" }[view.tab];
  return query({ assignee_id: assignee, status: view.status, q: view.q, contact_id: view.contact?.id, limit: 50, cursor });
}

/** Reloads the first page (keeping what further pages were shown as they were). */
export async function refreshList() {
  const asked = parameters();
  const page = await get(`/api/v1/conversations${asked}`);
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
  return h("li", {},
    h("a", {
      href: `#/conversations/${conversation.id}`, class: "conversation-row", dataset: { id: conversation.id },
      "aria-current": state.openID === conversation.id ? "true" : false,
    },
      h("span", { class: `channel channel-${channelOf(conversation.inbox_id)}` }, channelOf(conversation.inbox_id)),
      h("span", { class: "contact" }, conversation.contact?.name || `#${conversation.contact?.id ?? ""}`),
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
  Object.assign(view, { contact, tab: "all", status: "", cursor: null });
  render();
  refreshList();
}

export function focusSearch() { root.querySelector("#search")?.focus(); }
