import type { z } from 'zod';

/** Renders zod issues as `path: message "value"` lines, the way `checkup config check` prints them. */
export function formatIssues(issues: z.core.$ZodIssue[], envNames: Record<string, string> = {}): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) lines.push(`${path ? `${path}.` : ''}${key}: unknown key`);
      continue;
    }
    const where = envNames[path] ? `${envNames[path]} (${path})` : path || '(root)';
    lines.push(`${where}: ${issue.message}${describeInput(issue)}`);
  }
  return lines;
}

/** Custom issues already quote their value; built-in ones get it appended. */
function describeInput(issue: z.core.$ZodIssue): string {
  if (issue.code === 'custom') return '';
  if (!('input' in issue) || issue.input === undefined) return '';
  // YAML's .inf and 1e400 are Infinity, which JSON would print as null.
  const text = typeof issue.input === 'number' ? String(issue.input) : JSON.stringify(issue.input);
  if (text === undefined) return '';
  return ` (got ${text.length > 80 ? `${text.slice(0, 77)}...` : text})`;
}
