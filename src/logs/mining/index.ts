export { TemplateMiner, DEFAULT_MAX_TEMPLATES, JOIN_SIMILARITY, MAX_MINED_CHARS, minedText } from './template-miner.js';
export type { MinedTemplate, MinerOptions } from './template-miner.js';
export { MAX_CONSTANT_VALUES, currentLeaf } from './cluster.js';
export type { Cluster, Leaf } from './cluster.js';
export { snapshotMiner, restoreMiner, MinerSnapshotError, ZMinerSnapshot } from './miner-snapshot.js';
export type { MinerSnapshot } from './miner-snapshot.js';
export { templateId, OTHER_ID, OTHER_TEMPLATE } from './template-id.js';
export { tokenize, templateText, WILDCARD, GLUE, MAX_TOKENS } from './tokenize.js';
export { groupingAccuracy } from './grouping-accuracy.js';
