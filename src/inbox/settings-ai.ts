import { html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { AiAgent } from '../protocol.js';
import { renderAiForm, type AiFormView } from './settings-ai-form.js';
import { toAiDraft, toAiInput, toolDraft, type AiDraft, type KeyAction } from './settings-ai-draft.js';
import { showFailure, type Status } from './settings-form.js';
import { SettingsSection } from './settings-section.js';

type State = Pick<AiAgentEditor, 'agents' | 'draft' | 'status' | 'invalid' | 'confirming' | 'saving'>;

/**
 * The AI agents part of the settings screen: lists the AI agents (they are not per channel),
 * creates, edits and deletes them. The API key is write-only: the form says whether one is
 * stored and offers to replace or clear it, never to show it. A controller rendering inside the
 * settings view, like the webhooks; the channel's choice of agents is `AiChannelEditor`.
 */
export class AiAgentEditor extends SettingsSection<State> {
  agents: AiAgent[] = [];
  /** The form shown (a new agent when its id is null); null: no form. */
  draft: AiDraft | null = null;
  status: Status | null = null;
  /** The name of the control refused (by the server or by the form), marked `aria-invalid`. */
  invalid = '';
  /** The agent whose Delete waits for its confirmation. */
  confirming = '';
  saving = false;

  async load(): Promise<void> {
    const load = ++this.loads;
    this.set({ agents: [], draft: null, status: null, invalid: '', confirming: '' });
    try {
      const agents = (await this.api().aiAgents()).data;
      if (load === this.loads) this.set({ agents });
    } catch (error) {
      if (load === this.loads) void this.#fail(error);
    }
  }

  async #open(agent: AiAgent | null): Promise<void> {
    this.set({ draft: toAiDraft(agent), status: null, invalid: '', confirming: '' });
    await this.host.updateComplete;
    this.find<HTMLInputElement>('.ai-form [name="name"]')?.focus();
  }

  async #close(): Promise<void> {
    const id = this.draft?.id;
    this.set({ draft: null, invalid: '' });
    await this.host.updateComplete;
    this.find<HTMLElement>(id ? `[data-ai-agent="${id}"] .edit` : '.new-ai-agent')?.focus();
  }

  #onInput(event: Event): void {
    const control = event.target as HTMLInputElement | HTMLTextAreaElement;
    const draft = this.draft;
    if (!draft || !control.name) return;
    const value = control instanceof HTMLInputElement && control.type === 'checkbox' ? control.checked : control.value;
    const tool = /^tools\.(\d+)\.(name|description|parameters)$/.exec(control.name);
    if (tool) draft.tools = draft.tools.map((item, at) => (at === Number(tool[1]) ? { ...item, [tool[2]!]: value } : item));
    else if (control.name === 'apiKey') draft.apiKey = String(value);
    else if (control.name in draft.values) draft.values = { ...draft.values, [control.name]: value };
    // Editing the refused control (or a control of the refused tool) clears its mark.
    const cleared = [control.name, control.closest('fieldset')?.name].includes(this.invalid);
    this.set({ draft: { ...draft }, ...(cleared ? { invalid: '' } : {}) });
  }

  async #key(action: KeyAction): Promise<void> {
    if (!this.draft) return;
    this.set({ draft: { ...this.draft, key: action, apiKey: '' }, invalid: this.invalid === 'apiKey' ? '' : this.invalid });
    await this.host.updateComplete;
    this.find<HTMLElement>(action === 'replace' ? '.ai-form [name="apiKey"]' : action === 'clear' ? '.keep-key' : '.replace-key')?.focus();
  }

  async #addTool(): Promise<void> {
    if (!this.draft) return;
    this.set({ draft: { ...this.draft, tools: [...this.draft.tools, toolDraft()] } });
    await this.host.updateComplete;
    this.find<HTMLInputElement>(`.ai-form [name="tools.${this.draft.tools.length - 1}.name"]`)?.focus();
  }

  async #removeTool(index: number): Promise<void> {
    if (!this.draft) return;
    const tools = this.draft.tools.filter((_, at) => at !== index);
    this.set({ draft: { ...this.draft, tools }, invalid: '', status: { message: `Removed tool ${index + 1}`, error: false } });
    await this.host.updateComplete;
    const next = this.find<HTMLElement>(`.ai-form [name="tools.${Math.min(index, tools.length - 1)}.name"]`);
    (next ?? this.find<HTMLElement>('.ai-form .add-tool'))?.focus();
  }

  async #save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const draft = this.draft;
    if (!draft || this.saving) return;
    this.set({ saving: true, status: null, invalid: '' });
    try {
      const input = toAiInput(draft);
      const saved = draft.id ? await this.api().updateAiAgent(draft.id, input) : await this.api().createAiAgent(input);
      const agents = draft.id ? this.agents.map((item) => (item.id === saved.id ? saved : item)) : [...this.agents, saved];
      this.set({ agents, draft: null, status: { message: draft.id ? `Saved ${saved.name}` : `Created ${saved.name}`, error: false } });
      await this.host.updateComplete;
      this.find<HTMLElement>(`[data-ai-agent="${saved.id}"] .edit`)?.focus();
    } catch (error) {
      void this.#fail(error);
    } finally {
      this.set({ saving: false });
    }
  }

  /** Delete asks first, in the row itself; the keyboard lands on Cancel, not on the deletion. */
  async #confirm(agent: AiAgent | null): Promise<void> {
    const previous = this.confirming;
    this.set({ confirming: agent?.id ?? '' });
    await this.host.updateComplete;
    this.find<HTMLElement>(agent ? `[data-ai-agent="${agent.id}"] .cancel` : `[data-ai-agent="${previous}"] .delete`)?.focus();
  }

  async #delete(agent: AiAgent): Promise<void> {
    this.set({ status: null, invalid: '' });
    try {
      await this.api().deleteAiAgent(agent.id);
      const draft = this.draft?.id === agent.id ? null : this.draft;
      this.set({ agents: this.agents.filter((item) => item.id !== agent.id), draft, confirming: '', status: { message: `Deleted ${agent.name}`, error: false } });
      await this.host.updateComplete;
      this.find<HTMLElement>('.new-ai-agent')?.focus();
    } catch (error) {
      // Refused (a channel still names it): the row is back to its buttons, the reason in the status line.
      this.set({ confirming: '' });
      await this.#fail(error);
      this.find<HTMLElement>(`[data-ai-agent="${agent.id}"] .delete`)?.focus();
    }
  }

  #fail(error: unknown): Promise<void> {
    return showFailure(error, this.find<HTMLFormElement>('.ai-form'), this.host, (patch) => this.set(patch));
  }

  #mark(name: string): ReturnType<AiFormView['mark']> {
    return this.invalid === name ? { invalid: 'true', describedBy: 'ai-status' } : { invalid: nothing, describedBy: nothing };
  }

  #renderAgent(agent: AiAgent) {
    const described = `ai-agent-${agent.id}`;
    const endpoint = agent.baseUrl ?? "server's AI_BASE_URL";
    return html`<li data-ai-agent=${agent.id}>
      <div>
        <p class="ai-agent-name" id=${described}>${agent.name}</p>
        <p class="hint">${agent.model ?? "server's AI_MODEL"} · ${endpoint} · ${agent.hasApiKey ? 'a key is stored' : 'no key'}${agent.tools.length
          ? ` · ${agent.tools.length} page tool${agent.tools.length === 1 ? '' : 's'}`
          : ''}</p>
      </div>
      ${this.confirming === agent.id
        ? html`<div class="row-actions confirm" role="group" aria-labelledby="ai-confirm-${agent.id} ${described}">
            <p id="ai-confirm-${agent.id}">Delete this AI agent? Its answers stay in their conversations.</p>
            <button type="button" class="danger confirm-delete" @click=${() => void this.#delete(agent)}>Delete AI agent</button>
            <button type="button" class="cancel" @click=${() => void this.#confirm(null)}>Cancel</button>
          </div>`
        : html`<div class="row-actions">
            <button type="button" class="edit" aria-describedby=${described} @click=${() => void this.#open(agent)}>Edit</button>
            <button type="button" class="delete" aria-describedby=${described} @click=${() => void this.#confirm(agent)}>Delete</button>
          </div>`}
    </li>`;
  }

  render() {
    return html`<section class="ai-agents" aria-labelledby="ai-agents-title">
      <h3 id="ai-agents-title">AI agents</h3>
      <p class="hint">
        An AI agent answers a channel's visitors first, on the OpenAI-compatible endpoint you choose (a local Ollama or vLLM too),
        from your FAQs and articles, and hands over to the team. Nothing is sent to a model unless a channel names an AI agent.
      </p>
      <p id="ai-status" class=${this.status?.error ? 'status error' : 'status'} role="status">${this.status?.message ?? ''}</p>
      ${this.agents.length
        ? html`<ul class="ai-agent-list">${repeat(this.agents, (agent) => agent.id, (agent) => this.#renderAgent(agent))}</ul>`
        : html`<p class="empty">No AI agents yet.</p>`}
      ${this.draft
        ? renderAiForm(this.draft, {
            saving: this.saving,
            mark: (name) => this.#mark(name),
            onInput: (event) => this.#onInput(event),
            onSubmit: (event) => void this.#save(event),
            onCancel: () => void this.#close(),
            onKey: (action) => void this.#key(action),
            onAddTool: () => void this.#addTool(),
            onRemoveTool: (index) => void this.#removeTool(index),
          })
        : html`<div class="actions"><button type="button" class="new-ai-agent" @click=${() => void this.#open(null)}>New AI agent</button></div>`}
    </section>`;
  }
}
