import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import '../../src/inbox/define.js';
import type { SupportInbox } from '../../src/inbox/support-inbox.js';
import type { ChatMessage, ErrorBody } from '../../src/protocol.js';
import type { SupportChat } from '../../src/support-chat.js';
import { inside, sleep } from '../browser/helpers.js';
import { signedIn } from './inbox-helpers.js';

const { url: server, proxyUrl, agentEmail, agentPassword } = (await executeServerCommand('chat-server')) as {
  url: string;
  proxyUrl: string;
  agentEmail: string;
  agentPassword: string;
};

/** A real JPEG, drawn and encoded by Chromium. */
async function drawing(width: number, height: number, name = 'drawing.jpg'): Promise<File> {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#2f54eb';
  context.fillRect(0, 0, width, height);
  context.fillStyle = '#ffd400';
  context.fillRect(width / 4, height / 4, width / 2, height / 2);
  return new File([await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 })], name, { type: 'image/jpeg' });
}

const files = (...list: File[]) => {
  const transfer = new DataTransfer();
  for (const file of list) transfer.items.add(file);
  return transfer;
};

/** Picks files through the paperclip's file input, as the browser does after the dialog. */
async function pick(root: ShadowRoot, ...list: File[]): Promise<void> {
  const input = root.querySelector<HTMLInputElement>('input[type=file]')!;
  input.files = files(...list).files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

async function openChat(serverUrl = server): Promise<{ el: SupportChat; root: ShadowRoot }> {
  const el = await fixture<SupportChat>(html`<support-chat channel="e2e" server=${serverUrl} open></support-chat>`);
  await oneEvent(el, 'support-chat-ready');
  const root = await inside(el);
  await waitUntil(() => root.querySelector('[part="attach"]'), 'no paperclip: the channel config did not allow files');
  return { el, root };
}

const lastMessage = (el: SupportChat) => el.messages.at(-1)!;

describe('uploads in the widget, against the real server', () => {
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear(); // the inbox keeps its agent session there
  });

  it('the paperclip sends a real image: its size is reserved before it loads, the agent and the inbox get it', async () => {
    const inbox = await fixture<SupportInbox>(html`<support-inbox server=${server}></support-inbox>`);
    await signedIn(inbox, agentEmail, agentPassword);
    const { el, root } = await openChat();
    expect(root.querySelector('[part="attach"]')!.getAttribute('aria-label')).to.equal('Attach a file');
    await pick(root, await drawing(300, 150));

    await waitUntil(() => el.messages.some((message) => message.attachments.length), 'the image was never sent', { timeout: 10_000 });
    const [attachment] = lastMessage(el).attachments;
    expect(attachment).to.include({ fileName: 'drawing.jpg', contentType: 'image/jpeg', width: 300, height: 150 });
    await el.updateComplete;
    const panelEl = el.shadowRoot!.querySelector('support-chat-panel')!;
    await panelEl.updateComplete;
    const image = root.querySelector<HTMLImageElement>('[part="thumbnail"] img')!;
    // The box is the thumbnail's final size from the first frame: nothing moves when it loads.
    expect([image.getAttribute('width'), image.getAttribute('height')]).to.deep.equal(['220', '110']);
    const before = image.getBoundingClientRect();
    expect([Math.round(before.width), Math.round(before.height)]).to.deep.equal([220, 110]);
    await waitUntil(() => image.complete && image.naturalWidth > 0, 'the signed URL did not load', { timeout: 5000 });
    expect([image.naturalWidth, image.naturalHeight]).to.deep.equal([300, 150]);
    const after = image.getBoundingClientRect();
    // Sub-pixel rounding aside, the box did not move: nothing shifted when the image arrived.
    const px = (value: number) => Math.round(value * 10) / 10;
    expect([px(after.width), px(after.height)]).to.deep.equal([px(before.width), px(before.height)]);

    // The agent side: the same attachment, and the inbox shows it as a thumbnail.
    const stored = (await executeServerCommand('chat-messages', { conversationId: el.conversationId })) as ChatMessage[];
    expect(stored.at(-1)!.attachments[0]).to.include({ id: attachment!.id, width: 300, height: 150 });
    const inboxRoot = inbox.shadowRoot!;
    const row = () => [...inboxRoot.querySelectorAll<HTMLButtonElement>('.list button')].find((button) => button.textContent?.includes('📎 drawing.jpg'));
    await waitUntil(row, 'the inbox list does not show the file', { timeout: 10_000 });
    row()!.click();
    await waitUntil(() => inboxRoot.querySelector('.message .thumb img'), 'the inbox thread shows no thumbnail', { timeout: 5000 });
    const inboxImage = inboxRoot.querySelector<HTMLImageElement>('.message .thumb img')!;
    await waitUntil(() => inboxImage.complete && inboxImage.naturalWidth === 300, 'the inbox image did not load', { timeout: 5000 });
    await expect(inbox).to.be.accessible();

    // The agent answers with a file from the inbox; the visitor gets a card with name and size.
    const guide = new File(['%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'], 'guide.pdf', { type: 'application/pdf' });
    const picker = inboxRoot.querySelector<HTMLInputElement>('.reply input[type=file]')!;
    picker.files = files(guide).files;
    picker.dispatchEvent(new Event('change'));
    await waitUntil(() => el.messages.some((message) => message.from === 'agent' && message.attachments[0]?.fileName === 'guide.pdf'), 'the agent file never reached the visitor', { timeout: 10_000 });
    await panelEl.updateComplete;
    const card = [...root.querySelectorAll<HTMLAnchorElement>('[part="file"]')].at(-1)!;
    expect(card.querySelector('.file-name')!.textContent).to.equal('guide.pdf');
    expect(card.querySelector('.file-size')!.textContent).to.match(/^\d+ byte/);
    expect(new URL(card.href).origin).to.equal(new URL(server).origin);
    expect(card.download).to.equal('guide.pdf');
  });

  it('dropping files on the panel shows a drop target and sends them; pasting a screenshot sends it', async () => {
    const { el, root } = await openChat();
    const panelEl = el.shadowRoot!.querySelector('support-chat-panel')!;
    const transfer = files(new File(['hello\n'.repeat(2000)], 'notes.txt', { type: 'text/plain' }));
    panelEl.dispatchEvent(new DragEvent('dragenter', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    // The drop target is loaded on demand, on the first drag.
    await waitUntil(() => root.querySelector('.drop'), 'no drop target');
    expect(root.querySelector('.drop')!.textContent!.trim()).to.equal('Drop files to send');
    expect(getComputedStyle(root.querySelector('.drop')!).position, 'the drop target styles were added').to.equal('absolute');
    panelEl.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    await panelEl.updateComplete;
    expect(root.querySelector('.drop')).to.equal(null);
    await waitUntil(() => lastMessage(el)?.attachments[0]?.fileName === 'notes.txt', 'the dropped file was never sent', { timeout: 10_000 });
    expect(lastMessage(el).attachments[0]).to.include({ contentType: 'text/plain', fileSize: 12000 });
    await panelEl.updateComplete;
    expect([...root.querySelectorAll('[part="file"] .file-size')].at(-1)!.textContent).to.equal('11.7 kB');

    const textarea = root.querySelector('textarea')!;
    const shot = await drawing(40, 30, 'image.png');
    textarea.dispatchEvent(new ClipboardEvent('paste', { clipboardData: files(shot), bubbles: true, cancelable: true }));
    await waitUntil(() => lastMessage(el).attachments[0]?.fileName === 'image.png', 'the pasted image was never sent', { timeout: 10_000 });
    expect(lastMessage(el).attachments[0]).to.include({ width: 40, height: 30 });
  });

  it('a thumbnail opens a lightbox; Escape closes the image and leaves the chat open', async () => {
    const { el, root } = await openChat();
    await pick(root, await drawing(640, 480));
    // Settled first: stored (no pending bubble), so the check below sees one steady state.
    await waitUntil(() => el.messages.some((message) => message.attachments.length) && !root.querySelector('.pending, .upload'), 'the image was not stored', { timeout: 10_000 });
    await waitUntil(() => root.querySelector('[part="thumbnail"]'), 'no thumbnail', { timeout: 10_000 });
    root.querySelector<HTMLButtonElement>('[part="thumbnail"]')!.click();
    // The lightbox is loaded on demand: the dialog appears once its chunk is in.
    await waitUntil(() => root.querySelector<HTMLDialogElement>('dialog.lightbox')?.open && root.querySelector<HTMLImageElement>('dialog.lightbox img')?.complete, 'the lightbox did not open');
    const dialog = root.querySelector<HTMLDialogElement>('dialog.lightbox')!;
    expect(getComputedStyle(dialog).backgroundColor, 'the lightbox styles were added').to.equal('rgba(0, 0, 0, 0)');
    expect(dialog.querySelector('img')!.alt).to.equal('drawing.jpg');
    expect(dialog.getAttribute('aria-label')).to.equal('drawing.jpg');
    // The modal dialog is what can be seen and reached now (the rest is inert under the
    // backdrop, where axe would measure text colors through the image): check it.
    await expect(dialog).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !dialog.open, 'Escape did not close the image');
    expect(el.opened, 'the chat stays open').to.equal(true);
  });

  it('a slow upload shows its progress and can be cancelled: no message, nothing stored', async () => {
    const { el, root } = await openChat(proxyUrl);
    const storedBefore = (await executeServerCommand('chat-uploads-stored')) as number;
    const count = el.messages.length;
    await executeServerCommand('chat-hold-uploads', { hold: true });
    try {
      const sent = el.sendFile(new File([new Uint8Array(8 * 1024 * 1024).fill(97)], 'big.txt', { type: 'text/plain' }));
      sent.catch(() => {});
      await waitUntil(() => root.querySelector('.upload progress'), 'no progress bar');
      const progress = root.querySelector<HTMLProgressElement>('.upload progress')!;
      expect(progress.getAttribute('aria-label')).to.equal('Uploading big.txt');
      await sleep(300);
      root.querySelector<HTMLButtonElement>('.upload .cancel-upload')!.click();
      let error: unknown;
      await sent.catch((caught: unknown) => (error = caught));
      expect((error as Error).name).to.equal('AbortError');
      await waitUntil(() => !root.querySelector('.upload'), 'the cancelled upload is still shown');
    } finally {
      await executeServerCommand('chat-hold-uploads', { hold: false });
    }
    await sleep(500);
    expect(el.messages.length).to.equal(count);
    expect(root.querySelector('.pending'), 'nothing waits in the outbox').to.equal(null);
    expect(await executeServerCommand('chat-uploads-stored')).to.equal(storedBefore);
  });

  it('a file over the limit is refused before any upload; SVG is refused by the server; both say why', async () => {
    const { el, root } = await openChat();
    const storedBefore = (await executeServerCommand('chat-uploads-stored')) as number;
    const errors: ErrorBody[] = [];
    el.addEventListener('support-chat-error', (event) => errors.push(event.detail as ErrorBody));
    await pick(root, new File([new Uint8Array(10 * 1024 * 1024 + 1)], 'huge.bin'));
    await waitUntil(() => root.querySelector('.notice.error'), 'no notice for the big file');
    expect(root.querySelector('.notice.error')!.textContent!.trim()).to.equal('Files up to 10 MB can be sent.');
    expect(errors.map((error) => [error.code, error.param])).to.deep.equal([['payload_too_large', 'file']]);
    expect(root.querySelector('.upload'), 'never started').to.equal(null);

    await pick(root, new File(['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'], 'logo.svg', { type: 'image/svg+xml' }));
    await waitUntil(() => errors.length === 2, 'the server did not refuse the SVG', { timeout: 5000 });
    expect([errors[1]!.code, errors[1]!.param]).to.deep.equal(['unsupported_media_type', 'file']);
    await waitUntil(() => root.querySelector('.notice.error')?.textContent?.trim() === 'This kind of file cannot be sent.', 'no notice for the SVG');
    expect(root.querySelector('.upload'), 'a refused file is not offered for retry').to.equal(null);
    expect(await executeServerCommand('chat-uploads-stored')).to.equal(storedBefore);
  });

  it('an agent’s image arrives live with its dimensions; a hostile file name renders as text', async () => {
    const { el, root } = await openChat();
    await el.sendMessage('hello');
    const canary = window as unknown as { __xss?: unknown };
    window.alert = (...args: unknown[]) => void (canary.__xss = args);
    await executeServerCommand('chat-agent-send-file', { conversationId: el.conversationId, name: 'chart.png', width: 500, height: 1000 });
    await waitUntil(() => lastMessage(el).from === 'agent' && lastMessage(el).attachments.length, 'the agent file never arrived', { timeout: 5000 });
    const panelEl = el.shadowRoot!.querySelector('support-chat-panel')!;
    await panelEl.updateComplete;
    const image = [...root.querySelectorAll<HTMLImageElement>('[part="thumbnail"] img')].at(-1)!;
    expect([image.width, image.height]).to.deep.equal([110, 220]);

    const name = '<img src=x onerror=alert(1)>.pdf';
    await executeServerCommand('chat-agent-send-file', { conversationId: el.conversationId, name, kind: 'pdf' });
    await waitUntil(() => lastMessage(el).attachments[0]?.fileName === name, 'the hostile name never arrived', { timeout: 5000 });
    await panelEl.updateComplete;
    const card = [...root.querySelectorAll('[part="file"] .file-name')].at(-1)!;
    expect(card.textContent).to.equal(name);
    expect(card.children.length).to.equal(0);
    await sleep(200);
    expect(canary.__xss).to.equal(undefined);
  });
});
