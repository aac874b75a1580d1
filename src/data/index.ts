export { type Table, column, rowCount, resolveColumnName } from './Table';
export { loadCsv, readHeader, type LoadCsvOptions } from './loadCsv';
export { splitChronological, type Split, type SplitOptions, type RowRange } from './splitChronological';
export { MinMaxScaler } from './MinMaxScaler';
export { makeWindows, checkWindowLengths, type Windows, type TableWindows, type WindowOptions } from './makeWindows';
export { prepareData, type DataOptions, type PreparedData } from './prepareData';
