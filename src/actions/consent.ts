/**
 * Workspace commands ask once (issue 22). A trusted repository's workspace or folder settings can
 * put commands into `idleWatchdog.actions` / `idleWatchdog.stages` (a terminal's
 * `sendSequence`…); trusting a folder is not agreeing to run its commands on the first pause, as
 * VS Code asks before a folder's automatic tasks run. Such a command (its action carries a
 * `WorkspaceOrigin`, set by src/config/settings.ts) runs only once the user allowed that folder's
 * exact list of commands; until then it is skipped (`notAllowed`) and the round's other actions
 * run. The question itself is src/ui/workspaceCommands.ts. Pure: no `vscode` import.
 *
 * What is remembered, and where: "Allow" and "Never for this folder" last (the store is the
 * extension's global state: it survives reloads and the same folder opened in another workspace,
 * and is not synced); "Not now", and a question closed without an answer, last for this window
 * session only. "Allow" and "Not now" are for one folder and one exact list (ids and arguments):
 * a changed list is another question. "Never" is for the folder, whatever it brings later.
 */
import { jsonPreview, type WorkspaceOrigin } from '../config/model';
import type { Reason } from './outcome';

export type Answer = 'allow' | 'notNow' | 'never';

/** The lasting answers, by `WorkspaceOrigin.key`. */
export interface AnswerStore {
  get(key: string): 'allow' | 'never' | undefined;
  set(key: string, answer: 'allow' | 'never'): void;
}

export interface ConsentHost<D> {
  /** `idleWatchdog.askBeforeWorkspaceCommands`, read from the user's own settings only. */
  asks(): boolean;
  readonly store: AnswerStore;
  /** Shows the question; resolves with the answer, or undefined when it was closed without one. */
  ask(origin: WorkspaceOrigin): PromiseLike<Answer | undefined>;
  /** The user allowed them: these documents (undefined: the window) settle again, running them. */
  allowed(documents: readonly (D | undefined)[]): void;
  log(message: string): void;
}

export class Consent<D> {
  /** Lists answered "Not now" (or not at all) in this window session. */
  readonly #notNow = new Set<string>();
  /** The open questions, by list, with the documents whose settle skipped the commands meanwhile. */
  readonly #asking = new Map<string, Set<D | undefined>>();
  readonly #host: ConsentHost<D>;
  #disposed = false;

  constructor(host: ConsentHost<D>) {
    this.#host = host;
  }

  /**
   * Undefined when the command may run (the user's own, or allowed, or the question is off); else
   * why not. The first settle that meets an unanswered list asks; every settle until the answer
   * skips (one question per list at a time: two documents settling together ask once).
   */
  check(origin: WorkspaceOrigin | undefined, document: D | undefined): Reason | undefined {
    if (origin === undefined || !this.#host.asks()) return undefined;
    // "Never for this folder": the folder, whatever list its settings bring later.
    if (this.#host.store.get(folderKey(origin.folder)) === 'never') return { code: 'notAllowed', answer: 'never' };
    const stored = this.#host.store.get(origin.key);
    if (stored === 'allow') return undefined;
    if (this.#notNow.has(origin.key)) return { code: 'notAllowed', answer: 'notNow' };
    let waiting = this.#asking.get(origin.key);
    if (waiting === undefined) {
      waiting = new Set();
      this.#asking.set(origin.key, waiting);
      void this.#ask(origin, waiting);
    }
    waiting.add(document);
    return { code: 'notAllowed', answer: 'asking' };
  }

  /** Whether a question is open now (for the tests and the log). */
  get asking(): number {
    return this.#asking.size;
  }

  async #ask(origin: WorkspaceOrigin, waiting: Set<D | undefined>): Promise<void> {
    // The question shortens long arguments; the log has them whole (what Allow would run).
    this.#host.log(`workspace commands: asking whether the settings of ${origin.folder} may run ${origin.commands.join(', ')}; in full: ${origin.key.slice(origin.key.indexOf('\n') + 1)}`);
    let answer: Answer | undefined;
    try {
      answer = await this.#host.ask(origin);
    } catch {
      answer = undefined;
    } finally {
      this.#asking.delete(origin.key);
    }
    if (this.#disposed) return;
    // Closed without an answer: taken as "Not now" (asking on every settle would be noise).
    const taken = answer ?? 'notNow';
    this.#host.log(`workspace commands: ${ANSWER_WORDS[taken]}${answer === undefined ? ' (closed without an answer)' : ''} for ${origin.commands.join(', ')} (${origin.folder})`);
    if (taken === 'notNow') this.#notNow.add(origin.key);
    else this.#host.store.set(taken === 'never' ? folderKey(origin.folder) : origin.key, taken);
    if (taken === 'allow') this.#host.allowed([...waiting]);
  }

  dispose(): void {
    this.#disposed = true;
    this.#asking.clear();
  }
}

const ANSWER_WORDS: Readonly<Record<Answer, string>> = { allow: 'allowed', notNow: 'not now', never: 'never for this folder' };

/** What "Never for this folder" is remembered for: the folder, any list (a list's key never ends in `*`). */
const folderKey = (folder: string): string => `${folder}\n*`;

/**
 * What an answer is remembered for: the folder and its exact list of commands, ids and arguments
 * (object keys sorted, so the same list written in another order is the same list).
 */
export function commandListKey(folder: string, commands: readonly { readonly command: string; readonly args: readonly unknown[] }[]): string {
  return `${folder}\n${stableJson(commands.map((c) => [c.command, c.args]))}`;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(record[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** How long a command's arguments may be in the question before they are shortened. */
const ARGS_SHOWN = 300;

/** `id(args)`, the arguments shortened: how the question names a command. */
export function commandLabel(command: string, args: readonly unknown[]): string {
  if (args.length === 0) return command;
  // Only the start is written (`jsonPreview`, as the log's descriptions do): the label is short whatever the arguments.
  const text = jsonPreview(args, ARGS_SHOWN + 2).text.slice(1, -1);
  return `${command}(${text.length > ARGS_SHOWN ? `${text.slice(0, ARGS_SHOWN - 1)}…` : text})`;
}

/** The consent in force: the latest watchdog's (the host tests build a second one). */
const inForce: Consent<unknown>[] = [];

/** Puts `consent` in force until the returned function is called. */
export function putInForce<D>(consent: Consent<D>): () => void {
  inForce.push(consent as Consent<unknown>);
  return () => {
    const at = inForce.indexOf(consent as Consent<unknown>);
    if (at !== -1) inForce.splice(at, 1);
  };
}

/** The consent command actions ask; undefined while no watchdog runs. */
export function consentInForce<D>(): Consent<D> | undefined {
  return inForce[inForce.length - 1] as Consent<D> | undefined;
}
