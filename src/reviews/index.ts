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
export {
  DocumentPath,
  MIN_QUOTES,
  checkReviewMaterials,
  requiredDocuments,
  type MaterialsCheck,
  type MaterialsDeclaration,
} from './domain/materials';
export type { ReviewRoundRow, ReviewOpinionRow } from './data-access/review.entities';
