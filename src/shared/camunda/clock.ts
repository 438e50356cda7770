/**
 * The broker's controlled clock (actuator on the management port). Only a broker started with
 * `zeebe.clock.controlled=true` accepts these calls; the test command starts it that way.
 */
async function call(managementAddress: string, path: string, init: RequestInit): Promise<number> {
  const res = await fetch(`${managementAddress}/actuator/clock${path}`, {
    ...init,
    headers: { 'content-type': 'application/json' },
  });
  if (!res.ok) {
    throw new Error(
      `controlled clock ${init.method} ${path || '/'} answered HTTP ${res.status}; ` +
        'is the broker started with CAMUNDA_CLOCK_CONTROLLED=true?',
    );
  }
  const body = (await res.json()) as { epochMilli: number };
  return body.epochMilli;
}

export function brokerClock(managementAddress: string) {
  return {
    /** The broker's current time, epoch milliseconds. */
    now: () => call(managementAddress, '', { method: 'GET' }),
    /** Moves the broker's clock forward; due timers fire. */
    add: (offsetMilli: number) =>
      call(managementAddress, '/add', { method: 'POST', body: JSON.stringify({ offsetMilli }) }),
    /** Sets and freezes the broker's clock at an instant; `add` then moves it from there. */
    pin: (epochMilli: number) =>
      call(managementAddress, '/pin', { method: 'POST', body: JSON.stringify({ epochMilli }) }),
    /** Back to the system clock. */
    reset: () => call(managementAddress, '', { method: 'DELETE' }),
  };
}

export type BrokerClock = ReturnType<typeof brokerClock>;
