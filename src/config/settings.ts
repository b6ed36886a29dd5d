import * as vscode from 'vscode';
import { commandLabel, commandListKey } from '../actions/consent';
import { Action, FormatScope, KickSource, LeaveTrigger, StageSpec } from './model';
import { isNotebook, Target } from '../target';
import {
  InspectedValues,
  isEditorSettingsFile,
  parseBoolean,
  parseFormatScope,
  parseKickOn,
  parsePositive,
  parseSettleOn,
  parseSizeLimit,
  Problems,
  resolveStages,
  SETTING_DEFAULTS,
  SizeLimit,
  untrustedValue,
  valueSource,
} from './parse';

export const SECTION = 'idleWatchdog';

/**
 * Settings that can make the extension run a command. In Restricted Mode their workspace and
 * folder values are ignored: declared in package.json (`restrictedConfigurations`, which makes VS
 * Code hide them) and enforced again here at run time, so a cloned repository can never make
 * us run its commands before the user trusts it.
 */
export const COMMAND_SETTINGS = ['actions', 'stages'] as const;

/** What a document's watchdog key runs, resolved once per document and settings change. */
export interface DocumentConfig {
  readonly enabled: boolean;
  /** Document-scope stages; the same array until settings change (the watchdog's fast path). */
  readonly stages: readonly StageSpec[];
  /** Above this the document is saved but not formatted (nor code actions run) on settle. */
  readonly formatLimit: SizeLimit;
  /** What `format` formats (`idleWatchdog.formatScope`). */
  readonly formatScope: FormatScope;
  /** The ways of leaving it that settle it at once (`idleWatchdog.settleOn`). */
  readonly settleOn: ReadonlySet<LeaveTrigger>;
  /** Its settings with a problem (`delay`, `stages`…): a fallback is in force for them, or part of them. */
  readonly rejected: ReadonlySet<string>;
}

export interface WindowConfig {
  readonly enabled: boolean;
  readonly kickOn: ReadonlySet<KickSource>;
  readonly windowStages: readonly StageSpec[];
  readonly actionTimeout: number;
  readonly pauseWhileDebugging: boolean;
  /** Settle VS Code's own settings and keybindings files (`vscode-userdata`) too. */
  readonly settingsFiles: boolean;
  readonly statusBar: { readonly enabled: boolean; readonly showWhenSettled: boolean; readonly alignment: 'left' | 'right' };
}

/**
 * Reads, validates and caches the settings. Problems are reported once per distinct message
 * (a bad value is not re-reported on every keystroke), through `report`.
 */
export class Settings implements vscode.Disposable {
  readonly #documents = new Map<string, DocumentConfig>();
  #windowConfig: WindowConfig | undefined;
  readonly #reported = new Set<string>();
  readonly #changed = new vscode.EventEmitter<void>();
  readonly #found = new vscode.EventEmitter<void>();
  readonly #disposables: vscode.Disposable[] = [this.#changed, this.#found];

  /** New settings problems were found (the status bar shows a warning while there are any). */
  readonly onDidFindProblems = this.#found.event;

  /** Settings (or trust) changed; cached values are gone. */
  readonly onDidChange = this.#changed.event;

  readonly #report: (problems: readonly string[]) => void;

  constructor(report: (problems: readonly string[]) => void) {
    this.#report = report;
    this.#disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SECTION) || e.affectsConfiguration('editor.largeFileOptimizations')) this.invalidate();
      }),
      // Trust granted later takes effect at once: workspace values of command settings now count.
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.invalidate()),
    );
  }

  /** The document's config (cached by URI). */
  forDocument(document: Target): DocumentConfig {
    const key = document.uri.toString();
    let config = this.#documents.get(key);
    if (config === undefined) {
      config = this.#readDocument(document);
      this.#documents.set(key, config);
    }
    return config;
  }

  get window(): WindowConfig {
    return (this.#windowConfig ??= this.#readWindow());
  }

  /** Drops a closed document's cached config. */
  forget(uri: string): void {
    this.#documents.delete(uri);
  }

  /** The problems of the settings read since the last change (invalid values in force now). */
  get problems(): readonly string[] {
    return [...this.#reported];
  }

  /** Where the value of `idleWatchdog.<key>` in force for this document comes from (for the tooltip). */
  sourceOf(key: string, document: Target | undefined): string {
    const languageId = document && languageOf(document);
    const config = vscode.workspace.getConfiguration(SECTION, document && { uri: document.uri, languageId: languageId ?? '' });
    return valueSource(config.inspect(key), languageId, vscode.workspace.workspaceFile !== undefined);
  }

  get cachedDocuments(): number {
    return this.#documents.size;
  }

  invalidate(): void {
    this.#documents.clear();
    this.#windowConfig = undefined;
    this.#reported.clear();
    this.#changed.fire();
  }

  dispose(): void {
    this.#documents.clear();
    for (const d of this.#disposables) d.dispose();
  }

  #readDocument(document: Target): DocumentConfig {
    // A notebook reads its settings for its first code cell's language ("[python]": { … }).
    const scope = isNotebook(document) ? { uri: document.uri, languageId: languageOf(document) } : document;
    const config = vscode.workspace.getConfiguration(SECTION, scope);
    const problems = new Problems();
    // VS Code's own settings files: a half-typed settings.json saved mid-edit reconfigures the
    // running editor (this extension included). Left alone unless idleWatchdog.settingsFiles.
    const settingsFile = !this.window.settingsFiles && isEditorSettingsFile(document.uri.scheme, document.uri.path);
    const enabled = !settingsFile && parseBoolean(config.get('enabled'), `${SECTION}.enabled`, false, problems);
    const actions = readCommandSetting(config, 'actions');
    const further = readCommandSetting(config, 'stages');
    const { document: resolved } = resolveStages({ delay: config.get('delay'), actions, when: config.get('when'), stages: further }, problems);
    // The main stage's actions are `actions`; every further stage comes from `stages`.
    const stagesHome = settingsHome(config.inspect('stages'), further, document.uri);
    const stages = markWorkspaceCommands(resolved, [settingsHome(config.inspect('actions'), actions, document.uri), ...resolved.slice(1).map(() => stagesHome)]);
    const largeFileOptimizations = vscode.workspace.getConfiguration('editor', scope).get<boolean>('largeFileOptimizations', true) !== false;
    const formatLimit = parseSizeLimit(config.get('formatSizeLimit'), `${SECTION}.formatSizeLimit`, largeFileOptimizations, problems);
    const settleOn = parseSettleOn(config.get('settleOn'), `${SECTION}.settleOn`, problems);
    const formatScope = parseFormatScope(config.get('formatScope'), `${SECTION}.formatScope`, problems);
    this.#reportNew(problems);
    return { enabled, stages, formatLimit, settleOn, formatScope, rejected: problems.keys };
  }

  #readWindow(): WindowConfig {
    const config = vscode.workspace.getConfiguration(SECTION);
    const problems = new Problems();
    const further = readCommandSetting(config, 'stages');
    const { window: resolved } = resolveStages({ delay: config.get('delay'), actions: [], when: undefined, stages: further }, problems);
    const stagesHome = settingsHome(config.inspect('stages'), further, undefined);
    const windowStages = markWorkspaceCommands(
      resolved,
      resolved.map(() => stagesHome),
    );
    const alignment = config.get('statusBar.alignment') === 'left' ? 'left' : SETTING_DEFAULTS['statusBar.alignment'];
    const window: WindowConfig = {
      enabled: parseBoolean(config.get('enabled'), `${SECTION}.enabled`, false, problems),
      kickOn: parseKickOn(config.get('kickOn'), `${SECTION}.kickOn`, problems),
      windowStages,
      actionTimeout: parsePositive(config.get('actionTimeout'), `${SECTION}.actionTimeout`, SETTING_DEFAULTS.actionTimeout, problems),
      pauseWhileDebugging: parseBoolean(config.get('pauseWhileDebugging'), `${SECTION}.pauseWhileDebugging`, SETTING_DEFAULTS.pauseWhileDebugging, problems),
      settingsFiles: parseBoolean(config.get('settingsFiles'), `${SECTION}.settingsFiles`, SETTING_DEFAULTS.settingsFiles, problems),
      statusBar: {
        enabled: parseBoolean(config.get('statusBar.enabled'), `${SECTION}.statusBar.enabled`, SETTING_DEFAULTS['statusBar.enabled'], problems),
        showWhenSettled: parseBoolean(config.get('statusBar.showWhenSettled'), `${SECTION}.statusBar.showWhenSettled`, SETTING_DEFAULTS['statusBar.showWhenSettled'], problems),
        alignment,
      },
    };
    this.#reportNew(problems);
    return window;
  }

  #reportNew(problems: Problems): void {
    const fresh = problems.messages.filter((m) => !this.#reported.has(m));
    if (fresh.length === 0) return;
    for (const m of fresh) this.#reported.add(m);
    this.#report(fresh);
    this.#found.fire();
  }
}

/**
 * A setting that can run commands: in Restricted Mode only the user's own (global) values and the
 * defaults count, never the workspace's or a folder's.
 */
export function readCommandSetting(config: vscode.WorkspaceConfiguration, key: (typeof COMMAND_SETTINGS)[number]): unknown {
  if (vscode.workspace.isTrusted) return config.get(key);
  return untrustedValue(config.inspect(key));
}

/**
 * The folder (or `.code-workspace` file) whose settings the value `effective` of a command setting
 * came from, as a URI; undefined when it is the user's own or a default (or Restricted Mode, where
 * workspace values are ignored anyway). Decided by the values themselves, not by a precedence
 * rule: a value equal to the user's or a default is the user's.
 */
function settingsHome(info: InspectedValues | undefined, effective: unknown, uri: vscode.Uri | undefined): string | undefined {
  if (!vscode.workspace.isTrusted || info === undefined) return undefined;
  const same = (value: unknown) => value !== undefined && JSON.stringify(value) === JSON.stringify(effective);
  if ([info.globalLanguageValue, info.defaultLanguageValue, info.globalValue, info.defaultValue].some(same)) return undefined;
  const folder = uri && vscode.workspace.getWorkspaceFolder(uri);
  if (folder !== undefined && [info.workspaceFolderLanguageValue, info.workspaceFolderValue].some(same)) return folder.uri.toString();
  // A workspace value: with one folder open, its settings are the folder's.
  return (vscode.workspace.workspaceFile ?? vscode.workspace.workspaceFolders?.[0]?.uri)?.toString() ?? 'workspace';
}

/**
 * Marks the command actions a trusted folder's settings bring (`homes[i]`: where stage i's actions
 * came from) with their `WorkspaceOrigin`: the list of every such command of that folder, which the
 * user allows or not as a whole (src/actions/consent.ts); its notifications `fromFolder`.
 */
function markWorkspaceCommands(stages: StageSpec[], homes: readonly (string | undefined)[]): StageSpec[] {
  if (homes.every((h) => h === undefined)) return stages;
  const lists = new Map<string, Extract<Action, { kind: 'command' }>[]>();
  stages.forEach((stage, i) => {
    const home = homes[i];
    if (home === undefined) return;
    for (const action of stage.actions) if (action.kind === 'command') lists.set(home, [...(lists.get(home) ?? []), action]);
  });
  const origins = new Map(
    [...lists].map(([folder, commands]) => [folder, { folder, commands: commands.map((c) => commandLabel(c.command, c.args)), key: commandListKey(folder, commands) }]),
  );
  return stages.map((stage, i) => {
    const home = homes[i];
    if (home === undefined) return stage;
    const origin = origins.get(home);
    // A folder's notification text is shown as written, never as links (`notify`).
    return { ...stage, actions: stage.actions.map((a) => (a.kind === 'command' && origin !== undefined ? { ...a, origin } : a.kind === 'notify' ? { ...a, fromFolder: true as const } : a)) };
  });
}

/** A document's language; a notebook's is its first code cell's ("[python]": { … } applies). */
function languageOf(document: Target): string {
  return isNotebook(document) ? (document.getCells().find((c) => c.kind === vscode.NotebookCellKind.Code)?.document.languageId ?? '') : document.languageId;
}
