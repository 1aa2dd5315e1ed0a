/**
 * A recursive-descent parser for our SOQL subset (SPEC.md section 5):
 *
 *   query     := SELECT (COUNT '(' ')' | path {',' path}) FROM word
 *                [WHERE condition] [ORDER BY ordering {',' ordering}] [LIMIT int] [OFFSET int]
 *   condition := term {AND term} | term {OR term}
 *   term      := NOT term | '(' condition ')' | path op literal | path [NOT] IN '(' literal {',' literal} ')'
 *              | path LIKE string
 *   ordering  := path [ASC | DESC] [NULLS (FIRST | LAST)]
 *
 * Decision: as in SOQL, AND and OR may not be mixed at one level without parentheses
 * (`a AND b OR c` is rejected), so nobody has to remember a precedence.
 */
import type { SoqlComparison, SoqlCondition, SoqlFieldPath, SoqlLiteral, SoqlOrdering, SoqlQuery } from './soql-ast.js';
import { queryError } from './query-error.js';
import { tokenizeSoql, type SoqlToken } from './tokenize-soql.js';

/** Parentheses nest at most this deep: enough for any real filter, bounded for the stack. */
const maxNesting = 32;
/** Literals per query: far below the 32,766 bound parameters SQLite allows per statement. */
const maxLiterals = 5_000;

const comparisons = new Set<string>(['=', '!=', '<>', '<', '<=', '>', '>=']);

export function parseSoql(text: string): SoqlQuery {
  return new SoqlParser(tokenizeSoql(text)).parseQuery();
}

class SoqlParser {
  private index = 0;
  private literalCount = 0;

  constructor(private readonly tokens: readonly SoqlToken[]) {}

  parseQuery(): SoqlQuery {
    this.expectKeyword('SELECT');
    const select = this.parseSelectList();
    this.expectKeyword('FROM');
    const objectToken = this.next();
    if (objectToken.kind !== 'word') throw this.unexpected(objectToken);
    const from = { name: objectToken.text, at: objectToken.at };
    const where = this.acceptKeyword('WHERE') ? this.parseCondition(0) : null;
    const orderBy: SoqlOrdering[] = [];
    if (this.acceptKeyword('ORDER')) {
      this.expectKeyword('BY');
      do orderBy.push(this.parseOrdering());
      while (this.acceptSymbol(','));
    }
    const limit = this.acceptKeyword('LIMIT') ? this.parseCount() : null;
    const offset = this.acceptKeyword('OFFSET') ? this.parseCount() : null;
    const last = this.peek();
    if (last.kind !== 'end') throw this.unexpected(last);
    if (select.kind === 'count' && orderBy.length > 0) {
      throw queryError('MALFORMED_QUERY', 'ORDER BY is not allowed with COUNT()', orderBy[0]!.field.at);
    }
    return { select, from, where, orderBy, limit, offset };
  }

  private parseSelectList(): SoqlQuery['select'] {
    const first = this.peek();
    if (this.isKeyword(first, 'COUNT') && this.isSymbol(this.peek(1), '(')) {
      this.index += 2;
      this.expectSymbol(')');
      return { kind: 'count', at: first.at };
    }
    const fields: SoqlFieldPath[] = [this.parsePath()];
    while (this.acceptSymbol(',')) {
      // `SELECT Id, FROM X`: name the stray comma's neighbour, not the object after it.
      if (this.isKeyword(this.peek(), 'FROM')) throw this.unexpected(this.peek());
      fields.push(this.parsePath());
    }
    return { kind: 'fields', fields };
  }

  private parsePath(): SoqlFieldPath {
    const first = this.next();
    if (first.kind !== 'word') throw this.unexpected(first);
    const names = [first.text];
    while (this.acceptSymbol('.')) {
      const part = this.next();
      if (part.kind !== 'word') throw this.unexpected(part);
      names.push(part.text);
    }
    if (this.isSymbol(this.peek(), '(')) {
      throw queryError('MALFORMED_QUERY', `unsupported function: '${first.text}'`, first.at);
    }
    return { names, at: first.at };
  }

  private parseCondition(depth: number): SoqlCondition {
    const first = this.parseTerm(depth);
    const connective = this.peek();
    const kind = this.isKeyword(connective, 'AND') ? 'and' : this.isKeyword(connective, 'OR') ? 'or' : null;
    if (kind === null) return first;
    const operands = [first];
    while (this.acceptKeyword(kind)) operands.push(this.parseTerm(depth));
    const after = this.peek();
    if (this.isKeyword(after, 'AND') || this.isKeyword(after, 'OR')) {
      throw queryError(
        'MALFORMED_QUERY',
        `unexpected token: '${(after as { text: string }).text}'; use parentheses to combine AND and OR`,
        after.at,
      );
    }
    return { kind, operands };
  }

  private parseTerm(depth: number): SoqlCondition {
    const token = this.peek();
    if (depth >= maxNesting) throw queryError('MALFORMED_QUERY', 'conditions are nested too deeply', token.at);
    if (this.acceptKeyword('NOT')) return { kind: 'not', operand: this.parseTerm(depth + 1) };
    if (this.acceptSymbol('(')) {
      const inner = this.parseCondition(depth + 1);
      this.expectSymbol(')');
      return inner;
    }
    const field = this.parsePath();
    if (this.acceptKeyword('LIKE')) {
      const pattern = this.parseLiteral();
      if (pattern.kind !== 'string') {
        throw queryError('MALFORMED_QUERY', 'LIKE needs a string literal', pattern.at);
      }
      return { kind: 'like', field, pattern };
    }
    const isNegated = this.isKeyword(this.peek(), 'NOT') && this.isKeyword(this.peek(1), 'IN');
    if (isNegated) this.index += 1;
    if (this.acceptKeyword('IN')) {
      this.expectSymbol('(');
      const values = [this.parseLiteral()];
      while (this.acceptSymbol(',')) values.push(this.parseLiteral());
      this.expectSymbol(')');
      return { kind: 'in', field, isNegated, values };
    }
    const operator = this.next();
    if (operator.kind !== 'symbol' || !comparisons.has(operator.text)) throw this.unexpected(operator);
    const comparison = (operator.text === '<>' ? '!=' : operator.text) as SoqlComparison;
    return { kind: 'compare', field, operator: comparison, value: this.parseLiteral() };
  }

  private parseLiteral(): SoqlLiteral {
    const token = this.next();
    this.literalCount += 1;
    if (this.literalCount > maxLiterals) {
      throw queryError('MALFORMED_QUERY', `more than ${maxLiterals} values in one query`, token.at);
    }
    switch (token.kind) {
      case 'string':
        return { kind: 'string', value: token.value, likePattern: token.likePattern, at: token.at };
      case 'number':
        return { kind: 'number', text: token.text, at: token.at };
      case 'date':
        return { kind: 'date', text: token.text, at: token.at };
      case 'datetime':
        return { kind: 'datetime', iso: token.iso, at: token.at };
      case 'word': {
        const word = token.text.toUpperCase();
        if (word === 'TRUE' || word === 'FALSE') return { kind: 'boolean', value: word === 'TRUE', at: token.at };
        if (word === 'NULL') return { kind: 'null', at: token.at };
        throw this.unexpected(token);
      }
      default:
        throw this.unexpected(token);
    }
  }

  private parseOrdering(): SoqlOrdering {
    const field = this.parsePath();
    const isDescending = this.acceptKeyword('DESC');
    if (!isDescending) this.acceptKeyword('ASC');
    let isNullsLast = isDescending;
    if (this.acceptKeyword('NULLS')) {
      if (this.acceptKeyword('LAST')) isNullsLast = true;
      else if (this.acceptKeyword('FIRST')) isNullsLast = false;
      else throw this.unexpected(this.peek());
    }
    return { field, isDescending, isNullsLast };
  }

  /** A LIMIT or OFFSET value: a non-negative integer literal. */
  private parseCount(): number {
    const token = this.next();
    if (token.kind !== 'number' || !/^\d+$/.test(token.text) || !Number.isSafeInteger(Number(token.text))) {
      throw queryError('MALFORMED_QUERY', 'expected a non-negative integer', token.at);
    }
    return Number(token.text);
  }

  private peek(ahead = 0): SoqlToken {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)]!;
  }

  private next(): SoqlToken {
    const token = this.peek();
    if (token.kind !== 'end') this.index += 1;
    return token;
  }

  private isKeyword(token: SoqlToken, keyword: string): boolean {
    return token.kind === 'word' && token.text.toUpperCase() === keyword;
  }

  private isSymbol(token: SoqlToken, symbol: string): boolean {
    return token.kind === 'symbol' && token.text === symbol;
  }

  private acceptKeyword(keyword: string): boolean {
    if (!this.isKeyword(this.peek(), keyword.toUpperCase())) return false;
    this.index += 1;
    return true;
  }

  private acceptSymbol(symbol: string): boolean {
    if (!this.isSymbol(this.peek(), symbol)) return false;
    this.index += 1;
    return true;
  }

  private expectKeyword(keyword: string): void {
    if (!this.acceptKeyword(keyword)) throw this.unexpected(this.peek(), keyword);
  }

  private expectSymbol(symbol: string): void {
    if (!this.acceptSymbol(symbol)) throw this.unexpected(this.peek(), symbol);
  }

  private unexpected(token: SoqlToken, expected?: string) {
    const wanted = expected === undefined ? '' : `; expected ${expected}`;
    return queryError('MALFORMED_QUERY', `unexpected token: ${describeToken(token)}${wanted}`, token.at);
  }
}

function describeToken(token: SoqlToken): string {
  switch (token.kind) {
    case 'end':
      return 'end of query';
    case 'string':
      return `'${token.value.length > 40 ? `${token.value.slice(0, 40)}...` : token.value}'`;
    case 'datetime':
      return `'${token.iso}'`;
    default:
      return `'${token.text}'`;
  }
}
