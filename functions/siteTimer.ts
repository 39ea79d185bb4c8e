import { app } from '@azure/functions';
import { readConfig } from '../src/config';
import { sharedServices } from '../src/app/services';

const services = sharedServices(readConfig);

app.timer('siteTimer', {
  // Every minute: maintenance windows start and end on time, overdue promises show, failed publishes get finished.
  schedule: '0 * * * * *',
  handler: async (_timer, context) => {
    const result = await services.tick();
    context.info(JSON.stringify({ event: 'site.tick', ...result }));
  },
});
