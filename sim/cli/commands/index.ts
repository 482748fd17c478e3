import type { CommandModule } from 'yargs';
import { listing, type CommandName } from './listing.js';

/**
 * Every command, in the order `--help` lists them (listing.ts), with its module, loaded only when
 * the command is named on the command line: a command line loads one command's options and what
 * they import, and `--help` none. Add a command by adding its file, its line in listing.ts and its
 * module here.
 */
export interface CommandEntry {
  name: CommandName;
  command: string;
  describe: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  load: () => Promise<CommandModule<any, any>>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const modules: Record<CommandName, () => Promise<CommandModule<any, any>>> = {
  run: async () => (await import('./run.js')).runCommand,
  sweep: async () => (await import('./sweep.js')).sweepCommand,
  merge: async () => (await import('./merge.js')).mergeCommand,
  plot: async () => (await import('./plot.js')).plotCommand,
  check: async () => (await import('./check.js')).checkCommand,
  emulate: async () => (await import('./emulate.js')).emulateCommand,
  validate: async () => (await import('./validate.js')).validateCommand,
  models: async () => (await import('./models.js')).modelsCommand,
  accuracy: async () => (await import('./accuracy.js')).accuracyCommand,
  calibrate: async () => (await import('./calibrate.js')).calibrateCommand,
};

export const commands: CommandEntry[] = (Object.keys(listing) as CommandName[]).map((name) => ({ name, ...listing[name], load: modules[name] }));
