import * as vscode from 'vscode';
import { CELL_SCHEME, isNotebook, Target } from './target';

/**
 * Which documents the watchdog settles, and what a change stands for: the adapter every part asks
 * (kick sources, status bar, commands, API, controller) instead of deciding on its own. Owned and
 * disposed by the controller: its caches live as long as the extension does, not the module.
 */
export class Targets implements vscode.Disposable {
  /**
   * Whether documents of a scheme are the user's to settle, cached per scheme (the check is on the
   * hot path of every keystroke). A document counts when its scheme has a writable file system
   * provider (`file`, `vscode-remote`, `vscode-vfs` on github.dev, any extension's) or is untitled;
   * output channels, git/diff/search virtual documents and read-only providers never kick.
   * `vscode-userdata` (settings.json, keybindings.json) counts as it always did.
   */
  readonly #schemes = new Map<string, boolean>();
  /** The notebook of each cell document seen so far (cell URI → notebook), for the keystroke hot path. */
  readonly #cellNotebooks = new Map<string, vscode.NotebookDocument>();

  constructor() {
    this.#reset();
  }

  #reset(): void {
    this.#schemes.clear();
    this.#schemes.set('untitled', true).set('vscode-userdata', true);
    this.#cellNotebooks.clear();
  }

  #schemeCounts(scheme: string): boolean {
    const known = this.#schemes.get(scheme);
    if (known !== undefined) return known;
    const writable = vscode.workspace.fs.isWritableFileSystem(scheme);
    // Undefined: no provider for the scheme (yet): asked again next time, a provider may register later.
    if (writable !== undefined) this.#schemes.set(scheme, writable);
    return writable === true;
  }

  /** Whether a text document (not a cell) is one the watchdog settles. */
  isReal(document: vscode.TextDocument): boolean {
    return this.#schemeCounts(document.uri.scheme);
  }

  /**
   * What a change of `document` settles: the document itself if it is real, its notebook if it is a
   * notebook cell (of a real notebook), else nothing.
   */
  of(document: vscode.TextDocument): Target | undefined {
    if (document.uri.scheme !== CELL_SCHEME) return this.isReal(document) ? document : undefined;
    const key = document.uri.toString();
    let notebook = this.#cellNotebooks.get(key);
    if (notebook === undefined || notebook.isClosed) {
      notebook = vscode.workspace.notebookDocuments.find((n) => n.getCells().some((cell) => cell.document === document));
      if (notebook === undefined) return undefined;
      this.#cellNotebooks.set(key, notebook);
    }
    return this.#schemeCounts(notebook.uri.scheme) ? notebook : undefined;
  }

  /** `target` if it is one the watchdog settles (a cell stands for its notebook), else undefined. */
  real(target: Target): Target | undefined {
    return isNotebook(target) ? (this.#schemeCounts(target.uri.scheme) ? target : undefined) : this.of(target);
  }

  /** The active editor's document (a focused cell's notebook), or the active notebook, if it is real. */
  active(): Target | undefined {
    const document = vscode.window.activeTextEditor?.document;
    if (document !== undefined) return this.of(document);
    const notebook = vscode.window.activeNotebookEditor?.notebook;
    return notebook !== undefined ? this.real(notebook) : undefined;
  }

  /** A document or notebook by URI, if open (a cell's URI gives its notebook). */
  open(uri: string): Target | undefined {
    const target = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri) ?? vscode.workspace.notebookDocuments.find((n) => n.uri.toString() === uri);
    return target === undefined || isNotebook(target) ? target : (this.of(target) ?? target);
  }

  /** How many cells' notebooks are cached (for the stats: only open notebooks' cells). */
  get cachedNotebooks(): number {
    return this.#cellNotebooks.size;
  }

  /** A notebook closed: forget its cells (the cache holds only open notebooks). */
  forgetNotebook(notebook: vscode.NotebookDocument): void {
    for (const [cell, known] of this.#cellNotebooks) if (known === notebook) this.#cellNotebooks.delete(cell);
  }

  dispose(): void {
    this.#reset();
  }
}
