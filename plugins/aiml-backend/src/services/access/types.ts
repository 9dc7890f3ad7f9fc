/*
 * The grant as the API describes it is the contract's (openapi.yaml, generated into
 * plugin-aiml-common): the broker stores and returns exactly that shape.
 */
import type { AimlGrant, AimlGrantLevel } from '@eks-aiml/plugin-aiml-common';

export type {
  AimlGrant as Grant,
  AimlGrantEndReason as GrantEndReason,
  AimlGrantLevel as GrantLevel,
  AimlGrantState as GrantState,
} from '@eks-aiml/plugin-aiml-common';

/** A validated request for access (the API's request, its ttl read as milliseconds). */
export interface GrantRequest {
  cluster: AimlGrant['cluster'];
  team: AimlGrant['team'];
  level: AimlGrantLevel;
  ttlMs: number;
  reason: AimlGrant['reason'];
  breakGlass: AimlGrant['breakGlass'];
  /** Ask the team's leads when self-service does not cover the request. */
  requestApproval?: boolean;
}
