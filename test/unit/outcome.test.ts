import * as assert from 'node:assert/strict';
import { describe as words, describeStageSkip, leaves, nothingToDo, Reason } from '../../src/actions/outcome';

/** What the log says for each reason: the words a user reads in the Output panel and the tooltip. */
const CASES: Array<[Reason, string]> = [
  [{ code: 'saved' }, 'saved'],
  [{ code: 'saved', files: 1 }, 'saved 1 file'],
  [{ code: 'saved', files: 3 }, 'saved 3 files'],
  [{ code: 'saved', changedWhileSaving: true }, 'saved; changed again while saving'],
  [{ code: 'saved', keptAtCaret: 1 }, 'saved; 1 change at your caret kept out of the editor until you move on'],
  [{ code: 'saved', keptAtCaret: 2 }, 'saved; 2 changes at your caret kept out of the editor until you move on'],
  [{ code: 'savedWithoutFormatting' }, 'saved without formatting'],
  [{ code: 'formatted', edits: 1 }, 'formatted (1 edit)'],
  [
    { code: 'formatted', edits: 2, notes: { typed: 1, elsewhere: 3 }, waiting: 1, view: { positions: 4, ms: 2.6 } },
    'formatted (2 edits; 1 error where you typed is not a syntax error and did not stop it; 3 errors elsewhere in the file did not stop it); 1 change at your caret wait until you move on; 4 caret and scroll positions kept in 3 ms',
  ],
  [{ code: 'formatted', edits: 1, notes: { typed: 2, elsewhere: 0 }, waiting: 2 }, 'formatted (1 edit; 2 errors where you typed are not a syntax error and did not stop it); 2 changes at your caret wait until you move on'],
  [{ code: 'applied', titles: ['Fix all', 'Organize'] }, 'applied Fix all, Organize'],
  [{ code: 'alreadyFormatted' }, 'already formatted'],
  [{ code: 'alreadyFormatted', notes: { typed: 0, elsewhere: 1 } }, 'already formatted; 1 error elsewhere in the file did not stop it'],
  [{ code: 'ran' }, 'ran'],
  [{ code: 'notAllowed', answer: 'asking' }, 'not run: a command from the workspace settings; waiting for your answer (Allow runs it)'],
  [{ code: 'notAllowed', answer: 'notNow' }, 'not run: you answered "Not now" for the workspace settings\' commands (asked again after a reload or when they change)'],
  [{ code: 'notAllowed', answer: 'never' }, 'not run: you answered "Never for this folder" for these workspace settings\' commands'],
  [{ code: 'shown' }, 'shown'],
  [{ code: 'clean' }, 'no unsaved changes'],
  [{ code: 'clean', files: true }, 'no unsaved files'],
  [{ code: 'alreadySaved' }, 'already saved'],
  [{ code: 'noEdits', language: 'plaintext' }, 'no formatter for "plaintext" answered: none is installed for it, or the file is already formatted'],
  [{ code: 'noEdits', language: 'css', answered: true }, 'already formatted (the "css" formatter had no edits)'],
  [{ code: 'formatted', edits: 2, scope: { kind: 'changed', lines: 3 } }, 'formatted 3 changed lines (2 edits; scope: changed)'],
  [{ code: 'formatted', edits: 1, scope: { kind: 'modifications', lines: 1 } }, 'formatted 1 modified line (1 edit; scope: modifications)'],
  [
    { code: 'formatted', edits: 1, scope: { kind: 'modifications', lines: 2, fellBack: 'the file is in no Git repository' } },
    'formatted 2 changed lines (1 edit; scope: modifications, but the file is in no Git repository: the typed lines)',
  ],
  [{ code: 'noChangedLines', scope: { kind: 'changed', lines: 0 } }, 'nothing typed since it was last formatted (scope: changed)'],
  [{ code: 'noChangedLines', scope: { kind: 'modifications', lines: 0 } }, 'nothing differs from Git (scope: modifications)'],
  [{ code: 'noCodeAction', kind: 'source.fixAll' }, 'no source.fixAll action for this document'],
  [{ code: 'noCodeCells' }, 'no code cells'],
  [{ code: 'noEditedCells' }, 'no cell edited since the last settle'],
  [{ code: 'untitled' }, 'untitled (never pushed into a Save As dialog)'],
  [{ code: 'readOnly' }, 'read-only'],
  [{ code: 'deleted', first: true }, 'deleted on disk: not created again; your typing stays in the editor (save it by hand to bring the file back)'],
  [{ code: 'deleted', first: false }, 'deleted on disk (see the first skip in the log)'],
  [{ code: 'deleted', first: false, files: true }, 'deleted on disk: not created again'],
  [{ code: 'conflict', held: true }, 'conflict (held since the failed save; see it in the log): save by hand or revert'],
  [
    { code: 'conflict', held: false },
    'conflict: the file changed on disk under your unsaved typing; not saved automatically until you save by hand (compare or overwrite) or revert',
  ],
  [{ code: 'typed', when: 'beforeAction' }, 'you typed; it runs again at the next settle'],
  [{ code: 'typed', when: 'computing' }, 'you typed while it was being computed; not applied'],
  [{ code: 'typed', when: 'stopped' }, 'you typed; stopped'],
  [{ code: 'typed', when: 'stopped', beforeCell: 2 }, 'you typed; stopped before cell 2'],
  [{ code: 'restored', what: 'formatting' }, 'you undid or redid: not formatting what you restored'],
  [{ code: 'tooLarge', first: true, lines: 900, limit: '500 lines (idleWatchdog.formatLimit)', what: 'formatting' }, 'too large (900 lines; the limit is 500 lines (idleWatchdog.formatLimit)): saved, not formatting on settle'],
  [{ code: 'tooLarge', first: false, lines: 900, limit: 'x', what: 'formatting' }, 'too large (see the first skip in the log)'],
  [
    { code: 'brokenCode', diagnostic: 'ts(1005) "\',\' expected."', line: 3, why: 'a syntax error', more: 0, what: 'formatting' },
    'held back: ts(1005) "\',\' expected." on line 3, where you typed, is a syntax error; formatting broken code could move what you are typing',
  ],
  [
    { code: 'brokenCode', diagnostic: 'eslint "Parsing error"', line: 1, why: 'a parsing error', more: 2, what: 'running source.fixAll on' },
    'held back: eslint "Parsing error" on line 1, where you typed, is a parsing error (and 2 more there); running source.fixAll on broken code could move what you are typing',
  ],
  [{ code: 'deferredAtCaret', would: { code: 'formatted', edits: 1 } }, 'every change is at your caret: waits until you move on (formatted (1 edit))'],
  [{ code: 'notActive', name: 'a.txt' }, 'not run: a.txt is not the active editor (a command acts on the active one); it runs when you are back there'],
  [{ code: 'waitsForEditor' }, 'not the active editor; saved without formatting when it is'],
  [{ code: 'notebookUnsupported' }, 'a notebook has no save without formatting for extensions; use "save"'],
  [{ code: 'noDocument' }, 'no document (no editor is active)'],
  [{ code: 'closed' }, 'the document was closed'],
  [{ code: 'deactivated' }, 'the extension was deactivated'],
  [{ code: 'late' }, 'answered after the time limit; not applied'],
  [{ code: 'late', formatter: true }, 'the formatter answered after the time limit; not applied'],
  [{ code: 'cutOff' }, 'cut off at the time limit; stopped'],
  [{ code: 'refused' }, 'the document changed before the edit could be applied; not applied'],
  [{ code: 'afterTimeout', action: 'my.cmd' }, 'my.cmd was cut off at its time limit and may still be running'],
  [{ code: 'backoff', failures: 4, saveInMs: 30_000 }, 'backing off after 4 failed saves in a row; a settle 30 s from now tries again'],
  [{ code: 'backoff', failures: 6, stopped: true }, 'stopped after 6 failures in a row; change the settings or reload to try again'],
  [{ code: 'backoff', failures: 4, settles: { skipped: 1, of: 2 } }, 'backing off after 4 failures in a row (1/2 settles)'],
  [{ code: 'notSaved' }, 'VS Code did not save it'],
  [{ code: 'notSaved', failures: 1, files: 3 }, 'VS Code did not save 1 of 3 files'],
  [{ code: 'stillUnsaved' }, 'still unsaved'],
  [{ code: 'timeout', limitMs: 5000 }, 'no answer within 5 s; abandoned, nothing it does later is applied (idleWatchdog.actionTimeout)'],
  [{ code: 'error', message: 'boom' }, 'boom'],
  [
    { code: 'cells', cells: [{ cell: 1, reason: { code: 'alreadyFormatted' } }, { cell: 3, reason: { code: 'formatted', edits: 2 } }] },
    'cell 1: already formatted; cell 3: formatted (2 edits)',
  ],
  // Numbered as VS Code shows them ("Cell 2 of 2" in the notebook).
  [{ code: 'cells', of: 2, cells: [{ cell: 2, reason: { code: 'formatted', edits: 1 } }] }, 'cell 2 of 2: formatted (1 edit)'],
];

describe('outcome reasons in words (the log and the tooltip)', () => {
  for (const [reason, text] of CASES) {
    it(`${reason.code}: "${text.slice(0, 60)}${text.length > 60 ? '…' : ''}"`, () => assert.equal(words(reason), text));
  }

  it('a stage kept from running: its condition, or the error that stopped it', () => {
    assert.equal(describeStageSkip({ code: 'condition', condition: 'languages', detail: 'its language "json" is not one of markdown' }), 'not run: its language "json" is not one of markdown');
    assert.equal(describeStageSkip({ code: 'error', message: 'boom' }), 'failed: boom');
  });
});

describe('what an outcome stands for', () => {
  const cells = (...reasons: Reason[]): Reason => ({ code: 'cells', cells: reasons.map((reason, i) => ({ cell: i + 1, reason })) });

  it('a notebook outcome stands for its cells’ reasons, nested ones too', () => {
    assert.deepEqual(leaves(cells({ code: 'ran' }, cells({ code: 'clean' }))).map((r) => r.code), ['ran', 'clean']);
    assert.deepEqual(leaves({ code: 'saved' }).map((r) => r.code), ['saved']);
  });

  it('nothing to do: no unsaved changes, already formatted or saved, no formatter edits, no code action, no code cells', () => {
    for (const code of ['clean', 'alreadySaved', 'alreadyFormatted', 'noCodeCells', 'noEditedCells'] as const) assert.equal(nothingToDo({ code } as Reason), true, code);
    assert.equal(nothingToDo({ code: 'noEdits', language: 'x' }), true);
    assert.equal(nothingToDo({ code: 'noCodeAction', kind: 'source.fixAll' }), true);
    for (const reason of [{ code: 'saved' }, { code: 'untitled' }, { code: 'typed', when: 'stopped' }, { code: 'formatted', edits: 1 }] as Reason[]) assert.equal(nothingToDo(reason), false, reason.code);
    assert.equal(nothingToDo(cells({ code: 'alreadyFormatted' }, { code: 'noEdits', language: 'x' })), true);
    assert.equal(nothingToDo(cells({ code: 'alreadyFormatted' }, { code: 'formatted', edits: 1 })), false);
  });
});
