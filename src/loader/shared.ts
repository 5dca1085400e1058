/**
 * What the CDN script (`widget.js`) draws its launcher with and the element needs as well: the
 * option table and its merge, the appearance variables, locale matching, the launcher's icons
 * and the shell CSS. The CDN build (rollup.config.mjs) has the script hand these modules to the
 * element's modules, so a page downloads them once; the element's modules load this file
 * themselves only when the script that loaded them was built from other sources (a cached
 * `widget.js` from before an update) or is not there at all.
 *
 * Listed here are the modules the element's modules import; every export of each is handed
 * over. What they import comes along (the colour helpers, which only appearance.ts calls) and
 * counts as the same sources, but its exports are not handed over: an element module that
 * imported one of those modules would get its own copy.
 */
export * from '../config/appearance.js';
export * from '../config/options.js';
export * from '../config/resolve.js';
export * from '../i18n/locales.js';
export * from '../ui/launcher-icons.js';
export * from '../ui/shell-css.js';
export * from '../client/storage.js';
export * from '../config/handoff.js';
export * from '../config/remembered.js';
