import { EntitySchema } from 'typeorm';

export interface DocumentRow {
  id: string;
  projectCode: string;
  type: string;
  version: number;
  fileName: string;
  contentType: string;
  size: string;
  sha256: string;
  uploadedBy: string;
  uploadedAt: Date;
}

export const DocumentEntity = new EntitySchema<DocumentRow>({
  name: 'Document',
  tableName: 'document',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    projectCode: { type: 'varchar', length: 32, name: 'project_code' },
    type: { type: 'varchar', length: 40 },
    version: { type: 'int' },
    fileName: { type: 'varchar', length: 200, name: 'file_name' },
    contentType: { type: 'varchar', length: 100, name: 'content_type' },
    size: { type: 'bigint' },
    sha256: { type: 'char', length: 64 },
    uploadedBy: { type: 'varchar', length: 64, name: 'uploaded_by' },
    uploadedAt: { type: 'datetime', precision: 3, name: 'uploaded_at' },
  },
});
