import { app } from '@azure/functions';
import { readConfig } from '../src/config';
import { sharedFunctionHandlers } from '../src/app/functionHandlers';

const handlers = sharedFunctionHandlers(readConfig);

app.timer('siteTimer', {
  // Every minute: maintenance windows start and end on time, overdue promises show, failed publishes get finished.
  schedule: '0 * * * * *',
  handler: handlers.siteTimer,
});
