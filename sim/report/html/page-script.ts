/**
 * The script report.html runs: draws every chart with vega-embed (SVG, so the page prints and
 * zooms sharply), then wires the controls to the charts' signals (interaction.ts): the strategy
 * checkboxes set `hidden`, the point picker sets `point` and shows that point's table rows.
 * When all charts are drawn it sets data-state="ready" on <body> ("updating" while a control's
 * change is being redrawn), or "failed" with the error in the console: what the browser test and
 * the screenshot script wait for.
 * Plain ES2021 in a string: it runs in the browser, not in Node, and is not compiled with the project.
 */
export const pageScript = String.raw`
(async () => {
  const data = JSON.parse(document.getElementById('report-data').textContent);
  const views = [];
  const decoded = {};
  for (const chart of data.charts) {
    const spec = chart.spec;
    if (chart.dataset !== undefined) {
      decoded[chart.dataset] ??= rowsOf(data.datasets[chart.dataset]);
      spec.datasets = { [chart.dataset]: decoded[chart.dataset] };
    }
    const result = await vegaEmbed('#' + chart.id, spec, { renderer: 'svg', actions: false });
    views.push(result.view);
  }
  // data-state is "updating" from a control's change until every chart has redrawn.
  const update = (name, value) => {
    document.body.dataset.state = 'updating';
    return Promise.all(views.map((view) => view.signal(name, value).runAsync())).then(() => {
      document.body.dataset.state = 'ready';
    });
  };
  const boxes = [...document.querySelectorAll('input[data-strategy]')];
  for (const box of boxes) {
    box.addEventListener('change', () => {
      update('hidden', boxes.filter((b) => !b.checked).map((b) => b.dataset.strategy)).catch(fail);
    });
  }
  const picker = document.getElementById('point');
  if (picker !== null) {
    const showRows = () => {
      for (const row of document.querySelectorAll('tr[data-sweep]')) row.hidden = row.dataset.sweep !== picker.value;
    };
    picker.addEventListener('change', () => {
      showRows();
      update('point', picker.value).catch(fail);
    });
    showRows();
  }
  document.body.dataset.state = 'ready';
})().catch(fail);

// A table stored by column (columns.ts) as the row objects vega reads.
function rowsOf(table) {
  const fields = Object.entries(table.columns);
  const rows = [];
  for (let i = 0; i < table.length; i++) {
    const row = {};
    for (const [field, column] of fields) row[field] = Array.isArray(column) ? column[i] : column.values[column.codes[i]];
    rows.push(row);
  }
  return rows;
}

function fail(err) {
  console.error('report.html: ' + (err && err.stack ? err.stack : err));
  document.body.dataset.state = 'failed';
}
`;
