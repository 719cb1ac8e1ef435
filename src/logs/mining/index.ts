export { TemplateMiner, clusterId, clusterText, similarity, DEFAULT_MAX_TEMPLATES, DEFAULT_SIMILARITY } from './template-miner.js';
export type { Cluster, MinerOptions } from './template-miner.js';
export { templateId, OTHER_ID, OTHER_TEMPLATE } from './template-id.js';
export { tokenize, templateText, WILDCARD } from './tokenize.js';
export { groupingAccuracy } from './grouping-accuracy.js';
