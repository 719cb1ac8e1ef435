import { listDir, readText } from './read-text.js';

export type Temperature = { sensor: string; celsius: number };
type Sensor = { sensor: string; path: string };

/** Disconnected inputs read as -128, 127 or absurd values; they are left out. */
const PLAUSIBLE = (c: number) => c > -60 && c < 150;

async function hwmonSensors(sysRoot: string): Promise<Sensor[]> {
  const base = `${sysRoot}/class/hwmon`;
  const out: Sensor[] = [];
  for (const hw of (await listDir(base)) ?? []) {
    // Old drivers keep their attributes under device/ instead of the hwmon directory itself.
    for (const dir of [`${base}/${hw}`, `${base}/${hw}/device`]) {
      const inputs = ((await listDir(dir)) ?? []).filter((f) => /^temp\d+_input$/.test(f)).sort();
      if (inputs.length === 0) continue;
      const chip = (await readText(`${dir}/name`))?.trim() || hw;
      for (const input of inputs) {
        const channel = input.replace('_input', '');
        const label = (await readText(`${dir}/${channel}_label`))?.trim();
        out.push({ sensor: `${chip}/${label || channel}`, path: `${dir}/${input}` });
      }
      break;
    }
  }
  return out;
}

async function thermalSensors(sysRoot: string): Promise<Sensor[]> {
  const base = `${sysRoot}/class/thermal`;
  const zones = ((await listDir(base)) ?? []).filter((z) => z.startsWith('thermal_zone'));
  const out: Sensor[] = [];
  for (const zone of zones.sort()) {
    const type = (await readText(`${base}/${zone}/type`))?.trim() || zone;
    out.push({ sensor: `thermal/${type}`, path: `${base}/${zone}/temp` });
  }
  return out;
}

/** Two chips of one driver (two NVMe drives) would share names; number the repeats. */
function uniqueNames(sensors: Sensor[]): Sensor[] {
  const seen = new Map<string, number>();
  return sensors.map((s) => {
    const n = (seen.get(s.sensor) ?? 0) + 1;
    seen.set(s.sensor, n);
    return n === 1 ? s : { ...s, sensor: `${s.sensor}#${n}` };
  });
}

/**
 * Temperatures from hwmon, or thermal zones where no hwmon chip reports any (thermal zones mostly
 * mirror hwmon where both exist). Sensors are discovered once: chips do not come and go.
 */
export function createTemperatureProbe(opts: { sysRoot: string }) {
  let sensors: Sensor[] | null = null;
  return async function temperatures(): Promise<Temperature[] | null> {
    if (!sensors) {
      const hw = await hwmonSensors(opts.sysRoot);
      sensors = uniqueNames(hw.length > 0 ? hw : await thermalSensors(opts.sysRoot));
    }
    if (sensors.length === 0) return null;
    const values = await Promise.all(sensors.map((s) => readText(s.path)));
    const out: Temperature[] = [];
    for (const [i, s] of sensors.entries()) {
      const raw = values[i];
      // Millidegrees; a sensor that errors (EIO, ENODATA) returns null and is skipped this time.
      const celsius = raw === null || raw === undefined ? NaN : Number(raw.trim()) / 1000;
      if (Number.isFinite(celsius) && PLAUSIBLE(celsius)) out.push({ sensor: s.sensor, celsius });
    }
    return out.length > 0 ? out : null;
  };
}
