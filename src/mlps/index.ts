export {
  mlpsRecordsOf,
  recordCheck,
  recordCheckMissing,
  recordRectification,
  recordTestResult,
  ruleOfTest,
  unifiedTestingAdmission,
  type Admission,
  type TestResult,
} from './domain/records';
export {
  departmentMlpsStanding,
  departmentStandingOf,
  mlpsRecordState,
  type DepartmentMlpsStanding,
  type MlpsRecordState,
} from './domain/standing';
export { UNIFIED_TESTING_HOUR, unifiedTestingOf, type UnifiedTesting } from './domain/schedule';
export { MLPS_START_TTL_MS, mlpsStartMessageId, startMlpsTesting, type MlpsSystem } from './domain/start';
export { MlpsRecordEntity, type MlpsRecordRow, type MlpsTestKind } from './data-access/mlps-record.entity';
