import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { emulateMedia, setViewport } from '@web/test-runner-commands';
import { contrastRatio, deriveAccent, parseColor, readableText, toHex } from '../../src/config/colors.js';
import { OPTIONS, OPTION_NAMES } from '../../src/config/options.js';
import { OPTION_DOCS } from '../../src/config/option-docs.js';
import { remoteLayer, resolveOptions } from '../../src/config/resolve.js';
import '../../src/define.js';
import type { SupportChat } from '../../src/support-chat.js';
import { hover, inside, launcher, panel, recordEvents, shadow } from './helpers.js';

before(() => emulateMedia({ reducedMotion: 'reduce', colorScheme: 'light' }));

const lightness = ({ r, g, b }: { r: number; g: number; b: number }) => (Math.max(r, g, b) + Math.min(r, g, b)) / 2 / 255;
function hue({ r, g, b }: { r: number; g: number; b: number }): number {
  const max = Math.max(r, g, b);
  const delta = max - Math.min(r, g, b);
  const h = max === r ? (g - b) / delta : max === g ? (b - r) / delta + 2 : (r - g) / delta + 4;
  return (h * 60 + 360) % 360;
}
beforeEach(() => localStorage.clear());

describe('options: one table, one merge', () => {
  it('every option has a kebab-case attribute, a default and docs', () => {
    for (const name of OPTION_NAMES) {
      const spec = OPTIONS[name];
      expect(spec.attribute, name).to.equal(name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`));
      expect(OPTION_DOCS[name], name).to.be.a('string').and.not.empty;
    }
  });

  it('takes the realtime origin, the config URL and no-launcher from the page only, never from the channel config', () => {
    const channelConfig = { wsServer: 'https://realtime.example.com', configUrl: 'https://example.com/c.json', noLauncher: true, headerTitle: 'Shop' };
    expect(remoteLayer(channelConfig)).to.deep.equal({ headerTitle: 'Shop' });
    const defaults = resolveOptions([remoteLayer(channelConfig)]);
    expect([defaults.wsServer, defaults.configUrl, defaults.noLauncher]).to.deep.equal(['', '', false]);
    // As attribute strings: a relative config URL is the page's; a realtime origin must be http(s).
    const page = resolveOptions([{ configUrl: 'preview/config.json', noLauncher: 'no-launcher', wsServer: 'javascript:alert(1)' }], () => {});
    expect([page.wsServer, page.configUrl, page.noLauncher]).to.deep.equal(['', 'preview/config.json', true]);
  });

  it('merges host > CDN data-* > CDN query > channel config > defaults, field by field', async () => {
    const el = document.createElement('support-chat');
    el.setAttribute('greeting', 'from the host');
    el.mock = true;
    el.channel = 'demo';
    el.cdnOptions = {
      data: { greeting: 'from data-*', headerTitle: 'from data-*' },
      query: { greeting: 'from the query', headerTitle: 'from the query', panelWidth: '400', theme: 'dark' },
    };
    const ready = oneEvent(el, 'support-chat-ready');
    document.body.append(el);
    try {
      await hover(el);
      await ready;
      await el.updateComplete;
      const config = el.config;
      expect(config.greeting).to.equal('from the host');
      expect(config.headerTitle).to.equal('from data-*');
      expect(config.panelWidth).to.equal(400);
      expect(config.theme).to.equal('dark');
      // The mock channel's config sets the header title too, but below every page layer; its
      // primary color is the default, so nothing above it changes that.
      expect(config.primaryColor).to.equal('#2f54eb');
      expect(config.buttonSize).to.equal(OPTIONS.buttonSize.default);
    } finally {
      el.remove();
    }
  });

  it('clamps numbers and reports each bad value once with invalid_option, falling back', async () => {
    const el = await fixture<SupportChat>(html`<support-chat panel-width="5000" offset-x="-5" button-size="big" position="middle" mobile-position="tl" theme="neon"></support-chat>`);
    const events = recordEvents(el);
    // Errors from the first update fire before the listener; a new bad value shows the shape.
    el.setAttribute('z-index', 'top');
    await el.updateComplete;
    el.requestUpdate();
    await el.updateComplete;
    const config = el.config;
    expect(config.panelWidth).to.equal(720);
    expect(config.offsetX).to.equal(0);
    expect(config.buttonSize).to.equal(56);
    expect(config.position).to.equal('bottom-right');
    expect(config.mobilePosition).to.equal('top-left');
    expect(config.theme).to.equal('light');
    expect(config.zIndex).to.equal(2147483000);
    const errors = events.filter((event) => event.name === 'error').map((event) => event.detail as { code: string; param: string });
    expect(errors).to.deep.equal([{ code: 'invalid_option', param: 'z-index', message: 'z-index: "top" is not a valid value' }]);
  });

  it('refuses inline SVG from an attribute but renders it, sanitized, from the property', async () => {
    const hostile = '<svg viewBox="0 0 24 24" onload="window.__svg=1"><script>window.__svg=2</script><path d="M2 2h20v20H2z" style="x"/><a href="javascript:alert(1)"><circle r="3"/></a></svg>';
    const fromAttribute = await fixture<SupportChat>(html`<support-chat></support-chat>`);
    const error = oneEvent(fromAttribute, 'support-chat-error');
    fromAttribute.setAttribute('button-icon', hostile);
    expect((await error).detail.param).to.equal('button-icon');
    await fromAttribute.updateComplete;
    expect(launcher(fromAttribute).querySelector('svg path')!.getAttribute('d')).to.not.equal('M2 2h20v20H2z');

    const fromProperty = await fixture<SupportChat>(html`<support-chat></support-chat>`);
    fromProperty.buttonIcon = hostile;
    await fromProperty.updateComplete;
    // The sanitizer is a lazy chunk: the default icon shows until it has loaded.
    await waitUntil(() => launcher(fromProperty).querySelector('svg path')?.getAttribute('d') === 'M2 2h20v20H2z', 'the sanitized icon is drawn');
    const icon = launcher(fromProperty).querySelector('svg')!;
    expect(icon.querySelector('path')!.getAttribute('d')).to.equal('M2 2h20v20H2z');
    expect(icon.querySelector('script, a, [onload], [style]')).to.equal(null);
    expect(icon.hasAttribute('onload')).to.be.false;
    expect((window as { __svg?: number }).__svg).to.equal(undefined);
  });
});

describe('appearance', () => {
  it('derives the accent (+12% lightness) and picks a readable text color', () => {
    const blue = parseColor('#2f54eb')!;
    const accent = deriveAccent(blue);
    expect(lightness(accent) - lightness(blue)).to.be.closeTo(0.12, 0.005);
    expect(hue(accent)).to.be.closeTo(hue(blue), 1);
    expect(parseColor('rgb(47, 84, 235)')).to.deep.equal(blue);
    expect(toHex(parseColor('hsl(0, 100%, 50%)')!)).to.equal('#ff0000');
    expect(parseColor('url(x)')).to.equal(null);
    for (const color of ['#2f54eb', '#ffeb3b', '#000000', '#ffffff', '#e91e63', '#00bcd4', '#4caf50', '#795548', '#9e9e9e']) {
      const background = parseColor(color)!;
      const text = readableText(background);
      const other = toHex(text) === '#ffffff' ? parseColor('#111827')! : parseColor('#ffffff')!;
      expect(contrastRatio(background, text), color).to.be.at.least(contrastRatio(background, other));
    }
    expect(contrastRatio(parseColor('#ffeb3b')!, readableText(parseColor('#ffeb3b')!))).to.be.at.least(4.5);
  });

  it('applies colors, sizes and the pill launcher with its label', async () => {
    const el = await fixture<SupportChat>(html`<support-chat primary-color="#ffeb3b" button-shape="pill" button-label="Chat with us" button-size="64" offset-x="40" position="bottom-left"></support-chat>`);
    const button = launcher(el);
    const style = getComputedStyle(button);
    expect(style.backgroundColor).to.equal('rgb(255, 235, 59)');
    expect(style.color).to.equal('rgb(17, 24, 39)', 'dark text on yellow');
    expect(style.height).to.equal('64px');
    expect(style.left).to.equal('40px');
    expect(button.textContent!.trim()).to.equal('Chat with us');
    expect(button.getAttribute('aria-label')).to.equal('Chat with us');
    await expect(el).to.be.accessible();
  });

  it('takes a preset icon or an image URL', async () => {
    const el = await fixture<SupportChat>(html`<support-chat button-icon="heart"></support-chat>`);
    const heart = launcher(el).innerHTML;
    el.buttonIcon = 'zap';
    await el.updateComplete;
    expect(launcher(el).innerHTML).to.not.equal(heart);
    el.buttonIcon = 'https://example.com/icon.png';
    await el.updateComplete;
    expect(launcher(el).querySelector('img')!.getAttribute('src')).to.equal('https://example.com/icon.png');
  });

  it('is accessible open in light and dark, and follows dark for auto when the system is dark', async () => {
    for (const theme of ['light', 'dark'] as const) {
      const el = await fixture<SupportChat>(html`<support-chat theme=${theme} header-title="Help" open></support-chat>`);
      const root = await inside(el);
      await expect(el, theme).to.be.accessible();
      const surface = getComputedStyle(root.host).backgroundColor;
      expect(surface, theme).to.equal(theme === 'dark' ? 'rgb(27, 31, 36)' : 'rgb(255, 255, 255)');
    }
    // emulateMedia replaces every emulated feature at once, so both are always given.
    await emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
    try {
      const auto = await fixture<SupportChat>(html`<support-chat theme="auto" open></support-chat>`);
      const root = await inside(auto);
      expect(getComputedStyle(root.host).backgroundColor).to.equal('rgb(27, 31, 36)');
    } finally {
      await emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
    }
  });

  it('puts a background image under an overlay, set through CSSOM', async () => {
    const el = await fixture<SupportChat>(html`<support-chat background-image="/bg.png" open></support-chat>`);
    const root = await inside(el);
    const messages = root.querySelector<HTMLElement>('[part="messages"]')!;
    const image = getComputedStyle(messages).backgroundImage;
    expect(image).to.contain('linear-gradient');
    expect(image).to.contain(`url("${location.origin}/bg.png")`);
    const hostile = await fixture<SupportChat>(html`<support-chat background-image="javascript:alert(1)"></support-chat>`);
    expect(hostile.config.backgroundImage).to.equal('');
  });

  it('fills the viewport on a phone, modal, with 16 px inputs and the host body untouched', async () => {
    const bodyStyle = document.body.getAttribute('style');
    await setViewport({ width: 375, height: 700 });
    try {
      const el = await fixture<SupportChat>(html`<support-chat open></support-chat>`);
      const root = await inside(el);
      el.requestUpdate();
      await el.updateComplete;
      const rect = panel(el).getBoundingClientRect();
      expect([rect.left, rect.top, rect.width, rect.height]).to.deep.equal([0, 0, 375, 700]);
      expect(panel(el).getAttribute('aria-modal')).to.equal('true');
      expect(getComputedStyle(root.querySelector('textarea')!).fontSize).to.equal('16px');
      expect(document.body.getAttribute('style')).to.equal(bodyStyle);
      await expect(el).to.be.accessible();
    } finally {
      await setViewport({ width: 1024, height: 768 });
    }
    const wide = await fixture<SupportChat>(html`<support-chat open></support-chat>`);
    await inside(wide);
    expect(panel(wide).hasAttribute('aria-modal')).to.be.false;
    expect(panel(wide).getBoundingClientRect().width).to.equal(380);
  });

  it('honours prefers-reduced-motion', async () => {
    const el = await fixture<SupportChat>(html`<support-chat open></support-chat>`);
    await inside(el);
    expect(getComputedStyle(panel(el)).animationName).to.equal('none');
    await emulateMedia({ reducedMotion: 'no-preference', colorScheme: 'light' });
    try {
      el.opened = false;
      await el.updateComplete;
      el.opened = true;
      await el.updateComplete;
      expect(getComputedStyle(panel(el)).animationName).to.equal('rise');
    } finally {
      await emulateMedia({ reducedMotion: 'reduce', colorScheme: 'light' });
    }
  });

  it('autofocuses nothing on page load, even with default-open', async () => {
    const el = await fixture<SupportChat>(html`<support-chat default-open></support-chat>`);
    const root = await inside(el);
    expect(el.opened).to.be.true;
    expect(root.activeElement).to.equal(null);
    expect(shadow(el).activeElement).to.equal(null);
  });
});
