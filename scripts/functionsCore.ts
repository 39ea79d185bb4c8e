// Stands in for `@azure/functions-core`, the module the Azure Functions worker provides at run time, so the
// local host can load the same function files and learn what they register through `app.http`/`app.timer`.

export interface Registration {
  name: string;
  bindings: Record<
    string,
    {
      type: string;
      direction: string;
      route?: string;
      methods?: string[];
      schedule?: string;
      queueName?: string;
    }
  >;
  handler: (...args: unknown[]) => unknown;
}

export const registrations: Registration[] = [];

export function registerFunction(metadata: Omit<Registration, 'handler'>, handler: Registration['handler']) {
  registrations.push({ ...metadata, handler });
  return { dispose: () => undefined };
}

export function setProgrammingModel(): void {}

export function registerHook() {
  return { dispose: () => undefined };
}
