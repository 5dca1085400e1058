import { OPTION_NAMES, OPTIONS, type OptionName, type SupportChatOptions } from './options.js';

/** One source of option values, by precedence: host > CDN data-* > CDN query > remote > default. */
export type OptionLayer = Partial<Record<OptionName, unknown>>;

export interface InvalidOption {
  name: OptionName;
  attribute: string;
  value: unknown;
}

const LOCALE = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/;

/**
 * Parses one raw value (a string from an attribute, `data-*` or query, or a typed value from a
 * property) for `name`. Returns undefined when the value is not usable; numbers out of range
 * are clamped rather than refused.
 */
function parseOption<K extends OptionName>(name: K, raw: unknown): SupportChatOptions[K] | undefined {
  const spec = OPTIONS[name];
  type Value = SupportChatOptions[K];
  if (raw === undefined || raw === null) return undefined;
  switch (spec.kind) {
    case 'boolean':
      if (typeof raw === 'boolean') return raw as Value;
      if (raw === '' || raw === 'true' || raw === name || raw === spec.attribute) return true as Value;
      if (raw === 'false') return false as Value;
      return undefined;
    case 'number': {
      const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      if (!Number.isFinite(value)) return undefined;
      return Math.min(spec.max, Math.max(spec.min, Math.round(value))) as Value;
    }
    case 'enum': {
      if (typeof raw !== 'string') return undefined;
      const value = spec.aliases?.[raw] ?? raw;
      return spec.values.includes(value) ? (value as Value) : undefined;
    }
    case 'color': {
      if (typeof raw !== 'string') return undefined;
      const value = raw.trim();
      if (value === '') return value as Value;
      // Only plain colors: no url(), var() or ; that could smuggle other declarations in.
      if (value.length > 64 || /[;{}<>\\]|url\(|var\(/i.test(value)) return undefined;
      if (typeof CSS !== 'undefined' && !CSS.supports('color', value)) return undefined;
      return value as Value;
    }
    case 'url': {
      if (typeof raw !== 'string') return undefined;
      if (raw === '') return raw as Value;
      try {
        const url = new URL(raw, globalThis.location?.href);
        return url.protocol === 'https:' || url.protocol === 'http:' ? (raw as Value) : undefined;
      } catch {
        return undefined;
      }
    }
    case 'locale':
      return typeof raw === 'string' && (raw === '' || LOCALE.test(raw)) ? (raw as Value) : undefined;
    case 'json': {
      let value = raw;
      if (typeof raw === 'string') {
        try {
          value = JSON.parse(raw);
        } catch {
          return undefined;
        }
      }
      return value && typeof value === 'object' && !Array.isArray(value) ? (value as Value) : undefined;
    }
    case 'string':
      return typeof raw === 'string' || typeof raw === 'number' ? (String(raw).slice(0, spec.maxLength) as Value) : undefined;
  }
}

/**
 * Merges the layers field by field: the first layer with a usable value wins. A value present
 * but unusable falls through to the next layer and is reported once through `onInvalid` (when
 * given: the CDN loader leaves the reports to the element).
 */
export function resolveOptions(layers: OptionLayer[], onInvalid?: (invalid: InvalidOption) => void): SupportChatOptions {
  const resolved = {} as Record<OptionName, unknown>;
  for (const name of OPTION_NAMES) {
    let value: unknown;
    for (const layer of layers) {
      const raw = layer[name];
      if (raw === undefined || raw === null) continue;
      value = parseOption(name, raw);
      if (value !== undefined) break;
      onInvalid?.({ name, attribute: OPTIONS[name].attribute, value: raw });
    }
    resolved[name] = value ?? OPTIONS[name].default;
  }
  return resolved as unknown as SupportChatOptions;
}

/** Only the options the channel's remote config may set, from its public config object. */
export function remoteLayer(config: object | null | undefined): OptionLayer {
  const layer: OptionLayer = {};
  if (!config) return layer;
  for (const name of OPTION_NAMES) {
    const value = (config as Record<string, unknown>)[name];
    if (OPTIONS[name].remote && value !== undefined && value !== '') layer[name] = value;
  }
  return layer;
}
