// One conversation: its history (oldest first, paged), who wrote what, delivery, files and notes, and
// the actions an agent takes on it. What the contact wrote is only ever text.
import { ApiError, get, patch, post, query } from "./api.js";
import { detachComposer, mountComposer } from "./composer.js";
import { fill, h } from "./dom.js";
import { bytes, dateTime, localInput } from "./format.js";
import { t } from "./i18n.js";
import { showContactPanel } from "./contact.js";
import { showContact as listContact } from "./list.js";
import { canSeeAll, channelOf, emit, me, on, state } from "./state.js";

let root;
// `messages` oldest first, as shown; `olderCursor` fetches the page before the first one shown.
const view = { conversation: null, messages: [], olderCursor: null };
const pageSize = 50;

// A renamed or merged contact: the header and the list show the new name.
on("contact-changed", () => { refreshConversation().catch(() => {}); });

export function mountConversation(container) {
  root = container;
  fill(root, h("p", { class: "placeholder" }, t("select.conversation")));
}

export async function openConversation(id) {
  state.openID = id;
  emit("open", id);
  if (view.conversation?.id !== id) {
    // Nothing of the previous conversation stays on screen (or takes keys) while this one loads.
    view.conversation = null;
    detachComposer();
    fill(root, h("p", { class: "placeholder" }, id === null ? t("select.conversation") : "…"));
  }
  if (id === null) return;
  try {
    const [conversation, page] = await Promise.all([
      get(`/api/v1/conversations/${id}`), get(`/api/v1/conversations/${id}/messages${query({ order: "newest", limit: pageSize })}`),
    ]);
    if (state.openID !== id) return;
    view.conversation = conversation;
    view.messages = page.items.reverse();
    view.olderCursor = page.next_cursor;
    render();
    markSeen(id);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
    view.conversation = null;
    fill(root, h("p", { class: "placeholder", id: "not-found", role: "alert" }, error.message));
  }
}

/** Fetches the latest messages (live updates and polling call it): new ones are added at the end, and
 * those already shown are replaced by their newer form (delivery states change). */
export async function refreshConversation() {
  const id = view.conversation?.id;
  if (!id) return;
  const [fresh, page] = await Promise.all([
    get(`/api/v1/conversations/${id}`), get(`/api/v1/conversations/${id}/messages${query({ order: "newest", limit: pageSize })}`),
  ]);
  if (state.openID !== id) return;
  const latest = new Map(page.items.map((message) => [message.id, message]));
  const newest = view.messages.length ? view.messages[view.messages.length - 1].id : 0;
  view.messages = view.messages.map((message) => latest.get(message.id) ?? message)
    .concat(page.items.filter((message) => message.id > newest).reverse());
  view.conversation = fresh;
  if (!header.contains(document.activeElement)) renderHeader();
  renderHistory();
  if (page.items.some((message) => message.id > newest && message.direction === "in")) markSeen(id);
}

/** The agent has this conversation on screen: what the contact wrote so far is read (the list's mark goes). */
function markSeen(id) {
  post(`/api/v1/conversations/${id}/seen`).then(() => emit("seen", id), () => {});
}

/** The page before the first message shown, kept in place on the screen. */
async function loadOlderPage() {
  const page = await get(`/api/v1/conversations/${view.conversation.id}/messages${query({ order: "newest", limit: 200, cursor: view.olderCursor })}`);
  const height = history.scrollHeight;
  const known = new Set(view.messages.map((message) => message.id));
  view.messages = page.items.filter((message) => !known.has(message.id)).reverse().concat(view.messages);
  view.olderCursor = page.next_cursor;
  renderHistory();
  history.scrollTop += history.scrollHeight - height;
}

let header;
let contactPanel;
let history;
let status;

function render() {
  header = h("header", { class: "conversation-header" });
  history = h("ol", { id: "message-list", class: "messages", "aria-label": view.conversation.contact?.name ?? "" });
  status = h("p", { id: "action-status", class: "action-status", role: "status" });
  const composer = h("div", { class: "composer-slot" });
  contactPanel = h("details", { id: "contact-panel", class: "contact-panel", ontoggle: (event) => { if (event.target.open) showContact(); } },
    h("summary", {}, t("contact")), h("div", { class: "contact-details" }));
  fill(root, header, contactPanel, history, status, composer);
  renderHeader();
  renderHistory();
  mountComposer(composer, view.conversation.id, { onSent: () => refreshConversation() });
  history.scrollTop = history.scrollHeight;
}

function renderHistory() {
  const atBottom = history.scrollHeight - history.scrollTop - history.clientHeight < 40;
  fill(history,
    view.olderCursor ? h("li", { class: "more" }, h("button", { type: "button", id: "history-more", onclick: loadOlderPage }, t("history.more"))) : null,
    view.messages.map(messageItem));
  if (atBottom) history.scrollTop = history.scrollHeight;
}

function messageItem(message) {
  const sender = message.sender || {};
  const who = sender.name || t(`sender.${sender.type}`);
  const classes = ["message", `from-${sender.type}`, message.private ? "note" : "", `direction-${message.direction}`];
  return h("li", { class: classes.join(" "), dataset: { id: message.id, sender: sender.type } },
    h("div", { class: "message-meta" },
      message.private ? h("span", { class: "note-mark" }, t("note")) : null,
      h("span", { class: "sender" }, who),
      h("span", { class: "sender-type" }, t(`sender.${sender.type}`)),
      h("time", { datetime: message.created_at }, dateTime(message.created_at)),
      message.delivery_status ? h("span", { class: `delivery delivery-${message.delivery_status}` }, t(`delivery.${message.delivery_status}`)) : null,
      message.delivery_error ? h("span", { class: "delivery-error" }, message.delivery_error) : null),
    message.subject ? h("div", { class: "subject" }, message.subject) : null,
    h("div", { class: "message-body" }, message.content),
    message.attachments?.length ? h("ul", { class: "attachments" }, message.attachments.map(attachment)) : null);
}

function attachment(file) {
  const link = `/api/v1/attachments/${file.id}`;
  const label = `${file.name} (${bytes(file.size)})`;
  if (file.state !== "ready") return h("li", {}, label, " — ", file.state, file.error ? `: ${file.error}` : "");
  const preview = file.content_type.startsWith("image/") && !file.content_type.includes("svg")
    ? h("img", { src: link, alt: file.name, loading: "lazy" }) : null;
  return h("li", {}, preview, h("a", { href: link, download: file.name }, label));
}

function renderHeader() {
  const conversation = view.conversation;
  const resolved = conversation.status === "resolved";
  const agents = [...state.agents.values()];
  const teams = [...state.teams.values()];
  fill(header,
    h("a", { href: "#/", class: "back-link", id: "back-to-list" }, t("back.list")),
    h("h2", { id: "conversation-title" }, conversation.contact?.name || `#${conversation.id}`,
      h("span", { class: "channel" }, channelOf(conversation.inbox_id)),
      h("span", { class: `status status-${conversation.status}`, id: "conversation-status" }, t(`state.${conversation.status}`)),
      conversation.queue_position ? h("span", { class: "queue" }, `#${conversation.queue_position}`) : null),
    conversation.subject ? h("p", { class: "subject" }, conversation.subject) : null,
    h("div", { class: "actions", role: "toolbar" },
      h("button", { type: "button", id: "contact-history", onclick: () => listContact(conversation.contact) }, t("contact.history")),
      h("button", { type: "button", id: "action-assign-me", disabled: conversation.assignee_id === me().id, onclick: assignToMe }, t("action.assignMe")),
      h("label", {}, t("action.assignAgent"), " ",
        h("select", { id: "action-assignee", onchange: (event) => change({ assignee_id: event.target.value ? Number(event.target.value) : null }) },
          h("option", { value: "" }, t("nobody")),
          agents.map((agent) => h("option", { value: agent.id, selected: agent.id === conversation.assignee_id }, agent.name)))),
      canSeeAll() ? h("label", {}, t("action.assignTeam"), " ",
        h("select", { id: "action-team", onchange: (event) => change({ team_id: event.target.value ? Number(event.target.value) : null }) },
          h("option", { value: "" }, t("noTeam")),
          teams.map((team) => h("option", { value: team.id, selected: team.id === conversation.team_id }, team.name)))) : null,
      h("label", {}, t("priority"), " ",
        h("select", { id: "action-priority", onchange: (event) => change({ priority: event.target.value }) },
          ["none", "low", "medium", "high", "urgent"].map((value) =>
            h("option", { value, selected: conversation.priority === value }, t(`priority.${value}`))))),
      h("button", { type: "button", id: "action-resolve", onclick: () => change({ status: resolved ? "open" : "resolved" }) },
        t(resolved ? "action.reopen" : "action.resolve")),
      h("span", { class: "snooze" },
        h("input", { type: "datetime-local", id: "snooze-until", "aria-label": t("action.snoozeUntil"), value: localInput(4) }),
        h("button", { type: "button", id: "action-snooze", onclick: snooze }, t("action.snooze"))),
      state.categories.length ? h("label", {}, t("category"), " ",
        h("select", { id: "action-category", onchange: (event) => change({ category: event.target.value || null }) },
          h("option", { value: "" }, t("noCategory")),
          state.categories.map((path) => h("option", { value: path, selected: path === conversation.category }, path)))) : null,
      h("label", { class: "labels" }, t("action.labels"), " ",
        h("input", {
          id: "action-labels", value: (conversation.labels || []).join(", "), title: t("action.labels.hint"),
          onkeydown: (event) => {
            if (event.key !== "Enter") return;
            event.preventDefault();
            change({ labels: event.target.value.split(",").map((label) => label.trim()).filter(Boolean) });
          },
        }))));
}

/** Who the contact is (contact.js); the name in the header follows an edit. */
function showContact() {
  return showContactPanel(contactPanel.querySelector(".contact-details"), view.conversation.contact.id, view.conversation.id);
}

function snooze() {
  const value = root.querySelector("#snooze-until").value;
  if (!value) return;
  change({ status: "snoozed", snoozed_until: new Date(value).toISOString() });
}

export function assignToMe() {
  if (view.conversation) return change({ assignee_id: me().id });
}

export function toggleResolved() {
  if (view.conversation) return change({ status: view.conversation.status === "resolved" ? "open" : "resolved" });
}

async function change(body) {
  try {
    view.conversation = await patch(`/api/v1/conversations/${view.conversation.id}`, body);
    status.textContent = t("saved");
    emit("conversation-changed", view.conversation);
  } catch (error) {
    status.textContent = error instanceof ApiError ? error.fieldError : String(error);
  }
  renderHeader();
}
