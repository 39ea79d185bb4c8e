import type {
  HttpHandler,
  HttpResponseInit,
  InvocationContext,
  StorageQueueHandler,
  TimerHandler,
} from '@azure/functions';
import { toDelivery } from '../adapters/queue/deliveryMessage';
import type { Config } from '../config';
import type { Services } from './services';
import { servicesOnFirstUse } from './servicesOnFirstUse';

export interface FunctionHandlers {
  teams: HttpHandler;
  siteTimer: TimerHandler;
  /** The queue trigger on `deliveries`: one delivery per message. */
  deliver: StorageQueueHandler;
}

/** What the webhook answers until its settings can be read: a status Teams and a curl user both understand. */
export function notConfiguredResponse(problem: string): HttpResponseInit {
  return {
    status: 503,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '60' },
    body: `The status page is not configured yet: ${problem}\nSet it in the Function App's application settings (see docs/deploy.md); no restart is needed once it resolves.\n`,
  };
}

function logProblem(context: InvocationContext, problem: string): void {
  context.error(JSON.stringify({ event: 'config.invalid', problem }));
}

/**
 * The handlers the function files register. Nothing is read when they are made; each invocation gets the
 * process's services, or — while a setting is missing or unresolved — a 503 (webhook) or a skipped tick (timer)
 * with a log line naming what to set.
 */
export function createFunctionHandlers(
  readConfig: () => Config,
  create?: (config: Config) => Services,
): FunctionHandlers {
  const services = servicesOnFirstUse(readConfig, create);
  return {
    teams: async (request, context) => {
      const found = services();
      if (!found.ok) {
        logProblem(context, found.problem);
        return notConfiguredResponse(found.problem);
      }
      return found.services.teamsWebhook(request, context);
    },
    siteTimer: async (_timer, context) => {
      const found = services();
      if (!found.ok) {
        logProblem(context, found.problem);
        return;
      }
      const result = await found.services.tick();
      context.info(JSON.stringify({ event: 'site.tick', ...result }));
    },
    deliver: async (message, context) => {
      const found = services();
      if (!found.ok) {
        logProblem(context, found.problem);
        // Thrown, so the trigger keeps the message and tries again (then parks it in deliveries-poison).
        throw new Error(`Not configured: ${found.problem}`);
      }
      const delivery = toDelivery(message);
      if (!delivery) {
        // Not ours to deliver: no retry can make it a delivery. Logged, and dropped.
        context.error(JSON.stringify({ event: 'delivery.unreadable' }));
        return;
      }
      const outcome = await found.services.deliver(delivery);
      context.info(JSON.stringify({ event: 'delivery', ...outcome }));
    },
  };
}

let shared: FunctionHandlers | undefined;

/** One set of handlers, and so one set of services, per process: every function file shares it. */
export function sharedFunctionHandlers(readConfig: () => Config): FunctionHandlers {
  shared ??= createFunctionHandlers(readConfig);
  return shared;
}
