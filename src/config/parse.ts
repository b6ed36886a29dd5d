import {
  Action,
  BUILTIN_ACTIONS,
  Conditions,
  DEFAULT_KICK_ON,
  FORMAT_SCOPES,
  FormatScope,
  jsonPreview,
  KICK_SOURCES,
  LEAVE_TRIGGERS,
  LeaveTrigger,
  KickSource,
  Scope,
  Severity,
  StageSpec,
} from './model';
import { compileGlob, GlobSyntaxError } from '../core/glob';

/**
 * Collects what was wrong with the settings. Each message names the setting and shows the value,
 * so the user can find and fix it; the parsers fall back to a safe value for that item only.
 */
export class Problems {
  readonly messages: string[] = [];
  /** The settings with a problem, by their name in the section (`delay`, `stages`, `when`…). */
  readonly keys = new Set<string>();
  #more = 0;
  add(setting: string, value: unknown, message: string): void {
    const key = /^\w+\.(\w+)/.exec(setting)?.[1];
    if (key !== undefined) this.keys.add(key);
    // A value with a hundred thousand mistakes (unknown keys, say) gives a hundred lines and a count.
    if (this.messages.length >= MAX_PROBLEMS) {
      this.messages[MAX_PROBLEMS] = `...and ${++this.#more} more problems`;
      return;
    }
    // A path can hold a key the user wrote (an unknown condition), of any length.
    const where = setting.length > 100 ? `${setting.slice(0, 97)}...` : setting;
    this.messages.push(`${where}: ${message} (got ${show(value)})`);
  }
}

/** Problems reported one by one from one reading of the settings; the rest are counted. */
export const MAX_PROBLEMS = 100;

/** Longest delay accepted; anything larger is clamped (it is already ~285 000 years). */
export const MAX_DELAY = Number.MAX_SAFE_INTEGER;

/**
 * Sizes no one writes by hand, so that a settings value (a cloned repository's, too) cannot make
 * every settle slow: above them the rest is dropped, with a problem naming the cap. A pattern is
 * matched in time proportional to its length × the path's (core/glob.ts); the caps keep that small.
 */
export const LIMITS = {
  /** Characters of a `when.pattern`. */
  patternLength: 1000,
  /** Brace alternatives of a `when.pattern`, over all its groups (`{a,b}` has 2). */
  patternAlternatives: 100,
  /** Stages of `idleWatchdog.stages`. */
  stages: 50,
  /** Actions of one list (`idleWatchdog.actions`, a stage's `actions`). */
  actions: 50,
} as const;

/**
 * A value as the user wrote it (JSON), cut at 80 characters: only the start is ever written, so a
 * huge or deeply nested value costs no more than a small one (`jsonPreview`).
 */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const { text } = jsonPreview(value, 80);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** A delay in milliseconds: a finite number ≥ 0. Anything else gives `fallback`. */
export function parseDelay(value: unknown, setting: string, fallback: number, problems: Problems): number {
  if (typeof value !== 'number' || Number.isNaN(value)) {
    problems.add(setting, value, `a delay must be a number of milliseconds; using ${fallback}`);
    return fallback;
  }
  if (value < 0) {
    problems.add(setting, value, `a delay cannot be negative; using ${fallback}`);
    return fallback;
  }
  if (value > MAX_DELAY) return MAX_DELAY;
  return value;
}

export function parsePositive(value: unknown, setting: string, fallback: number, problems: Problems): number {
  if (typeof value !== 'number' || !(value > 0)) {
    problems.add(setting, value, `must be a number greater than 0; using ${fallback}`);
    return fallback;
  }
  return Math.min(value, MAX_DELAY);
}

const TRUE_WORDS = ['true', 'yes', 'on', '1'];
const FALSE_WORDS = ['false', 'no', 'off', '0'];

/**
 * true or false. A string or number that clearly means one of them ("no", "false", 0) is taken as
 * meant, with a message; anything else gives `fallback` (for `enabled`, pass false: when in doubt,
 * do nothing on the user's behalf).
 */
export function parseBoolean(value: unknown, setting: string, fallback: boolean, problems: Problems): boolean {
  return parseFlag(value, setting, `using ${fallback}`, problems) ?? fallback;
}

/** `parseBoolean` without a fallback: undefined (reported, saying `otherwise`) when nothing is meant. */
function parseFlag(value: unknown, setting: string, otherwise: string, problems: Problems): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const word = typeof value === 'string' || typeof value === 'number' ? String(value).trim().toLowerCase() : undefined;
  const meant = word === undefined ? undefined : TRUE_WORDS.includes(word) ? true : FALSE_WORDS.includes(word) ? false : undefined;
  if (meant !== undefined) {
    problems.add(setting, value, `must be true or false${typeof value === 'string' ? ' (without quotes)' : ''}; taking it as ${meant}`);
    return meant;
  }
  problems.add(setting, value, `must be true or false; ${otherwise}`);
  return undefined;
}

export const SEVERITIES: readonly Severity[] = ['info', 'warning', 'error'];

/** The most a command's arguments may take, as JSON: a snippet or a terminal line fits many times over. */
export const MAX_ARGS_CHARS = 4000;

/** One item of an actions list. Returns undefined (with a problem) for an item that cannot run. */
export function parseAction(value: unknown, setting: string, problems: Problems): Action | undefined {
  if (typeof value === 'string') {
    const name = value.trim();
    const builtin = BUILTIN_ACTIONS.find((b) => b.toLowerCase() === name.toLowerCase());
    if (builtin !== undefined) return { kind: builtin };
    if (name === '' || /\s/.test(name)) {
      problems.add(setting, value, 'an action must be a built-in action name or a command id; skipping it');
      return undefined;
    }
    const near = !name.includes('.') ? BUILTIN_ACTIONS.find((b) => editDistance(b.toLowerCase(), name.toLowerCase()) <= 2) : undefined;
    if (near !== undefined) {
      problems.add(setting, value, `unknown action; did you mean "${near}"? Skipping it`);
      return undefined;
    }
    return { kind: 'command', command: name, args: [] };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.add(setting, value, 'an action must be a string or an object with "command", "notify" or "codeAction"; skipping it');
    return undefined;
  }
  const item = value as Record<string, unknown>;
  if ('command' in item) {
    if (typeof item.command !== 'string' || item.command.trim() === '' || /\s/.test(item.command.trim())) {
      problems.add(setting, value, '"command" must be a command id; skipping it');
      return undefined;
    }
    const args = item.args === undefined ? [] : Array.isArray(item.args) ? item.args : [item.args];
    // Bounded: the arguments are shown in full when a folder's settings ask to run them, and
    // remembered with the answer; their nesting is bounded with them (a value nested thousands
    // deep would overflow the stack of whatever reads it whole).
    if (!jsonPreview(args, MAX_ARGS_CHARS).whole) {
      problems.add(setting, value, `"args" is longer than ${MAX_ARGS_CHARS} characters as JSON; skipping this action`);
      return undefined;
    }
    return { kind: 'command', command: item.command.trim(), args };
  }
  if ('notify' in item) {
    if (typeof item.notify !== 'string' || item.notify === '') {
      problems.add(setting, value, '"notify" must be the message text; skipping it');
      return undefined;
    }
    let severity: Severity = 'info';
    if (item.severity !== undefined) {
      if (SEVERITIES.includes(item.severity as Severity)) severity = item.severity as Severity;
      else problems.add(setting, item.severity, '"severity" must be "info", "warning" or "error"; using "info"');
    }
    return { kind: 'notify', text: item.notify, severity };
  }
  if ('codeAction' in item) {
    if (typeof item.codeAction !== 'string' || !/^[\w-]+(\.[\w-]+)*$/.test(item.codeAction)) {
      problems.add(setting, value, '"codeAction" must be a code action kind such as "source.fixAll.eslint"; skipping it');
      return undefined;
    }
    return { kind: 'codeAction', codeActionKind: item.codeAction };
  }
  problems.add(setting, value, 'an action object needs "command", "notify" or "codeAction"; skipping it');
  return undefined;
}

/** A list of actions. Not a list at all gives `fallback`; a bad item is skipped on its own. */
export function parseActions(value: unknown, setting: string, fallback: readonly Action[], problems: Problems): readonly Action[] {
  if (!Array.isArray(value)) {
    if (typeof value === 'string' || (typeof value === 'object' && value !== null)) {
      // A single action written without the brackets: accept it, but say so.
      const one = parseAction(value, setting, problems);
      if (one !== undefined) {
        problems.add(setting, value, 'should be a list of actions; treating it as a list of one');
        return [one];
      }
    } else {
      problems.add(setting, value, `must be a list of actions; using ${show(fallback.map((a) => a.kind))}`);
    }
    return fallback;
  }
  if (value.length > LIMITS.actions) {
    problems.add(setting, value, `has ${value.length} actions, more than the ${LIMITS.actions} a list may have; using the first ${LIMITS.actions}`);
  }
  const actions: Action[] = [];
  value.slice(0, LIMITS.actions).forEach((item, i) => {
    const action = parseAction(item, `${setting}[${i}]`, problems);
    if (action !== undefined) actions.push(action);
  });
  return actions;
}

export const CONDITION_KEYS = ['languages', 'pattern', 'onlyDirty', 'workspaceOnly', 'noErrors', 'focused', 'debugging'] as const;

/** The properties of a stage object. */
export const STAGE_KEYS = ['delay', 'actions', 'scope', 'when'] as const;

export const SCOPES: readonly Scope[] = ['document', 'window'];

/** A `when` object. Unknown keys and wrong types are reported and ignored one by one. */
export function parseConditions(value: unknown, setting: string, problems: Problems): Conditions {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.add(setting, value, 'must be an object such as { "languages": ["json"], "noErrors": true }; ignoring it');
    return {};
  }
  const raw = value as Record<string, unknown>;
  const when: { -readonly [K in keyof Conditions]: Conditions[K] } = {};
  for (const key of Object.keys(raw)) {
    if (!(CONDITION_KEYS as readonly string[]).includes(key)) {
      problems.add(`${setting}.${key}`, raw[key], `unknown condition; known ones are ${CONDITION_KEYS.join(', ')}; ignoring it`);
    }
  }
  if (raw.languages !== undefined) {
    const list = typeof raw.languages === 'string' ? [raw.languages] : raw.languages;
    if (Array.isArray(list) && list.length === 0) {
      problems.add(`${setting}.languages`, raw.languages, 'an empty list matches no document, so the stage could never run; ignoring it');
    } else if (Array.isArray(list) && list.every((l) => typeof l === 'string' && l.trim() !== '')) {
      when.languages = list.map((l: string) => l.trim());
    } else {
      problems.add(`${setting}.languages`, raw.languages, 'must be a list of language ids such as ["json", "typescript"]; ignoring it');
    }
  }
  if (raw.pattern !== undefined) {
    const pattern = parsePattern(raw.pattern, `${setting}.pattern`, problems);
    if (pattern !== undefined) when.pattern = pattern;
  }
  for (const flag of ['onlyDirty', 'workspaceOnly', 'noErrors', 'focused', 'debugging'] as const) {
    // "yes", "true", 1 mean true: a restricting condition written in quotes still restricts.
    const meant = raw[flag] === undefined ? undefined : parseFlag(raw[flag], `${setting}.${flag}`, 'ignoring it', problems);
    if (meant !== undefined) when[flag] = meant;
  }
  return when;
}

/**
 * A `when.pattern`: a glob VS Code can match, within `LIMITS`. Compiled here, once, so a pattern
 * that cannot work is reported when the settings are read, not found out on every settle.
 */
function parsePattern(value: unknown, setting: string, problems: Problems): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    problems.add(setting, value, 'must be a glob such as "src/**/*.ts"; ignoring it');
    return undefined;
  }
  const pattern = value.trim();
  if (pattern.length > LIMITS.patternLength) {
    problems.add(setting, value, `is ${pattern.length} characters long, more than the ${LIMITS.patternLength} a glob may have; ignoring it`);
    return undefined;
  }
  try {
    const { alternatives } = compileGlob(pattern);
    if (alternatives <= LIMITS.patternAlternatives) return pattern;
    problems.add(setting, value, `has ${alternatives} brace alternatives, more than the ${LIMITS.patternAlternatives} a glob may have; ignoring it`);
  } catch (error) {
    if (!(error instanceof GlobSyntaxError)) throw error;
    problems.add(setting, value, `is not a glob VS Code can match: it ${error.message}; ignoring it`);
  }
  return undefined;
}

/** `idleWatchdog.stages`: further stages. A malformed stage is skipped on its own. */
export function parseStages(value: unknown, setting: string, problems: Problems): StageSpec[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.add(setting, value, 'must be a list of stages such as [{ "delay": 2000, "actions": ["save"] }]; ignoring it');
    return [];
  }
  if (value.length > LIMITS.stages) {
    problems.add(setting, value, `has ${value.length} stages, more than the ${LIMITS.stages} allowed; using the first ${LIMITS.stages}`);
  }
  const stages: StageSpec[] = [];
  value.slice(0, LIMITS.stages).forEach((item, i) => {
    const where = `${setting}[${i}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      problems.add(where, item, 'a stage must be an object with "delay" and "actions"; skipping it');
      return;
    }
    const raw = item as Record<string, unknown>;
    if (typeof raw.delay !== 'number' || Number.isNaN(raw.delay) || raw.delay < 0) {
      problems.add(`${where}.delay`, raw.delay, 'a stage needs a delay: a number of milliseconds ≥ 0; skipping the stage');
      return;
    }
    if (raw.actions === undefined) {
      problems.add(`${where}.actions`, raw.actions, 'a stage needs a list of actions; skipping the stage');
      return;
    }
    const actions = parseActions(raw.actions, `${where}.actions`, [], problems);
    if (actions.length === 0 && Array.isArray(raw.actions) && raw.actions.length === 0) {
      problems.add(`${where}.actions`, raw.actions, 'the stage has no actions, so it does nothing');
    }
    let scope: Scope = 'document';
    if (raw.scope !== undefined) {
      if (SCOPES.includes(raw.scope as Scope)) scope = raw.scope as Scope;
      else problems.add(`${where}.scope`, raw.scope, 'must be "document" or "window"; using "document"');
    }
    for (const key of Object.keys(raw)) {
      if (!(STAGE_KEYS as readonly string[]).includes(key)) {
        problems.add(`${where}.${key}`, raw[key], 'unknown stage property; ignoring it');
      }
    }
    stages.push({
      delay: Math.min(raw.delay, MAX_DELAY),
      actions,
      scope,
      when: parseConditions(raw.when, `${where}.when`, problems),
      source: where,
    });
  });
  return stages;
}

/** `idleWatchdog.kickOn`. */
export function parseKickOn(value: unknown, setting: string, problems: Problems): ReadonlySet<KickSource> {
  if (!Array.isArray(value)) {
    problems.add(setting, value, `must be a list of ${KICK_SOURCES.map((k) => `"${k}"`).join(', ')}; using the default`);
    return new Set(DEFAULT_KICK_ON);
  }
  const kinds = new Set<KickSource>();
  for (const item of value) {
    if ((KICK_SOURCES as readonly unknown[]).includes(item)) kinds.add(item as KickSource);
    else problems.add(setting, item, `unknown kick source; known ones are ${KICK_SOURCES.join(', ')}; ignoring it`);
  }
  return kinds;
}

/** `idleWatchdog.settleOn`: the ways of leaving a document that settle it at once (none by default). */
export function parseSettleOn(value: unknown, setting: string, problems: Problems): ReadonlySet<LeaveTrigger> {
  if (!Array.isArray(value)) {
    problems.add(setting, value, `must be a list of ${LEAVE_TRIGGERS.map((k) => `"${k}"`).join(', ')}; settling only after the delay`);
    return new Set();
  }
  const triggers = new Set<LeaveTrigger>();
  for (const item of value) {
    if ((LEAVE_TRIGGERS as readonly unknown[]).includes(item)) triggers.add(item as LeaveTrigger);
    else problems.add(setting, item, `unknown way of leaving; known ones are ${LEAVE_TRIGGERS.join(', ')}; ignoring it`);
  }
  return triggers;
}

/** `idleWatchdog.formatScope`: what `format` formats (the whole file by default). */
export function parseFormatScope(value: unknown, setting: string, problems: Problems): FormatScope {
  if ((FORMAT_SCOPES as readonly unknown[]).includes(value)) return value as FormatScope;
  problems.add(setting, value, `must be one of ${FORMAT_SCOPES.map((k) => `"${k}"`).join(', ')}; formatting the whole file`);
  return 'file';
}

/** Levenshtein distance, for "did you mean" on small strings. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** The raw values of the settings that make up a key's stages, as read for one document. */
export interface RawStageSettings {
  readonly delay: unknown;
  readonly actions: unknown;
  readonly when: unknown;
  readonly stages: unknown;
}

export const DEFAULT_DELAY = 1000;
export const DEFAULT_ACTIONS: readonly Action[] = [{ kind: 'save' }];
export const DEFAULT_ACTION_TIMEOUT = 5000;

/**
 * The value of every `idleWatchdog.*` setting when the user set none, as the parser and the
 * settings reader expect it. package.json declares the same defaults (VS Code hands those out);
 * test/unit/manifest.test.ts fails when the two differ.
 */
export const SETTING_DEFAULTS = {
  enabled: true,
  delay: DEFAULT_DELAY,
  actions: DEFAULT_ACTIONS.map((a) => a.kind),
  stages: [],
  when: {},
  kickOn: DEFAULT_KICK_ON,
  settleOn: [],
  formatScope: 'file',
  actionTimeout: DEFAULT_ACTION_TIMEOUT,
  'statusBar.enabled': true,
  'statusBar.showWhenSettled': true,
  'statusBar.alignment': 'right',
  formatSizeLimit: null,
  pauseWhileDebugging: false,
  settingsFiles: false,
  askBeforeWorkspaceCommands: true,
} as const;

/**
 * The main stage (`idleWatchdog.delay` + `idleWatchdog.actions`) and the further stages, split by
 * scope. `idleWatchdog.when` gates the main stage and is the default for every document stage,
 * whose own `when` overrides it key by key; window stages use only their own `when`.
 */
export function resolveStages(raw: RawStageSettings, problems: Problems): { document: StageSpec[]; window: StageSpec[] } {
  const when = parseConditions(raw.when, 'idleWatchdog.when', problems);
  const main: StageSpec = {
    delay: parseDelay(raw.delay, 'idleWatchdog.delay', DEFAULT_DELAY, problems),
    actions: parseActions(raw.actions, 'idleWatchdog.actions', DEFAULT_ACTIONS, problems),
    scope: 'document',
    when,
    source: 'idleWatchdog.delay',
  };
  const document: StageSpec[] = [main];
  const window: StageSpec[] = [];
  for (const stage of parseStages(raw.stages, 'idleWatchdog.stages', problems)) {
    if (stage.scope === 'window') window.push(stage);
    else {
      // Stage delays all count from the last kick; a "further" stage that is not later than the
      // first one runs before it (e.g. a language's longer delay overtaking a save stage).
      if (stage.delay <= main.delay) {
        problems.add(`${stage.source}.delay`, stage.delay, `is not after idleWatchdog.delay (${main.delay} here), so this stage runs first`);
      }
      document.push({ ...stage, when: { ...when, ...stage.when } });
    }
  }
  return { document, window };
}

/** The values `WorkspaceConfiguration.inspect` gives (the ones Restricted Mode looks at). */
export interface InspectedValues {
  readonly defaultValue?: unknown;
  readonly globalValue?: unknown;
  readonly workspaceValue?: unknown;
  readonly workspaceFolderValue?: unknown;
  readonly defaultLanguageValue?: unknown;
  readonly globalLanguageValue?: unknown;
  readonly workspaceLanguageValue?: unknown;
  readonly workspaceFolderLanguageValue?: unknown;
}

/**
 * A setting that can run commands, in Restricted Mode: only the user's own (global) values and
 * the defaults count, never the workspace's or a folder's — also not their language-specific
 * values, which VS Code's `restrictedConfigurations` does not filter from `get()`.
 */
export function untrustedValue(info: InspectedValues | undefined): unknown {
  // VS Code's own precedence among the values that count: language-specific before general.
  return info?.globalLanguageValue ?? info?.defaultLanguageValue ?? info?.globalValue ?? info?.defaultValue;
}

/** VS Code's own large-file threshold (`editor.largeFileOptimizations`): 20 MB or 300 000 lines. */
export const VSCODE_LARGE_FILE = { chars: 20 * 1024 * 1024, lines: 300_000 } as const;

/** Above this a document is saved but not formatted on settle. */
export interface SizeLimit {
  readonly chars: number;
  readonly lines: number;
  /** Where the limit comes from, for the log. */
  readonly source: string;
}

/**
 * `idleWatchdog.formatSizeLimit`: megabytes (millions of characters), or null to follow VS Code's
 * own large-file threshold while `editor.largeFileOptimizations` is on (no limit when it is off).
 */
export function parseSizeLimit(value: unknown, setting: string, largeFileOptimizations: boolean, problems: Problems): SizeLimit {
  const vscodeLimit: SizeLimit = largeFileOptimizations
    ? { ...VSCODE_LARGE_FILE, source: "VS Code's large-file threshold (editor.largeFileOptimizations)" }
    : { chars: Infinity, lines: Infinity, source: 'editor.largeFileOptimizations is off' };
  if (value === null || value === undefined) return vscodeLimit;
  if (typeof value !== 'number' || !(value > 0)) {
    problems.add(setting, value, "must be a number of megabytes greater than 0, or null for VS Code's large-file threshold; using that");
    return vscodeLimit;
  }
  return { chars: Math.round(value * 1_000_000), lines: Infinity, source: `${setting}: ${value} MB` };
}

/**
 * Where a setting's effective value comes from, as `inspect()` tells it, in VS Code's precedence
 * (a language-specific value beats any value that is not, even at a narrower scope): "default",
 * "user", "workspace", "folder", each with " [json]" when language-specific.
 */
export function valueSource(info: InspectedValues | undefined, languageId?: string, multiRoot = true): string {
  const lang = languageId !== undefined ? ` [${languageId}]` : '';
  // With one folder open, its folder settings are the workspace settings (inspect reports both).
  const folder = multiRoot ? 'folder' : 'workspace';
  if (info?.workspaceFolderLanguageValue !== undefined) return `${folder}${lang}`;
  if (info?.workspaceLanguageValue !== undefined) return `workspace${lang}`;
  if (info?.globalLanguageValue !== undefined) return `user${lang}`;
  if (info?.defaultLanguageValue !== undefined) return `default${lang}`;
  if (info?.workspaceFolderValue !== undefined) return folder;
  if (info?.workspaceValue !== undefined) return 'workspace';
  if (info?.globalValue !== undefined) return 'user';
  return 'default';
}

/**
 * VS Code's own settings files: user and workspace settings, keybindings, tasks, launch and MCP
 * configurations, `.code-workspace` files. Saving one half-typed reconfigures the running editor
 * (this extension included), so they are left alone unless `idleWatchdog.settingsFiles` is on.
 * `vscode-userdata:` in desktop VS Code; plain files in a server's user data folder.
 */
export function isEditorSettingsFile(scheme: string, path: string): boolean {
  return (
    scheme === 'vscode-userdata' ||
    /\/User\/(profiles\/[^/]+\/)?(settings|keybindings|tasks|mcp)\.json$/.test(path) ||
    /\/\.vscode\/(settings|tasks|launch|mcp)\.json$/.test(path) ||
    /\.code-workspace$/.test(path)
  );
}
