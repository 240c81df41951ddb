/**
 * Geometry for the charts: round axis ticks on a 1–2–5 ladder, linear scales, label
 * thinning and text fitting. Numbers here only place shapes; every figure a user reads
 * comes pre-formatted from the caller.
 */

/** The smallest step of the 1–2–5 ladder (…, 0.5, 1, 2, 5, 10, 20, …) that cuts `span` into at most `target` parts. */
export function niceStep(span: number, target = 5): number {
  if (!(span > 0) || !Number.isFinite(span)) throw new RangeError(`Cannot compute a tick step: span ${span}`);
  const raw = span / Math.max(1, target);
  const power = Math.floor(Math.log10(raw));
  const magnitude = 10 ** power;
  const normalized = raw / magnitude;
  const multiple = normalized <= 1 ? 1 : normalized <= 2 ? 2 : normalized <= 5 ? 5 : 10;
  // 10 ** -n is inexact in binary; round the step itself to its decimal places.
  return power < 0 ? Number((multiple * magnitude).toFixed(-power)) : multiple * magnitude;
}

/**
 * Round ticks covering `min`…`max` and always zero, so bars grow from a real baseline.
 * All-zero (or empty) data gives the single tick `[0]`.
 */
export function niceTicks(min: number, max: number, target = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) {
    throw new RangeError(`Cannot compute ticks: the range ${min}…${max} is not finite`);
  }
  const lo = Math.min(0, min);
  const hi = Math.max(0, max);
  if (lo === hi) return [0];
  const step = niceStep(hi - lo, target);
  const decimals = step < 1 ? Math.ceil(-Math.log10(step)) : 0;
  const ticks: number[] = [];
  for (let k = Math.floor(lo / step); k <= Math.ceil(hi / step); k++) {
    const value = decimals ? Number((k * step).toFixed(decimals)) : k * step;
    ticks.push(Object.is(value, -0) ? 0 : value);
  }
  return ticks;
}

/** A linear map from the domain [d0, d1] onto the range [r0, r1]; a collapsed domain maps everything to r0. */
export function linear(d0: number, d1: number, r0: number, r1: number): (value: number) => number {
  const span = d1 - d0;
  return (value) => (span === 0 ? r0 : r0 + ((value - d0) / span) * (r1 - r0));
}

/**
 * Every how many categories a label fits: the first of 1, 2, 3, 4, 6, 12 (calendar-friendly
 * for months) whose spacing leaves room for the widest label, else whatever is needed.
 */
export function labelEvery(slot: number, labelWidth: number, gap = 6): number {
  for (const every of [1, 2, 3, 4, 6, 12]) if (every * slot >= labelWidth + gap) return every;
  return Math.ceil((labelWidth + gap) / slot);
}

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** The user-perceived characters of a text (so an emoji or accented letter counts once). */
export function graphemes(text: string): string[] {
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

/**
 * Approximate rendered width of `text` at `fontSize` (no measuring on the server). Calibrated
 * on the widest common system UI font, so estimates err towards more room.
 */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const g of graphemes(text)) {
    if (/^[\s.,:;'|!()[\]\-ijlrtfI]$/.test(g)) em += 0.37;
    else if (/^[mwMW@%—…]$/.test(g) || /\p{Extended_Pictographic}/u.test(g)) em += 1;
    else if (/^\p{Lu}$/u.test(g)) em += 0.72;
    else em += 0.64;
  }
  return em * fontSize * (bold ? 1.1 : 1);
}

/** `text` shortened with an ellipsis to fit `width` at `fontSize`; unchanged when it already fits. */
export function truncate(text: string, width: number, fontSize: number): string {
  if (textWidth(text, fontSize) <= width) return text;
  const chars = graphemes(text);
  const room = width - textWidth("…", fontSize);
  let used = 0;
  let keep = 0;
  while (keep < chars.length && used + textWidth(chars[keep], fontSize) <= room) {
    used += textWidth(chars[keep++], fontSize);
  }
  return `${chars.slice(0, keep).join("").trimEnd()}…`;
}

/** Rounds a coordinate for compact, stable SVG output. */
export function px(value: number): number {
  return Math.round(value * 100) / 100;
}
