import { untrack } from 'svelte';

/**
 * A value worked out by `read`, held as state that changes only when `read` gives
 * another value (by identity, or by `same` when given). A `$derived` tells everything that reads it, down the whole
 * tree, that it may have changed whenever what it reads changes; this tells its readers
 * only of a real change. Use it where something read by many (a list of families every
 * row reads) is worked out from something that changes on every edit. Make it while a
 * component is set up.
 */
export function keptValue<T>(
  read: () => T,
  same: (a: T, b: T) => boolean = Object.is,
): { readonly current: T } {
  let value = $state.raw(untrack(read));
  $effect.pre(() => {
    const next = read();
    if (
      !same(
        untrack(() => value),
        next,
      )
    )
      value = next;
  });
  return {
    get current() {
      return value;
    },
  };
}
