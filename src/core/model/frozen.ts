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

/** Frozen, and so are the lists inside it that a command would change: the store freezes all of it. */
export function isDeeplyFrozen(value: object): boolean {
  return (
    Object.isFrozen(value) &&
    Object.values(value).every(
      (inner) => typeof inner !== 'object' || inner === null || Object.isFrozen(inner),
    )
  );
}
