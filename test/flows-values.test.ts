/** The operators of decisions and filters, custom condition logic, formulas and the flow file names. */
import { describe, expect, it } from 'vitest';
import { evaluateFormula } from '../src/flows/evaluate-formula.js';
import { apiNameOfFile } from '../src/flows/flow-definitions.js';
import { compareValues, evaluateLogic } from '../src/flows/flow-values.js';
import { parseFormula } from '../src/flows/parse-formula.js';
import { generateId } from '../src/records/ids.js';

describe('flow values', () => {
  it('applies every comparison operator, keeping null apart from the empty string', () => {
    expect(compareValues('a', 'EqualTo', 'a')).toBe(true);
    expect(compareValues(null, 'EqualTo', '')).toBe(false);
    expect(compareValues(null, 'NotEqualTo', '')).toBe(true);
    expect(compareValues(null, 'IsNull', true)).toBe(true);
    expect(compareValues('', 'IsNull', true)).toBe(false);
    expect(compareValues('', 'IsNull', false)).toBe(true);
    expect(compareValues(5, 'GreaterThan', '4')).toBe(true);
    expect(compareValues(4, 'GreaterThanOrEqualTo', 4)).toBe(true);
    expect(compareValues(3, 'LessThan', 4)).toBe(true);
    expect(compareValues(5, 'LessThanOrEqualTo', 4)).toBe(false);
    expect(compareValues(null, 'LessThan', 4)).toBe(false);
    expect(compareValues('Checkout Summary', 'Contains', 'Sum')).toBe(true);
    expect(compareValues(['a', 'b'], 'Contains', 'b')).toBe(true);
    expect(compareValues('Checkout Summary', 'StartsWith', 'Check')).toBe(true);
    expect(compareValues('Checkout Summary', 'EndsWith', 'mary')).toBe(true);
    expect(compareValues(true, 'EqualTo', 'true')).toBe(true);
  });

  it('compares ids in their 15- and 18-character forms', () => {
    const id = generateId('0a6');
    expect(compareValues(id, 'EqualTo', id.slice(0, 15))).toBe(true);
    expect(compareValues(id.slice(0, 15), 'NotEqualTo', id)).toBe(false);
  });

  it('evaluates and, or and custom condition logic', () => {
    expect(evaluateLogic('and', [true, false])).toBe(false);
    expect(evaluateLogic('or', [true, false])).toBe(true);
    expect(evaluateLogic('1 AND (2 OR NOT 3)', [true, false, false])).toBe(true);
    expect(() => evaluateLogic('1 AND 4', [true, true])).toThrow(/condition 4/);
  });

  it('evaluates formulas with merge fields', () => {
    const values: Record<string, unknown> = { total: 12.345, name: null };
    const run = (expression: string) => evaluateFormula(parseFormula(expression), (name) => values[name] ?? null);
    expect(run('ROUND({!total}, 2) * 2')).toBe(24.7);
    expect(run('"A" & TEXT({!total})')).toBe('A12.345');
    expect(run('IF(ISBLANK({!name}), "none", {!name})')).toBe('none');
    expect(run('CASE("b", "a", 1, "b", 2, 0)')).toBe(2);
    expect(run('{!total} > 10 && NOT(false)')).toBe(true);
  });

  it('names a flow after its file', () => {
    expect(apiNameOfFile('/x/y/My_Flow.flow-meta.xml')).toBe('My_Flow');
    expect(apiNameOfFile('My_Flow.flow')).toBe('My_Flow');
  });
});
