import { app } from '@azure/functions';
import { readConfig } from '../src/config';
import { sharedServices } from '../src/app/services';

const services = sharedServices(readConfig);

app.http('teams', {
  route: 'teams',
  methods: ['POST'],
  authLevel: 'anonymous', // Teams cannot send a function key; the HMAC signature is the authentication.
  handler: services.teamsWebhook,
});
