/**
 * Typed, validated settings. Pure: no `vscode` import, so the parsing is unit-tested in plain Node.
 * Every parser takes the raw value a user wrote (any JSON) and returns a safe value plus the
 * problems it found, each naming the setting and the value — never throws.
 */

export type Severity = 'info' | 'warning' | 'error';

/** Built-in action names a user may write as a plain string; each has its module in src/actions/builtin. */
export const BUILTIN_ACTIONS = ['save', 'saveWithoutFormatting', 'saveAll', 'format', 'organizeImports', 'fixAll'] as const;

export type Action =
  | { readonly kind: (typeof BUILTIN_ACTIONS)[number] }
  | { readonly kind: 'codeAction'; readonly codeActionKind: string }
  | { readonly kind: 'command'; readonly command: string; readonly args: readonly unknown[]; readonly origin?: WorkspaceOrigin }
  // `fromFolder`: a trusted folder's own settings brought it (its text is never rendered as links).
  | { readonly kind: 'notify'; readonly text: string; readonly severity: Severity; readonly fromFolder?: true };

/**
 * Where a command action came from when a trusted folder's workspace or folder settings brought it
 * (not the user's own settings, not the defaults): such a command runs only once the user allowed
 * that folder's list of commands (src/actions/consent.ts). Set by the settings reader
 * (src/config/settings.ts), never by the parser.
 */
export interface WorkspaceOrigin {
  /** The folder (or `.code-workspace` file) whose settings hold the commands, as a URI. */
  readonly folder: string;
  /** Every command those settings bring for the document, `id(args)`, args shortened: what the question names. */
  readonly commands: readonly string[];
  /** The folder and its exact list of commands with their arguments: what an answer is remembered for. */
  readonly key: string;
}

/** The `Action` of one kind (for a plain name, `{ kind: name }`). */
export type ActionOf<K extends Action['kind']> = K extends (typeof BUILTIN_ACTIONS)[number] ? { readonly kind: K } : Extract<Action, { kind: K }>;

export interface Conditions {
  readonly languages?: readonly string[];
  readonly pattern?: string;
  readonly onlyDirty?: boolean;
  readonly workspaceOnly?: boolean;
  readonly noErrors?: boolean;
  readonly focused?: boolean;
  /** false: only while no debug session runs; true: only while one does. */
  readonly debugging?: boolean;
}

export type Scope = 'document' | 'window';

export interface StageSpec {
  /** Milliseconds after the last kick. */
  readonly delay: number;
  readonly actions: readonly Action[];
  readonly scope: Scope;
  readonly when: Conditions;
  /** Where it came from, for messages and the tooltip: "idleWatchdog.delay" or "idleWatchdog.stages[1]". */
  readonly source: string;
}

export type KickSource = 'edit' | 'selection' | 'editorSwitch' | 'scroll' | 'focus';

export const KICK_SOURCES: readonly KickSource[] = ['edit', 'selection', 'editorSwitch', 'scroll', 'focus'];
export const DEFAULT_KICK_ON: readonly KickSource[] = ['edit', 'selection', 'editorSwitch', 'scroll'];

/**
 * Leaving a document settles it at once (`idleWatchdog.settleOn`): another editor in front, the
 * window losing focus, a command starting in the integrated terminal.
 */
export type LeaveTrigger = 'editorSwitch' | 'windowBlur' | 'terminal';

export const LEAVE_TRIGGERS: readonly LeaveTrigger[] = ['editorSwitch', 'windowBlur', 'terminal'];

/** Why a stage settled: its delay passed, Settle Now (the command or the API), or the user left. */
export type SettleTrigger = 'delay' | 'command' | LeaveTrigger;

/** Whether the user left the document (a `settleOn` trigger) rather than paused in it. */
export const isLeave = (trigger: SettleTrigger | undefined): trigger is LeaveTrigger => trigger !== undefined && trigger !== 'delay' && trigger !== 'command';

/**
 * What `format` formats (`idleWatchdog.formatScope`): the whole file; only the lines typed since
 * they were last formatted; or the lines that differ from the version in source control.
 */
export type FormatScope = 'file' | 'changed' | 'modifications';

export const FORMAT_SCOPES: readonly FormatScope[] = ['file', 'changed', 'modifications'];

/** At most this many characters of an action's arguments (or of its command id, or its text) are shown. */
export const MAX_SHOWN = 200;

/**
 * Short human description of an action, for the log and the tooltip: a command with its
 * arguments as JSON, cut at `MAX_SHOWN` characters with "…" (a settings value can hold a megabyte
 * of arguments, or arguments nested ten thousand deep, which `JSON.stringify` cannot write).
 */
export function describeAction(action: Action): string {
  switch (action.kind) {
    case 'command': {
      const command = cut(action.command);
      if (action.args.length === 0) return command;
      const { text, whole } = jsonPreview(action.args, MAX_SHOWN + 2);
      return `${command}(${whole ? text.slice(1, -1) : `${text.slice(1, MAX_SHOWN + 1)}…`})`;
    }
    case 'notify':
      return `notify "${cut(action.text)}"`;
    case 'codeAction':
      return `code action ${cut(action.codeActionKind)}`;
    default:
      return action.kind;
  }
}

const cut = (text: string): string => (text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text);

/**
 * The start of `value`'s JSON text, as `JSON.stringify` writes it, up to a little over `max`
 * characters (`whole`: that is all of it). Written a piece at a time with its own stack, so a value
 * of any size costs about `max` steps and one nested ten thousand deep cannot overflow the call
 * stack. A cycle is written `"[cycle]"`, a bigint as its digits.
 */
export function jsonPreview(value: unknown, max: number): { text: string; whole: boolean } {
  let text = '';
  /** What is left to write, last first: a value, or a piece of punctuation. */
  const todo: ({ value: unknown; key?: string } | string)[] = [{ value }];
  // Stryker disable next-line ArrayDeclaration: a stray first entry (a string) is never an object `includes` finds, and is popped last: nothing changes.
  const open: object[] = [];
  while (todo.length > 0) {
    if (text.length > max) return { text, whole: false };
    const next = todo.pop()!;
    if (typeof next === 'string') {
      if (next === ']' || next === '}') open.pop();
      text += next;
      continue;
    }
    if (next.key !== undefined) text += `${JSON.stringify(next.key.slice(0, max + 1))}:`;
    const item = next.value;
    if (typeof item === 'string') text += JSON.stringify(item.length > max ? item.slice(0, max + 1) : item);
    else if (typeof item === 'bigint') text += String(item);
    else if (typeof item !== 'object' || item === null) text += JSON.stringify(item) ?? 'null';
    else if (open.includes(item)) text += '"[cycle]"';
    else {
      open.push(item);
      const array = Array.isArray(item);
      const entries: { value: unknown; key?: string }[] = [];
      // Stryker disable next-line ConditionalExpression,EqualityOperator: the cap only bounds the work; the text is cut at `max` either way.
      if (array) for (let i = 0; i < item.length && i <= max; i++) entries.push({ value: item[i] });
      else {
        for (const key in item) {
          if (!Object.prototype.hasOwnProperty.call(item, key)) continue;
          const v = (item as Record<string, unknown>)[key];
          if (v !== undefined && typeof v !== 'function' && typeof v !== 'symbol') entries.push({ value: v, key });
          // Stryker disable next-line ConditionalExpression,EqualityOperator: the cap only bounds the work; the text is cut at `max` either way.
          if (entries.length > max) break;
        }
      }
      text += array ? '[' : '{';
      todo.push(array ? ']' : '}');
      for (let i = entries.length - 1; i >= 0; i--) {
        todo.push(entries[i]);
        if (i > 0) todo.push(',');
      }
    }
  }
  return { text, whole: text.length <= max };
}
