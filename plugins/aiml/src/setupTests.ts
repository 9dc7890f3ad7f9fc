import '@testing-library/jest-dom';

// recharts' ResponsiveContainer needs ResizeObserver, which jsdom lacks.
class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
(globalThis as any).ResizeObserver ??= ResizeObserverStub;

// Full views with charts and tables take seconds to render on a busy 2-core machine.
jest.setTimeout(30_000);
