// Number, size and time formatting in a language's conventions (Intl), for messages and components.
import type { Formatters, Messages } from './messages.ts';

export function createFormatters(messages: Messages): Formatters {
  const tag = messages.languageTag;
  const integer = new Intl.NumberFormat(tag, { maximumFractionDigits: 0 });
  const decimals = new Map<number, Intl.NumberFormat>();
  const decimal = (value: number, fractionDigits: number): string => {
    let format = decimals.get(fractionDigits);
    if (!format) {
      format = new Intl.NumberFormat(tag, { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits });
      decimals.set(fractionDigits, format);
    }
    return format.format(value);
  };
  const pad = (value: number, width: number): string => String(value).padStart(width, '0');
  const separator = decimal(0.5, 1).charAt(1);
  const list = new Intl.ListFormat(tag, { style: 'long', type: 'conjunction' });
  const { units } = messages;

  return {
    integer: (value) => integer.format(value),
    decimal,
    bytes(value) {
      if (value < 1024) return `${integer.format(value)} ${units.bytes}`;
      if (value < 1024 ** 2) return `${decimal(value / 1024, 1)} ${units.kilobytes}`;
      if (value < 1024 ** 3) return `${decimal(value / 1024 ** 2, 1)} ${units.megabytes}`;
      return `${decimal(value / 1024 ** 3, 2)} ${units.gigabytes}`;
    },
    time(ms) {
      const whole = Math.max(0, Math.floor(ms));
      const hours = Math.floor(whole / 3_600_000);
      const minutes = Math.floor(whole / 60_000) % 60;
      const seconds = Math.floor(whole / 1000) % 60;
      const clock = `${pad(minutes, 2)}:${pad(seconds, 2)}${separator}${pad(whole % 1000, 3)}`;
      return hours > 0 ? `${hours}:${clock}` : clock;
    },
    durationMs: (ms) => `${decimal(ms, ms < 10 ? 1 : 0)} ${units.milliseconds}`,
    list: (items) => list.format(items),
  };
}
