import type { Redis } from 'ioredis';

/** CRC16/XMODEM, the checksum Redis Cluster maps keys to slots with. */
function crc16(data: Buffer): number {
  let crc = 0;
  for (const byte of data) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

/** The Cluster slot of `key`: only the first non-empty `{...}` counts when there is one. */
export function keySlot(key: string): number {
  const open = key.indexOf('{');
  if (open >= 0) {
    const close = key.indexOf('}', open + 1);
    if (close > open + 1) key = key.slice(open + 1, close);
  }
  return crc16(Buffer.from(key)) % 16384;
}

/** One MULTI…EXEC or one script call, with the keys it named. */
export type SlotGroup = { kind: 'multi' | 'script'; commands: string[]; keys: string[]; op: string };

/**
 * Records, on a real client, which keys each transaction and each Lua script call touches. Every
 * command ioredis sends (pipelines and transactions included) passes through `sendCommand`.
 * `label` names the caller's operation at the time a group starts.
 */
export function recordSlotGroups(redis: Redis, label: () => string | null = () => null): { groups: SlotGroup[] } {
  const groups: SlotGroup[] = [];
  let open: SlotGroup | null = null;
  type Cmd = { name: string; getKeys(): Array<string | Buffer> };
  const send = redis.sendCommand.bind(redis) as (command: Cmd, ...rest: unknown[]) => unknown;
  (redis as unknown as { sendCommand: typeof send }).sendCommand = (command, ...rest) => {
    const name = command.name.toLowerCase();
    const keys = () => command.getKeys().map(String);
    if (name === 'multi') open = { kind: 'multi', commands: [], keys: [], op: label() ?? '(unlabelled)' };
    else if (name === 'exec' || name === 'discard') {
      if (open) groups.push(open);
      open = null;
    } else if (open) {
      open.commands.push(name);
      open.keys.push(...keys());
    } else if (name === 'eval' || name === 'evalsha' || name === 'evalsha_ro' || name === 'eval_ro') {
      groups.push({ kind: 'script', commands: [name], keys: keys(), op: label() ?? '(unlabelled)' });
    }
    return send(command, ...rest);
  };
  return { groups };
}

/** The groups whose keys fall in more than one slot: each would fail with CROSSSLOT on a Cluster. */
export function crossSlotGroups(groups: SlotGroup[]): SlotGroup[] {
  return groups.filter((g) => new Set(g.keys.map(keySlot)).size > 1);
}
