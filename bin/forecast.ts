/** `npm run forecast -- [options]`: recurrent forecasters and baselines on any CSV (src/cli/runForecast.ts). */
import { closeRenderer } from '../src/index';
import { FORECAST_HELP, FORECAST_OPTIONS, runCli, runForecast } from '../src/cli/index';

const forecast = { name: 'forecast', options: FORECAST_OPTIONS, help: FORECAST_HELP, run: runForecast, cleanUp: closeRenderer };
runCli(forecast, process.argv.slice(2)).then((code) => process.exit(code));
