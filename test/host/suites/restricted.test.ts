import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './smoke.test';

export function registerRestrictedSuite(): void {
  describe('restricted mode', () => {
    it('the workspace is not trusted', () => {
      assert.equal(vscode.workspace.isTrusted, false);
    });

    it('reports whether the extension loads untrusted', () => {
      // Informational: depends on package.json `capabilities.untrustedWorkspaces`.
      const ext = vscode.extensions.getExtension(EXTENSION_ID);
      console.log(`      (${EXTENSION_ID} in Restricted Mode: ${ext ? (ext.isActive ? 'active' : 'loaded, not active') : 'not loaded'})`);
    });
  });
}
