export {
  authenticate,
  ensureUser,
  ensureInitialAdmin,
  hashPassword,
  verifyPassword,
  type AuthUser,
  type NewUser,
} from './domain/users';
export { Role } from './domain/roles';
