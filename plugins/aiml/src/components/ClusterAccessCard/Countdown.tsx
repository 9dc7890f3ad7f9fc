import { formatCountdown } from '../../lib/format';

/** The time left until `expiresAt`, as a timer for assistive technology. */
export const Countdown = ({
  expiresAt,
  now,
}: {
  expiresAt: string;
  now: number;
}) => {
  const left = Date.parse(expiresAt) - now;
  return (
    <span
      role="timer"
      title={`Ends ${new Date(expiresAt).toLocaleString()}`}
      aria-label={
        left > 0
          ? `${formatCountdown(left)} left`
          : `expired at ${new Date(expiresAt).toLocaleString()}`
      }
    >
      {left > 0 ? formatCountdown(left) : 'expired'}
    </span>
  );
};
