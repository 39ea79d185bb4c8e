import { AsyncLocalStorage } from 'node:async_hooks';

// Teams waits 5 seconds for a reply. The core makes its storage calls one after another (load, save, publish in
// order), so bounding each call is not enough: the sum must be bounded too. The webhook runs each command under
// a deadline; every storage call made on its behalf, however deep, is aborted when the deadline passes, so the
// core's ordinary error paths produce the reply in time. Carried implicitly (AsyncLocalStorage) so the ports of
// the pure core need no signal parameter.
//
// Timers, not AbortSignal.timeout(): a timeout signal that only AbortSignal.any() refers to can be garbage
// collected before it fires, and then never fires (seen as a hung call outliving its limit). A timer's closure
// holds its controller until it runs; unref() keeps it from holding the process open.

const deadlines = new AsyncLocalStorage<AbortSignal>();

function abortAfter(ms: number): { controller: AbortController; timer: NodeJS.Timeout } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), Math.max(0, ms));
  timer.unref();
  return { controller, timer };
}

/** Runs `work` so that every storage call made inside it is aborted once `ms` have passed. */
export async function withDeadline<T>(ms: number, work: (deadline: AbortSignal) => Promise<T>): Promise<T> {
  const { controller, timer } = abortAfter(ms);
  try {
    return await deadlines.run(controller.signal, () => work(controller.signal));
  } finally {
    clearTimeout(timer);
  }
}

/** The abort signal for one storage call: its own time limit, and the caller's deadline when it has one. */
export function callSignal(timeoutMs: number): AbortSignal {
  const { controller } = abortAfter(timeoutMs);
  const deadline = deadlines.getStore();
  // any() links the signals without adding a listener per call to the long-lived deadline signal.
  return deadline ? AbortSignal.any([controller.signal, deadline]) : controller.signal;
}

/** The abort signal for a call that must outlive the caller's deadline (the audit log): its own limit only. */
export function callSignalOutsideDeadline(timeoutMs: number): AbortSignal {
  return abortAfter(timeoutMs).controller.signal;
}
