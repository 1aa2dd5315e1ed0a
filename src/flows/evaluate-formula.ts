/** Evaluates a parsed formula (parse-formula.ts) with a resolver for its merge fields. */
import { textOf } from './flow-values.js';
import type { FormulaNode } from './parse-formula.js';

const isBlank = (value: unknown) => value === null || value === undefined || value === '';
const text = (value: unknown) => textOf(value);
const number = (value: unknown) => (isBlank(value) ? null : Number(value));

function round(value: unknown, digits: unknown): number | null {
  const amount = number(value);
  if (amount === null) return null;
  const factor = 10 ** Number(digits ?? 0);
  // Salesforce rounds half away from zero.
  return (Math.sign(amount) * Math.round(Math.abs(amount) * factor)) / factor;
}

function arithmetic(operator: string, left: unknown, right: unknown): unknown {
  if (operator === '&') return text(left) + text(right);
  if (operator === '+' && (typeof left === 'string' || typeof right === 'string')) return text(left) + text(right);
  const a = number(left);
  const b = number(right);
  if (a === null || b === null) return null;
  if (operator === '+') return a + b;
  if (operator === '-') return a - b;
  if (operator === '*') return a * b;
  return b === 0 ? null : a / b;
}

function comparison(operator: string, left: unknown, right: unknown): boolean {
  const bothNumbers = typeof left === 'number' || typeof right === 'number';
  const a = bothNumbers ? number(left) : left;
  const b = bothNumbers ? number(right) : right;
  switch (operator) {
    case '=':
    case '==':
      return (isBlank(a) && isBlank(b)) || a === b;
    case '!=':
    case '<>':
      return !((isBlank(a) && isBlank(b)) || a === b);
    default: {
      if (a === null || b === null) return false;
      const difference = bothNumbers ? Number(a) - Number(b) : text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0;
      if (operator === '<') return difference < 0;
      if (operator === '>') return difference > 0;
      if (operator === '<=') return difference <= 0;
      return difference >= 0;
    }
  }
}

export function evaluateFormula(node: FormulaNode, resolve: (name: string) => unknown): unknown {
  const evaluate = (child: FormulaNode): unknown => evaluateFormula(child, resolve);
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'reference':
      return resolve(node.name);
    case 'unary': {
      const value = evaluate(node.operand);
      return node.operator === '!' ? !value : number(value) === null ? null : -Number(value);
    }
    case 'binary': {
      if (node.operator === '&&') return Boolean(evaluate(node.left)) && Boolean(evaluate(node.right));
      if (node.operator === '||') return Boolean(evaluate(node.left)) || Boolean(evaluate(node.right));
      const left = evaluate(node.left);
      const right = evaluate(node.right);
      if (['+', '-', '*', '/', '&'].includes(node.operator)) return arithmetic(node.operator, left, right);
      return comparison(node.operator, left, right);
    }
    case 'call':
      return callFunction(node.name, node.args, evaluate);
  }
}

function callFunction(name: string, args: readonly FormulaNode[], evaluate: (node: FormulaNode) => unknown): unknown {
  const arg = (index: number) => (args[index] === undefined ? null : evaluate(args[index]));
  switch (name) {
    case 'IF':
      return arg(0) === true ? arg(1) : arg(2);
    case 'AND':
      return args.every((node) => evaluate(node) === true);
    case 'OR':
      return args.some((node) => evaluate(node) === true);
    case 'NOT':
      return arg(0) !== true;
    case 'ISBLANK':
    case 'ISNULL':
      return isBlank(arg(0));
    case 'BLANKVALUE':
    case 'NULLVALUE': {
      const value = arg(0);
      return isBlank(value) ? arg(1) : value;
    }
    case 'CASE': {
      const subject = arg(0);
      for (let index = 1; index + 1 < args.length; index += 2) {
        if (comparison('=', subject, arg(index))) return arg(index + 1);
      }
      return args.length % 2 === 0 ? arg(args.length - 1) : null;
    }
    case 'ISPICKVAL':
      return text(arg(0)) === text(arg(1));
    case 'TEXT':
      return isBlank(arg(0)) ? '' : String(arg(0));
    case 'VALUE':
      return number(arg(0));
    case 'LEN':
      return text(arg(0)).length;
    case 'CONTAINS':
      return text(arg(0)).includes(text(arg(1)));
    case 'BEGINS':
      return text(arg(0)).startsWith(text(arg(1)));
    case 'LEFT':
      return text(arg(0)).slice(0, Number(arg(1)));
    case 'RIGHT': {
      const count = Number(arg(1));
      return count <= 0 ? '' : text(arg(0)).slice(-count);
    }
    case 'MID':
      return text(arg(0)).substr(Number(arg(1)) - 1, Number(arg(2)));
    case 'UPPER':
      return text(arg(0)).toUpperCase();
    case 'LOWER':
      return text(arg(0)).toLowerCase();
    case 'TRIM':
      return text(arg(0)).trim();
    case 'SUBSTITUTE':
      return text(arg(0))
        .split(text(arg(1)))
        .join(text(arg(2)));
    case 'ROUND':
      return round(arg(0), arg(1));
    case 'ABS':
      return number(arg(0)) === null ? null : Math.abs(Number(arg(0)));
    case 'FLOOR':
      return number(arg(0)) === null ? null : Math.floor(Number(arg(0)));
    case 'CEILING':
      return number(arg(0)) === null ? null : Math.ceil(Number(arg(0)));
    case 'MAX':
      return Math.max(...args.map((node) => Number(evaluate(node))));
    case 'MIN':
      return Math.min(...args.map((node) => Number(evaluate(node))));
    case 'NOW':
      return new Date().toISOString();
    case 'TODAY':
      return new Date().toISOString().slice(0, 10);
    default:
      throw new Error(`Formula function ${name} is not supported`);
  }
}
