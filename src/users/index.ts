export {
  authenticate,
  ensureUser,
  ensureInitialAdmin,
  hashPassword,
  verifyPassword,
  refuseExposureWithKnownPasswords,
  type AuthUser,
  type NewUser,
  type SignInFailure,
} from './domain/users';
export { USERNAME_MAX_LENGTH, usernameProblem, usernameSkeleton } from './domain/usernames';
export { Role } from './domain/roles';
