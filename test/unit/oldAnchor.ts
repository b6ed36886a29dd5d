/**
 * The per-position anchor functions as they were before the one-pass versions (one scan of the
 * text per position): the reference for the equivalence tests and the "old" line of the bench.
 * Not a test file itself (mocha runs only *.test.ts).
 */
import type { Anchor } from '../../src/core/anchor';

export const isSpace = (code: number) => code === 32 || code === 9 || code === 10 || code === 13 || code === 12 || code === 11 || code === 0xa0 || code === 0xfeff;
export function oldAnchorAt(text: string, offset: number): Anchor {
  let solid = 0;
  let gap = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (isSpace(text.charCodeAt(i))) gap++;
    else {
      solid++;
      gap = 0;
    }
  }
  return { solid, gap };
}
export function oldOffsetOf(text: string, anchor: Anchor): number {
  let solid = 0;
  let i = 0;
  if (anchor.solid > 0) {
    for (; i < text.length; i++) {
      if (!isSpace(text.charCodeAt(i)) && ++solid === anchor.solid) {
        i++;
        break;
      }
    }
  }
  let gap = 0;
  while (gap < anchor.gap && i + gap < text.length && isSpace(text.charCodeAt(i + gap))) gap++;
  return i + gap;
}
