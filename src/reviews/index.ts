export { reviewsRouter } from './api/routes';
export {
  ReviewKind,
  decideReviewRound,
  evaluateReviewDecision,
  openReviewRound,
  reviewRule,
  reviewsOfProject,
  type ReviewDecision,
  type ReviewRoundView,
} from './domain/reviews';
export type { ReviewRoundRow, ReviewOpinionRow } from './data-access/review.entities';
