import type {
  AcceleratorMetricsSource,
  RangeReader,
} from '@eks-aiml/plugin-aiml-node';
import {
  loadAcceleratorSeries,
  LoadAcceleratorSeriesOptions,
} from './loadAcceleratorSeries';

/**
 * The metrics source over a {@link @eks-aiml/plugin-aiml-node#RangeReader}: each load
 * reads the raw series of the cluster through `reader` and joins them
 * ({@link loadAcceleratorSeries}). The aiml backend runs a source a module adds as
 * `{ reader }` (`aimlMetricsSourceExtensionPoint`) this way; tests use it to read a
 * reader as the backend would.
 *
 * @public
 */
export function rangeReaderMetricsSource(
  reader: RangeReader,
  options: LoadAcceleratorSeriesOptions = {},
): AcceleratorMetricsSource {
  return {
    load: (cluster, window) =>
      loadAcceleratorSeries(reader, cluster, window, options),
  };
}
