/**
 * Salesforce-format record ids: 3-character key prefix + 12-character body = the 15-character
 * case-sensitive id; plus a 3-character suffix that encodes the case of the 15 characters, so
 * the 18-character id survives case-insensitive systems. Both forms are accepted as input; the
 * 18-character form is what we store and return.
 */
import { randomFillSync } from 'node:crypto';

const base62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const suffixAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const idPattern = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-5]{3})?$/;

/** The 3-character suffix of a 15-character id: one character per 5-character chunk. */
export function checksumOf(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk += 1) {
    let bits = 0;
    for (let position = 0; position < 5; position += 1) {
      const char = id15.charAt(chunk * 5 + position);
      if (char >= 'A' && char <= 'Z') bits |= 1 << position;
    }
    suffix += suffixAlphabet.charAt(bits);
  }
  return suffix;
}

/** A new 18-character id with the given key prefix; the 12-character body is random. */
/** Random bytes drawn in blocks: one call into the crypto library per 341 ids, not per id. */
const pool = Buffer.alloc(4_092);
let poolOffset = pool.length;

export function generateId(keyPrefix: string): string {
  if (poolOffset + 12 > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  let body = '';
  for (let index = poolOffset; index < poolOffset + 12; index += 1) body += base62.charAt(pool[index]! % 62);
  poolOffset += 12;
  const id15 = keyPrefix + body;
  return id15 + checksumOf(id15);
}

/**
 * The canonical 18-character form of a 15- or 18-character id, or null when the text is not
 * a well-formed id (wrong length, characters outside [A-Za-z0-9], or a suffix that does not
 * match the case of the first 15 characters).
 */
export function normalizeId(text: string): string | null {
  if (!idPattern.test(text)) return null;
  const id15 = text.slice(0, 15);
  const expected = checksumOf(id15);
  if (text.length === 18 && text.slice(15).toUpperCase() !== expected) return null;
  return id15 + expected;
}

/** The key prefix (first 3 characters) of an id. */
export function keyPrefixOf(id: string): string {
  return id.slice(0, 3);
}
