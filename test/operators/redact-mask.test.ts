import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { redact } from '../../src/operators/redact.js';
import { mask, type MaskOptions } from '../../src/operators/mask.js';
import type { CellFn } from '../../src/operators/types.js';
import { KanonError } from '../../src/errors.js';
import { makeContext } from './context.js';

const m = (o: MaskOptions): CellFn => mask.compile(o, makeContext()) as CellFn;

test('redact replaces every value with "*" by default, or with the `with` text', () => {
  const d = redact.compile({}, makeContext()) as CellFn;
  assert.is(d('Jane Doe', []), '*');
  assert.is(d('', []), '*');
  const w = redact.compile({ with: '[REDACTED]' }, makeContext()) as CellFn;
  assert.is(w('123-45-6789', []), '[REDACTED]');
});

test('mask by default masks every character, keeping the length', () => {
  assert.is(m({})('Jane Doe', []), '********');
});

test('mask keepStart / keepEnd keep characters at the ends', () => {
  assert.is(m({ keepStart: 2 })('abcdefgh', []), 'ab******');
  assert.is(m({ keepEnd: 3 })('abcdefgh', []), '*****fgh');
  assert.is(m({ keepStart: 1, keepEnd: 1 })('abcdefgh', []), 'a******h');
});

test('mask hides a value entirely when it is not longer than keepStart + keepEnd', () => {
  assert.is(m({ keepStart: 2, keepEnd: 2 })('abcd', []), '****');
  assert.is(m({ keepStart: 2, keepEnd: 2 })('abc', []), '***');
  assert.is(m({ keepStart: 2, keepEnd: 2 })('abcde', []), 'ab*de');
});

test('mask maskChar sets the mask character, including a non-BMP one', () => {
  assert.is(m({ maskChar: '#' })('abc', []), '###');
  assert.is(m({ maskChar: '😀', keepEnd: 1 })('abc', []), '😀😀c');
});

test('mask rejects a maskChar that is not one character', () => {
  try {
    m({ maskChar: 'ab' });
    assert.unreachable();
  } catch (e) {
    assert.instance(e, KanonError);
    assert.is((e as KanonError).code, 'POLICY_INVALID');
    assert.is((e as KanonError).where.path, '/columns/value/maskChar');
  }
});

test('mask works on code points: an emoji or non-BMP letter is one character', () => {
  assert.is(m({ keepEnd: 1 })('a😀b𝒳', []), '***𝒳');
  assert.is(m({ keepStart: 1 })('😀😀😀', []), '😀**');
  assert.is(Array.from(m({})('日本語😀', [])).length, 4);
});

test('mask keepSeparators keeps - space @ . in place and counts only other characters', () => {
  const f = m({ keepEnd: 4, keepSeparators: true });
  assert.is(f('123-45-6789', []), '***-**-6789');
  assert.is(m({ keepStart: 1, keepSeparators: true })('jo.doe@mail.com', []), 'j*.***@****.***');
  assert.is(m({ keepSeparators: true })('a b-c', []), '* *-*');
  assert.is(m({ keepSeparators: false })('a b-c', []), '*****');
  // without keepSeparators, keepEnd counts separators too
  assert.is(m({ keepEnd: 4 })('123-45-6789', []), '*******6789');
  assert.is(m({ keepEnd: 6 })('123-45-6789', []), '*****5-6789');
});

test.run();
