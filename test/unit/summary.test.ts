import * as assert from 'node:assert/strict';
import type { ActionKind, Reason, StageSkip, Status } from '../../src/actions/outcome';
import { describe as words, nothingToDo } from '../../src/actions/outcome';
import { english, Localize, summarize } from '../../src/ui/summary';

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
