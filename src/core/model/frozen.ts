// The state store hands out resolved incidents frozen and shared between loads; what is made from a frozen value
// (its JSON, its rendered summary) can be remembered by the object itself, since it cannot change.

/** Freezes a value and everything inside it, and returns it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** Objects found deeply frozen: a frozen object stays frozen, and the check runs for each incident many times a render. */
const knownFrozen = new WeakSet<object>();

/** Frozen, and so are the lists inside it that a command would change: the store freezes all of it. */
export function isDeeplyFrozen(value: object): boolean {
  if (knownFrozen.has(value)) return true;
  const frozen =
    Object.isFrozen(value) &&
    Object.values(value).every(
      (inner) => typeof inner !== 'object' || inner === null || Object.isFrozen(inner),
    );
  if (frozen) knownFrozen.add(value);
  return frozen;
}
