// The JSON of a value, as the exact key of what is rendered from it. A deeply frozen value cannot change, so its
// JSON is made once and remembered by the object itself (held only as long as the object is): the state store
// hands out the resolved incidents frozen and shared, and a command leaves most of them untouched.

import { isDeeplyFrozen } from './frozen';

const remembered = new WeakMap<object, string>();

/** `JSON.stringify(value)`, remembered for a deeply frozen object. */
export function contentJson(value: object): string {
  const known = remembered.get(value);
  if (known !== undefined) return known;
  const json = JSON.stringify(value);
  if (isDeeplyFrozen(value)) remembered.set(value, json);
  return json;
}
