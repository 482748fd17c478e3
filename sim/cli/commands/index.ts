import type { CommandModule } from 'yargs';
import { runCommand } from './run.js';
import { sweepCommand } from './sweep.js';
import { plotCommand } from './plot.js';
import { modelsCommand } from './models.js';
import { accuracyCommand } from './accuracy.js';
import { calibrateCommand } from './calibrate.js';
import { checkCommand } from './check.js';
import { mergeCommand } from './merge.js';
import { emulateCommand } from './emulate.js';
import { validateCommand } from './validate.js';

/** Every command, in the order `--help` lists them. Add a command by adding its file here. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: CommandModule<any, any>[] = [runCommand, sweepCommand, mergeCommand, plotCommand, checkCommand, emulateCommand, validateCommand, modelsCommand, accuracyCommand, calibrateCommand];
