/** The tutorial's 5-epoch training on the kernel engines, and a PyTorch-trained model's forecasts on every path (see trainingParity.ts). */
import { availableEngines } from '../../../src/engines/createEngine';
import { trainingParity } from './trainingParity';

trainingParity(
  availableEngines().filter((engine) => engine !== 'tfjs'),
  true,
);
