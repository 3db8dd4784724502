// The contact panel: who the person is (name and attributes, editable), every channel they are known on
// (reachable or not), whether they are blocked, their satisfaction answers, their other conversations, and
// merging another contact record into this one after a confirmation that says what will happen.
import { ApiError, get, patch, post } from "./api.js";
import { fill, h } from "./dom.js";
import { dateTime } from "./format.js";
import { t } from "./i18n.js";
import { canSeeAll, emit } from "./state.js";

/** Shows contact `id` in `container`; `openID` is the conversation on screen (left out of "other conversations");
 * `message` goes in the panel's status line (what the change that redrew it did). */
export async function showContactPanel(container, id, openID, message = "") {
  const contact = await get(`/api/v1/contacts/${id}`);
  const status = h("p", { class: "action-status", id: "contact-status", role: "status" }, message);
  const others = (contact.conversations || []).filter((conversation) => conversation.id !== openID);
  const rated = (contact.conversations || []).filter((conversation) => conversation.csat);
  const redraw = (done) => showContactPanel(container, id, openID, done);
  fill(container,
    nameForm(contact, status),
    h("dl", {},
      h("dt", {}, t("contact.id")), h("dd", {}, `#${contact.id}`),
      [["signin.email", contact.email], ["phone", contact.phone], ["language", contact.language]]
        .filter(([, value]) => value).map(([key, value]) => [h("dt", {}, t(key)), h("dd", {}, value)])),
    h("label", {}, h("input", {
      type: "checkbox", id: "contact-blocked", checked: contact.blocked,
      onchange: (event) => save({ blocked: event.target.checked }, status, contact.id).then((saved) => { if (!saved) event.target.checked = !event.target.checked; }),
    }), " ", t("contact.blocked")),
    h("h3", {}, t("contact.identities")),
    h("ul", { class: "identities" }, (contact.identities || []).map((identity) =>
      h("li", {}, h("span", { class: "channel" }, identity.channel), identity.external_id, " — ",
        identity.reachable ? h("span", { class: "reachable" }, t("contact.reachable"))
          : h("span", { class: "error" }, `${t("contact.unreachable")}${identity.unreachable_reason ? `: ${identity.unreachable_reason}` : ""}`)))),
    h("h3", {}, t("contact.attributes")),
    attributesForm(contact, status, redraw),
    h("h3", {}, t("contact.csat")),
    rated.length ? h("ul", { class: "csat-history", id: "csat-history" }, rated.map((conversation) =>
      h("li", {}, h("span", { class: "stars", "aria-label": t("csat.rating", { rating: conversation.csat.rating }) }, "★".repeat(conversation.csat.rating) + "☆".repeat(5 - conversation.csat.rating)),
        " ", h("a", { href: `#/conversations/${conversation.id}` }, `#${conversation.id}`),
        conversation.csat.rated_at ? ` · ${dateTime(conversation.csat.rated_at)}` : "",
        conversation.csat.comment ? h("q", {}, conversation.csat.comment) : null)))
      : h("p", { class: "hint" }, t("contact.csat.none")),
    h("h3", {}, t("contact.others")),
    others.length ? h("ul", { class: "other-conversations", id: "other-conversations" }, others.map((conversation) =>
      h("li", {}, h("a", { href: `#/conversations/${conversation.id}` }, `#${conversation.id}`), " ",
        h("span", { class: `status status-${conversation.status}` }, t(`state.${conversation.status}`)), " ",
        dateTime(conversation.created_at),
        conversation.last_message ? h("span", { class: "excerpt" }, ` — ${conversation.last_message.content.slice(0, 80)}`) : null)))
      : h("p", { class: "hint" }, t("contact.others.none")),
    canSeeAll() ? mergeForm(contact, status, redraw) : null,
    status);
}

/** Saves a change of the contact; `quiet` leaves the status line to whoever redraws the panel next. */
async function save(body, status, id, quiet = false) {
  try {
    await patch(`/api/v1/contacts/${id}`, body);
    if (!quiet) status.textContent = t("saved");
    emit("contact-changed", null);
    return true;
  } catch (error) {
    status.textContent = error instanceof ApiError ? error.fieldError : String(error);
    return false;
  }
}

function nameForm(contact, status) {
  const input = h("input", { id: "contact-name", value: contact.name, maxlength: 200, required: true });
  return h("form", {
    class: "inline-form", id: "contact-name-form",
    onsubmit: (event) => { event.preventDefault(); save({ name: input.value }, status, contact.id); },
  }, h("label", { for: "contact-name" }, t("field.name")), input, h("button", { type: "submit" }, t("admin.save")));
}

/** One row per attribute (key and value); a row emptied of its key, or removed, deletes the attribute. */
function attributesForm(contact, status, redraw) {
  const original = contact.attributes || {};
  const list = h("div", { class: "attributes", id: "contact-attributes" });
  const addRow = (key = "", value = "") => {
    const text = typeof value === "string" ? value : JSON.stringify(value);
    const keyInput = h("input", { class: "attribute-key", value: key, "aria-label": t("contact.attribute.key"), maxlength: 100 });
    const valueInput = h("input", { class: "attribute-value", value: text, "aria-label": t("contact.attribute.value") });
    const row = h("div", { class: "attribute-row" }, keyInput, valueInput,
      h("button", { type: "button", class: "attribute-remove", "aria-label": t("contact.attribute.remove", { key }), onclick: () => row.remove() }, "×"));
    list.append(row);
    return keyInput;
  };
  for (const [key, value] of Object.entries(original)) addRow(key, value);
  return h("form", {
    class: "attributes-form",
    onsubmit: async (event) => {
      event.preventDefault();
      const attributes = Object.fromEntries(Object.keys(original).map((key) => [key, null]));
      for (const row of list.querySelectorAll(".attribute-row")) {
        const key = row.querySelector(".attribute-key").value.trim();
        const value = row.querySelector(".attribute-value").value;
        if (!key) continue;
        // A value that was not text stays its kind when it still reads as JSON (a number, a list).
        attributes[key] = typeof original[key] === "string" || !(key in original) ? value : parseOr(value);
      }
      if (await save({ attributes }, status, contact.id, true)) await redraw(t("saved"));
    },
  }, list,
  h("div", { class: "form-bar" },
    h("button", { type: "button", id: "contact-attribute-add", onclick: () => addRow().focus() }, t("contact.attribute.add")),
    h("button", { type: "submit", id: "contact-attributes-save" }, t("admin.save"))));
}

function parseOr(text) {
  try { return JSON.parse(text); } catch { return text; }
}

/** Merging is final, so it takes two steps: look the other record up, then confirm with both names in view. */
function mergeForm(contact, status, redraw) {
  const input = h("input", { id: "merge-other", inputmode: "numeric", pattern: "[0-9]+", "aria-describedby": "merge-hint" });
  const confirmation = h("div", { class: "merge-confirm", id: "merge-confirm" });
  return h("details", { class: "merge", id: "contact-merge" },
    h("summary", {}, t("merge.title")),
    h("p", { class: "hint", id: "merge-hint" }, t("merge.hint")),
    h("form", {
      class: "inline-form",
      onsubmit: async (event) => {
        event.preventDefault();
        const otherID = Number(input.value.replace(/^#/, ""));
        fill(confirmation);
        if (!Number.isInteger(otherID) || otherID <= 0 || otherID === contact.id) { status.textContent = t("merge.badID"); return; }
        try {
          const other = await get(`/api/v1/contacts/${otherID}`);
          fill(confirmation,
            h("p", { role: "alert" }, t("merge.question", {
              other: other.name, otherID: other.id, name: contact.name, id: contact.id,
              identities: (other.identities || []).length, conversations: (other.conversations || []).length,
            })),
            h("button", {
              type: "button", class: "danger", id: "merge-confirm-button",
              onclick: async () => {
                try {
                  await post(`/api/v1/contacts/${contact.id}/merge`, { other_id: other.id });
                  emit("contact-changed", null);
                  await redraw(t("merge.done", { other: other.name }));
                } catch (error) { status.textContent = error instanceof ApiError ? error.fieldError : String(error); }
              },
            }, t("merge.confirm")),
            h("button", { type: "button", onclick: () => fill(confirmation) }, t("merge.cancel")));
          confirmation.querySelector("#merge-confirm-button").focus();
        } catch (error) {
          status.textContent = error instanceof ApiError && error.status === 404 ? t("merge.notFound", { id: otherID }) : String(error.message);
        }
      },
    }, h("label", { for: "merge-other" }, t("merge.other")), input, h("button", { type: "submit", id: "merge-find" }, t("merge.find"))),
    confirmation);
}
