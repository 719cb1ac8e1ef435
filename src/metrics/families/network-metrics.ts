import type { MetricDef } from '../metric-def.js';
import { perInterface } from '../snapshot-readers.js';

const NET = { kind: 'rate', labels: ['iface'], source: 'snapshot' } as const;

/** Network interfaces: every figure is a per-second rate over the interval. */
export const NETWORK_METRICS = {
  netRxBps: {
    ...NET,
    unit: 'bytes/s',
    name: 'net.rx_bps',
    description: 'Bytes received per second over the last interval.',
    read: perInterface((n) => n.rxBps),
    prom: { name: 'network_receive_bytes_per_second' },
  },
  netTxBps: {
    ...NET,
    unit: 'bytes/s',
    name: 'net.tx_bps',
    description: 'Bytes sent per second over the last interval.',
    read: perInterface((n) => n.txBps),
    prom: { name: 'network_transmit_bytes_per_second' },
  },
  netRxPps: {
    ...NET,
    unit: 'packets/s',
    name: 'net.rx_pps',
    description: 'Packets received per second over the last interval.',
    read: perInterface((n) => n.rxPps),
  },
  netTxPps: {
    ...NET,
    unit: 'packets/s',
    name: 'net.tx_pps',
    description: 'Packets sent per second over the last interval.',
    read: perInterface((n) => n.txPps),
  },
  netRxErrors: {
    ...NET,
    unit: 'packets/s',
    name: 'net.rx_errors',
    description: 'Receive errors per second over the last interval.',
    read: perInterface((n) => n.rxErrors),
    prom: { name: 'network_receive_errors_per_second' },
  },
  netTxErrors: {
    ...NET,
    unit: 'packets/s',
    name: 'net.tx_errors',
    description: 'Transmit errors per second over the last interval.',
    read: perInterface((n) => n.txErrors),
    prom: { name: 'network_transmit_errors_per_second' },
  },
  netRxDrops: {
    ...NET,
    unit: 'packets/s',
    name: 'net.rx_drops',
    description: 'Received packets dropped per second over the last interval.',
    read: perInterface((n) => n.rxDrops),
    prom: { name: 'network_receive_drops_per_second' },
  },
  netTxDrops: {
    ...NET,
    unit: 'packets/s',
    name: 'net.tx_drops',
    description: 'Outgoing packets dropped per second over the last interval.',
    read: perInterface((n) => n.txDrops),
    prom: { name: 'network_transmit_drops_per_second' },
  },
} as const satisfies Record<string, MetricDef>;
