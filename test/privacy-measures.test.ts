import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { distinctL, entropyL, isRecursiveCL, emdEqual, emdOrdered } from '../src/privacy/measures.js';

test('distinct l counts the values present in a class', () => {
  assert.is(distinctL([3, 0, 1, 0]), 2);
  assert.is(distinctL([0, 0]), 0);
});

test('entropy l of a uniform class equals its number of values', () => {
  assert.ok(Math.abs(entropyL([2, 2, 2]) - 3) < 1e-12);
  assert.is(entropyL([5]), 1);
  // skewed: p = (3/4, 1/4): H = -(.75 ln .75 + .25 ln .25)
  const h = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25));
  assert.ok(Math.abs(entropyL([3, 1]) - Math.exp(h)) < 1e-12);
});

test('recursive (c,l): r1 < c (r_l + ... + r_m)', () => {
  // counts sorted 5,3,2: l=2 → tail = 3+2 = 5; c=2 → 5 < 10 true; c=1 → 5 < 5 false
  assert.ok(isRecursiveCL([2, 5, 3], 2, 2));
  assert.not.ok(isRecursiveCL([2, 5, 3], 1, 2));
  assert.not.ok(isRecursiveCL([4], 3, 2));
});

test('EMD equal distance is half the L1 distance between distributions', () => {
  // class (1,0) vs global (.5,.5): ½(.5+.5) = .5
  assert.ok(Math.abs(emdEqual([4, 0], [0.5, 0.5]) - 0.5) < 1e-12);
  assert.is(emdEqual([1, 1], [0.5, 0.5]), 0);
});

test('EMD ordered distance follows Li et al. 2007 (salary example)', () => {
  // Li et al.: Q uniform over 9 salaries, P = {3k,4k,5k} → EMD = 0.375
  const global = new Array(9).fill(1 / 9);
  const p = [1, 1, 1, 0, 0, 0, 0, 0, 0];
  assert.ok(Math.abs(emdOrdered(p, global) - 0.375) < 1e-12);
  // P2 = {6k, 8k, 11k} (codes 3, 5, 8) → 0.167 in the paper
  const p2 = [0, 0, 0, 1, 0, 1, 0, 0, 1];
  assert.ok(Math.abs(emdOrdered(p2, global) - 1 / 6) < 1e-3);
});

test.run();
