/*
 * Apart from ./env.ts (which loads zod to validate): the SDK clients memoise with this, and a
 * function that validates nothing (the authorizer) must not bundle a schema library for it.
 */

/** Memoises a loader so configuration is read once per container, on first use. */
export function once<T>(load: () => T): () => T {
  let value: T | undefined;
  let loaded = false;
  return () => {
    if (!loaded) {
      value = load();
      loaded = true;
    }
    return value as T;
  };
}
