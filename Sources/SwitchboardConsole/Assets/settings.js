// Account settings for admins: name, time zone, the language of template fallbacks, when idle
// conversations close by themselves, when a conversation counts as missed, and how long data is kept.
import { ApiError, get, patch } from "./api.js";
import { fill, h } from "./dom.js";
import { t } from "./i18n.js";

const numbers = ["auto_resolve_idle_minutes", "missed_after_minutes"];
const retention = ["conversations_days", "attachments_days", "audit_days"];

export async function mountSettings(root) {
  const account = await get("/api/v1/account");
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  const errors = new Map();
  const field = (name, input, hint) => {
    const error = h("span", { class: "error", id: `setting-${name}-error`, role: "alert" });
    errors.set(name, error);
    input.id = `setting-${name}`;
    input.setAttribute("aria-describedby", `setting-${name}-hint setting-${name}-error`);
    return h("div", { class: "field" }, h("label", { for: input.id }, t(`setting.${name}`)), input,
      h("span", { class: "hint", id: `setting-${name}-hint` }, hint ?? ""), error);
  };
  const inputs = {
    name: h("input", { value: account.name, required: true, maxlength: 200 }),
    time_zone: h("input", { value: account.time_zone, list: "time-zones", required: true }),
    default_language: h("input", { value: account.default_language ?? "", maxlength: 20 }),
    ...Object.fromEntries(numbers.map((name) => [name, h("input", { type: "number", min: 1, value: account[name] ?? "" })])),
    ...Object.fromEntries(retention.map((name) => [name, h("input", { type: "number", min: 1, value: account.retention?.[name] ?? "" })])),
  };
  const status = h("p", { class: "action-status", id: "settings-status", role: "status" });
  const form = h("form", { class: "admin-form", id: "settings-form", novalidate: true },
    h("datalist", { id: "time-zones" }, zones.map((zone) => h("option", { value: zone }))),
    Object.entries(inputs).map(([name, input]) => field(name, input, t(`setting.${name}.hint`))),
    h("button", { type: "submit", class: "primary", id: "settings-save" }, t("admin.save")),
    status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    for (const error of errors.values()) error.textContent = "";
    status.textContent = "";
    const number = (input) => (input.value === "" ? null : Number(input.value));
    const body = {
      name: inputs.name.value, time_zone: inputs.time_zone.value, default_language: inputs.default_language.value || null,
      auto_resolve_idle_minutes: number(inputs.auto_resolve_idle_minutes),
      retention: Object.fromEntries(retention.map((name) => [name, number(inputs[name])])),
    };
    if (inputs.missed_after_minutes.value !== "") body.missed_after_minutes = number(inputs.missed_after_minutes);
    try {
      await patch("/api/v1/account", body);
      status.textContent = t("saved");
    } catch (failure) {
      if (!(failure instanceof ApiError)) throw failure;
      for (const { field: name, message } of failure.problem.errors || []) {
        const key = name.split(".").pop();
        (errors.get(key) ?? errors.get(name) ?? status).textContent = message;
      }
      if (!(failure.problem.errors || []).length) status.textContent = failure.message;
    }
  });
  fill(root, form);
}
