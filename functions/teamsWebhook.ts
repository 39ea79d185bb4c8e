import { app } from '@azure/functions';
import { readConfig } from '../src/config';
import { sharedFunctionHandlers } from '../src/app/functionHandlers';

// Settings are read on the first invocation, not here: the app must load before its secrets resolve.
const handlers = sharedFunctionHandlers(readConfig);

app.http('teams', {
  route: 'teams',
  methods: ['POST'],
  authLevel: 'anonymous', // Teams cannot send a function key; the HMAC signature is the authentication.
  handler: handlers.teams,
});
