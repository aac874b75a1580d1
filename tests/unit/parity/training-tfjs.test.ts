/**
 * The tutorial's training on the tfjs engine against PyTorch (see trainingParity.ts): the first 2 of
 * the fixtures' 5 epochs, since tfjs on wasm is the slow reference (about a second per epoch and cell
 * here) and the kernels, which train everywhere else, are checked over all 5; a file of its own, so
 * that it runs beside the kernels' file.
 */
import { trainingParity } from './trainingParity';

trainingParity(['tfjs'], false, 2);
