export { documentsRouter } from './api/routes';
export { LocalFileStorage, type DocumentStorage } from './storage';
export { uploadDocument, listDocuments, findDocument, openDocument } from './domain/upload';
