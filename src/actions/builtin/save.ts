import * as vscode from 'vscode';
import { diffEdits, inverseEdits, mapOffsets, splitAtZones } from '../../core/textEdits';
import { isNotebook, Target } from '../../target';
import type { ActionContext, ActionDefinition, ActionEnv } from '../context';
import { changedOnDisk, conflicts, deletedOnDisk, deletedSkip, fingerprint, lastWritten, noteInSync, unsavable } from '../disk';
import { aboveLimit, applyOwn, captureView, isBlank, restoreView, activeCarets } from '../editing';
import { done, failed, Outcome, Reason, skipped } from '../outcome';

/** `save`: the document or notebook saved as the user's own save would (its participants run). */
export const save: ActionDefinition<{ readonly kind: 'save' }> = {
  name: 'save',
  kind: 'save',
  needs: 'document',
  run: (_action, document, ctx, envOf) => saveDocument(document, ctx, isNotebook(document) ? undefined : envOf(document)),
};

const SAVED: Reason = { code: 'saved' };

/**
 * A save from an extension is an explicit save: VS Code runs `editor.formatOnSave`,
 * `editor.codeActionsOnSave`, `files.trimTrailingWhitespace` and the rest. Their edits happen
 * inside our window, so they do not kick. In the editor the user types in, those that touched the
 * characters at a caret (the space it sits after, a final newline right after it) are undone in the
 * editor at once: the file on disk has everything typed, the editor keeps the typist's place, and
 * the rest is applied by the next save once the caret has moved on.
 */
async function saveDocument(document: Target, ctx: ActionContext, env: ActionEnv | undefined): Promise<Outcome> {
  const why = unsavable(document);
  if (why) return skipped(why);
  if (conflicts.has(document)) return skipped({ code: 'conflict', held: true });
  if (await deletedOnDisk(document)) return deletedSkip(document);
  const uri = document.uri.toString();
  // Above the format size limit the participants' edits are left as VS Code applies them: reading
  // and diffing such a file on every save would stall the extension host.
  const shown = !isNotebook(document) && vscode.window.visibleTextEditors.some((e) => e.document === document);
  const view = env !== undefined && shown && !aboveLimit(document as vscode.TextDocument, env.formatLimit) ? captureView(document as vscode.TextDocument, ctx.left) : undefined;
  const window = ctx.ownEdits.open([uri]);
  let ok: boolean;
  try {
    ok = await document.save();
  } finally {
    window.close();
  }
  // Saved meanwhile by someone else (VS Code saving its own settings.json edits, auto save).
  if (!ok && !document.isDirty) return skipped({ code: 'alreadySaved' });
  if (!ok && (await changedOnDisk(document))) {
    // Another writer's content is on disk: never overwritten by a timer. VS Code told the user
    // once (its "content of the file is newer" message, with Compare and Overwrite).
    conflicts.add(document);
    return skipped({ code: 'conflict', held: false });
  }
  if (!ok) return failed({ code: 'notSaved' });
  noteInSync(document);
  if (!isNotebook(document) && !aboveLimit(document, env?.formatLimit ?? { lines: Infinity, chars: Infinity, source: '' })) lastWritten.set(document, fingerprint(document.getText()));
  // Changes during the save that were written with it (formatOnSave's) are the save's; a change
  // it did not write (still dirty) was the user's, typed while it ran: that settles again.
  if (document.isDirty) {
    ctx.userChanged(uri);
    return done({ code: 'saved', changedWhileSaving: true });
  }
  if (view === undefined || ctx.userEdited() || isNotebook(document)) return done(SAVED);
  const after = document.getText();
  if (after === view.text) return done(SAVED);
  // What the save participants changed, as minimal edits of the text before the save.
  const edits = diffEdits(view.text, after);
  // Only whitespace is taken back at the caret (a trimmed space, a final newline): what a save
  // participant wrote otherwise (a semicolon, text another extension inserted) stays, so taking
  // back can never lose anything the next save would not write again.
  const undone = new Set(splitAtZones(view.text, edits, view.zones).waiting.filter((e) => isBlank(e.text) && isBlank(view.text.slice(e.start, e.end))));
  if (undone.size === 0) {
    restoreView(document, view, mapOffsets(view.text, edits, view.offsets), ctx);
    return done(SAVED);
  }
  const back = inverseEdits(view.text, edits, undone);
  const applied = await applyOwn(document, document.version, back, ctx);
  if (applied !== 'applied') return done(SAVED);
  restoreView(document, view, mapOffsets(view.text, edits.filter((e) => !undone.has(e)), view.offsets), ctx);
  env?.waitForCaret(activeCarets(document));
  return done({ code: 'saved', keptAtCaret: undone.size });
}

