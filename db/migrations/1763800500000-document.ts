import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Project documents: metadata here, content in the document storage (content-addressed by SHA-256). */
export class Document1763800500000 implements MigrationInterface {
  name = 'Document1763800500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE document (
        id BIGINT NOT NULL AUTO_INCREMENT,
        project_code VARCHAR(32) NOT NULL,
        type VARCHAR(40) NOT NULL,
        version INT NOT NULL,
        file_name VARCHAR(200) NOT NULL,
        content_type VARCHAR(100) NOT NULL,
        size BIGINT NOT NULL,
        sha256 CHAR(64) NOT NULL,
        uploaded_by VARCHAR(64) NOT NULL,
        uploaded_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        UNIQUE KEY ux_document_version (project_code, type, version),
        CONSTRAINT fk_document_project FOREIGN KEY (project_code) REFERENCES project (code)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE document');
  }
}
