// Loads the widget under the page's strict CSP, uses it, and reports what happened: to the
// page, and to a parent window when framed (the browser test reads that report).
const violations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  violations.push(`${event.violatedDirective} ${event.blockedURI}`);
  document.getElementById('violations').textContent = String(violations.length);
});

const params = new URLSearchParams(location.search);
const channel = params.get('k') || 'demo';
const script = document.createElement('script');
script.src = '/widget.js';
script.dataset.channel = channel;
document.head.append(script);

function report(result) {
  if (window.parent !== window) window.parent.postMessage({ type: 'support-chat-csp', ...result, violations }, '*');
}

script.addEventListener('load', async () => {
  const chat = window.SupportChat;
  try {
    const ready = new Promise((resolve) => chat.on('ready', resolve));
    await chat.open();
    await ready;
    const stored = await chat.sendMessage('Sent under a strict CSP');
    const element = document.querySelector('support-chat');
    await element.updateComplete;
    const panel = element.shadowRoot.querySelector('support-chat-panel');
    await panel.updateComplete;
    // Give late violations (styles, images, sockets) a moment to be reported.
    await new Promise((resolve) => setTimeout(resolve, 500));
    report({
      ok: true,
      seq: stored.seq,
      state: element.state,
      rendered: [...panel.shadowRoot.querySelectorAll('[part="message"] .text')].map((node) => node.textContent),
      launcherColor: getComputedStyle(element.shadowRoot.querySelector('[part="launcher"]')).backgroundColor,
    });
  } catch (error) {
    report({ ok: false, error: String(error) });
  }
});
