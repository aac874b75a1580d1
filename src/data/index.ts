export { type Table, column, rowCount, resolveColumnName } from './Table';
export { loadCsv, readHeader, type LoadCsvOptions, type LoadProgress } from './loadCsv';
export { splitChronological, type Split, type SplitOptions, type RowRange } from './splitChronological';
export { MinMaxScaler } from './MinMaxScaler';
export { makeWindows, checkWindowLengths, type Windows, type TableWindows, type WindowOptions } from './makeWindows';
export { prepareData, prepareTable, dataOptions, columnsOf, type DataOptions, type PreparedData } from './prepareData';
export { transformColumn, transformTable, toLevels, firstRow, PREDICTS, type Predict } from './transform';
export { walkForwardSplits, type WalkForwardOptions as WalkForwardSplitOptions } from './walkForwardSplits';
