/**
 * A data table: a caption, a header row of column headers, one row per record. Every table of the
 * pages is read by screen readers cell by cell, so the caption and the `scope` of each header
 * cell are not optional. A numeric column is right-aligned (`class="num"`) in its header and its
 * cells alike; a row-header column makes that column's cells `<th scope="row">` (the cell that
 * names the row, read out before every other cell of it).
 */
import { html, type SafeHtml } from './html.js';

/** Text is escaped; markup comes only from `html` templates. */
export type TableContent = SafeHtml | string;

export interface TableColumn {
  readonly label: TableContent;
  readonly isNumeric?: boolean;
  readonly isRowHeader?: boolean;
}

export interface DataTable {
  readonly caption: TableContent;
  readonly columns: readonly TableColumn[];
  /** One array of cells per row, in the order of `columns`. */
  readonly rows: readonly (readonly TableContent[])[];
  /** Shown under the table, muted, when there is no row. */
  readonly emptyText?: string;
}

function headerCell(column: TableColumn): SafeHtml {
  return column.isNumeric === true
    ? html`<th scope="col" class="num">${column.label}</th>`
    : html`<th scope="col">${column.label}</th>`;
}

function cell(column: TableColumn | undefined, content: TableContent): SafeHtml {
  if (column?.isRowHeader === true) {
    return column.isNumeric === true
      ? html`<th scope="row" class="num">${content}</th>`
      : html`<th scope="row">${content}</th>`;
  }
  return column?.isNumeric === true ? html`<td class="num">${content}</td>` : html`<td>${content}</td>`;
}

export function renderDataTable(table: DataTable): SafeHtml {
  const { columns } = table;
  return html`<table>
      <caption>
        ${table.caption}
      </caption>
      <thead>
        <tr>
          ${columns.map(headerCell)}
        </tr>
      </thead>
      <tbody>
        ${table.rows.map(
          (row) =>
            html`<tr>
              ${row.map((content, index) => cell(columns[index], content))}
            </tr>`,
        )}
      </tbody>
    </table>
    ${table.rows.length === 0 && table.emptyText !== undefined && html`<p class="muted">${table.emptyText}</p>`}`;
}
