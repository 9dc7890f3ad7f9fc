export { createAwsRequestHandler, MAX_REQUEST_BODY_BYTES } from './awsHandler';
export type {
  AwsFault,
  AwsRequestHandler,
  AwsRequestHandlerOptions,
  AwsRequestInfo,
  AwsRequestRecord,
} from './awsHandler';
export { EksState } from './eksState';
export type { EksStateDeps, EksStateJSON } from './eksState';
export type {
  ClusterRecord,
  EksClusterSpec,
  EksNodegroupSpec,
  NodegroupRecord,
} from './eksClusters';
export {
  ACCESS_POLICY_ARN_PREFIX,
  ACCESS_POLICY_NAMES,
  AccessEntryStore,
} from './eksAccessEntries';
export type {
  CreateAccessEntryInput,
  StoredAccessEntry,
} from './eksAccessEntries';
export { EksApiError } from './eksErrors';
export {
  EKS_TOKEN_MAX_SECONDS,
  EKS_TOKEN_PREFIX,
  signEksToken,
  verifyEksToken,
} from './eksToken';
export type { EksTokenContext, EksTokenVerification } from './eksToken';
export { assumedRoleArn, IdentityStore, SANDBOX_ADMIN_ARN } from './identities';
export type { IdentityStoreJSON } from './identities';
export {
  ACK_BUCKET_API_VERSION,
  ACK_BUCKET_KIND,
  ackBucketClaims,
} from './s3AckBuckets';
export type { AckBucketClaim, AckBucketObject } from './s3AckBuckets';
export { S3Error } from './s3Errors';
export {
  MAX_S3_REQUEST_BYTES,
  MAX_S3_STORED_BYTES,
  MIN_PART_BYTES,
  S3State,
} from './s3State';
export type { BucketOrigin, S3BucketSummary, S3StateOptions } from './s3State';
export { verifySigV4 } from './sigv4';
export type {
  SigV4Failure,
  SigV4Result,
  SignedRequest,
  SigV4VerifyOptions,
} from './sigv4';
export {
  ACK_POD_IDENTITY_API_VERSION,
  ACK_REPOSITORY_API_VERSION,
  ACK_RESOURCE_SYNCED,
  ackRepositoryClaims,
  ackSyncedStatus,
} from './ackStatus';
export type { AckObject } from './ackStatus';
export { ECR_OPERATIONS, handleEcrRequest } from './ecr';
export { EcrError, EcrState } from './ecrState';
export type { AckRepositoryClaim, EcrImage } from './ecrState';
export { EC2_OPERATIONS, SPOT_HISTORY_DAYS } from './ec2SpotApi';
export { PRICE_LIST_OPERATIONS } from './priceListApi';
export { onDemandPrice, PRICED_REGIONS } from './priceCatalog';
export type { PricedRegion } from './priceCatalog';
export {
  PLANTED_SPOT_CHANGE,
  spotPriceAt,
  spotPriceRecords,
} from './spotPriceHistory';
export type { SpotPriceRecord } from './spotPriceHistory';
