import { language } from "./i18n.js";

/** "5 min", "3 h", "2 d" in the console's language. */
export function duration(fromISO, now = Date.now()) {
  const seconds = Math.max(0, Math.round((now - Date.parse(fromISO)) / 1000));
  const units = [["day", 86400], ["hour", 3600], ["minute", 60], ["second", 1]];
  const [unit, size] = units.find(([, size]) => seconds >= size) || units[3];
  return new Intl.NumberFormat(language(), { style: "unit", unit, unitDisplay: "short" }).format(Math.floor(seconds / size));
}

export function dateTime(iso) {
  return new Intl.DateTimeFormat(language(), { dateStyle: "short", timeStyle: "short" }).format(new Date(iso));
}

/** The value of a datetime-local input, `hours` from now. */
export function localInput(hours) {
  const date = new Date(Date.now() + hours * 3600 * 1000);
  date.setMinutes(date.getMinutes() - date.getTimezoneOffset());
  return date.toISOString().slice(0, 16);
}

export function bytes(size) {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KB`;
  return `${(size / 1024 / 1024).toFixed(1)} MB`;
}
