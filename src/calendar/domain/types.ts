import type { LocalDate } from './local-date';

export type SpecialDayKind = 'holiday' | 'adjusted-workday';
export type DayKind = 'workday' | 'weekend' | SpecialDayKind;
export type YearStatus = 'official' | 'provisional';

/** A day that differs from the Monday–Friday rule, and where that is written. */
export interface DayOverride {
  kind: SpecialDayKind;
  name: string;
  source: string;
}

export type DaySource = 'database' | 'package' | 'weekday-rule';

export interface DayInfo {
  date: LocalDate;
  weekday: number;
  kind: DayKind;
  working: boolean;
  name: string | null;
  source: DaySource;
  /** detail of the source: the notice or package the entry comes from */
  sourceDetail: string | null;
  /** true when the year has no official schedule: the answer may change when it is published */
  provisional: boolean;
}
