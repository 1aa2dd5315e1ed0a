/**
 * Flow formulas (`<formulas><expression>`): Salesforce's formula syntax, the subset this engine
 * evaluates — literals, merge fields `{!name.Field}`, arithmetic, `&` concatenation, comparison,
 * `&&`/`||`, and the functions of `formulaFunctions`. A function outside that list is refused
 * at deploy (validate-flow.ts), never at run time.
 */

export type FormulaNode =
  | { readonly kind: 'literal'; readonly value: string | number | boolean | null }
  | { readonly kind: 'reference'; readonly name: string }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly FormulaNode[] }
  | { readonly kind: 'unary'; readonly operator: '-' | '!'; readonly operand: FormulaNode }
  | { readonly kind: 'binary'; readonly operator: string; readonly left: FormulaNode; readonly right: FormulaNode };

export const formulaFunctions = new Set([
  'ABS',
  'AND',
  'BEGINS',
  'BLANKVALUE',
  'CASE',
  'CEILING',
  'CONTAINS',
  'FLOOR',
  'IF',
  'ISBLANK',
  'ISNULL',
  'ISPICKVAL',
  'LEFT',
  'LEN',
  'LOWER',
  'MAX',
  'MID',
  'MIN',
  'NOT',
  'NOW',
  'NULLVALUE',
  'OR',
  'RIGHT',
  'ROUND',
  'SUBSTITUTE',
  'TEXT',
  'TODAY',
  'TRIM',
  'UPPER',
  'VALUE',
]);

const tokenPattern =
  /\s+|\{!([^}]+)\}|(\d+(?:\.\d+)?)|"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(\$?[A-Za-z_][\w.$]*)|(==|!=|<>|<=|>=|&&|\|\||[-+*/&=<>!(),])/y;

type Token =
  | { kind: 'reference'; text: string }
  | { kind: 'number'; text: string }
  | { kind: 'string'; text: string }
  | { kind: 'name'; text: string }
  | { kind: 'symbol'; text: string };

export class FormulaSyntaxError extends Error {}

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  tokenPattern.lastIndex = 0;
  while (tokenPattern.lastIndex < expression.length) {
    const at = tokenPattern.lastIndex;
    const match = tokenPattern.exec(expression);
    if (match === null)
      throw new FormulaSyntaxError(`unexpected character at ${at + 1}: ${expression.slice(at, at + 10)}`);
    if (match[1] !== undefined) tokens.push({ kind: 'reference', text: match[1].trim() });
    else if (match[2] !== undefined) tokens.push({ kind: 'number', text: match[2] });
    else if (match[3] !== undefined) tokens.push({ kind: 'string', text: match[3].replace(/\\(.)/g, '$1') });
    else if (match[4] !== undefined) tokens.push({ kind: 'string', text: match[4].replace(/\\(.)/g, '$1') });
    else if (match[5] !== undefined) tokens.push({ kind: 'name', text: match[5] });
    else if (match[6] !== undefined) tokens.push({ kind: 'symbol', text: match[6] });
  }
  return tokens;
}

const precedence: readonly (readonly string[])[] = [
  ['||'],
  ['&&'],
  ['=', '==', '!=', '<>', '<', '>', '<=', '>='],
  ['+', '-', '&'],
  ['*', '/'],
];

export function parseFormula(expression: string): FormulaNode {
  const tokens = tokenize(expression);
  let position = 0;
  const isSymbol = (text: string) => tokens[position]?.kind === 'symbol' && tokens[position]?.text === text;
  const expect = (text: string) => {
    if (!isSymbol(text)) throw new FormulaSyntaxError(`expected ${text}`);
    position += 1;
  };
  const binary = (level: number): FormulaNode => {
    if (level === precedence.length) return unary();
    let left = binary(level + 1);
    for (;;) {
      const token = tokens[position];
      if (token?.kind !== 'symbol' || !precedence[level]!.includes(token.text)) return left;
      position += 1;
      left = { kind: 'binary', operator: token.text, left, right: binary(level + 1) };
    }
  };
  const unary = (): FormulaNode => {
    if (isSymbol('-') || isSymbol('!')) {
      const operator = tokens[position]!.text as '-' | '!';
      position += 1;
      return { kind: 'unary', operator, operand: unary() };
    }
    return primary();
  };
  const primary = (): FormulaNode => {
    const token = tokens[position++];
    if (token === undefined) throw new FormulaSyntaxError('the formula ends too early');
    switch (token.kind) {
      case 'reference':
        return { kind: 'reference', name: token.text };
      case 'number':
        return { kind: 'literal', value: Number(token.text) };
      case 'string':
        return { kind: 'literal', value: token.text };
      case 'symbol': {
        if (token.text !== '(') throw new FormulaSyntaxError(`unexpected ${token.text}`);
        const inner = binary(0);
        expect(')');
        return inner;
      }
      default: {
        const upper = token.text.toUpperCase();
        if (isSymbol('(')) {
          position += 1;
          const args: FormulaNode[] = [];
          if (!isSymbol(')')) {
            args.push(binary(0));
            while (isSymbol(',')) {
              position += 1;
              args.push(binary(0));
            }
          }
          expect(')');
          return { kind: 'call', name: upper, args };
        }
        if (upper === 'TRUE' || upper === 'FALSE') return { kind: 'literal', value: upper === 'TRUE' };
        if (upper === 'NULL') return { kind: 'literal', value: null };
        return { kind: 'reference', name: token.text };
      }
    }
  };
  const node = binary(0);
  if (position !== tokens.length) throw new FormulaSyntaxError(`unexpected ${tokens[position]!.text}`);
  return node;
}

/** Every function name and reference of a formula, for deploy-time checks. */
export function formulaParts(node: FormulaNode, parts = { functions: [] as string[], references: [] as string[] }) {
  if (node.kind === 'reference') parts.references.push(node.name);
  if (node.kind === 'call') {
    parts.functions.push(node.name);
    node.args.forEach((arg) => formulaParts(arg, parts));
  }
  if (node.kind === 'unary') formulaParts(node.operand, parts);
  if (node.kind === 'binary') {
    formulaParts(node.left, parts);
    formulaParts(node.right, parts);
  }
  return parts;
}
