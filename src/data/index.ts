export { type Table, column, rowCount, resolveColumnName } from './Table';
export { loadCsv, readHeader, type LoadCsvOptions, type LoadProgress } from './loadCsv';
export { DELIMITERS, detectDelimiter } from './readCsvRecords';
export { splitChronological, type Split, type SplitOptions, type RowRange } from './splitChronological';
export { MinMaxScaler } from './MinMaxScaler';
export { makeWindows, checkWindowLengths, type WindowOptions } from './makeWindows';
export type { Windows, TableWindows, WindowArrays } from './Windows';
export { scaledMatrix, type ScaledMatrix } from './scaledMatrix';
export { windowArrays, packStrided } from './WindowArrays';
export {
  prepareData,
  prepareTable,
  dataOptions,
  columnsOf,
  inputColumns,
  type DataOptions,
  type PreparedData,
} from './prepareData';
export { transformColumn, transformTable, toLevels, firstRow, TARGET_TRANSFORMS, type TargetTransform } from './transform';
export { walkForwardSplits, type WalkForwardSplitOptions } from './walkForwardSplits';
export { continueDates, describeSpacing, detectSpacing, type Spacing } from './calendar';
