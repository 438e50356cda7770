import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The web modeler's drafts and deployments. A version is immutable: content, author, time and
 * comment. A deployment records which version went to the cluster and what the engine numbered it.
 */
export class ModelVersions1763800700000 implements MigrationInterface {
  name = 'ModelVersions1763800700000';

  async up(q: QueryRunner): Promise<void> {
    // the next version number of a resource; its row lock serialises parallel saves
    await q.query(`
      CREATE TABLE model_version_counter (
        kind VARCHAR(8) NOT NULL,
        resource_id VARCHAR(100) NOT NULL,
        last_version INT NOT NULL,
        PRIMARY KEY (kind, resource_id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE model_version (
        id BIGINT NOT NULL AUTO_INCREMENT,
        resource_id VARCHAR(100) NOT NULL,
        kind VARCHAR(8) NOT NULL,
        version INT NOT NULL,
        file_name VARCHAR(200) NOT NULL,
        name VARCHAR(200) NULL,
        content MEDIUMTEXT NOT NULL,
        sha256 CHAR(64) NOT NULL,
        author VARCHAR(64) NOT NULL,
        comment VARCHAR(500) NOT NULL,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        UNIQUE KEY ux_model_version (resource_id, kind, version),
        KEY ix_model_version_sha (resource_id, kind, sha256)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE model_deployment (
        id BIGINT NOT NULL AUTO_INCREMENT,
        model_version_id BIGINT NOT NULL,
        resource_id VARCHAR(100) NOT NULL,
        kind VARCHAR(8) NOT NULL,
        engine_version INT NOT NULL,
        engine_key VARCHAR(32) NOT NULL,
        deployed_by VARCHAR(64) NOT NULL,
        deployed_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        UNIQUE KEY ux_model_deployment_key (engine_key),
        KEY ix_model_deployment_resource (resource_id, kind, engine_version),
        CONSTRAINT fk_model_deployment_version FOREIGN KEY (model_version_id) REFERENCES model_version (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE model_deployment');
    await q.query('DROP TABLE model_version');
    await q.query('DROP TABLE model_version_counter');
  }
}
