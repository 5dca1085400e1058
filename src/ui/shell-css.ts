/** Marks the text as CSS for the build's template minifier (rollup.config.mjs); returns it as written. */
const css = String.raw;

/**
 * The shell's styles as plain text: theme variables, the launcher and where the panel sits.
 * Plain text so the CDN loader can draw the launcher with them before Lit loads
 * (loader/skeleton.ts); the element adopts the same text (support-chat.styles.ts), so the
 * launcher it draws in its place looks the same to the pixel. The panel's insides are styled
 * in ui/panel.styles.ts and inherit the variables set here.
 */
export const shellCss = css`
  :host {
    display: contents;
  }
  :host([mode='inline']) {
    display: block;
  }

  .root {
    --sc-primary: var(--support-chat-primary, #2f54eb);
    --sc-on-primary: var(--support-chat-on-primary, #ffffff);
    --sc-accent: var(--support-chat-primary-accent, #5a7af0);
    --sc-z: var(--support-chat-z-index, 2147483000);
    --sc-offset-x: var(--support-chat-offset-x, 24px);
    --sc-offset-y: var(--support-chat-offset-y, 24px);
    --sc-button-size: var(--support-chat-button-size, 56px);
    --sc-panel-width: var(--support-chat-panel-width, 380px);
    --sc-panel-height: var(--support-chat-panel-height, 580px);
    --sc-panel-radius: var(--support-chat-panel-radius, 16px);
    --sc-panel-gap: calc(var(--sc-offset-y) + var(--sc-button-size) + 16px);
    /* One palette for both schemes: light-dark() follows the color-scheme the theme sets. */
    color-scheme: light;
    --sc-surface: light-dark(#ffffff, #1b1f24);
    --sc-text: light-dark(#1f2329, #eef0f3);
    --sc-muted: light-dark(#5c6370, #a8b0bb);
    --sc-bubble: light-dark(#f0f2f5, #2b313a);
    --sc-border: light-dark(#e6e8eb, #353c46);
    --sc-border-strong: light-dark(#c4c9d0, #4b5360);
    --sc-overlay: light-dark(rgb(255 255 255 / 0.86), rgb(27 31 36 / 0.88));
    --sc-focus: color-mix(in srgb, var(--sc-primary) 60%, light-dark(#000, #fff));
    font-family: var(--support-chat-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-size: 15px;
    line-height: 1.4;
    color: var(--sc-text);
  }
  .theme-dark {
    color-scheme: dark;
  }
  .theme-auto {
    color-scheme: light dark;
  }

  .launcher {
    position: fixed;
    z-index: var(--sc-z);
    height: var(--sc-button-size);
    min-width: var(--sc-button-size);
    padding: 0;
    border: none;
    border-radius: calc(var(--sc-button-size) / 2);
    background: var(--sc-primary);
    color: var(--sc-on-primary);
    box-shadow: 0 6px 20px rgb(0 0 0 / 0.2);
    cursor: pointer;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 8px;
    font: inherit;
    font-weight: 600;
    transition: transform 0.15s ease, background-color 0.15s ease;
  }
  .launcher:hover {
    background: var(--sc-accent);
    transform: scale(1.04);
  }
  .launcher:focus-visible {
    outline: 3px solid var(--sc-focus);
    outline-offset: 3px;
  }
  .launcher.pill {
    padding-inline: 16px 20px;
  }
  .launcher svg,
  .launcher img {
    width: calc(var(--sc-button-size) * 0.46);
    height: calc(var(--sc-button-size) * 0.46);
    flex: none;
  }
  .launcher img {
    border-radius: 50%;
    object-fit: cover;
  }
  .badge {
    position: absolute;
    top: -4px;
    inset-inline-end: -4px;
    min-width: 20px;
    height: 20px;
    padding: 0 6px;
    border-radius: 10px;
    background: #d92d20;
    color: #fff;
    font-size: 12px;
    line-height: 20px;
    font-weight: 700;
  }

  .pos-bottom-right .launcher { inset: auto var(--sc-offset-x) var(--sc-offset-y) auto; }
  .pos-bottom-left .launcher { inset: auto auto var(--sc-offset-y) var(--sc-offset-x); }
  .pos-top-right .launcher { inset: var(--sc-offset-y) var(--sc-offset-x) auto auto; }
  .pos-top-left .launcher { inset: var(--sc-offset-y) auto auto var(--sc-offset-x); }

  .panel {
    position: fixed;
    z-index: var(--sc-z);
    width: var(--sc-panel-width);
    height: min(var(--sc-panel-height), calc(100vh - var(--sc-panel-gap) - var(--sc-offset-y)));
    max-width: calc(100vw - 2 * var(--sc-offset-x));
    border-radius: var(--sc-panel-radius);
    box-shadow: 0 12px 48px rgb(0 0 0 / 0.22);
    animation: rise 0.18s ease-out;
  }
  .panel[hidden] {
    display: none;
  }
  .pos-bottom-right .panel { inset: auto var(--sc-offset-x) var(--sc-panel-gap) auto; }
  .pos-bottom-left .panel { inset: auto auto var(--sc-panel-gap) var(--sc-offset-x); }
  .pos-top-right .panel { inset: var(--sc-panel-gap) var(--sc-offset-x) auto auto; }
  .pos-top-left .panel { inset: var(--sc-panel-gap) auto auto var(--sc-offset-x); }

  .mode-standalone .panel {
    inset: 0;
    width: 100%;
    max-width: none;
    height: 100vh;
    height: 100dvh;
    border-radius: 0;
    box-shadow: none;
    animation: none;
    padding: env(safe-area-inset-top) env(safe-area-inset-right) env(safe-area-inset-bottom) env(safe-area-inset-left);
  }
  .mode-inline .panel {
    position: relative;
    inset: auto;
    width: 100%;
    max-width: none;
    height: var(--sc-panel-height);
    z-index: auto;
    box-shadow: none;
    border: 1px solid var(--sc-border);
    animation: none;
  }

  @keyframes rise {
    from {
      opacity: 0;
      transform: translateY(8px);
    }
  }

  @media (max-width: 640px) {
    .mode-launcher .panel {
      inset: 0;
      width: 100%;
      max-width: none;
      height: 100vh;
      height: 100dvh;
      border-radius: 0;
      padding: env(safe-area-inset-top) env(safe-area-inset-right) env(safe-area-inset-bottom) env(safe-area-inset-left);
    }
    .mpos-bottom-right .launcher { inset: auto var(--sc-offset-x) var(--sc-offset-y) auto; }
    .mpos-bottom-left .launcher { inset: auto auto var(--sc-offset-y) var(--sc-offset-x); }
    .mpos-top-right .launcher { inset: var(--sc-offset-y) var(--sc-offset-x) auto auto; }
    .mpos-top-left .launcher { inset: var(--sc-offset-y) auto auto var(--sc-offset-x); }
  }

  @media (prefers-reduced-motion: reduce) {
    .launcher,
    .panel {
      transition: none;
      animation: none;
    }
    .launcher:hover {
      transform: none;
    }
  }
`;
