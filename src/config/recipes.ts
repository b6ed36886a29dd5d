/**
 * The README's recipes as data, for `idleWatchdog.chooseRecipe`: what each writes, and how a value
 * is merged into what is already there (never clobbering unrelated values). Pure: no `vscode`
 * import, unit-tested in Node.
 */

export interface Recipe {
  readonly id: string;
  readonly label: string;
  /** One line for the quick pick. */
  readonly description: string;
  /** Only for a language (`[json]`): a per-language delay, off for this language. */
  readonly perLanguage: boolean;
  /** Needs a number from the user (the per-language delay). */
  readonly asks?: { readonly prompt: string; readonly value: number };
  /** The `idleWatchdog.*` values it writes (keys without the prefix). */
  settings(answer?: number): Record<string, unknown>;
}

export const STILL_THERE_STAGE = {
  delay: 1_800_000,
  scope: 'window',
  actions: [{ notify: 'Still there? Nothing has moved for 30 minutes.', severity: 'warning' }],
} as const;

export const RECIPES: readonly Recipe[] = [
  {
    id: 'formatThenSave',
    label: 'Format, then save',
    description: 'Formats and saves 0.7 s after you stop typing (leaves code you are in the middle of alone)',
    perLanguage: false,
    settings: () => ({ delay: 700, actions: ['format', 'save'] }),
  },
  {
    id: 'formatChangedThenSave',
    label: 'Format only what I change, then save',
    description: 'Formats the lines you typed and saves 0.7 s after you stop; every other line stays as it is',
    perLanguage: false,
    settings: () => ({ delay: 700, actions: ['format', 'save'], formatScope: 'changed' }),
  },
  {
    id: 'saveWithoutErrors',
    label: 'Save only without errors',
    description: 'Saves once you stop typing, but only while the file has no errors',
    perLanguage: false,
    settings: () => ({ actions: ['save'], when: { noErrors: true } }),
  },
  {
    id: 'settleOnLeave',
    label: 'Save when I leave the file or the window (like JetBrains)',
    description: 'Your actions run at once when you switch files, leave the window or turn to the terminal; the delay still applies while you type',
    perLanguage: false,
    settings: () => ({ settleOn: ['editorSwitch', 'windowBlur', 'terminal'] }),
  },
  {
    id: 'languageDelay',
    label: 'A delay for this language',
    description: 'Settles this language after its own delay',
    perLanguage: true,
    asks: { prompt: 'Milliseconds after the last keystroke (for example 500)', value: 500 },
    settings: (answer) => ({ delay: answer ?? 500 }),
  },
  {
    id: 'stillThere',
    label: '"Still there?" after 30 minutes',
    description: 'A dead man’s switch: a warning after 30 minutes of no activity in any editor',
    perLanguage: false,
    settings: () => ({ stages: [STILL_THERE_STAGE] }),
  },
  {
    id: 'offForLanguage',
    label: 'Off for this language',
    description: 'Nothing settles in files of this language',
    perLanguage: true,
    settings: () => ({ enabled: false }),
  },
];

/**
 * The value to write for `key`, given what the same level holds now: `stages` gains the recipe's
 * stages that are not there yet (a user's own stages stay); `when` gains the recipe's keys (other
 * conditions stay); anything else is replaced.
 */
export function mergeValue(key: string, current: unknown, value: unknown): unknown {
  if (key === 'stages' && Array.isArray(value)) {
    const existing = Array.isArray(current) ? current : [];
    const seen = new Set(existing.map((s) => JSON.stringify(s)));
    return [...existing, ...value.filter((s) => !seen.has(JSON.stringify(s)))];
  }
  if (key === 'when' && isObject(value) && isObject(current)) return { ...current, ...value };
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
