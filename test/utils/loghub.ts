/** Reads the LogHub 2k sets in test/fixtures/loghub: raw lines, header pattern and true event ids. */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const LOGHUB_DIR = fileURLToPath(new URL('../fixtures/loghub/', import.meta.url));

/** Header formats from the LogHub README, in logparser's notation. */
export const LOGHUB_FORMATS: Record<string, string> = {
  HDFS: '<Date> <Time> <Pid> <Level> <Component>: <Content>',
  Hadoop: '<Date> <Time> <Level> \\[<Process>\\] <Component>: <Content>',
  Spark: '<Date> <Time> <Level> <Component>: <Content>',
  Zookeeper: '<Date> <Time> - <Level>  \\[<Node>:<Component>@<Id>\\] - <Content>',
  BGL: '<Label> <Timestamp> <Date> <Node> <Time> <NodeRepeat> <Type> <Component> <Level> <Content>',
  HPC: '<LogId> <Node> <Component> <State> <Time> <Flag> <Content>',
  Windows: '<Date> <Time>, <Level>                  <Component>    <Content>',
  Android: '<Date> <Time>  <Pid>  <Tid> <Level> <Component>: <Content>',
  HealthApp: '<Time>\\|<Component>\\|<Pid>\\|<Content>',
  Apache: '\\[<Time>\\] \\[<Level>\\] <Content>',
  OpenSSH: '<Date> <Day> <Time> <Component> sshd\\[<Pid>\\]: <Content>',
  OpenStack: '<Logrecord> <Date> <Time> <Pid> <Level> <Component> \\[<ADDR>\\] <Content>',
};

export const LOGHUB_SETS = Object.keys(LOGHUB_FORMATS);

/** RFC 4180 rows: quoted fields may hold commas, doubled quotes and newlines. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export type LoghubSet = { name: string; format: string; lines: string[]; contents: string[]; eventIds: string[] };

const gz = (path: string): string => gunzipSync(readFileSync(path)).toString('utf8');

export function loadLoghubSet(name: string, dir = LOGHUB_DIR): LoghubSet {
  const lines = gz(`${dir}${name}_2k.log.gz`).split('\n');
  if (lines.at(-1) === '') lines.pop();
  const [header, ...rows] = parseCsv(gz(`${dir}${name}_2k.log_structured_corrected.csv.gz`));
  const eventCol = header!.indexOf('EventId');
  const contentCol = header!.indexOf('Content');
  return {
    name,
    format: LOGHUB_FORMATS[name]!,
    lines,
    contents: rows.map((r) => r[contentCol]!),
    eventIds: rows.map((r) => r[eventCol]!),
  };
}
