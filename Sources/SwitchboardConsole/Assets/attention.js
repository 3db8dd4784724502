// What waits for me: the tab's title counts my open conversations whose contact waits for an answer, and
// (when the agent opts in) a conversation newly assigned to me raises a browser notification and a tone.
import { get, query } from "./api.js";
import { t } from "./i18n.js";

const optInKey = "switchboard.notify";
let known = null; // ids of my open conversations at the last check; null before the first

export function notificationsWanted() {
  return localStorage.getItem(optInKey) === "1" && "Notification" in window && Notification.permission === "granted";
}

/** Turns the opt-in on (asking the browser's permission) or off; answers whether it is on. */
export async function setNotifications(wanted) {
  if (!wanted || !("Notification" in window)) {
    localStorage.removeItem(optInKey);
    return false;
  }
  const permission = Notification.permission === "default" ? await Notification.requestPermission() : Notification.permission;
  if (permission !== "granted") return false;
  localStorage.setItem(optInKey, "1");
  return true;
}

export async function checkAttention() {
  const page = await get(`/api/v1/conversations${query({ assignee_id: "me", status: "open", limit: 100 })}`);
  const waiting = page.items.filter((item) => item.last_message?.direction === "in").length;
  document.title = waiting ? `(${waiting}) ${t("app.title")}` : t("app.title");
  const ids = new Set(page.items.map((item) => item.id));
  const fresh = known === null ? [] : page.items.filter((item) => !known.has(item.id));
  known = ids;
  if (!fresh.length || !notificationsWanted()) return;
  for (const item of fresh.slice(0, 3)) {
    const notification = new Notification(t("notify.assigned"), { body: item.contact?.name ?? "", tag: `conversation-${item.id}` });
    notification.onclick = () => { window.focus(); location.hash = `#/conversations/${item.id}`; };
  }
  tone();
}

export function forgetAttention() { known = null; document.title = t("app.title"); }

/** A short, soft tone, made here rather than fetched. */
function tone() {
  try {
    const audio = new AudioContext();
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.frequency.value = 660;
    gain.gain.setValueAtTime(0.08, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + 0.4);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start();
    oscillator.stop(audio.currentTime + 0.4);
  } catch { /* no audio: the notification is enough */ }
}
