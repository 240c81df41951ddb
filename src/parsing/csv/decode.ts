/**
 * Turning uploaded bytes into text: UTF-8 (with or without a BOM), UTF-16 with a BOM (Excel's
 * "Unicode text"), else Windows-1252 — the superset of Latin-1 that European bank exports use.
 */

/** Encodings {@link decodeText} recognises. */
export type TextEncodingName = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";

/** Decoded text and how it was read. */
export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
}

/**
 * Decodes `bytes`: a UTF-16 BOM wins, then strict UTF-8, then UTF-8 with replacement characters
 * when the file is mostly UTF-8 with a few invalid bytes, else Windows-1252 (never fails).
 * A UTF-8 BOM is removed. With `prefix`, `bytes` may be cut anywhere (an incomplete UTF-8
 * sequence at the end is dropped rather than treated as invalid).
 */
export function decodeText(bytes: Uint8Array, prefix = false): DecodedText {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder("utf-16le").decode(bytes.subarray(2), { stream: prefix }), encoding: "utf-16le" };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder("utf-16be").decode(bytes.subarray(2), { stream: prefix }), encoding: "utf-16be" };
  }
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes, { stream: prefix });
    return { text, encoding: "utf-8" };
  } catch {
    // Mostly UTF-8 with a few broken bytes: keep the UTF-8 (broken bytes become U+FFFD) rather
    // than turn every "é" into "Ã©".
    const { valid, invalid } = utf8Evidence(bytes);
    if (valid > 0 && valid >= invalid) {
      return { text: new TextDecoder("utf-8").decode(bytes, { stream: prefix }), encoding: "utf-8" };
    }
    return { text: new TextDecoder("windows-1252").decode(bytes), encoding: "windows-1252" };
  }
}

/** Counts well-formed UTF-8 multi-byte sequences and bytes that cannot start or continue one. */
function utf8Evidence(bytes: Uint8Array): { valid: number; invalid: number } {
  let valid = 0, invalid = 0;
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const len = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    let ok = len > 0 && i + len <= bytes.length;
    for (let k = 1; ok && k < len; k++) ok = (bytes[i + k] & 0xc0) === 0x80;
    if (ok) {
      valid++;
      i += len;
    } else {
      invalid++;
      i++;
    }
  }
  return { valid, invalid };
}

/** `text` or decoded `bytes`, without a leading BOM. */
export function asText(input: string | Uint8Array): string {
  const text = typeof input === "string" ? input : decodeText(input).text;
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
