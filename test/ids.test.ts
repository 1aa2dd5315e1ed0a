import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checksumOf, generateId, normalizeId } from '../src/records/ids.js';
import { allObjects, objects, parseIdOf } from '../src/records/registry.js';

describe('Salesforce-format ids', () => {
  it('computes the case-safe suffix of known ids', () => {
    expect(checksumOf('001000000000001')).toBe('AAA');
    expect(checksumOf('001A00000000001')).toBe('IAA');
    expect(normalizeId('001A0000006Vm9r')).toBe('001A0000006Vm9rIAC');
  });

  it('generates 18-character ids with the prefix and a valid suffix', () => {
    for (const definition of allObjects) {
      const id = generateId(definition.keyPrefix);
      expect(id).toHaveLength(18);
      expect(normalizeId(id)).toBe(id);
      expect(parseIdOf(definition, id)).toBe(id);
    }
  });

  it('accepts the 15-character form and rejects malformed ids, bad suffixes and other objects', () => {
    const id = generateId(objects.webCart.keyPrefix);
    expect(parseIdOf(objects.webCart, id.slice(0, 15))).toBe(id);
    expect(parseIdOf(objects.webCart, id.slice(0, 15) + '999')).toBeNull();
    expect(parseIdOf(objects.webCart, id.slice(0, 17))).toBeNull();
    expect(parseIdOf(objects.webCart, `${id.slice(0, 14)}!`)).toBeNull();
    expect(parseIdOf(objects.account, id)).toBeNull();
    expect(parseIdOf(objects.webCart, 42)).toBeNull();
  });

  it('gives every object its own key prefix, with the real Salesforce prefixes where known', () => {
    const prefixes = allObjects.map((definition) => definition.keyPrefix);
    expect(new Set(prefixes).size).toBe(prefixes.length);
    expect(objects.webCart.keyPrefix).toBe('0a6');
    expect(objects.cartCheckoutSession.keyPrefix).toBe('2z9');
    expect(objects.order.keyPrefix).toBe('801');
    expect(objects.orderSummary.keyPrefix).toBe('1Os');
  });

  it('round-trips any 15-character id through the 18-character form', () => {
    const alphabet = fc.constantFrom(...'0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ');
    fc.assert(
      fc.property(fc.array(alphabet, { minLength: 15, maxLength: 15 }), (chars) => {
        const id15 = chars.join('');
        const id18 = normalizeId(id15)!;
        expect(id18.slice(0, 15)).toBe(id15);
        expect(normalizeId(id18)).toBe(id18);
        expect(normalizeId(id18.slice(0, 15) + id18.slice(15).toLowerCase())).toBe(id18);
      }),
    );
  });
});
