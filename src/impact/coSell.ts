// The co-sell score lives in the coSellScore LWC module so the coSellNow component and the CLI rank deals with
// the same code (as src/impact/metrics.ts does for partnerImpactMetrics).
export {
  DEFAULT_MIN_SHARED_CLOSED,
  POPULATION_WEIGHTS,
  REASON_TEXT,
  SIGNAL_BOOST,
  SIGNAL_HALF_LIFE_DAYS,
  SPEED_BOUNDS,
  describeReason,
  describeReasons,
  liftBasis,
  rankCoSell,
} from '../../force-app/main/default/lwc/coSellScore/coSellScore.js';
export type {
  CoSellDeal,
  CoSellDealInput,
  CoSellInput,
  CoSellOptions,
  CoSellOverlapInput,
  CoSellPartner,
  CoSellReason,
  CoSellSignalInput,
  LiftBasisKind,
} from '../../force-app/main/default/lwc/coSellScore/coSellScore.js';
