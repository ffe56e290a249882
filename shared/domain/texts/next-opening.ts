/** When a closed business next opens, for the texts to say in its language ("tomorrow at 08:00", "mañana a las 08:00"). */
export interface NextOpening {
  /** 0 today, 1 tomorrow, more: on `day`. */
  daysAhead: number;
  /** 0 = Sunday. */
  day: number;
  /** `08:00`, in the business's time zone. */
  time: string;
}
