import type { CommandModule } from 'yargs';
import { runCommand } from './run.js';
import { sweepCommand } from './sweep.js';
import { plotCommand } from './plot.js';
import { modelsCommand } from './models.js';
import { accuracyCommand } from './accuracy.js';
import { calibrateCommand } from './calibrate.js';
import { checkCommand } from './check.js';
import { mergeCommand } from './merge.js';

/** Every command, in the order `--help` lists them. Add a command by adding its file here. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: CommandModule<any, any>[] = [runCommand, sweepCommand, mergeCommand, plotCommand, checkCommand, modelsCommand, accuracyCommand, calibrateCommand];
