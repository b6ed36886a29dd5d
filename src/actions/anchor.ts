/**
 * Keeping the caret where the user left it when a formatter rewrites whitespace.
 *
 * VS Code refuses "format on auto save" because formatting moves the caret and the viewport under
 * the user's hands (microsoft/vscode#45997, #128090, #213691). A formatter changes whitespace (and
 * sometimes adds a trailing comma or semicolon), so a position is anchored by the number of
 * non-whitespace characters before it: after the edit, the caret goes back to just after the same
 * count of non-whitespace characters. Pure functions on text and offsets, unit-tested in Node.
 */

const isSpace = (code: number) => code === 32 || code === 9 || code === 10 || code === 13 || code === 12 || code === 11 || code === 0xa0 || code === 0xfeff;

export interface Anchor {
  /** Non-whitespace characters before the position. */
  readonly solid: number;
  /** Whitespace characters between the last of those and the position, kept when they still exist. */
  readonly gap: number;
}

/** Where `offset` is, in terms that survive a whitespace-only reformat. */
export function anchorAt(text: string, offset: number): Anchor {
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

/** The offset in `text` that matches `anchor`: after the same non-whitespace count, same gap if it fits. */
export function offsetOf(text: string, anchor: Anchor): number {
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
  // Keep as much of the whitespace run as is still there (e.g. the caret after an indent).
  let gap = 0;
  while (gap < anchor.gap && i + gap < text.length && isSpace(text.charCodeAt(i + gap))) gap++;
  return i + gap;
}
