/**
 * How the gateway compares Vietnamese names: Unicode NFC (so precomposed and decomposed input
 * agree), case-insensitive under Vietnamese rules, runs of white space collapsed. Diacritics are
 * significant — "Nguyễn" and "Nguyen" are different names, as they are on an ID card.
 */
export function normaliseName(name: string): string {
  return name.normalize('NFC').toLocaleLowerCase('vi').replace(/\s+/gu, ' ').trim();
}

export function sameName(a: string, b: string): boolean {
  return normaliseName(a) === normaliseName(b);
}
