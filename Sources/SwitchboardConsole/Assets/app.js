// The console's entry: signed in or not, the frame (header, list, conversation), the address
// (`#/conversations/{id}`), live updates and the keyboard.
import { ApiError, currentSession, patch, signOut, whenSignedOut } from "./api.js";
import { checkAttention, forgetAttention, notificationsWanted, setNotifications } from "./attention.js";
import { focusComposer, forgetDrafts } from "./composer.js";
import { assignToMe, mountConversation, openConversation, refreshConversation, toggleResolved } from "./conversation.js";
import { fill, h } from "./dom.js";
import { installShortcuts, showHelp } from "./keyboard.js";
import { languages, language, setLanguage, t } from "./i18n.js";
import { focusSearch, mountList, neighbour, refreshList } from "./list.js";
import { startLive, stopLive } from "./live.js";
import { canSeeAll, loadDirectory, me, state } from "./state.js";
import { showSignIn } from "./signin.js";

const root = document.getElementById("app");

async function start() {
  whenSignedOut(() => { stopLive(); forgetAttention(); state.session = null; showSignIn(root, signedIn); });
  const session = await currentSession();
  if (session) await signedIn(session);
  else showSignIn(root, signedIn);
}

async function signedIn(session) {
  state.session = session;
  await loadDirectory();
  renderFrame();
}

let main = null;
let panes = false; // whether the list and conversation panes are on screen (not an admin page)

function renderFrame() {
  const live = h("span", { id: "live-mode", class: "live" });
  main = h("main", { class: "panes" });
  panes = false;
  fill(root,
    h("header", { class: "top" },
      h("h1", {}, h("a", { href: "#/" }, t("app.title"))),
      live,
      canSeeAll() ? h("a", { href: "#/admin/agents", id: "admin-link" }, t("admin")) : null,
      h("label", {}, h("span", { class: "label-text" }, t("availability")), " ",
        h("select", { id: "availability", onchange: (event) => setAvailability(event.target.value) },
          ["online", "busy", "offline"].map((value) => h("option", { value, selected: me().availability === value }, t(`availability.${value}`))))),
      h("label", {}, h("span", { class: "label-text" }, t("language")), " ",
        h("select", { id: "language", onchange: (event) => { setLanguage(event.target.value); renderFrame(); } },
          languages.map(([code, name]) => h("option", { value: code, selected: code === language() }, name)))),
      h("label", {}, h("input", {
        type: "checkbox", id: "notify", checked: notificationsWanted(),
        onchange: async (event) => { event.target.checked = await setNotifications(event.target.checked); },
      }), " ", t("notify")),
      h("span", { class: "me", id: "me" }, me().name),
      h("button", { type: "button", id: "signout", onclick: leave }, t("signout"))),
    main);
  route();
  checkAttention().catch(() => {});
  stopLive();
  startLive(onChange, (mode) => {
    live.textContent = t(mode === "stream" ? "live.stream" : "live.polling");
    live.dataset.mode = mode;
  });
}

let pending = null;
/** Something changed (an event, or a poll tick): refresh the list and, when it is the open one, the conversation. */
function onChange(conversationID) {
  if (pending) return;
  pending = setTimeout(async () => {
    pending = null;
    try {
      await Promise.all([panes ? refreshList() : null, checkAttention()]);
      if (panes && state.openID !== null && (conversationID === null || conversationID === state.openID)) await refreshConversation();
    } catch (error) {
      if (!(error instanceof ApiError)) console.error(error);
    }
  }, 150);
}

async function setAvailability(value) {
  try {
    state.session.agent = await patch(`/api/v1/agents/${me().id}`, { availability: value });
  } catch (error) {
    console.error(error);
  }
}

async function leave() {
  stopLive();
  forgetDrafts();
  forgetAttention();
  await signOut();
  state.session = null;
  location.hash = "";
  showSignIn(root, signedIn);
}

function route() {
  const admin = /^#\/admin(?:\/(\w+))?$/.exec(location.hash);
  if (admin) {
    panes = false;
    state.openID = null;
    main.className = "admin-main";
    // The admin screens (and reports) are fetched when first opened: an agent's first load does without them.
    import("./admin.js").then(({ mountAdmin }) => mountAdmin(main, admin[1])).catch(showError);
    return;
  }
  if (!panes) {
    const listPane = h("section", { id: "list-pane", class: "list-pane", "aria-label": t("list.label") });
    const conversationPane = h("section", { id: "conversation-pane", class: "conversation-pane" });
    main.className = "panes";
    fill(main, listPane, conversationPane);
    mountList(listPane);
    mountConversation(conversationPane);
    panes = true;
  }
  const match = /^#\/conversations\/(\d+)$/.exec(location.hash);
  // On a phone the list and the open conversation take the screen in turn (console.css).
  main.classList.toggle("has-open", Boolean(match));
  openConversation(match ? Number(match[1]) : null).catch(showError);
}

function showError(error) {
  if (error instanceof ApiError && error.status === 401) return;
  fill(main, h("p", { class: "error", role: "alert" }, t("error.generic", { message: error.message })));
  panes = false;
}

window.addEventListener("hashchange", () => { if (state.session) route(); });

/** Conversation shortcuts act only while the list and a conversation are on screen. */
const onPanes = (action) => () => { if (panes) action(); };

installShortcuts({
  j: () => go(1),
  k: () => go(-1),
  r: onPanes(() => focusComposer(false)),
  n: onPanes(() => focusComposer(true)),
  e: onPanes(() => toggleResolved()),
  a: onPanes(() => assignToMe()),
  "/": onPanes(() => focusSearch()),
  "?": () => showHelp(),
});

function go(delta) {
  if (!state.session) return;
  const id = neighbour(delta);
  if (id !== null) location.hash = `#/conversations/${id}`;
}

start().catch((error) => {
  fill(root, h("p", { class: "error", role: "alert" }, t("error.generic", { message: error.message })));
});
