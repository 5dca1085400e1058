/**
 * The launcher's preset icons (`button-icon`) as SVG path data on a 24 × 24 grid, stroked, no
 * fill: one definition for the element (Lit templates, ui/icons.ts) and the CDN loader's
 * launcher drawn before Lit loads (loader/skeleton.ts). Circles and rounded rectangles are
 * written as paths so that one kind of node draws everything.
 */
export const LAUNCHER_ICONS: Record<string, readonly string[]> = {
  message: ['M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12z'],
  help: ['M3 12a9 9 0 1 0 18 0a9 9 0 1 0-18 0', 'M9.6 9.2a2.5 2.5 0 0 1 4.8.9c0 1.7-2.4 2.2-2.4 3.9', 'M12 17h.01'],
  headphone: [
    'M4 15v-3a8 8 0 0 1 16 0v3',
    // The two ear cups in relative commands: past the move they are the same text.
    'M4.5 14h1a1.5 1.5 0 0 1 1.5 1.5v3a1.5 1.5 0 0 1-1.5 1.5h-1a1.5 1.5 0 0 1-1.5-1.5v-3a1.5 1.5 0 0 1 1.5-1.5z',
    'M18.5 14h1a1.5 1.5 0 0 1 1.5 1.5v3a1.5 1.5 0 0 1-1.5 1.5h-1a1.5 1.5 0 0 1-1.5-1.5v-3a1.5 1.5 0 0 1 1.5-1.5z',
  ],
  smile: ['M3 12a9 9 0 1 0 18 0a9 9 0 1 0-18 0', 'M8.5 14.5a4.5 4.5 0 0 0 7 0', 'M9 9.5h.01M15 9.5h.01'],
  zap: ['M13 2 4 14h7l-1 8 9-12h-7z'],
  heart: ['M12 20s-7.5-4.6-7.5-10A4.3 4.3 0 0 1 12 7.6 4.3 4.3 0 0 1 19.5 10c0 5.4-7.5 10-7.5 10z'],
};

/** The attributes of every icon's `<svg>`. */
export const ICON_ATTRIBUTES = {
  viewBox: '0 0 24 24',
  fill: 'none',
  stroke: 'currentColor',
  'stroke-width': '2',
  'stroke-linecap': 'round',
  'stroke-linejoin': 'round',
  'aria-hidden': 'true',
} as const;

/**
 * What a `button-icon` value names, decided in one place for both launchers: an inline SVG
 * (JS property only), an image URL, or a preset (an unknown name is the `message` preset).
 */
export function launcherIconKind(icon: string): { kind: 'svg' } | { kind: 'url' } | { kind: 'preset'; name: string } {
  if (icon.trimStart().startsWith('<')) return { kind: 'svg' };
  if (/^(https?:)?\/\//.test(icon) || icon.startsWith('/')) return { kind: 'url' };
  return { kind: 'preset', name: LAUNCHER_ICONS[icon] ? icon : 'message' };
}
