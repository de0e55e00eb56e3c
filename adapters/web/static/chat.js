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

document.getElementById("say").addEventListener("submit", (event) => {
  event.preventDefault();
  const input = document.getElementById("text");
  const text = input.value.trim();
  if (!text) return;
  input.value = "";
  render({ id: `you-${Date.now()}`, from: "you", text, buttons: [] });
  post("/web/chat", { text });
});

list.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-payload]");
  if (!button) return;
  const message = button.closest("li").dataset.id;
  post("/web/press", { payload: button.dataset.payload, message });
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
stream.addEventListener("message", (event) => render(JSON.parse(event.data)));
list.scrollTop = list.scrollHeight;
