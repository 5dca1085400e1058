import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import { toolControl, type AiDraft, type CheckControl, type KeyAction, type TextControl, type ToolDraft } from './settings-ai-draft.js';

/** What the AI agent form needs besides its draft, and what it reports back. */
export interface AiFormView {
  saving: boolean;
  /** `aria-invalid` and `aria-describedby` for the control named `name`. */
  mark(name: string): { invalid: string | typeof nothing; describedBy: string | typeof nothing };
  onInput(event: Event): void;
  onSubmit(event: SubmitEvent): void;
  onCancel(): void;
  onKey(action: KeyAction): void;
  onAddTool(): void;
  onRemoveTool(index: number): void;
}

type TextOptions = { maxlength?: number; rows?: number; code?: boolean; type?: string; placeholder?: string; hint?: string; required?: boolean };

function text(draft: AiDraft, view: AiFormView, name: TextControl, label: string, options: TextOptions = {}) {
  const { invalid, describedBy } = view.mark(name);
  const hintId = options.hint ? `ai-hint-${name.replace('.', '-')}` : '';
  const described = [describedBy === nothing ? '' : describedBy, hintId].filter(Boolean).join(' ') || nothing;
  const spellcheck = options.code ? 'false' : nothing;
  const value = draft.values[name];
  return html`<label>${label}${options.rows
      ? html`<textarea name=${name} rows=${options.rows} maxlength=${options.maxlength ?? nothing} .value=${live(value)}
          aria-invalid=${invalid} aria-describedby=${described}></textarea>`
      : html`<input name=${name} type=${options.type ?? 'text'} maxlength=${options.maxlength ?? nothing} spellcheck=${spellcheck}
          placeholder=${options.placeholder ?? nothing} ?required=${Boolean(options.required)} .value=${live(value)}
          aria-invalid=${invalid} aria-describedby=${described} />`}</label>
    ${options.hint ? html`<p class="hint" id=${hintId}>${options.hint}</p>` : nothing}`;
}

function check(draft: AiDraft, view: AiFormView, name: CheckControl, label: string, hint: string) {
  const id = `ai-${name.replace('.', '-')}`;
  return html`<div class="check">
    <input id=${id} type="checkbox" name=${name} .checked=${live(draft.values[name])} aria-describedby="${id}-hint" aria-invalid=${view.mark(name).invalid} />
    <label for=${id}>${label}</label>
    <p id="${id}-hint" class="hint">${hint}</p>
  </div>`;
}

/** The key is write-only: a stored one is said to exist, and may be replaced or cleared, never shown. */
function apiKey(draft: AiDraft, view: AiFormView) {
  const { invalid, describedBy } = view.mark('apiKey');
  const input = html`<label>API key<input name="apiKey" type="password" autocomplete="new-password" spellcheck="false" maxlength="2000"
    .value=${live(draft.apiKey)} aria-invalid=${invalid} aria-describedby=${describedBy} /></label>`;
  if (!draft.hasApiKey) return html`${input}<p class="hint">Optional: blank uses the server's AI_API_KEY. Stored encrypted and never shown again.</p>`;
  return html`<div class="api-key" role="group" aria-labelledby="ai-key-state">
    <p id="ai-key-state" class="key-state">${draft.key === 'clear' ? 'The stored key will be cleared on save.' : 'A key is stored.'}</p>
    ${draft.key === 'replace' ? input : nothing}
    <div class="row-actions">
      ${draft.key === 'keep'
        ? html`<button type="button" class="replace-key" @click=${() => view.onKey('replace')}>Replace key</button>
            <button type="button" class="clear-key" @click=${() => view.onKey('clear')}>Clear key</button>`
        : html`<button type="button" class="keep-key" @click=${() => view.onKey('keep')}>Keep the stored key</button>`}
    </div>
  </div>`;
}

function tool(tool: ToolDraft, index: number, view: AiFormView) {
  const field = (name: 'name' | 'description' | 'parameters') => ({ name: toolControl(index, name), ...view.mark(toolControl(index, name)) });
  const name = field('name');
  const description = field('description');
  const parameters = field('parameters');
  return html`<li data-tool=${index}>
    <fieldset name=${`tools.${index}`}>
      <legend>Tool ${index + 1}${tool.name ? html`: ${tool.name}` : nothing}</legend>
      <label>Name (letters, digits, _ and -: what the page's support-chat-tool-call handler receives)<input name=${name.name} required maxlength="64" spellcheck="false"
        .value=${live(tool.name)} aria-invalid=${name.invalid} aria-describedby=${name.describedBy} /></label>
      <label>Description (tells the model when to call it)<input name=${description.name} maxlength="1000" .value=${live(tool.description)}
        aria-invalid=${description.invalid} aria-describedby=${description.describedBy} /></label>
      <label>Parameters (JSON Schema of the arguments)<textarea class="code" name=${parameters.name} rows="7" spellcheck="false"
        .value=${live(tool.parameters)} aria-invalid=${parameters.invalid} aria-describedby=${parameters.describedBy}></textarea></label>
      <div class="row-actions">
        <button type="button" class="link-button remove-tool" aria-label="Remove tool ${index + 1}${tool.name ? `: ${tool.name}` : ''}"
          @click=${() => view.onRemoveTool(index)}>Remove tool</button>
      </div>
    </fieldset>
  </li>`;
}

/** The form that creates or edits one AI agent. */
export function renderAiForm(draft: AiDraft, view: AiFormView): TemplateResult {
  const title = draft.id ? `Edit ${draft.values.name || 'AI agent'}` : 'New AI agent';
  return html`<form class="ai-form" aria-labelledby="ai-form-title" novalidate @submit=${view.onSubmit} @input=${view.onInput} @change=${view.onInput}>
    <h4 id="ai-form-title">${title}</h4>
    <fieldset>
      <legend>Model</legend>
      ${text(draft, view, 'name', 'Name (shown to visitors)', { maxlength: 200, required: true })}
      ${text(draft, view, 'baseUrl', 'Endpoint (OpenAI-compatible, ending in /v1)', {
        code: true, type: 'url', maxlength: 2000, placeholder: 'http://127.0.0.1:11434/v1',
        hint: "Blank: the server's AI_BASE_URL. A private address (a local Ollama) needs AI_ALLOW_PRIVATE=1 on the server.",
      })}
      ${text(draft, view, 'model', 'Model', { code: true, maxlength: 200, placeholder: 'llama3.1', hint: "Blank: the server's AI_MODEL." })}
      ${apiKey(draft, view)}
    </fieldset>
    <fieldset>
      <legend>Behaviour</legend>
      ${text(draft, view, 'instructions', 'Instructions (the system prompt)', { rows: 5, maxlength: 20000 })}
      ${check(draft, view, 'knowledge.faqs', "Answer from the channel's FAQs", 'Matching FAQs are given to the model and shown to the visitor as sources.')}
      ${check(draft, view, 'knowledge.articles', "Answer from the channel's help articles", 'Matching articles are given to the model and shown as sources.')}
    </fieldset>
    <fieldset class="tools" name="tools">
      <legend>Page tools</legend>
      <p class="hint">Tools the host page registers; the model may call them and the page's answer goes back to it.</p>
      ${draft.tools.length ? html`<ol class="tool-list">${repeat(draft.tools, (item) => item.id, (item, index) => tool(item, index, view))}</ol>` : html`<p class="empty">No page tools.</p>`}
      <div class="row-actions"><button type="button" class="add-tool" @click=${view.onAddTool}>Add tool</button></div>
    </fieldset>
    <fieldset>
      <legend>Handoff to the team</legend>
      ${check(draft, view, 'handoff.onRequest', 'The visitor may ask for a person', 'Shows "Talk to a person" in the widget.')}
      ${check(draft, view, 'handoff.onNoAnswer', 'Hand over when no answer is found', 'Otherwise the model says it does not know.')}
      ${text(draft, view, 'handoff.message', 'Message the visitor sees at a handoff', { rows: 2, maxlength: 1000, hint: "Blank: a standard message in the visitor's language." })}
    </fieldset>
    <fieldset>
      <legend>Caps per answer</legend>
      <div class="pair">
        ${text(draft, view, 'maxTokens', 'Most tokens', { type: 'text', maxlength: 6, code: true })}
        ${text(draft, view, 'maxToolRounds', 'Most tool rounds', { type: 'text', maxlength: 3, code: true })}
      </div>
    </fieldset>
    <div class="actions">
      <button class="primary" type="submit">${view.saving ? 'Saving…' : draft.id ? 'Save AI agent' : 'Create AI agent'}</button>
      <button type="button" class="cancel-edit" @click=${view.onCancel}>Cancel</button>
    </div>
  </form>`;
}
