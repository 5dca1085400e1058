import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { parseColor, toHex } from '../config/colors.js';
import { resolveServer } from '../config/server.js';
import { AdminApi, type AdminChannel } from './admin-api.js';
import { AiAgentEditor } from './settings-ai.js';
import { ArticleEditor } from './settings-articles.js';
import { articleStyles } from './settings-articles.styles.js';
import { AiChannelEditor } from './settings-ai-channel.js';
import { aiStyles } from './settings-ai.styles.js';
import { FaqEditor } from './settings-faqs.js';
import { PreChatEditor } from './settings-prechat.js';
import { preChatStyles } from './settings-prechat.styles.js';
import { ProactiveEditor } from './settings-proactive.js';
import { controlFor, controlName, draftField, failure, LOGIN_MODES, previewable, toDraft, toPatch, type Draft, type Status, type TextField } from './settings-form.js';
import { styles } from './settings-view.styles.js';
import { WebhookEditor } from './settings-webhooks.js';
import { webhookStyles } from './settings-webhooks.styles.js';
import { LabelSettings } from './settings-labels.js';
import { labelSettingsStyles } from './settings-labels.styles.js';

/**
 * The inbox's settings screen, for admin agents: pick a channel, edit its name, appearance,
 * greeting, away message, origin allowlist, login modes, FAQs, pre-chat form and the AI agents that answer
 * it, its help articles (Markdown, with a preview), and see the widget follow every keystroke in a live preview (a mock `<support-chat>`, no network)
 * before saving. Below: the AI agents, and the webhooks of every channel with their delivery log.
 *
 * @summary Channel settings for support-chat admins, with a live preview.
 * @tagname support-inbox-settings
 * @cssproperty [--support-inbox-primary=#2f54eb] - Color of the primary buttons.
 */
export class SupportInboxSettings extends LitElement {
  static override styles = [styles, preChatStyles, webhookStyles, aiStyles, articleStyles, labelSettingsStyles];

  /** Aborts every request in flight when the element leaves the page. */
  #connection = new AbortController();
  /** Bumped on each channel load, so an older answer never overwrites a newer one. */
  #loads = 0;
  readonly #faqs = new FaqEditor(this, () => this.#api());
  readonly #articles = new ArticleEditor(this, () => this.#api());
  readonly #webhooks = new WebhookEditor(this, () => this.#api());
  readonly #preChat = new PreChatEditor(this, () => this.#api(), (saved) => this.#stored(saved));
  readonly #proactive = new ProactiveEditor(this, () => this.#api(), (saved) => this.#stored(saved));
  readonly #aiAgents = new AiAgentEditor(this, () => this.#api());
  readonly #aiChannel = new AiChannelEditor(this, () => this.#api(), () => this.#aiAgents.agents, (saved) => this.#stored(saved));
  // ---- desk: canned replies and labels
  readonly #labels = new LabelSettings(this, () => this.#api());

  @query('form.channel-form') private channelForm!: HTMLFormElement | null;

  @state() private channels: AdminChannel[] = [];
  @state() private selectedKey = '';
  @state() private draft: Draft | null = null;
  @state() private loading = false;
  @state() private loadError = '';
  @state() private status: Status | null = null;
  /** The name of the control the server refused, marked `aria-invalid`. */
  @state() private invalidControl = '';
  @state() private saving = false;
  @state() private previewFailed = false;

  /** Origin of the support-chat server; defaults to the page's. */
  @property() server = '';
  /** The signed-in agent's bearer token (the admin API answers an admin's only). A property only: a secret stays out of the markup. */
  @property({ attribute: false }) token = '';

  override connectedCallback(): void {
    super.connectedCallback();
    this.#connection = new AbortController();
    // The widget is loaded with this screen, not with the inbox: most inbox visits never open it.
    import('../define.js').catch(() => {
      this.previewFailed = true;
    });
    if (this.hasUpdated) void this.#loadChannels();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#connection.abort();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('server') || changed.has('token')) void this.#loadChannels();
  }

  #api(): AdminApi {
    return new AdminApi(resolveServer(this.server), this.token, this.#connection.signal);
  }

  get #selected(): AdminChannel | undefined {
    return this.channels.find((channel) => channel.key === this.selectedKey);
  }

  async #loadChannels(): Promise<void> {
    const load = ++this.#loads;
    this.loadError = '';
    if (!this.token) {
      this.channels = [];
      this.draft = null;
      return;
    }
    this.loading = true;
    void this.#webhooks.load();
    void this.#aiAgents.load();
    try {
      const channels = (await this.#api().channels()).data;
      if (load !== this.#loads) return;
      this.channels = channels;
      const current = channels.find((channel) => channel.key === this.selectedKey) ?? channels[0];
      if (current) this.#select(current.key);
    } catch (error) {
      const failed = failure(error);
      if (load === this.#loads && failed) this.loadError = failed.status.message;
    } finally {
      if (load === this.#loads) this.loading = false;
    }
  }

  /** Shows the saved values of `key` (unsaved edits of the previous channel are dropped). */
  #select(key: string): void {
    const channel = this.channels.find((item) => item.key === key);
    if (!channel) return;
    this.selectedKey = key;
    this.draft = toDraft(channel);
    this.status = null;
    this.invalidControl = '';
    this.#preChat.load(channel);
    this.#proactive.load(channel);
    this.#aiChannel.load(channel);
    void this.#faqs.load(key);
    void this.#articles.load(key);
  }

  /** A channel as the server answered a save: the list holds it from now on. */
  #stored(saved: AdminChannel): void {
    this.channels = this.channels.map((item) => (item.key === saved.key ? saved : item));
  }

  #onInput(event: Event): void {
    const control = event.target as HTMLInputElement | HTMLTextAreaElement;
    if (!this.draft || !control.name) return;
    const field = draftField(control.name);
    const value = control instanceof HTMLInputElement && control.type === 'checkbox' ? control.checked : control.value;
    this.draft = { ...this.draft, [field]: value };
    // Editing the refused control clears its mark.
    if (control.name === this.invalidControl) this.invalidControl = '';
  }

  #onPickColor(event: Event): void {
    if (this.draft) this.draft = { ...this.draft, primaryColor: (event.target as HTMLInputElement).value };
  }

  async #save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const channel = this.#selected;
    if (!channel || !this.draft || this.saving) return;
    this.saving = true;
    this.status = null;
    this.invalidControl = '';
    try {
      const saved = await this.#api().updateChannel(channel.key, toPatch(this.draft, toDraft(channel)));
      this.#stored(saved);
      if (this.selectedKey === saved.key) {
        this.draft = toDraft(saved);
        this.status = { message: 'Saved', error: false };
      }
    } catch (error) {
      void this.#fail(error);
    } finally {
      this.saving = false;
    }
  }

  /** The server's message in the status line; the field it names is marked and focused. */
  async #fail(error: unknown): Promise<void> {
    const failed = failure(error);
    if (!failed) return;
    const control = this.channelForm && failed.param ? controlFor(this.channelForm, failed.param) : null;
    this.status = failed.status;
    this.invalidControl = control?.getAttribute('name') ?? '';
    await this.updateComplete;
    control?.focus();
  }

  #invalid(name: string) {
    return this.invalidControl === name ? 'true' : nothing;
  }

  /** A refused control is described by the status line that says why. */
  #describedBy(name: string) {
    return this.invalidControl === name ? 'settings-status' : nothing;
  }

  /** A labelled text control of the settings form; `code` (a color, origins) turns spellcheck off. */
  #textField(field: TextField, label: string, { maxlength = 0, rows = 0, code = false } = {}) {
    const name = controlName(field);
    const value = this.draft![field];
    const spellcheck = code ? 'false' : nothing;
    return html`<label>${label}${rows
      ? html`<textarea name=${name} rows=${rows} maxlength=${maxlength || nothing} spellcheck=${spellcheck} .value=${value}
          aria-invalid=${this.#invalid(name)} aria-describedby=${this.#describedBy(name)}></textarea>`
      : html`<input name=${name} maxlength=${maxlength || nothing} spellcheck=${spellcheck} .value=${value}
          aria-invalid=${this.#invalid(name)} aria-describedby=${this.#describedBy(name)} />`}</label>`;
  }

  #renderForm(draft: Draft) {
    return html`<form class="channel-form" @submit=${this.#save} @input=${this.#onInput}>
      <fieldset>
        <legend>Channel</legend>
        ${this.#textField('name', 'Name', { maxlength: 200 })}
      </fieldset>
      <fieldset>
        <legend>Appearance</legend>
        <div class="color">
          ${this.#textField('primaryColor', 'Primary color', { maxlength: 50, code: true })}
          <input type="color" aria-label="Pick the primary color" .value=${toHex(parseColor(draft.primaryColor) ?? { r: 0, g: 0, b: 0 })} @input=${this.#onPickColor} />
        </div>
        ${this.#textField('headerTitle', 'Header title', { maxlength: 200 })}
        ${this.#textField('headerSubtitle', 'Header subtitle', { maxlength: 200 })}
      </fieldset>
      <fieldset>
        <legend>Messages</legend>
        ${this.#textField('greeting', 'Greeting (first text in an empty conversation)', { maxlength: 1000, rows: 3 })}
        ${this.#textField('offlineMessage', 'Away message (while no one is online)', { maxlength: 1000, rows: 3 })}
      </fieldset>
      <fieldset>
        <legend>Allowed origins</legend>
        ${this.#textField('allowedOrigins', 'Sites that may embed the widget, one origin per line like https://shop.example.com (empty: any site)', { rows: 4, code: true })}
      </fieldset>
      <fieldset>
        <legend>Login modes</legend>
        ${LOGIN_MODES.map(([mode, label, hint]) => html`<div class="check">
          <input id="mode-${mode}" type="checkbox" name="settings.${mode}" .checked=${draft[mode]} aria-describedby="mode-${mode}-hint"
            aria-invalid=${this.#invalid(`settings.${mode}`)} />
          <label for="mode-${mode}">${label}</label>
          <p id="mode-${mode}-hint" class="hint">${hint}</p>
        </div>`)}
      </fieldset>
      <div class="actions">
        <button class="primary" type="submit">${this.saving ? 'Saving…' : 'Save'}</button>
        <p id="settings-status" class=${this.status?.error ? 'status error' : 'status'} role="status">${this.status?.message ?? ''}</p>
      </div>
    </form>`;
  }

  override render() {
    const draft = this.draft;
    const saved = this.#selected;
    return html`<div class="settings">
      <div class="bar">
        <h2>Channel settings</h2>
        ${this.channels.length
          ? html`<label class="pick">Channel
              <select @change=${(event: Event) => this.#select((event.target as HTMLSelectElement).value)}>
                ${this.channels.map((channel) => html`<option value=${channel.key} ?selected=${channel.key === this.selectedKey}>${channel.name} (${channel.key})</option>`)}
              </select></label>`
          : nothing}
      </div>
      ${this.loadError ? html`<p class="status error" role="alert">${this.loadError}</p>` : nothing}
      ${!this.token ? html`<p class="empty">Sign in as an admin to change the settings.</p>` : nothing}
      ${this.loading && !draft ? html`<p class="empty">Loading channels…</p>` : nothing}
      ${draft && saved
        ? html`<div class="columns">
            ${this.#renderForm(draft)}
            <section class="preview" aria-labelledby="preview-title">
              <h3 id="preview-title">Preview</h3>
              <p class="hint">Shows your changes before you save. Messages sent here go to a demo bot.</p>
              ${this.previewFailed
                ? html`<p class="status error">The preview could not be loaded.</p>`
                : html`<support-chat mode="inline" mock channel=${saved.key}
                    .primaryColor=${previewable(draft.primaryColor) ? draft.primaryColor : saved.settings.primaryColor}
                    .headerTitle=${draft.headerTitle} .headerSubtitle=${draft.headerSubtitle} .greeting=${draft.greeting}></support-chat>`}
            </section>
            ${this.#faqs.render()} ${this.#preChat.render()} ${this.#proactive.render()} ${this.#aiChannel.render(saved)}
          </div>
          ${this.#articles.render()} ${this.#aiAgents.render()} ${this.#webhooks.render(saved)} ${this.#labels.render()}`
        : nothing}
    </div>`;
  }
}
