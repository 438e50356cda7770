import { EntitySchema } from 'typeorm';
import { localDateTransformer } from '../../shared/db/columns';
import type { SpecialDayKind, YearStatus } from '../domain/types';

export interface CalendarYearRow {
  year: number;
  status: YearStatus;
  source: string;
  updatedBy: string;
  updatedAt: Date;
}

export interface CalendarDayRow {
  /** YYYY-MM-DD */
  day: string;
  year: number;
  kind: SpecialDayKind;
  name: string;
  source: string;
}

export const CalendarYearEntity = new EntitySchema<CalendarYearRow>({
  name: 'CalendarYear',
  tableName: 'calendar_year',
  columns: {
    year: { type: 'smallint', primary: true },
    status: { type: 'enum', enum: ['official', 'provisional'] },
    source: { type: 'varchar', length: 500 },
    updatedBy: { type: 'varchar', length: 64, name: 'updated_by' },
    updatedAt: { type: 'datetime', precision: 3, name: 'updated_at' },
  },
});

export const CalendarDayEntity = new EntitySchema<CalendarDayRow>({
  name: 'CalendarDay',
  tableName: 'calendar_day',
  columns: {
    // DATE stays a string: no time zone can shift a calendar day
    day: {
      type: 'date',
      primary: true,
      transformer: localDateTransformer,
    },
    year: { type: 'smallint' },
    kind: { type: 'enum', enum: ['holiday', 'adjusted-workday'] },
    name: { type: 'varchar', length: 100 },
    source: { type: 'varchar', length: 500 },
  },
});
