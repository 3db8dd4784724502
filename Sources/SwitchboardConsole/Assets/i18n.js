// The console's words in English, Russian and Ukrainian. The agent picks one (kept in this browser);
// until then the browser's language decides.
import { more } from "./i18n-more.js";

const strings = {
  en: {
    "admin": "Admin", "admin.agents": "Agents", "admin.teams": "Teams", "admin.inboxes": "Inboxes", "admin.templates": "Templates",
    "admin.categories": "Categories", "admin.rules": "Rules", "admin.back": "Back to conversations", "admin.create": "Create",
    "admin.save": "Save", "admin.members": "Members", "admin.enabled": "enabled", "admin.badJSON": "is not valid JSON",
    "field.name": "Name", "field.email": "Email", "field.role": "Role", "field.password": "Password (optional)",
    "field.channel.kind": "Channel", "field.channel.config": "Channel settings (JSON)", "field.team_id": "Team",
    "field.shortcode": "Shortcode", "field.body": "Text", "field.parent_id": "Parent category", "field.events": "Events",
    "field.match": "Match", "field.conditions": "Conditions (JSON)", "field.actions": "Actions (JSON)",
    "phone": "Phone",
    "notify": "Notify me", "notify.assigned": "A conversation was assigned to you", "contact": "Contact",
    "contact.blocked": "Blocked", "contact.unreachable": "unreachable", "category": "Category", "noCategory": "No category",
    "state.open": "Open", "state.pending": "Pending", "state.snoozed": "Snoozed", "state.resolved": "Resolved",
    "contact.history": "Earlier conversations", "filter.contact": "Conversations of {name}", "filter.clear": "Show all",
    "app.title": "Switchboard",
    "signin.title": "Sign in", "signin.email": "Email", "signin.password": "Password", "signin.submit": "Sign in",
    "signin.wrong": "The email or password is wrong.", "signin.locked": "Too many attempts. Try again later.",
    "signout": "Sign out", "language": "Language",
    "availability": "Availability", "availability.online": "Online", "availability.busy": "Busy", "availability.offline": "Offline",
    "tab.mine": "Mine", "tab.unassigned": "Unassigned", "tab.all": "All", "tabs.label": "Whose conversations",
    "status": "Status", "status.open": "Open", "status.pending": "Pending", "status.snoozed": "Snoozed",
    "status.resolved": "Resolved", "status.any": "Any status",
    "search": "Search", "search.placeholder": "Search conversations (/)",
    "list.empty": "No conversations here.", "list.more": "Load more", "list.label": "Conversations",
    "waiting": "waiting {time}", "unassigned": "Unassigned",
    "priority": "Priority", "priority.none": "No priority", "priority.low": "Low", "priority.medium": "Medium",
    "priority.high": "High", "priority.urgent": "Urgent",
    "select.conversation": "Choose a conversation on the left.",
    "sender.contact": "Contact", "sender.agent": "Agent", "sender.automation": "Automation", "sender.bot": "Bot",
    "note": "Private note", "history.more": "Earlier messages",
    "delivery.queued": "Queued", "delivery.sent": "Sent", "delivery.delivered": "Delivered", "delivery.read": "Read",
    "delivery.failed": "Failed",
    "compose.reply": "Reply", "compose.note": "Note", "compose.placeholder.reply": "Write a reply… (/ for templates)",
    "compose.placeholder.note": "Write a private note for the team…", "compose.send": "Send",
    "compose.attach": "Attach files", "compose.template": "Template", "compose.cancelTemplate": "Remove template",
    "compose.hint": "Enter sends, Shift+Enter starts a new line",
    "action.assignMe": "Assign to me", "action.assignAgent": "Assign to agent", "action.assignTeam": "Team",
    "action.resolve": "Resolve", "action.reopen": "Reopen", "action.snooze": "Snooze", "action.snoozeUntil": "Snooze until",
    "action.labels": "Labels", "action.labels.hint": "comma-separated, Enter saves", "nobody": "Nobody", "noTeam": "No team",
    "saved": "Saved.", "sent": "Sent.",
    "help.title": "Keyboard shortcuts", "help.close": "Close",
    "key.j": "next conversation", "key.k": "previous conversation", "key.r": "reply", "key.n": "private note",
    "key.e": "resolve", "key.a": "assign to me", "key.slash": "search", "key.question": "this list",
    "error.generic": "Something went wrong: {message}", "live.polling": "Live updates: checking every few seconds",
    "live.stream": "Live",
  },
  ru: {
    "admin": "Управление", "admin.agents": "Операторы", "admin.teams": "Команды", "admin.inboxes": "Каналы", "admin.templates": "Шаблоны",
    "admin.categories": "Категории", "admin.rules": "Правила", "admin.back": "К разговорам", "admin.create": "Создать",
    "admin.save": "Сохранить", "admin.members": "Участники", "admin.enabled": "включено", "admin.badJSON": "не является правильным JSON",
    "field.name": "Название", "field.email": "Эл. почта", "field.role": "Роль", "field.password": "Пароль (необязательно)",
    "field.channel.kind": "Канал", "field.channel.config": "Настройки канала (JSON)", "field.team_id": "Команда",
    "field.shortcode": "Код", "field.body": "Текст", "field.parent_id": "Родительская категория", "field.events": "События",
    "field.match": "Совпадение", "field.conditions": "Условия (JSON)", "field.actions": "Действия (JSON)",
    "phone": "Телефон",
    "notify": "Уведомлять", "notify.assigned": "Вам назначен разговор", "contact": "Обратившийся",
    "contact.blocked": "Заблокирован", "contact.unreachable": "недоступен", "category": "Категория", "noCategory": "Без категории",
    "state.open": "Открыт", "state.pending": "Ожидает", "state.snoozed": "Отложен", "state.resolved": "Решён",
    "contact.history": "Прежние разговоры", "filter.contact": "Разговоры: {name}", "filter.clear": "Показать все",
    "app.title": "Switchboard",
    "signin.title": "Вход", "signin.email": "Эл. почта", "signin.password": "Пароль", "signin.submit": "Войти",
    "signin.wrong": "Неверная почта или пароль.", "signin.locked": "Слишком много попыток. Попробуйте позже.",
    "signout": "Выйти", "language": "Язык",
    "availability": "Доступность", "availability.online": "В сети", "availability.busy": "Занят", "availability.offline": "Не в сети",
    "tab.mine": "Мои", "tab.unassigned": "Без исполнителя", "tab.all": "Все", "tabs.label": "Чьи разговоры",
    "status": "Статус", "status.open": "Открытые", "status.pending": "Ожидают", "status.snoozed": "Отложенные",
    "status.resolved": "Решённые", "status.any": "Любой статус",
    "search": "Поиск", "search.placeholder": "Поиск по разговорам (/)",
    "list.empty": "Здесь нет разговоров.", "list.more": "Показать ещё", "list.label": "Разговоры",
    "waiting": "ждёт {time}", "unassigned": "Без исполнителя",
    "priority": "Приоритет", "priority.none": "Без приоритета", "priority.low": "Низкий", "priority.medium": "Средний",
    "priority.high": "Высокий", "priority.urgent": "Срочный",
    "select.conversation": "Выберите разговор слева.",
    "sender.contact": "Обратившийся", "sender.agent": "Оператор", "sender.automation": "Автоматика", "sender.bot": "Бот",
    "note": "Внутренняя заметка", "history.more": "Более ранние сообщения",
    "delivery.queued": "В очереди", "delivery.sent": "Отправлено", "delivery.delivered": "Доставлено", "delivery.read": "Прочитано",
    "delivery.failed": "Не доставлено",
    "compose.reply": "Ответ", "compose.note": "Заметка", "compose.placeholder.reply": "Напишите ответ… (/ — шаблоны)",
    "compose.placeholder.note": "Внутренняя заметка для команды…", "compose.send": "Отправить",
    "compose.attach": "Прикрепить файлы", "compose.template": "Шаблон", "compose.cancelTemplate": "Убрать шаблон",
    "compose.hint": "Enter — отправить, Shift+Enter — новая строка",
    "action.assignMe": "Взять себе", "action.assignAgent": "Назначить оператору", "action.assignTeam": "Команда",
    "action.resolve": "Решено", "action.reopen": "Открыть снова", "action.snooze": "Отложить", "action.snoozeUntil": "Отложить до",
    "action.labels": "Метки", "action.labels.hint": "через запятую, Enter сохраняет", "nobody": "Никто", "noTeam": "Без команды",
    "saved": "Сохранено.", "sent": "Отправлено.",
    "help.title": "Сочетания клавиш", "help.close": "Закрыть",
    "key.j": "следующий разговор", "key.k": "предыдущий разговор", "key.r": "ответить", "key.n": "заметка",
    "key.e": "решено", "key.a": "взять себе", "key.slash": "поиск", "key.question": "этот список",
    "error.generic": "Что-то пошло не так: {message}", "live.polling": "Обновления: проверка каждые несколько секунд",
    "live.stream": "В реальном времени",
  },
  uk: {
    "admin": "Керування", "admin.agents": "Оператори", "admin.teams": "Команди", "admin.inboxes": "Канали", "admin.templates": "Шаблони",
    "admin.categories": "Категорії", "admin.rules": "Правила", "admin.back": "До розмов", "admin.create": "Створити",
    "admin.save": "Зберегти", "admin.members": "Учасники", "admin.enabled": "увімкнено", "admin.badJSON": "не є правильним JSON",
    "field.name": "Назва", "field.email": "Ел. пошта", "field.role": "Роль", "field.password": "Пароль (необов'язково)",
    "field.channel.kind": "Канал", "field.channel.config": "Налаштування каналу (JSON)", "field.team_id": "Команда",
    "field.shortcode": "Код", "field.body": "Текст", "field.parent_id": "Батьківська категорія", "field.events": "Події",
    "field.match": "Збіг", "field.conditions": "Умови (JSON)", "field.actions": "Дії (JSON)",
    "phone": "Телефон",
    "notify": "Сповіщати", "notify.assigned": "Вам призначено розмову", "contact": "Звернення",
    "contact.blocked": "Заблоковано", "contact.unreachable": "недоступний", "category": "Категорія", "noCategory": "Без категорії",
    "state.open": "Відкрита", "state.pending": "Очікує", "state.snoozed": "Відкладена", "state.resolved": "Вирішена",
    "contact.history": "Попередні розмови", "filter.contact": "Розмови: {name}", "filter.clear": "Показати всі",
    "app.title": "Switchboard",
    "signin.title": "Вхід", "signin.email": "Ел. пошта", "signin.password": "Пароль", "signin.submit": "Увійти",
    "signin.wrong": "Неправильна пошта або пароль.", "signin.locked": "Забагато спроб. Спробуйте пізніше.",
    "signout": "Вийти", "language": "Мова",
    "availability": "Доступність", "availability.online": "У мережі", "availability.busy": "Зайнятий", "availability.offline": "Не в мережі",
    "tab.mine": "Мої", "tab.unassigned": "Без виконавця", "tab.all": "Усі", "tabs.label": "Чиї розмови",
    "status": "Статус", "status.open": "Відкриті", "status.pending": "Очікують", "status.snoozed": "Відкладені",
    "status.resolved": "Вирішені", "status.any": "Будь-який статус",
    "search": "Пошук", "search.placeholder": "Пошук розмов (/)",
    "list.empty": "Тут немає розмов.", "list.more": "Показати ще", "list.label": "Розмови",
    "waiting": "чекає {time}", "unassigned": "Без виконавця",
    "priority": "Пріоритет", "priority.none": "Без пріоритету", "priority.low": "Низький", "priority.medium": "Середній",
    "priority.high": "Високий", "priority.urgent": "Терміновий",
    "select.conversation": "Оберіть розмову ліворуч.",
    "sender.contact": "Звернення", "sender.agent": "Оператор", "sender.automation": "Автоматика", "sender.bot": "Бот",
    "note": "Внутрішня нотатка", "history.more": "Раніші повідомлення",
    "delivery.queued": "У черзі", "delivery.sent": "Надіслано", "delivery.delivered": "Доставлено", "delivery.read": "Прочитано",
    "delivery.failed": "Не доставлено",
    "compose.reply": "Відповідь", "compose.note": "Нотатка", "compose.placeholder.reply": "Напишіть відповідь… (/ — шаблони)",
    "compose.placeholder.note": "Внутрішня нотатка для команди…", "compose.send": "Надіслати",
    "compose.attach": "Додати файли", "compose.template": "Шаблон", "compose.cancelTemplate": "Прибрати шаблон",
    "compose.hint": "Enter — надіслати, Shift+Enter — новий рядок",
    "action.assignMe": "Взяти собі", "action.assignAgent": "Призначити оператору", "action.assignTeam": "Команда",
    "action.resolve": "Вирішено", "action.reopen": "Відкрити знову", "action.snooze": "Відкласти", "action.snoozeUntil": "Відкласти до",
    "action.labels": "Мітки", "action.labels.hint": "через кому, Enter зберігає", "nobody": "Ніхто", "noTeam": "Без команди",
    "saved": "Збережено.", "sent": "Надіслано.",
    "help.title": "Сполучення клавіш", "help.close": "Закрити",
    "key.j": "наступна розмова", "key.k": "попередня розмова", "key.r": "відповісти", "key.n": "нотатка",
    "key.e": "вирішено", "key.a": "взяти собі", "key.slash": "пошук", "key.question": "цей список",
    "error.generic": "Щось пішло не так: {message}", "live.polling": "Оновлення: перевірка кожні кілька секунд",
    "live.stream": "Наживо",
  },
};

for (const [code, words] of Object.entries(more)) Object.assign(strings[code], words);

export const languages = [["en", "English"], ["ru", "Русский"], ["uk", "Українська"]];
const storageKey = "switchboard.language";

function initialLanguage() {
  const saved = localStorage.getItem(storageKey);
  if (saved && strings[saved]) return saved;
  for (const preferred of navigator.languages || [navigator.language || "en"]) {
    const code = preferred.toLowerCase().split("-")[0];
    if (strings[code]) return code;
  }
  return "en";
}

let current = initialLanguage();
document.documentElement.lang = current;

export function language() { return current; }

export function setLanguage(code) {
  if (!strings[code]) return;
  current = code;
  localStorage.setItem(storageKey, code);
  document.documentElement.lang = code;
}

/** The text for `key` in the chosen language, with {name} placeholders filled in. */
export function t(key, values = {}) {
  const text = strings[current][key] ?? strings.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}
