/** Formatting of the figures the views show: every figure carries its unit or currency. */

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** A money amount with its currency, e.g. `$1,234.56` (USD) or `€12.00`. */
export function formatMoney(
  value: number | null | undefined,
  currency: string,
): string {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return '—';
  }
  let format = moneyFormats.get(currency);
  if (!format) {
    try {
      format = new Intl.NumberFormat('en-US', {
        style: 'currency',
        currency,
        minimumFractionDigits: 2,
        maximumFractionDigits: 2,
      });
    } catch {
      format = new Intl.NumberFormat('en-US', {
        minimumFractionDigits: 2,
        maximumFractionDigits: 2,
      });
    }
    moneyFormats.set(currency, format);
  }
  const text = format.format(value);
  return format.resolvedOptions().style === 'currency'
    ? text
    : `${text} ${currency}`;
}

/** An hourly price, e.g. `$1.21/h`. */
export function formatHourly(
  value: number | null | undefined,
  currency: string,
): string {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return '—';
  }
  const digits = value < 10 ? 4 : 2;
  try {
    return `${new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      minimumFractionDigits: 2,
      maximumFractionDigits: digits,
    }).format(value)}/h`;
  } catch {
    return `${value.toFixed(digits)} ${currency}/h`;
  }
}

/** The unit an accelerator resource is counted in. */
export function unitOf(resource: string | null | undefined): string {
  if (resource === 'aws.amazon.com/neuroncore') return 'NeuronCore';
  if (resource === 'nvidia.com/gpu') return 'GPU';
  return 'accelerator';
}

const plural = (unit: string, n: number) => (n === 1 ? unit : `${unit}s`);

/** A count of accelerator units, e.g. `8 GPUs`, `32 NeuronCores`. */
export function formatUnits(n: number, resource?: string | null): string {
  return `${n.toLocaleString('en-US')} ${plural(unitOf(resource), n)}`;
}

/** Accelerator-hours, e.g. `1,234.5 GPU-h`; `accelerator-h` when GPUs and NeuronCores are mixed. */
export function formatHours(
  hours: number | null | undefined,
  resource?: string | null,
): string {
  if (hours === null || hours === undefined || !Number.isFinite(hours)) {
    return '—';
  }
  return `${hours.toLocaleString('en-US', {
    maximumFractionDigits: hours < 10 ? 2 : 1,
  })} ${unitOf(resource)}-h`;
}

/** A 0–1 ratio as a percentage, e.g. `42.0%`; `—` when undefined. */
export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) {
    return '—';
  }
  return `${(ratio * 100).toFixed(1)}%`;
}

/** A signed relative change, e.g. `+12.5%`, `−3.0%`; `—` when undefined. */
export function formatChange(relative: number | null | undefined): string {
  if (
    relative === null ||
    relative === undefined ||
    !Number.isFinite(relative)
  ) {
    return '—';
  }
  const pct = (relative * 100).toFixed(1);
  if (relative > 0) return `+${pct}%`;
  if (relative < 0) return `−${pct.slice(1)}%`;
  return '0.0%';
}

/** A remaining time, e.g. `1h 05m 09s`, `4m 02s`; `expired` at or below zero. */
export function formatCountdown(ms: number): string {
  if (ms <= 0) return 'expired';
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (h > 0) return `${h}h ${pad(m)}m ${pad(s)}s`;
  return `${m}m ${pad(s)}s`;
}

/** A duration in minutes as an ISO-8601 duration, e.g. 90 → `PT1H30M`. */
export function isoDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `PT${h ? `${h}H` : ''}${m || !h ? `${m}M` : ''}`;
}

/** A duration in minutes for people, e.g. 90 → `1 h 30 min`. */
export function humanDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (!h) return `${m} min`;
  return m ? `${h} h ${m} min` : `${h} h`;
}
