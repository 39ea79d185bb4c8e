// Plays the Azure Functions Node.js worker for the bundle test, in a fresh `node` process: loads every file the
// package's `main` names (as the worker does at start-up), takes what they register through its stand-in for
// `@azure/functions-core`, and invokes a function through the programming model the bundle registered, the
// way the worker turns a host request into handler arguments and the handler's result into a host response.
// Prints one JSON line: timings, the reply, and every file the process loaded.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS script, run by plain node: require is its import */
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const { randomUUID } = require('node:crypto');
const { performance } = require('node:perf_hooks');

const startedMs = performance.now();
const bundleDir = required('BUNDLE_DIR');

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: this harness is run by test/integration/bundle.test.ts.`);
  return value;
}

const registrations = [];
let programmingModel;
const logs = [];
const core = {
  setProgrammingModel: (model) => (programmingModel = model),
  registerFunction: (metadata, handler) => {
    registrations.push({ metadata, handler });
    return { dispose: () => undefined };
  },
  registerHook: () => ({ dispose: () => undefined }),
  log: (level, category, message) => logs.push({ level, category, message }),
};
const load = Module._load;
Module._load = function (request, ...rest) {
  return request === '@azure/functions-core' ? core : load.call(this, request, ...rest);
};

async function invoke(name, inputData) {
  const registration = registrations.find((candidate) => candidate.metadata.name === name);
  if (!registration) throw new Error(`No function named ${name} was registered.`);
  const [triggerName] = Object.entries(registration.metadata.bindings).find(([, binding]) =>
    binding.type.endsWith('Trigger'),
  );
  const invocation = programmingModel.getInvocationModel({
    invocationId: randomUUID(),
    metadata: registration.metadata,
    request: { inputData: [{ name: triggerName, data: inputData }], triggerMetadata: {} },
    state: undefined,
    log: (level, category, message) => logs.push({ level, category, message }),
  });
  const { context, inputs } = await invocation.getArguments();
  const result = await invocation.invokeFunction(context, inputs, registration.handler);
  return invocation.getResponse(context, result);
}

async function main() {
  // Read, not required, so that the only modules loaded are the function files.
  const manifest = JSON.parse(fs.readFileSync(path.join(bundleDir, 'package.json'), 'utf8'));
  const pattern = new RegExp(`^${manifest.main.replace('.', '\\.').replace('*', '[^/]+')}$`);
  const files = fs
    .readdirSync(path.join(bundleDir, path.dirname(manifest.main)))
    .map((file) => path.posix.join(path.dirname(manifest.main), file))
    .filter((file) => pattern.test(file));
  for (const file of files) require(path.join(bundleDir, file));
  const loadedMs = performance.now();

  const body = Buffer.from(required('HARNESS_BODY'), 'base64');
  const response = await invoke(required('HARNESS_FUNCTION'), {
    http: {
      method: 'POST',
      url: 'https://func-status.azurewebsites.net/api/teams',
      headers: {
        'content-type': 'application/json',
        ...(process.env.HARNESS_AUTHORIZATION ? { authorization: process.env.HARNESS_AUTHORIZATION } : {}),
      },
      body: { bytes: body },
    },
  });
  const repliedMs = performance.now();

  let timerError;
  if (process.env.HARNESS_TIMER) {
    const timer = { isPastDue: false, schedule: { adjustForDST: false }, scheduleStatus: {} };
    await invoke(process.env.HARNESS_TIMER, { json: JSON.stringify(timer) }).catch((error) => {
      timerError = String(error && error.stack ? error.stack : error);
    });
  }

  const http = response.returnValue && response.returnValue.http;
  const replyBody = http && http.body && http.body.bytes ? Buffer.from(http.body.bytes).toString('utf8') : '';
  process.stdout.write(
    `${JSON.stringify({
      startedMs,
      loadedMs,
      repliedMs,
      registered: registrations.map((registration) => registration.metadata.name),
      programmingModel: programmingModel && `${programmingModel.name}@${programmingModel.version}`,
      status: http && Number(http.statusCode),
      replyBody,
      timerError,
      errors: logs.filter((entry) => entry.level === 'error' || entry.level === 'critical'),
      loadedFiles: Object.keys(require.cache),
    })}\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
