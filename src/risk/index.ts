// Public API of the risk core (re-exported for the CLI and tests).
export { computeMeasures, DEFAULT_RECORD_RISK_THRESHOLDS, type RiskMeasures, type MeasureOptions, type AttackerRisk, type RecordsAtRisk } from './measures.js';
export { classSizeHistogram, bucketLabel, type HistogramBucket } from './histogram.js';
export { frequencyOfFrequencies, type FreqOfFreq, type EstimatorInput, type UniquenessEstimate } from './estimators/types.js';
export { pitman } from './estimators/pitman.js';
export { zayatz } from './estimators/zayatz.js';
export { snb } from './estimators/snb.js';
export { estimatePopulationUniqueness, type PopulationUniqueness } from './estimators/dankar.js';
export { sensitiveMeasures, forEachClassHist, type SensitiveInput, type SensitiveMeasures, type Distance } from './sensitive.js';
export { qiContributions, countUniques, type QiContribution } from './contribution.js';
export { buildReport, REPORT_VERSION, type Report, type ReportInput, type ColumnTransform, type LevelExplanation, type SmallClass } from './report.js';
export { evaluateGate, formatGateFailure, gateError, type GateResult, type GateFailure } from './gate.js';
export { riskSchema, normalizeRisk, populationSize, type RiskPolicy, type RiskThresholds, type Population } from './schema.js';
export { renderTerminal, type TerminalOptions } from './render/terminal.js';
export { renderJson } from './render/json.js';
export { renderMarkdown } from './render/markdown.js';
export { renderHtml } from './render/html.js';
