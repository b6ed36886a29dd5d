// @ts-check
// Host-test fixture: the real engines behind the two extensions most people format and lint with,
// wired the way those extensions answer VS Code.
// - A document formatter running the `prettier` package that answers with ONE edit replacing the
//   whole document (as the Prettier extension does), for JavaScript, TypeScript, JSON and Markdown.
// - A linter running the `eslint` package (flat config, every rule "error") on JavaScript: it
//   publishes diagnostics with source "eslint" (the rule id as code; a parsing error has none) and
//   offers `source.fixAll.eslint`, whose edit is the whole fixed document.
// Installed beside Idle Watchdog from its own .vsix by the offline runner (a second development
// path with @vscode/test-electron); see `engines` in test/host/runs.mjs. The packages come from the
// repository's node_modules (devDependencies): IW_ENGINES_ROOT names the repository when the
// fixture runs from an installed copy.
const vscode = require('vscode');
const path = require('path');
const { createRequire } = require('module');
const load = process.env.IW_ENGINES_ROOT ? createRequire(path.join(process.env.IW_ENGINES_ROOT, 'package.json')) : require;
const prettier = load('prettier');
const { Linter } = load('eslint');

const PARSERS = { javascript: 'babel', typescript: 'typescript', json: 'json', jsonc: 'json', markdown: 'markdown' };

/**
 * The flat config: rules that a formatter does not fix, as errors. Files are named to the linter
 * by their base name: a flat config matches paths relative to its base, and the workspace is not it.
 */
const CONFIG = [
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: { 'no-var': 'error', 'prefer-const': 'error', eqeqeq: 'error', 'no-extra-semi': 'error', curly: 'error' },
  },
];

const FIX_ALL = vscode.CodeActionKind.SourceFixAll.append('eslint');

function wholeRange(document) {
  return new vscode.Range(0, 0, document.lineCount, 0);
}

/** @param {vscode.ExtensionContext} context */
function activate(context) {
  const log = vscode.window.createOutputChannel('IW engines');
  context.subscriptions.push(log);
  context.subscriptions.push(
    vscode.languages.registerDocumentFormattingEditProvider(Object.keys(PARSERS), {
      async provideDocumentFormattingEdits(document, options) {
        const text = document.getText();
        try {
          const formatted = await prettier.format(text, { parser: PARSERS[document.languageId], tabWidth: options.tabSize, useTabs: !options.insertSpaces });
          // Like the Prettier extension: nothing when nothing changes, else the whole document.
          return formatted === text ? [] : [vscode.TextEdit.replace(document.validateRange(wholeRange(document)), formatted)];
        } catch (e) {
          // Prettier cannot format code that does not parse: the extension answers no edits.
          log.appendLine(`prettier: ${String(e).split('\n')[0]}`);
          return [];
        }
      },
    }),
  );

  const linter = new Linter({ configType: 'flat' });
  const diagnostics = vscode.languages.createDiagnosticCollection('eslint');
  context.subscriptions.push(diagnostics);
  const lint = (document) => {
    if (document.languageId !== 'javascript' || document.uri.scheme !== 'file') return;
    const messages = linter.verify(document.getText(), CONFIG, { filename: path.basename(document.uri.fsPath) });
    diagnostics.set(
      document.uri,
      messages.map((m) => {
        const start = new vscode.Position(Math.max(0, m.line - 1), Math.max(0, m.column - 1));
        const end = m.endLine !== undefined ? new vscode.Position(m.endLine - 1, Math.max(0, (m.endColumn ?? m.column) - 1)) : start;
        const d = new vscode.Diagnostic(new vscode.Range(start, end), m.message, m.severity === 2 ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
        d.source = 'eslint';
        if (m.ruleId) d.code = { value: m.ruleId, target: vscode.Uri.parse(`https://eslint.org/docs/latest/rules/${m.ruleId}`) };
        return d;
      }),
    );
  };
  // The ESLint extension lints as you type, a moment after the last keystroke.
  const timers = new Map();
  const soon = (document) => {
    clearTimeout(timers.get(document.uri.toString()));
    timers.set(document.uri.toString(), setTimeout(() => lint(document), 150));
  };
  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument(lint),
    vscode.workspace.onDidChangeTextDocument((e) => soon(e.document)),
    vscode.workspace.onDidCloseTextDocument((d) => diagnostics.delete(d.uri)),
    vscode.languages.registerCodeActionsProvider(
      { language: 'javascript', scheme: 'file' },
      {
        provideCodeActions(document, _range, context) {
          if (context.only !== undefined && !context.only.contains(FIX_ALL) && !FIX_ALL.contains(context.only)) return [];
          const text = document.getText();
          const { output, fixed } = linter.verifyAndFix(text, CONFIG, { filename: path.basename(document.uri.fsPath) });
          if (!fixed || output === text) return [];
          const action = new vscode.CodeAction('Fix all ESLint auto-fixable problems', FIX_ALL);
          action.edit = new vscode.WorkspaceEdit();
          action.edit.replace(document.uri, document.validateRange(wholeRange(document)), output);
          return [action];
        },
      },
      { providedCodeActionKinds: [FIX_ALL] },
    ),
  );
  for (const document of vscode.workspace.textDocuments) lint(document);
}

module.exports = { activate, deactivate() {} };
