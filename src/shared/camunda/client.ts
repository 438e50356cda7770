/**
 * The one place that builds the Camunda client. Everything (API, workers, scripts, tests) gets
 * its Zeebe client here, so the transport choice (gRPC, see README "Client choice") is made once.
 */
import { Camunda8, type Zeebe as ZeebeApi } from '@camunda8/sdk';
import { camundaAddresses, type Config } from '../config';

export type Zeebe = ZeebeApi.ZeebeGrpcClient;

export interface CamundaConnection {
  readonly zeebe: Zeebe;
  readonly addresses: ReturnType<typeof camundaAddresses>;
  close(): Promise<void>;
}

export function connectCamunda(config: Config): CamundaConnection {
  const addresses = camundaAddresses(config);
  const c8 = new Camunda8({
    ZEEBE_GRPC_ADDRESS: `grpc://${addresses.grpc}`,
    ZEEBE_REST_ADDRESS: addresses.rest,
    CAMUNDA_AUTH_STRATEGY: 'NONE',
    zeebeGrpcSettings: {
      ZEEBE_CLIENT_LOG_LEVEL: 'ERROR',
      // the SDK retries an unreachable gateway forever by default: a call would never return
      ZEEBE_GRPC_CLIENT_RETRY: true,
      ZEEBE_GRPC_CLIENT_MAX_RETRIES: config.CAMUNDA_GRPC_MAX_RETRIES,
    },
  });
  const zeebe = c8.getZeebeGrpcApiClient();
  return {
    zeebe,
    addresses,
    async close() {
      await zeebe.close(5_000);
    },
  };
}
