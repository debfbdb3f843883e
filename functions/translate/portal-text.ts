const graphemes = new Intl.Segmenter('vi', { granularity: 'grapheme' });

/**
 * Cuts text to at most `maxCharacters` Unicode code points without splitting a user-perceived
 * character: a base letter never loses a combining tone mark, a surrogate pair is never halved.
 */
export function truncateText(text: string, maxCharacters: number): string {
  if ([...text].length <= maxCharacters) return text;
  let kept = '';
  let count = 0;
  for (const { segment } of graphemes.segment(text)) {
    const length = [...segment].length;
    if (count + length > maxCharacters) break;
    kept += segment;
    count += length;
  }
  return kept;
}
