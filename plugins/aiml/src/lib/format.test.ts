import {
  formatChange,
  formatCountdown,
  formatHourly,
  formatHours,
  formatMoney,
  formatPercent,
  formatUnits,
  humanDuration,
  isoDuration,
} from './format';

describe('format', () => {
  it('formats money with its currency', () => {
    expect(formatMoney(1234.5, 'USD')).toBe('$1,234.50');
    expect(formatMoney(null, 'USD')).toBe('—');
    expect(formatMoney(3, 'EUR')).toBe('€3.00');
  });

  it('formats hourly prices', () => {
    expect(formatHourly(1.212, 'USD')).toBe('$1.212/h');
    expect(formatHourly(55.04, 'USD')).toBe('$55.04/h');
  });

  it('names units by resource', () => {
    expect(formatUnits(8, 'nvidia.com/gpu')).toBe('8 GPUs');
    expect(formatUnits(1, 'nvidia.com/gpu')).toBe('1 GPU');
    expect(formatUnits(32, 'aws.amazon.com/neuroncore')).toBe('32 NeuronCores');
    expect(formatHours(1234.56, 'nvidia.com/gpu')).toBe('1,234.6 GPU-h');
    expect(formatHours(2.5)).toBe('2.5 accelerator-h');
  });

  it('formats ratios and changes', () => {
    expect(formatPercent(0.35)).toBe('35.0%');
    expect(formatPercent(null)).toBe('—');
    expect(formatChange(0.125)).toBe('+12.5%');
    expect(formatChange(-0.03)).toBe('−3.0%');
    expect(formatChange(null)).toBe('—');
  });

  it('formats countdowns and durations', () => {
    expect(formatCountdown(3_909_000)).toBe('1h 05m 09s');
    expect(formatCountdown(242_000)).toBe('4m 02s');
    expect(formatCountdown(0)).toBe('expired');
    expect(isoDuration(90)).toBe('PT1H30M');
    expect(isoDuration(120)).toBe('PT2H');
    expect(isoDuration(30)).toBe('PT30M');
    expect(humanDuration(90)).toBe('1 h 30 min');
    expect(humanDuration(480)).toBe('8 h');
  });
});
