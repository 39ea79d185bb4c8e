import { app } from '@azure/functions';
import { readConfig } from '../src/config';
import { sharedServices } from '../src/services';

const services = sharedServices(readConfig);

app.timer('siteTimer', {
  schedule: '0 * * * * *', // every minute
  handler: async (_timer, context) => {
    const result = await services.repair();
    context.info(JSON.stringify({ event: 'site.repair', ...result }));
  },
});
