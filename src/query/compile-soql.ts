/**
 * A parsed query → parameterised SQL over the store, dialect-neutral (SQLite and PostgreSQL).
 * Identifiers come only from the registry (tables, columns) or from here (the aliases `t0`,
 * `p1`, `c0`, ...); every value of the query is a bound parameter. Rows of the queried object
 * are `t0`; each parent reached through a reference field is LEFT JOINed once as `p1`, `p2`...
 *
 * Null semantics follow SOQL rather than SQL: `!=` and `NOT IN` also match null fields, and
 * `NOT` of a condition that SQL would call unknown is true.
 */
import type { Expression, RawBuilder, SqlBool } from 'kysely';
import { sql } from 'kysely';
import type { ObjectDef } from '../records/object.js';
import { findObject } from '../records/registry.js';
import type { SoqlComparison, SoqlCondition, SoqlFieldPath, SoqlQuery } from './soql-ast.js';
import { queryError } from './query-error.js';
import {
  resolveFieldPath,
  type IsFieldReadable,
  type QueryField,
  type QueryRelationship,
} from './resolve-field-path.js';
import { isTextField, toStoredValue, type StoredValue } from './to-stored-value.js';

/** Visibility: a condition on the rows of `definition` under `alias`, or null for all rows. */
export type RestrictRows = (definition: ObjectDef, alias: string) => Expression<SqlBool> | null;

export const rootAlias = 't0';
/** The column alias of the root row's id in page rows. */
export const rootIdAlias = 'r0';

export interface ParentJoin {
  readonly relationship: QueryRelationship;
  readonly alias: string;
  /** The column alias of the parent's id in page rows: null when there is no visible parent. */
  readonly idAlias: string;
  isUsedInWhere: boolean;
}

export interface SelectedColumn {
  readonly alias: string;
  readonly field: QueryField;
  readonly parent: ParentJoin | null;
}

type CountRow = { total: number | string | bigint };
type PageRow = Record<string, unknown>;

export interface CompiledSoql {
  readonly root: ObjectDef;
  readonly isCount: boolean;
  readonly limit: number | null;
  readonly offset: number | null;
  readonly columns: readonly SelectedColumn[];
  readonly parents: readonly ParentJoin[];
  /** Counts every matching row, ignoring LIMIT and OFFSET. */
  countQuery(): RawBuilder<CountRow>;
  /** One page of matching rows in a stable order (ties broken by id). */
  pageQuery(offset: number, limit: number): RawBuilder<PageRow>;
}

const orderingOperators: Record<Exclude<SoqlComparison, '=' | '!='>, string> = {
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
};

export function compileSoql(
  query: SoqlQuery,
  restrict: RestrictRows | undefined,
  isReadable?: IsFieldReadable,
): CompiledSoql {
  const root = findObject(query.from.name);
  if (root === undefined) {
    throw queryError('INVALID_TYPE', `sObject type '${query.from.name}' is not supported`, query.from.at);
  }
  return new SoqlCompiler(root, restrict ?? (() => null), isReadable).compile(query);
}

class SoqlCompiler {
  private readonly parents = new Map<string, ParentJoin>();
  private compilingWhere = false;

  constructor(
    private readonly root: ObjectDef,
    private readonly restrict: RestrictRows,
    private readonly isReadable: IsFieldReadable | undefined,
  ) {}

  compile(query: SoqlQuery): CompiledSoql {
    // In the order of the text, so that the first mistake in the query is the one reported.
    const columns = query.select.kind === 'count' ? [] : this.selectColumns(query.select.fields);
    this.compilingWhere = true;
    const userWhere = query.where === null ? null : this.condition(query.where);
    this.compilingWhere = false;
    const orderBy = query.orderBy.map((ordering) => {
      const { expression } = this.operand(ordering.field);
      const direction = ordering.isDescending ? 'desc' : 'asc';
      return sql`${expression} ${sql.raw(direction)} ${sql.raw(ordering.isNullsLast ? 'nulls last' : 'nulls first')}`;
    });
    orderBy.push(sql`${sql.ref(`${rootAlias}.id`)} asc`);

    const rootRestriction = this.restrict(this.root, rootAlias);
    // Each side in parentheses: a hook's `a OR b` must not bind to the query's own condition.
    const conditions = [rootRestriction, userWhere]
      .filter((condition) => condition !== null)
      .map((condition) => sql`(${condition})`);
    const where = conditions.length === 0 ? sql`` : sql` where ${sql.join(conditions, sql` and `)}`;
    const parents = [...this.parents.values()];
    const joinClauses = new Map(parents.map((join) => [join, this.joinClause(join)]));
    const from = (joins: readonly ParentJoin[]) => {
      const clauses = joins.map((join) => joinClauses.get(join)!);
      return sql`${sql.table(this.root.table)} as ${sql.id(rootAlias)}${sql.join(clauses, sql``)}`;
    };
    const selectList = sql.join([
      sql`${sql.ref(`${rootAlias}.id`)} as ${sql.id(rootIdAlias)}`,
      ...parents.map((join) => sql`${sql.ref(`${join.alias}.id`)} as ${sql.id(join.idAlias)}`),
      ...columns.map((column) => sql`${this.columnRef(column.field, column.parent)} as ${sql.id(column.alias)}`),
    ]);
    // The count needs only the joins its WHERE reads: a LEFT JOIN on a parent's id never adds rows.
    const countFrom = from(parents.filter((join) => join.isUsedInWhere));
    const pageFrom = from(parents);
    const order = sql.join(orderBy);
    return {
      root: this.root,
      isCount: query.select.kind === 'count',
      limit: query.limit,
      offset: query.offset,
      columns,
      parents,
      countQuery: () => sql<CountRow>`select count(*) as ${sql.id('total')} from ${countFrom}${where}`,
      pageQuery: (offset, limit) =>
        sql<PageRow>`select ${selectList} from ${pageFrom}${where} order by ${order} limit ${limit} offset ${offset}`,
    };
  }

  private joinClause(join: ParentJoin): RawBuilder<unknown> {
    const on = sql`${sql.ref(`${join.alias}.id`)} = ${sql.ref(`${rootAlias}.${join.relationship.field.column}`)}`;
    // A parent the caller may not see joins as no row at all: its fields read as null.
    const restriction = this.restrict(join.relationship.target, join.alias);
    const condition = restriction === null ? on : sql`${on} and (${restriction})`;
    return sql` left join ${sql.table(join.relationship.target.table)} as ${sql.id(join.alias)} on ${condition}`;
  }

  private selectColumns(paths: readonly SoqlFieldPath[]): SelectedColumn[] {
    const seen = new Set<string>();
    return paths.map((path, index) => {
      const { field, relationship } = resolveFieldPath(this.root, path, this.isReadable);
      const key = `${relationship?.name ?? ''}.${field.apiName}`.toLowerCase();
      if (seen.has(key))
        throw queryError('MALFORMED_QUERY', `duplicate field selected: ${path.names.join('.')}`, path.at);
      seen.add(key);
      return { alias: `c${index}`, field, parent: relationship === null ? null : this.parentJoin(relationship) };
    });
  }

  private parentJoin(relationship: QueryRelationship): ParentJoin {
    const key = relationship.name.toLowerCase();
    let join = this.parents.get(key);
    if (join === undefined) {
      const number = this.parents.size + 1;
      join = { relationship, alias: `p${number}`, idAlias: `r${number}`, isUsedInWhere: false };
      this.parents.set(key, join);
    }
    if (this.compilingWhere) join.isUsedInWhere = true;
    return join;
  }

  private columnRef(field: QueryField, parent: ParentJoin | null): RawBuilder<unknown> {
    return sql.ref(`${parent?.alias ?? rootAlias}.${field.column}`);
  }

  /** A field as an operand: lower-cased for text fields, which compare case-insensitively. */
  private operand(path: SoqlFieldPath): {
    field: QueryField;
    column: RawBuilder<unknown>;
    expression: RawBuilder<unknown>;
  } {
    const { field, relationship } = resolveFieldPath(this.root, path, this.isReadable);
    const column = this.columnRef(field, relationship === null ? null : this.parentJoin(relationship));
    return { field, column, expression: isTextField(field) ? sql`lower(${column})` : column };
  }

  private value(field: QueryField, value: StoredValue): RawBuilder<unknown> {
    return isTextField(field) ? sql`lower(${value})` : sql`${value}`;
  }

  private condition(condition: SoqlCondition): RawBuilder<SqlBool> {
    switch (condition.kind) {
      case 'and':
      case 'or': {
        return balanced(
          condition.operands.map((operand) => this.condition(operand)),
          sql.raw(` ${condition.kind} `),
        );
      }
      case 'not':
        return sql<SqlBool>`(not coalesce(${this.condition(condition.operand)}, false))`;
      case 'like': {
        const { field, expression } = this.operand(condition.field);
        if (!isTextField(field)) {
          throw queryError(
            'INVALID_FIELD',
            `LIKE is not supported on field '${field.apiName}' of type ${field.kind}`,
            condition.field.at,
            [field.apiName],
          );
        }
        return sql<SqlBool>`${expression} like lower(${condition.pattern.likePattern}) escape '\\'`;
      }
      case 'in': {
        const { field, column, expression } = this.operand(condition.field);
        const values = condition.values.map((literal) => toStoredValue(field, literal));
        const listed = values.filter((value) => value !== null).map((value) => this.value(field, value));
        const hasNull = values.includes(null);
        if (listed.length === 0) return condition.isNegated ? sql`${column} is not null` : sql`${column} is null`;
        const list = sql.join(listed);
        if (!condition.isNegated) {
          return hasNull ? sql`(${expression} in (${list}) or ${column} is null)` : sql`${expression} in (${list})`;
        }
        return hasNull
          ? sql`(${expression} not in (${list}) and ${column} is not null)`
          : sql`(${expression} not in (${list}) or ${column} is null)`;
      }
      case 'compare': {
        const { field, column, expression } = this.operand(condition.field);
        const value = toStoredValue(field, condition.value);
        const { operator } = condition;
        if (field.kind === 'boolean' && operator !== '=' && operator !== '!=') {
          throw queryError(
            'INVALID_FIELD',
            `operator ${operator} is not supported on boolean field '${field.apiName}'`,
            condition.field.at,
            [field.apiName],
          );
        }
        if (value === null) {
          if (operator === '=') return sql`${column} is null`;
          if (operator === '!=') return sql`${column} is not null`;
          return sql`(1 = 0)`;
        }
        const bound = this.value(field, value);
        if (operator === '=') return sql`${expression} = ${bound}`;
        if (operator === '!=') return sql`(${expression} <> ${bound} or ${column} is null)`;
        return sql`${expression} ${sql.raw(orderingOperators[operator])} ${bound}`;
      }
    }
  }
}

/**
 * `(a or (b or c))`-style nesting of a chain, split in halves: SQLite refuses expression trees
 * deeper than 1,000, which a flat chain of a few thousand conditions would build.
 */
function balanced(parts: readonly RawBuilder<SqlBool>[], connective: RawBuilder<unknown>): RawBuilder<SqlBool> {
  if (parts.length === 1) return parts[0]!;
  const middle = Math.ceil(parts.length / 2);
  return sql<SqlBool>`(${balanced(parts.slice(0, middle), connective)}${connective}${balanced(parts.slice(middle), connective)})`;
}
