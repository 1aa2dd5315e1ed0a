/**
 * A string as a SOQL string literal, for code that builds queries from values: quotes and
 * backslashes are escaped, and control characters use the escapes the lexer knows, so that
 * the literal always reads back as exactly `value`.
 */
export function quoteSoqlString(value: string): string {
  const escaped = value.replace(/[\\'\n\r\t\b\f]/g, (char) => {
    switch (char) {
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      case '\b':
        return '\\b';
      case '\f':
        return '\\f';
      default:
        return `\\${char}`;
    }
  });
  return `'${escaped}'`;
}
