import * as assert from 'node:assert/strict';
import type { ActionKind, Reason, StageSkip, Status } from '../../src/actions/outcome';
import { describe as words, nothingToDo } from '../../src/actions/outcome';
import { english, Localize, summarize, escapeMarkdown, noLinks } from '../../src/ui/summary';

const KINDS: Record<string, ActionKind> = { save: 'save', saveAll: 'save', format: 'edit', fixAll: 'edit', 'code action source.fixAll.eslint': 'edit' };
const a = (action: string, status: Status, reason: Reason) => ({ action, kind: KINDS[action] ?? 'command', status, reason });
const notRun = (skip: StageSkip) => summarize({ actions: [], skip });
const brokenCode = (more: number): Reason => ({ code: 'brokenCode', diagnostic: 'ts(1005) "\',\' expected."', line: 2, why: 'a syntax error', more, what: 'formatting' });

describe('status bar summary of a settle (from the outcome codes)', () => {
  it('says what happened: Saved, Formatted, Done, Nothing to do', () => {
    assert.equal(summarize({ actions: [a('format', 'done', { code: 'formatted', edits: 2 }), a('save', 'done', { code: 'saved' })] }).text, 'Saved');
    assert.equal(summarize({ actions: [a('format', 'done', { code: 'formatted', edits: 1 })] }).text, 'Formatted');
    assert.equal(summarize({ actions: [a('code action source.fixAll.eslint', 'done', { code: 'applied', titles: ['Fix all ESLint problems'] })] }).text, 'Formatted');
    assert.equal(summarize({ actions: [a('my.command', 'done', { code: 'ran' })] }).text, 'Done');
    assert.equal(summarize({ actions: [a('format', 'done', { code: 'alreadyFormatted' }), a('save', 'skipped', { code: 'clean' })] }).text, 'Nothing to do');
    assert.equal(summarize({ actions: [a('format', 'skipped', { code: 'noEdits', language: 'plaintext' })] }).text, 'Nothing to do');
    assert.equal(summarize({ actions: [] }).text, 'Nothing to do');
  });

  it('never a check mark over a file left dirty: errors, untitled, failures, conditions', () => {
    assert.deepEqual(notRun({ code: 'condition', condition: 'noErrors', detail: 'it has 1 error (first: line 3: missing comma)', errors: 1 }), { text: 'Not run: 1 error', icon: 'warning' });
    assert.deepEqual(summarize({ actions: [a('save', 'skipped', { code: 'untitled' })] }), { text: 'Skipped: untitled', icon: 'circle-slash' });
    assert.deepEqual(summarize({ actions: [a('format', 'skipped', brokenCode(0))] }), { text: 'Not run: 1 error', icon: 'warning' });
    assert.equal(summarize({ actions: [a('format', 'skipped', brokenCode(2))] }).text, 'Not run: 3 errors');
    assert.deepEqual(summarize({ actions: [a('format', 'skipped', { code: 'deferredAtCaret', would: { code: 'formatted', edits: 1 } })] }), {
      text: 'Skipped: at your caret',
      icon: 'circle-slash',
    });
    assert.deepEqual(summarize({ actions: [a('save', 'failed', { code: 'notSaved' })] }), { text: 'Failed: save', icon: 'error' });
    assert.deepEqual(summarize({ actions: [a('format', 'done', { code: 'formatted', edits: 1 }), a('save', 'skipped', { code: 'deleted', first: false })] }), {
      text: 'Deleted on disk',
      icon: 'warning',
    });
    assert.deepEqual(summarize({ actions: [a('save', 'skipped', { code: 'conflict', held: true })] }), { text: 'Conflict', icon: 'warning' });
    assert.equal(summarize({ actions: [a('format', 'timeout', { code: 'timeout', limitMs: 5000 }), a('save', 'done', { code: 'saved' })] }).text, 'Timed out: format');
    assert.equal(notRun({ code: 'condition', condition: 'languages', detail: 'its language "json" is not one of markdown' }).text, 'Not run: language');
    assert.equal(summarize({ actions: [a('format', 'skipped', { code: 'typed', when: 'beforeAction' })] }).text, 'Skipped: you typed');
    assert.equal(summarize({ actions: [a('format', 'skipped', { code: 'tooLarge', first: true, lines: 9, limit: 'x', what: 'formatting' })] }).text, 'Skipped: too large');
  });

  it('saved, but a format or code action asked for did not run: "Saved · not formatted" with a warning, never a bare check mark', () => {
    const save = a('save', 'done', { code: 'saved' });
    assert.deepEqual(summarize({ actions: [a('format', 'skipped', brokenCode(0)), save] }), { text: 'Saved · not formatted', icon: 'warning' });
    // Deferred at the caret only: it comes once the caret moves on; said, without a warning.
    assert.deepEqual(summarize({ actions: [a('format', 'skipped', { code: 'deferredAtCaret', would: { code: 'formatted', edits: 1 } }), save] }), {
      text: 'Saved · not formatted yet',
      icon: 'info',
    });
    const inCells: Reason = { code: 'cells', of: 2, cells: [{ cell: 1, reason: { code: 'alreadyFormatted' } }, { cell: 2, reason: { code: 'deferredAtCaret', would: { code: 'formatted', edits: 1 } } }] };
    assert.deepEqual(summarize({ actions: [a('fixAll', 'skipped', inCells), save] }), { text: 'Saved · not fixed yet', icon: 'info' });
    // Deferred in one, held back by broken code in another: the warning.
    assert.deepEqual(summarize({ actions: [a('fixAll', 'skipped', { code: 'deferredAtCaret', would: { code: 'applied', titles: ['x'] } }), a('format', 'skipped', brokenCode(0)), save] }), {
      text: 'Saved · not formatted',
      icon: 'warning',
    });
    assert.deepEqual(summarize({ actions: [a('fixAll', 'skipped', brokenCode(1)), save] }), { text: 'Saved · not fixed', icon: 'warning' });
    // The format is named first when both were held back.
    assert.equal(summarize({ actions: [a('fixAll', 'skipped', brokenCode(0)), a('format', 'skipped', { code: 'tooLarge', first: false, lines: 9, limit: 'x', what: 'formatting' }), save] }).text, 'Saved · not formatted');
    // Nothing to do is not "not formatted"; a command skipped is not a format.
    assert.deepEqual(summarize({ actions: [a('format', 'skipped', { code: 'noEdits', language: 'markdown' }), save] }), { text: 'Saved', icon: 'check' });
    assert.deepEqual(summarize({ actions: [a('my.command', 'skipped', { code: 'notActive', name: 'a.js' }), save] }), { text: 'Saved', icon: 'check' });
    assert.deepEqual(summarize({ actions: [a('format', 'done', { code: 'formatted', edits: 2, waiting: 1 }), save] }), { text: 'Saved', icon: 'check' });
  });

  it('a settle because you left says so: "Saved (left)"; by its delay or on request it does not; nothing to do stays plain', () => {
    const actions = [a('format', 'done', { code: 'formatted', edits: 1 }), a('save', 'done', { code: 'saved' })];
    for (const trigger of ['editorSwitch', 'windowBlur', 'terminal'] as const) {
      assert.deepEqual(summarize({ actions, trigger }), { text: 'Saved (left)', icon: 'check' }, trigger);
    }
    assert.equal(summarize({ actions, trigger: 'delay' }).text, 'Saved');
    assert.equal(summarize({ actions, trigger: 'command' }).text, 'Saved');
    assert.equal(summarize({ actions: [a('format', 'skipped', brokenCode(0)), a('save', 'done', { code: 'saved' })], trigger: 'windowBlur' }).text, 'Saved · not formatted (left)');
    assert.equal(summarize({ actions: [a('save', 'skipped', { code: 'clean' })], trigger: 'editorSwitch' }).text, 'Nothing to do');
  });

  it('words do not decide: a reason reworded in the log reads the same on the status bar', () => {
    // The log's words for one reason, and the status bar's, come from the code alone.
    const reason: Reason = { code: 'deferredAtCaret', would: { code: 'applied', titles: ['Organize Imports'] } };
    assert.match(words(reason), /every change is at your caret: waits until you move on \(applied Organize Imports\)/);
    assert.equal(summarize({ actions: [a('format', 'skipped', reason)] }).text, 'Skipped: at your caret');
  });

  it('every status bar word goes through the localizer', () => {
    const seen: string[] = [];
    const localize: Localize = (message, ...args) => {
      seen.push(message);
      return english(`«${message}»`, ...args);
    };
    assert.equal(summarize({ actions: [a('save', 'done', { code: 'saved' })] }, localize).text, '«Saved»');
    assert.equal(summarize({ actions: [a('format', 'skipped', brokenCode(1))] }, localize).text, '«Not run: «2 errors»»');
    assert.deepEqual(seen.slice(-2), ['{0} errors', 'Not run: {0}']);
  });
});

describe('status bar summary of a notebook settle', () => {
  it('an error touching the edited lines of a notebook cell reads as it does for a text file: "Not run: 1 error"', () => {
    const cells: Reason = { code: 'cells', cells: [{ cell: 1, reason: brokenCode(0) }] };
    assert.deepEqual(summarize({ actions: [a('format', 'skipped', cells)] }), { text: 'Not run: 1 error', icon: 'warning' });
    assert.match(words(cells), /^cell 1: held back: ts\(1005\)/);
  });

  it('cells that were already formatted are nothing to do; one formatted cell is "Formatted"', () => {
    const already: Reason = { code: 'cells', cells: [{ cell: 1, reason: { code: 'alreadyFormatted' } }, { cell: 2, reason: { code: 'noEdits', language: 'python' } }] };
    assert.equal(nothingToDo(already), true);
    assert.equal(summarize({ actions: [a('format', 'done', already)] }).text, 'Nothing to do');
    const one: Reason = { code: 'cells', cells: [{ cell: 1, reason: { code: 'alreadyFormatted' } }, { cell: 2, reason: { code: 'formatted', edits: 1 } }] };
    assert.equal(summarize({ actions: [a('format', 'done', one)] }).text, 'Formatted');
  });
});

describe('status bar word for every reason a settle left a file alone', () => {
  const skippedBy = (reason: Reason) => summarize({ actions: [a('format', 'skipped', reason)] });
  const CASES: Array<[Reason, string]> = [
    [{ code: 'untitled' }, 'Skipped: untitled'],
    [{ code: 'readOnly' }, 'Skipped: read-only'],
    [{ code: 'typed', when: 'computing' }, 'Skipped: you typed'],
    [{ code: 'refused' }, 'Skipped: the document changed'],
    [{ code: 'late' }, 'Skipped: time limit'],
    [{ code: 'cutOff' }, 'Skipped: time limit'],
    [{ code: 'afterTimeout', action: 'x' }, 'Skipped: time limit'],
    [{ code: 'notebookUnsupported' }, 'Skipped: notebook'],
    [{ code: 'restored', what: 'formatting' }, 'Skipped: undo or redo'],
    [{ code: 'notActive', name: 'a.txt' }, 'Skipped: not in front'],
    [{ code: 'waitsForEditor' }, 'Skipped: not in front'],
    [{ code: 'notAllowed', answer: 'asking' }, 'Skipped: not allowed'],
    [{ code: 'backoff', failures: 3, settles: { skipped: 1, of: 1 } }, 'Skipped: backing off'],
    [{ code: 'backoff', failures: 6, stopped: true }, 'Skipped: stopped after failures'],
    [{ code: 'closed' }, 'Skipped: closed'],
    [{ code: 'noDocument' }, 'Skipped: no document'],
    [{ code: 'deactivated' }, 'Skipped: see the log'],
  ];
  for (const [reason, text] of CASES) {
    it(`${reason.code} → ${text}`, () => assert.deepEqual(skippedBy(reason), { text, icon: 'circle-slash' }));
  }

  it('broken code in several cells of a notebook counts the errors of all of them', () => {
    const reason: Reason = { code: 'cells', cells: [{ cell: 1, reason: brokenCode(0) }, { cell: 3, reason: brokenCode(2) }] };
    assert.deepEqual(skippedBy(reason), { text: 'Not run: 4 errors', icon: 'warning' });
  });

  it('the first cell that was left alone speaks for a notebook; cells with nothing to do do not', () => {
    const reason: Reason = { code: 'cells', cells: [{ cell: 1, reason: { code: 'alreadyFormatted' } }, { cell: 2, reason: { code: 'tooLarge', first: true, lines: 1, limit: 'x', what: 'f' } }] };
    assert.equal(skippedBy(reason).text, 'Skipped: too large');
  });

  const CONDITIONS: Array<[StageSkip, string]> = [
    [{ code: 'condition', condition: 'noErrors', detail: '', errors: 2 }, 'Not run: 2 errors'],
    [{ code: 'condition', condition: 'noErrors', detail: '' }, 'Not run: 1 error'],
    [{ code: 'condition', condition: 'languages', detail: '' }, 'Not run: language'],
    [{ code: 'condition', condition: 'pattern', detail: '' }, 'Not run: pattern'],
    [{ code: 'condition', condition: 'focused', detail: '' }, 'Not run: focused'],
    [{ code: 'condition', condition: 'debugging', detail: '' }, 'Not run: debugging'],
    [{ code: 'condition', condition: 'onlyDirty', detail: '' }, 'Not run: no unsaved changes'],
    [{ code: 'condition', condition: 'workspaceOnly', detail: '' }, 'Not run: outside the workspace'],
    [{ code: 'condition', condition: 'document', detail: '' }, 'Not run: no document'],
    [{ code: 'error', message: 'boom' }, 'Not run: error'],
  ];
  for (const [skip, text] of CONDITIONS) {
    it(`a stage kept from running (${skip.code === 'condition' ? skip.condition : skip.code}) → ${text}`, () => assert.deepEqual(notRun(skip), { text, icon: 'warning' }));
  }

  it('a failure outranks a save; a deleted file outranks a conflict and a save', () => {
    assert.deepEqual(summarize({ actions: [a('save', 'done', { code: 'saved' }), a('my.cmd', 'failed', { code: 'error', message: 'x' })] }), { text: 'Failed: my.cmd', icon: 'error' });
    assert.equal(summarize({ actions: [a('save', 'skipped', { code: 'conflict', held: false }), a('saveAll', 'skipped', { code: 'deleted', first: true })] }).text, 'Deleted on disk');
    assert.equal(summarize({ actions: [a('saveAll', 'done', { code: 'saved', files: 2 }), a('save', 'skipped', { code: 'conflict', held: true })] }).text, 'Conflict');
    assert.equal(summarize({ actions: [a('format', 'done', { code: 'formatted', edits: 1 }), a('my.cmd', 'done', { code: 'ran' })] }).text, 'Formatted');
    assert.equal(summarize({ actions: [a('format', 'done', { code: 'alreadyFormatted' }), a('save', 'skipped', { code: 'untitled' })] }).text, 'Skipped: untitled');
  });
});


describe('values from outside in the tooltip and in notifications', () => {
  // VS Code renders the tooltip as GitHub-flavoured Markdown with HTML: markdown-it with HTML and
  // bare links on stands in for it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const MarkdownIt = require('markdown-it') as new (options: object) => { render(source: string): string };
  const render = (source: string) => new MarkdownIt({ html: true, linkify: true }).render(source);
  const HOSTILE = [
    '[x](command:workbench.action.terminal.sendSequence).json',
    '![img](https://evil/x.png)',
    '<img src=x>',
    'www.evil.example and https://evil.example/x',
    '1. listed',
    '$(zap) `code` **bold** _it_ # head',
    '\\[already escaped\\](command:x)',
  ];

  it('each hostile value is literal text in a table cell and in a list item: no link, image, HTML or broken row', () => {
    for (const value of HOSTILE) {
      const row = render(`| a | b |\n|---|---|\n| ${escapeMarkdown(value)} | after |\n`);
      assert.doesNotMatch(row, /<a |<img|<strong|<em|<code|<h1/, value);
      assert.equal((row.match(/<td>/g) ?? []).length, 2, `one row of two cells for ${value}`);
      const text = row.match(/<tbody>\s*<tr>\s*<td>(.*?)<\/td>/s)?.[1];
      assert.equal(text?.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&'), value, 'shown as written');
      const item = render(`- ${escapeMarkdown(value)}\n`);
      assert.doesNotMatch(item, /<a |<img|<ol/, value);
    }
    // The theme icon syntax is escaped too (the tooltip supports icons).
    // VS Code's own escaped-icon form (its renderer keeps `\$(` literal, renders `$(` as an icon).
    assert.equal(escapeMarkdown('$(zap)'), '\\$(zap)');
    assert.equal(escapeMarkdown('a $(x) b $(sync~spin)'), 'a \\$(x) b \\$(sync~spin)');
    assert.equal(escapeMarkdown('$(not an icon)'), '\\$\\(not an icon\\)', 'not an icon name: escaped as any text');
  });

  it('a diagnostic with | and line breaks stays in its cell', () => {
    const diagnostic = "',' expected. | broken\ncell\r\n| next";
    const row = render(`| a | b |\n|---|---|\n| ${escapeMarkdown(diagnostic)} | after |\n`);
    assert.equal((row.match(/<tr>/g) ?? []).length, 2, 'the header and one row');
    assert.match(row, /<td>',' expected\. \| broken cell \| next<\/td>/);
  });

  it('in a notification, [text](link) is no link, and the text reads the same', () => {
    const text = noLinks('ran [x](command:evil) and [y](https://e)');
    assert.doesNotMatch(text, /\]\(/);
    assert.equal(text.replace(/\u200B/g, ''), 'ran [x](command:evil) and [y](https://e)');
  });
});
