// The demo page's playground. Buttons call the element's methods, a form generated from
// custom-elements.json edits every attribute live, and every support-chat-* event is logged
// (as text: event details can hold anything a visitor wrote).
const chat = document.getElementById('chat');
const log = document.getElementById('log');
const EVENTS = ['ready', 'open', 'close', 'request-close', 'message', 'unread', 'typing', 'state', 'identify', 'config', 'error', 'shutdown'];
const LOCALES = ['en', 'zh-CN', 'zh-TW', 'ja', 'ko', 'es', 'fr', 'de', 'pt-BR', 'it', 'ru', 'ar'];
const SKIP = new Set(['channel', 'server']);

function record(name, detail) {
  const item = document.createElement('li');
  item.textContent = `${new Date().toLocaleTimeString()}  support-chat-${name}  ${JSON.stringify(detail)}`;
  log.prepend(item);
  while (log.children.length > 200) log.lastChild.remove();
}

function showProperties() {
  const show = (id, value) => (document.getElementById(id).textContent = value ?? '—');
  show('prop-state', chat.state);
  show('prop-unread', String(chat.unreadCount ?? 0));
  show('prop-visitor', chat.visitorId);
  show('prop-conversation', chat.conversationId);
  show('prop-locale', chat.activeLocale);
  show('prop-version', chat.version);
  // The headless client the element is built on (support-chat/client), once the chat has started.
  show('prop-transport', chat.client?.transportName);
  show('prop-pending', chat.client ? String(chat.client.pending.length) : undefined);
}

for (const name of EVENTS) {
  chat.addEventListener(`support-chat-${name}`, (event) => {
    record(name, event.detail);
    showProperties();
  });
}

for (const button of document.querySelectorAll('[data-call]')) {
  button.addEventListener('click', () => chat[button.dataset.call]());
}

const report = (what) => (error) => record(`${what} rejected`, { message: error.message });

document.getElementById('send-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = event.target.elements.text;
  chat.sendMessage(input.value).catch(report('sendMessage'));
  input.value = '';
});
document.getElementById('send-file').addEventListener('change', (event) => {
  const [file] = event.target.files;
  if (file) chat.sendFile(file).catch(report('sendFile'));
  event.target.value = '';
});
document.getElementById('prefill-form').addEventListener('submit', (event) => {
  event.preventDefault();
  chat.open({ prefill: event.target.elements.text.value });
});
document.getElementById('identify-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const { name, email } = event.target.elements;
  const profile = {};
  if (name.value) profile.name = name.value;
  if (email.value) profile.email = email.value;
  chat.identify(profile).catch(report('identify'));
});

const localeSelect = document.getElementById('locale-select');
for (const locale of LOCALES) localeSelect.append(new Option(locale, locale));
localeSelect.addEventListener('change', () => chat.setLocale(localeSelect.value).then(showProperties));

/** One control per attribute of the manifest: checkbox, select, number, color or text. */
function control(attribute) {
  const type = attribute.type?.text ?? 'string';
  const id = `option-${attribute.name}`;
  const label = document.createElement('label');
  label.htmlFor = id;
  label.textContent = attribute.name;
  label.title = attribute.description ?? '';
  let input;
  if (type === 'boolean') {
    input = document.createElement('input');
    input.type = 'checkbox';
    input.checked = chat.hasAttribute(attribute.name);
    input.addEventListener('change', () => chat.toggleAttribute(attribute.name, input.checked));
  } else if (type.includes("'")) {
    input = document.createElement('select');
    input.append(new Option('(default)', ''));
    for (const value of type.split('|').map((part) => part.trim().replace(/'/g, ''))) input.append(new Option(value, value));
    input.value = chat.getAttribute(attribute.name) ?? '';
  } else {
    input = document.createElement('input');
    input.type = type === 'number' ? 'number' : 'text';
    input.placeholder = attribute.default ? JSON.parse(attribute.default).toString() : '';
    input.value = chat.getAttribute(attribute.name) ?? '';
  }
  if (input.type !== 'checkbox') {
    input.addEventListener('change', () => {
      if (input.value === '') chat.removeAttribute(attribute.name);
      else chat.setAttribute(attribute.name, input.value);
    });
  }
  input.id = id;
  const row = document.createElement('div');
  row.className = 'option';
  row.append(label, input);
  return row;
}

async function buildPlayground() {
  const manifest = await (await fetch('/custom-elements.json')).json();
  const element = manifest.modules.flatMap((module) => module.declarations ?? []).find((item) => item.tagName === 'support-chat');
  const form = document.getElementById('playground');
  for (const attribute of element.attributes) if (!SKIP.has(attribute.name)) form.append(control(attribute));
}

/** Without a reachable server (the page opened from a static host), the demo runs in mock mode. */
async function ensureServer() {
  try {
    const response = await fetch('/api/v1/widget/channels/demo/config');
    if (response.ok) return;
  } catch {
    // unreachable: fall through
  }
  chat.setAttribute('mock', '');
  document.getElementById('mock-note').hidden = false;
}

await customElements.whenDefined('support-chat');
showProperties();
await Promise.all([ensureServer(), buildPlayground().catch(report('playground'))]);
