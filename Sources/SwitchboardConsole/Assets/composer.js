// The reply box: a reply or a private note, `/shortcode` for a template (previewed as the contact will
// get it), files, Enter to send and Shift+Enter for a new line. A draft is kept per conversation for
// this browser tab, so switching conversations loses nothing.
import { ApiError, get, post } from "./api.js";
import { fill, h } from "./dom.js";
import { t } from "./i18n.js";
import { me } from "./state.js";

let templates = null;
const draftPrefix = "switchboard.draft.";
const draftKey = (id) => `${draftPrefix}${me().id}.${id}`;

/** Signing out leaves no draft behind in this tab. */
export function forgetDrafts() {
  for (const key of Object.keys(sessionStorage)) if (key.startsWith(draftPrefix)) sessionStorage.removeItem(key);
  templates = null;
}

function loadDraft(id) {
  try { return JSON.parse(sessionStorage.getItem(draftKey(id))) || {}; } catch { return {}; }
}

function saveDraft(id, draft) {
  if (!draft.text && !draft.note) sessionStorage.removeItem(draftKey(id));
  else sessionStorage.setItem(draftKey(id), JSON.stringify(draft));
}

async function allTemplates() {
  if (templates && templates.loadedAt > Date.now() - 60_000) return templates.items;
  const items = [];
  let cursor = null;
  do {
    const page = await get(`/api/v1/templates?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor && items.length < 1000);
  templates = { items, loadedAt: Date.now() };
  return items;
}

let current = null;

/** The open conversation changes: r and n do nothing until the next box is there. */
export function detachComposer() { current = null; }

/** r and n: focus the box as a reply or a note. */
export function focusComposer(note) {
  if (!current) return;
  current.setNote(note);
  current.text.focus();
}

export function mountComposer(container, conversationID, { onSent }) {
  const draft = loadDraft(conversationID);
  let note = Boolean(draft.note);
  let template = null; // {id, shortcode, content}
  let choices = [];
  let chosen = 0;

  const text = h("textarea", { id: "composer-text", rows: 3, "aria-describedby": "composer-hint" });
  text.value = draft.text || "";
  const replyButton = h("button", { type: "button", id: "mode-reply", onclick: () => setNote(false) }, t("compose.reply"));
  const noteButton = h("button", { type: "button", id: "mode-note", onclick: () => setNote(true) }, t("compose.note"));
  const files = h("input", { type: "file", id: "composer-files", multiple: true, "aria-label": t("compose.attach") });
  const picker = h("ul", { id: "template-picker", class: "picker", role: "listbox", hidden: true });
  const preview = h("div", { id: "template-preview", class: "preview", hidden: true });
  const error = h("p", { id: "composer-error", class: "error", role: "alert" });
  const send = h("button", { type: "button", id: "composer-send", class: "primary", onclick: () => submit() }, t("compose.send"));
  const form = h("div", { class: "composer", id: "composer", dataset: { conversation: conversationID } },
    h("div", { class: "modes", role: "group" }, replyButton, noteButton),
    picker, preview, text,
    h("div", { class: "composer-bar" }, files, h("span", { id: "composer-hint", class: "hint" }, t("compose.hint")), send),
    error);
  fill(container, form);

  function setNote(value) {
    note = value;
    replyButton.setAttribute("aria-pressed", String(!note));
    noteButton.setAttribute("aria-pressed", String(note));
    form.classList.toggle("note", note);
    text.placeholder = t(note ? "compose.placeholder.note" : "compose.placeholder.reply");
    store();
  }

  function store() { saveDraft(conversationID, { text: text.value, note }); }

  async function updatePicker() {
    const match = /^\/(\S*)$/.exec(text.value);
    if (!match) { picker.hidden = true; choices = []; return; }
    const prefix = match[1].toLowerCase();
    const asked = text.value;
    const all = await allTemplates();
    // A slower answer for an earlier keystroke (or one that arrives after a template was chosen) changes nothing.
    if (text.value !== asked) return;
    choices = all.filter((item) => item.shortcode.toLowerCase().startsWith(prefix)).slice(0, 8);
    chosen = 0;
    renderPicker();
  }

  function renderPicker() {
    picker.hidden = choices.length === 0;
    fill(picker, choices.map((item, index) => h("li", {
      role: "option", "aria-selected": index === chosen ? "true" : "false", dataset: { shortcode: item.shortcode },
      onmousedown: (event) => { event.preventDefault(); choose(item); },
    }, h("strong", {}, `/${item.shortcode}`), " ", item.name)));
  }

  async function choose(item) {
    picker.hidden = true;
    choices = [];
    try {
      const rendered = await post(`/api/v1/templates/${item.id}/render`, { conversation_id: conversationID });
      template = { id: item.id, content: rendered.content };
      text.value = "";
      store();
      fill(preview,
        h("div", { class: "preview-head" }, t("compose.template"), ": ", h("strong", {}, `/${item.shortcode}`),
          h("button", { type: "button", id: "template-remove", onclick: clearTemplate }, t("compose.cancelTemplate"))),
        h("div", { class: "message-body" }, rendered.content));
      preview.hidden = false;
    } catch (failure) {
      error.textContent = failure instanceof ApiError ? failure.fieldError : String(failure);
    }
    text.focus();
  }

  function clearTemplate() {
    template = null;
    preview.hidden = true;
    fill(preview);
  }

  async function submit() {
    error.textContent = "";
    const content = text.value.trim();
    const attached = [...files.files];
    if (!template && !content && attached.length === 0) return;
    send.disabled = true;
    try {
      if (attached.length) {
        const body = new FormData();
        if (content) body.append("content", content);
        body.append("private", String(note));
        for (const file of attached) body.append("file", file, file.name);
        await post(`/api/v1/conversations/${conversationID}/messages`, body);
      } else if (template) {
        await post(`/api/v1/conversations/${conversationID}/messages`, { template_id: template.id, private: note });
      } else {
        await post(`/api/v1/conversations/${conversationID}/messages`, { content, private: note });
      }
      text.value = "";
      files.value = "";
      clearTemplate();
      store();
      await onSent();
    } catch (failure) {
      error.textContent = failure instanceof ApiError ? failure.fieldError : String(failure);
    } finally {
      send.disabled = false;
      text.focus();
    }
  }

  text.addEventListener("input", () => { store(); updatePicker(); });
  text.addEventListener("keydown", (event) => {
    if (!picker.hidden && choices.length) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        chosen = (chosen + (event.key === "ArrowDown" ? 1 : choices.length - 1)) % choices.length;
        renderPicker();
        return;
      }
      if (event.key === "Enter" || event.key === "Tab") { event.preventDefault(); choose(choices[chosen]); return; }
      if (event.key === "Escape") { picker.hidden = true; choices = []; return; }
    }
    if (event.key === "Escape") { text.blur(); return; }
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) { event.preventDefault(); submit(); }
  });

  setNote(note);
  current = { setNote, text };
}
