// Writes the editors' data for `<support-chat>` from custom-elements.json into dist/ (shipped in
// the package): VS Code's HTML and CSS custom data (`html.customData`, `css.customData`) and
// JetBrains' web-types (package.json's `web-types` field), with the libraries Shoelace uses
// for the same. Run by `npm run build`; `npm run analyze` refreshes the manifest it reads.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { getWebTypesData } from 'custom-element-jet-brains-integration';
import { getVsCodeCssCustomData, getVsCodeHtmlCustomData } from 'custom-element-vs-code-integration';

const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8'));
const options = { hideLogs: true, descriptionSrc: 'description' };
const files = {
  'vscode.html-custom-data.json': getVsCodeHtmlCustomData(manifest, options),
  'vscode.css-custom-data.json': getVsCodeCssCustomData(manifest, options),
  // packageJson: false — package.json names the file itself; the library would rewrite it.
  'web-types.json': getWebTypesData(manifest, { ...options, packageJson: false }),
};
mkdirSync('dist', { recursive: true });
for (const [name, text] of Object.entries(files)) {
  writeFileSync(`dist/${name}`, `${JSON.stringify(JSON.parse(text), null, 2)}\n`);
}
