// The cold-start probe `npm run bench` runs in a fresh `node` process. It plays the Azure Functions Node.js worker:
// loads the function files the package's `main` names (as the worker does at start-up; or one of them), takes
// what they register through a stand-in for `@azure/functions-core`, and answers one signed request through the
// programming model the app registered, the way the worker turns a host request into handler arguments. It
// imports nothing of ours, so what it loads is what the app loads; the parent prepares the request (body and
// signature) and hands it over in the environment. Prints its timings as one JSON line.
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

/** What the probe prints; the parent reads it back. */
export interface ColdStartProbe {
  /** Milliseconds since this process started (performance.timeOrigin), at each step. */
  scriptStartMs: number;
  functionsLoadedMs: number;
  firstReplyMs: number;
  /** The files loaded as function files (package-relative). */
  functionFiles: string[];
  status: number;
  replyText: string;
  /** Every JavaScript file loaded when the functions were ready, and when the first reply was built. */
  modulesAtLoad: string[];
  modulesAtReply: string[];
}

// The parts of the worker's interface to the programming model that invoking an HTTP function needs.
type Handler = (...args: unknown[]) => unknown;
interface Registration {
  metadata: { name: string; bindings: Record<string, { type: string }> };
  handler: Handler;
}
interface InvocationModel {
  getArguments(): Promise<{ context: unknown; inputs: unknown[] }>;
  invokeFunction(context: unknown, inputs: unknown[], handler: Handler): Promise<unknown>;
  getResponse(
    context: unknown,
    result: unknown,
  ): Promise<{ returnValue?: { http?: { statusCode?: unknown; body?: { bytes?: Uint8Array } } } }>;
}
interface ProgrammingModel {
  getInvocationModel(coreContext: unknown): InvocationModel;
}

type ModuleWithLoad = typeof Module & { _load: (request: string, ...rest: unknown[]) => unknown };

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: this probe is started by npm run bench.`);
  return value;
}

/** The files the worker would load: those matching the package's `main` (`functions/*.js`). */
function functionFiles(packageDir: string): string[] {
  const manifest = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as {
    main?: unknown;
  };
  if (typeof manifest.main !== 'string') throw new Error(`${packageDir}/package.json has no main.`);
  const dir = path.posix.dirname(manifest.main);
  const pattern = new RegExp(
    `^${path.posix.basename(manifest.main).replace('.', '\\.').replace('*', '[^/]+')}$`,
  );
  return readdirSync(path.join(packageDir, dir))
    .filter((file) => pattern.test(file))
    .sort()
    .map((file) => path.posix.join(dir, file));
}

async function main(): Promise<void> {
  const scriptStartMs = performance.now();
  const packageDir = required('BENCH_PACKAGE_DIR');
  const only = process.env.BENCH_ONLY_FILE;
  const body = Buffer.from(required('BENCH_BODY'), 'base64');
  const authorization = required('BENCH_AUTHORIZATION');

  const registrations: Registration[] = [];
  let programmingModel: ProgrammingModel | undefined;
  const core = {
    setProgrammingModel: (model: ProgrammingModel) => (programmingModel = model),
    registerFunction: (metadata: Registration['metadata'], handler: Handler) => {
      registrations.push({ metadata, handler });
      return { dispose: () => undefined };
    },
    registerHook: () => ({ dispose: () => undefined }),
    log: () => undefined,
  };
  const mod = Module as ModuleWithLoad;
  const load = mod._load;
  mod._load = function (request: string, ...rest: unknown[]) {
    return request === '@azure/functions-core' ? core : load.call(this, request, ...rest);
  };

  const files = only ? [only] : functionFiles(packageDir);
  // Loaded by path at run time, as the worker loads them.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  for (const file of files) require(path.join(packageDir, file));
  const functionsLoadedMs = performance.now();
  const modulesAtLoad = Object.keys(require.cache);

  const registration = registrations.find((candidate) => candidate.metadata.name === 'teams');
  if (!registration || !programmingModel)
    throw new Error(`${files.join(', ')} registered no function "teams".`);
  const [trigger] =
    Object.entries(registration.metadata.bindings).find(([, binding]) => binding.type.endsWith('Trigger')) ??
    [];
  const invocation = programmingModel.getInvocationModel({
    invocationId: randomUUID(),
    metadata: registration.metadata,
    request: {
      inputData: [
        {
          name: trigger,
          data: {
            http: {
              method: 'POST',
              url: 'https://func-status.azurewebsites.net/api/teams',
              headers: { 'content-type': 'application/json', authorization },
              body: { bytes: body },
            },
          },
        },
      ],
      triggerMetadata: {},
    },
    state: undefined,
    log: () => undefined,
  });
  const { context, inputs } = await invocation.getArguments();
  const result = await invocation.invokeFunction(context, inputs, registration.handler);
  const response = await invocation.getResponse(context, result);
  const firstReplyMs = performance.now();

  const http = response.returnValue?.http;
  const reply = http?.body?.bytes
    ? (JSON.parse(Buffer.from(http.body.bytes).toString('utf8')) as unknown)
    : {};
  const text = typeof reply === 'object' && reply !== null && 'text' in reply ? reply.text : undefined;
  const probe: ColdStartProbe = {
    scriptStartMs,
    functionsLoadedMs,
    firstReplyMs,
    functionFiles: files,
    status: Number(http?.statusCode ?? 0),
    replyText: typeof text === 'string' ? text : '',
    modulesAtLoad,
    modulesAtReply: Object.keys(require.cache),
  };
  process.stdout.write(`${JSON.stringify(probe)}\n`);
  // Keep-alive sockets to storage would keep the process up; the parent has what it needs.
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
