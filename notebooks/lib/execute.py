"""Executes one of parm-sim's notebooks headless with the project's TypeScript kernel.

    /usr/bin/python3 notebooks/lib/execute.py NOTEBOOK [--out FILE] [--timeout SECONDS]

Runs every cell in order with the kernel in notebooks/kernels/parm-sim (tslab, started from the
repository root) and writes the executed notebook to FILE, or back in place. Nothing is written
unless every cell ran without error and every code cell left an output, so a failed run never
replaces a notebook's committed outputs.

This is nbconvert's `--execute` (the same nbclient underneath) with two things nbconvert cannot
do: tslab reports a failed cell only through the cell's stderr (its TypeScript diagnostics or
stack trace) and an error status, and nbconvert drops those outputs when it stops, so a failure
would say nothing about why; here the failing cell's source and outputs are printed. And the
check that no code cell ends without output.
"""
import argparse
import os
import sys
import tempfile

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

HERE = os.path.dirname(os.path.abspath(__file__))
NOTEBOOKS = os.path.dirname(HERE)
ROOT = os.path.dirname(NOTEBOOKS)
KERNEL = 'parm-sim'


def output_text(output):
    """An output as text, for error messages: streams and errors in full, rich data by type."""
    kind = output.get('output_type')
    if kind == 'stream':
        return output.get('text', '')
    if kind == 'error':
        return '\n'.join(output.get('traceback', [])) or '%s: %s' % (output.get('ename'), output.get('evalue'))
    data = output.get('data', {})
    if 'text/plain' in data:
        return data['text/plain']
    return '[%s]' % ', '.join(sorted(data))


def fail(path, index, cell, why):
    print('%s: cell %d %s' % (path, index, why), file=sys.stderr)
    print('--- source ---\n%s' % cell.source, file=sys.stderr)
    if cell.get('outputs'):
        print('--- outputs ---', file=sys.stderr)
        for output in cell.outputs:
            print(output_text(output).rstrip('\n'), file=sys.stderr)
    sys.exit(1)


def write_atomically(nb, path):
    folder = os.path.dirname(os.path.abspath(path))
    fd, partial = tempfile.mkstemp(prefix='.executing-', suffix='.ipynb', dir=folder)
    # mkstemp makes the file private (0600); keep the mode a checked-out file has.
    mode = os.stat(path).st_mode & 0o777 if os.path.exists(path) else 0o666 & ~current_umask()
    try:
        os.chmod(partial, mode)
        with os.fdopen(fd, 'w', encoding='utf-8') as f:
            nbformat.write(nb, f)
        os.replace(partial, path)
    except BaseException:
        if os.path.exists(partial):
            os.remove(partial)
        raise


def current_umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def main():
    ap = argparse.ArgumentParser(description='Execute a parm-sim notebook headless.')
    ap.add_argument('notebook')
    ap.add_argument('--out', help='where to write the executed notebook (default: in place)')
    ap.add_argument('--timeout', type=int, default=600, help='seconds per cell (default 600)')
    args = ap.parse_args()

    # The kernelspec is found through JUPYTER_PATH; set here so no caller can forget it.
    os.environ['JUPYTER_PATH'] = os.pathsep.join(p for p in [NOTEBOOKS, os.environ.get('JUPYTER_PATH')] if p)

    nb = nbformat.read(args.notebook, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name=KERNEL,
        timeout=args.timeout,
        startup_timeout=180,
        allow_errors=False,
        # No timestamps in cell metadata: re-executing an unchanged notebook changes nothing in git.
        record_timing=False,
        resources={'metadata': {'path': ROOT}},
    )
    # The cell running when execution stops is the one to report; nbclient's hook says which.
    current = {'index': 0}
    client.on_cell_start = lambda cell, cell_index: current.update(index=cell_index)
    try:
        client.execute()
    except CellTimeoutError:
        index = current['index']
        fail(args.notebook, index, nb.cells[index], 'timed out after %d s' % args.timeout)
    except (CellExecutionError, DeadKernelError) as e:
        index = current['index']
        fail(args.notebook, index, nb.cells[index], 'failed (%s)' % type(e).__name__)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == 'code' and cell.source.strip() and not cell.get('outputs'):
            fail(args.notebook, index, cell, 'ran but left no output (every code cell of these notebooks shows something)')
    write_atomically(nb, args.out or args.notebook)


if __name__ == '__main__':
    main()
