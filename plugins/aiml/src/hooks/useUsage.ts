import { useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import type { AimlUsage, AimlUsagePeriod } from '../api';
import { periodQuery, PeriodChoice, previousQuery } from '../lib/period';

/** A usage view's state: the period, the report of the period and of the one before. */
export interface UsageState {
  choice: PeriodChoice;
  setChoice(choice: PeriodChoice): void;
  query: AimlUsagePeriod;
  loading: boolean;
  error?: Error;
  usage?: AimlUsage;
  /** The report of the previous period of equal length (when the backend gave no comparison). */
  previous?: AimlUsage;
  retry(): void;
}

/**
 * Loads a usage report for the chosen period, and the previous period's for the change.
 * `key` identifies what is loaded (team, project, …); `load` is called with the query.
 */
export function useUsage(
  key: string,
  load: (period: AimlUsagePeriod) => Promise<AimlUsage>,
): UsageState {
  const [choice, setChoice] = useState<PeriodChoice>({ preset: 30 });
  const [anchor, setAnchor] = useState<number>();
  const query = periodQuery(choice, anchor);
  const current = useAsyncRetry(
    () => load(query),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key, query.from, query.to],
  );
  const window = current.value?.report.window;
  useEffect(() => {
    if (window && choice.preset === 30 && anchor === undefined) {
      setAnchor(window.endMs);
    }
  }, [window, choice, anchor]);
  const needPrevious = !!window && !current.value?.comparison;
  const previous = useAsync(
    async () =>
      needPrevious && window ? load(previousQuery(window)) : undefined,
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key, needPrevious, window?.startMs, window?.endMs],
  );
  return {
    choice,
    setChoice,
    query,
    loading: current.loading,
    error: current.error,
    usage: current.value,
    previous: previous.error ? undefined : previous.value,
    retry: current.retry,
  };
}
