/**
 * The one output format of the benchmarks: `name: value unit`, one figure a line, so a run can
 * be grepped and compared with an earlier one line by line.
 */

/** Prints one figure; values get 3 significant decimals below 10, 1 decimal above. */
export function printFigure(name: string, value: number, unit: string): void {
  const text = !Number.isFinite(value) ? 'n/a' : Math.abs(value) < 10 ? value.toFixed(3) : value.toFixed(1);
  console.log(`${name}: ${text} ${unit}`);
}

/** Notes that are not figures start with `#`, so `grep -v '^#'` leaves only figures. */
export function printNote(text: string): void {
  console.log(`# ${text}`);
}
