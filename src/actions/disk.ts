import * as vscode from 'vscode';
import type { Target } from '../target';
import { Outcome, Reason, skipped } from './outcome';

/**
 * What the saves know about each document's file: gone from disk, changed on disk under the
 * user's typing (a conflict), in step with the editor since when, and what our last save wrote.
 */

/** Documents already told to be deleted on disk (the whole reason once, a short one after). */
const toldDeleted = new WeakSet<Target>();

/**
 * Whether `target`'s file is gone from disk (deleted, or its folder removed, while open): a save
 * would create it again. Only a file system's clear "not found" counts; any other failure to
 * look lets the save go on (and report its own failure).
 */
export async function deletedOnDisk(target: Target): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(target.uri);
    toldDeleted.delete(target);
    return false;
  } catch (e) {
    return e instanceof vscode.FileSystemError && e.code === 'FileNotFound';
  }
}

export function deletedSkip(target: Target): Outcome {
  const first = !toldDeleted.has(target);
  toldDeleted.add(target);
  return skipped({ code: 'deleted', first });
}

/** Since when each document is known to be in step with its file (wall clock, ms). */
const inSync = new WeakMap<Target, number>();
/** Documents whose save failed because the file changed on disk: not saved by a timer until resolved. */
export const conflicts = new WeakSet<Target>();

/**
 * `target` is in step with its file now (clean, about to be typed into; or just saved): a failed
 * save can then tell that someone else wrote the file after this moment (its time stamp is later).
 */
export function noteInSync(target: Target): void {
  if (!target.isUntitled) inSync.set(target, Date.now());
}

/** The user resolved a conflict (saved by hand, reverted, or VS Code reloaded the file): saves go on. */
export function conflictResolved(target: Target): void {
  conflicts.delete(target);
}

/** What our last save of each text document wrote: its length and a hash (no copy of the text kept). */
export const lastWritten = new WeakMap<Target, string>();

/** Length and FNV-1a hash of `text`: enough to tell whether a file still holds what we wrote. */
export function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return `${text.length}:${hash >>> 0}`;
}

/**
 * After a failed save: did the file change on disk since it was last in step with the editor?
 * Its time stamp is later than that moment, or (where time stamps are coarse) it no longer holds
 * what our last save wrote.
 */
export async function changedOnDisk(target: Target): Promise<boolean> {
  const known = inSync.get(target);
  if (known === undefined) return false;
  try {
    if ((await vscode.workspace.fs.stat(target.uri)).mtime > known) return true;
    const written = lastWritten.get(target);
    return written !== undefined && fingerprint(new TextDecoder().decode(await vscode.workspace.fs.readFile(target.uri))) !== written;
  } catch {
    return false;
  }
}

/** Why a document or notebook cannot be saved by us, if it cannot. */
export function unsavable(document: Target): Reason | undefined {
  // An untitled document would open a Save As dialog in the user's face; only they ask for that.
  if (document.isUntitled) return { code: 'untitled' };
  if (vscode.workspace.fs.isWritableFileSystem(document.uri.scheme) === false) return { code: 'readOnly' };
  if (!document.isDirty) return { code: 'clean' };
  return undefined;
}
