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

  it('a window covers its document (or all documents) until closed, once', () => {
    const own = new OwnEdits();
    const close = own.open('file:///a');
    assert.equal(own.classify('file:///a', 9), 'window');
    assert.equal(own.classify('file:///b', 9), undefined, 'other documents are not covered');
    close();
    close(); // closing twice is harmless
    assert.equal(own.classify('file:///a', 10), undefined);
    const closeAll = own.open(undefined);
    const closeA = own.open('file:///a');
    assert.equal(own.classify('file:///b', 1), 'window');
    closeAll();
    assert.equal(own.classify('file:///b', 2), undefined);
    assert.equal(own.classify('file:///a', 2), 'window', 'nested windows close one by one');
    closeA();
    assert.equal(own.classify('file:///a', 3), undefined);
  });
});
