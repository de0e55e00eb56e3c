// The web chat: send lines, press buttons, and show what the bot pushes while the page is open.
// Text is always set with textContent, never parsed as HTML.
"use strict";

const csrf = document.querySelector('meta[name="csrf-token"]').content;
const list = document.getElementById("messages");

function render(message) {
  let item = list.querySelector(`li[data-id="${CSS.escape(message.id)}"]`);
  const target = message.edit && list.querySelector(`li[data-id="${CSS.escape(message.edit)}"]`);
  if (target) item = target;
  const added = !item;
  if (added) {
    item = document.createElement("li");
    list.appendChild(item);
  }
  item.className = `message ${message.from}`;
  item.dataset.id = message.edit || message.id;
  item.replaceChildren();
  const text = document.createElement("p");
  text.className = "text";
  text.textContent = message.text;
  item.appendChild(text);
  if (message.buttons.length) {
    const row = document.createElement("div");
    row.className = "buttons";
    for (const button of message.buttons) {
      const element = document.createElement("button");
      element.type = "button";
      element.dataset.payload = button.payload;
      element.textContent = button.label;
      row.appendChild(element);
    }
    item.appendChild(row);
  }
  // Only the list scrolls, so the text box stays in view; an edited message stays where it is.
  if (added) list.scrollTop = list.scrollHeight;
}

async function post(path, body) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
    body: JSON.stringify(body),
    credentials: "same-origin",
  });
  if (response.status === 401) {
    window.location.reload();
    return;
  }
  const answer = await response.json();
  if (!response.ok) {
    render({ id: `error-${Date.now()}`, from: "bot", text: answer.error, buttons: [] });
    return;
  }
  for (const reply of answer.replies) render(reply);
}

// Say a line as if typed: it shows in the chat, and the lists catch up with its answer.
async function say(text) {
  render({ id: `you-${Date.now()}`, from: "you", text, buttons: [] });
  await post("/web/chat", { text });
  await showItems();
}

document.getElementById("say").addEventListener("submit", (event) => {
  event.preventDefault();
  const input = document.getElementById("text");
  const text = input.value.trim();
  if (!text) return;
  input.value = "";
  say(text);
});

list.addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-payload]");
  if (!button) return;
  const message = button.closest("li").dataset.id;
  await post("/web/press", { payload: button.dataset.payload, message });
  await showItems();
});

document.getElementById("sign-out").addEventListener("click", async () => {
  await post("/web/signout", {});
  window.location.reload();
});

// data-stream on <body>: "open" while what the bot sends arrives live, "closed" while the
// browser reconnects (the page shows those messages when it is opened again).
const stream = new EventSource("/events");
stream.addEventListener("ready", () => { document.body.dataset.stream = "open"; });
stream.addEventListener("error", () => { document.body.dataset.stream = "closed"; });
stream.addEventListener("message", (event) => {
  render(JSON.parse(event.data));
  showItems();
});
list.scrollTop = list.scrollHeight;

// The person's items beside the chat. Their buttons send the same commands one would type
// ("/done 2", "/deltask 2"), so the chat shows what was done and the bot does it its one way.
const zone = document.querySelector('meta[name="time-zone"]').content;
const itemList = document.getElementById("item-list");
const dates = new Intl.DateTimeFormat(undefined, {
  timeZone: zone, weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit",
});
const when = (iso) => (iso ? dates.format(new Date(iso)) : "");
const KINDS = {
  tasks: {
    empty: "No open tasks.",
    words: (i) => i.text, detail: (i) => when(i.due_at),
    done: (i) => `/done ${i.number}`, edit: (i) => `/edit task ${i.number} | ${i.text}`,
    remove: (i) => `/deltask ${i.number}`,
  },
  reminders: {
    empty: "No reminders.",
    words: (i) => i.text, detail: (i) => `${when(i.due_at)}${i.rrule ? " · repeats" : ""}`,
    edit: (i) => `/edit ${i.number} | ${i.text}`, remove: (i) => `/cancel ${i.number}`,
  },
  notes: {
    empty: "No notes.",
    words: (i) => (i.title ? `${i.title}: ${i.body}` : i.body), detail: () => "",
    edit: (i) => `/edit note ${i.number} | ${i.body}`, remove: (i) => `/delnote ${i.number}`,
  },
  events: {
    empty: "No upcoming events.",
    words: (i) => i.title, detail: (i) => [when(i.start_at), i.place].filter(Boolean).join(" · "),
    edit: (i) => `/edit event ${i.number} | ${i.title}${i.place ? ` @ ${i.place}` : ""}`,
    remove: (i) => `/cancelevent ${i.number}`,
  },
};
let shownKind = "tasks";

function action(label, title, run) {
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = label;
  button.title = title;
  button.addEventListener("click", run);
  return button;
}

function itemRow(kind, item) {
  const row = document.createElement("li");
  row.dataset.number = item.number;
  const number = document.createElement("span");
  number.className = "number";
  number.textContent = item.number;
  const what = document.createElement("div");
  what.className = "what";
  const words = document.createElement("span");
  words.className = "words";
  words.textContent = kind.words(item);
  what.appendChild(words);
  const detail = kind.detail(item);
  if (detail) {
    const small = document.createElement("span");
    small.className = "detail";
    small.textContent = detail;
    what.appendChild(small);
  }
  const actions = document.createElement("div");
  actions.className = "actions";
  if (kind.done) actions.appendChild(action("Done", kind.done(item), () => say(kind.done(item))));
  actions.appendChild(action("Edit", "Write the change in the text box", () => {
    const input = document.getElementById("text");
    input.value = kind.edit(item);
    input.focus();
  }));
  actions.appendChild(action("Delete", kind.remove(item), () => say(kind.remove(item))));
  row.append(number, what, actions);
  return row;
}

async function showItems() {
  const asked = shownKind;
  const response = await fetch(`/web/items?kind=${asked}`, { credentials: "same-origin" });
  if (!response.ok || asked !== shownKind) return;
  const answer = await response.json();
  const kind = KINDS[asked];
  const rows = answer.items.map((item) => itemRow(kind, item));
  if (!rows.length) {
    const empty = document.createElement("li");
    empty.className = "empty";
    empty.textContent = kind.empty;
    rows.push(empty);
  }
  itemList.replaceChildren(...rows);
  itemList.dataset.kind = asked;
}

for (const button of document.querySelectorAll("button[data-kind]")) {
  button.addEventListener("click", () => {
    shownKind = button.dataset.kind;
    for (const other of document.querySelectorAll("button[data-kind]")) {
      other.setAttribute("aria-pressed", String(other === button));
    }
    showItems();
  });
}
showItems();
