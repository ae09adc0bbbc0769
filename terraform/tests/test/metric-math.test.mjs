// The evaluator the scaling tests compute alarms and policies with: it must get CloudWatch's
// rules right before it proves anything about the module.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { breaches, evaluate, stepAdjustment } from '../lib/metric-math.mjs';

test('arithmetic, precedence and parentheses', () => {
  assert.equal(evaluate('(busy + FILL(queued, 0) + 2) / in_service', { busy: 2, queued: 50, in_service: 2 }), 27);
  assert.equal(evaluate('busy + queued * 2', { busy: 1, queued: 3 }), 7);
  assert.equal(evaluate('-1 + 3', {}), 2);
});

test('a missing datapoint leaves the result missing, FILL replaces it, division by zero has no value', () => {
  assert.equal(evaluate('busy + queued', { busy: 1 }), undefined);
  assert.equal(evaluate('busy + FILL(queued, 0)', { busy: 1 }), 1);
  assert.equal(evaluate('(busy + 2) / in_service', { busy: 0, in_service: 0 }), undefined);
});

test('comparisons give 1 or 0, IF picks by a non-zero condition', () => {
  assert.equal(evaluate('IF(in_service == 0, queued, 0)', { in_service: 0, queued: 3 }), 3);
  assert.equal(evaluate('IF(in_service == 0, queued, 0)', { in_service: 1, queued: 3 }), 0);
  assert.equal(evaluate('IF(in_service == 0, queued, 0)', { queued: 3 }), undefined);
  assert.equal(evaluate('(1 > 0) + (2 >= 3)', {}), 1);
  assert.equal(evaluate('IF(CEIL(0.2 * busy) > 3, CEIL(0.2 * busy), 3)', { busy: 21 }), 5);
});

test('alarm comparison and step intervals: lower inclusive, upper exclusive, null unbounded', () => {
  assert.equal(breaches('GreaterThanThreshold', 0, 0), false);
  assert.equal(breaches('GreaterThanThreshold', 0.5, 0), true);
  const steps = [
    { metric_interval_lower_bound: '0', metric_interval_upper_bound: '2', scaling_adjustment: 1 },
    { metric_interval_lower_bound: '2', metric_interval_upper_bound: '3', scaling_adjustment: 2 },
    { metric_interval_lower_bound: '3', metric_interval_upper_bound: null, scaling_adjustment: 3 },
  ];
  assert.deepEqual([0.5, 1, 2, 2.9, 3, 70].map((v) => stepAdjustment(steps, v, 0)), [1, 1, 2, 2, 3, 3]);
  assert.equal(stepAdjustment(steps, -1, 0), undefined);
  assert.throws(() => evaluate('SUM(busy)', { busy: 1 }), /not evaluated here/);
});
