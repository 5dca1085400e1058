/**
 * `npm run analyze` → custom-elements.json. Two corrections the analyzer cannot infer:
 * - it lists `dispatchEvent(new SupportChatXEvent())` calls as nameless events next to the
 *   documented `@fires` entries; the nameless duplicates are dropped;
 * - `open` is an accessor pair (so frameworks assigning `open = true` set `opened`) whose
 *   getter returns the method; users call it as `open()`, so it is listed as a method.
 */
function tidyManifest() {
  return {
    name: 'support-chat-tidy',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          if (!declaration.customElement) continue;
          if (declaration.events) declaration.events = declaration.events.filter((event) => event.name);
          declaration.members = (declaration.members ?? []).map((member) =>
            member.name === 'open' && member.kind === 'field'
              ? {
                  kind: 'method',
                  name: 'open',
                  description: 'Opens the panel and fires `support-chat-open` (no event when it was open already). Assigning a boolean sets `opened`.',
                  return: { type: { text: 'Promise<void>' } },
                }
              : member,
          );
        }
      }
    },
  };
}

export default {
  globs: ['src/support-chat.ts', 'src/inbox/support-inbox.ts', 'src/events.ts'],
  litelement: true,
  // package.json names the manifest itself; the analyzer would rewrite that path to whatever
  // --outdir a run used (the staleness test writes to a temporary folder).
  packagejson: false,
  plugins: [tidyManifest()],
};
