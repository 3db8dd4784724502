// What the screens share: who is signed in, the account's agents, teams and inboxes (for names), and
// which conversation is open. Screens subscribe to changes they show.
import { get } from "./api.js";

export const state = {
  session: null,
  agents: new Map(),
  teams: new Map(),
  inboxes: new Map(),
  categories: [],
  openID: null,
};

const listeners = new Map();

export function on(event, callback) {
  if (!listeners.has(event)) listeners.set(event, new Set());
  listeners.get(event).add(callback);
}

export function emit(event, detail) {
  for (const callback of listeners.get(event) || []) callback(detail);
}

export function me() { return state.session.agent; }

export function canSeeAll() { return me().role !== "agent"; }

/** Agents, teams and inboxes, by id; what the caller may not list stays empty. */
export async function loadDirectory() {
  const [agents, teams, inboxes, categories] = await Promise.all(
    ["/api/v1/agents", "/api/v1/teams", "/api/v1/inboxes", "/api/v1/categories"].map((path) => get(path).catch(() => ({ items: [] }))),
  );
  state.categories = (categories.items || []).flatMap((category) => [category.path, ...(category.subcategories || []).map((sub) => sub.path)]);
  state.agents = new Map((agents.items || []).map((agent) => [agent.id, agent]));
  state.teams = new Map((teams.items || []).map((team) => [team.id, team]));
  state.inboxes = new Map((inboxes.items || []).map((inbox) => [inbox.id, inbox]));
  state.agents.set(me().id, me());
}

export function agentName(id) {
  return id == null ? null : (state.agents.get(id)?.name ?? `#${id}`);
}

export function channelOf(inboxID) {
  return state.inboxes.get(inboxID)?.channel?.kind ?? "";
}
