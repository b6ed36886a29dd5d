// Issue 12: any writable file system settles (an extension's FileSystemProvider, as on github.dev);
// read-only providers and virtual documents never kick.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { assertSettledForGood, configure, typeText, useWatchdog, waitFor } from '../util';

/** A minimal in-memory file system (flat: files at the root only), the store a test can read. */
export class MemoryFs implements vscode.FileSystemProvider {
  readonly files = new Map<string, Uint8Array>();
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;

  constructor(private readonly scheme: string) {}

  text(path: string): string | undefined {
    const data = this.files.get(path);
    return data && new TextDecoder().decode(data);
  }

  /** Writes behind VS Code's back (another client changing the store) and says so. */
  change(path: string, text: string): void {
    this.files.set(path, new TextEncoder().encode(text));
    this.changed.fire([{ type: vscode.FileChangeType.Changed, uri: vscode.Uri.from({ scheme: this.scheme, path }) }]);
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }
  stat(uri: vscode.Uri): vscode.FileStat {
    if (uri.path === '/') return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    const data = this.files.get(uri.path);
    if (data === undefined) throw vscode.FileSystemError.FileNotFound(uri);
    return { type: vscode.FileType.File, ctime: 0, mtime: Date.now(), size: data.byteLength };
  }
  readDirectory(): [string, vscode.FileType][] {
    return [...this.files.keys()].map((p) => [p.slice(1), vscode.FileType.File]);
  }
  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions('flat');
  }
  readFile(uri: vscode.Uri): Uint8Array {
    const data = this.files.get(uri.path);
    if (data === undefined) throw vscode.FileSystemError.FileNotFound(uri);
    return data;
  }
  writeFile(uri: vscode.Uri, content: Uint8Array): void {
    this.files.set(uri.path, content);
    this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }
  delete(uri: vscode.Uri): void {
    this.files.delete(uri.path);
  }
  rename(): void {
    throw vscode.FileSystemError.NoPermissions('no renames');
  }
}

export function registerFileSystemsSuite(): void {
  describe('any writable file system', () => {
    const t = useWatchdog();
    const memory = new MemoryFs('iwmem');
    const readonly = new MemoryFs('iwro');
    const virtual = new vscode.EventEmitter<vscode.Uri>();
    let virtualText = 'generated 1';
    const disposables: vscode.Disposable[] = [virtual];
    before(() => {
      disposables.push(
        vscode.workspace.registerFileSystemProvider('iwmem', memory, { isCaseSensitive: true }),
        vscode.workspace.registerFileSystemProvider('iwro', readonly, { isCaseSensitive: true, isReadonly: true }),
        vscode.workspace.registerTextDocumentContentProvider('iwvirt', { onDidChange: virtual.event, provideTextDocumentContent: () => virtualText }),
      );
    });
    after(() => {
      for (const d of disposables) d.dispose();
    });

    it("typing into a file of an extension's file system provider saves it into that provider's store", async () => {
      await configure({ delay: 300, actions: ['save'] });
      memory.files.set('/a.txt', new TextEncoder().encode('memory'));
      const uri = vscode.Uri.parse('iwmem:/a.txt');
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
      await vscode.commands.executeCommand('cursorBottom');
      await typeText(' typed');
      assert.ok(t.api.state(uri).pending, 'the edit armed it');
      const settle = await t.settles.wait(uri);
      assert.deepEqual(settle.actions.map((a) => [a.action, a.status]), [['save', 'done']]);
      assert.equal(memory.text('/a.txt'), 'memory typed');
      assert.equal(editor.document.isDirty, false);
      assertSettledForGood(t.api, uri);
    });

    it("a read-only provider's file changing under the editor never kicks", async () => {
      await configure({ delay: 200, actions: ['save'] });
      readonly.files.set('/r.txt', new TextEncoder().encode('before'));
      const uri = vscode.Uri.parse('iwro:/r.txt');
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document, { preview: false });
      readonly.change('/r.txt', 'after');
      await waitFor('the editor to show the changed file', () => document.getText() === 'after');
      assert.equal(t.api.state(uri).pending, undefined, 'nothing armed');
      assert.equal(t.api.kick(uri), false, 'not a document the watchdog watches');
      assert.equal(t.settles.for(uri).length, 0);
    });

    it('a virtual document (a content provider, as git and diff views are) changing never kicks', async () => {
      await configure({ delay: 200, actions: ['save'] });
      const uri = vscode.Uri.parse('iwvirt:/generated.txt');
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document, { preview: false });
      virtualText = 'generated 2';
      virtual.fire(uri);
      await waitFor('the virtual document to change', () => document.getText() === 'generated 2');
      assert.equal(t.api.state(uri).pending, undefined, 'nothing armed');
      assert.equal(t.settles.for(uri).length, 0);
    });
  });
}
