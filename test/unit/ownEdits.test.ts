import * as assert from 'node:assert/strict';
import { OwnEdits } from '../../src/actions/ownEdits';

describe('OwnEdits', () => {
  it('nothing is ours when nothing is expected or open', () => {
    assert.equal(new OwnEdits().classify('file:///a', 2), undefined);
  });

  it('an expected version is ours exactly once', () => {
    const own = new OwnEdits();
    own.expect('file:///a', 5);
    assert.equal(own.classify('file:///b', 5), undefined, 'another document');
    assert.equal(own.classify('file:///a', 6), undefined, 'another version: the user');
    assert.equal(own.classify('file:///a', 5), 'exact');
    assert.equal(own.classify('file:///a', 5), undefined, 'consumed');
  });

  it('unexpect tells whether the expected version was taken by someone else first', () => {
    const own = new OwnEdits();
    own.expect('file:///a', 5);
    assert.equal(own.unexpect('file:///a', 5), true, 'nobody took it: the edit was just refused');
    own.expect('file:///a', 5);
    own.classify('file:///a', 5); // the user's keystroke produced version 5
    assert.equal(own.unexpect('file:///a', 5), false, 'taken: that change was the user’s');
  });

  it('a window covers only its documents (or all), records what changed inside it, until closed', () => {
    const own = new OwnEdits();
    const window = own.open(['file:///a']);
    assert.equal(own.classify('file:///a', 9), 'window');
    assert.equal(own.classify('file:///b', 9), undefined, 'other documents are not covered');
    assert.deepEqual([...window.close()], ['file:///a'], 'touched inside it');
    assert.deepEqual([...window.close()], ['file:///a'], 'closing twice is harmless');
    assert.equal(own.classify('file:///a', 10), undefined);
    assert.equal(own.idle, true);
    const all = own.open('all');
    const a = own.open(['file:///a', 'file:///c']);
    assert.equal(own.classify('file:///b', 1), 'window');
    all.close();
    assert.equal(own.classify('file:///b', 2), undefined);
    assert.equal(own.classify('file:///a', 2), 'window', 'nested windows close one by one');
    assert.deepEqual([...all.touched], ['file:///b']);
    assert.deepEqual([...a.close()], ['file:///a']);
    assert.equal(own.classify('file:///a', 3), undefined);
    assert.equal(own.idle, true, 'nothing left behind');
  });

  it("a notebook's window covers its cells' changes, recorded as the notebook's; a cell's exact version is the cell's own", () => {
    const own = new OwnEdits();
    const notebook = 'file:///n.ipynb';
    const cell = 'vscode-notebook-cell:/n.ipynb#c1';
    assert.equal(own.classify(cell, 4, notebook), undefined, 'no window: the user');
    const window = own.open([notebook]);
    assert.equal(own.classify(cell, 5, notebook), 'window');
    assert.equal(own.classify(cell, 6), undefined, 'without its owner a cell is not covered');
    assert.deepEqual([...window.close()], [notebook], 'the notebook is what changed');
    own.expect(cell, 7);
    assert.equal(own.classify(cell, 7, notebook), 'exact');
    assert.equal(own.idle, true);
  });

  it('several expected versions of one document are each ours once; unexpecting one leaves the other', () => {
    const own = new OwnEdits();
    own.expect('a', 2);
    own.expect('a', 3);
    assert.equal(own.unexpect('a', 2), true);
    assert.equal(own.idle, false, 'version 3 is still expected');
    assert.equal(own.classify('a', 3), 'exact');
    assert.equal(own.idle, true, 'nothing left behind');
    assert.equal(own.classify('a', 2), undefined, 'a withdrawn version is the user’s');
  });

  it('bookkeeping does not leak: idle again once every expectation is met or withdrawn and every window closed', () => {
    const own = new OwnEdits();
    own.expect('a', 2);
    assert.equal(own.idle, false);
    own.unexpect('a', 2);
    assert.equal(own.idle, true);
    const first = own.open(['a']);
    const second = own.open(['a', 'a']);
    assert.equal(own.idle, false);
    first.close();
    assert.equal(own.classify('a', 5), 'window', 'the other window on a still covers it');
    assert.deepEqual([...second.touched], ['a']);
    second.close();
    assert.equal(own.idle, true);
    assert.equal(own.classify('a', 6), undefined);
  });

  it('a closed document is forgotten: its expected version, if it comes back, is the user’s', () => {
    const own = new OwnEdits();
    own.expect('a', 2);
    own.expect('b', 2);
    own.forget('a');
    assert.equal(own.classify('a', 2), undefined);
    assert.equal(own.classify('b', 2), 'exact', 'other documents keep theirs');
    assert.equal(own.idle, true);
  });
});
