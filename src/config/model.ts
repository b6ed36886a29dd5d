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
  | { readonly kind: 'notify'; readonly text: string; readonly severity: Severity };

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

/** Short human description of an action, for the log and the tooltip. */
export function describeAction(action: Action): string {
  switch (action.kind) {
    case 'command':
      return action.args.length > 0 ? `${action.command}(${JSON.stringify(action.args).slice(1, -1)})` : action.command;
    case 'notify':
      return `notify "${action.text}"`;
    case 'codeAction':
      return `code action ${action.codeActionKind}`;
    default:
      return action.kind;
  }
}
