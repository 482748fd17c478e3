import { InputError } from '../../errors.js';
import { additionEncoder } from './addition.js';
import { concatenationEncoder } from './concatenation.js';
import { weightedEncoder } from './weighted.js';
import { encoderNames, isEncoderName, type EncoderName, type ParityEncoder } from './encoder.js';

export { IMAGE_SIZE, encoderNames, isEncoderName, type EncoderName, type ParityEncoder } from './encoder.js';

/** Every encoder, keyed by the name scenarios and manifests use. */
export const encoders: Readonly<Record<EncoderName, ParityEncoder>> = {
  addition: additionEncoder,
  concatenation: concatenationEncoder,
  weighted: weightedEncoder,
};

/** The encoder called `name`, or an InputError saying which names exist. */
export function encoderFor(name: string, where = 'encoder'): ParityEncoder {
  if (!isEncoderName(name)) throw new InputError(where, '', `one of ${encoderNames.join(', ')}`, JSON.stringify(name));
  return encoders[name];
}
