/** The tutorial's 5-epoch training on the tfjs engine (see trainingParity.ts); a file of its own, so that it runs beside the kernels' file. */
import { trainingParity } from './trainingParity';

trainingParity(['tfjs'], false);
