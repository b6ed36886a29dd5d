import * as assert from 'node:assert/strict';
import { summarize } from '../../src/ui/summary';

const a = (action: string, status: 'done' | 'skipped' | 'failed' | 'timeout', detail = '') => ({ action, status, detail });

describe('status bar summary of a settle', () => {
  it('says what happened: Saved, Formatted, Done, Nothing to do', () => {
    assert.equal(summarize({ actions: [a('format', 'done', 'formatted (2 edits)'), a('save', 'done', 'saved')] }).text, 'Saved');
    assert.equal(summarize({ actions: [a('format', 'done', 'formatted (1 edit)')] }).text, 'Formatted');
    assert.equal(summarize({ actions: [a('my.command', 'done', 'ran')] }).text, 'Done');
    assert.equal(summarize({ actions: [a('format', 'done', 'already formatted'), a('save', 'skipped', 'no unsaved changes')] }).text, 'Nothing to do');
    assert.equal(summarize({ actions: [] }).text, 'Nothing to do');
  });

  it('never a check mark over a file left dirty: errors, untitled, failures, conditions', () => {
    const notRun = summarize({ actions: [], skipped: 'not run: it has 1 error (first: line 3: missing comma)' });
    assert.deepEqual(notRun, { text: 'Not run: 1 error', icon: 'warning' });
    assert.deepEqual(summarize({ actions: [a('save', 'skipped', 'untitled (never pushed into a Save As dialog)')] }), { text: 'Skipped: untitled', icon: 'circle-slash' });
    assert.deepEqual(summarize({ actions: [a('format', 'skipped', 'held back: ts(1005) "\',\' expected." on line 2, where you typed, is a syntax error (TypeScript code 1005 is the parser\'s); formatting broken code could move what you are typing')] }), {
      text: 'Not run: 1 error',
      icon: 'warning',
    });
    assert.equal(summarize({ actions: [a('format', 'skipped', 'held back: eslint "Parsing error: Unexpected token" on line 2, where you typed, is a parsing error (eslint could not parse the code) (and 2 more there); …')] }).text, 'Not run: 3 errors');
    assert.deepEqual(summarize({ actions: [a('format', 'skipped', 'every change is at your caret: waits until you move on (formatted (1 edit))')] }), { text: 'Skipped: at your caret', icon: 'circle-slash' });
    assert.deepEqual(summarize({ actions: [a('save', 'failed', 'VS Code did not save it')] }), { text: 'Failed: save', icon: 'error' });
    assert.deepEqual(summarize({ actions: [a('format', 'done', 'formatted (1 edit)'), a('save', 'skipped', 'deleted on disk (see the first skip in the log)')] }), { text: 'Deleted on disk', icon: 'warning' });
    assert.equal(summarize({ actions: [a('format', 'timeout', 'no answer'), a('save', 'done', 'saved')] }).text, 'Timed out: format');
    assert.equal(summarize({ actions: [], skipped: 'not run: its language "json" is not one of markdown' }).text, 'Not run: language');
    assert.equal(summarize({ actions: [a('format', 'skipped', 'you typed; it runs again at the next settle')] }).text, 'Skipped: you typed');
  });
});

describe('status bar summary of a notebook settle', () => {
  it('an error touching the edited lines of a notebook cell reads as it does for a text file: "Not run: 1 error"', () => {
    // inEachCell prefixes each cell's detail with "cell N: ".
    const notebook = summarize({ actions: [a('format', 'skipped', 'cell 1: held back: json(519) "Expected comma" on line 2, where you typed, is a syntax error (the JSON parser\'s); formatting broken code could move what you are typing')] });
    assert.deepEqual(notebook, { text: 'Not run: 1 error', icon: 'warning' });
  });
});
