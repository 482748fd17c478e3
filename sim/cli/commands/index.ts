import type { CommandModule } from 'yargs';

/** Every command, in the order `--help` lists them. Add a command by adding its file here. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: CommandModule<any, any>[] = [];
