import * as vscode from 'vscode';
import { Answer, AnswerStore, Consent, putInForce } from '../actions/consent';
import type { WorkspaceOrigin } from '../config/model';
import { SECTION } from '../config/settings';
import type { Log } from '../log';
import type { Target } from '../target';
import { noLinks } from './summary';

/** The global-state key of the lasting answers ("Allow", "Never for this folder"), by list. */
const ANSWERS = 'workspaceCommands.answers';
/** Lists remembered at most; the oldest answer goes first (each answer is a few hundred bytes). */
const MAX_ANSWERS = 200;

/**
 * The question of src/actions/consent.ts, in a VS Code notification: *Allow*, *Not now*, *Never
 * for this folder*. `idleWatchdog.askBeforeWorkspaceCommands` turns it off, read from the user's
 * own settings only (the setting is `application`-scoped too): a repository cannot turn its own
 * question off. `memento`: where the lasting answers are kept (the extension's global state;
 * in memory for a watchdog built without one). `allowed`: settle these documents again.
 */
export function createWorkspaceCommands(options: { memento?: vscode.Memento; log: Log; allowed: (documents: readonly (Target | undefined)[]) => void }): vscode.Disposable {
  const { log } = options;
  const memento = options.memento ?? inMemory();
  const store: AnswerStore = {
    get: (key) => memento.get<Record<string, 'allow' | 'never'>>(ANSWERS, {})[key],
    set: (key, answer) => {
      const answers = { ...memento.get<Record<string, 'allow' | 'never'>>(ANSWERS, {}) };
      delete answers[key]; // re-added last: the newest
      answers[key] = answer;
      const keys = Object.keys(answers);
      for (const old of keys.slice(0, Math.max(0, keys.length - MAX_ANSWERS))) delete answers[old];
      void memento.update(ANSWERS, answers);
    },
  };
  const consent = new Consent<Target>({
    asks: () => vscode.workspace.getConfiguration(SECTION).inspect('askBeforeWorkspaceCommands')?.globalValue !== false,
    store,
    ask: (origin) => ask(origin),
    allowed: options.allowed,
    log: (message) => log.info(message),
  });
  const remove = putInForce(consent);
  return new vscode.Disposable(() => {
    remove();
    consent.dispose();
  });
}

async function ask(origin: WorkspaceOrigin): Promise<Answer | undefined> {
  const allow = vscode.l10n.t('Allow');
  const notNow = vscode.l10n.t('Not now');
  const never = vscode.l10n.t('Never for this folder');
  const message = vscode.l10n.t(
    'Idle Watchdog: the settings of "{0}" run {1} when you pause typing. Allow these commands to run?',
    noLinks(folderName(origin.folder)),
    noLinks(origin.commands.join(', ')),
  );
  // Arguments shortened in the question are whole in the log: say where, so nothing is allowed unseen.
  const shortened = origin.commands.some((command) => command.endsWith('…)'));
  const full = shortened ? ` ${vscode.l10n.t('Arguments shortened here are whole in the log (Idle Watchdog: Show Log).')}` : '';
  const choice = await vscode.window.showWarningMessage(message + full, allow, notNow, never);
  return choice === allow ? 'allow' : choice === never ? 'never' : choice === notNow ? 'notNow' : undefined;
}

/** A workspace folder's name, or the file name of a `.code-workspace`. */
function folderName(uri: string): string {
  const parsed = vscode.Uri.parse(uri);
  return vscode.workspace.getWorkspaceFolder(parsed)?.name ?? (parsed.path.split('/').pop() || uri);
}

function inMemory(): vscode.Memento {
  const values = new Map<string, unknown>();
  return {
    keys: () => [...values.keys()],
    get: <T>(key: string, fallback?: T) => (values.has(key) ? values.get(key) : fallback) as T,
    update: (key: string, value: unknown) => {
      values.set(key, value);
      return Promise.resolve();
    },
  };
}
