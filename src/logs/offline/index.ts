export { analyzeFile, UnreadableFileError } from './analyze-file.js';
export type { AnalyzeFileOptions, AnalyzedTemplate, FileAnalysis } from './analyze-file.js';
export { formatAnalysisTable, terminalSafe } from './analysis-table.js';
