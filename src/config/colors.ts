/** Color helpers for the appearance options: parsing, the derived accent and a readable text color. */

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

const HEX = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
const RGB = /^rgba?\(\s*(\d{1,3})[\s,]+(\d{1,3})[\s,]+(\d{1,3})(?:[\s,/]+[\d.]+%?)?\s*\)$/i;
const HSL = /^hsla?\(\s*(-?[\d.]+)(?:deg)?[\s,]+([\d.]+)%[\s,]+([\d.]+)%(?:[\s,/]+[\d.]+%?)?\s*\)$/i;

const rgb = ([r, g, b]: number[]): Rgb => ({ r: r!, g: g!, b: b! });

/** Parses hex, `rgb()` and `hsl()` colors; null for anything else. */
export function parseColor(value: string): Rgb | null {
  const color = value.trim();
  const hex = HEX.exec(color)?.[1];
  if (hex) {
    const full = hex.length <= 4 ? hex.replace(/./g, '$&$&') : hex;
    return rgb([0, 2, 4].map((start) => parseInt(full.slice(start, start + 2), 16)));
  }
  const channels = RGB.exec(color)?.slice(1, 4).map(Number);
  if (channels) return channels.every((channel) => channel <= 255) ? rgb(channels) : null;
  const hsl = HSL.exec(color)?.slice(1, 4).map(Number);
  return hsl ? hslToRgb(hsl[0]!, hsl[1]! / 100, hsl[2]! / 100) : null;
}

export function toHex({ r, g, b }: Rgb): string {
  return `#${[r, g, b].map((channel) => Math.round(channel).toString(16).padStart(2, '0')).join('')}`;
}

function rgbToHsl({ r, g, b }: Rgb): [number, number, number] {
  const [rn, gn, bn] = [r / 255, g / 255, b / 255];
  const max = Math.max(rn, gn, bn);
  const delta = max - Math.min(rn, gn, bn);
  const lightness = max - delta / 2;
  if (!delta) return [0, 0, lightness];
  const hue = max === rn ? (gn - bn) / delta + (gn < bn ? 6 : 0) : max === gn ? (bn - rn) / delta + 2 : (rn - gn) / delta + 4;
  return [hue * 60, delta / (1 - Math.abs(2 * lightness - 1)), lightness];
}

/** CSS Color 4's `hslToRgb`: hue in degrees (any, wrapped), saturation and lightness 0–1. */
function hslToRgb(hue: number, saturation: number, lightness: number): Rgb {
  const chroma = saturation * Math.min(lightness, 1 - lightness);
  const channel = (n: number) => {
    const k = (((n + hue / 30) % 12) + 12) % 12;
    return 255 * (lightness - chroma * Math.max(-1, Math.min(k - 3, 9 - k, 1)));
  };
  return rgb([channel(0), channel(8), channel(4)]);
}

/** The accent: the same hue and saturation with lightness raised by 12 points (capped at 100%). */
export function deriveAccent(color: Rgb): Rgb {
  const [hue, saturation, lightness] = rgbToHsl(color);
  return hslToRgb(hue, saturation, Math.min(1, lightness + 0.12));
}

/** WCAG 2 relative luminance. */
const luminance = ({ r, g, b }: Rgb) =>
  [r, g, b].reduce((sum, channel, index) => {
    const c = channel / 255;
    return sum + [0.2126, 0.7152, 0.0722][index]! * (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  }, 0);

/** WCAG 2 contrast ratio between two colors (1–21). */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const [x, y] = [luminance(a), luminance(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

export const WHITE: Rgb = { r: 255, g: 255, b: 255 };
export const INK: Rgb = { r: 17, g: 24, b: 39 };

/** White or near-black, whichever reads better on `background` (AA needs 4.5:1). */
export function readableText(background: Rgb): Rgb {
  return contrastRatio(background, WHITE) >= contrastRatio(background, INK) ? WHITE : INK;
}
