// The metric functions live in the partnerImpactMetrics LWC module so the component and the CLI run
// the same code; Node 24 loads that ESM-syntax .js through require() (module syntax detection).
export {
  DEFAULT_MODEL,
  ImpactError,
  MODELS,
  POPULATIONS,
  attribute,
  computeImpact,
  isModel,
} from '../../force-app/main/default/lwc/partnerImpactMetrics/partnerImpactMetrics.js';
export type {
  AttributionModel,
  ImpactData,
  ImpactLead,
  ImpactOpportunity,
  ImpactOptions,
  ImpactOverlap,
  ImpactPartner,
  ImpactReport,
  ImpactTouch,
  PartnerImpact,
} from '../../force-app/main/default/lwc/partnerImpactMetrics/partnerImpactMetrics.js';
