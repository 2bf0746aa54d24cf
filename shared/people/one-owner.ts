/**
 * The rule that an action has exactly one owner: its owner names one person. A name may
 * carry a note in brackets ("Sam (Supply)"), but nothing that joins two names: a comma,
 * a semicolon, a slash, "&", "+", a line break or the word "and" between names.
 */

/** What may join two names in an owner field, with the word the person is told. */
const JOINERS: readonly { pattern: RegExp; word: string }[] = [
  { pattern: /,/, word: 'a comma' },
  { pattern: /;/, word: 'a semicolon' },
  { pattern: /\//, word: 'a "/"' },
  { pattern: /&/, word: 'an "&"' },
  { pattern: /\+/, word: 'a "+"' },
  { pattern: /[\r\n]/, word: 'a line break' },
  { pattern: /\sand\s/i, word: 'an "and"' },
];

/**
 * Why `owner` does not name exactly one person, as the end of a sentence ("names two
 * people: a comma joins them"), or null when it names one. An empty owner is for the
 * field's "required" rule, not this one, and passes here.
 */
export function oneOwnerProblem(owner: string): string | null {
  const text = owner.trim();
  if (text === '') return null;
  const joiner = JOINERS.find(({ pattern }) => pattern.test(text));
  return joiner
    ? `must name one person, but ${joiner.word} joins two names: give the action to one owner`
    : null;
}

/** True when `owner` names exactly one person (see {@link oneOwnerProblem}). */
export function isOneOwner(owner: string): boolean {
  return oneOwnerProblem(owner) === null;
}
