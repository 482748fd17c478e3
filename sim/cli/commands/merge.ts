import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { listing } from './listing.js';

interface MergeArgs { shards: string[]; out?: string; json: boolean }

/** `parm-sim merge SHARDS…`: the results folder of a sharded run, identical to the unsharded run's. */
export const mergeCommand: CommandModule<object, MergeArgs> = {
  ...listing.merge,
  builder: (yargs: Argv<object>) =>
    yargs
      .positional('shards', { type: 'string', array: true, demandOption: true, describe: 'shard files, or folders holding them (*.shard-I-of-N.json)' })
      .option('out', { type: 'string', describe: 'results folder (default: results/<scenario name>)' })
      .option('json', { type: 'boolean', default: false, describe: 'print summary.json to stdout, nothing else' })
      .example('$0 merge results/quickstart-shards/', 'every shard file in the folder → results/quickstart/')
      .example('$0 merge a/*.shard-0-of-2.json b/*.shard-1-of-2.json --out merged', 'shard files gathered from two machines')
      .epilogue('Refuses shards of different scenarios, versions, seeds or splits, a shard given twice, and missing shards (naming them).') as Argv<MergeArgs>,
  handler: async (args) => {
    const [{ listShardFiles, readShardFile }, { mergeShards }, { describeResults }] = await Promise.all([
      import('../../experiment/shard-file.js'),
      import('../../experiment/sharded.js'),
      import('./experiment-command.js'),
    ]);
    const files = await listShardFiles(args.shards);
    const shards = [];
    for (const file of files) shards.push({ file, shard: await readShardFile(file) });
    const content = mergeShards(shards);
    const out = args.out ?? join('results', content.results.scenario.name);
    const { writeResults } = await import('../../report/write-results.js');
    const written = await writeResults(out, content);
    if (args.json) {
      process.stdout.write(`${JSON.stringify(content.results, null, 2)}\n`);
      return;
    }
    process.stdout.write(describeResults(content.results));
    process.stdout.write(`\nmerged ${shards.length} shards (${content.results.runs.length} runs); wrote ${written.length} files to ${out}/\n`);
  },
};
