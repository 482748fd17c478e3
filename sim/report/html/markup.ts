/** Text as HTML: every value that reaches the page (strategy names come from the user's scenario) goes through here. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON inside a <script> element: `<` escaped, so no value can end the element early. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/**
 * An HTML table; `rowAttributes` adds attributes to a body row (the point picker's data-sweep).
 * Columns from `numericFrom` (0-based, at most 3) are right-aligned by the table's class, not a
 * class per cell: a 10-seed sweep's per-seed table has thousands of cells.
 */
export function htmlTable(header: readonly string[], rows: readonly (readonly string[])[], rowAttributes: (i: number) => string = () => '', numericFrom = 1): string {
  const head = `<tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
  const body = rows.map((r, i) => `<tr${rowAttributes(i)}>${r.map((text) => `<td>${escapeHtml(text)}</td>`).join('')}</tr>`).join('\n');
  return `<table class="num-from-${numericFrom}">\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}
