// Admins and supervisors manage the account here: agents, teams, inboxes (with their health and setup
// steps), templates, categories, rules (in order), account settings and reports. A list section is a
// table and a form; a 422 from the API is shown at the field it names.
import { ApiError, get, patch, post, request } from "./api.js";
import { fill, h } from "./dom.js";
import { dateTime } from "./format.js";
import { t } from "./i18n.js";
import { mountReports } from "./reports.js";
import { sessionsCell } from "./sessions.js";
import { mountSettings } from "./settings.js";
import { loadDirectory, me, state } from "./state.js";

const roles = ["agent", "supervisor", "admin"];
const channels = ["webform", "api", "email", "telegram", "whatsapp", "viber", "vk"];
const events = ["conversation_created", "message_created", "conversation_updated", "conversation_resolved"];

const teamOptions = () => [["", t("noTeam")], ...[...state.teams.values()].map((team) => [team.id, team.name])];

const sections = {
  agents: {
    path: "/api/v1/agents",
    columns: (agent) => [agent.name, agent.email, agent.role, t(`availability.${agent.availability}`),
      me().role === "admin" ? sessionsCell(agent) : ""],
    fields: () => [
      { name: "name", required: true }, { name: "email", type: "email", required: true },
      { name: "role", options: roles.map((role) => [role, role]) }, { name: "password", type: "password" },
    ],
  },
  teams: {
    path: "/api/v1/teams",
    columns: (team) => [team.name, membersEditor(team)],
    fields: () => [{ name: "name", required: true }],
  },
  inboxes: {
    path: "/api/v1/inboxes",
    columns: (inbox) => [inbox.name, inbox.channel?.kind, state.teams.get(inbox.team_id)?.name ?? "", inbox.form_url || inbox.webhook_url || "",
      health(inbox.health), setupSteps(inbox.channel?.kind)],
    fields: () => [
      { name: "name", required: true }, { name: "channel.kind", options: channels.map((kind) => [kind, kind]) },
      { name: "channel.config", type: "json", value: "{}" }, { name: "team_id", options: teamOptions(), number: true },
    ],
  },
  templates: {
    path: "/api/v1/templates?limit=100",
    create: "/api/v1/templates",
    columns: (template) => [`/${template.shortcode}`, template.name, template.body],
    fields: () => [{ name: "name", required: true }, { name: "shortcode", required: true }, { name: "body", type: "textarea", required: true }],
  },
  categories: {
    path: "/api/v1/categories",
    columns: (category) => [category.path, (category.subcategories || []).map((sub) => sub.name).join(", ")],
    fields: (items) => [
      { name: "name", required: true },
      { name: "parent_id", options: [["", "—"], ...items.map((category) => [category.id, category.path])], number: true },
    ],
  },
  rules: {
    path: "/api/v1/rules",
    columns: (rule, index, rules) => [orderButtons(rules, index), rule.name, rule.events.join(", "), enabledToggle(rule)],
    fields: () => [
      { name: "name", required: true }, { name: "events", options: events.map((event) => [event, event]), list: true },
      { name: "match", options: [["all", "all"], ["any", "any"]] },
      { name: "conditions", type: "json", value: "[]" },
      { name: "actions", type: "json", value: '[{"type": "add_label", "label": "urgent"}]' },
    ],
  },
};

/** Screens that are not a list and a form. */
const screens = { settings: mountSettings, reports: mountReports };

export const adminSections = [...Object.keys(sections), ...Object.keys(screens)];

export async function mountAdmin(root, name) {
  const current = adminSections.includes(name) ? name : "agents";
  const nav = h("nav", { class: "admin-nav", "aria-label": t("admin") },
    adminSections.map((key) => h("a", { href: `#/admin/${key}`, "aria-current": key === current ? "page" : false }, t(`admin.${key}`))),
    h("a", { href: "#/" }, t("admin.back")));
  if (screens[current]) {
    const body = h("div", { id: `admin-${current}` });
    fill(root, h("div", { class: "admin" }, nav, h("h2", {}, t(`admin.${current}`)), body));
    await screens[current](body);
    return;
  }
  const section = sections[current];
  const list = h("table", { class: "admin-list", id: `admin-${current}` });
  const form = h("form", { class: "admin-form", id: "admin-form", novalidate: true });
  fill(root, h("div", { class: "admin" }, nav, h("h2", {}, t(`admin.${current}`)), list, h("h3", {}, t("admin.create")), form));
  const page = await get(section.path);
  const items = page.items || [];
  fill(list, h("tbody", {}, items.map((item, index) => h("tr", { dataset: { id: item.id } },
    section.columns(item, index, items).map((cell) => h("td", {}, cell))))));
  redraw = () => mountAdmin(root, current);
  buildForm(form, section.fields(items), async (body) => {
    await post(section.create ?? section.path, body);
    await loadDirectory();
    await mountAdmin(root, current);
  });
}

function buildForm(form, fields, submit) {
  const inputs = new Map();
  const errors = new Map();
  const rows = fields.map((field) => {
    const id = `field-${field.name.replace(/\W/g, "-")}`;
    let input;
    if (field.options) {
      input = h("select", { id, name: field.name, multiple: field.list || false },
        field.options.map(([value, label]) => h("option", { value }, label)));
    } else if (field.type === "textarea" || field.type === "json") {
      input = h("textarea", { id, name: field.name, rows: field.type === "json" ? 4 : 3, spellcheck: field.type !== "json" });
      input.value = field.value ?? "";
    } else {
      input = h("input", { id, name: field.name, type: field.type ?? "text", required: field.required || false });
    }
    const error = h("span", { class: "error", id: `${id}-error`, role: "alert" });
    input.setAttribute("aria-describedby", `${id}-error`);
    inputs.set(field, input);
    errors.set(field.name, error);
    return h("div", { class: "field" }, h("label", { for: id }, t(`field.${field.name}`)), input, error);
  });
  const general = h("p", { class: "error", role: "alert" });
  fill(form, rows, h("button", { type: "submit", class: "primary", id: "admin-submit" }, t("admin.create")), general);
  form.onsubmit = async (event) => {
    event.preventDefault();
    for (const error of errors.values()) error.textContent = "";
    general.textContent = "";
    const body = {};
    try {
      for (const [field, input] of inputs) {
        let value = field.list ? [...input.selectedOptions].map((option) => option.value) : input.value;
        if (field.type === "json") {
          try { value = JSON.parse(value || "null"); } catch { throw new ApiError(422, { errors: [{ field: field.name, message: t("admin.badJSON") }] }); }
        }
        if (field.number) value = value === "" ? null : Number(value);
        if (value === "" && !field.required) continue;
        setPath(body, field.name, value);
      }
      await submit(body);
    } catch (failure) {
      if (!(failure instanceof ApiError)) throw failure;
      const named = failure.problem.errors || [];
      for (const { field, message } of named) {
        const key = [...errors.keys()].find((name) => field === name || field.startsWith(`${name}.`)) ;
        if (key) errors.get(key).textContent = field === key ? message : `${field}: ${message}`;
        else general.textContent = `${field}: ${message}`;
      }
      if (!named.length) general.textContent = failure.message;
    }
  };
}

function setPath(target, path, value) {
  const keys = path.split(".");
  let node = target;
  for (const key of keys.slice(0, -1)) node = node[key] ??= {};
  node[keys[keys.length - 1]] = value;
}

function membersEditor(team) {
  const select = h("select", { multiple: true, "aria-label": t("admin.members"), dataset: { team: team.id } },
    [...state.agents.values()].map((agent) => h("option", { value: agent.id, selected: team.member_ids.includes(agent.id) }, agent.name)));
  const saved = h("span", { class: "hint", role: "status" });
  return h("span", { class: "members" }, select,
    h("button", { type: "button", onclick: async () => {
      try {
        await request("PUT", `/api/v1/teams/${team.id}/members`, { agent_ids: [...select.selectedOptions].map((option) => Number(option.value)) });
        saved.textContent = t("saved");
      } catch (failure) { saved.textContent = failure.message; }
    } }, t("admin.save")), saved);
}

let redraw = () => {};

/** Up and down move a rule one place; positions are renumbered 10, 20, 30… so equal ones never stall a move. */
function orderButtons(rules, index) {
  const move = async (delta) => {
    const order = [...rules];
    [order[index], order[index + delta]] = [order[index + delta], order[index]];
    try {
      for (const [place, rule] of order.entries()) {
        if (rule.position !== (place + 1) * 10) await patch(`/api/v1/rules/${rule.id}`, { position: (place + 1) * 10 });
      }
    } finally {
      await redraw();
    }
    document.querySelector(`#admin-rules tr[data-id="${rules[index].id}"] .move-${delta < 0 ? "up" : "down"}`)?.focus();
  };
  const name = rules[index].name;
  return h("span", { class: "order" }, String(index + 1),
    h("button", { type: "button", class: "move-up", disabled: index === 0, "aria-label": t("rule.up", { name }), onclick: () => move(-1) }, "↑"),
    h("button", { type: "button", class: "move-down", disabled: index === rules.length - 1, "aria-label": t("rule.down", { name }), onclick: () => move(1) }, "↓"));
}

/** The channel's health: fine, or what last went wrong and when; when the platform last called. */
function health(status) {
  if (!status) return "";
  return h("span", { class: `health health-${status.status}` },
    t(`health.${status.status}`),
    status.last_error ? h("span", { class: "health-error" }, `: ${status.last_error}${status.last_error_at ? ` (${dateTime(status.last_error_at)})` : ""}`) : null,
    status.last_event_at ? h("span", { class: "hint" }, ` · ${t("health.lastEvent", { time: dateTime(status.last_event_at) })}`) : null);
}

/** What an administrator does, outside Switchboard and in it, to make a channel of this kind work. */
function setupSteps(kind) {
  if (!kind) return "";
  return h("details", { class: "setup" }, h("summary", {}, t("setup.title")),
    h("ol", {}, t(`setup.${kind}`).split("\n").map((step) => h("li", {}, step))));
}

function enabledToggle(rule) {
  return h("label", {}, h("input", {
    type: "checkbox", checked: rule.enabled,
    onchange: async (event) => {
      try { await patch(`/api/v1/rules/${rule.id}`, { enabled: event.target.checked }); } catch { event.target.checked = !event.target.checked; }
    },
  }), " ", t("admin.enabled"));
}
