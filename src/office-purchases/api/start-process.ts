/**
 * Starts an `office-purchase-filing` instance through the Camunda REST API (`POST
 * /v2/process-instances`), the API's only call into the engine for filings. The key is read from
 * the raw text: 8.6 answers it as a JSON number, which must not pass through a float.
 */
import { ProcessId } from '../../shared/bpmn';
import type { StartFilingProcess } from '../domain/filings';

const START_TIMEOUT_MS = 10_000;

export function restFilingStarter(camundaRestAddress: string): StartFilingProcess {
  return async (variables) => {
    const res = await fetch(`${camundaRestAddress}/v2/process-instances`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ processDefinitionId: ProcessId.OfficePurchaseFiling, variables }),
      signal: AbortSignal.timeout(START_TIMEOUT_MS),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`Camunda answered ${res.status}: ${text.slice(0, 300)}`);
    const key = /"processInstanceKey"\s*:\s*"?(\d+)"?/.exec(text)?.[1];
    if (!key) throw new Error(`Camunda answered no processInstanceKey: ${text.slice(0, 300)}`);
    return key;
  };
}
