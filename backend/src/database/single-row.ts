/** The one row an aggregate query (count, min, max, …) always answers. */
export function singleRow<Row>(rows: readonly Row[]): Row {
  const [row] = rows;
  if (row === undefined) throw new Error('an aggregate query answered no row');
  return row;
}
