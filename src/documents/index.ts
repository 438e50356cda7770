export { documentsRouter } from './api/routes';
export { LocalFileStorage, type DocumentStorage } from './storage';
export { documentTypeSchema } from './domain/file-rules';
export { uploadDocument, listDocuments, findDocument, openDocument } from './domain/upload';
