import type * as vscode from 'vscode';
import type { Action, FormatScope } from '../config/model';
import type { SizeLimit } from '../config/parse';
import type { EditedLines } from '../core/editedRanges';
import type { Target } from '../target';
import type { ActionKind, Outcome } from './outcome';
import type { ActionContext as GenericContext } from './runner';

export type ActionContext = GenericContext<Target>;

/** What the controller knows about the settled document that the edit actions need. */
export interface ActionEnv {
  /** The lines the user edited since the last settle that formatted (undefined: not tracked). */
  readonly edited: EditedLines | undefined;
  /** What `format` formats (`idleWatchdog.formatScope`). */
  readonly formatScope: FormatScope;
  /**
   * The lines typed since they were last formatted (scope `changed`; undefined: not tracked). The
   * format action resets it to the lines it left unformatted (a caret sat in them).
   */
  readonly unformatted: EditedLines | undefined;
  /** Above this the document is not formatted. */
  readonly formatLimit: SizeLimit;
  /**
   * A notebook: the cells its edit actions work on now (edited since an edit action last finished
   * them). Undefined for a text document.
   */
  cellsToWork?(): CellsToWork;
  /** Whether the watchdog acts on this document at all (`idleWatchdog.enabled`, `settingsFiles`). */
  readonly enabled: boolean;
  /** A document stage's command did not run, its document not in front: settle again when it is. */
  waitForActive(): void;
  /** Edits at the caret (now at `carets`) were held back: settle again once the user moves it. */
  waitForCaret(carets: readonly vscode.Selection[]): void;
}

/** The cells (their URIs) an edit action on a notebook works on, and how it reports the ones it finished. */
export interface CellsToWork {
  readonly cells: ReadonlySet<string>;
  finished(uris: readonly string[]): void;
}

/** What the controller gives every action besides its context: each document's environment. */
export type EnvOf = (document: Target) => ActionEnv;

/**
 * One action, in one module (`src/actions/builtin/<name>.ts`), listed in `src/actions/registry.ts`.
 * `run` gets the settled target as the action needs it:
 * - `needs: 'nothing'` — no document at all (a notification, a command, saving every file);
 * - `needs: 'document'` — the settled document or notebook, open (a save);
 * - `needs: 'cells'` — a text document: for a notebook it runs on each code cell in turn.
 */
export type ActionDefinition<A extends Action = Action> = {
  readonly name: A['kind'];
  /** A save is backed off and never stopped; an edit cut off at its time limit lets the round go on. */
  readonly kind: ActionKind;
} & (
  | { readonly needs: 'nothing'; run(action: A, ctx: ActionContext, envOf: EnvOf): Promise<Outcome> }
  | { readonly needs: 'document'; run(action: A, document: Target, ctx: ActionContext, envOf: EnvOf): Promise<Outcome> }
  | { readonly needs: 'cells'; run(action: A, document: vscode.TextDocument, ctx: ActionContext, env: ActionEnv): Promise<Outcome> }
);
