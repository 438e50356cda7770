/** A DATE column read and written as `YYYY-MM-DD`: no time zone can shift a calendar day. */
export const localDateTransformer = {
  from: (v: string | Date | null) =>
    v === null ? null : (typeof v === 'string' ? v : v.toISOString()).slice(0, 10),
  to: (v: string | null) => v,
};
