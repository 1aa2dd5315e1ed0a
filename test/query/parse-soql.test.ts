import { describe, expect, it } from 'vitest';
import { CheckoutError } from '../../src/domain/errors.js';
import { parseSoql } from '../../src/query/parse-soql.js';
import { quoteSoqlString } from '../../src/query/quote-soql-string.js';
import { tokenizeSoql } from '../../src/query/tokenize-soql.js';

function errorOf(run: () => unknown): CheckoutError {
  try {
    run();
  } catch (error) {
    if (error instanceof CheckoutError) return error;
    throw error;
  }
  throw new Error('expected a CheckoutError');
}

function expectMalformed(soql: string, column: number, line = 1): CheckoutError {
  const error = errorOf(() => parseSoql(soql));
  expect(error.errorCode).toBe('MALFORMED_QUERY');
  expect(error.httpStatus).toBe(400);
  expect(error.message).toContain(`(line ${line}, column ${column})`);
  return error;
}

describe('parseSoql', () => {
  it('reads a field list, the object and case-insensitive keywords', () => {
    const query = parseSoql('select Id, state, WebCart.Status from CartCheckoutSession');
    expect(query.select).toEqual({
      kind: 'fields',
      fields: [
        { names: ['Id'], at: { line: 1, column: 8 } },
        { names: ['state'], at: { line: 1, column: 12 } },
        { names: ['WebCart', 'Status'], at: { line: 1, column: 19 } },
      ],
    });
    expect(query.from).toEqual({ name: 'CartCheckoutSession', at: { line: 1, column: 39 } });
    expect(query).toMatchObject({ where: null, orderBy: [], limit: null, offset: null });
  });

  it('reads COUNT() as the only aggregate', () => {
    expect(parseSoql('SELECT COUNT() FROM WebCart LIMIT 5').select).toEqual({
      kind: 'count',
      at: { line: 1, column: 8 },
    });
    expectMalformed('SELECT COUNT(Id) FROM WebCart', 14);
    expectMalformed('SELECT MAX(Name) FROM WebCart', 8);
    expectMalformed('SELECT COUNT() FROM WebCart ORDER BY Name', 38);
  });

  it('reads every comparison operator, with <> as !=', () => {
    for (const operator of ['=', '!=', '<', '<=', '>', '>=', '<>']) {
      const query = parseSoql(`SELECT Id FROM WebCart WHERE Name ${operator} 'x'`);
      expect(query.where).toMatchObject({ kind: 'compare', operator: operator === '<>' ? '!=' : operator });
    }
  });

  it('reads every kind of literal', () => {
    const literal = (text: string) => {
      const where = parseSoql(`SELECT Id FROM X WHERE F = ${text}`).where;
      if (where?.kind !== 'compare') throw new Error('not a comparison');
      const { at: _at, ...rest } = where.value;
      return rest;
    };
    expect(literal("'it\\'s'")).toEqual({ kind: 'string', value: "it's", likePattern: "it's" });
    expect(literal("'a\\\\b\\n'")).toEqual({ kind: 'string', value: 'a\\b\n', likePattern: 'a\\\\b\n' });
    expect(literal('42')).toEqual({ kind: 'number', text: '42' });
    expect(literal('-3.50')).toEqual({ kind: 'number', text: '-3.50' });
    expect(literal('TRUE')).toEqual({ kind: 'boolean', value: true });
    expect(literal('false')).toEqual({ kind: 'boolean', value: false });
    expect(literal('NULL')).toEqual({ kind: 'null' });
    expect(literal('2026-11-22')).toEqual({ kind: 'date', text: '2026-11-22' });
    expect(literal('2026-11-22T18:00:00Z')).toEqual({ kind: 'datetime', iso: '2026-11-22T18:00:00.000Z' });
    expect(literal('2026-11-22T18:00:00.000+0000')).toEqual({ kind: 'datetime', iso: '2026-11-22T18:00:00.000Z' });
    expect(literal('2026-11-22T18:00:00.5+01:30')).toEqual({ kind: 'datetime', iso: '2026-11-22T16:30:00.500Z' });
    expect(literal('2026-01-01T00:30:00-0100')).toEqual({ kind: 'datetime', iso: '2026-01-01T01:30:00.000Z' });
  });

  it('rejects impossible dates and date-times at their position', () => {
    expectMalformed('SELECT Id FROM X WHERE F = 2026-02-30', 28);
    expectMalformed('SELECT Id FROM X WHERE F = 2026-13-01', 28);
    expectMalformed('SELECT Id FROM X WHERE F = 2026-11-22T25:00:00Z', 28);
    expectMalformed('SELECT Id FROM X WHERE F = 2026-11-22T18:00', 28);
    expect(() => parseSoql('SELECT Id FROM X WHERE F = 2024-02-29')).not.toThrow();
  });

  it('keeps escaped % and _ literal in LIKE patterns', () => {
    const where = parseSoql("SELECT Id FROM X WHERE Name LIKE 'a\\%b_c%'").where;
    expect(where).toMatchObject({
      kind: 'like',
      pattern: { kind: 'string', value: 'a%b_c%', likePattern: 'a\\%b_c%' },
    });
  });

  it('reads IN, NOT IN, NOT, parentheses and chains of AND or OR', () => {
    const where = parseSoql(
      "SELECT Id FROM X WHERE (A IN ('a', 'b') OR B NOT IN (1, null)) AND NOT C = true AND D LIKE 'x%'",
    ).where;
    expect(where).toMatchObject({
      kind: 'and',
      operands: [
        {
          kind: 'or',
          operands: [
            { kind: 'in', isNegated: false, values: [{ value: 'a' }, { value: 'b' }] },
            { kind: 'in', isNegated: true, values: [{ kind: 'number' }, { kind: 'null' }] },
          ],
        },
        { kind: 'not', operand: { kind: 'compare', operator: '=' } },
        { kind: 'like' },
      ],
    });
  });

  it('refuses to mix AND and OR without parentheses', () => {
    const error = expectMalformed("SELECT Id FROM X WHERE A = 'a' AND B = 'b' OR C = 'c'", 44);
    expect(error.message).toContain('parentheses');
  });

  it('reads ORDER BY with directions and nulls placement, then LIMIT and OFFSET', () => {
    const query = parseSoql(
      'SELECT Id FROM X ORDER BY A, B desc, WebCart.C ASC NULLS LAST, D DESC NULLS FIRST LIMIT 10 OFFSET 20',
    );
    expect(
      query.orderBy.map(({ field, isDescending, isNullsLast }) => [field.names.join('.'), isDescending, isNullsLast]),
    ).toEqual([
      ['A', false, false],
      ['B', true, true],
      ['WebCart.C', false, true],
      ['D', true, false],
    ]);
    expect(query).toMatchObject({ limit: 10, offset: 20 });
    expectMalformed('SELECT Id FROM X OFFSET 2 LIMIT 1', 27);
    expectMalformed('SELECT Id FROM X LIMIT -1', 24);
    expectMalformed('SELECT Id FROM X LIMIT 1.5', 24);
  });

  it('accepts object and field names that are also keywords', () => {
    const query = parseSoql("SELECT Type, Order.Status FROM OrderItem WHERE Type = 'x' ORDER BY Order.OrderNumber");
    expect(query.from.name).toBe('OrderItem');
    expect(parseSoql('SELECT Id FROM Order ORDER BY Id').from.name).toBe('Order');
  });

  it('reports the line and column of the first token outside the subset', () => {
    expectMalformed('SELECT Id FROM WebCart WHERE', 29);
    expectMalformed('SELECT Id, FROM WebCart', 12);
    expectMalformed('SELECT Id FROM WebCart GROUP BY Name', 24);
    expectMalformed('SELECT Id FROM WebCart WHERE Name = :name', 37);
    expectMalformed('SELECT Id FROM WebCart WHERE Name = TODAY', 37);
    expectMalformed("SELECT Id FROM WebCart WHERE Name = 'x' junk", 41);
    expectMalformed('SELECT Id FROM WebCart WHERE Id IN (SELECT WebCartId FROM CartItem)', 37);
    expectMalformed("SELECT Id FROM WebCart WHERE Name = 'open", 37);
    expectMalformed("SELECT Id FROM WebCart WHERE Name = 'bad \\q'", 42);
    expectMalformed('SELECT Id\nFROM WebCart\n  WHERE Name ! 1', 14, 3);
    expectMalformed('select id from webcart; drop table web_cart', 23);
    expectMalformed("SELECT Id FROM X WHERE Name = 'a\0b'", 33);
    expectMalformed("SELECT Id FROM X WHERE Name = 'a\uD800'", 33);
  });

  it('bounds nesting and query length', () => {
    expectMalformed(`SELECT Id FROM X WHERE ${'('.repeat(40)}A = 1${')'.repeat(40)}`, 56);
    expect(() => parseSoql(`SELECT Id FROM X WHERE ${'('.repeat(20)}A = 1${')'.repeat(20)}`)).not.toThrow();
    expectMalformed(`SELECT Id FROM X WHERE Name = '${'x'.repeat(100_000)}'`, 1);
  });

  it('quotes any string so that it reads back unchanged', () => {
    for (const value of ["' OR 1=1 --", "'; DROP TABLE web_cart; --", 'back\\slash\n\ttab', '%_\\%']) {
      const [token] = tokenizeSoql(quoteSoqlString(value));
      expect(token).toMatchObject({ kind: 'string', value });
    }
  });
});
