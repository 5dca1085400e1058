/**
 * Sanitizes an inline `<svg>` given through the `buttonIcon` property: parsed as XML, then
 * rebuilt from an allowlist of shape elements and presentation attributes. No scripts, no
 * event handlers, no links, no styles, no foreign content survive.
 */
const ELEMENTS = new Set(['svg', 'g', 'path', 'circle', 'ellipse', 'rect', 'line', 'polyline', 'polygon']);
const ATTRIBUTES = new Set([
  'viewBox', 'd', 'cx', 'cy', 'r', 'rx', 'ry', 'x', 'y', 'x1', 'y1', 'x2', 'y2', 'width', 'height', 'points',
  'fill', 'fill-rule', 'clip-rule', 'stroke', 'stroke-width', 'stroke-linecap', 'stroke-linejoin', 'opacity', 'transform',
]);
const SVG_NS = 'http://www.w3.org/2000/svg';
const SAFE_VALUE = /^[\w\s.,#%()+-]*$/;

function copy(source: Element, depth: number): Element | null {
  if (depth > 8 || !ELEMENTS.has(source.localName) || source.namespaceURI !== SVG_NS) return null;
  const target = document.createElementNS(SVG_NS, source.localName);
  for (const attribute of source.attributes) {
    if (ATTRIBUTES.has(attribute.name) && SAFE_VALUE.test(attribute.value)) target.setAttribute(attribute.name, attribute.value);
  }
  for (const child of source.children) {
    const clean = copy(child, depth + 1);
    if (clean) target.append(clean);
  }
  return target;
}

/** A clean `<svg>` element, or null when the markup holds none. */
export function sanitizeSvg(markup: string): SVGSVGElement | null {
  if (markup.length > 20_000) return null;
  // Parsed as HTML in an inert document (scripts never run there; <svg> gets its namespace
  // without an xmlns), then copied through the allowlist.
  const root = new DOMParser().parseFromString(markup, 'text/html').body.querySelector('svg');
  if (!root) return null;
  const clean = copy(root, 0) as SVGSVGElement | null;
  clean?.setAttribute('aria-hidden', 'true');
  return clean;
}
