// Information-loss metrics by policy name (privacy.metric).
import type { MetricName } from '../../privacy/types.js';
import { aecsMetric } from './aecs.js';
import { discernibilityMetric } from './discernibility.js';
import { entropyMetric } from './entropy.js';
import { lossMetric } from './loss.js';
import { precisionMetric } from './precision.js';
import type { Metric } from './types.js';

export const METRICS: Record<MetricName, Metric> = {
  loss: lossMetric,
  precision: precisionMetric,
  discernibility: discernibilityMetric,
  aecs: aecsMetric,
  entropy: entropyMetric,
};
