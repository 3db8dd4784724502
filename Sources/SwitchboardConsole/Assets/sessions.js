// Where an agent is signed in to the console, for admins: each browser session with its address, when it
// began and was last used, and a button that signs that one out at once (a lost phone, a shared computer).
import { ApiError, get, request } from "./api.js";
import { fill, h } from "./dom.js";
import { dateTime } from "./format.js";
import { t } from "./i18n.js";

/** A disclosure in the agents table; the sessions are fetched when it is opened. */
export function sessionsCell(agent) {
  const list = h("ul", { class: "sessions", id: `sessions-${agent.id}` });
  const status = h("span", { class: "hint", role: "status" });
  const load = async () => {
    try {
      const page = await get(`/api/v1/agents/${agent.id}/sessions`);
      fill(list, page.items.length ? page.items.map((session) => h("li", { dataset: { id: session.id } },
        t("sessions.item", { address: session.address ?? "?", started: dateTime(session.created_at), seen: dateTime(session.last_seen_at) }),
        session.current ? h("strong", {}, ` (${t("sessions.current")})`) : null, " ",
        h("button", {
          type: "button", class: "session-revoke", "aria-label": t("sessions.revoke.label", { name: agent.name, address: session.address ?? "?" }),
          onclick: async () => {
            try {
              await request("DELETE", `/api/v1/agents/${agent.id}/sessions/${session.id}`);
              status.textContent = t("sessions.revoked");
              await load();
            } catch (error) { status.textContent = error instanceof ApiError ? error.message : String(error); }
          },
        }, t("sessions.revoke")))) : h("li", {}, t("sessions.none")));
    } catch (error) {
      fill(list, h("li", { class: "error" }, error instanceof ApiError ? error.message : String(error)));
    }
  };
  return h("details", { class: "sessions-cell", ontoggle: (event) => { if (event.target.open) load(); } },
    h("summary", {}, t("sessions")), list, status);
}
