// Shortcuts for a day at the keyboard: j/k move through the list, r reply, n note, e resolve, a assign
// to me, / search, ? this list. They are off while typing in a field.
import { fill, h } from "./dom.js";
import { t } from "./i18n.js";

const keys = ["j", "k", "r", "n", "e", "a", "/", "?"];
const names = { "/": "slash", "?": "question" };

export function installShortcuts(actions) {
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))) return;
    const action = actions[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  });
}

export function showHelp() {
  let dialog = document.getElementById("shortcuts");
  if (!dialog) {
    dialog = h("dialog", { id: "shortcuts", "aria-labelledby": "shortcuts-title" });
    document.body.append(dialog);
  }
  fill(dialog,
    h("h2", { id: "shortcuts-title" }, t("help.title")),
    h("dl", {}, keys.map((key) => [h("dt", {}, h("kbd", {}, key)), h("dd", {}, t(`key.${names[key] ?? key}`))])),
    h("form", { method: "dialog" }, h("button", { type: "submit", autofocus: true }, t("help.close"))));
  dialog.showModal();
}
