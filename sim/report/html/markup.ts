/** Text as HTML: every value that reaches the page (strategy names come from the user's scenario) goes through here. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON inside a <script> element: `<` escaped, so no value can end the element early. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** An HTML table; `rowAttributes` adds attributes to a body row (the point picker's data-sweep). */
export function htmlTable(header: readonly string[], rows: readonly (readonly string[])[], rowAttributes: (i: number) => string = () => '', numericFrom = 1): string {
  const cell = (tag: string, text: string, c: number) => `<${tag}${c >= numericFrom ? ' class="num"' : ''}>${escapeHtml(text)}</${tag}>`;
  const head = `<tr>${header.map((h, c) => cell('th', h, c)).join('')}</tr>`;
  const body = rows.map((r, i) => `<tr${rowAttributes(i)}>${r.map((text, c) => cell('td', text, c)).join('')}</tr>`).join('\n');
  return `<table>\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}
