// The demo page's playground: buttons call the element's methods, and every
// support-chat-* event is logged (as text: event details can hold anything a visitor wrote).
const chat = document.querySelector('support-chat');
const log = document.getElementById('log');
const EVENTS = ['ready', 'open', 'close', 'message', 'state', 'error'];

function record(name, detail) {
  const item = document.createElement('li');
  item.textContent = `${new Date().toLocaleTimeString()}  support-chat-${name}  ${JSON.stringify(detail)}`;
  log.prepend(item);
}

function showProperties() {
  document.getElementById('prop-state').textContent = chat.state;
  document.getElementById('prop-visitor').textContent = chat.visitorId ?? '—';
  document.getElementById('prop-conversation').textContent = chat.conversationId ?? '—';
  document.getElementById('prop-version').textContent = chat.version ?? '—';
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

document.getElementById('send-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = event.target.elements.text;
  chat.sendMessage(input.value).catch((error) => record('sendMessage rejected', { message: error.message }));
  input.value = '';
});

customElements.whenDefined('support-chat').then(showProperties);
