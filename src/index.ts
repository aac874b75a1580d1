export { DEFAULTS, DEFAULT_CSV } from './config';
export { DataError, OptionError, isUserError } from './errors';
export { type Table, column, rowCount, resolveColumnName } from './Table';
export { loadCsv, type LoadCsvOptions } from './loadCsv';
export { splitChronological, type Split, type SplitOptions, type RowRange } from './splitChronological';
export { MinMaxScaler } from './MinMaxScaler';
export { makeWindows, checkWindowLengths, type Windows, type WindowOptions } from './makeWindows';
export { prepareData, type DataOptions, type PreparedData } from './prepareData';
export { selectBackend, describeBackend, BACKEND_ORDER, type BackendName } from './backend';
