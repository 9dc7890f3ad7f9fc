import { useApi } from '@backstage/core-plugin-api';
import { aimlApiRef, AimlUsagePeriod, AimlUsageTarget } from '../../api';
import { DownloadButton } from './DownloadButton';

function targetName(t: AimlUsageTarget): string {
  switch (t.kind) {
    case 'teams':
      return 'teams';
    case 'team':
      return t.team;
    case 'project':
      return t.name;
    default:
      return t.cluster;
  }
}

/** Downloads the report of the period as CSV (fetched with the user's token). */
export const CsvDownloadButton = (props: {
  target: AimlUsageTarget;
  period: AimlUsagePeriod;
}) => {
  const api = useApi(aimlApiRef);
  const { target, period } = props;
  const range =
    period.from || period.to ? `-${period.from ?? ''}_${period.to ?? ''}` : '';
  return (
    <DownloadButton
      label="Download CSV"
      filename={`aiml-usage-${targetName(target)}${range}.csv`}
      fetchText={() => api.getUsageCsv(target, period)}
    />
  );
};
